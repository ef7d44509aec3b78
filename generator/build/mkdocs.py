"""MkDocs' build, with the pages rendered in parallel processes and kept in a cache of rendered pages.

Why: MkDocs renders one page after another on one core, ~16 ms a page, and a region has thousands of
pages (issue 6); a data commit that touches one municipality changes a few hundred of them, yet MkDocs
renders all of them again. This module runs the very steps of ``mkdocs.commands.build.build`` — the same
configuration, files, navigation, plugins' events and theme — with two differences:

* the Markdown → HTML → theme template work of each page is shared out to forked worker processes
  (the configuration and navigation are built once, in this process, and inherited by the fork);
* a page whose inputs did not change is not rendered again: its HTML comes from a cache keyed by a hash
  of everything that decides it (its Markdown and front matter, the extra values of the page, the whole
  navigation with every title and address, the list of files it may link to, the configuration file, the
  theme overrides and the versions of MkDocs and Material).

What a page's rendering leaves behind for the rest of the build is carried back from the workers (or
kept in the cache next to the HTML): its search index entries, its anchors and its links to anchors, so
the search index and MkDocs' anchor validation are the same as in a serial build, and warnings of the
workers reach the log of this process, so that strict mode still fails the build. The output is the same
bytes as MkDocs' own build (a test compares them). Only the search plugin keeps state across pages, and
its index is collected; a plugin with other per-page state would need the same care.

Fork, not spawn: a spawned worker would load the configuration and build the navigation again (seconds
on a large site); MkDocs and Markdown hold no threads, and the workers never call vl-convert (whose
runtime threads a fork does not carry, see :func:`generator.site.chart_render.render_svgs`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.build import quickmd, rawhtml
from generator.build.compact import compact_html, compact_search_index
from generator.build.page_output import kept_output
from generator.build.scope import Scope, listed, navigation_files, relocate_search_index, write_sitemap
from generator.build.search_quick import quicken
from generator.core import parallel
from generator.core.files import copy_file, link_or_copy, write_new
from generator.core.store import ContentStore

log = logging.getLogger("mkdocs.proforientir")

CACHE_VERSION = 2
CHUNK = 24
"""Pages per task handed to a worker: few enough to balance the workers, enough to make hand-over cheap."""


@dataclass
class PageStats:
    pages: int = 0
    rendered: int = 0
    cached: int = 0
    workers: int = 1
    rendered_pages: list[str] = field(default_factory=list)  # src paths of the pages rendered this time
    anchors: dict[str, list[str]] = field(default_factory=dict)  # src path → the anchors of its page
    search: list[dict[str, Any]] = field(default_factory=list)  # the search entries of this build's pages
    keys: list[str] = field(default_factory=list)  # the page cache's keys of this build's pages
    direct: int = 0  # of the rendered pages, those written by generator.build.quickmd, without Python-Markdown

    def __str__(self) -> str:
        return (
            f"страниц {self.pages}: отрисовано {self.rendered} (без Python-Markdown — {self.direct}), "
            f"из кэша {self.cached}, процессов {self.workers}"
        )

    def __add__(self, other: PageStats) -> PageStats:
        """Two builds' figures together (the pages of one site made by several builds)."""
        return PageStats(
            self.pages + other.pages,
            self.rendered + other.rendered,
            self.cached + other.cached,
            max(self.workers, other.workers),
            self.rendered_pages + other.rendered_pages,
            {**self.anchors, **other.anchors},
            self.search + other.search,
            self.keys + other.keys,
            self.direct + other.direct,
        )


class WarningLog(logging.Handler):
    """Keeps MkDocs' warnings (of this process or a worker), so a failed strict build says what failed."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _nav_fingerprint(items: Iterable[Any], out: list[Any]) -> list[Any]:
    for item in items:
        url = getattr(item, "url", None)
        out.append((type(item).__name__, item.title, url))
        children = getattr(item, "children", None)
        if children:
            out.append("[")
            _nav_fingerprint(children, out)
            out.append("]")
    return out


def _tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _global_fingerprint(config: Any, nav: Any, files: Any) -> str:
    """Everything besides a page's own source and extra values that its HTML depends on."""
    from importlib.metadata import version

    digest = hashlib.sha256()
    parts: list[Any] = [CACHE_VERSION, version("mkdocs"), version("mkdocs-material")]
    config_file = config.config_file_path
    if config_file and os.path.isfile(config_file):
        parts.append(hashlib.sha256(Path(config_file).read_bytes()).hexdigest())
    custom_dir = config.theme.custom_dir
    if custom_dir:
        parts.append(_tree_digest(Path(custom_dir)))
    parts.append([str(config.get(key)) for key in ("site_name", "site_url", "nav", "extra_css", "extra_javascript")])
    parts.append(_nav_fingerprint(nav.items, []))
    digest.update(json.dumps(parts, default=str, ensure_ascii=False).encode())
    for file in sorted(files, key=lambda f: f.src_uri):  # a link checks against (and points into) this list
        digest.update(file.src_uri.encode() + b"\0")
    return digest.hexdigest()


def _page_key(fingerprint: str, page: Any, extra: Mapping[str, Any]) -> str:
    return ContentStore.key(fingerprint, page.file.src_uri, page.markdown or "", page.meta, extra)


def _search_plugin(config: Any) -> Any:
    for plugin in config.plugins.values():
        if hasattr(plugin, "search_index") and hasattr(plugin.search_index, "entries"):
            return plugin
    return None


def _with_extra(config: Any, extra: Mapping[str, Any]) -> dict[str, Any]:
    """Merge the page's extra values into ``config.extra`` (one level deep); return what to restore."""
    saved = {key: config["extra"].get(key) for key in extra}
    for key, value in extra.items():
        base = config["extra"].get(key)
        config["extra"][key] = {**base, **value} if isinstance(base, dict) and isinstance(value, dict) else value
    return saved


def late_slot(name: str) -> str:
    """What a page is rendered with in place of a late value (see ``page_fill`` of :func:`build`).

    An HTML comment: no string from data can make one (data reach pages escaped), so only the templates
    that print the value hold it, and a slot never filled would show nothing.
    """
    return f"<!--pf-late:{name}-->"


def _filled(text: str, fill: Mapping[str, str]) -> str:
    for slot, value in fill.items():
        text = text.replace(slot, value)
    return text


def _merged(base: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        out[key] = {**out[key], **value} if isinstance(out.get(key), dict) and isinstance(value, dict) else value
    return out


def _render_pages(indices: list[int]) -> list[dict[str, Any]]:
    """Render the pages with these indices and write their HTML; runs in a worker (or in this process)."""
    from mkdocs.commands.build import _build_page
    from mkdocs.structure.pages import _RelativePathTreeprocessor
    from mkdocs.structure.toc import get_toc

    shared = parallel.state()  # inherited by the fork (generator.core.parallel)
    config, files, nav, env = shared["config"], shared["files"], shared["nav"], shared["env"]
    pages, keys, extras, fills = shared["pages"], shared["keys"], shared["extras"], shared["fills"]
    doc_files, cache, raw, quick = shared["doc_files"], shared["cache"], shared["raw_html"], shared["quick"]
    search = _search_plugin(config)
    if search is not None and raw is not None:
        quicken(search, config.plugins)
    handler = WarningLog()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    results = []
    try:
        for index in indices:
            page = pages[index]
            before = len(handler.messages)
            saved = _with_extra(config, extras[index])
            entries_before = len(search.search_index.entries) if search else 0
            try:
                config._current_page = page
                page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
                quickly = links = None
                if quick is not None and "title" in page.meta:
                    links = _RelativePathTreeprocessor(page.file, files, config)  # MkDocs' own link handling
                    quickly = quick.render(page.markdown, link=links.path_to_url)
                if quickly is not None and links is not None:  # Python-Markdown's HTML, written here
                    page.content, page.toc = quickly.html, get_toc(quickly.toc_tokens)
                    page.present_anchor_ids = quickly.anchor_ids
                    if logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG:
                        page.links_to_anchors = links.links_to_anchors  # as Page.render keeps them
                else:
                    page.render(config, files)
                    if raw is not None:  # the ids inside the HTML blocks the quick path stashed
                        page.present_anchor_ids = (page.present_anchor_ids or set()) | raw.anchor_ids
                page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
                config._current_page = None
                with kept_output(page.file.abs_dest_path) as kept:
                    _build_page(page, config, doc_files, nav, env)
                dest = Path(page.file.abs_dest_path)
                text = kept[0].decode("utf-8") if kept else None  # None: MkDocs skips an empty page
                if text is not None and shared["compact"]:
                    text = compact_html(text, shared["scope"].base(page.url))
            finally:
                config._current_page = None
                for key, value in saved.items():
                    config["extra"][key] = value
            entries = search.search_index.entries[entries_before:] if search else []
            if search:  # handed over in the record: a worker's memory stays flat over thousands of pages
                del search.search_index.entries[entries_before:]
            record = {
                "index": index,
                "anchors": sorted(page.present_anchor_ids or ()),
                "links": {f.src_uri: dict(v) for f, v in (page.links_to_anchors or {}).items()},
                "search": entries,
                "warnings": handler.messages[before:],
                "direct": quickly is not None,
            }
            if cache is not None and not record["warnings"] and text is not None:
                _store(cache, keys[index], text, record)  # with its slots: any late values can fill it
            if text is not None:
                write_new(dest, _filled(text, fills[index]).encode("utf-8"))
            results.append(record)
            page.content = None  # written out; only the record is needed from here on (its title stays)
    finally:
        logger.removeHandler(handler)
    return results


def _store(cache: ContentStore, key: str, html: str, record: Mapping[str, Any]) -> None:
    """A page's HTML, then what its rendering left (written last: a page is in the cache when it is there)."""
    cache.put_text(key, ".html", html)
    cache.put_text(key, ".json", json.dumps({k: record[k] for k in ("anchors", "links", "search")}, ensure_ascii=False))


def _load(cache: ContentStore, key: str) -> tuple[Path, dict[str, Any]] | None:
    try:
        meta = json.loads(cache.read_bytes(key, ".json") or b"null")
    except json.JSONDecodeError:
        return None
    html = cache.get(key, ".html") if meta is not None else None
    return (html, meta) if html is not None else None


def build(
    config: Any,
    *,
    workers: int | None = None,
    cache_dir: Path | None = None,
    page_extra: Callable[[str], Mapping[str, Any]] | None = None,
    page_fill: Callable[[str], Mapping[str, str]] | None = None,
    on_stage: Callable[[str, str], None] | None = None,
    on_pages: Callable[[int, int], None] | None = None,
    compact: bool = False,
    quick_html: bool = True,
    scope: Scope | None = None,
) -> PageStats:
    """Build the site of ``config`` (a loaded MkDocs configuration) as ``mkdocs build`` does.

    ``page_extra(src_uri)`` gives values merged into ``config.extra`` while that page is rendered (the
    footer of an edition names the edition's own data version); ``page_fill(src_uri)`` maps slots
    (:func:`late_slot`) that the page's extra values hold to what they stand for: the page is rendered and
    cached with the slots, which are filled as it is written, so a value that changes on every data commit
    — the data version and date in the footer — does not make MkDocs render pages whose content is the
    same (the HTML is the bytes of rendering with the values, as a test checks); ``on_pages(done, total)`` is called as
    pages are rendered (for a progress line); ``compact`` writes the pages through :func:`compact_html`
    and the search index as UTF-8; ``quick_html`` renders the generator's pages through
    :mod:`generator.build.quickmd` and their HTML blocks through :mod:`generator.build.rawhtml` (the same
    HTML, without Python-Markdown or ``html.parser``) and indexes them for search
    without their excluded parts (:mod:`generator.build.search_quick`, the same index); ``scope`` makes it one of
    several builds of one site (:mod:`generator.build.scope`). Raises ``mkdocs.exceptions.Abort`` in
    strict mode when anything warned, like MkDocs.
    """
    from mkdocs import utils
    from mkdocs.commands.build import _build_extra_template, _build_theme_template
    from mkdocs.exceptions import Abort, BuildError
    from mkdocs.structure.files import File, InclusionLevel, get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    counter = utils.CountHandler()
    counter.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(counter)
    stage = on_stage or (lambda name, detail: None)
    raw = rawhtml.RawHtmlBlocks() if quick_html else None
    if raw is not None:
        config["markdown_extensions"] = [*config["markdown_extensions"], raw]
    try:
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        utils.clean_directory(config.site_dir)
        scope = scope or Scope()
        files = get_files(config)
        env = config.theme.get_env()
        if scope.site_files:
            files.add_files_from_theme(env, config)
        own = {f.src_uri for f in files}  # a set: MkDocs' lookup normalises a path per call (thousands here)
        foreign = {uri for uri in scope.foreign if uri not in own}
        for uri in sorted(foreign):  # known by name only: links into them resolve, nothing of them is built
            files.append(File(uri, None, config.site_dir, config.use_directory_urls))
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        # other builds' pages only where the navigation names them; the sitemap lists the rest (listed_page)
        nav = get_navigation(navigation_files(files, foreign, config["nav"]), config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        inclusion = InclusionLevel.is_included
        doc_files = [f for f in files.documentation_pages(inclusion=inclusion) if f.src_uri not in foreign]
        pages = []
        for file in doc_files:
            if file.page is None:
                Page(None, file, config)
            page = file.page
            assert page is not None
            config._current_page = page
            try:
                page = config.plugins.on_pre_page(page, config=config, files=files)
                page.read_source(config)  # front matter now: every page's title is known to every worker
            finally:
                config._current_page = None
            pages.append(page)
        env = config.plugins.on_env(env, config=config, files=files)
        if cache_dir is not None:  # every process compiled Material's templates anew, ~1 s each: now once
            from jinja2 import FileSystemBytecodeCache

            (cache_dir / "jinja").mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = FileSystemBytecodeCache(str(cache_dir / "jinja"))
        fingerprint = _global_fingerprint(config, nav, files)
        quick = quickmd.QuickMarkdown.from_config(config["markdown_extensions"], config["mdx_configs"]) if raw else None
        variant = ("+compact" if compact else "") + (f"+raw{rawhtml.VERSION}" if raw else "")
        variant += (f"+quick{quickmd.VERSION}" if quick else "") + f"+root:{scope.root}"
        extras = [dict(page_extra(p.file.src_uri)) if page_extra else {} for p in pages]
        fills = [dict(page_fill(p.file.src_uri)) if page_fill else {} for p in pages]
        base_extra = dict(config["extra"])
        # A page's key holds the extra values it is rendered with (the global ones with its own on top), so
        # a value that only other pages override — the current data version — re-renders only its pages.
        keys = [_page_key(fingerprint + variant, p, _merged(base_extra, e)) for p, e in zip(pages, extras, strict=True)]
        page_cache = ContentStore(cache_dir) if cache_dir is not None else None

        docs = os.path.join(os.path.abspath(config.docs_dir), "")
        for file in files:  # what MkDocs' copy_static_files copies, linked instead of copied where it can be
            if file.is_documentation_page() or not inclusion(file.inclusion) or file.src_uri in foreign:
                continue
            source = Path(file.abs_src_path) if file.abs_src_path else None
            if source and not getattr(file, "generated_by", None) and source.is_file():
                # the build's own files, written for this site: the docs folder holds no symbolic links, so
                # the path tells (resolving each of tens of thousands of charts stats every folder above it)
                if str(source).startswith(docs):
                    link_or_copy(source, Path(file.abs_dest_path))
                else:  # the theme's and the repository's: a linked copy would make the site's file theirs
                    copy_file(source, Path(file.abs_dest_path))
            else:
                file.copy_file()
        if scope.site_files:
            for template in config.theme.static_templates:
                with listed(files, foreign, config) if template == "sitemap.xml" else contextlib.nullcontext():
                    _build_theme_template(template, env, files, config, nav)
                output = Path(config.site_dir) / template
                if page_fill and output.is_file() and (fill := page_fill(template)):
                    output.write_text(_filled(output.read_text(encoding="utf-8"), fill), encoding="utf-8")
            for template in config.extra_templates:
                _build_extra_template(template, files, config, nav)
        stage("MkDocs: подготовка", f"страниц {len(pages)}")

        records: dict[int, dict[str, Any]] = {}
        todo: list[int] = []
        for index, (page, key) in enumerate(zip(pages, keys, strict=True)):
            hit = _load(page_cache, key) if page_cache is not None else None
            if hit is None:
                todo.append(index)
                continue
            html, meta = hit
            if fills[index]:
                dest = Path(page.file.abs_dest_path)
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_text(_filled(html.read_text(encoding="utf-8"), fills[index]), encoding="utf-8")
            else:
                link_or_copy(html, Path(page.file.abs_dest_path))
            records[index] = {**meta, "index": index, "warnings": []}
        stats = PageStats(
            pages=len(pages),
            rendered=len(todo),
            cached=len(pages) - len(todo),
            rendered_pages=[pages[i].file.src_uri for i in todo],
            keys=keys,
        )
        search = _search_plugin(config)
        chunks = [todo[i : i + CHUNK] for i in range(0, len(todo), CHUNK)]
        stats.workers = max(1, min(parallel.resolve_workers(workers), len(chunks)))
        rendered = 0

        def tick(_: int, result: list[dict[str, Any]]) -> None:
            nonlocal rendered
            rendered += len(result)
            if on_pages:
                on_pages(rendered, len(todo))

        with parallel.shared(
            config=config, files=files, nav=nav, env=env, pages=pages, keys=keys, extras=extras, fills=fills,
            doc_files=doc_files, cache=page_cache, compact=compact, raw_html=raw, quick=quick, scope=scope,
        ):  # fmt: skip
            done = parallel.fork_map(_render_pages, chunks, stats.workers, on_result=tick)
        for index in todo:  # stored by the workers, whose marks of what they used stay in them
            if page_cache is not None:
                page_cache.mark(keys[index], ".html")
                page_cache.mark(keys[index], ".json")
        for chunk in done:
            for record in chunk:
                records[record["index"]] = record
                stats.direct += record["direct"]
                for message in record["warnings"]:
                    log.warning(message)
        by_uri = {f.src_uri: f for f in files}
        if search is not None:
            search.search_index.entries = [e for i in range(len(pages)) for e in records[i]["search"]]
        for index, page in enumerate(pages):
            record = records[index]
            page.present_anchor_ids = set(record["anchors"])
            page.links_to_anchors = {by_uri[uri]: links for uri, links in record["links"].items() if uri in by_uri}
        linked = {f.src_uri for p in pages for f in (p.links_to_anchors or {})}
        for uri in foreign:  # a page of another build: its anchors, where that build said them
            known = scope.foreign.get(uri)
            target = by_uri.get(uri)
            if known is not None and target is not None and target.page is None and uri in linked:
                Page(None, target, config)  # left out of the navigation step (navigation_files): made for the check
            if known is not None and target is not None and target.page is not None:
                target.page.present_anchor_ids = set(known)
        for page in pages:
            page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        stats.anchors = {p.file.src_uri: sorted(p.present_anchor_ids or ()) for p in pages}
        config.plugins.on_post_build(config=config)
        site_dir = Path(config.site_dir)
        if scope.root:
            stats.search = relocate_search_index(site_dir, scope.root)
            lastmod = scope.lastmod or utils.get_build_date()
            write_sitemap(site_dir / scope.root / "sitemap.xml", [p.canonical_url for p in pages], lastmod)
        elif compact:
            compact_search_index(site_dir / "search" / "search_index.json")
        if config.strict and (counts := counter.get_counts()):
            message = ", ".join(f"{v} {k.lower()}s" for k, v in counts)
            raise Abort(f"Aborted with {message} in strict mode!")
        return stats
    except Exception as exc:
        config.plugins.on_build_error(error=exc)
        if isinstance(exc, BuildError):
            log.error(str(exc))
            raise Abort("Aborted with a BuildError!") from exc
        raise
    finally:
        logger.removeHandler(counter)
