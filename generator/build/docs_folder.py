"""The docs folder MkDocs reads: the generated pages written only when changed, stale ones removed,
the hand-written pages' navigation, and the redirect pages of moved addresses."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.core.files import write_if_changed
from generator.site import urls
from generator.site.render import SiteContent

if TYPE_CHECKING:
    from generator.build.site_pages import SiteParts
    from generator.site.charts import StaticSource


def sync_docs(content: SiteContent, docs: Path, hand_written: Path | None) -> tuple[int, int, int, set[Path]]:
    """Write the generated tree; return (written, unchanged, removed, kept paths)."""
    wanted: dict[Path, bytes] = {}
    if hand_written is not None and hand_written.is_dir():
        for path in sorted(hand_written.rglob("*")):
            if path.is_file():
                wanted[docs / path.relative_to(hand_written)] = path.read_bytes()
    for rel, text in content.pages.items():
        wanted[docs / rel] = text.encode("utf-8")
    for rel, data in content.files.items():
        wanted[docs / rel] = data
    written = unchanged = 0
    for path, data in wanted.items():
        if write_if_changed(path, data):
            written += 1
        else:
            unchanged += 1
    return written, unchanged, 0, set(wanted)


def prune(docs: Path, keep: set[Path]) -> int:
    """Remove files a previous build wrote that this build no longer produces (and emptied folders)."""
    if not docs.is_dir():
        return 0
    wanted = {os.fspath(p) for p in keep}
    removed = 0
    for folder, _subfolders, names in os.walk(docs, topdown=False):
        for name in names:
            path = os.path.join(folder, name)
            if path not in wanted:
                os.unlink(path)
                removed += 1
        if folder != os.fspath(docs) and not os.listdir(folder):
            os.rmdir(folder)
    return removed


def content_nav(content_dir: Path) -> list[dict[str, str]]:
    """Hand-written top-level pages of ``content/`` in the navigation, by their front-matter title."""
    entries = []
    for path in sorted(content_dir.glob("*.md")) if content_dir.is_dir() else []:
        title = path.stem
        for line in path.read_text(encoding="utf-8").splitlines()[1:20]:
            if line.startswith("title:"):
                title = line.split(":", 1)[1].strip().strip('"')
                break
            if line.strip() == "---":
                break
        entries.append({title: path.name})
    return entries


def redirect_pages(redirects: dict[str, str]) -> dict[str, str]:
    pages = {}
    for old, new in redirects.items():
        rel = old.strip("/") + "/index.md" if old.endswith("/") else None
        if rel is None:
            continue
        target = os.path.relpath(new.strip("/") or ".", old.strip("/")) + "/"
        md_target = os.path.relpath(urls.docs_path(new), os.path.dirname(rel))
        pages[rel] = (
            "---\n"
            f"title: {json.dumps('Страница перенесена', ensure_ascii=False)}\n"
            "template: redirect.html\n"
            f"redirect_to: {json.dumps(target)}\n"
            f"redirect_url: {json.dumps(new)}\n"
            "search:\n  exclude: true\n"
            "---\n\n"
            f"Страница перенесена: [{new}]({md_target}).\n"
        )
    return pages


@dataclass
class DocsFolders:
    """Where each MkDocs build of the site reads its Markdown, and what the docs say of each build."""

    shell: Path
    shell_nav: list[Any]
    shell_pages: list[str]  # docs paths of the pages and files outside editions (links into them resolve)
    editions: dict[int, Path] = field(default_factory=dict)
    edition_navs: dict[int, list[Any]] = field(default_factory=dict)
    edition_pages: dict[int, list[str]] = field(default_factory=dict)  # docs paths of each edition's pages
    edition_charts: dict[int, list[str]] = field(default_factory=dict)  # each edition's SVGs in the store
    chart_counts: dict[int, int] = field(default_factory=dict)  # each edition's charts (some share an SVG)
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    svg_rendered: int = 0
    svg: str = ""

    def __str__(self) -> str:
        return f"записано {self.written}, без изменений {self.unchanged}, удалено {self.removed}; SVG: {self.svg}"


def _vendor_folders(work: Path, svg_cache: Path) -> tuple[Path, Path]:
    """Where the browser's Vega bundle goes in the docs, and where it is kept between builds."""
    return work / "docs" / "assets" / "vendor", svg_cache.parent / "vendor"


def start_vendor_bundle(work: Path, svg_cache: Path) -> None:
    """Begin now, in a process of its own, the Vega bundle :func:`write_docs` with these folders will need (a cold
    build's few seconds of vl-convert, done while the build's first steps keep one core only busy)."""
    from generator.site import chart_render

    chart_render.start_vendor_bundle(*_vendor_folders(work, svg_cache))


def write_docs(
    content: SiteParts, work: Path, hand_written: Path, svg_cache: Path, workers: int | None, downloads: list[Path]
) -> DocsFolders:
    """Write each build's docs folder — the rest of the site into ``<work>/docs``, each edition made this
    time into ``<work>/editions/<year>`` — with its charts' files; remove what a previous build left."""
    from generator.site.chart_render import render_svgs, write_vendor_bundle
    from generator.site.chartfile import write_templates

    shell_docs = work / "docs"
    written, unchanged, _, keep = sync_docs(content.shell, shell_docs, hand_written)
    keep |= set(downloads)
    keep.add(write_vendor_bundle(*_vendor_folders(work, svg_cache)))
    keep |= write_templates(shell_docs)
    charts: dict[str, StaticSource] = dict(content.shell.charts)  # drawn in one call below: one pool of processes
    where: dict[str, Path] = {}
    keep |= {shell_docs / f"{name}.svg" for name in content.shell.charts}
    removed = prune(shell_docs, keep)
    out = DocsFolders(
        shell_docs, content.shell.nav, sorted(p.relative_to(shell_docs).as_posix() for p in keep if p.suffix == ".md")
    )
    out.shell_pages += sorted(p.relative_to(shell_docs).as_posix() for p in keep if p.suffix != ".md")
    for year, part in sorted(content.editions.items()):
        docs = work / "editions" / str(year)
        w, u, _, kept = sync_docs(part, docs, None)
        charts.update(part.charts)
        where.update({name: docs for name in part.charts})
        kept |= {docs / f"{name}.svg" for name in part.charts}
        removed += prune(docs, kept)
        written, unchanged = written + w, unchanged + u
        out.editions[year] = docs
        out.edition_navs[year] = part.nav
        out.edition_pages[year] = sorted(part.pages)
    editions_root = work / "editions"
    if editions_root.is_dir():  # an edition no longer in the data leaves no folder behind
        years = {str(y) for y in content.editions} | {str(y) for y in content.frozen}
        for folder in editions_root.iterdir():
            if folder.is_dir() and folder.name not in years:
                shutil.rmtree(folder, ignore_errors=True)
    out.written, out.unchanged, out.removed = written, unchanged, removed
    total = render_svgs(charts, shell_docs, svg_cache, workers=workers, folders=where)
    out.svg_rendered, out.svg = total.rendered, str(total)
    out.edition_charts = {y: sorted({total.keys[name] for name in part.charts}) for y, part in content.editions.items()}
    out.chart_counts = {y: len(part.charts) for y, part in content.editions.items()}
    return out
