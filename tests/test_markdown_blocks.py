"""The generated pages keep their blocks apart: a list ends before the next paragraph or heading.

Why: a template line that ends in a Jinja tag loses its line break (``trim_blocks``), and Markdown then
reads the next line as part of what stands before it. Readers saw «для печати (PDF — после публикации
выпуска)- Управленческий цикл» as one item of a municipality's list, and «…в каждой третьей
школе.Анализ по разделам:» glued to the analysis of the management cycle.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

import pytest

LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.) ")
HEADING = re.compile(r"^#{1,6} ")


def glued_lines(markdown: str) -> list[str]:
    """Places where a block runs into the next one without a blank line between them."""
    body = markdown.split("\n---\n", 1)[1] if markdown.startswith("---\n") else markdown
    lines = body.split("\n")
    found = []
    for before, line in pairwise(lines):
        if not line.strip() or not before.strip():
            continue
        if LIST_ITEM.match(before) and not LIST_ITEM.match(line) and not line.startswith(" "):
            found.append(f"после пункта списка: {before[-50:]!r} → {line[:50]!r}")
        elif HEADING.match(line) and not before.rstrip().endswith(">"):
            found.append(f"заголовок сразу после текста: {before[-50:]!r} → {line[:50]!r}")
        elif LIST_ITEM.match(line) and not LIST_ITEM.match(before) and not before.startswith((" ", "#")):
            found.append(f"список сразу после текста: {before[-50:]!r} → {line[:50]!r}")
    found += [f"два пункта в одной строке: {_around(body, m)!r}" for m in GLUED_ITEM.finditer(body)]
    return found


GLUED_ITEM = re.compile(r"\S- \[")  # «…для печати- [Цикл]»: a list item's text, then the next item


def _around(text: str, found: re.Match[str]) -> str:
    """What stands around a match on its line: up to 40 characters before it and 20 after."""
    line_start = text.rfind("\n", 0, found.start()) + 1
    line_end = text.find("\n", found.end()) % (len(text) + 1)  # the text's end when the line is its last
    return text[max(line_start, found.start() - 40) : min(line_end, found.end() + 20)]


def test_the_check_finds_what_readers_saw() -> None:
    assert glued_lines("- [Отчёт](r.md) — для печати- [Цикл](c.md) — цели\n")
    assert glued_lines("- создать кабинеты.\nАнализ по разделам:\n")
    assert glued_lines("- создать кабинеты.\n## Адресные рекомендации {#r}\n")
    assert glued_lines("Решения не указаны.\n## 9. Анализ {#e}\n")
    assert not glued_lines("- один\n- два\n\nАнализ по разделам:\n\n## Раздел {#s}\n\n<p>x</p>\n## Другой {#o}\n")


@pytest.mark.parametrize(
    "data", ["data", "examples/kemerovo/data", "examples/stary-oskol/data", "examples/michurinsk/data"]
)
def test_no_block_of_a_generated_page_runs_into_the_next(data: str, generated: Any) -> None:
    content = generated(data)  # the pages of the data folder, made once for the test run
    problems = {path: found for path, text in content.pages.items() if (found := glued_lines(text))}
    assert not problems, "\n".join(f"{path}: {found[:3]}" for path, found in sorted(problems.items())[:10])
