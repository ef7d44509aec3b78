"""The docs folder MkDocs reads: the generated pages written only when changed, stale ones removed,
the hand-written pages' navigation, and the redirect pages of moved addresses."""

from __future__ import annotations

import json
import os
from pathlib import Path

from generator.core.files import write_if_changed
from generator.site import urls
from generator.site.render import SiteContent


def sync_docs(content: SiteContent, docs: Path, hand_written: Path) -> tuple[int, int, int, set[Path]]:
    """Write the generated tree; return (written, unchanged, removed, kept paths)."""
    wanted: dict[Path, bytes] = {}
    if hand_written.is_dir():
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
