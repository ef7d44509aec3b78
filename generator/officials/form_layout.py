"""The layout of a form, which both directions share: where its values stand and what ties it to the data.

Why a module of its own: the form is written by :mod:`generator.officials.form_writer` and read back by
:mod:`generator.officials.form_reader`, and both must agree on every position. What ties a row to the data
is the count's id in a hidden column and a hidden sheet naming the form's year, municipality and the role
of every sheet, so an official may reorder rows or rename nothing and the import still knows what each
cell means. The layout is described once here (the columns :data:`ID_COL` … :data:`SOURCE_COL`,
:data:`LIST_SHEETS`), with the fingerprint of the data a form was made from (:func:`data_fingerprint`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from generator.inputs.models import DECISION_KINDS, Level, MeasureStatus, YearFile

FORM_MARK = "proforientir-form"
# 2: the measures' sheet has a column of sub-items after the title. A form of version 1, made and filled before
# that, is still read, with its own columns (ListSheet.columns_of): an official's filled form is never refused
# only because the generator was upgraded meanwhile.
FORM_VERSION = 2
META_SHEET = "_form"
# The fields of a year file a form shows and the import may change: what the form's fingerprint covers.
FINGERPRINT_FIELDS = frozenset({"counts", "schools", "targets", "events", "measures", "decisions"})
NO_FILE = "-"  # the fingerprint of a municipality and year with no file yet
FIRST_ROW = 4  # 0-based row of the first data row; rows above hold the title, the hint and the header

# Columns of a sheet of counts (0-based): the id is hidden, the input is C, so that a message says «ячейка C14».
ID_COL, TITLE_COL, INPUT_COL, UNIT_COL, PREVIOUS_COL, SOURCE_COL = range(6)


@dataclass(frozen=True)
class ListColumn:
    """One column of a list sheet (events, measures, decisions): the field it fills and how it is typed."""

    field: str
    title: str
    kind: str  # "text", "date", "choice", "ids", "lines" (a list, one item a line in one cell)
    width: int
    required: bool = True
    choices: tuple[str, ...] = ()
    open: bool = False  # a choice that also takes other words: Excel offers the list and accepts the rest
    since: int = 1  # the form version that added the column (a form of an older version does not have it)


@dataclass(frozen=True)
class ListSheet:
    role: str  # the YearFile field: events, measures, decisions
    title: str
    columns: tuple[ListColumn, ...]
    rows: int  # empty rows offered beyond the filled ones
    note: str = ""  # what the sheet's hint adds to the list of required columns

    def columns_of(self, version: int) -> tuple[ListColumn, ...]:
        """The columns of this sheet in a form of ``version``, in their order there."""
        return tuple(c for c in self.columns if c.since <= version)


LIST_SHEETS: tuple[ListSheet, ...] = (
    ListSheet(
        "events",
        "Мероприятия",
        (
            ListColumn("date", "Дата (ГГГГ-ММ-ДД)", "date", 14),
            ListColumn("title", "Название мероприятия", "text", 60),
            ListColumn("level", "Уровень", "choice", 18, choices=tuple(level.value for level in Level)),
            ListColumn("link", "Ссылка (http:// или https://)", "text", 40, required=False),
        ),
        30,
    ),
    ListSheet(
        "measures",
        "Дорожная карта",
        (
            ListColumn("number", "Номер (например, 4.1.2)", "text", 12),
            ListColumn("title", "Мероприятие", "text", 50, required=False),
            ListColumn("items", "Подпункты (каждый с новой строки)", "lines", 50, required=False, since=2),
            ListColumn("deadline", "Срок (ГГГГ-ММ-ДД)", "date", 14, required=False),
            ListColumn("deadline_text", "Срок словами", "text", 20, required=False),
            ListColumn("responsible", "Ответственный (должность)", "text", 30, required=False),
            ListColumn("expected_result", "Ожидаемый результат", "text", 40, required=False),
            ListColumn(
                "status", "Статус", "choice", 16, required=False, choices=tuple(s.value for s in MeasureStatus)
            ),
            ListColumn("indicators", "Показатели (коды через запятую)", "ids", 30, required=False),
        ),
        30,
        note="Нужно «Мероприятие», или «Подпункты», или оба: подпункты поручения — каждый с новой строки в одной "
        "ячейке (Alt+Enter). Срок — датой или словами («в течение года», «сентябрь 2022 г.»): одно из двух.",
    ),
    ListSheet(
        "decisions",
        "Решения",
        (
            ListColumn(
                "kind",
                "Вид (по умолчанию — приказ)",
                "choice",
                16,
                required=False,
                choices=DECISION_KINDS,
                open=True,
            ),
            ListColumn("number", "Номер (если есть)", "text", 10, required=False),
            ListColumn("date", "Дата (ГГГГ-ММ-ДД, если есть)", "date", 14, required=False),
            ListColumn("title", "Название", "text", 60),
            ListColumn("link", "Ссылка (http:// или https://)", "text", 40, required=False),
            ListColumn("indicators", "Показатели (коды через запятую)", "ids", 30, required=False),
        ),
        20,
        note="Вид — из списка или своими словами («письмо», «протокол совещания»).",
    ),
)


ADDED_LATER = {"measures": "items"}
"""List fields of a year file added after forms were sent out: empty, they are left out of the fingerprint, so
that a form made before they existed from the same data is not taken for a stale one."""


def data_fingerprint(data: YearFile | None) -> str:
    """A short digest of the values of a year file that a form shows and the import writes back.

    The form keeps it in its hidden sheet; the import compares it with the file as it is now and refuses a
    form made from older data, which would silently revert the newer values. Only these values count: a
    comment, a key order or an edited analysis text do not make a form stale (the import keeps them).
    """
    if data is None:
        return NO_FILE
    payload = data.model_dump(mode="json", include=set(FINGERPRINT_FIELDS))
    for name, added in ADDED_LATER.items():  # a field added later, left empty, does not make older forms stale
        for item in payload.get(name, []):
            if item.get(added) == []:
                del item[added]
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]
