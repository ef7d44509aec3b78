"""The public indicator table: the columns of the open data, their Russian titles and types, and its rows.

School-level figures are never published (001 p.12): the public table has only region and
municipality rows, and no column names a school.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import pandas as pd

from generator.compute.status import TargetStatus
from generator.compute.table import COMPUTED, PRINTED, REGION, IndicatorTable
from generator.core.formatting import academic_year_short
from generator.inputs.dataset import Dataset
from generator.site.status_words import SAID

STATUS_WORDS: dict[str, str] = {str(status): words.goal for status, words in SAID.items()}
"""The target status of the computed table in the words a reader of the file understands."""

LEVEL_ORDER = {"region": 0, "municipality": 1}


_INTEGER = "integer"
_NUMBER = "number"
_STRING = "string"

BASIS_WORDS = {COMPUTED: "вычислено", PRINTED: "как в источнике"}
"""How a published value was obtained (the computed table's ``basis``), in the words of the files."""

FIELDS: list[dict[str, Any]] = [
    {
        "name": "year",
        "type": _INTEGER,
        "title": "Год",
        "description": "Календарный год окончания учебного года: 2025 — это 2024/25 учебный год",
    },
    {
        "name": "academic_year",
        "type": _STRING,
        "title": "Учебный год",
        "description": "Учебный год в привычной записи, например «2024/25»",
    },
    {
        "name": "level",
        "type": _STRING,
        "title": "Уровень",
        "description": "region — регион в целом, municipality — муниципальное образование",
        "constraints": {"required": True, "enum": ["region", "municipality"]},
    },
    {
        "name": "territory",
        "type": _STRING,
        "title": "Код территории",
        "description": "Постоянный латинский идентификатор муниципалитета (как в адресах страниц сайта) "
        "или region для региона",
        "constraints": {"required": True},
    },
    {
        "name": "territory_name",
        "type": _STRING,
        "title": "Территория",
        "description": "Название муниципального образования или региона в учебном году строки (после "
        "преобразования или переименования — прежнее в годы до него; постоянный код — territory)",
    },
    {
        "name": "section",
        "type": _STRING,
        "title": "Код раздела",
        "description": "Постоянный идентификатор раздела мониторинга",
    },
    {
        "name": "section_title",
        "type": _STRING,
        "title": "Раздел",
        "description": "Название раздела мониторинга",
    },
    {
        "name": "indicator",
        "type": _STRING,
        "title": "Код показателя",
        "description": "Постоянный идентификатор показателя; описание и методика расчёта — на странице "
        "«Методика» сайта (якорь с этим идентификатором)",
        "constraints": {"required": True},
    },
    {
        "name": "indicator_title",
        "type": _STRING,
        "title": "Показатель",
        "description": "Название показателя",
    },
    {
        "name": "kind",
        "type": _STRING,
        "title": "Вид показателя",
        "description": "share — доля в процентах (числитель / знаменатель × 100), count — количество "
        "(равно числителю), ratio — отношение (числитель / знаменатель)",
        "constraints": {"enum": ["share", "count", "ratio"]},
    },
    {
        "name": "unit",
        "type": _STRING,
        "title": "Единица измерения",
        "description": "Единица измерения значения: % для долей, иначе единица счётчика",
    },
    {
        "name": "numerator",
        "type": _INTEGER,
        "title": "Числитель",
        "description": "Число, от которого считается показатель (для региона — сумма по муниципалитетам, "
        "сдавшим данные); пустая ячейка — нет данных",
    },
    {
        "name": "denominator",
        "type": _INTEGER,
        "title": "Знаменатель",
        "description": "Совокупность, к которой относится числитель; пусто у количественных показателей "
        "и при отсутствии данных",
    },
    {
        "name": "value",
        "type": _NUMBER,
        "title": "Значение",
        "description": "Значение показателя, округлённое по правилам математики (половина — вверх) до "
        "точности показателя; дробная часть отделяется точкой; пустая ячейка — нет данных (не ноль)",
    },
    {
        "name": "change",
        "type": _NUMBER,
        "title": "Изменение к прошлому году",
        "description": "Разность опубликованных значений этого и предыдущего учебного года (для долей — "
        "в процентных пунктах); дробная часть отделяется точкой; пусто, если одного из значений нет",
    },
    {
        "name": "target",
        "type": _NUMBER,
        "title": "Целевое значение",
        "description": "Цель, установленная муниципалитетом на учебный год; дробная часть отделяется "
        "точкой; пусто, если цель не установлена или если источник сообщает только, достигнута ли цель, "
        "не называя планового значения",
    },
    {
        "name": "target_status",
        "type": _STRING,
        "title": "Выполнение цели",
        "description": ", ".join(f"«{w}»" for w in list(STATUS_WORDS.values())[:-1])
        + f" или «{STATUS_WORDS[TargetStatus.no_data]}» (цель установлена, но значения нет); учитывается, какое "
        "направление изменения лучше. При пустом целевом значении "
        + f"«{STATUS_WORDS[TargetStatus.met]}» или «{STATUS_WORDS[TargetStatus.not_met]}» — по данным источника, "
        "который сообщает, достигнута ли цель, не называя планового значения",
        "constraints": {"enum": list(STATUS_WORDS.values())},
    },
    {
        "name": "reported",
        "type": _INTEGER,
        "title": "Сдали данные",
        "description": "Сколько муниципалитетов дали данные для показателя (для муниципалитета — 1 или 0)",
    },
    {
        "name": "expected",
        "type": _INTEGER,
        "title": "Ожидалось",
        "description": "Сколько муниципалитетов участвовали в мониторинге в этом году (для муниципалитета — 1)",
    },
    {
        "name": "basis",
        "type": _STRING,
        "title": "Как получено значение",
        "description": "«вычислено» — из числителя и знаменателя; «как в источнике» — значение напечатано в "
        "источнике без чисел, из которых его можно пересчитать, и не входит в значение по региону",
        "constraints": {"enum": list(BASIS_WORDS.values())},
    },
]
"""Every public column: name, Frictionless type, Russian title and description (shown on /data/)."""

COLUMNS: list[str] = [f["name"] for f in FIELDS]
"""The public columns, in the order of the files."""

SECTION_COLUMNS: list[str] = [
    c for c in COLUMNS if c not in {"level", "territory_name", "section", "section_title", "indicator_title", "kind"}
]
"""The columns of a section page's CSV: the public columns less those that are the same on every row of the
file (the section and its title), follow from another column (the level from the territory, the kind from
the indicator) or spell out a code in words (the names of the territory and the indicator).

A section page's file holds every number the page shows — the territory's series and the region's, for
every year up to the edition — so a reader can take the page's numbers into a spreadsheet. The long names
filled four fifths of its bytes, repeated on each of its rows, in each of ~3 000 files of a 60 × 5 region
(98 of its 146 MB of CSV); they remain on the page itself and in the full files on /data/, whose rows have
the same codes. The order of the remaining columns is that of the full files.
"""

INTEGER_COLUMNS = [f["name"] for f in FIELDS if f["type"] == _INTEGER]
NUMBER_COLUMNS = [f["name"] for f in FIELDS if f["type"] == _NUMBER]


# --- the public table --------------------------------------------------------------------------


def russian_sort_key(text: str) -> str:
    """A key that sorts Russian names alphabetically.

    Code point order is the Russian alphabet for а–я, except «ё», which Unicode puts after «я»; Russian
    dictionaries file «ё» with «е». Case is folded so that «городской» and «Городской» sort together.
    """
    return text.casefold().replace("ё", "е")


def _number(value: Decimal | None) -> float:
    """A value of the table as a float without a negative zero: rounded at its indicator's precision, or with
    the decimals its source printed it with (30,5 % at a precision of whole percent stays 30.5, as the site
    shows it beside «как в источнике»)."""
    if value is None:
        return math.nan
    return float(value) + 0.0  # + 0.0 turns −0.0 into 0.0


def public_table(table: IndicatorTable, dataset: Dataset) -> pd.DataFrame:
    """The published table: one row per year × territory × indicator, in the columns of :data:`FIELDS`.

    The computed table keys everything by ids; a reader of the file also needs the names, the unit and the
    target status in words, so they are joined here from the catalogue and the registry. Rows are ordered
    as a reader browses (region first, municipalities alphabetically, indicators in catalogue order), never
    by value: the files compare territories, they do not rank them. The order and the dtypes are fixed, so
    the same data always give the same bytes.
    """
    catalogue = dataset.catalogue
    values = [v for v in table.rows if v.level in LEVEL_ORDER]
    rows = (table if len(values) == len(table) else IndicatorTable(values)).frame
    if rows.empty:
        empty = pd.DataFrame({c: pd.Series(dtype=_dtype(c)) for c in COLUMNS})
        return empty

    region_name = dataset.registry.region.name
    names_by_year = {  # a municipality renamed by a reform keeps its former name in the years before it
        y: {**dataset.registry.names(y), REGION: region_name} for y in sorted(set(rows["year"].astype(int).tolist()))
    }
    section_titles = {s.id: s.title for s in catalogue.sections.values()}
    section_order = {s.id: n for n, s in enumerate(catalogue.sections.values())}
    indicator_order = {i: n for n, i in enumerate(catalogue.indicators)}
    indicators = catalogue.indicators

    def indicator_attr(ind: str, getter: Any, default: Any) -> Any:
        return getter(indicators[ind]) if ind in indicators else default

    out = pd.DataFrame(index=rows.index)
    out["year"] = rows["year"].astype("int64")
    out["academic_year"] = [academic_year_short(int(y)) for y in rows["year"]]
    out["level"] = rows["level"].astype(str)
    out["territory"] = rows["territory"].astype(str)
    pairs = zip(out["year"].tolist(), out["territory"].tolist(), strict=True)
    out["territory_name"] = [names_by_year[y].get(t, t) for y, t in pairs]
    out["section"] = rows["section"].astype(str)
    out["section_title"] = [section_titles.get(s, s) for s in rows["section"]]
    out["indicator"] = rows["indicator"].astype(str)
    out["indicator_title"] = [indicator_attr(i, lambda x: x.title, i) for i in rows["indicator"]]
    out["kind"] = rows["kind"].astype(str)
    out["unit"] = [indicator_attr(i, catalogue.unit, "") for i in rows["indicator"]]
    out["numerator"] = rows["numerator"].astype("Int64")
    out["denominator"] = rows["denominator"].astype("Int64")
    out["value"] = [_number(v.value) for v in values]
    out["change"] = [_number(v.change) for v in values]
    out["target"] = rows["target"].astype("float64")
    out["target_status"] = [STATUS_WORDS.get(s, s) for s in rows["target_status"]]
    out["reported"] = rows["reported"].astype("Int64")
    out["expected"] = rows["expected"].astype("Int64")
    out["basis"] = [BASIS_WORDS.get(b, BASIS_WORDS[COMPUTED]) for b in rows["basis"]]

    order = pd.DataFrame(
        {
            "year": out["year"],
            "level": out["level"].map(LEVEL_ORDER),
            "name": [russian_sort_key(n) for n in out["territory_name"]],
            "territory": out["territory"],
            "section": out["section"].map(section_order).fillna(len(section_order)),
            "indicator": out["indicator"].map(indicator_order).fillna(len(indicator_order)),
            "indicator_id": out["indicator"],
        },
        index=out.index,
    )
    order = order.sort_values(list(order.columns), kind="stable")
    out = out.loc[order.index, COLUMNS].reset_index(drop=True)
    for column in COLUMNS:
        out[column] = out[column].astype(_dtype(column))
    return out


def _dtype(column: str) -> str:
    """One dtype per public column, so that an empty table and a full one have the same schema."""
    if column == "year":
        return "int64"
    if column in INTEGER_COLUMNS:
        return "Int64"
    if column in NUMBER_COLUMNS:
        return "float64"
    return "object"
