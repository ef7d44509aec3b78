"""Data strings made inert in the Markdown reports for reviewers (``proforientir diff``).

Why a module of its own: the report of values and the report of targets both put strings of the data
(a municipality's name, a recommendation, a target's source and note) into Markdown table cells and list
items, and both must escape them the same way, in tables of the same shape.
"""

from __future__ import annotations

from generator.core.formatting import academic_year_short
from generator.inputs.catalogue import Catalogue


def cell(text: str) -> str:
    """Text safe in a Markdown table cell: no pipe breaks the row, no line break splits it, no tag opens."""
    return " ".join(str(text).split()).replace("|", "\\|").replace("<", "&lt;")


_MARKUP = str.maketrans({char: "\\" + char for char in "\\`*_[]!~#"})


def plain(text: str) -> str:
    """Free text of the data (a source, a note) in a table cell: as :func:`cell`, and no character of it starts
    emphasis, a code span, a link or an image: the reviewer reads the words the file holds."""
    return cell(str(text).translate(_MARKUP))


Change = tuple[str, int, str, str, str, str]  # territory, year, indicator, was, is, what changed (inert cells)


def change_table(
    title: str, count: str, last: str, rows: list[Change], catalogue: Catalogue, names: dict[str, str], *, folded: bool
) -> list[str]:
    """A section of the report: «### title (count)» over a table of what was and what is, a row per territory,
    year and indicator, folded under its count when long."""
    head = [f"### {title} ({count})", ""]
    if folded:
        head = [f"### {title}", "", f"<details><summary>{count}</summary>", ""]
    table = [f"| Муниципалитет | Год | Показатель | Было | Стало | {last} |", "| --- | --- | --- | --- | --- | --- |"]
    for territory, year, indicator, was, now, what in rows:
        where = f"{cell(names.get(territory, territory))} | {academic_year_short(year)}"
        shown = f"{cell(catalogue.indicators[indicator].short_title)} (`{indicator}`)"
        table.append(f"| {where} | {shown} | {was} | {now} | {what} |")
    return head + table + (["", "</details>", ""] if folded else [""])
