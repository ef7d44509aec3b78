"""Headless Chromium for the end-to-end tests: Debian's browser driven by Playwright from PyPI.

The machine has no internet, and the site must not need it: every request that leaves the local server
is recorded (and aborted) so that a test can assert there were none. With CI=true a missing browser is a
failure, never a skip — a skipped browser suite would pass CI without having looked at a page.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from generator.publish.chromium import CHROMIUM_ARGS as PDF_CHROMIUM_ARGS
from generator.publish.chromium import NO_ADDRESS_BAR

CHROMIUM = os.environ.get("PROFORIENTIR_CHROMIUM", "/usr/bin/chromium")
# The project's browser flags (generator.publish.pdf prints the reports with them), no background traffic, and
# no address bar's popup loaded in each new window (~1 s of CPU each: the suite opens hundreds of windows).
CHROMIUM_ARGS = [*PDF_CHROMIUM_ARGS, "--disable-component-update", "--disable-sync", "--disable-quic", NO_ADDRESS_BAR]


def require_browser() -> None:
    """Skip locally without a browser; fail in CI, where `.ci/run` must have installed it."""
    problem = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problem = "Playwright is not installed (pip install -e '.[test]')"
    if problem is None and not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        problem = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    if problem:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(problem)
        pytest.skip(problem)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site; its sitemap is answered with the local address in place of ``site_url``.

    Material's instant navigation only takes over links to pages listed in ``sitemap.xml``, compared by
    their full URL, so on a local server with a port the published addresses would never match.
    """

    search = True  # False: every search index is answered empty (see ``serve``)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        if not self.search and self.path.split("?", 1)[0].endswith("/search/search_index.json"):
            return self._empty_index()
        # the site's sitemap and each edition's (an edition is its own build, with its own sitemap)
        if not self.path.split("?", 1)[0].endswith("/sitemap.xml"):
            return super().do_GET()
        path = Path(self.directory) / self.path.split("?", 1)[0].lstrip("/")
        if not path.is_file():
            return super().do_GET()
        text = path.read_text(encoding="utf-8")
        root = (Path(self.directory) / "sitemap.xml").read_text(encoding="utf-8")
        locs = re.findall(r"<loc>([^<]+)</loc>", root)
        if locs:
            site_url = min(locs, key=len)
            text = text.replace(f"<loc>{site_url}", f"<loc>http://{self.headers.get('Host', '')}/")
        body = text.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None

    def _empty_index(self) -> None:
        """The index's own configuration (language, separator, stemmer) without its documents."""
        path = Path(self.directory) / self.path.split("?", 1)[0].lstrip("/")
        if not path.is_file():
            return super().do_GET()
        config = json.loads(path.read_text(encoding="utf-8"))["config"]
        body = json.dumps({"config": config, "docs": []}).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve(
    directory: Path,
    handler_class: type[http.server.SimpleHTTPRequestHandler] | None = None,
    *,
    search: bool = True,
) -> Iterator[str]:
    """Serve a built site on a free local port (with ``handler_class``, e.g. one that sets headers); yields
    its base URL.

    ``search=False`` answers every search index with one of no documents: Material's search worker builds its
    index on every page load, ~0.5 s of CPU for the demo's ~1 MB, which the tests that never type into the
    search box would pay on each of their pages. The tests of search serve the real indexes."""
    base = handler_class or _QuietHandler
    if not search:
        if not issubclass(base, _QuietHandler):
            raise TypeError(f"search=False needs a handler derived from _QuietHandler, not {base.__name__}")
        base = type(f"{base.__name__}WithoutSearch", (base,), {"search": False})
    handler = functools.partial(base, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class PageLog:
    """What a page did that a test may object to."""

    base: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        host = urlsplit(self.base).netloc
        page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} {r.failure}"))

        def dialog(d: Any) -> None:
            self.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)

        def route(r: Any) -> None:
            url = r.request.url
            if url.startswith(("data:", "blob:")) or urlsplit(url).netloc == host:
                r.continue_()
            else:
                self.foreign.append(url)
                r.abort()

        page.route("**/*", route)

    def problems(self) -> list[str]:
        failed = [f for f in self.failed if not any(f.startswith(x) for x in self.foreign)]
        return (
            [f"console: {e}" for e in self.console_errors]
            + [f"script error: {e}" for e in self.page_errors]
            + [f"failed request: {f}" for f in failed]
            + [f"request to another host: {f}" for f in self.foreign]
            + [f"dialog: {d}" for d in self.dialogs]
        )


@contextmanager
def opened_pages(browser: Any, base: str, allowed: Callable[[str], bool] = lambda problem: False) -> Iterator[Any]:
    """``open(url, **context)``: the site's ``url`` in a fresh page (``context``: its viewport, say), loaded. On
    exit every page is closed and must have had no problem (:class:`PageLog`) but those ``allowed`` lets by."""
    opened: list[tuple[Any, PageLog]] = []

    def open_page(url: str, **context: Any) -> Any:
        page = browser.new_page(**context)
        log = PageLog(base)
        log.attach(page)
        opened.append((page, log))
        page.goto(base + url)
        page.wait_for_load_state("networkidle")
        return page

    yield open_page
    for page, log in opened:
        page.close()
        assert [p for p in log.problems() if not allowed(p)] == []


_PLAYWRIGHT: list[Any] = []  # the running Playwright, while any browser of it is open
_OPEN: list[Any] = []  # the browsers open now


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium, closed on exit.

    Browsers open at the same time (two module fixtures alive at once) share one Playwright: a second
    ``sync_playwright()`` while one runs fails («using Playwright Sync API inside the asyncio loop»). It stops
    when the last browser closes, because while it runs the thread has a running event loop, and a build
    that prints PDFs (``asyncio.run``) cannot start.
    """
    require_browser()
    if not _PLAYWRIGHT:
        from playwright.sync_api import sync_playwright

        _PLAYWRIGHT.append(sync_playwright().start())
    browser = None
    try:
        browser = _PLAYWRIGHT[0].chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        _OPEN.append(browser)
        yield browser
    finally:
        try:
            if browser is not None:
                _OPEN.remove(browser)
                browser.close()
        finally:
            if not _OPEN:
                _PLAYWRIGHT.pop().stop()
