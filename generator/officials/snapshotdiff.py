"""Publication rewritten after the fact (``published.csv``, ``editions.yaml``), for the reviewer of a data commit.

Why: ``published.csv`` keeps an edition's values as its readers saw them, and a build stops when the data
differ from it without a correction entry. An official who edits the number in both files — the year file and
``published.csv`` — passes that check: the page changes, no correction is recorded, and what an order cited is
gone without a trace. Only the reviewer can see it, so the report names every published value whose record
changed; an edition published by this commit (``proforientir publish``) is new, not rewritten. The same holds
for ``editions.yaml``: an edition taken off it, its publication date changed or a correction removed or edited
rewrite what the site said and when; a correction or a publication added is what the commands write.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import yaml
from pydantic import ValidationError

from generator.core.formatting import academic_year_short, format_date_table
from generator.inputs.catalogue import Catalogue
from generator.inputs.editions_log import EDITIONS_FILE, PUBLISHED_FILE, SnapshotError, parse_snapshot
from generator.inputs.editions_model import Edition, EditionsFile
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


def _editions(files: dict[str, bytes]) -> dict[int, Edition] | None:
    """The editions the file records, read from its bytes: not from the validation's log, which is empty when
    the side's data have an error, and would then read as every edition taken off."""
    data = files.get(EDITIONS_FILE)
    if data is None:
        return {}
    try:
        model = EditionsFile.model_validate(yaml.safe_load(data.decode("utf-8")) or {})
    except (yaml.YAMLError, UnicodeDecodeError, ValidationError, AttributeError):
        return None  # the validation names the line; nothing to compare
    return {e.year: e for e in model.editions}


def editions_section(old: dict[str, bytes], new: dict[str, bytes]) -> list[str]:
    """The report's warning on the record of publication rewritten: an edition unpublished, its date moved, a
    correction removed or changed; empty when the commit only adds publications and corrections."""
    before, after = _editions(old), _editions(new)
    if before is None or after is None:
        return []
    found = []
    for year, was in sorted(before.items()):
        ay = academic_year_short(year)
        now = after.get(year)
        if now is None:
            found.append(
                f"выпуск {ay} учебного года больше не отмечен опубликованным (был опубликован "
                f"{format_date_table(was.published)}): сайт перестанет сверять его значения с опубликованными, а PDF "
                "его отчётов исчезнут"
            )
            continue
        if now.published != was.published:
            found.append(f"выпуск {ay}: дата публикации {format_date_table(was.published)} → "
                         f"{format_date_table(now.published)}")
        kept = now.corrections[: len(was.corrections)]
        for index, correction in enumerate(was.corrections):
            if index >= len(kept):
                found.append(f"выпуск {ay}: удалено исправление от {format_date_table(correction.date)} "
                             f"(«{cell(correction.reason)}»)")
            elif kept[index] != correction:
                found.append(f"выпуск {ay}: изменено исправление от {format_date_table(correction.date)} "
                             f"(«{cell(correction.reason)}»)")
    if not found:
        return []
    return [
        "### Выпуски и исправления",
        "",
        f"**Внимание: переписана история публикации** ({len(found)}). Выпуски и исправления в `{EDITIONS_FILE}` "
        "записывают команды `publish` и `correct`, и запись не меняют задним числом: читатель и приказ, который "
        "сослался на страницу, должны видеть, что и когда было опубликовано и исправлено.",
        "",
        *(f"- {line}" for line in found),
        "",
    ]
