"""Published editions and the corrections of their numbers.

Pages of the site are cited in orders. Once an edition is published, its numbers may still be corrected
— a typo in a count, a late school report — but never silently: the reader who cited «67,4 %» must find,
at the same address, that it became «68,1 %», when and why. So:

* ``data/editions.yaml`` marks an edition published, with its date, and lists its corrections (date,
  reason, and what changed: every value with its published and its new figure);
* ``data/published.csv`` keeps the values of every edition as they were published, written once by
  ``proforientir publish <year>``;
* at every build the values computed now are compared with the published ones and the corrections: a
  change that no correction explains stops the build, with the command that records it
  (``proforientir correct <year> --reason …``) — the two commands whose documented job is to write into
  ``data/``;
* every page whose numbers a correction changed carries a notice with the old and the new value, the
  edition has a page listing its corrections (``/<year>/corrections/``), and the downloads carry the log.

Only indicators the edition was published with are compared: a catalogue that gains an indicator adds
numbers, it does not correct published ones.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from generator.compute.table import REGION, number
from generator.core.files import write_if_changed
from generator.core.formatting import academic_year, academic_year_short, format_date_table, format_value
from generator.core.text import attr
from generator.inputs.catalogue import Catalogue
from generator.inputs.editions import announced, edition_states, latest_of
from generator.inputs.load import Dataset, _read, parse_model
from generator.inputs.models import Correction, CorrectionChange, Edition, EditionsFile, ShortText
from generator.inputs.problems import Problem, at, display_path, pydantic_message
from generator.inputs.source import round_trip_yaml
from generator.site import urls

EDITIONS_FILE = "editions.yaml"
PUBLISHED_FILE = "published.csv"
LOG_STEM = "proforientir-corrections"
SCHEMA_LINE = "# yaml-language-server: $schema=../schemas/editions.schema.json\n"
EDITIONS_HEADER = (
    SCHEMA_LINE
    + "# Опубликованные выпуски и исправления их данных. Выпуск отмечает опубликованным команда\n"
    + "# `proforientir publish <год>` (она же сохраняет опубликованные значения в published.csv);\n"
    + "# запись об исправлении добавляет `proforientir correct <год> --reason «…»`.\n"
)
PUBLISHED_HEADER = ("year", "territory", "indicator", "value")

Key = tuple[str, str]  # (territory, indicator)


def _decimal(value: float | None, digits: int) -> Decimal | None:
    """A value as published: the rounded figure as an exact decimal (None — no data)."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-digits))


def current_values(table: pd.DataFrame, catalogue: Catalogue, year: int) -> dict[Key, Decimal | None]:
    """The values of an edition as the site shows them now, for every territory and indicator."""
    rows = table[table["year"] == year]
    values: dict[Key, Decimal | None] = {}
    for territory, name, value in zip(rows["territory"], rows["indicator"], rows["value"], strict=True):
        indicator = catalogue.indicators[str(name)]
        values[(str(territory), str(name))] = _decimal(number(value), catalogue.precision(indicator))
    return values


# --- the files -------------------------------------------------------------------------------------


class SnapshotError(ValueError):
    """``published.csv`` cannot be read: damaged or edited by hand; ``line`` is where (1 for the whole file)."""

    def __init__(self, path: Path, line: int, problem: str) -> None:
        super().__init__(f"{path}:{line}: {problem}")
        self.path, self.line, self.problem = path, line, problem


_SNAPSHOT_HINT = "этот файл пишет команда `proforientir publish`: верните его прежний вид из истории git"


def read_snapshot(path: Path) -> dict[int, dict[Key, Decimal | None]]:
    """The published values of every edition, from ``published.csv``."""
    if not path.is_file():
        return {}
    snapshot: dict[int, dict[Key, Decimal | None]] = {}
    line = 1
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            for row in reader:
                line = reader.line_num
                text = (row.get("value") or "").strip()
                snapshot.setdefault(int(row["year"]), {})[(row["territory"], row["indicator"])] = (
                    Decimal(text) if text else None
                )
    except UnicodeDecodeError:
        raise SnapshotError(path, 1, f"файл не в кодировке UTF-8: {_SNAPSHOT_HINT}") from None
    except (csv.Error, KeyError, TypeError, ValueError, ArithmeticError):
        raise SnapshotError(path, line, f"строка не читается как опубликованное значение: {_SNAPSHOT_HINT}") from None
    return snapshot


def render_snapshot(snapshot: dict[int, dict[Key, Decimal | None]]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PUBLISHED_HEADER)
    for year in sorted(snapshot):
        for (territory, indicator), value in sorted(snapshot[year].items()):
            writer.writerow([year, territory, indicator, "" if value is None else str(value)])
    return out.getvalue()


def read_editions(root: Path, problems: list[Problem]) -> tuple[EditionsFile | None, Any]:
    path = root / EDITIONS_FILE
    if not path.is_file():
        return EditionsFile(), None
    doc = _read(path, problems)
    if doc is None:
        return None, None
    model = parse_model(doc, EditionsFile, problems) if doc.data is not None else EditionsFile()
    return model, doc


def incomplete_editions(root: Path) -> dict[int, str]:
    """The editions ``editions.yaml`` publishes incomplete, with their reasons (its problems are told by
    :func:`check`)."""
    model, _ = read_editions(root, [])
    if model is None:
        return {}
    return {e.year: e.incomplete for e in model.editions if e.incomplete is not None}


# --- the log ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoggedChange:
    """One value changed by one correction, ready to show."""

    year: int
    correction: Correction
    change: CorrectionChange


@dataclass
class CorrectionLog:
    """The published editions and every correction of them, as later stages read them."""

    editions: dict[int, Edition] = field(default_factory=dict)

    @property
    def changes(self) -> list[LoggedChange]:
        return [
            LoggedChange(year, correction, change)
            for year, edition in sorted(self.editions.items())
            for correction in sorted(edition.corrections, key=lambda c: c.date)
            for change in correction.changes
        ]

    def corrections(self, year: int) -> list[Correction]:
        edition = self.editions.get(year)
        return sorted(edition.corrections, key=lambda c: c.date) if edition is not None else []


def _effective(
    published: dict[Key, Decimal | None], edition: Edition, catalogue: Catalogue
) -> dict[Key, Decimal | None]:
    """The published values with every correction applied, in the order of their dates."""
    values = dict(published)
    for correction in sorted(edition.corrections, key=lambda c: c.date):
        for change in correction.changes:
            indicator = catalogue.indicators.get(change.indicator)
            digits = catalogue.precision(indicator) if indicator is not None else 4
            values[(change.territory, change.indicator)] = _decimal(change.new, digits)
    return values


def pending_changes(
    edition: Edition, published: dict[Key, Decimal | None], table: pd.DataFrame, catalogue: Catalogue
) -> list[tuple[Key, Decimal | None, Decimal | None]]:
    """Values of a published edition that differ now from what was published and corrected: (key, old, new)."""
    expected = _effective(published, edition, catalogue)
    now = current_values(table, catalogue, edition.year)
    known = {indicator for _, indicator in published}
    keys = {k for k in set(expected) | set(now) if k[1] in known}
    order = {name: i for i, name in enumerate(catalogue.indicators)}
    # municipalities first, then the region; indicators in the catalogue's order
    ranked = sorted(keys, key=lambda k: (k[0] == REGION, k[0], order.get(k[1], len(order)), k[1]))
    return [(k, expected.get(k), now.get(k)) for k in ranked if expected.get(k) != now.get(k)]


def check(root: Path, dataset: Dataset | None, table: pd.DataFrame | None) -> tuple[CorrectionLog, list[Problem]]:
    """The correction log, and a problem for every published number that changed without a correction."""
    problems: list[Problem] = []
    model, doc = read_editions(root, problems)
    log = CorrectionLog()
    if model is None or dataset is None or table is None:
        return log, problems
    path = root / EDITIONS_FILE
    catalogue = dataset.catalogue
    territories = {m.slug for m in dataset.registry.municipalities} | {REGION}
    try:
        snapshot = read_snapshot(root / PUBLISHED_FILE)
    except SnapshotError as exc:
        problems.append(Problem(display_path(exc.path), exc.line, 1, exc.problem))
        return log, problems
    for i, edition in enumerate(model.editions):
        if edition.year in log.editions:
            problems.append(at(doc, path, ("editions", i, "year"), f"выпуск {edition.year} указан дважды"))
            continue
        log.editions[edition.year] = edition
        for j, correction in enumerate(edition.corrections):
            if correction.date < edition.published:
                problems.append(
                    at(
                        doc,
                        path,
                        ("editions", i, "corrections", j, "date"),
                        f"исправление от {format_date_table(correction.date)} раньше публикации выпуска "
                        f"({format_date_table(edition.published)})",
                    )
                )
            for k, change in enumerate(correction.changes):
                loc = ("editions", i, "corrections", j, "changes", k)
                if change.territory not in territories:
                    problems.append(at(doc, path, (*loc, "territory"), f"неизвестная территория «{change.territory}»"))
                if change.indicator not in catalogue.indicators:
                    problems.append(at(doc, path, (*loc, "indicator"), f"неизвестный показатель «{change.indicator}»"))
        if edition.year not in snapshot:
            problems.append(
                at(
                    doc,
                    path,
                    ("editions", i, "year"),
                    f"выпуск {edition.year} отмечен опубликованным, но в {PUBLISHED_FILE} нет его опубликованных "
                    f"значений: отметьте выпуск командой `proforientir publish {edition.year}`",
                )
            )
            continue
        problems += _unrecorded(root, doc, i, edition, snapshot[edition.year], table, dataset)
    return log, problems


def _unrecorded(
    root: Path,
    doc: Any,
    index: int,
    edition: Edition,
    published: dict[Key, Decimal | None],
    table: pd.DataFrame,
    dataset: Dataset,
) -> list[Problem]:
    pending = pending_changes(edition, published, table, dataset.catalogue)
    if not pending:
        return []
    catalogue = dataset.catalogue
    by_territory: dict[str, list[str]] = {}
    for (territory, name), old, new in pending:
        indicator = catalogue.indicators[name]
        by_territory.setdefault(territory, []).append(
            f"{indicator.short_title} ({name}): {was_and_now(catalogue, name, old, new)}"
        )
    year = edition.year
    how = (
        f"если это исправление, выполните `proforientir correct {year} --reason \"что и почему исправлено\"` — "
        f"команда допишет в {display_path(root / EDITIONS_FILE)} запись об исправлении (date, reason, changes "
        f"со всеми изменёнными значениями); если нет — верните прежние значения"
    )
    head = f"выпуск {edition_name(year)} опубликован {format_date_table(edition.published)}, а его значения изменились"
    problems = []
    for territory, items in sorted(by_territory.items()):
        if territory == REGION and len(by_territory) > 1:
            continue  # the region moves with its municipalities: told once, with them
        listed = "; ".join(items[:5]) + (f" и ещё {len(items) - 5}" if len(items) > 5 else "")
        file = root / str(year) / f"{territory}.yaml"
        if file.is_file():
            problem = Problem(display_path(file), 1, 1, f"{head} без записи об исправлении: {listed}; {how}")
        else:
            where = "регион в целом" if territory == REGION else f"«{territory}» (файла больше нет)"
            message = f"{head} без записи об исправлении, {where}: {listed}; {how}"
            problem = at(doc, root / EDITIONS_FILE, ("editions", index, "year"), message)
        problems.append(problem)
    return problems


def edition_name(year: int) -> str:
    """«2021/22 учебного года»: the edition in the genitive, as «выпуск …» and «исправления выпуска …» need."""
    return f"{academic_year_short(year)} учебного года"


def was_and_now(catalogue: Catalogue, name: str, old: Decimal | float | None, new: Decimal | float | None) -> str:
    """«было 67,4 %, стало 68,1 %»; a missing side is said in words, not as «было нет данных»."""
    if old is None:
        return f"данных не было, стало {_format(catalogue, name, new)}"
    if new is None:
        return f"было {_format(catalogue, name, old)}, теперь данных нет"
    return f"было {_format(catalogue, name, old)}, стало {_format(catalogue, name, new)}"


def _format(catalogue: Catalogue, name: str, value: Decimal | float | None) -> str:
    indicator = catalogue.indicators[name]
    if value is None:
        return "нет данных"
    return format_value(value, indicator.kind.value, catalogue.precision(indicator), catalogue.unit(indicator))


# --- the commands that write into data/ --------------------------------------------------------------


def _load_editions_doc(root: Path) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    path = root / EDITIONS_FILE
    doc = round_trip_yaml().load(path.read_text(encoding="utf-8")) if path.is_file() else None
    if not isinstance(doc, CommentedMap):
        doc = CommentedMap()
    if not isinstance(doc.get("editions"), list):
        doc["editions"] = CommentedSeq()
    return doc


def _dump_editions(root: Path, doc: Any) -> str:
    out = io.StringIO()
    round_trip_yaml().dump(doc, out)
    text = out.getvalue()
    path = root / EDITIONS_FILE
    return text if path.is_file() else EDITIONS_HEADER + text


def _number(value: Decimal | None) -> Any:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() and value.as_tuple().exponent >= 0 else float(value)


def publish(
    root: Path,
    year: int,
    day: date,
    table: pd.DataFrame,
    catalogue: Catalogue,
    *,
    missing: Sequence[str] = (),
    incomplete: str | None = None,
) -> list[Path]:
    """Mark an edition published on ``day`` and keep its values as published; returns the files written.

    An edition without some municipalities of the registry (``missing``) is published only with the reason
    (``incomplete``), which its pages then show instead of the draft's notice."""
    from ruamel.yaml.comments import CommentedMap

    if missing and not (incomplete or "").strip():
        raise ValueError(
            f"в выпуске {year} нет данных {len(missing)} муниципалитетов реестра ({', '.join(missing[:5])}"
            f"{' и др.' if len(missing) > 5 else ''}): это предварительный выпуск; чтобы опубликовать его неполным, "
            f"укажите причину: --incomplete \"…\""
        )

    doc = _load_editions_doc(root)
    if any(isinstance(e, dict) and e.get("year") == year for e in doc["editions"]):
        raise ValueError(
            f"выпуск {year} уже опубликован: изменение его значений записывают командой "
            f"`proforientir correct {year} --reason «…»`"
        )
    values = current_values(table, catalogue, year)
    if not values:
        raise ValueError(f"за {year} год нет данных: публиковать нечего")
    snapshot = read_snapshot(root / PUBLISHED_FILE)
    snapshot[year] = values
    entry = CommentedMap()
    entry["year"] = year
    entry["published"] = day
    if incomplete is not None and incomplete.strip():
        entry["incomplete"] = " ".join(incomplete.split())
    position = sum(1 for e in doc["editions"] if isinstance(e, dict) and int(e.get("year", 0)) < year)
    doc["editions"].insert(position, entry)
    written = []
    if write_if_changed(root / PUBLISHED_FILE, render_snapshot(snapshot)):
        written.append(root / PUBLISHED_FILE)
    if write_if_changed(root / EDITIONS_FILE, _dump_editions(root, doc)):
        written.append(root / EDITIONS_FILE)
    return written


REASON_LIMIT = 500  # the length ShortText takes: a longer reason would make editions.yaml fail validation


def check_reason(reason: str) -> str:
    """The reason of a correction as it is written, or ValueError saying why it cannot be.

    Readers of the site see the reason beside the corrected numbers, and ``editions.yaml`` with an empty one
    fails validation, the build and every later correction — so it is refused before anything is written.
    """
    text = reason.strip()
    if not text:
        raise ValueError(
            "причина исправления пуста: напишите в --reason, что и почему исправлено, например "
            "--reason \"Исправлено число выпускников 9 классов по уточнённому отчёту ОО-1\""
        )
    if len(text) > REASON_LIMIT:
        raise ValueError(f"причина исправления длиннее {REASON_LIMIT} знаков ({len(text)}): сократите её")
    from pydantic import TypeAdapter, ValidationError

    try:
        return str(TypeAdapter(ShortText).validate_python(text))
    except ValidationError as exc:  # control characters pasted with the text
        raise ValueError(f"причина исправления: {pydantic_message(exc.errors()[0])}") from None


def correct(root: Path, year: int, day: date, reason: str, table: pd.DataFrame, catalogue: Catalogue) -> int:
    """Record a correction of a published edition: every value that differs now; returns how many."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    reason = check_reason(reason)
    problems: list[Problem] = []
    model, _ = read_editions(root, problems)
    if model is None:
        raise ValueError("; ".join(str(p) for p in problems))
    edition = next((e for e in model.editions if e.year == year), None)
    if edition is None:
        raise ValueError(f"выпуск {year} не отмечен опубликованным: исправления не нужны (см. `proforientir publish`)")
    published = read_snapshot(root / PUBLISHED_FILE).get(year)
    if published is None:
        raise ValueError(f"в {PUBLISHED_FILE} нет опубликованных значений выпуска {year}")
    pending = pending_changes(edition, published, table, catalogue)
    if not pending:
        raise ValueError(f"значения выпуска {year} не изменились: записывать нечего")
    if day < edition.published:
        raise ValueError(f"дата исправления раньше публикации выпуска ({format_date_table(edition.published)})")
    doc = _load_editions_doc(root)
    entry = next(e for e in doc["editions"] if isinstance(e, dict) and e.get("year") == year)
    if "corrections" not in entry:
        entry["corrections"] = CommentedSeq()
    item = CommentedMap()
    item["date"] = day
    item["reason"] = reason
    changes = CommentedSeq()
    for (territory, indicator), old, new in pending:
        change = CommentedMap()
        change["territory"] = territory
        change["indicator"] = indicator
        change["old"] = _number(old)
        change["new"] = _number(new)
        change.fa.set_flow_style()
        changes.append(change)
    item["changes"] = changes
    entry["corrections"].append(item)
    write_if_changed(root / EDITIONS_FILE, _dump_editions(root, doc))
    return len(pending)


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


def _names(dataset: Dataset, region: str) -> dict[str, str]:
    return {REGION: region, **{m.slug: m.name for m in dataset.registry.municipalities}}


def _change_text(change: LoggedChange, catalogue: Catalogue, names: dict[str, str] | None) -> str:
    name = change.change.indicator
    indicator = catalogue.indicators.get(name)
    title = indicator.short_title if indicator is not None else name
    where = f"{names.get(change.change.territory, change.change.territory)}, " if names is not None else ""
    return f"{where}{title}: {was_and_now(catalogue, name, change.change.old, change.change.new)}"


def notice_html(
    page_url: str, changes: list[LoggedChange], catalogue: Catalogue, names: dict[str, str] | None
) -> str:
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
    names = _names(dataset, region)
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
    names = _names(dataset, region)
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
            was = _format(catalogue, change.indicator, change.old) if indicator else str(change.old)
            now = _format(catalogue, change.indicator, change.new) if indicator else str(change.new)
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


# --- in the downloads ------------------------------------------------------------------------------

LOG_FIELDS: list[dict[str, Any]] = [
    {"name": "year", "type": "integer", "title": "Год выпуска", "description": "Год окончания учебного года"},
    {"name": "published", "type": "date", "title": "Дата публикации выпуска"},
    {"name": "corrected", "type": "date", "title": "Дата исправления"},
    {"name": "reason", "type": "string", "title": "Причина исправления"},
    {"name": "territory", "type": "string", "title": "Территория", "description": "slug муниципалитета или region"},
    {"name": "territory_name", "type": "string", "title": "Название территории"},
    {"name": "indicator", "type": "string", "title": "Показатель", "description": "id показателя каталога"},
    {"name": "indicator_title", "type": "string", "title": "Название показателя"},
    {"name": "old", "type": "number", "title": "Было", "description": "Опубликованное значение; пусто — нет данных"},
    {
        "name": "new",
        "type": "number",
        "title": "Стало",
        "description": "Значение после исправления; пусто — нет данных",
    },
]


def log_table(log: CorrectionLog, dataset: Dataset, region: str) -> pd.DataFrame:
    names = _names(dataset, region)
    rows = []
    for item in log.changes:
        indicator = dataset.catalogue.indicators.get(item.change.indicator)
        rows.append(
            {
                "year": item.year,
                "published": log.editions[item.year].published,
                "corrected": item.correction.date,
                "reason": item.correction.reason,
                "territory": item.change.territory,
                "territory_name": names.get(item.change.territory, item.change.territory),
                "indicator": item.change.indicator,
                "indicator_title": indicator.title if indicator is not None else "",
                "old": item.change.old,
                "new": item.change.new,
            }
        )
    table = pd.DataFrame(rows, columns=[f["name"] for f in LOG_FIELDS])
    for column in ("published", "corrected"):
        table[column] = [d.isoformat() for d in table[column]]
    return table


def write_log(
    log: CorrectionLog, dataset: Dataset, region: str, out_dir: Path, modified: datetime, files: Iterable[Path]
) -> list[Path]:
    """The correction log as CSV and XLSX next to the other downloads, described in their data package."""
    from generator.publish.downloads import PACKAGE_FILE, to_csv_bytes, to_xlsx_bytes

    if not log.editions:
        return []
    table = log_table(log, dataset, region)
    csv_path, xlsx_path = out_dir / f"{LOG_STEM}.csv", out_dir / f"{LOG_STEM}.xlsx"
    write_if_changed(csv_path, to_csv_bytes(table))
    title = f"Профориентир: журнал исправлений опубликованных выпусков, {region}"
    xlsx = to_xlsx_bytes(table, sheet="Исправления", title=title, created=modified, fields=LOG_FIELDS)
    write_if_changed(xlsx_path, xlsx)
    package_path = out_dir / PACKAGE_FILE
    if package_path in set(files) and package_path.is_file():
        package = json.loads(package_path.read_text(encoding="utf-8"))
        schema = {"fields": [dict(f) for f in LOG_FIELDS], "missingValues": [""]}
        package["resources"] = [r for r in package["resources"] if not r["name"].startswith(LOG_STEM)]
        for path, fmt in ((csv_path, "csv"), (xlsx_path, "xlsx")):
            resource: dict[str, Any] = {
                "name": path.name,
                "title": f"Журнал исправлений ({fmt.upper()})",
                "path": path.name,
                "profile": "tabular-data-resource",
                "format": fmt,
                "mediatype": "text/csv"
                if fmt == "csv"
                else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
            if fmt == "csv":
                resource["encoding"] = "utf-8"
                resource["dialect"] = {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "header": True}
            resource["schema"] = schema
            package["resources"].append(resource)
        text = json.dumps(package, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
        write_if_changed(package_path, text.encode("utf-8"))
    return [csv_path, xlsx_path]


def today() -> date:
    """The date a command records when none is given: today in UTC (a command run by a person, not a build)."""
    return datetime.now(UTC).date()
