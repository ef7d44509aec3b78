"""Data strings made inert in the Markdown reports for reviewers (``proforientir diff``).

Why a module of its own: the report of values and the report of targets both put strings of the data
(a municipality's name, a recommendation, a target's source and note) into Markdown table cells and list
items, and both must escape them the same way.
"""

from __future__ import annotations


def cell(text: str) -> str:
    """Text safe in a Markdown table cell: no pipe breaks the row, no line break splits it, no tag opens."""
    return " ".join(str(text).split()).replace("|", "\\|").replace("<", "&lt;")


_MARKUP = str.maketrans({char: "\\" + char for char in "\\`*_[]!~#"})


def plain(text: str) -> str:
    """Free text of the data (a source, a note) in a table cell: as :func:`cell`, and no character of it starts
    emphasis, a code span, a link or an image: the reviewer reads the words the file holds."""
    return cell(str(text).translate(_MARKUP))
