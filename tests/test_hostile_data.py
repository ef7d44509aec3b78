"""Data are typed by people: whatever they type is shown as text, never run, never turned into markup.

One small site (the Kemerovo fixture: one municipality, two years, the real catalogue and rules) is built
with hostile strings in every place where people type text: the names in ``region.yaml``, goals, events,
measures, decisions, the analysis and the analysis by section. Each test takes one class of hostile
string and checks that it is inert everywhere it ends up — the pages, the chart specs and the downloads —
or that validation rejects it with a Russian message naming the file and the line.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.build.validate import validate
from generator.core.text import markdown_text
from generator.publish.tabular import to_csv_bytes
from generator.publish.xlsx import to_xlsx_bytes

from .conftest import ROOT, copy_fixture
from .site_helpers import build_site, drawn_specs

SLUG = "kemerovskiy-mo"
YEAR = 2022

# --- the hostile strings, one class at a time ----------------------------------------------------

SCRIPT = "<script>window.__pwned=1;alert(1)</script>"
IMG = "<img src=x onerror=window.__pwned=1;alert(1)>"
SVG = "<svg onload=window.__pwned=1;alert(1)>"
MARKUP = '**жирный** [ссылка](javascript:alert(1)) <b>полужирный</b> {: onclick="window.__pwned=1" }'
ATTR_LIST = 'Текст абзаца\n{: onclick="window.__pwned=1" #pwned }'
JINJA = "Ж{{ 7*7 }}Ж {% raw %}Ж"
LONG = "Д" * 10_000
INVISIBLE = "Кеме\u202eровский\u200b округ"
FORMULAS = ('=HYPERLINK("http://evil.example/","x")', "+1", "-1", "@SUM(1)")

# The municipality's and the region's names: one name each, so they carry several classes at once, and
# they begin with a formula character, since names are the texts that reach the downloads.
# Both carry a Markdown link with a javascript: target (the region's name once became an active link on
# «/») and an ampersand, which must reach the reader as «&», never as «&amp;».
LINK = "[клик](javascript:alert(document.domain))"
AMPERSAND = "«Труд & профессия»"
MUNICIPALITY = (
    f"{FORMULAS[0]} {SCRIPT} {IMG} **ж** {{{{ 7*7 }}}} {{: onclick=x }} {LINK} {AMPERSAND} Кеме\u202eровский\u200b"
)
REGION = f"{FORMULAS[3]} {SVG} Область {LINK} {AMPERSAND} Кузбасс"

ANALYSIS_LINKS = (
    "Подробнее — [сайт](https://example.ru/a).\n\n"
    "[опасная](javascript:window.__pwned=1) [ещё](JavaScript:alert(1))\n"
    "[данные](data:text/html,<script>alert(1)</script>)\n\n"
    "[пробел]( javascript:alert(1)) [угловые](<javascript:alert(1)>) ![картинка](javascript:alert(1))\n\n"
    "<javascript:alert(1)> <data:text/html,alert(1)>\n\n"
    "[ссылкой][1] и [другой][данные]\n\n"
    "[1]: javascript:window.__pwned=1\n"
    "[данные]: data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\n"
)


def _hostile_year(year: int) -> dict[str, Any]:
    every = [SCRIPT, IMG, SVG, MARKUP, JINJA, INVISIBLE, *FORMULAS]
    return {
        "goals": [*every, ATTR_LIST.replace("\n", " "), "Ж" * 500],
        "events": [
            {"date": f"{year - 1}-10-0{n % 9 + 1}", "title": t, "level": "муниципальный", "link": "https://example.ru/e"}
            for n, t in enumerate(every)
        ],
        "measures": [
            {
                "number": f"{n + 1}.1",
                "title": t,
                "deadline": f"{year}-05-31",
                "responsible": t,
                "expected_result": t,
                "status": "выполнено",
            }
            for n, t in enumerate(every)
        ]
        # an order's instruction: an addressee and every hostile string as one of its unnumbered sub-items
        + [{"number": f"{len(every) + 1}", "responsible": SCRIPT, "items": every}],
        # what the document calls its list and one entry of it: a caption and a column's head
        "measures_title": f"{SCRIPT} {JINJA}",
        "measures_item": f"{IMG} {JINJA}",
        "decisions": [
            {"kind": "приказ", "number": f"{n + 1}-{{{{7*7}}}}", "date": f"{year - 1}-09-01", "title": t,
             "link": "https://example.ru/d"}
            for n, t in enumerate(every)
        ],
        "analysis": "\n\n".join(
            [f"Охват **вырос**. {SCRIPT}", IMG, SVG, MARKUP, ATTR_LIST, JINJA, INVISIBLE, *FORMULAS,
             "{% endraw %}{{ 7*7 }}", ANALYSIS_LINKS, LONG]
        ),
        "section_analysis": {
            "support": f"{SCRIPT}\n\n{IMG}",
            "partners": MARKUP,
            "early": ATTR_LIST,
            "disabilities": JINJA,
            "preferences": LONG,
            "exams": INVISIBLE,
            "admissions": "\n\n".join(FORMULAS),
            "labour_market": ANALYSIS_LINKS,
        },
        "effectiveness": f"{SCRIPT} {JINJA} {MARKUP}",
    }


def _write_hostile_data(data: Path) -> None:
    shutil.rmtree(data / "2020")  # two years are enough: a change, a chart line
    shutil.copy(ROOT / "data" / "rules.yaml", data / "rules.yaml")
    registry = yaml.safe_load((data / "region.yaml").read_text(encoding="utf-8"))
    registry["region"]["name"] = REGION
    registry["region"]["authority"] = f"{SCRIPT} {JINJA}"
    municipality = registry["municipalities"][0]
    municipality["name"] = MUNICIPALITY
    municipality["schools"] = [
        {"id": f"s-{n}", "name": t} for n, t in enumerate([SCRIPT, IMG, MARKUP, JINJA, INVISIBLE, *FORMULAS])
    ]
    _dump(data / "region.yaml", registry)
    for year in (2021, 2022):
        path = data / str(year) / f"{SLUG}.yaml"
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
        content.update(_hostile_year(year))
        _dump(path, content)


def _dump(path: Path, content: Any) -> None:
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


@dataclass
class Site:
    data: Path
    out: Path

    def html_pages(self) -> dict[str, str]:
        return {
            "/" + str(p.relative_to(self.out).parent).replace(".", "").strip("/") + "/": p.read_text(encoding="utf-8")
            for p in sorted(self.out.rglob("*.html"))
        }

    def texts(self) -> dict[str, str]:
        """Every text file the site serves that carries data: pages, chart specs, search index, CSVs."""
        found: dict[str, str] = {}
        for p in sorted(self.out.rglob("*")):
            if p.suffix in {".html", ".json", ".csv", ".svg", ".xml"} and "assets" not in p.parts:
                found[str(p.relative_to(self.out))] = p.read_text(encoding="utf-8-sig")
        return found


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("hostile")
    data = copy_fixture("kemerovo", root / "data")
    _write_hostile_data(data)
    report = validate(data)
    assert report.errors == [], "\n".join(str(p) for p in report.errors)
    result = build_site(data, root / "site", root / "build")
    assert result.ok, "\n".join(str(p) for p in result.problems)
    return Site(data, root / "site")


# --- what "inert" means on a page ----------------------------------------------------------------

_TAG = re.compile(r"<(?P<name>[a-zA-Z][\w:-]*)(?P<attrs>(?:\"[^\"]*\"|'[^']*'|[^'\">])*)>")
_ATTR = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


def _tags(page: str) -> Iterator[tuple[str, dict[str, str]]]:
    for m in _TAG.finditer(page):
        attrs: dict[str, str] = {}
        for a in _ATTR.finditer(m.group("attrs")):
            attrs[a.group(1).lower()] = html.unescape(a.group(2) or a.group(3) or a.group(4) or "")
        yield m.group("name").lower(), attrs


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _visible(page: str) -> str:
    """The text of a page as a reader sees it: tags dropped, entities decoded."""
    parser = _Text()
    parser.feed(page)
    return "".join(parser.parts)


def _municipality_pages(site: Site) -> dict[str, str]:
    return {u: p for u, p in site.html_pages().items() if f"/{SLUG}/" in u}


def test_the_hostile_site_has_the_pages_that_show_typed_text(site: Site) -> None:
    pages = site.html_pages()
    for url in (f"/{YEAR}/{SLUG}/", f"/{YEAR}/{SLUG}/cycle/", f"/{YEAR}/{SLUG}/report/"):
        assert url in pages, sorted(pages)
    report = _visible(pages[f"/{YEAR}/{SLUG}/report/"])
    assert "Охват вырос" in report  # the analysis keeps its Markdown: **вырос** is bold, not literal


# --- HTML: <script>, <img onerror>, <svg onload> ------------------------------------------------


def test_html_in_data_is_shown_as_text_and_never_becomes_an_element(site: Site) -> None:
    pages = site.html_pages()
    own_scripts = 0
    for url, page in pages.items():
        assert "window.__pwned" not in "".join(
            s for s in re.findall(r"<script\b[^>]*>(.*?)</script>", page, re.S)
        ), url
        for name, attrs in _tags(page):
            handlers = [a for a in attrs if a.startswith("on")]
            assert handlers == [], f"{url}: <{name}> has {handlers}"
            if name == "script":
                own_scripts += 1
            assert not (name == "img" and attrs.get("src") == "x"), url
            assert not (name == "svg" and "onload" in attrs), url
    assert own_scripts > 0  # the checker sees the site's own scripts, so it would see an injected one
    municipality = _municipality_pages(site)
    for url in (f"/{YEAR}/{SLUG}/", f"/{YEAR}/{SLUG}/cycle/", f"/{YEAR}/{SLUG}/report/"):
        text = _visible(municipality[url])
        assert SCRIPT in text, url  # shown, as typed
        assert IMG in text, url


def test_html_in_data_stays_data_in_chart_specs_and_the_search_index(site: Site) -> None:
    assert not list((site.out / "charts").rglob("*.json"))  # no chart has a file of its own
    shown = False
    count = 0
    for url, page in site.html_pages().items():
        for figure, spec in drawn_specs(site.out, url, page).items():  # as the browser builds them
            count += 1
            assert "$schema" in spec, (url, figure)
            text = json.dumps(spec, ensure_ascii=False)
            shown = shown or "<script>" in text
            # the spec is data: Vega draws names as SVG text and the tooltip handler escapes them, so they
            # need no escaping here, but nothing in the spec may tell Vega to treat a value as HTML
            assert '"html"' not in text and "innerHTML" not in text, (url, figure)
        for spec in re.findall(r'data-spec="([^"]*)"', page):
            assert spec.endswith(".json") or ".json#" in spec, spec  # the page names a file of the site
            assert "<" not in html.unescape(spec), spec
    assert count
    assert shown  # the names are in the specs as typed: Vega draws them as text
    search = site.out / "search" / "search_index.json"
    assert search.exists()
    if search.exists():
        index = json.loads(search.read_text(encoding="utf-8"))
        for doc in index["docs"]:
            # Material renders the index's text as HTML: a typed tag must be there as an entity, not a tag
            assert "<script" not in doc["text"] and "<img" not in doc["text"] and "<svg" not in doc["text"], (
                doc["location"]
            )
            assert "<script" not in doc["title"] and "<img" not in doc["title"], doc["location"]


def test_the_static_chart_pictures_hold_names_as_svg_text(site: Site) -> None:
    pictures = [p for p in site.out.rglob("*.svg") if "assets" not in p.parts]
    assert pictures
    for path in pictures:
        for name, attrs in _tags(path.read_text(encoding="utf-8")):
            assert name not in {"script", "foreignobject", "img"}, (path, name)
            assert not any(a.startswith("on") for a in attrs), (path, name, attrs)


# --- links: javascript: and data: ----------------------------------------------------------------


def test_no_link_on_the_site_has_a_javascript_or_data_scheme(site: Site) -> None:
    for url, page in site.html_pages().items():
        for name, attrs in _tags(page):
            for key in ("href", "src", "action", "formaction", "xlink:href"):
                value = re.sub(r"[\s\x00-\x1f]", "", attrs.get(key, "")).lower()
                assert not value.startswith(("javascript:", "vbscript:")), f"{url}: <{name} {key}={value}>"
                if value.startswith("data:"):
                    # the theme's own inline icons are data:image/svg+xml; nothing from data is a data: link
                    assert name in {"img", "link"} and value.startswith("data:image/svg+xml"), f"{url}: {value}"
    report = site.html_pages()[f"/{YEAR}/{SLUG}/report/"]
    assert '<a href="https://example.ru/a">сайт</a>' in report  # an http(s) link in the analysis stays a link


def test_a_markdown_link_in_a_name_stays_text_on_every_page_and_is_escaped_once(site: Site) -> None:
    pages = site.html_pages()
    home = (site.out / "index.html").read_text(encoding="utf-8")
    for url, page in pages.items():
        assert "javascript:" not in " ".join(a.get("href", "") for _, a in _tags(page)).lower(), url
        # typed text is escaped once: «&» reaches the page as «&amp;», never as «&amp;amp;» or «&amp;lt;»
        assert re.search(r"&amp;(amp|lt|gt|quot|#\d+);", page) is None, url
        assert "<strong>ж</strong>" not in page, url  # the name's **ж** is never bold
    text = _visible(home)
    assert f"Область {LINK} {AMPERSAND} Кузбасс" in text  # the region's name on «/», as typed
    assert f"{LINK} {AMPERSAND}" in _visible(pages[f"/{YEAR}/{SLUG}/"])


def test_every_page_has_a_content_security_policy_and_no_inline_script(site: Site) -> None:
    policy_re = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
    for url, page in site.html_pages().items():
        if 'http-equiv="refresh"' in page:
            continue  # a redirect page holds no data and no script
        found = policy_re.search(page)
        assert found, url
        policy = dict(part.strip().split(" ", 1) for part in found.group(1).split(";"))
        if url.startswith("/embed/"):  # a standalone embed runs no script at all: stricter than the pages
            assert policy["script-src"] == "'none'" and policy["default-src"] == "'none'", (url, policy)
            assert policy["style-src"] == "'self'" and "<script" not in page, url
            continue
        assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'", (url, policy)
        assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'", (url, policy)
        assert found.start() < page.find("<script"), url  # before the first script, or it does not apply
        for name, attrs in _tags(page):
            if name == "script":
                assert "src" in attrs or attrs.get("type") == "application/json", url
        inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", page)
        assert inline == [], url


def test_reference_links_and_autolinks_with_other_schemes_are_neutralised() -> None:
    import markdown

    rendered = markdown.markdown(markdown_text(ANALYSIS_LINKS), extensions=["attr_list", "md_in_html", "tables"])
    hrefs = re.findall(r'(?:href|src)="([^"]*)"', rendered)
    assert "https://example.ru/a" in hrefs
    assert all(h.startswith(("https://", "http://", "#")) for h in hrefs), hrefs


def test_a_link_other_than_http_is_rejected_by_validation_at_its_line(tmp_path: Path) -> None:
    data = copy_fixture("kemerovo", tmp_path / "data")
    path = data / str(YEAR) / f"{SLUG}.yaml"
    text = path.read_text(encoding="utf-8")
    lines = [
        "events:",
        "  - date: 2022-03-01",
        "    title: Ярмарка",
        "    level: муниципальный",
        "    link: javascript:alert(1)",
        "  - date: 2022-03-02",
        "    title: Ярмарка",
        "    level: муниципальный",
        "    link: data:text/html,<script>alert(1)</script>",
        "decisions:",
        "  - number: '1'",
        "    date: 2022-03-01",
        "    title: Приказ",
        "    link: ' JAVASCRIPT:alert(1)'",
    ]
    path.write_text(text + "\n".join(lines) + "\n", encoding="utf-8")
    first = len(text.splitlines()) + 1
    errors = validate(data).errors
    got = sorted((p.line, p.message) for p in errors)
    assert [line for line, _ in got] == [first + 4, first + 8, first + 13], got
    for problem in errors:
        assert problem.path.endswith(f"{YEAR}/{SLUG}.yaml")
        assert "ожидается ссылка, начинающаяся с http:// или https://" in problem.message


# --- Markdown and attr_list ----------------------------------------------------------------------


def test_markdown_and_attribute_lists_in_plain_text_stay_literal(site: Site) -> None:
    pages = _municipality_pages(site)
    for url, page in pages.items():
        for _name, attrs in _tags(page):
            assert attrs.get("id") != "pwned", url
            assert not any(a.startswith("on") for a in attrs), url
    cycle = _visible(pages[f"/{YEAR}/{SLUG}/cycle/"])
    assert MARKUP in cycle  # a goal and a measure: the asterisks, brackets and braces as typed
    municipality = pages[f"/{YEAR}/{SLUG}/"]
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", municipality, re.S)
    assert heading and "<strong>" not in heading.group(1) and "**ж**" in html.unescape(heading.group(1))
    assert "{: onclick=x }" in html.unescape(heading.group(1))


def test_the_analysis_keeps_markdown_but_loses_html_and_attribute_lists(site: Site) -> None:
    report = site.html_pages()[f"/{YEAR}/{SLUG}/report/"]
    assert "<strong>вырос</strong>" in report
    assert "<b>полужирный</b>" not in report and "&lt;b&gt;полужирный&lt;/b&gt;" in report
    assert 'id="pwned"' not in report
    assert "{: onclick" in _visible(report)  # the attribute list is shown as text


def test_a_measures_sub_items_are_list_items_of_text_as_typed(site: Site) -> None:
    """Each sub-item is one <li> of the measure's cell holding its text as typed; none becomes an element."""
    typed = _hostile_year(YEAR)["measures"][-1]["items"]
    expected = [t.replace("\u202e", "").replace("\u200b", "") for t in typed]  # the marks are dropped on reading
    for url in (f"/{YEAR}/{SLUG}/cycle/", f"/{YEAR}/{SLUG}/report/"):
        page = site.html_pages()[url]
        lists = re.findall(r'<ul class="pf-measure-items">(.*?)</ul>', page, re.S)
        assert len(lists) == 1, url
        assert [html.unescape(i) for i in re.findall(r"<li>([^<]*)</li>", lists[0])] == expected, url
        assert "<" not in re.sub(r"</?li>", "", lists[0]), url  # nothing in the list but its items


# --- Jinja ------------------------------------------------------------------------------------------


def test_jinja_syntax_in_data_is_shown_literally(site: Site) -> None:
    pages = _municipality_pages(site)
    for url in (f"/{YEAR}/{SLUG}/", f"/{YEAR}/{SLUG}/cycle/", f"/{YEAR}/{SLUG}/report/"):
        text = _visible(pages[url])
        assert "Ж{{ 7*7 }}Ж {% raw %}Ж" in text, url
        assert "Ж49Ж" not in text, url
    for name, text in site.texts().items():  # pages, chart specs, the search index, the CSVs
        assert "Ж49Ж" not in text, name
    decisions = _visible(pages[f"/{YEAR}/{SLUG}/cycle/"])
    assert "1-{{7*7}}" in decisions


# --- very long strings -----------------------------------------------------------------------------


def test_a_long_analysis_is_published_whole(site: Site) -> None:
    report = _visible(site.html_pages()[f"/{YEAR}/{SLUG}/report/"])
    assert LONG in report


def test_a_too_long_name_is_rejected_with_its_length_and_line(tmp_path: Path) -> None:
    data = copy_fixture("kemerovo", tmp_path / "data")
    path = data / str(YEAR) / f"{SLUG}.yaml"
    text = path.read_text(encoding="utf-8")
    addition = f"goals:\n  - {LONG}\nanalysis: {'А' * 20_001}\n"
    path.write_text(text + addition, encoding="utf-8")
    first = len(text.splitlines()) + 1
    errors = sorted(validate(data).errors, key=lambda p: p.line)
    assert [p.line for p in errors] == [first + 1, first + 2], [str(p) for p in errors]
    assert "текст слишком длинный: 10000 символов, а допускается не более 500" in errors[0].message
    assert "текст слишком длинный: 20001 символ, а допускается не более 20000" in errors[1].message
    assert all(p.path.endswith(f"{YEAR}/{SLUG}.yaml") for p in errors)


# --- right-to-left override and zero-width characters ------------------------------------------


def test_bidirectional_and_zero_width_marks_never_reach_the_site(site: Site) -> None:
    for name, text in site.texts().items():
        assert "\u202e" not in text and "\u200b" not in text, name
    cycle = _visible(site.html_pages()[f"/{YEAR}/{SLUG}/cycle/"])
    assert "Кеме" + "ровский округ" in cycle  # the visible letters stay


def test_bidirectional_and_zero_width_marks_never_reach_the_xlsx(site: Site) -> None:
    for path in (site.out / "data").glob("*.xlsx"):
        for value in _xlsx_strings(path):
            assert "\u202e" not in value and "\u200b" not in value, path


# --- NUL and other control characters -------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        pytest.param("\x00", "U+0000", id="NUL"),
        pytest.param("\x07", "U+0007", id="BEL"),
        pytest.param("\x1b", "U+001B", id="ESC"),
        pytest.param("\x7f", "U+007F", id="DEL"),
    ],
)
def test_a_control_character_typed_into_a_file_is_rejected_at_its_line(tmp_path: Path, raw: str, code: str) -> None:
    data = copy_fixture("kemerovo", tmp_path / "data")
    path = data / str(YEAR) / f"{SLUG}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + f"goals:\n  - Встреча{raw}с мастерами\n", encoding="utf-8")
    errors = validate(data).errors
    assert len(errors) == 1, [str(p) for p in errors]
    problem = errors[0]
    assert problem.path.endswith(f"{YEAR}/{SLUG}.yaml")
    assert (problem.line, problem.column) == (len(text.splitlines()) + 2, len("  - Встреча") + 1)
    assert f"недопустимый управляющий символ {code}" in problem.message


@pytest.mark.parametrize(
    ("escape", "code"),
    [
        pytest.param("\\0", "U+0000", id="NUL"),
        pytest.param("\\a", "U+0007", id="BEL"),
        pytest.param("\\e", "U+001B", id="ESC"),
        pytest.param("\\x7f", "U+007F", id="DEL"),
    ],
)
def test_a_control_character_written_as_a_yaml_escape_is_rejected_at_its_line(
    tmp_path: Path, escape: str, code: str
) -> None:
    data = copy_fixture("kemerovo", tmp_path / "data")
    (data / "region.yaml").write_text(
        "region:\n  name: Кузбасс\nmunicipalities:\n  - slug: kemerovskiy-mo\n"
        f'    name: "Кемеровский{escape} муниципальный округ"\n    type: муниципальный округ\n',
        encoding="utf-8",
    )
    errors = validate(data).errors
    assert len(errors) == 1, [str(p) for p in errors]
    problem = errors[0]
    assert problem.path.endswith("region.yaml") and problem.line == 5
    assert f"текст содержит управляющий символ (код {code})" in problem.message


# --- CSV formulas ------------------------------------------------------------------------------------


def _csv_cells(path: Path) -> list[str]:
    raw = path.read_bytes()
    if "opendata" not in path.parts:  # the Excel-facing downloads carry a BOM; the open-data sets follow RFC 4180
        assert raw.startswith(b"\xef\xbb\xbf"), path
    return [cell for row in csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")) for cell in row]


def _xlsx_cells(path: Path) -> list[Any]:
    import openpyxl

    book = openpyxl.load_workbook(path)  # formulas as written, not their cached results
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _xlsx_strings(path: Path) -> list[str]:
    return [c.value for c in _xlsx_cells(path) if isinstance(c.value, str)]


def test_text_that_looks_like_a_formula_is_never_a_formula_in_the_downloads(site: Site) -> None:
    csvs = sorted(site.out.rglob("*.csv"))
    assert csvs
    for path in csvs:
        for cell in _csv_cells(path):
            if cell[:1] in ("=", "+", "@", "\t", "\r"):
                pytest.fail(f"{path.name}: the cell {cell!r} would be run as a formula")
            if cell[:1] == "-":
                float(cell)  # a negative number (a change) is a number; a text never starts with «-»
    whole = _csv_cells(site.out / "data" / "proforientir-all.csv")
    assert any(c.startswith("'=HYPERLINK(") for c in whole)  # the name, with its protecting apostrophe
    assert any(c.startswith("'@SUM(1)") for c in whole)
    xlsx = sorted((site.out / "data").glob("*.xlsx"))
    assert xlsx
    for path in xlsx:
        cells = _xlsx_cells(path)
        assert all(c.data_type != "f" for c in cells), path
        names = [
            c for c in cells if isinstance(c.value, str) and c.value.lstrip("'").startswith(("=HYPERLINK", "@SUM"))
        ]
        assert names, path
        for cell in names:
            assert cell.data_type == "s" and cell.quotePrefix, (path, cell.coordinate)


@pytest.mark.parametrize("text", FORMULAS)
def test_each_formula_prefix_is_neutralised_in_csv_and_xlsx(tmp_path: Path, text: str) -> None:
    import pandas as pd

    df = pd.DataFrame({"territory_name": [text, f"{text} и ещё"], "change": [-1.5, 2.0]})
    cells = list(csv.reader(io.StringIO(to_csv_bytes(df)[3:].decode("utf-8"), newline="")))
    assert cells[1][0] == "'" + text and cells[2][0] == f"'{text} и ещё"
    assert cells[1][1] == "-1.5"  # a number is not touched
    path = tmp_path / "t.xlsx"
    path.write_bytes(to_xlsx_bytes(df))
    import openpyxl

    sheet = openpyxl.load_workbook(path).worksheets[0]
    cell = sheet["A2"]
    assert cell.data_type == "s" and cell.value in (text, "'" + text), cell.value
    assert cell.quotePrefix
    assert sheet["B2"].data_type == "n" and sheet["B2"].value == -1.5


def test_formula_texts_on_the_pages_are_plain_text(site: Site) -> None:
    cycle = _visible(site.html_pages()[f"/{YEAR}/{SLUG}/cycle/"])
    for text in FORMULAS:
        assert text in cycle


# --- in a browser ----------------------------------------------------------------------------------


def test_opening_the_pages_with_hostile_data_runs_no_script_and_opens_no_dialog(site: Site) -> None:
    from .browser import PageLog, chromium, serve

    urls = [
        "/",
        f"/{YEAR}/",
        f"/{YEAR}/{SLUG}/",
        f"/{YEAR}/{SLUG}/cycle/",
        f"/{YEAR}/{SLUG}/report/",
        f"/{YEAR}/{SLUG}/recommendations/",
        f"/municipalities/{SLUG}/",
        "/data/",
    ]
    pages = site.html_pages()
    urls += [u for u in pages if u.startswith(f"/{YEAR}/{SLUG}/") and u not in urls][:3]
    urls += [u for u in pages if u.startswith(f"/{YEAR}/region/")][:1]
    with serve(site.out) as base, chromium() as browser:
        log = PageLog(base)
        page = browser.new_page()
        log.attach(page)
        for url in urls:
            if url not in pages:
                continue
            page.goto(base + url)
            page.wait_for_load_state("load")
            for figure in page.locator("figure.pf-chart").all():
                figure.scroll_into_view_if_needed()
            # a truncated navigation link gets its text as a tooltip: hover the ones that name the municipality
            for link in page.locator(".md-ellipsis", has_text="HYPERLINK").all()[:6]:
                if link.is_visible():
                    link.hover(force=True, timeout=2_000)
                    page.wait_for_timeout(150)
            for chart in page.locator("figure.pf-chart--live svg").all()[:3]:
                box = chart.bounding_box()
                if box:  # Vega's tooltip shows the territory's name
                    for dx in (0.3, 0.5, 0.7):
                        page.mouse.move(box["x"] + box["width"] * dx, box["y"] + box["height"] * 0.5)
                        page.wait_for_timeout(100)
            assert page.evaluate("() => window.__pwned") is None, url
            # the 10 000-letter word of the analysis wraps instead of widening the page
            assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), url
        # Material's search renders the index's text as HTML: search for the typed tag
        page.goto(base + f"/{YEAR}/{SLUG}/")
        page.keyboard.press("/")
        search = page.locator("input.md-search__input")
        if search.count():
            search.fill("onerror")
            page.wait_for_timeout(1500)
            search.fill("script")
            page.wait_for_timeout(1500)
        assert page.evaluate("() => window.__pwned") is None
        assert log.dialogs == []
        page.close()
