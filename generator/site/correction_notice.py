"""Which pages a correction touches, and the notice those pages carry: rendered with the page, from the
context, not put into its text afterwards.

A corrected number is shown on several pages: the section page of the municipality and of the region,
the report, the overview when the indicator is key or has a target, the targets page, the latest data
page, the edition and the home page for key figures. A page of a municipality names only the indicator;
a page over the region names the territory too.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from generator.compute.table import REGION
from generator.core.formatting import format_date_table
from generator.core.text import attr
from generator.inputs.catalogue import Catalogue
from generator.inputs.dataset import Dataset
from generator.inputs.editions import announced, edition_states, latest_of
from generator.inputs.editions_log import CorrectionLog, LoggedChange, edition_name, was_and_now
from generator.site import urls

CHANGES_SHOWN = 6
"""How many changes of one correction a notice lists before «и ещё N»."""


def pages_of(change: LoggedChange, dataset: Dataset) -> list[str]:
    """The site URLs whose numbers the change touches."""
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
    return list(dict.fromkeys(found))


def territory_names(dataset: Dataset, region: str, year: int) -> dict[str, str]:
    """The territories' names in the edition of ``year`` (a municipality's former name before a reform)."""
    return {REGION: region, **dataset.registry.names(year)}


def touched(log: CorrectionLog, dataset: Dataset) -> dict[str, list[LoggedChange]]:
    """Every corrected page's URL and the changes it shows, in the log's order."""
    found: dict[str, list[LoggedChange]] = {}
    for change in log.changes:
        for url in pages_of(change, dataset):
            found.setdefault(url, []).append(change)
    return found


def _change_text(change: LoggedChange, catalogue: Catalogue, names: dict[str, str] | None) -> str:
    name = change.change.indicator
    indicator = catalogue.indicators.get(name)
    title = indicator.short_title if indicator is not None else name
    where = f"{names.get(change.change.territory, change.change.territory)}, " if names is not None else ""
    return f"{where}{title}: {was_and_now(catalogue, name, change.change.old, change.change.new)}"


def notice_html(
    page_url: str, changes: Sequence[LoggedChange], catalogue: Catalogue, names: dict[str, str] | None
) -> Markup:
    """The notice on a page whose numbers were corrected: date, reason, old and new value, link to the log."""
    paragraphs = []
    by_correction: dict[int, list[LoggedChange]] = {}
    for change in changes:
        by_correction.setdefault(id(change.correction), []).append(change)
    for items in by_correction.values():
        correction = items[0].correction
        shown = [_change_text(c, catalogue, names) for c in items[:CHANGES_SHOWN]]
        more = f"; и ещё {len(items) - CHANGES_SHOWN}" if len(items) > CHANGES_SHOWN else ""
        paragraphs.append(
            f"<p>Данные исправлены {attr(format_date_table(correction.date))}: {attr(correction.reason)}; "
            f"{attr('; '.join(shown))}{attr(more)}.</p>"
        )
    year = changes[0].year
    link = urls.relative(page_url, urls.corrections(year))
    return Markup(
        '<div class="admonition info pf-correction" role="note" data-search-exclude>\n'
        '<p class="admonition-title">Исправление после публикации</p>\n'
        + "\n".join(paragraphs)
        + f'\n<p><a href="{attr(link)}">Все исправления выпуска {attr(edition_name(year))}</a></p>\n</div>\n'
    )


def notice(
    log: CorrectionLog, touched_pages: dict[str, list[LoggedChange]], dataset: Dataset, region: str, url: str,
    territory: str | None,
) -> Markup | None:
    """The notice of the page at ``url`` (of ``territory``), or None when no correction touched it."""
    changes = touched_pages.get(url)
    if not changes:
        return None
    over_region = territory in (None, REGION)
    names = territory_names(dataset, region, changes[0].year) if over_region else None
    return notice_html(url, changes, dataset.catalogue, names)


def published_line(log: CorrectionLog, year: int) -> Markup | None:
    """On the edition page of a published edition: when it was published and how many corrections it had."""
    edition = log.editions.get(year)
    if edition is None:
        return None
    count = len(edition.corrections)
    tail = f"исправлений: {count}" if count else "исправлений не было"
    link = urls.relative(urls.edition(year), urls.corrections(year))
    return Markup(
        f'<p class="pf-published">Выпуск опубликован {attr(format_date_table(edition.published))}; '
        f'{tail} — <a href="{attr(link)}">список исправлений</a>.</p>\n'
    )
