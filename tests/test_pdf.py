"""PDFs of printable pages: what an official attaches to an order must show the page, and not change by itself.

A tiny site is written by hand (Cyrillic text, two sections on two pages, a local SVG chart, a stylesheet,
and two images on other hosts) and printed once for the module; the browser tests then read that PDF. The
cache tests forbid the browser, so a test that passes there proves nothing was printed.
"""

from __future__ import annotations

import http.server
import importlib.util
import io
import os
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pypdf import PdfReader

from generator.publish import pdf, pdf_bytes
from generator.publish.pdf import PdfError, PdfJob, PdfStats, print_pdfs

from .browser import require_browser

EPOCH = "1780185600"  # 2026-05-31T00:00:00Z
URL = "/2026/zarechnyy-mr/otchet/"
PUBLIC = "https://профориентир.рф/область/"  # a Cyrillic domain and path, as a municipality's site may have
TITLE = "Отчёт о мониторинге: Заречный муниципальный район, 2025/26"
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120">'
    '<rect width="300" height="120" fill="{}"/><text x="10" y="60">Доля, %</text></svg>'
)
PAGE = """<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>Заголовок из HTML</title>
<link rel="stylesheet" href="../../../assets/print.css"></head>
<body>
<h1>Ранняя профориентация</h1>
<p>Доля обучающихся, принявших участие в профессиональных пробах, выросла.</p>
<img src="chart.svg" alt="График доли обучающихся" loading="lazy" width="300" height="120">
<img src="https://example.org/x.png" alt="">
<img src="{spy}/spy.png" alt="">
<details><summary>Таблица данных</summary><p>Свёрнутая таблица печатается раскрытой.</p>
<table><tr><th scope="col">Год</th><th scope="col">Доля</th></tr>
<tr><th scope="row">2025/26</th><td>40 %</td></tr></table>
</details>
<p><a href="../../sokolovogorskiy-mo/rynok-truda/#trud">Соседний округ</a>,
<a href="https://example.org/doc?a=1">документ на другом сайте</a>.</p>
<h1 class="next">Рынок труда</h1>
<p>Сведения о трудоустройстве выпускников.</p>
</body></html>
"""


@dataclass
class Site:
    root: Path
    cache: Path
    job: PdfJob
    spy_requests: list[str]


class _Spy(http.server.BaseHTTPRequestHandler):
    """Another host (another port is another origin): any request reaching it is a leak."""

    seen: list[str]

    def do_GET(self) -> None:
        self.seen.append(self.path)
        self.send_error(404)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def _make_site(root: Path, spy: str) -> PdfJob:
    page_dir = root / URL.strip("/")
    page_dir.mkdir(parents=True)
    (page_dir / "index.html").write_text(PAGE.format(spy=spy), encoding="utf-8")
    (page_dir / "chart.svg").write_text(SVG.format("teal"), encoding="utf-8")
    (root / "assets").mkdir()
    (root / "assets" / "print.css").write_text(
        "body { font-family: 'DejaVu Sans', sans-serif; } .next { page-break-before: always; }", encoding="utf-8"
    )
    (root / "unrelated.txt").write_text("не влияет на печать", encoding="utf-8")
    return PdfJob(URL, page_dir / "otchet-zarechnyy-mr-2026.pdf", TITLE)


@pytest.fixture(scope="module")
def spy() -> Iterator[tuple[str, list[str]]]:
    seen: list[str] = []
    handler = type("Spy", (_Spy,), {"seen": seen})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def site(tmp_path: Path, spy: tuple[str, list[str]]) -> Site:
    """A fresh, unprinted site (for tests that need no browser)."""
    return Site(tmp_path / "site", tmp_path / "cache", _make_site(tmp_path / "site", spy[0]), spy[1])


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory, spy: tuple[str, list[str]]) -> tuple[Site, PdfStats]:
    """The site printed once, shared by the browser tests (starting Chromium is the slow part)."""
    require_browser()
    tmp = tmp_path_factory.mktemp("pdf")
    printed = Site(tmp / "site", tmp / "cache", _make_site(tmp / "site", spy[0]), spy[1])
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        stats = print_pdfs(printed.root, [printed.job], printed.cache, public_url=PUBLIC)
    return printed, stats


class _Launched(Exception):
    pass


@pytest.fixture
def no_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    """Starting Chromium now fails the test with :class:`_Launched`."""

    async def launch(*args: object) -> None:
        raise _Launched

    monkeypatch.setattr(pdf, "_launch", launch)


def _unpacked(data: bytes) -> bytes:
    """A PDF written without object streams and without compression, as a test reads its objects' text."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        out = io.BytesIO()
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.disable, compress_streams=False)
        return out.getvalue()


def _text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_printed_pdf_shows_the_page(printed: tuple[Site, PdfStats]) -> None:
    site, stats = printed
    assert stats == PdfStats(total=1, printed=1, cached=0)
    data = site.job.out_file.read_bytes()
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 2
    width, height = (float(x) for x in reader.pages[0].mediabox[2:])
    assert (round(width * 25.4 / 72), round(height * 25.4 / 72)) == (210, 297)  # A4, in mm
    first, second = _text(data)
    assert "Ранняя профориентация" in first and "профессиональных пробах" in first
    assert "Свёрнутая таблица печатается раскрытой" in first  # <details> are opened for print
    assert "Рынок труда" in second and "Рынок труда" not in first
    assert "стр. 1 из 2" in first and "стр. 2 из 2" in second
    assert [item["/Title"] for item in reader.outline] == ["Ранняя профориентация", "Рынок труда"]


def test_pdf_metadata_is_fixed(printed: tuple[Site, PdfStats]) -> None:
    site, _ = printed
    reader = PdfReader(site.job.out_file)
    meta = reader.metadata
    assert meta is not None
    assert meta.title == TITLE  # the job's title, not the page's <title>
    assert meta["/CreationDate"] == meta["/ModDate"] == "D:20260531000000+00'00'"
    ids = reader.trailer["/ID"]
    assert len(ids) == 2 and len(ids[0]) == 16  # the permanent identifier from the cache key; the second, a digest


def test_the_report_is_packed_and_keeps_its_tags_and_outline(printed: tuple[Site, PdfStats]) -> None:
    """The structure elements of the tagged PDF (thousands in a report, uncompressed as Chromium writes them) are
    in compressed object streams; the tags, the outline and the single information object are still there."""
    site, _ = printed
    data = site.job.out_file.read_bytes()
    assert data.startswith(b"%PDF-1.5") and b"/ObjStm" in data
    assert b"/StructElem" not in data  # not one structure element left uncompressed
    reader = PdfReader(io.BytesIO(data), strict=True)
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root  # still a tagged PDF
    kids = root["/StructTreeRoot"]["/K"]
    assert kids  # with its structure
    assert [item["/Title"] for item in reader.outline] == ["Ранняя профориентация", "Рынок труда"]
    assert b"HeadlessChrome" not in data and reader.metadata["/Creator"] == "Профориентир"


def test_the_structure_ids_chromium_counts_across_its_pages_do_not_change_the_bytes(
    printed: tuple[Site, PdfStats],
) -> None:
    """A table's headers get ids from Chromium's count of DOM nodes, which goes on from page to page and tab to
    tab: the same report printed later would differ there alone. They are numbered from 1, in their order."""
    site, _ = printed
    data = _unpacked(site.job.out_file.read_bytes())  # the layout Chromium writes: structure objects in the clear
    ids = [int(number) for number in re.findall(rb"\(node(\d+)\)", data)]
    assert ids and sorted(set(ids)) == list(range(1, len(set(ids)) + 1))

    def later(match: re.Match[bytes]) -> bytes:  # as printed after a few thousand other nodes
        return b"(node" + str(int(match.group(1)) + 4321).zfill(len(match.group(1))).encode() + b")"

    shifted = re.sub(rb"\(node(\d+)\)", later, data)
    assert shifted != data and len(shifted) == len(data)
    assert pdf_bytes.normalise(shifted, TITLE, "22" * 32) == pdf_bytes.normalise(data, TITLE, "22" * 32)


def test_a_packed_pdf_is_read_and_normalised_again(printed: tuple[Site, PdfStats]) -> None:
    """Normalising reads any layout: the site's own packed PDF, with an /ID already, gets the new title's
    metadata and its links moved, and the same input gives the same bytes."""
    site, _ = printed

    def moved(url: str) -> str:
        return url.replace("https://xn--e1afbtcaficeus.xn--p1ai/", "https://mirror.example/")

    once = pdf_bytes.normalise(site.job.out_file.read_bytes(), "Другое название", "11" * 32, moved)
    assert once == pdf_bytes.normalise(site.job.out_file.read_bytes(), "Другое название", "11" * 32, moved)
    reader = PdfReader(io.BytesIO(once), strict=True)
    assert reader.metadata.title == "Другое название"
    with pikepdf.open(io.BytesIO(once)) as packed:
        assert bytes(packed.trailer.ID[0]) == bytes.fromhex("11" * 16)
    assert _links(reader)[0].startswith("https://mirror.example/%D0%BE")
    assert _links(reader)[1] == "https://example.org/doc?a=1"


def _links(reader: PdfReader) -> list[str]:
    """The addresses of the PDF's link annotations, in the order of its pages."""
    found = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or ():
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action.get_object():
                found.append(str(action.get_object()["/URI"]))
    return found


def test_links_lead_to_the_published_site_not_to_the_server_it_was_printed_from(printed: tuple[Site, PdfStats]) -> None:
    """An official who follows a link of the attached PDF reaches the page on the public site (in ASCII, as a
    PDF's link must be), not 127.0.0.1 and the port of the build; a link to another site stays as it is."""
    site, _ = printed
    data = site.job.out_file.read_bytes()
    assert _links(PdfReader(io.BytesIO(data))) == [
        "https://xn--e1afbtcaficeus.xn--p1ai/%D0%BE%D0%B1%D0%BB%D0%B0%D1%81%D1%82%D1%8C/2026/sokolovogorskiy-mo/"
        "rynok-truda/#trud",
        "https://example.org/doc?a=1",
    ]
    assert b"127.0.0.1" not in data
    PdfReader(io.BytesIO(data), strict=True)


@pytest.mark.parametrize(
    ("printed_as", "published"),
    [
        ("http://127.0.0.1:4321/2026/sokolovogorskiy-mo/rynok-truda/#a", "../../sokolovogorskiy-mo/rynok-truda/#a"),
        ("http://127.0.0.1:4321/2026/zarechnyy-mr/otchet/#top", "./#top"),
        ("http://127.0.0.1:4321/2026/zarechnyy-mr/otchet/otchet.pdf", "otchet.pdf"),
        ("http://127.0.0.1:4321/methodology/?q=1", "../../../methodology/?q=1"),
        ("https://example.org/", "https://example.org/"),
        ("http://127.0.0.1:9999/2026/", "http://127.0.0.1:9999/2026/"),  # another server's: not ours to move
    ],
)
def test_without_the_sites_address_links_are_relative_to_the_pdf_in_its_pages_folder(
    printed_as: str, published: str
) -> None:
    assert pdf.published_links("http://127.0.0.1:4321", "", URL)(printed_as) == published


def test_the_chart_image_is_printed(printed: tuple[Site, PdfStats]) -> None:
    """The lazy SVG chart is on paper, as vectors: its teal rectangle and its text."""
    site, _ = printed
    page = PdfReader(site.job.out_file).pages[0]
    content = page.get_contents()
    assert content is not None
    assert b"0 .502 .502 rg" in content.get_data()  # fill="teal" (#008080)
    assert "Доля, %" in page.extract_text()


def test_no_request_leaves_the_site(printed: tuple[Site, PdfStats]) -> None:
    """Images on other hosts are aborted, and the page still prints."""
    site, _ = printed
    assert site.job.out_file.is_file()
    assert site.spy_requests == []


def test_printing_twice_gives_identical_bytes(printed: tuple[Site, PdfStats], tmp_path: Path) -> None:
    site, _ = printed
    again = tmp_path / "again.pdf"
    shown: list[tuple[int, int]] = []
    stats = print_pdfs(
        site.root,
        [PdfJob(URL, again, TITLE)],
        tmp_path / "other-cache",
        public_url=PUBLIC,
        on_progress=lambda *p: shown.append(p),
    )
    assert stats.printed == 1
    assert shown == [(1, 1)]  # the progress line follows the printing
    assert again.read_bytes() == site.job.out_file.read_bytes()


def test_every_report_is_printed_in_a_page_of_its_own(
    printed: tuple[Site, PdfStats], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tab taken on to the next report by navigation kept what it had shown: two tabs printing 30 reports of
    60 × 5 grew to 3 GB. Each report gets a new page, closed once it is printed; the PDFs are the same."""
    site, _ = printed
    root = tmp_path / "site"
    shutil.copytree(site.root, root)
    urls = [URL, URL.replace("zarechnyy-mr", "kalinovopolskiy-mo"), URL.replace("zarechnyy-mr", "berezovskiy-mo")]
    for url in urls[1:]:
        shutil.copytree(root / URL.strip("/"), root / url.strip("/"))
    pages: list[Any] = []
    real = pdf._print_page

    async def spying(page: Any, base: str, job: PdfJob) -> bytes:
        pages.append(page)
        return await real(page, base, job)

    monkeypatch.setattr(pdf, "_print_page", spying)
    jobs = [PdfJob(url, root / url.strip("/") / "otchet.pdf", TITLE) for url in urls]
    stats = print_pdfs(root, jobs, tmp_path / "cache", public_url=PUBLIC)
    assert stats.printed == 3
    assert len({id(page) for page in pages}) == 3 and all(page.is_closed() for page in pages)
    assert jobs[0].out_file.read_bytes() == site.job.out_file.read_bytes()


def test_memory_the_pdfs_left_behind_goes_back_to_the_system_while_printing(
    printed: tuple[Site, PdfStats], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each PDF passes through the build process as megabytes of bytes, and the allocator kept what they left:
    the build grew by 150 MiB over 240 reports while Chromium's tabs were at their largest. Every
    ``RELEASE_EVERY`` PDFs it is handed back — without a garbage collection of the whole build."""
    site, _ = printed
    root = tmp_path / "site"
    shutil.copytree(site.root, root)
    urls = [URL.replace("zarechnyy-mr", f"okrug-{n}") for n in range(2 * pdf.RELEASE_EVERY + 3)]
    for url in urls:
        shutil.copytree(root / URL.strip("/"), root / url.strip("/"))
    raw = site.job.out_file.read_bytes()

    def printing(site_dir: Path, todo: list[tuple[str, PdfJob]], executable: str, done: Any) -> None:
        for key, _job in todo:
            done(key, raw, "http://127.0.0.1:1")

    releases: list[bool] = []
    monkeypatch.setattr(pdf, "_print_all", printing)
    monkeypatch.setattr(pdf, "release_freed", lambda *, collect=True: releases.append(collect) or True)
    jobs = [PdfJob(url, root / url.strip("/") / "otchet.pdf", TITLE) for url in urls]
    stats = print_pdfs(root, jobs, tmp_path / "cache", public_url=PUBLIC)
    assert stats.printed == len(urls)
    assert releases == [False, False]  # after the 8th and the 16th of the 19 PDFs


@pytest.mark.parametrize("own", [None, "--trace-warnings"])
def test_playwrights_driver_gets_a_small_young_generation_and_the_environment_is_restored(
    own: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The driver carries every PDF as base64 and held 180–240 MiB with V8's defaults, ~140 MiB with 1 MiB
    semi-spaces. A user's own Node options are kept, and the build's environment is left as it was."""
    if own is None:
        monkeypatch.delenv("NODE_OPTIONS", raising=False)
    else:
        monkeypatch.setenv("NODE_OPTIONS", own)
    with pdf._driver_options():
        seen = os.environ["NODE_OPTIONS"].split()
    assert seen == [*([own] if own else []), "--max-semi-space-size=1"]
    assert os.environ.get("NODE_OPTIONS") == own


def test_unchanged_page_comes_from_the_cache(printed: tuple[Site, PdfStats], no_browser: None) -> None:
    site, _ = printed
    expected = site.job.out_file.read_bytes()
    site.job.out_file.unlink()
    stats = print_pdfs(site.root, [site.job], site.cache, public_url=PUBLIC)
    assert stats == PdfStats(total=1, printed=0, cached=1)
    assert site.job.out_file.read_bytes() == expected


def test_cached_copy_leaves_an_identical_file_alone(printed: tuple[Site, PdfStats], no_browser: None) -> None:
    site, _ = printed
    print_pdfs(site.root, [site.job], site.cache, public_url=PUBLIC)
    before = site.job.out_file.stat().st_mtime_ns
    print_pdfs(site.root, [site.job], site.cache, public_url=PUBLIC)
    assert site.job.out_file.stat().st_mtime_ns == before


def test_a_site_moved_to_another_address_prints_its_pdfs_again(
    printed: tuple[Site, PdfStats], no_browser: None, tmp_path: Path
) -> None:
    """The links of a cached PDF name the old address: it is not reused."""
    site, _ = printed
    with pytest.raises(_Launched):
        print_pdfs(site.root, [PdfJob(URL, tmp_path / "x.pdf", TITLE)], site.cache, public_url="https://new.example/")


def test_changed_chart_is_printed_again(printed: tuple[Site, PdfStats], no_browser: None, tmp_path: Path) -> None:
    site, _ = printed
    chart = site.job.out_file.parent / "chart.svg"
    original = chart.read_bytes()
    try:
        chart.write_text(SVG.format("orange"), encoding="utf-8")
        with pytest.raises(_Launched):
            print_pdfs(site.root, [PdfJob(URL, tmp_path / "x.pdf", TITLE)], site.cache)
    finally:
        chart.write_bytes(original)


def test_page_that_does_not_load_is_named(
    printed: tuple[Site, PdfStats], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    site, _ = printed
    monkeypatch.setattr(pdf, "TIMEOUT_MS", 1)
    jobs = [PdfJob(URL, tmp_path / f"{n}.pdf", f"{TITLE} ({n})") for n in range(3)]  # both tabs busy
    with pytest.raises(PdfError, match=f"^{URL}: не удалось напечатать PDF: .*Timeout") as failure:
        print_pdfs(site.root, jobs, tmp_path / "cache")
    assert failure.value.__cause__ is not None  # Playwright's own error stays attached
    assert not list(tmp_path.glob("*.pdf"))


def _key(site: Site, **change: Any) -> str:
    job = PdfJob(change.pop("url_path", site.job.url_path), site.job.out_file, change.pop("title", site.job.title))
    return pdf._cache_key(site.root, job, change.pop("salt", b"salt"))


def test_cache_key_follows_what_is_printed(site: Site) -> None:
    """The key changes with the page, its chart, its stylesheet, the title and the salt — and nothing else."""
    base = _key(site)
    assert _key(site) == base
    (site.root / "unrelated.txt").write_text("другое", encoding="utf-8")
    assert _key(site) == base
    assert _key(site, title="Другой заголовок") != base
    assert _key(site, salt=b"other") != base
    for path in (site.job.out_file.parent / "chart.svg", site.root / "assets" / "print.css"):
        original = path.read_bytes()
        path.write_bytes(original + b" ")
        assert _key(site) != base, path
        path.write_bytes(original)
        assert _key(site) == base
    page = site.job.out_file.parent / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("выросла", "снизилась"), encoding="utf-8")
    assert _key(site) != base


def test_the_page_path_is_part_of_the_key(site: Site) -> None:
    """The same page elsewhere prints other links: absolute ones name its place."""
    elsewhere = site.root / "2025" / "zarechnyy-mr" / "otchet"
    elsewhere.mkdir(parents=True)
    (elsewhere / "index.html").write_bytes((site.job.out_file.parent / "index.html").read_bytes())
    assert _key(site, url_path="/2025/zarechnyy-mr/otchet/") != _key(site)


def test_key_extra_and_date_are_part_of_the_key(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    salt = pdf._salt(None, b"")
    assert pdf._salt(None, b"v2") != salt
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    assert pdf._salt(None, b"") != salt


def test_missing_page_is_named(site: Site, no_browser: None) -> None:
    job = PdfJob("/2026/net-takogo/otchet/", site.root / "x.pdf", TITLE)
    with pytest.raises(PdfError, match="/2026/net-takogo/otchet/"):
        print_pdfs(site.root, [job], site.cache)


def test_no_jobs_start_no_browser(site: Site, no_browser: None) -> None:
    assert print_pdfs(site.root, [], site.cache) == PdfStats(total=0, printed=0, cached=0)


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("chart.svg", "2026/zarechnyy-mr/otchet/chart.svg"),
        ("../../../assets/print.css", "assets/print.css"),
        ("/assets/print.css?v=1#x", "assets/print.css"),
        ("../", "2026/zarechnyy-mr/index.html"),
        ("https://example.org/x.png", None),
        ("//example.org/x.png", None),
        ("data:image/png;base64,AAAA", None),
        ("../../../../../etc/passwd", "etc/passwd"),  # as a browser resolves it: never above the site
    ],
)
def test_references_resolve_inside_the_site(ref: str, expected: str | None) -> None:
    found = pdf._local_file(Path("/site"), URL, ref)
    assert (None if found is None else found.relative_to("/site").as_posix()) == expected


def test_chromium_path_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = tmp_path / "my-chromium"
    fake.write_text("#!/bin/sh\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PROFORIENTIR_CHROMIUM", str(fake))
    assert pdf.chromium_path() == str(fake)
    monkeypatch.setenv("PROFORIENTIR_CHROMIUM", str(tmp_path / "absent"))
    assert pdf.chromium_path() is None


def test_a_missing_chromium_is_explained(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A mistyped PROFORIENTIR_CHROMIUM and a machine without a browser are mended differently: the build says
    which of them it is."""
    monkeypatch.setenv("PROFORIENTIR_CHROMIUM", str(tmp_path / "chromum"))
    assert pdf.chromium_absence() == (
        f"в PROFORIENTIR_CHROMIUM указан «{tmp_path / 'chromum'}», а такой программы нет: исправьте путь или "
        "уберите эту переменную"
    )
    monkeypatch.delenv("PROFORIENTIR_CHROMIUM")
    assert "ни /usr/bin/chromium, ни chromium в PATH" in pdf.chromium_absence()
    assert "apt-get install chromium" in pdf.chromium_absence()
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    assert pdf.chromium_absence().startswith("не установлен Playwright")


def test_serve_uses_a_local_port(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("ok", encoding="utf-8")
    import urllib.request

    with pdf.serve_site(tmp_path) as base:
        assert base.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(f"{base}/a.txt", timeout=10) as response:
            assert response.read() == b"ok"


def test_the_key_reads_every_image_and_stylesheet_however_the_tag_is_written() -> None:
    markup = (
        '<link rel="icon" href="fav.png"><LINK REL="preload stylesheet" href=\'a.css\'>'
        '<img alt="доля > 50 %" src="one.svg"><img srcset="two.svg 1x, three.svg 2x" src=four&amp;.svg>'
        "<p>img src=not-a-tag.svg</p>"
    )
    assert sorted(pdf._references(markup)) == ["a.css", "four&.svg", "one.svg", "three.svg", "two.svg"]
