"""What a reader sees on every page of the demo site: Russian text without code names, double full stops
or English chrome, a Russian «page not found» with the ways back, and the abbreviations explained."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator

import pytest

from generator.core.formatting import sentence

from .site_helpers import BuiltSite

# Text inside these elements is code, a script or a style, not prose for the reader.
_SKIPPED = re.compile(r"<(script|style|code|pre|svg|template)\b[^>]*>.*?</\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
# A unit or abbreviation that ends with its own period, then the sentence's period: «чел..», «п. п..».
_DOUBLE_STOP = re.compile(
    r"(?:(?:чел|ед|п\.[\s\u00a0\u202f]*п|г|гг|руб|шт|т\.[\s\u00a0]*д|др)\.|%[\s\u00a0\u202f]*\.)\.(?!\.)"
)
# A code name: lower-case ASCII words joined by underscores («target_not_met», «students_diagnostics»).
_IDENTIFIER = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
# Chrome that Material or the pages could leave in English.
_ENGLISH_CHROME = re.compile(
    r"\b(Not found|Search|Type to start searching|Initializing search|Back to top|Skip to content|"
    r"Previous|Next|Table of contents|Copy to clipboard|Share|Clear|Go to repository)\b"
)


def _pages(site: BuiltSite) -> Iterator[tuple[str, str]]:
    for path in sorted(site.out.rglob("*.html")):
        yield path.relative_to(site.out).as_posix(), path.read_text(encoding="utf-8")


def _text(page: str) -> str:
    """The words a reader sees: no tags, attributes, scripts or code, entities decoded."""
    body = page.split("<body", 1)[-1].split(">", 1)[-1]  # the body's own attributes are no text
    return html.unescape(_TAG.sub(" ", _SKIPPED.sub(" ", body)))


def _redirect(page: str) -> bool:
    return 'http-equiv="refresh"' in page


def _offences(site: BuiltSite, pattern: re.Pattern[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, page in _pages(site):
        if _redirect(page):
            continue
        text = _text(page)
        hits = [text[max(0, m.start() - 30) : m.end() + 10].strip() for m in pattern.finditer(text)]
        if hits:
            found[name] = hits[:3]
    return found


@pytest.mark.parametrize(
    ("text", "ended"),
    [
        ("Было 1 189 чел.", "Было 1 189 чел."),
        ("Отставание 13,6 п. п.", "Отставание 13,6 п. п."),
        ("Значение 58,2 %", "Значение 58,2 %."),
        ("Срок — до 1 мая 2027 г.", "Срок — до 1 мая 2027 г."),
        ("Почему?", "Почему?"),
    ],
)
def test_a_sentence_ends_with_one_full_stop_after_a_unit(text: str, ended: str) -> None:
    assert sentence(text) == ended


def test_no_page_has_a_double_full_stop_after_a_unit(demo_site: BuiltSite) -> None:
    assert _offences(demo_site, _DOUBLE_STOP) == {}


def test_no_page_shows_a_code_name_to_the_reader(demo_site: BuiltSite) -> None:
    assert _offences(demo_site, _IDENTIFIER) == {}


def test_no_page_has_english_chrome(demo_site: BuiltSite) -> None:
    offences = _offences(demo_site, _ENGLISH_CHROME)
    # the search box's placeholder and the buttons' names are attributes, read aloud and shown: Russian too
    for name, page in _pages(demo_site):
        for attribute in re.findall(r'(?:placeholder|aria-label|title)="([^"]*)"', page):
            if _ENGLISH_CHROME.search(attribute):
                offences.setdefault(name, []).append(attribute)
    assert offences == {}


# Latin words a Russian label may hold: file formats and proper names.
_LATIN_ALLOWED = {"PDF", "CSV", "XLSX", "UTF", "URL", "WorldSkills", "Russia", "Juniors"}
_LABELS = re.compile(r'\s(?:placeholder|aria-label|aria-description|title|alt)="([^"]*)"')


def test_every_page_is_russian_for_the_theme_and_its_labels_and_messages_are_russian(demo_site: BuiltSite) -> None:
    """Material takes its labels (search, «to the top», the navigation, the footer, the search results'
    messages) from the theme's language: every page must be ``lang="ru"``, and no label read aloud or
    shown on hover may hold an English word."""
    offences: dict[str, list[str]] = {}
    for name, page in _pages(demo_site):
        if _redirect(page):
            continue
        found = [] if re.search(r'<html[^>]*\slang="ru"', page) else ["<html> without lang=ru"]
        for label in map(html.unescape, _LABELS.findall(page)):
            found += [w for w in re.findall(r"[A-Za-z]{2,}", label) if w not in _LATIN_ALLOWED]
        config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', page, re.S)
        if config:
            translations = json.loads(config.group(1)).get("translations", {})
            found += [f"{key}: {text}" for key, text in translations.items() if not re.search("[а-яё]", text, re.I)]
        if found:
            offences[name] = found[:5]
    assert offences == {}


def test_the_rule_titles_name_the_rules_on_the_region_recommendations_page(demo_site: BuiltSite) -> None:
    pages = [p for p in demo_site.out.glob("*/recommendations/index.html")]
    assert pages
    text = _text(pages[-1].read_text(encoding="utf-8"))
    assert "сработало правило «" in text
    assert not _IDENTIFIER.search(text)


def test_the_region_page_does_not_give_one_municipality_s_target_to_all(demo_site: BuiltSite) -> None:
    for path in demo_site.out.glob("*/recommendations/index.html"):
        page = path.read_text(encoding="utf-8")
        for when in re.findall(r"<strong>Когда:</strong>(.*?)</p>", page, re.S):
            assert "целевого значения муниципальной программы (" not in when, (path, when)


def _not_found(site: BuiltSite) -> str:
    return (site.out / "404.html").read_text(encoding="utf-8")


def test_the_not_found_page_is_russian_and_offers_the_ways_back(demo_site: BuiltSite) -> None:
    page = _not_found(demo_site)
    text = _text(page)
    assert "Страница не найдена" in text and "Not found" not in page
    assert "<title>Страница не найдена" in page
    assert 'for="__search"' in page  # opens the site search
    links = dict((label.strip(), href) for href, label in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', page))
    latest = next(label for label in links if label.startswith("Последний выпуск"))
    # links from the site's root: the page is served for a missing address at any depth
    assert links["Главная страница"] == "/"
    assert re.fullmatch(r"/\d{4}/", links[latest])
    assert links["Методика"] == "/methodology/"
    assert links["Сокращения и термины"] == "/glossary/"
    for href in (links["Главная страница"], links[latest], links["Методика"], links["Сокращения и термины"]):
        assert (demo_site.out / href.strip("/") / "index.html").is_file(), href


def test_the_glossary_explains_the_abbreviations_and_pages_mark_them(demo_site: BuiltSite) -> None:
    glossary = _text(demo_site.page("/glossary/"))
    for term in ("ОО", "ПОО", "ДОО", "п. п.", "Версия данных"):
        assert term in glossary, term
    marked = [
        name
        for name, page in _pages(demo_site)
        if re.search(r'<abbr title="профессиональная образовательная организация[^"]*">ПОО</abbr>', page)
    ]
    assert marked, "ПОО explained where it stands"


def test_the_footer_says_what_the_data_version_is(demo_site: BuiltSite) -> None:
    page = demo_site.page("/")
    footer = _text(page.split('class="md-copyright"', 1)[1].split("</div>", 2)[0] + "</div>")
    assert "отпечаток файлов данных" in footer
    assert re.search(r'href="[^"]*glossary/#terms"', page)


def test_the_scans_find_what_they_look_for() -> None:
    page = (
        '<body class="a_b"><p>Было 1 189 чел.. Доля 58,2 %. Правило «target_not_met» <a href="/x_y/">x</a></p>'
        "<code>a_b</code></body>"
    )
    text = _text(page)
    assert [m.group() for m in _DOUBLE_STOP.finditer(text)] == ["чел.."]  # «58,2 %.» ends its sentence once
    assert [m.group() for m in _DOUBLE_STOP.finditer("1 189 чел.. и 58,2 %.. и 13,6 п. п..")] == [
        "чел..",
        "%..",
        "п. п..",
    ]
    assert _IDENTIFIER.findall(text) == ["target_not_met"]
    assert _ENGLISH_CHROME.search("404 - Not found")
