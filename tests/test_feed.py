"""feed.xml: an Atom feed of the editions and the corrections, valid by RFC 4287's own schema.

The feed is checked with the RELAX NG grammar of RFC 4287 (appendix B, tests/fixtures/atom/atom.rnc),
converted by rnc2rng and run by lxml, plus the two Schematron rules the grammar carries as annotations
(an author for every entry; a link or a content in every entry), evaluated as XPath by lxml. One small
deployment is published and corrected; its feed has one entry per edition and per correction, with stable
ids, and two builds give the same bytes. Every page links the feed in its head; the home page says where it is.
"""

from __future__ import annotations

import contextlib
import io
from functools import cache
from pathlib import Path

import lxml.etree as lxml_etree
import pytest
import rnc2rng

from generator.cli import main

from .conftest import FIXTURES, DataDir
from .site_helpers import BuiltSite, build_site

ATOM = {"a": "http://www.w3.org/2005/Atom"}
REASON = "Школа № 2 уточнила число выпускников 9 классов, поступивших в колледжи"


@cache
def atom_schema():  # type: ignore[no-untyped-def]
    """RFC 4287's RELAX NG grammar. rnc2rng declares the empty «local» namespace as a prefix, which XML does
    not allow and the grammar never uses (its names carry ns="" themselves): the declaration is dropped."""
    compact = (FIXTURES / "atom" / "atom.rnc").read_text(encoding="utf-8")
    grammar = rnc2rng.dumps(rnc2rng.loads(compact)).replace('xmlns:local=""', "")
    return lxml_etree.RelaxNG(lxml_etree.fromstring(grammar.encode("utf-8")))


def assert_valid_atom(data: bytes) -> object:
    """The feed parsed, valid by the RELAX NG grammar and by its two Schematron rules; returns the root."""
    root = lxml_etree.fromstring(data)
    schema = atom_schema()
    assert schema.validate(root), str(schema.error_log)
    # s:rule context="atom:feed": an author, unless every entry has one
    assert root.xpath("boolean(a:author or not(a:entry[not(a:author)]))", namespaces=ATOM)
    for entry in root.xpath("a:entry", namespaces=ATOM):
        assert entry.xpath("boolean(a:link[@rel='alternate'] or a:link[not(@rel)] or a:content)", namespaces=ATOM)
        assert entry.xpath("boolean(a:author or ../a:author or a:source/a:author)", namespaces=ATOM)
    return root


def test_the_schema_refuses_what_rfc_4287_refuses() -> None:
    """The validator is not a formality: a feed without an id, or with a date that is not a date-time, fails."""
    head = b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><author><name>a</name></author>'
    good = head + b"<id>tag:example.org,2024:f</id><updated>2024-09-01T00:00:00Z</updated></feed>"
    assert atom_schema().validate(lxml_etree.fromstring(good))
    no_id = head + b"<updated>2024-09-01T00:00:00Z</updated></feed>"
    a_day_not_a_moment = head + b"<id>x:y</id><updated>2024-09-01</updated></feed>"
    for bad in (no_id, a_day_not_a_moment):
        assert not atom_schema().validate(lxml_etree.fromstring(bad))


def _run(*args: str) -> None:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(list(args)) == 0, args


@pytest.fixture(scope="module")
def corrected(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuiltSite, bytes]:
    """A deployment with a published, then corrected edition and a second edition not marked published;
    built twice (the feed of the first build is returned beside the site of the second)."""
    root = tmp_path_factory.mktemp("feed")
    data = DataDir(root / "data")
    data.year(2024, "alpha", {"students_g9": 80, "grads9": 80, "grads9_to_poo": 46})
    data.year(2024, "beta", {"students_g9": 30, "grads9": 30, "grads9_to_poo": 12})
    _run("publish", "2024", "--date", "2024-09-01", "--data", str(data.root))
    data.year(2024, "alpha", {"students_g9": 80, "grads9": 80, "grads9_to_poo": 52})
    _run("correct", "2024", "--date", "2024-09-12", "--reason", REASON, "--data", str(data.root))
    data.year(2025, "alpha", {"students_g9": 82, "grads9": 82, "grads9_to_poo": 50})
    data.year(2025, "beta", {"students_g9": 31, "grads9": 31, "grads9_to_poo": 14})
    out, work = root / "site", root / "build"
    first = build_site(data.root, out, work)
    assert first.ok, [str(p) for p in first.problems]
    feed = (out / "feed.xml").read_bytes()
    second = build_site(data.root, out, work)
    assert second.ok
    return BuiltSite(data.root, out, work, second), feed


def test_the_feed_is_valid_atom_with_an_entry_per_edition_and_per_correction(
    corrected: tuple[BuiltSite, bytes],
) -> None:
    site, _ = corrected
    root = assert_valid_atom((site.out / "feed.xml").read_bytes())
    entries = root.xpath("a:entry", namespaces=ATOM)
    titles = [e.findtext("a:title", namespaces=ATOM) for e in entries]
    assert titles == [
        "Выпуск 2024/25 учебного года",  # on the site, not marked published: dated by its data
        "Исправление выпуска 2023/24 учебного года от 12.09.2024",
        "Опубликован выпуск 2023/24 учебного года",
    ]
    correction = entries[1]
    assert correction.findtext("a:updated", namespaces=ATOM) == "2024-09-12T00:00:00Z"
    summary = correction.findtext("a:summary", namespaces=ATOM)
    assert summary.startswith(REASON) and "было 57,5\u00a0%, стало 65,0\u00a0%" in summary
    link = correction.find("a:link", namespaces=ATOM).get("href")
    assert link == "https://demo.proforientir.example/2024/corrections/#correction-1"
    assert entries[2].findtext("a:id", namespaces=ATOM) == "https://demo.proforientir.example/2024/"
    assert entries[2].findtext("a:updated", namespaces=ATOM) == "2024-09-01T00:00:00Z"
    ids = [e.findtext("a:id", namespaces=ATOM) for e in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:  # every entry links a page the site has
        href = entry.find("a:link", namespaces=ATOM).get("href").split("#")[0]
        path = href.removeprefix("https://demo.proforientir.example/")
        assert (site.out / path / "index.html").is_file(), href
        if "#" in entry.find("a:link", namespaces=ATOM).get("href"):
            assert 'id="correction-1"' in site.page("/" + path)


def test_two_builds_give_the_same_feed(corrected: tuple[BuiltSite, bytes]) -> None:
    site, first = corrected
    assert (site.out / "feed.xml").read_bytes() == first


def test_every_page_links_the_feed_in_its_head_and_the_home_page_says_where_it_is(
    corrected: tuple[BuiltSite, bytes],
) -> None:
    site, _ = corrected
    # the embeds are standalone blocks shown inside other sites' frames, not pages of this site
    pages = sorted(p for p in site.out.rglob("index.html") if "embed" not in p.relative_to(site.out).parts)
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        head = html.split("</head>", 1)[0]
        assert '<link rel="alternate" type="application/atom+xml"' in head, page
        href = head.split('type="application/atom+xml"', 1)[1].split('href="', 1)[1].split('"', 1)[0]
        assert (page.parent / href).resolve() == (site.out / "feed.xml").resolve(), (page, href)
    home = site.page("/")
    assert 'href="feed.xml"' in home.split("</head>", 1)[1] and "Лента обновлений" in home


def test_the_demo_feed_is_valid_atom(demo_site) -> None:  # type: ignore[no-untyped-def]
    root = assert_valid_atom((demo_site.out / "feed.xml").read_bytes())
    years = sorted(int(p.name) for p in Path(demo_site.data).iterdir() if p.is_dir() and p.name.isdigit())
    assert len(root.xpath("a:entry", namespaces=ATOM)) == len(years)  # one per edition: the demo corrects none
