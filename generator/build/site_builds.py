"""The site's MkDocs builds: one per edition made this time, one for the rest, then one site of them.

Why apart from the pipeline: the pipeline decides what to make; this module knows how the builds fit
together — which pages each knows by name (:class:`generator.build.scope.Scope`), where each writes, how
the finished editions (:mod:`generator.build.trees`) join the site, and how the site's search index takes
the latest edition's entries.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from generator.build.mkdocs import PageStats, WarningLog, late_slot
from generator.build.progress import Progress
from generator.build.scope import SEARCH_INDEX, Scope, join_search_index
from generator.site import versions_list

LATE = ("data_version", "data_date")
"""The values every page prints that change with every data commit (see :meth:`MkDocsRun.build`)."""

SHELL_ONLY = ("latest_url", "latest_label")
"""Values only pages outside the editions show (the «page not found» page links the latest edition): an
edition's build goes without them, so that a later edition changes none of its pages."""


def edition_extra(extra: dict[str, Any]) -> dict[str, Any]:
    """The extra values of an edition's build: the site's, without :data:`SHELL_ONLY`."""
    own = {k: v for k, v in (extra.get("proforientir") or {}).items() if k not in SHELL_ONLY}
    return {**extra, "proforientir": own}


@dataclass
class MkDocsRun:
    """What every build of one site shares: the configuration file, the cache, the extra values."""

    config: Path
    extra: dict[str, Any]
    workers: int | None = None
    cache_dir: Path | None = None
    site_url: str | None = None
    editions: Mapping[int, dict[str, str]] = field(default_factory=dict)  # each edition's own data version
    progress: Progress | None = None
    collect: WarningLog = field(default_factory=WarningLog)

    def build(self, docs: Path, site_dir: Path, nav: list[Any], scope: Scope, label: str) -> PageStats:
        """Build ``docs`` into ``site_dir`` with MkDocs in strict mode; its warnings land in ``collect``
        (and fail the build). A page of an edition (``/<year>/…``) shows that edition's own data version
        in its footer."""
        from mkdocs.config import load_config

        from generator.build.mkdocs import build as mkdocs_build

        config = load_config(
            str(self.config),
            docs_dir=str(docs.resolve()),
            site_dir=str(site_dir.resolve()),
            nav=nav,
            strict=True,
            **({"site_url": self.site_url} if self.site_url else {}),
        )
        config["extra"].update(self.extra)
        if scope.root:
            config["extra"]["proforientir"] = edition_extra(config["extra"])["proforientir"]
            config["extra"]["version"] = versions_list.SELECTOR  # the editions in the header, read at run time
        config["watch"] = []
        # The data version and date change with every data commit and are printed on every page: pages are
        # rendered with slots in their place and filled as written, so MkDocs renders only the pages whose
        # content changed. A page of an edition (``/<year>/…``) gets its edition's own values.
        shown = dict(config["extra"].get("proforientir") or {})
        config["extra"]["proforientir"] = {**shown, **{name: late_slot(name) for name in LATE if name in shown}}
        site_wide = {late_slot(name): str(shown[name]) for name in LATE if name in shown}
        by_year = {
            year: {**site_wide, **{late_slot(name): str(own[name]) for name in LATE if name in own}}
            for year, own in self.editions.items()
        }

        def page_fill(src_uri: str) -> dict[str, str]:
            head = src_uri.split("/", 1)[0]
            return by_year.get(int(head), site_wide) if head.isdigit() else site_wide

        progress = self.progress
        logger = logging.getLogger("mkdocs")
        logger.addHandler(self.collect)
        try:
            return mkdocs_build(
                config,
                workers=self.workers,
                cache_dir=self.cache_dir,
                page_fill=page_fill,
                on_pages=(lambda done, total: progress.tick(label, done, total, "страниц")) if progress else None,
                compact=True,
                scope=scope,
            )
        finally:
            logger.removeHandler(self.collect)


def theme_fingerprint(config_path: Path) -> str:
    """The MkDocs configuration, the theme overrides and the versions of MkDocs and Material: what a
    finished edition's HTML is made with besides its Markdown."""
    digest = hashlib.sha256()
    digest.update(f"{version('mkdocs')}\n{version('mkdocs-material')}\n".encode())
    digest.update(config_path.read_bytes() if config_path.is_file() else b"")
    overrides = config_path.parent / "site_overrides"
    if overrides.is_dir():
        for path in sorted(p for p in overrides.rglob("*") if p.is_file()):
            digest.update(path.relative_to(overrides).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def join_latest_search(site_dir: Path, entries: list[dict[str, Any]], year: int | None) -> None:
    """The site's search index (home, methodology, about) with the latest edition's pages in it: a search
    from the home page answers with the current figures."""
    index = site_dir / SEARCH_INDEX
    if year is not None and entries and index.is_file():
        join_search_index(index, entries, f"{year}/")

