"""Published values rewritten after the fact (``published.csv``), for the reviewer of a data commit.

Why: ``published.csv`` keeps an edition's values as its readers saw them, and a build stops when the data
differ from it without a correction entry. An official who edits the number in both files — the year file and
``published.csv`` — passes that check: the page changes, no correction is recorded, and what an order cited is
gone without a trace. Only the reviewer can see it, so the report names every published value whose record
changed; an edition published by this commit (``proforientir publish``) is new, not rewritten.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from generator.core.formatting import academic_year_short
from generator.inputs.catalogue import Catalogue
from generator.inputs.editions_log import PUBLISHED_FILE, SnapshotError, parse_snapshot
from generator.officials.markdown_text import cell

TITLE = "Опубликованные значения"


def _snapshot(files: dict[str, bytes]) -> dict[int, dict[tuple[str, str], Decimal | None]] | None:
    data = files.get(PUBLISHED_FILE)
    if data is None:
        return {}
    try:
        return parse_snapshot(data, Path(PUBLISHED_FILE))
    except SnapshotError:
        return None  # the validation names the line; nothing to compare


def snapshot_section(
    old: dict[str, bytes], new: dict[str, bytes], catalogue: Catalogue | None, names: dict[str, str]
) -> list[str]:
    """The report's warning on published values rewritten in place, from the two sides' data files; empty when
    none was."""
    before, after = _snapshot(old), _snapshot(new)
    if before is None or after is None or before == after:
        return []
    rows = []
    for year in sorted(before):
        was, now = before[year], after.get(year, {})
        for key in sorted(set(was) | set(now)):
            if (key in was, was.get(key)) != (key in now, now.get(key)):
                territory, indicator = key
                rows.append((year, territory, indicator, was.get(key), now.get(key), key in was, key in now))
    if not rows:
        return []

    def shown(value: Decimal | None, present: bool, indicator: str) -> str:
        if not present:
            return "нет записи"
        if catalogue is not None and indicator in catalogue.indicators:
            return catalogue.format(catalogue.indicators[indicator], value, missing="нет данных")
        return "нет данных" if value is None else str(value)

    years = ", ".join(sorted({academic_year_short(r[0]) for r in rows}))
    lines = [
        f"### {TITLE}",
        "",
        f"**Внимание: переписаны значения уже опубликованных выпусков** ({years}; значений: {len(rows)}). "
        f"`{PUBLISHED_FILE}` хранит их такими, какими их увидели читатели; исправление опубликованного выпуска "
        "записывают командой `proforientir correct`, и страницы показывают его с прежним значением и причиной. "
        f"Верните `{PUBLISHED_FILE}` из истории git, если это не перенос данных.",
        "",
        "| Учебный год | Территория | Показатель | Было опубликовано | Записано теперь |",
        "| --- | --- | --- | --- | --- |",
    ]
    for year, territory, indicator, old, new, had, has in rows:
        lines.append(
            f"| {academic_year_short(year)} | {cell(names.get(territory, territory))} | `{cell(indicator)}` | "
            f"{shown(old, had, indicator)} | {shown(new, has, indicator)} |"
        )
    lines.append("")
    return lines
