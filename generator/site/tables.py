"""Data tables written in Python, byte for byte as the page templates wrote them.

Why: an indicator's trend table has a row per year, and a region's edition has thousands of them; a
Jinja loop spends tens of microseconds on each cell (a lookup, a test, a call per value), and on ten
years of sixty municipalities that was seconds of every data commit, growing with every past year.
Each value is printed exactly as a template prints ``{{ value }}``: cleaned by :func:`finalize`, then
escaped unless it is markup already (``tests/test_tables.py`` compares both on hostile values).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from markupsafe import Markup, escape

from generator.core.text import clean


def finalize(value: Any) -> Any:
    """Every value a template prints loses control characters and invisible marks, escaped or not."""
    if isinstance(value, Markup):  # kept as it is when clean (most are: no copy, no new Markup)
        cleaned = clean(value)
        return value if cleaned is value else Markup(cleaned)
    if isinstance(value, str):
        return clean(value)
    return value


def printed(value: Any) -> str:
    """``value`` as a template prints ``{{ value }}``: cleaned, then escaped unless it is markup."""
    if type(value) is str:  # most cells: plain text
        return escape(clean(value))
    return escape(finalize(value))


def table_rows(rows: Iterable[Sequence[Any]]) -> Markup:
    """The rows of a table body, the first cell of each its header: a line per row."""
    out = []
    for row in rows:
        cells = (
            f'<th scope="row">{printed(c)}</th>' if i == 0 else f"<td>{printed(c)}</td>" for i, c in enumerate(row)
        )
        out.append(f"<tr>{''.join(cells)}</tr>\n")
    return Markup("".join(out))


def trend_table(table: dict[str, Any], caption: Any) -> Markup:
    """An indicator's table by year (:func:`generator.site.blocks.municipality_table`), whose cells are also
    its chart's numbers: each row names its year, each cell that is a point carries its attributes."""
    head = "".join(f'<th scope="col">{printed(h)}</th>' for h in table["head"])
    body = []
    for row, mark in zip(table["rows"], table["marks"], strict=True):
        points = mark["cells"]
        cells = [f'<tr data-pf-year="{printed(mark["year"])}">']
        for index, cell in enumerate(row):
            if index == 0:
                cells.append(f'<th scope="row">{printed(cell)}</th>')
            else:
                cells.append(f"<td{printed(points.get(index, ''))}>{printed(cell)}</td>")
        cells.append("</tr>\n")
        body.append("".join(cells))
    return Markup(
        f'<table id="{printed(table["id"])}">\n<caption>{printed(caption)}</caption>\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{''.join(body)}</tbody>\n</table>"
    )
