"""The two commands whose documented job is to write into ``data/``: ``publish`` and ``correct``.

Nothing already stored is lost: ``publish`` writes an edition's numbers once, ``correct`` appends a
correction with its reason; ``editions.yaml`` keeps its comments, line ends and byte-order mark.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.checks.corrections import current_values, pending_changes
from generator.compute.table import IndicatorTable
from generator.core.files import write_if_changed
from generator.core.formatting import format_date_table
from generator.inputs.catalogue import Catalogue
from generator.inputs.editions_log import (
    EDITIONS_FILE,
    EDITIONS_HEADER,
    PUBLISHED_FILE,
    PUBLISHED_HEADER,
    Key,
    read_editions,
    read_snapshot,
)
from generator.inputs.fields import ShortText
from generator.inputs.problems import Problem, pydantic_message
from generator.inputs.source import round_trip_yaml


def render_snapshot(snapshot: dict[int, dict[Key, Decimal | None]]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PUBLISHED_HEADER)
    for year in sorted(snapshot):
        for (territory, indicator), value in sorted(snapshot[year].items()):
            writer.writerow([year, territory, indicator, "" if value is None else str(value)])
    return out.getvalue()


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
    table: IndicatorTable,
    catalogue: Catalogue,
    *,
    missing: Sequence[str] = (),
    incomplete: str | None = None,
    since: date | None = None,
) -> list[Path]:
    """Mark an edition published on ``day`` and keep its values as published; returns the files written.

    An edition without some municipalities of the registry (``missing``) is published only with the reason
    (``incomplete``), which its pages then show instead of the draft's notice. ``day`` may be neither before
    ``since`` (the date of the edition's data) nor after today: either is a mistyped date, and the pages and
    the feed would print it as the edition's publication."""
    from ruamel.yaml.comments import CommentedMap

    from generator.checks.corrections import published_too_early

    if missing and not (incomplete or "").strip():
        raise ValueError(
            f"в выпуске {year} нет данных {len(missing)} муниципалитетов реестра ({', '.join(missing[:5])}"
            f"{' и др.' if len(missing) > 5 else ''}): это предварительный выпуск; чтобы опубликовать его неполным, "
            f'укажите причину: --incomplete "…"'
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
    if since is not None and day < since:
        raise ValueError(published_too_early(day, since, year))
    _not_ahead(day, "дата публикации")
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
            '--reason "Исправлено число выпускников 9 классов по уточнённому отчёту ОО-1"'
        )
    if len(text) > REASON_LIMIT:
        raise ValueError(f"причина исправления длиннее {REASON_LIMIT} знаков ({len(text)}): сократите её")
    from pydantic import TypeAdapter, ValidationError

    try:
        return str(TypeAdapter(ShortText).validate_python(text))
    except ValidationError as exc:  # control characters pasted with the text
        raise ValueError(f"причина исправления: {pydantic_message(exc.errors()[0])}") from None


def correct(root: Path, year: int, day: date, reason: str, table: IndicatorTable, catalogue: Catalogue) -> int:
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
    _not_ahead(day, "дата исправления")
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


def _not_ahead(day: date, what: str) -> None:
    """A date a command records may not be ahead of today: the pages and the feed print it as what happened."""
    if day > today():
        raise ValueError(f"{what} {format_date_table(day)} ещё не наступила: укажите день, когда это в самом деле "
                         "было, или не указывайте --date (тогда — сегодня)")


def today() -> date:
    """The date a command records when none is given: today in UTC (a command run by a person, not a build)."""
    return datetime.now(UTC).date()
