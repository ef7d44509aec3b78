"""Data strings made inert in the Markdown reports for reviewers (``proforientir diff``).

Why a module of its own: the report of values and the report of targets both put strings of the data
(a municipality's name, a recommendation, a target's source and note) into Markdown table cells and list
items, and both must escape them the same way, in tables of the same shape.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from generator.core.formatting import academic_year_short, format_date_table
from generator.inputs.catalogue import Catalogue

QUOTED = 80  # characters of a long text quoted in a row; the YAML diff has the rest


def cell(text: str) -> str:
    """Text safe in a Markdown table cell: no pipe breaks the row, no line break splits it, no tag opens."""
    return " ".join(str(text).split()).replace("|", "\\|").replace("<", "&lt;")


_MARKUP = str.maketrans({char: "\\" + char for char in "\\`*_[]!~#"})


def plain(text: str) -> str:
    """Free text of the data (a source, a note) in a table cell: as :func:`cell`, and no character of it starts
    emphasis, a code span, a link or an image: the reviewer reads the words the file holds."""
    return cell(str(text).translate(_MARKUP))


def code(text: str) -> str:
    """An identifier of the data (an id, a slug) as a code span. Inside one Markdown shows every character as
    it is — a backslash of :func:`plain` would show too (`a\\_b`) —, so only what could end the span or the
    cell is kept out: a backtick (the identifiers' own patterns allow none), a pipe, a line break."""
    words = " ".join(str(text).split()).replace("|", "¦")
    return f"`` {words} ``" if "`" in words else f"`{words}`"


def quote(text: str | None) -> str:
    """A text of the data in «», one line, inert, cut after a whole word to :data:`QUOTED` characters."""
    words = " ".join(str(text or "").split())
    if len(words) > QUOTED:
        cut = words[: QUOTED - 1]
        space = cut.rfind(" ")
        words = (cut[:space] if space > QUOTED // 2 else cut).rstrip(" ,;:—") + "…"
    return f"«{plain(words)}»"


def said(value: object) -> str:
    """A value of the data as one side of «было → стало»: a date as in the site's tables, yes or no, or quoted."""
    if value is None:
        return "не указано"
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, date):
        return format_date_table(value)
    return quote(str(value))


def was_is(what: str, old: object, new: object) -> str:
    """«срок: «сентябрь 2024 г.» → «октябрь 2024 г.»»: one field of the data, both sides in :func:`said` words."""
    return f"{what}: {said(old)} → {said(new)}"


def list_change(what: str, old: list[Any], new: list[Any], shown: Callable[[Any], str]) -> str:
    """«показатели: +«…», −«…»»: what a list of the data gained and lost, or that only its order changed."""
    came = [f"+{shown(x)}" for x in new if x not in old]
    gone = [f"−{shown(x)}" for x in old if x not in new]
    return f"{what}: " + (", ".join(came + gone) or "порядок изменён")


def section(title: str, count: str, rows: list[str], *, folded: bool) -> list[str]:
    """«### title (count)» over ``rows`` (a table or a list), or the rows folded under their count when long."""
    if folded:
        return [f"### {title}", "", f"<details><summary>{count}</summary>", "", *rows, "", "</details>", ""]
    return [f"### {title} ({count})", "", *rows, ""]


Change = tuple[str, int, str, str, str, str]  # territory, year, indicator, was, is, what changed (inert cells)


def change_table(
    title: str, count: str, last: str, rows: list[Change], catalogue: Catalogue, names: dict[str, str], *, folded: bool
) -> list[str]:
    """A section of the report: «### title (count)» over a table of what was and what is, a row per territory,
    year and indicator, folded under its count when long."""
    table = [f"| Муниципалитет | Год | Показатель | Было | Стало | {last} |", "| --- | --- | --- | --- | --- | --- |"]
    for territory, year, indicator, was, now, what in rows:
        where = f"{cell(names.get(territory, territory))} | {academic_year_short(year)}"
        shown = f"{cell(catalogue.indicators[indicator].short_title)} (`{indicator}`)"
        table.append(f"| {where} | {shown} | {was} | {now} | {what} |")
    return section(title, count, table, folded=folded)
