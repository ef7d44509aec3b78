"""Tables written in Python are the bytes the templates wrote (generator/site/tables.py).

The trend table (a row per year) and the rows of the data tables were Jinja loops; they are Python now,
because they are most of what an edition's generation costs with ten years of history. Each is compared
here with the template it replaced, in the pages' own environment (escaping, the cleaning of every printed
value), on values an official could type: quotes, tags, ampersands, control characters and invisible marks,
markup (a point's attributes), numbers and None.
"""

from __future__ import annotations

import itertools

from markupsafe import Markup

from generator.site.chartfile import cell_attrs
from generator.site.render import environment

# The templates as they were, before the tables were written in Python.
TREND = """{% macro trend_table(t, caption) -%}
<table id="{{ t.id }}">
<caption>{{ caption }}</caption>
<thead><tr>{% for h in t.head %}<th scope="col">{{ h }}</th>{% endfor %}</tr></thead>
<tbody>
{% for row in t.rows %}{% set mark = t.marks[loop.index0] %}<tr data-pf-year="{{ mark.year }}">{% for cell in row %}\
{% if loop.first %}<th scope="row">{{ cell }}</th>{% else %}<td{{ mark.cells.get(loop.index0, "") }}>{{ cell }}</td>\
{% endif %}{% endfor %}</tr>
{% endfor %}</tbody>
</table>
{%- endmacro %}
[{{ trend_table(t, caption) }}]"""

ROWS = """<tbody>
{% for row in rows %}<tr>{% for cell in row %}{% if loop.first %}<th scope="row">{{ cell }}</th>{% else %}\
<td>{{ cell }}</td>{% endif %}{% endfor %}</tr>
{% endfor %}</tbody>"""

NEW_TREND = "[{{ t | trend_table(caption) }}]"
NEW_ROWS = "<tbody>\n{{ rows | table_rows }}</tbody>"

HOSTILE = [
    "2024/25",
    'а "в" <b>г</b> & д',
    "o'clock",
    "скрыто\u202eотражено\u200b",
    "управл\x07ение",
    Markup("<abbr>ОО</abbr>"),
    Markup("с\u200bметкой"),
    "",
    42,
    12.5,
    None,
    "—",
]


def _tables() -> list[dict]:
    found = []
    for width, height in [(1, 0), (1, 1), (3, 2), (5, 4)]:
        values = itertools.cycle(HOSTILE)
        rows = [[next(values) for _ in range(width)] for _ in range(height)]
        marks = []
        for y, row in enumerate(rows):
            cells = {1: cell_attrs(0, 1.5, "1,5 %", "1,5 %")} if width > 1 else {}
            if width > 2:
                cells[width - 1] = cell_attrs(1, None, 'a "b"', str(row[-1]))
            marks.append({"year": 2020 + y, "cells": cells})
        found.append({"head": [next(values) for _ in range(width)], "rows": rows, "marks": marks, "id": "table-x<y>"})
    return found


def test_the_trend_table_is_the_bytes_of_the_template_it_replaced() -> None:
    env = environment()
    old, new = env.from_string(TREND), env.from_string(NEW_TREND)
    for table, caption in itertools.product(_tables(), HOSTILE):
        assert new.render(t=table, caption=caption) == old.render(t=table, caption=caption)


def test_the_rows_of_a_data_table_are_the_bytes_of_the_template_they_replaced() -> None:
    env = environment()
    old, new = env.from_string(ROWS), env.from_string(NEW_ROWS)
    for table in _tables():
        assert new.render(rows=table["rows"]) == old.render(rows=table["rows"])
    assert new.render(rows=[[], ["a<"]]) == old.render(rows=[[], ["a<"]])


def test_a_value_is_printed_cleaned_and_escaped_once() -> None:
    env = environment()
    html = env.from_string(NEW_ROWS).render(rows=[['<x> "\u200bq"', Markup("<i>м</i>")]])
    assert '<th scope="row">&lt;x&gt; &#34;q&#34;</th><td><i>м</i></td>' in html
