"""What a page's live charts are drawn from: the numbers the page already shows, and one shape per kind.

Why: the trend charts used to be one JSON file each (``charts/<year>/<territory>/<indicator>.json``), 34 000
files on a region of 60 municipalities × 5 years, holding again the numbers of the table that stands under
every chart. Now a trend chart has no file of its own:

* its **shape** is the template of its kind, written once for the site (``assets/charts/trend-<kind>.json``,
  Altair's spec whose variable places hold ``{"pf-slot": "<name>"}``); the figure's ``data-spec`` points to it;
* its **numbers** are the cells of its table: each cell of a drawn series carries the machine value
  (``data-pf-v``, JSON; ``null`` for no value), and its text is the tooltip (``data-pf-f`` only where the cell
  says more, e.g. «(как в источнике)»); each row carries its year (``data-pf-year``), its header the label;
* the rest is on the figure: title, series (name, colour, dash), axis title and number format; the
  description is the image's ``alt``.

The browser (``assets/javascripts/charts.js``) reads these and fills the template; :func:`parts_from_page`
here does the same in Python, so that a test can check that what the page carries makes the very spec
:func:`generator.site.charts.trend_spec` makes. The overview's charts (comparisons, sparklines) have no
table of this shape: a page's are one JSON file beside it (:data:`PAGE_FILE`, by anchor).
"""

from __future__ import annotations

import json
import math
import posixpath
from collections.abc import Mapping
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from markupsafe import Markup

from generator.core.files import write_if_changed
from generator.core.text import attr

__all__ = [
    "PAGE_FILE",
    "TEMPLATE_DIR",
    "cell_attrs",
    "figure_attrs",
    "fill",
    "page_charts",
    "page_file",
    "parts_from_page",
    "resolve",
    "static_of",
    "template",
    "template_url",
    "write_templates",
]

TEMPLATE_DIR = "assets/charts"
"""Where the templates are, under the site's root."""
PAGE_FILE = "charts.json"
"""The file beside a page that holds the specs of its overview charts, by the figure's anchor."""
SLOT = "pf-slot"


def _template_url(kind: str) -> str:
    return f"{TEMPLATE_DIR}/trend-{kind}.json"


def template_url(kind: str) -> str:
    """The site URL of a kind's template (``/assets/charts/trend-<kind>.json``)."""
    return "/" + _template_url(kind)


@cache
def _template_text(kind: str) -> str:
    from generator.site.charts import spec_template

    literals, names = spec_template(kind)
    out = [literals[0]]
    for name, literal in zip(names, literals[1:], strict=True):
        out.append(json.dumps({SLOT: name}))
        out.append(literal)
    return "".join(out)


def template(kind: str) -> Any:
    """The spec of a kind of trend chart with ``{"pf-slot": name}`` where charts differ (a fresh object)."""
    return json.loads(_template_text(kind))


def _is_slot(node: Any) -> bool:
    return isinstance(node, dict) and len(node) == 1 and isinstance(node.get(SLOT), str)


def fill(tree: Any, parts: dict[str, Any]) -> Any:
    """The template with every slot replaced by its part: what the browser draws (charts.js does the same)."""
    if _is_slot(tree):
        return parts[tree[SLOT]]
    if isinstance(tree, dict):
        return {key: fill(value, parts) for key, value in tree.items()}
    if isinstance(tree, list):
        return [fill(value, parts) for value in tree]
    return tree


@cache
def _static_template(kind: str) -> tuple[Any, frozenset[int]]:
    """The static variant of a kind's template (slots kept), and the ids of its nodes that hold a slot."""
    from generator.site.charts import static_spec

    tree = static_spec(template(kind), copy=False)
    holders: set[int] = set()

    def mark(node: Any) -> bool:
        if _is_slot(node):
            return True
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        found = [mark(child) for child in children]  # every child: each holder is marked
        if any(found):
            holders.add(id(node))
        return any(found)

    mark(tree)
    return tree, frozenset(holders)


def static_of(kind: str, parts: Mapping[str, Any]) -> dict[str, Any]:
    """The static spec of a trend chart of ``kind`` with these parts (the slots' values, as a recipe holds
    them): equal to ``static_spec(spec_of(parts, kind))``, made without serialising, parsing and walking the
    whole spec again.

    The kind's static template is made once; a chart copies only the nodes on the way to a slot and shares
    the rest with the template (and its lists with its parts), so the result is for reading only: the page
    reads the image's size off it (:func:`generator.site.svgchart.picture_size`) and the drawing draws it.
    """
    tree, holders = _static_template(kind)

    def put(node: Any) -> Any:
        if _is_slot(node):
            return parts[node[SLOT]]
        if id(node) not in holders:
            return node
        if isinstance(node, dict):
            return {key: put(value) for key, value in node.items()}
        return [put(value) for value in node]

    result: dict[str, Any] = put(tree)
    return result


def write_templates(docs: Path) -> set[Path]:
    """Write the template of every kind under ``docs``; returns the paths (files are written only when changed)."""
    from generator.site.charts import KINDS

    paths = set()
    for kind in KINDS:
        path = docs / _template_url(kind)
        write_if_changed(path, _template_text(kind).encode("utf-8"))
        paths.add(path)
    return paths


def figure_attrs(parts: Any, table_id: str) -> Markup:
    """The figure's attributes that, with its table (``table_id``) and ``alt``, make a trend chart's parts."""
    series = [[name, color, dash] for name, color, dash in zip(parts.series, parts.colors, parts.dashes, strict=True)]
    text = json.dumps(series, ensure_ascii=False, separators=(",", ":"))
    unit = "" if parts.y_title is None else f' data-pf-unit="{attr(parts.y_title)}"'
    return Markup(
        f' data-pf-table="{attr(table_id)}" data-pf-title="{attr(parts.title)}" data-pf-series="{attr(text)}"'
        f'{unit} data-pf-format="{attr(parts.y_format)}"'
    )


def cell_attrs(series: int, value: float | None, formatted: str, text: str) -> Markup:
    """A table cell's attributes when it is a point of series number ``series``: its value as JSON (a whole
    number without ``.0``: the same number to JavaScript), and the tooltip's text only where it is not the
    cell's own (``text``)."""
    if value is not None and not math.isfinite(value):
        value = None  # as the chart's own data: NaN and infinities are no value
    shown = "" if formatted == text else f' data-pf-f="{attr(formatted)}"'
    machine = "null" if value is None else str(int(value)) if value.is_integer() else repr(value)
    return Markup(f' data-pf-s="{series}" data-pf-v="{machine}"{shown}')


def page_file(specs: dict[str, bytes]) -> bytes:
    """The JSON file of a page's overview charts: each spec (as served, compact JSON) by its figure's anchor."""
    body = ",".join(f"{json.dumps(anchor, ensure_ascii=False)}:{specs[anchor].decode()}" for anchor in sorted(specs))
    return ("{" + body + "}").encode("utf-8")


class _Reader(HTMLParser):
    """The figures and tables of a page, as charts.js sees them (attributes and text of cells)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.figures: dict[str, dict[str, str]] = {}
        self.tables: dict[str, list[tuple[dict[str, str], list[tuple[dict[str, str], str]]]]] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None
        self._in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        if tag == "figure" and "id" in found:
            self.figures[found["id"]] = found
        elif tag == "img" and self.figures:
            last = next(reversed(self.figures.values()))
            last.setdefault("alt", found.get("alt", ""))
        elif tag == "table" and "id" in found:
            self._table = found["id"]
            self.tables[self._table] = []
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._table and self._in_body:
            self.tables[self._table].append((found, []))
        elif tag in ("td", "th") and self._table and self._in_body:
            self._cell = []
            self.tables[self._table][-1][1].append((found, ""))

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._table:
            cells = self.tables[self._table][-1][1]
            cells[-1] = (cells[-1][0], "".join(self._cell))
            self._cell = None
        elif tag == "tbody":
            self._in_body = False
        elif tag == "table":
            self._table = None


def parts_from_page(page_html: str, figure_id: str) -> tuple[str, dict[str, Any]]:
    """(the template's URL as written on the figure, the parts) of a trend chart, read off its page the way
    charts.js reads them: the Python mirror of ``partsFromPage`` there."""
    return page_charts(page_html)[figure_id]


def page_charts(page_html: str) -> dict[str, tuple[str, dict[str, Any]]]:
    """Every trend chart of a page by its figure's id, as :func:`parts_from_page` reads one: the page is
    parsed once (a section page has a dozen charts)."""
    reader = _Reader()
    reader.feed(page_html)
    return {
        figure_id: _parts(reader, figure)
        for figure_id, figure in reader.figures.items()
        if "data-pf-table" in figure
    }


def _parts(reader: _Reader, figure: dict[str, str]) -> tuple[str, dict[str, Any]]:
    rows = reader.tables[figure["data-pf-table"]]
    series = json.loads(figure["data-pf-series"])
    values: list[dict[str, Any]] = []
    labels: list[str] = []
    for index, (name, _color, _dash) in enumerate(series):
        for row, cells in rows:
            for found, text in cells:
                if found.get("data-pf-s") != str(index):
                    continue
                label = cells[0][1]
                if label not in labels:
                    labels.append(label)
                values.append(
                    {
                        "year": int(row["data-pf-year"]),
                        "label": label,
                        "series": name,
                        "value": json.loads(found["data-pf-v"]),
                        "formatted": found.get("data-pf-f", text),
                    }
                )
    order = [cells[0][1] for _, cells in rows]
    parts = {
        "title": figure["data-pf-title"],
        "description": figure.get("alt", ""),
        "values": values,
        "labels": sorted(labels, key=order.index),
        "series": [s[0] for s in series],
        "colors": [s[1] for s in series],
        "dashes": [s[2] for s in series],
        "y_title": figure.get("data-pf-unit"),
        "y_format": figure["data-pf-format"],
    }
    return figure["data-spec"], parts


def resolve(page_url: str, href: str) -> str:
    """A figure's relative ``data-spec`` as a site URL, seen from the page at ``page_url``."""
    return posixpath.normpath(posixpath.join(page_url, href.split("#")[0]))
