"""PDFs of the printable report pages, printed by headless Chromium and cached by content.

An official attaches the report to an order, so each report of a published edition gets a PDF next to
it (which reports: :mod:`generator.publish.report_pdfs`). The PDF is the page as the browser prints it
(print stylesheet, A4, 15 mm margins, «стр. N из M» in the footer), so paper and screen can never tell
different numbers.

**Why a cache keyed by content.** Starting Playwright and Chromium takes ~1.5 s, a 2-page PDF ~0.3 s and
a 20-page one over a second; a data commit changes few pages. The key is a hash of the page's HTML, of
every local image and stylesheet it references (not of scripts: they are off, see below), of the title,
the page's path and the site's public address (its links are made from them), the print settings, the PDF
date and the versions of Chromium, Playwright and the PDF writer (pikepdf), so an unchanged page is copied
from ``cache_dir`` without starting a browser.

**Why the bytes are rewritten** (:mod:`generator.publish.pdf_bytes`). Chromium stamps the print time into
the PDF, so two prints of one page differ, and the site must be byte-identical across builds of one commit:
the dates come from the data, the /ID from the cache key. And Chromium writes every link as the address the
page was printed from, this module's local server: each becomes the public site's address (``public_url``,
the site's ``site_url``), or a path relative to the PDF when the site has no address. And the file is written
with compressed object streams: half of a tagged report's bytes were its structure elements, uncompressed.

**Why scripts are off.** A printable page is static by design: charts are SVG images with a table next
to them. With scripts on, vega-embed may start redrawing a chart while the page is printed (bytes that
differ between builds), and printing a section page takes about twice as long (measured). What the
site's own print script does — open every collapsed ``<details>`` — is done here before printing, by
Playwright, which can evaluate in a page whose scripts are off.

**No other host.** The site is served from a local HTTP server on 127.0.0.1 and every request to any
other address fails: the build runs without internet and the PDF must not depend on it. The browser
itself refuses them — its proxy is a port that accepts no connection, and only the site's own address
bypasses it — rather than Playwright intercepting each request: a report loads ~120 files, and sending
each through the driver and Python cost ~0.25 s of CPU per report (measured on 8 reports).
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import html
import http.server
import json
import os
import posixpath
import re
import socket
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

from generator.core.environ import setting
from generator.core.files import link_if_changed
from generator.core.memory import release_freed
from generator.core.store import ContentStore
from generator.publish.chromium import CHROMIUM_ARGS, NO_ADDRESS_BAR, chromium_absence, chromium_path
from generator.publish.pdf_bytes import Links, normalise, pdf_epoch, writer_version

__all__ = [
    "CHROMIUM_ARGS", "PdfError", "PdfJob", "PdfStats", "chromium_absence", "chromium_path", "print_pdfs", "serve_site"
]

WORKERS = max(2, os.cpu_count() or 1)
"""Pages printed at once in one browser, one tab each: a tab keeps one CPU ~70 % busy (the rest is waiting on
the page), so on 2 idle CPUs 2 tabs printed ~1.5× faster than one; on a busy machine they cost nothing."""
RELEASE_EVERY = 8
"""PDFs written between two releases of the build's freed memory (:func:`generator.core.memory.release_freed`):
a release takes ~50 ms on a fragmented heap of 900 MiB (measured), a report ~1.3 s of printing."""
DRIVER_NODE_OPTIONS = "--max-semi-space-size=1"
"""V8's option for Playwright's driver, the Node process every PDF passes through as base64: with the default young
generation it held 180–240 MiB while printing, with 1 MiB semi-spaces ~140 MiB, at the same speed (24 reports of
60 × 5, two runs each). Not a cap on its heap: a larger report only makes it collect more often."""
TIMEOUT_MS = 60_000
"""Time for one page to load, decode its images and print; a page that takes longer is an error."""

_FOOTER = (
    '<div style="box-sizing:border-box;width:100%;padding:0 15mm;font:8pt sans-serif;color:#444;text-align:right">'
    'стр. <span class="pageNumber"></span> из <span class="totalPages"></span></div>'
)
_PRINT: dict[str, Any] = {
    "format": "A4",
    "print_background": True,
    "display_header_footer": True,
    "header_template": "<span></span>",
    "footer_template": _FOOTER,
    "margin": {"top": "15mm", "right": "15mm", "bottom": "15mm", "left": "15mm"},
    "tagged": True,  # an accessible PDF: reading order and headings for screen readers
    "outline": True,  # bookmarks from the headings (needs "tagged"): a long report is navigable on screen
}
_FORMAT_VERSION = 4
"""Bump when the rewriting of the bytes changes, so cached PDFs made by the old code are not reused
(3: links to the public site, not to the local server; 4: packed into object streams)."""
PRINT_ARGS = [*CHROMIUM_ARGS, NO_ADDRESS_BAR]
"""The browser's flags for printing (part of each PDF's key): the address bar's popup is not loaded either."""
_BEFORE_PRINT = """async () => {
  for (const d of document.querySelectorAll("details:not([open])")) d.open = true;  // as print.js does
  const images = [...document.images];
  for (const img of images) img.loading = "eager";  // the site's charts are lazy: off-screen ones may not load
  await Promise.all(images.map((img) => img.decode().catch(() => null)));  // a broken image is not our wait
  await document.fonts.ready;
}"""


class PdfError(RuntimeError):
    """A page could not be loaded or printed; the message names the page."""


@dataclass
class PdfJob:
    """One page to print: its site path, the PDF's place inside the built site, the document title."""

    url_path: str
    out_file: Path
    title: str


@dataclass
class PdfStats:
    """What :func:`print_pdfs` did: how many PDFs, printed now or copied from the cache."""

    total: int
    printed: int
    cached: int
    keys: list[str] = field(default_factory=list, compare=False)  # the store's entries of the jobs' PDFs

    def __str__(self) -> str:
        return f"всего {self.total}, напечатано {self.printed}, из кэша {self.cached}"


def print_pdfs(
    site_dir: Path,
    jobs: list[PdfJob],
    cache_dir: Path,
    *,
    key_extra: bytes = b"",
    public_url: str = "",
    on_progress: Callable[[int, int], None] | None = None,
) -> PdfStats:
    """Write each job's PDF to ``job.out_file``, printing only pages whose content is not in the cache.

    All misses are printed in one browser, :data:`WORKERS` tabs at a time, and each PDF is written as soon
    as it is printed; ``on_progress(printed, to_print)`` follows them. Files are written only when their
    bytes change. ``public_url`` is the address the site is published at: the PDFs' links lead there.
    Raises :class:`PdfError` naming the page when a page is missing, fails to load (HTTP error, timeout) or
    fails to print.
    """
    site_dir = Path(site_dir)
    if not jobs:  # no published edition: no browser, not even its version
        return PdfStats(total=0, printed=0, cached=0)
    executable = chromium_path()
    salt = _salt(executable, key_extra + b"\0public:" + public_url.encode())
    stats = PdfStats(total=len(jobs), printed=0, cached=0)
    store = ContentStore(cache_dir)
    misses: dict[str, list[PdfJob]] = {}
    for job in jobs:
        key = _cache_key(site_dir, job, salt)
        stats.keys.append(f"{key}.pdf")
        cached = None if key in misses else store.get(key, ".pdf")
        if cached is None:
            misses.setdefault(key, []).append(job)
            continue
        link_if_changed(cached, job.out_file)  # linked: a finished edition holding it keeps it in the store
        stats.cached += 1
    if not misses:
        return stats
    if executable is None:
        raise PdfError("Chromium не найден: PDF напечатать нельзя (apt-get install chromium; pip install playwright)")
    todo = [(key, group[0]) for key, group in misses.items()]
    done = 0

    def printed(key: str, raw: bytes, base: str) -> None:
        nonlocal done
        job = misses[key][0]
        links = published_links(base, public_url, job.url_path)
        kept = store.put_bytes(key, ".pdf", normalise(raw, job.title, key, links))
        for job in misses[key]:
            link_if_changed(kept, job.out_file)
            stats.printed += 1
        done += 1
        if done % RELEASE_EVERY == 0:  # what each PDF's bytes left behind in the allocator goes back
            release_freed(collect=False)
        if on_progress:
            on_progress(done, len(todo))

    _print_all(site_dir, todo, executable, printed)
    return stats


# --- the cache key -------------------------------------------------------------------------------------


@functools.cache
def _browser_version(executable: str) -> str:
    """``chromium --version`` (~0.2 s, no browser start): another Chromium prints other bytes."""
    try:
        out = subprocess.run([executable, "--version"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return "?"
    return out.stdout.strip() or "?"


def _salt(executable: str | None, key_extra: bytes) -> bytes:
    """Everything besides the page that decides the PDF's bytes."""
    from importlib.metadata import PackageNotFoundError, version

    def installed(package: str) -> str:
        try:
            return version(package)
        except PackageNotFoundError:
            return "-"

    settings = {
        "format": _FORMAT_VERSION,
        "print": _PRINT,
        "args": PRINT_ARGS,
        "epoch": pdf_epoch(),
        "browser": _browser_version(executable) if executable else "-",
        "playwright": installed("playwright"),
        "writer": writer_version(),  # another pikepdf or qpdf may pack the same PDF into other bytes
    }
    return json.dumps(settings, sort_keys=True).encode() + b"\0" + key_extra


_TAG = re.compile(r"""<(img|link)\b((?:[^>"']|"[^"]*"|'[^']*')*)>""", re.I)
_ATTR = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


def _references(markup: str) -> list[str]:
    """The local files that decide how a page prints: its images and stylesheets (for the cache key).

    A regular expression over the tags, not ``html.parser``: a report is ~350 KB of HTML, which the
    parser took ~0.2 s to read — for every report at every build, printed or taken from the cache."""
    urls: list[str] = []
    for tag, body in _TAG.findall(markup):
        a = {m[0].lower(): html.unescape(m[1] or m[2] or m[3]) for m in _ATTR.findall(body)}
        if tag.lower() == "img":
            urls.append(a.get("src", ""))
            urls += [part.split()[0] for part in a.get("srcset", "").split(",") if part.strip()]
        elif "stylesheet" in a.get("rel", "").lower().split():
            urls.append(a.get("href", ""))
    return urls


def _page_file(site_dir: Path, url_path: str) -> Path:
    path = site_dir / unquote(url_path).lstrip("/")
    return path / "index.html" if url_path.endswith("/") or not url_path.strip("/") else path


def _local_file(site_dir: Path, page_url: str, ref: str) -> Path | None:
    """The file of the built site that ``ref`` on the page at ``page_url`` points to; None when remote."""
    parts = urlsplit(ref.strip())
    if parts.scheme or parts.netloc or not parts.path:  # another host, data: URL, or a bare #fragment
        return None
    base = page_url if page_url.endswith("/") else posixpath.dirname(page_url) + "/"
    joined = posixpath.normpath(posixpath.join(base, unquote(parts.path)))  # "/.." stays "/", as in a browser
    target = site_dir / joined.lstrip("/")
    return target / "index.html" if parts.path.endswith("/") else target


def _cache_key(site_dir: Path, job: PdfJob, salt: bytes) -> str:
    page = _page_file(site_dir, job.url_path)
    try:
        markup = page.read_bytes()
    except OSError as exc:
        raise PdfError(f"{job.url_path}: нет страницы для печати ({page}): {exc.strerror or exc}") from exc
    digest = hashlib.sha256(salt)
    # the path too: the PDF's links are made absolute (or relative to it) from where its page lies
    for part in (b"title", job.title.encode(), b"path", job.url_path.encode(), b"page", markup):
        digest.update(len(part).to_bytes(8, "big") + part)
    refs = _references(markup.decode("utf-8", "replace"))
    url = "/" + job.url_path.lstrip("/")
    for ref in sorted(set(refs)):
        target = _local_file(site_dir, url, ref)
        if target is None:
            continue
        body = target.read_bytes() if target.is_file() else b"\xff missing"
        for part in (ref.encode(), body):
            digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


# --- printing ------------------------------------------------------------------------------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve_site(directory: Path) -> Iterator[str]:
    """The built site on a free port of 127.0.0.1, for as long as the block runs; yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="pdf-site", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


async def _launch(playwright: Any, executable: str, args: list[str]) -> Any:
    """Start the browser (a separate function so that tests can forbid it)."""
    return await playwright.chromium.launch(executable_path=executable, args=args, headless=True)


@contextmanager
def _refusing_port() -> Iterator[int]:
    """A port of 127.0.0.1 that refuses every connection while the block runs: bound, never listening."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def _print_all(
    site_dir: Path, todo: list[tuple[str, PdfJob]], executable: str, printed: Callable[[str, bytes, str], None]
) -> None:
    """Print the (key, job) pairs in one browser, handing each raw PDF to ``printed`` as it comes."""
    with serve_site(site_dir) as base, _refusing_port() as refusing:
        only_site = [  # every request but the site's goes to a proxy that refuses it (loopback included)
            f"--proxy-server=http://127.0.0.1:{refusing}",
            f"--proxy-bypass-list=<-loopback>;{urlsplit(base).netloc}",
        ]
        with _driver_options():
            asyncio.run(_print_async(base, todo, [*PRINT_ARGS, *only_site], executable, printed))


def _driver_options() -> AbstractContextManager[str | None]:
    """:data:`DRIVER_NODE_OPTIONS` in the environment Playwright starts its driver with, after any of the user's
    own ``NODE_OPTIONS``; the environment as it was once the block ends."""
    own = os.environ.get("NODE_OPTIONS")
    return setting("NODE_OPTIONS", f"{own} {DRIVER_NODE_OPTIONS}" if own else DRIVER_NODE_OPTIONS)


async def _print_async(
    base: str,
    todo: list[tuple[str, PdfJob]],
    args: list[str],
    executable: str,
    printed: Callable[[str, bytes, str], None],
) -> None:
    from playwright.async_api import async_playwright

    queue = list(todo)

    async with async_playwright() as playwright:
        browser = await _launch(playwright, executable, args)
        try:

            async def worker() -> None:
                # A context per tab, so that the tabs share no state (cache, cookies) and print independently.
                context = await browser.new_context(java_script_enabled=False, locale="ru-RU")
                context.set_default_timeout(TIMEOUT_MS)
                while queue:
                    key, job = queue.pop(0)
                    # A new page for every report: a page taken on to the next report by navigation kept what it
                    # had shown, and printing 30 reports in two tabs took 3.0 GB and 72 s against 1.0 GB and 44 s
                    # (measured on 60 × 5; a published edition prints 60 of them).
                    page = await context.new_page()
                    await page.emulate_media(media="print")
                    try:
                        raw = await _print_page(page, base, job)
                    finally:
                        await page.close()
                    printed(key, raw, base)  # kept no longer than it takes to write
                await context.close()

            try:
                async with asyncio.TaskGroup() as group:  # the first failure cancels the other tab
                    for _ in range(min(WORKERS, len(todo))):
                        group.create_task(worker())
            except BaseExceptionGroup as failed:
                first = failed.exceptions[0]
                raise first from first.__cause__
        finally:
            await browser.close()


async def _print_page(page: Any, base: str, job: PdfJob) -> bytes:
    url = base + "/" + job.url_path.lstrip("/")
    try:
        response = await page.goto(url, wait_until="load")
        if response is None or not response.ok:
            status = "нет ответа" if response is None else f"HTTP {response.status}"
            raise PdfError(f"{job.url_path}: страница не загрузилась ({status})")
        await page.evaluate(_BEFORE_PRINT)
        return bytes(await page.pdf(**_PRINT))
    except PdfError:
        raise
    except Exception as exc:  # Playwright's errors (timeouts, a crashed tab) carry no page name
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__  # no call log
        raise PdfError(f"{job.url_path}: не удалось напечатать PDF: {reason}") from exc


# --- links ---------------------------------------------------------------------------------------------


def published_links(base: str, public_url: str, page_path: str) -> Links:
    """A link of the page printed from ``base`` → the address a reader of the PDF follows.

    On the public site when its address is known; otherwise relative to the PDF, which lies in the folder of
    its page (``page_path``): a PDF opened from the site still leads to the site. A link to another host stays
    as it is. Addresses are ASCII, as a PDF's link must be: a Cyrillic domain in IDNA, a path percent-encoded.
    """
    local = base.rstrip("/") + "/"
    folder = "/" + page_path.strip("/") + "/"

    def link(url: str) -> str:
        if not url.startswith(local):
            return url
        parts = urlsplit(url)
        if public_url:
            site = urlsplit(public_url if public_url.endswith("/") else public_url + "/")
            host = site.hostname.encode("idna").decode("ascii") if site.hostname else ""
            netloc = host + (f":{site.port}" if site.port else "")
            root = urlunsplit((site.scheme, netloc, quote(unquote(site.path), safe="/%"), "", ""))
            joined = urljoin(root, parts.path.lstrip("/"))
            return urlunsplit(urlsplit(joined)._replace(query=parts.query, fragment=parts.fragment))
        target = posixpath.relpath(parts.path, folder) if parts.path != folder else "."
        if parts.path.endswith("/") and not target.endswith("/"):
            target += "/"
        return urlunsplit(("", "", target, parts.query, parts.fragment))

    return link
