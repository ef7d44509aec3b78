"""Embeds (issue 14, part 3): ``/embed/<municipality>/`` and ``/embed/<municipality>/<section>/``.

* every municipality with data has its embed and one per section, each at most 30 KB with its stylesheet,
  without any script, with the latest key figures, their change, a link back (``target="_top"``) and the
  full page's citation in the site's own ГОСТ wording;
* embeds stay out of the navigation, the sitemap and the search index, and a name from the data stays text;
* each municipality page offers the ``<iframe>`` code in «Разместить на своём сайте»;
* ``_headers`` forbids framing everywhere but ``/embed/*``; served with those headers, the embed renders in
  an ``<iframe>`` of a page from another origin and an ordinary page does not; axe-core passes on it.
"""

from __future__ import annotations

import html
import http.server
import re
import urllib.request
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml

from generator.build.site_pages import build_site_content
from generator.build.validate import validate
from generator.publish.public_table import public_table
from generator.site import embed, urls
from generator.site.context import SiteInfo

from .browser import chromium, serve
from .conftest import REGISTRY, DataDir, dump
from .site_helpers import BuiltSite
from .test_accessibility import _axe_violations

LIMIT = 30 * 1024


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


@pytest.fixture(scope="module")
def demo(demo_site: BuiltSite) -> dict[str, Any]:
    assert demo_site.result.ok
    year = max(int(p.name) for p in demo_site.out.iterdir() if p.name.isdigit())
    registry = yaml.safe_load((demo_site.data / "region.yaml").read_text(encoding="utf-8"))
    return {"year": year, "municipalities": registry["municipalities"]}


def _embeds(site: Path) -> list[Path]:
    return sorted((site / "embed").rglob("index.html"))


def test_every_municipality_has_its_embed_and_one_per_section(demo_site: BuiltSite, demo: dict[str, Any]) -> None:
    for mu in demo["municipalities"]:
        own = demo_site.out / "embed" / mu["slug"]
        assert (own / "index.html").is_file()
        sections = [p for p in own.iterdir() if p.is_dir()]
        assert sections and all((p / "index.html").is_file() for p in sections)
        # a section's embed belongs to a section page of the latest edition
        assert all((demo_site.out / str(demo["year"]) / mu["slug"] / p.name / "index.html").is_file() for p in sections)


def test_an_embed_is_light_has_no_script_and_links_back_to_its_full_page(demo_site: BuiltSite) -> None:
    css = demo_site.out / "assets" / "stylesheets" / "embed.css"
    for path in _embeds(demo_site.out):
        page = path.read_text(encoding="utf-8")
        url = "/" + path.parent.relative_to(demo_site.out).as_posix() + "/"
        linked = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
        assert [(path.parent / href).resolve() for href in linked] == [css.resolve()]
        assert path.stat().st_size + css.stat().st_size <= LIMIT, url
        assert not re.search(r"<script|\son[a-z]+=|javascript:", page, re.I), url
        assert not re.search(r"<img|<iframe|<link rel=\"(pre|module)", page), url  # nothing else to load
        (back,) = re.findall(r'<a href="([^"]+)" target="_top">', page)
        assert (path.parent / back / "index.html").resolve().is_file(), (url, back)
        figures = re.findall(r'<span class="pf-e__value">([^<]+)</span>', page)
        assert figures, url


def test_the_embed_shows_the_latest_key_figures_with_their_change(demo_site: BuiltSite, demo: dict[str, Any]) -> None:
    slug = sorted(m["slug"] for m in demo["municipalities"])[0]
    page = (demo_site.out / "embed" / slug / "index.html").read_text(encoding="utf-8")
    full = demo_site.page(urls.municipality(demo["year"], slug))
    key = re.search(r'<table class="pf-overview">.*?</table>', full, re.S)
    assert key
    rows = re.findall(r"<tr><th scope=\"row\"><a [^>]*>([^<]+)</a></th><td>([^<]+)</td>", key.group(0))
    shown = dict(
        zip(
            (_text(x) for x in re.findall(r'class="pf-e__label">([^<]+)<', page)),
            (_text(x) for x in re.findall(r'class="pf-e__value">([^<]+)<', page)),
            strict=True,
        )
    )
    expected = {_text(label): _text(value) for label, value in rows if _text(value) != "—"}
    assert shown == expected
    assert len(re.findall(r'class="pf-e__change">(Доля|Число|Значение) [^<]+ за год\.<', page)) == len(shown)


def test_the_embed_cites_its_full_page_in_the_sites_own_words(demo_site: BuiltSite, demo: dict[str, Any]) -> None:
    for path in _embeds(demo_site.out)[:12]:
        page = path.read_text(encoding="utf-8")
        (back,) = re.findall(r'<a href="([^"]+)" target="_top">', page)
        full = (path.parent / back / "index.html").resolve().read_text(encoding="utf-8")
        cite = re.search(r'class="pf-cite__text"[^>]*>(.*?)</p>', full, re.S)
        own = re.search(r'<p class="pf-e__cite"><span class="pf-e__cite-title">Как сослаться:</span>(.*?)</p>', page)
        assert cite and own
        assert _text(own.group(1)) == _text(cite.group(1))


def test_embeds_stay_out_of_navigation_sitemap_and_search(demo_site: BuiltSite, demo: dict[str, Any]) -> None:
    assert "/embed/" not in (demo_site.out / "sitemap.xml").read_text(encoding="utf-8")
    assert '"location":"embed/' not in (demo_site.out / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "embed/" not in str(demo_site.result.nav)
    for path in _embeds(demo_site.out)[:3]:
        assert '<meta name="robots" content="noindex">' in path.read_text(encoding="utf-8")


def test_the_embeds_addresses_are_locked_like_the_pages(demo_site: BuiltSite) -> None:
    locked = (demo_site.data / "urls.lock").read_text(encoding="utf-8").splitlines()
    built = {"/" + p.parent.relative_to(demo_site.out).as_posix() + "/" for p in _embeds(demo_site.out)}
    assert built and built <= set(locked)


def test_each_municipality_latest_page_offers_the_iframe_code(demo_site: BuiltSite, demo: dict[str, Any]) -> None:
    """On the page of the latest figures, which the block shows: an edition's page must not change when a later
    edition comes, and the code's height and example section follow the latest edition."""
    for mu in demo["municipalities"][:3]:
        page = demo_site.page(urls.latest_municipality(mu["slug"]))
        block = re.search(r'<h2 id="embed">Разместить на своём сайте.*?</details>', page, re.S)
        assert block, mu["slug"]
        edition_page = demo_site.page(urls.municipality(demo["year"], mu["slug"]))
        assert "Разместить на своём сайте" not in edition_page
        assert f'href="../../municipalities/{mu["slug"]}/"' in edition_page, "the edition's page links it"
        assert "<details" in block.group(0) and "<script" not in block.group(0)
        (code,) = re.findall(r"<pre[^>]*><code>(.*?)</code></pre>", block.group(0), re.S)
        snippet = html.unescape(code)
        assert snippet.startswith("<iframe ") and snippet.endswith("></iframe>")
        assert f'src="https://demo.proforientir.example/embed/{mu["slug"]}/"' in snippet
        assert 'title="' in snippet


def test_the_headers_file_forbids_framing_except_for_embeds(demo_site: BuiltSite) -> None:
    rules = _rules((demo_site.out / "_headers").read_text(encoding="utf-8"))
    page = _headers_for(rules, "/2026/some-page/")
    assert page["X-Frame-Options"] == "DENY" and page["Content-Security-Policy"] == "frame-ancestors 'none'"
    own = _headers_for(rules, "/embed/some-municipality/")
    assert "X-Frame-Options" not in own and own["Content-Security-Policy"] == "frame-ancestors *"


def test_a_name_from_the_data_stays_text_in_an_embed(datadir: DataDir) -> None:
    registry = yaml.safe_load(yaml.safe_dump(REGISTRY))
    registry["municipalities"][0]["name"] = 'Альфа"><script>alert(1)</script><img src=x onerror=alert(2)>'
    dump(datadir.root / "region.yaml", registry)
    datadir.year(2023, "alpha", {"grads9": 420, "grads9_to_poo": 283})
    report = validate(datadir.root)
    assert report.dataset is not None and report.table is not None, [str(p) for p in report.errors]
    info = SiteInfo(name="Профориентир", region="Тестовая область", demo=True, site_url="https://x.example/")
    content = build_site_content(report.dataset, report.table, public_table(report.table, report.dataset), info)
    page = content.files["embed/alpha/index.html"].decode("utf-8")
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in page
    municipality = content.pages["2023/alpha/index.md"]
    assert "<script>" not in municipality and "<img src=x" not in municipality


# --- served with the _headers rules ----------------------------------------------------------------


def _rules(text: str) -> list[tuple[str, list[str]]]:
    """The blocks of a _headers file: (path pattern, indented lines)."""
    rules: ClassVar[list[tuple[str, list[str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        else:
            rules[-1][1].append(line.strip())
    return rules


def _headers_for(rules: list[tuple[str, list[str]]], path: str) -> dict[str, str]:
    """Cloudflare Pages' reading: every matching rule in order; «! Name» detaches an earlier one."""
    headers: dict[str, str] = {}
    for pattern, lines in rules:
        if not fnmatchcase(path, pattern):
            continue
        for line in lines:
            if line.startswith("!"):
                headers.pop(line[1:].strip(), None)
            else:
                name, _, value = line.partition(":")
                headers[name.strip()] = (
                    headers[name.strip()] + ", " if name.strip() in headers else ""
                ) + value.strip()
    return headers


class _WithHeaders(http.server.SimpleHTTPRequestHandler):
    rules: ClassVar[list[tuple[str, list[str]]]] = []

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        for name, value in _headers_for(self.rules, self.path.split("?", 1)[0]).items():
            self.send_header(name, value)
        super().end_headers()


def _serve_with_headers(directory: Path) -> Any:
    handler = type("Handler", (_WithHeaders,), {"rules": _rules((directory / "_headers").read_text(encoding="utf-8"))})
    return serve(directory, handler)


def test_the_snippet_renders_the_embed_in_a_page_of_another_origin_and_a_full_page_stays_unframed(
    demo_site: BuiltSite, demo: dict[str, Any], tmp_path: Path
) -> None:
    slug = sorted(m["slug"] for m in demo["municipalities"])[0]
    full_url = urls.municipality(demo["year"], slug)
    code = re.search(r"<pre[^>]*><code>(.*?)</code></pre>", demo_site.page(urls.latest_municipality(slug)), re.S)
    assert code
    with _serve_with_headers(demo_site.out) as site, chromium() as browser:
        with urllib.request.urlopen(site + full_url) as response:  # the server sends what _headers says
            assert response.headers["X-Frame-Options"] == "DENY"
        with urllib.request.urlopen(site + embed.url(slug)) as response:
            assert response.headers["X-Frame-Options"] is None
            assert response.headers["Content-Security-Policy"] == "frame-ancestors *"
        snippet = html.unescape(code.group(1)).replace("https://demo.proforientir.example/", site + "/")
        host = tmp_path / "host"
        host.mkdir()
        (host / "index.html").write_text(
            '<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Сайт школы</title></head><body>'
            f"<h1>Сайт школы</h1>{snippet.replace('<iframe ', '<iframe name=embed ', 1)}"
            f'<iframe name="page" title="Страница сайта" src="{site}{full_url}"></iframe></body></html>',
            encoding="utf-8",
        )
        with serve(host) as other:
            assert other.split(":")[-1] != site.split(":")[-1]  # two origins: different ports
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            try:
                page.goto(other + "/")
                page.wait_for_load_state("networkidle")
                frame = page.frame(name="embed")
                assert frame is not None and frame.url.startswith(site + "/embed/")
                frame.wait_for_selector(".pf-e__value", timeout=10_000)
                values = frame.locator(".pf-e__value").all_inner_texts()
                assert values and all(v.strip() for v in values)
                assert frame.locator("h1").inner_text().strip()
                assert frame.locator("a[target=_top]").count() == 1
                blocked = page.frame(name="page")
                assert blocked is not None and not blocked.url.startswith(site), (
                    "an ordinary page of the site must not render inside another site's frame"
                )
            finally:
                page.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_axe_finds_no_wcag_a_or_aa_violation_on_an_embed(
    demo_site: BuiltSite, demo: dict[str, Any], width: int
) -> None:
    slug = sorted(m["slug"] for m in demo["municipalities"])[0]
    with serve(demo_site.out, search=False) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": width, "height": 700})
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        try:
            for url in (
                embed.url(slug),
                *(f"/embed/{slug}/{p.name}/" for p in (demo_site.out / "embed" / slug).iterdir() if p.is_dir()),
            ):
                page.goto(base + url)  # loaded: an embed has no script that would change it afterwards
                assert _axe_violations(page) == [], f"{url} at {width} px"
                wide = page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
                assert not wide, f"{url} scrolls sideways at {width} px"
        finally:
            page.close()
        assert errors == []
