"""Accessibility, verified in a real browser on every type of page of the demo site.

* each page type is visited as a reader would, every <details> open: axe-core finds no WCAG 2.1 A/AA violation
  and no other violation of impact «serious» or «critical», as loaded at 1280 px and again at 390 px after
  resizing the window to and fro; at 390 px nothing scrolls sideways and no caption is cut; at 200 % zoom (a
  640 px wide window) no page scrolls sideways: wide tables scroll inside their own box;
* the keyboard alone reaches the search box, the navigation and a chart's table, and opens that table;
* colour is never the only carrier of meaning: a target's status is said in words;
* every chart has a text description, on its static image and on the live SVG;
* Material's search (Russian stemmer) finds a municipality by its name and pages by inflected words,
  in the latest edition only.

axe-core comes from npm (``node_modules``, installed by ``make test``): without it these tests are skipped
locally and fail with CI=true, like the browser itself.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from generator.site import urls

from .browser import chromium, opened_pages, serve
from .conftest import ROOT
from .site_helpers import BuiltSite

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# Rules switched off in the axe run, each with the reason; empty: every rule applies to every page.
AXE_DISABLED_RULES: dict[str, str] = {}

ZOOM_200 = {"width": 640, "height": 800}  # a 1280 px window at 200 % zoom


def require_axe() -> Path:
    """Skip locally without axe-core; fail in CI, where `npm ci` must have installed it."""
    if not AXE.is_file():
        problem = f"axe-core not found at {AXE} (make node_modules/.installed)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(problem)
        pytest.skip(problem)
    return AXE


@dataclass(frozen=True)
class Demo:
    """The addresses of one page of each type, taken from the demo: the newest year, a municipality."""

    year: int
    slug: str
    name: str
    section: str

    @property
    def pages(self) -> dict[str, str]:
        y, m, s = self.year, self.slug, self.section
        return {
            "home": urls.HOME,
            "edition": urls.edition(y),
            "municipality": urls.municipality(y, m),
            "section": urls.section(y, m, s),
            "region-section": urls.region_section(y, s),
            "targets": urls.targets(y, m),
            "cycle": urls.cycle(y, m),
            "recommendations": urls.recommendations(y, m),
            "region-recommendations": urls.recommendations(y),
            "methodology": urls.methodology(),
            "data": urls.DATA,
            "report": urls.report(y, m),
            "not-found": "/404.html",
            "latest": urls.latest_municipality(m),
            "glossary": "/glossary/",
        }


PAGE_TYPES = list(Demo(0, "", "", "").pages)


@pytest.fixture(scope="module")
def demo(demo_site: BuiltSite) -> Demo:
    assert demo_site.result.ok
    year = max(int(p.name) for p in demo_site.out.iterdir() if p.name.isdigit())
    registry = yaml.safe_load((demo_site.data / "region.yaml").read_text(encoding="utf-8"))
    municipality = sorted(registry["municipalities"], key=lambda m: m["slug"])[0]
    section = sorted(
        p.name
        for p in (demo_site.out / str(year) / municipality["slug"]).iterdir()
        if p.is_dir() and p.name not in urls.MUNICIPALITY_PAGES
    )[0]
    return Demo(year=year, slug=municipality["slug"], name=municipality["name"], section=section)


@pytest.fixture
def open_page(browser_site: tuple[Any, str]) -> Iterator[Any]:
    """Opens a site URL in a fresh page (optionally at another viewport); checks that nothing went wrong on it."""
    # The 404 page is fetched with status 404 on purpose; anything else failing is a defect.
    with opened_pages(*browser_site, allowed=lambda problem: "404" in problem) as open_page:
        yield open_page


def _draw_charts(page: Any) -> None:
    """Bring every chart into view so that charts.js replaces it by the live SVG."""
    figures = page.locator("figure.pf-chart")
    for i in range(figures.count()):
        figures.nth(i).scroll_into_view_if_needed()
    if figures.count():
        page.wait_for_function(
            "() => [...document.querySelectorAll('figure.pf-chart')]"
            ".every(f => f.classList.contains('pf-chart--live'))",
            timeout=20_000,
        )
    page.evaluate("window.scrollTo(0, 0)")


PHONE = {"width": 390, "height": 844}


def _inject_axe(page: Any) -> None:
    """axe-core through the DevTools protocol: a <script> tag would be (rightly) blocked by the site's CSP."""
    page.evaluate(require_axe().read_text(encoding="utf-8"))


WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


def _axe_violations(page: Any) -> list[str]:
    """One axe run with every rule: a violation of WCAG 2.1 A or AA of any impact, and one of any other rule
    (axe's best practices) of impact «serious» or «critical»."""
    _inject_axe(page)
    options = {"resultTypes": ["violations"], "rules": {rule: {"enabled": False} for rule in AXE_DISABLED_RULES}}
    result = page.evaluate("options => axe.run(document, options)", options)
    return [
        f"{v['id']} ({v['impact']}, {len(v['nodes'])}×): {v['help']} — e.g. {v['nodes'][0]['html'][:200]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical") or set(v["tags"]) & set(WCAG_TAGS)
    ]


def _unfold(page: Any) -> None:
    """Open every <details> (folded tables, «Почему эта рекомендация»), as a reader who unfolds them."""
    page.evaluate(
        "() => new Promise(done => { document.querySelectorAll('details').forEach(d => { d.open = true; });"
        " setTimeout(() => requestAnimationFrame(() => done()), 50); })"
    )


# --- 1. axe-core, every state: as loaded, after resizes, at 390 px and at 200 % zoom ----------------


DESKTOP = {"width": 1280, "height": 900}
# Elements wider than the screen: each must sit in a box that scrolls sideways and takes the keyboard's focus
# (a reader without a mouse scrolls it with the arrow keys), else the page itself would scroll or cut it.
OVERFLOW = """() => {
  const width = window.innerWidth;
  const scrolls = (e) => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth;
  const fixed = (e) => { for (; e; e = e.parentElement) if (getComputedStyle(e).position === 'fixed') return true;
                         return false; };  // a drawer or a skip link waiting off the screen, not the page
  const wide = [...document.querySelectorAll('body *')].filter(e => {
    const r = e.getBoundingClientRect();
    const out = r.right > width + 1 || r.left < -1;
    return r.width > 1 && r.height > 1 && out && !fixed(e);
  });
  const uncontained = wide.filter(e => {
    // the page's own clip (html, body) is no box of its own: what it cuts off is lost to the reader
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      if (scrolls(p)) return !(p.tabIndex >= 0);
      if (getComputedStyle(p).overflowX === 'hidden' || getComputedStyle(p).overflowX === 'clip') return false;
    }
    return true;
  });
  return {page: document.scrollingElement.scrollWidth, width,
          wide: uncontained.slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))};
}"""
MAIN_IN_FIVE_TABS = """() => !!document.activeElement && !!document.activeElement.closest('main, [role=main]')"""


# The page types whose tables are checked at 200 % zoom must have some (a check of no table would pass).
TABLE_PAGES = {"section", "cycle", "report", "targets", "data", "edition"}

WIDE_TABLES = """() => [...document.querySelectorAll('.md-content table')].map(t => ({
    wide: t.scrollWidth > t.clientWidth + 1,
    overflow: getComputedStyle(t).overflowX,
    inside: t.getBoundingClientRect().right <= document.documentElement.clientWidth + 1,
    name: (t.className || 'table') + ': ' + (t.caption ? t.caption.textContent.trim().slice(0, 60) : ''),
}))"""
STICKING_OUT = """() => {
  const width = document.documentElement.clientWidth;
  const clipped = (e) => {  // inside a box that scrolls or clips it: it does not widen the page
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(a).overflowX)) return true;
    }
    return false;
  };
  return [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 1 && !clipped(e))
    .slice(0, 5)
    .map(e => e.tagName.toLowerCase() + (typeof e.className === 'string' && e.className ? '.' + e.className : '')
      + ' ' + Math.round(e.getBoundingClientRect().width) + ' px');
}"""
PAGE_FITS = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
CUT_CAPTIONS = """() => [...document.querySelectorAll('.md-content caption')]
    .filter(c => c.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .map(c => c.textContent.trim().slice(0, 60))"""


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_every_page_type_passes_axe_as_loaded_and_after_resizes_fits_390_px_and_200_percent_zoom_and_tabs_to_main(
    open_page: Any, demo: Demo, page_type: str
) -> None:
    """One reader's visit, every <details> open: at 1280 px as loaded; then 1280 → 390 → 1280 → 390 px (Vega
    redraws its charts on each resize and puts its English roles back, folded tables open wide, and the phone
    layout must still hold); then at 200 % zoom. The corrections page and a corrected page are checked the same
    way on a corrected deployment below."""
    _check_every_state(open_page, demo.pages[page_type], page_type)


def _check_every_state(open_page: Any, url: str, page_type: str) -> None:
    """axe as loaded at 1280 px and again at 390 px after the resizes; no sideways scroll, no caption cut and the
    main content within 5 Tabs at 390 px; at 200 % zoom (640 px) no sideways scroll and wide tables scrolling
    inside their own box."""
    page = open_page(url, viewport=DESKTOP, device_scale_factor=1)
    _draw_charts(page)
    _unfold(page)
    assert _axe_violations(page) == [], f"{page_type} {url} as loaded, at 1280 px"
    for size in (PHONE, DESKTOP, PHONE):
        page.set_viewport_size(size)
        page.wait_for_timeout(300)  # Vega redraws on the resize event
    _unfold(page)
    assert _axe_violations(page) == [], f"{page_type} {url} after the resizes, at 390 px"
    overflow = page.evaluate(OVERFLOW)
    assert overflow["page"] <= overflow["width"], f"{page_type}: the page scrolls sideways: {overflow}"
    assert overflow["wide"] == [], f"{page_type}: wider than the screen outside a keyboard-scrollable box"
    assert page.evaluate(CUT_CAPTIONS) == [], f"{page_type}: captions run past the screen at 390 px"
    page.evaluate("window.scrollTo(0, 0); document.activeElement && document.activeElement.blur()")
    reached = False
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate(MAIN_IN_FIVE_TABS):
            reached = True
            break
    assert reached, f"{page_type}: five Tab stops and still outside the main content"

    page.set_viewport_size(ZOOM_200)
    page.wait_for_timeout(300)
    with contextlib.suppress(PlaywrightTimeout):  # the layout at the new width: on a busy machine it may come
        page.wait_for_function(PAGE_FITS, timeout=5000)  # later than 300 ms (the assertion below says what is left)
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    sticking_out = page.evaluate(STICKING_OUT)
    assert scroll_width <= client_width, (
        f"{page_type} at 200 %: {scroll_width} px wide in {client_width}: {sticking_out}"
    )
    tables = page.evaluate(WIDE_TABLES)
    assert tables or page_type not in TABLE_PAGES, f"{page_type} has no table"
    assert [t["name"] for t in tables if not t["inside"]] == [], f"{page_type} at 200 %: tables past the screen"
    wide = [t["name"] for t in tables if t["wide"] and t["overflow"] not in ("auto", "scroll")]
    assert wide == [], f"{page_type} at 200 %: wide tables that do not scroll in their own box"


def test_the_overflow_check_finds_a_wide_element_and_a_scroll_box_the_keyboard_cannot_reach(
    open_page: Any, demo: Demo
) -> None:
    page = open_page(demo.pages["home"], viewport=PHONE, device_scale_factor=1)
    assert page.evaluate(OVERFLOW)["wide"] == []
    page.evaluate(
        """() => { const main = document.querySelector('main');
            const box = document.createElement('div'); box.className = 'pf-test-box';
            box.style.overflowX = 'auto'; box.style.width = '200px';
            const inner = document.createElement('p'); inner.className = 'pf-test-inner'; inner.style.width = '900px';
            inner.textContent = 'широко'; box.append(inner); main.prepend(box); }"""
    )
    assert page.evaluate(OVERFLOW)["wide"] == ["p.pf-test-inner"]  # the box scrolls, but not by keyboard
    page.evaluate("document.querySelector('.pf-test-box').tabIndex = 0")
    assert page.evaluate(OVERFLOW)["wide"] == []
    page.evaluate("document.querySelector('.pf-test-box').style.overflowX = 'visible'")
    found = page.evaluate(OVERFLOW)
    assert found["wide"] == ["p.pf-test-inner"] and found["page"] > found["width"]


# --- 2. keyboard and colour ----------------------------------------------------------------------------


def _focused(page: Any) -> str:
    return page.evaluate(
        """() => { const e = document.activeElement; if (!e) return '';
            if (e.matches('input.md-search__input')) return 'search';
            if (e.closest('nav.md-nav--primary, nav.md-tabs')) return 'navigation';
            if (e.matches('details.pf-table > summary')) return 'table';
            return e.tagName.toLowerCase(); }"""
    )


def test_the_keyboard_reaches_search_navigation_and_the_chart_table_and_opens_the_table(
    open_page: Any, demo: Demo
) -> None:
    page = open_page(demo.pages["section"])
    reached: list[str] = []
    for _ in range(600):
        page.keyboard.press("Tab")
        where = _focused(page)
        if where in ("search", "navigation", "table") and where not in reached:
            reached.append(where)
        if where == "table":
            break
    assert set(reached) == {"search", "navigation", "table"}, f"Tab reached only {reached}"
    assert reached.index("table") > reached.index("search")
    assert page.evaluate("document.activeElement.parentElement.open") is False
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.parentElement.open") is True
    table = page.locator("details.pf-table[open] table").first
    assert table.is_visible()


def test_the_tab_order_reaches_the_main_content_within_five_stops_and_never_a_hidden_target(
    open_page: Any, demo: Demo
) -> None:
    page = open_page(demo.pages["section"])
    stops: list[dict[str, Any]] = []
    for _ in range(5):
        page.keyboard.press("Tab")
        stops.append(
            page.evaluate(
                """() => { const e = document.activeElement, r = e.getBoundingClientRect();
                    return {html: e.outerHTML.slice(0, 120), visible: r.width > 0 && r.height > 0,
                            main: !!e.closest('main')}; }"""
            )
        )
    assert [s["html"] for s in stops if not s["visible"]] == [], "focus went to an element that is not shown"
    assert any(s["main"] for s in stops), f"five Tab stops and still outside <main>: {[s['html'] for s in stops]}"


STATUS = re.compile(r'<span class="pf-status pf-status--(met|not-met)">([^<]*)</span>')


@pytest.mark.parametrize("page_type", ["targets", "municipality", "report"])
def test_a_target_status_is_said_in_words_not_only_by_colour(demo_site: BuiltSite, demo: Demo, page_type: str) -> None:
    statuses = STATUS.findall(demo_site.page(demo.pages[page_type]))
    assert statuses, f"{page_type} shows no target status"
    words = {"met": "достигнуто", "not-met": "не достигнуто"}
    wrong = [(kind, text) for kind, text in statuses if not text.strip().endswith(words[kind])]
    assert wrong == []
    if page_type == "targets":
        assert {kind for kind, _ in statuses} == {"met", "not-met"}, "the demo should show both statuses"


def test_every_chart_on_a_section_page_has_a_text_description(open_page: Any, demo: Demo) -> None:
    page = open_page(demo.pages["section"])
    _draw_charts(page)
    charts = page.evaluate(
        """() => [...document.querySelectorAll('figure.pf-chart')].map(f => {
            const svg = f.querySelector('.pf-chart__live svg');
            return {id: f.id, alt: f.querySelector('img.pf-chart__static').getAttribute('alt'),
                    role: svg && svg.getAttribute('role'), label: svg && svg.getAttribute('aria-label'),
                    unnamed: svg ? svg.querySelectorAll('[role]').length : -1};
        })"""
    )
    assert charts
    for chart in charts:
        assert chart["alt"] and chart["alt"].startswith("График"), chart
        assert chart["role"] == "img", chart
        assert chart["label"] == chart["alt"], chart
        assert chart["unnamed"] == 0, f"{chart['id']}: parts of the live SVG still announce themselves"


# --- 4. search -----------------------------------------------------------------------------------------


def _search(page: Any, query: str) -> list[dict[str, Any]]:
    """Type into Material's search box as a reader does; the results shown: link and text."""
    box = page.locator("input.md-search__input")
    box.click()
    # The index is built in a worker when the box is first used; Material says «Инициализация поиска» meanwhile.
    page.wait_for_function(
        "() => !/Инициализация/.test(document.querySelector('.md-search-result__meta').textContent)",
        timeout=30_000,
    )
    box.press_sequentially(query, delay=20)
    # Material searches for what the box holds at a key press, so the last letter typed is searched for at
    # the reader's next key: here End, which changes nothing in the box.
    box.press("End")
    page.wait_for_selector(".md-search-result__list li a", timeout=6_000)
    return page.eval_on_selector_all(
        ".md-search-result__list li a",
        "links => links.map(a => ({href: a.href, text: a.innerText}))",
    )


@pytest.fixture
def search_page(browser_site: tuple[Any, str], demo_site: BuiltSite) -> Iterator[Any]:
    """As ``open_page``, on a server of the site's real search indexes (``browser_site`` serves them empty)."""
    browser, _ = browser_site
    with serve(demo_site.out) as base, opened_pages(browser, base) as open_page:
        yield open_page


def _past_editions(demo: Demo) -> re.Pattern[str]:
    return re.compile(rf"/(?!{demo.year}/)\d{{4}}/")


def test_search_finds_a_municipality_by_its_name(search_page: Any, demo: Demo) -> None:
    page = search_page(urls.HOME)
    links = [r["href"] for r in _search(page, demo.name)]
    assert any(demo.slug in link for link in links), links
    assert [link for link in links if _past_editions(demo).search(link)] == [], "past editions are not searched"


def test_search_results_of_pages_with_one_heading_say_which_municipality_each_is(
    search_page: Any, demo: Demo, demo_site: BuiltSite
) -> None:
    """Every municipality has a page «Ранняя профориентация»: a result list of fourteen identical titles
    would not tell a reader which one to open, so each result's title names its territory."""
    html = (demo_site.out / demo.pages["section"].strip("/") / "index.html").read_text(encoding="utf-8")
    heading = re.search(r"<h1[^>]*>([^<]+)<", html)
    assert heading
    section_title = heading.group(1)
    page = search_page(urls.HOME)
    _search(page, section_title)
    titles = page.eval_on_selector_all(".md-search-result__article h1", "hs => hs.map(h => h.innerText)")
    same = [t for t in titles if t.startswith(section_title)]
    assert f"{section_title} — {demo.name}" in same, titles
    assert len(same) > 1 and len(set(same)) == len(same), same


# Material appends «*» to every word typed, and lunr does not stem a wildcard term, so an inflected word
# («выпускников*») could never match the stems in the index («выпускник»): the site's search worker
# (site_overrides/assets/javascripts/workers/stemmed-search.js) stems each word before Material sees it.
@pytest.mark.parametrize(("word", "stem"), [("профориентационного", "профориентацион"), ("выпускников", "выпускник")])
def test_search_finds_pages_by_an_inflected_russian_word(search_page: Any, demo: Demo, word: str, stem: str) -> None:
    page = search_page(urls.HOME)
    results = _search(page, word)
    assert results, f"nothing found for «{word}»"
    # The stemmer matches other forms of the word too: the results show the word in more than the form typed.
    forms = {f.lower() for r in results for f in re.findall(rf"\b{stem}\w*", r["text"], flags=re.IGNORECASE)}
    assert forms - {word}, f"only the exact form «{word}» was found: {forms}"
    past = [r["href"] for r in results if _past_editions(demo).search(r["href"])]
    assert past == [], "past editions are not searched"


NAV_NAMES = """() => {
  const name = (el) => {
    if (el.getAttribute('aria-label')) return el.getAttribute('aria-label').trim();
    const ids = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
    if (ids.length) return ids.map(id => { const t = document.getElementById(id);
      return t ? (t.getAttribute('aria-label') || t.textContent).trim() : ''; }).join(' ').trim();
    return el.textContent.trim();
  };
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  return {
    toggles: [...document.querySelectorAll('label.md-nav__link[tabindex]')].map(name),
    landmarks: [...document.querySelectorAll('nav')].filter(visible).map(name),
  };
}"""


def test_every_navigation_toggle_and_landmark_has_a_name_of_its_own(open_page: Any, demo: Demo) -> None:
    page = open_page(demo.pages["municipality"])
    found = page.evaluate(NAV_NAMES)
    assert found["toggles"] and all(found["toggles"]), found["toggles"]  # «2025/26 учебный год», not silence
    assert all(found["landmarks"]), found["landmarks"]
    assert len(set(found["landmarks"])) == len(found["landmarks"]), found["landmarks"]


@pytest.fixture(scope="module")
def corrected_browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str]]:
    """A deployment whose edition was published and then corrected: the demo has no correction to show."""
    import contextlib
    import io

    from generator.cli import main

    from .conftest import DataDir
    from .site_helpers import build_site

    def run(*args: str) -> None:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            assert main(list(args)) == 0, args

    root = tmp_path_factory.mktemp("corrected")
    data = DataDir(root / "data")
    data.year(2024, "alpha", {"students_g9": 80, "grads9": 80, "grads9_to_poo": 46})
    data.year(2024, "beta", {"students_g9": 30, "grads9": 30, "grads9_to_poo": 12})
    run("publish", "2024", "--date", "2024-09-01", "--data", str(data.root))
    data.year(2024, "alpha", {"students_g9": 80, "grads9": 80, "grads9_to_poo": 52})
    reason = "Школа прислала уточнённый отчёт"
    run("correct", "2024", "--date", "2024-09-12", "--reason", reason, "--data", str(data.root))
    result = build_site(data.root, root / "site", root / "build")
    assert result.ok, [str(p) for p in result.problems]
    with serve(root / "site", search=False) as base, chromium() as browser:
        yield browser, base


@pytest.mark.parametrize(
    "url", [urls.corrections(2024), urls.municipality(2024, "alpha")], ids=["corrections", "corrected"]
)
def test_the_corrections_page_and_a_corrected_page_pass_the_same_checks_after_resizes(
    corrected_browser: tuple[Any, str], url: str
) -> None:
    browser, base = corrected_browser

    def open_corrected(path: str, **context: Any) -> Any:
        page = browser.new_page(**context)
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        return page

    page = open_corrected(url)
    assert "Исправлен" in page.content(), f"{url}: the correction is on the page"
    page.close()
    _check_every_state(open_corrected, url, url)
