"""Corrections on the site: the notice on a corrected page and the corrections page of an edition."""

from __future__ import annotations

import json

from generator.compute.table import REGION
from generator.core.formatting import academic_year, format_date_table
from generator.core.text import attr
from generator.inputs.catalogue import Catalogue
from generator.inputs.dataset import Dataset
from generator.inputs.editions import announced, edition_states, latest_of
from generator.inputs.editions_log import LOG_STEM, CorrectionLog, LoggedChange, edition_name, was_and_now
from generator.inputs.editions_model import CorrectionChange, Edition
from generator.site import urls

# --- the commands that write into data/ --------------------------------------------------------------


# --- on the site -----------------------------------------------------------------------------------


def _pages_of(change: LoggedChange, dataset: Dataset, pages: dict[str, str]) -> list[str]:
    """The site URLs whose numbers the change touches (those the site has)."""
    catalogue = dataset.catalogue
    indicator = catalogue.indicators.get(change.change.indicator)
    if indicator is None:
        return []
    section = catalogue.sections[indicator.section].slug
    year, territory = change.year, change.change.territory
    found = [urls.region_section(year, section)]
    if indicator.key:
        found.append(urls.edition(year))
    if territory == REGION:
        if indicator.key and year == announced(edition_states(dataset)):  # the home page shows that edition
            found.append(urls.HOME)
    else:
        entry = dataset.entries.get((year, territory))
        has_target = entry is not None and indicator.id in entry.data.targets
        overview = indicator.key or has_target  # the overview shows key indicators and targets only
        if overview:
            found.append(urls.municipality(year, territory))
        found += [urls.section(year, territory, section), urls.report(year, territory)]
        if has_target:
            found.append(urls.targets(year, territory))
        latest = latest_of(dataset, edition_states(dataset), territory)
        if overview and latest == year:
            found.append(urls.latest_municipality(territory))
    return [u for u in dict.fromkeys(found) if urls.docs_path(u) in pages]


def territory_names(dataset: Dataset, region: str) -> dict[str, str]:
    return {REGION: region, **{m.slug: m.name for m in dataset.registry.municipalities}}


def _change_text(change: LoggedChange, catalogue: Catalogue, names: dict[str, str] | None) -> str:
    name = change.change.indicator
    indicator = catalogue.indicators.get(name)
    title = indicator.short_title if indicator is not None else name
    where = f"{names.get(change.change.territory, change.change.territory)}, " if names is not None else ""
    return f"{where}{title}: {was_and_now(catalogue, name, change.change.old, change.change.new)}"


def notice_html(page_url: str, changes: list[LoggedChange], catalogue: Catalogue, names: dict[str, str] | None) -> str:
    """The notice on a page whose numbers were corrected: date, reason, old and new value, link to the log."""
    paragraphs = []
    by_correction: dict[int, list[LoggedChange]] = {}
    for change in changes:
        by_correction.setdefault(id(change.correction), []).append(change)
    for items in by_correction.values():
        correction = items[0].correction
        shown = [_change_text(c, catalogue, names) for c in items[:6]]
        more = f"; и ещё {len(items) - 6}" if len(items) > 6 else ""
        paragraphs.append(
            f"<p>Данные исправлены {attr(format_date_table(correction.date))}: {attr(correction.reason)}; "
            f"{attr('; '.join(shown))}{attr(more)}.</p>"
        )
    year = changes[0].year
    link = urls.relative(page_url, urls.corrections(year))
    return (
        '<div class="admonition info pf-correction" role="note" data-search-exclude>\n'
        '<p class="admonition-title">Исправление после публикации</p>\n'
        + "\n".join(paragraphs)
        + f'\n<p><a href="{attr(link)}">Все исправления выпуска {attr(edition_name(year))}</a></p>\n</div>\n'
    )


def _insert(markdown: str, block: str) -> str:
    """Put a block right under the page's lead paragraph (or its heading): where the reader looks first."""
    lines = markdown.split("\n")
    anchor = next((i for i, line in enumerate(lines) if line.startswith('<p class="pf-lead">')), None)
    if anchor is None:
        anchor = next((i for i, line in enumerate(lines) if line.startswith("# ")), None)
    if anchor is None:
        return markdown + "\n" + block
    return "\n".join([*lines[: anchor + 1], "", block, *lines[anchor + 1 :]])


def apply(pages: dict[str, str], log: CorrectionLog, dataset: Dataset, region: str, demo: bool) -> list[str]:
    """Notices on the corrected pages and the corrections page of every published edition; returns new pages."""
    catalogue = dataset.catalogue
    names = territory_names(dataset, region)
    touched: dict[str, list[LoggedChange]] = {}
    for change in log.changes:
        for url in _pages_of(change, dataset, pages):
            touched.setdefault(url, []).append(change)
    for url, changes in touched.items():
        path = urls.docs_path(url)
        municipal = url.startswith(f"/{changes[0].year}/") and url.count("/") >= 3 and "/region/" not in url
        municipal = municipal or url.startswith("/municipalities/")
        pages[path] = _insert(pages[path], notice_html(url, changes, catalogue, None if municipal else names))
    added = []
    for year, edition in sorted(log.editions.items()):
        edition_path = urls.docs_path(urls.edition(year))
        if edition_path in pages:
            count = len(edition.corrections)
            tail = f"исправлений: {count}" if count else "исправлений не было"
            link = urls.relative(urls.edition(year), urls.corrections(year))
            line = (
                f'<p class="pf-published">Выпуск опубликован {attr(format_date_table(edition.published))}; '
                f'{tail} — <a href="{attr(link)}">список исправлений</a>.</p>\n'
            )
            pages[edition_path] = _insert(pages[edition_path], line)
        path = urls.docs_path(urls.corrections(year))
        pages[path] = corrections_page(year, edition, log, dataset, region, demo, pages)
        added.append(path)
    data_path = urls.docs_path(urls.DATA)
    if log.editions and data_path in pages:
        pages[data_path] = pages[data_path].rstrip("\n") + "\n\n" + _data_section() + "\n"
    return added


def corrections_page(
    year: int, edition: Edition, log: CorrectionLog, dataset: Dataset, region: str, demo: bool, pages: dict[str, str]
) -> str:
    catalogue = dataset.catalogue
    names = territory_names(dataset, region)
    url = urls.corrections(year)
    edition_label = academic_year(year)
    title = f"Исправления выпуска {edition_name(year)}"
    front = (
        "---\n"
        f"title: {json.dumps(str(attr(title)), ensure_ascii=False)}\n"
        f"description: {json.dumps(str(attr(f'Исправления данных выпуска {edition_name(year)} после публикации: дата, причина, было и стало.')), ensure_ascii=False)}\n"  # noqa: E501
        f"pf_edition: {json.dumps(edition_label, ensure_ascii=False)}\n"
        f"pf_demo: {'true' if demo else 'false'}\n"
        "---\n\n"
    )
    lines = [front + f"# {attr(title)} {{#top}}", ""]
    back = urls.relative(url, urls.edition(year))
    lines.append(
        f'<p class="pf-lead">{attr(region)} · выпуск опубликован {attr(format_date_table(edition.published))} · '
        f'<a href="{attr(back)}">к выпуску</a></p>'
    )
    lines.append("")
    lines.append(
        "Адреса страниц после исправления не меняются. На каждой странице, числа которой исправлены, "
        "указано прежнее и новое значение. Журнал исправлений всех выпусков — в открытых данных "
        f"(`{LOG_STEM}.csv`, `{LOG_STEM}.xlsx`)."
    )
    lines.append("")
    corrections = log.corrections(year)
    if not corrections:
        lines += ["После публикации данные выпуска не исправлялись.", ""]
    for index, correction in enumerate(corrections, start=1):
        lines.append(f"## Исправление от {attr(format_date_table(correction.date))} {{#correction-{index}}}")
        lines.append("")
        lines.append(f"<p>{attr(correction.reason)}</p>")
        lines.append("")
        lines.append('<table class="pf-corrections">')
        lines.append(f"<caption>Исправление от {attr(format_date_table(correction.date))}: было и стало</caption>")
        lines.append(
            '<thead><tr><th scope="col">Территория</th><th scope="col">Показатель</th>'
            '<th scope="col">Было</th><th scope="col">Стало</th></tr></thead>'
        )
        lines.append("<tbody>")
        for change in correction.changes:
            indicator = catalogue.indicators.get(change.indicator)
            label = indicator.short_title if indicator is not None else change.indicator
            target = _page_for(year, change, catalogue, pages)
            cell = f'<a href="{attr(urls.relative(url, target))}">{attr(label)}</a>' if target else attr(label)
            was = catalogue.format_named(change.indicator, change.old, "нет данных") if indicator else str(change.old)
            now = catalogue.format_named(change.indicator, change.new, "нет данных") if indicator else str(change.new)
            lines.append(
                f"<tr><td>{attr(names.get(change.territory, change.territory))}</td><td>{cell}</td>"
                f"<td>{attr(was)}</td><td>{attr(now)}</td></tr>"
            )
        lines.append("</tbody>")
        lines.append("</table>")
        lines.append("")
    return "\n".join(lines)


def _page_for(year: int, change: CorrectionChange, catalogue: Catalogue, pages: dict[str, str]) -> str | None:
    indicator = catalogue.indicators.get(change.indicator)
    if indicator is None:
        return None
    section = catalogue.sections[indicator.section].slug
    url = urls.section(year, change.territory, section)
    return url + f"#{indicator.id}" if urls.docs_path(url) in pages else None


def _data_section() -> str:
    return (
        "## Журнал исправлений {#corrections}\n\n"
        "Исправления опубликованных выпусков: дата публикации, дата и причина исправления, территория, "
        "показатель, прежнее и новое значение.\n\n"
        f'<p><a href="{LOG_STEM}.csv" download>{LOG_STEM}.csv</a> · '
        f'<a href="{LOG_STEM}.xlsx" download>{LOG_STEM}.xlsx</a></p>'
    )
