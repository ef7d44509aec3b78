"""The chart file a page's live chart is drawn from: its own numbers, with the shape shared by every chart.

Why: a trend chart's Vega-Lite spec is ~3 KB, four fifths of which (config, encodings, scales, locale) are
the same for every chart of a kind; a region of 60 municipalities × 5 years has ~27 000 of them, so the
site carried ~60 MB of one spec repeated. Each kind's spec is written once, as a template
(``assets/charts/trend-<kind>.json``) whose variable places hold ``{"pf-slot": "<name>"}``; a chart's file
(``charts/<year>/<territory>/<indicator>.json``) holds only what varies — title, description, the values
and the series' names, colours and dashes — and the URL of its template. The browser
(``assets/javascripts/charts.js``) fills the template with the parts, as :func:`fill` does here; a test
checks that ``fill(template, parts)`` is the very spec :func:`generator.site.charts.trend_spec` made.

A spec of any other shape (no template matches it) is written whole, and the browser draws it as it is.
"""

from __future__ import annotations

import json
import posixpath
import re
from functools import cache
from pathlib import Path
from typing import Any

from generator.core.files import write_if_changed

__all__ = ["TEMPLATE_DIR", "chart_file", "fill", "read_chart", "split", "template", "write_templates"]

TEMPLATE_DIR = "assets/charts"
"""Where the templates are, under the site's root."""
SLOT = "pf-slot"


def _template_url(kind: str) -> str:
    return f"{TEMPLATE_DIR}/trend-{kind}.json"


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


@cache
def _shared(kind: str) -> Any:
    return template(kind)  # read only: matched against, never changed


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


def _match(tree: Any, spec: Any, parts: dict[str, Any]) -> bool:
    """Whether ``spec`` is ``tree`` with its slots filled; the slots' values are put into ``parts``."""
    if _is_slot(tree):
        name = tree[SLOT]
        if name in parts and parts[name] != spec:
            return False
        parts[name] = spec
        return True
    if isinstance(tree, dict):
        return (
            isinstance(spec, dict)
            and tree.keys() == spec.keys()
            and all(_match(value, spec[key], parts) for key, value in tree.items())
        )
    if isinstance(tree, list):
        return (
            isinstance(spec, list)
            and len(tree) == len(spec)
            and all(_match(a, b, parts) for a, b in zip(tree, spec, strict=True))
        )
    return type(tree) is type(spec) and tree == spec


def split(spec: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """(kind, parts) of a trend chart's spec, or None when it is of no known kind."""
    from generator.site.charts import KINDS

    for kind in KINDS:
        parts: dict[str, Any] = {}
        if _match(_shared(kind), spec, parts):
            return kind, parts
    return None


@cache
def _canonical(kind: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The template as the site's compact JSON (sorted keys), cut at its slots: (literal pieces, slot names)."""
    text = json.dumps(_shared(kind), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    literals, names, start = [], [], 0
    for match in _SLOT_TEXT.finditer(text):
        literals.append(text[start : match.start()])
        names.append(match.group(1))
        start = match.end()
    literals.append(text[start:])
    return tuple(literals), tuple(names)


_SLOT_TEXT = re.compile(r'\{"' + SLOT + r'":"([a-z_]+)"\}')


def _split_text(text: str) -> tuple[str, dict[str, str]] | None:
    """(kind, each slot's JSON text) of a spec in the site's compact JSON, read off the text of the templates.

    Each literal piece of a template is looked for in order; what lies between two is a slot's value, and
    it must be one JSON value (a piece that occurs inside a value cuts it short, and that is caught here:
    the caller then matches the parsed trees instead). All found, the spec is the template filled, exactly.
    """
    from generator.site.charts import KINDS

    for kind in KINDS:
        literals, names = _canonical(kind)
        if not text.startswith(literals[0]):
            continue
        pieces: dict[str, str] = {}
        position = len(literals[0])
        for name, literal in zip(names, literals[1:], strict=True):
            end = text.find(literal, position) if literal else len(text)
            if end < 0 or pieces.setdefault(name, text[position:end]) != text[position:end]:
                break
            position = end + len(literal)
        else:
            if position == len(text) and all(_one_value(piece) for piece in pieces.values()):
                return kind, pieces
    return None


def _one_value(piece: str) -> bool:
    try:
        json.loads(piece)
    except ValueError:
        return False
    return True


def chart_file(name: str, spec_json: bytes) -> bytes:
    """The bytes of ``<name>.json`` for the chart whose full spec is ``spec_json``: its parts and its template's
    URL (relative to the file), or the spec itself when it has no template."""
    text = spec_json.decode("utf-8")
    found = _split_text(text)
    if found is not None:  # the quick way: the parts' JSON texts as they are in the spec
        kind, pieces = found
        url = posixpath.relpath(_template_url(kind), posixpath.dirname(name))
        body = ",".join(f"{json.dumps(key)}:{pieces[key]}" for key in sorted(pieces))
        return f'{{"parts":{{{body}}},"template":{json.dumps(url)}}}'.encode()
    parsed = split(json.loads(text))
    if parsed is None:
        return spec_json
    kind, parts = parsed
    url = posixpath.relpath(_template_url(kind), posixpath.dirname(name))
    return json.dumps(
        {"template": url, "parts": parts}, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    ).encode()


def write_templates(docs: Path) -> set[Path]:
    """Write the template of every kind under ``docs``; returns the paths (files are written only when changed)."""
    from generator.site.charts import KINDS

    paths = set()
    for kind in KINDS:
        path = docs / _template_url(kind)
        write_if_changed(path, _template_text(kind).encode("utf-8"))
        paths.add(path)
    return paths


def read_chart(path: Path) -> Any:
    """The spec the browser draws from the chart file at ``path`` of a built site (its template read beside it)."""
    chart = json.loads(path.read_bytes())
    if not isinstance(chart, dict) or not isinstance(chart.get("template"), str):
        return chart
    return fill(json.loads((path.parent / chart["template"]).read_bytes()), chart["parts"])
