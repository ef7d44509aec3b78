"""What a commit changes in the indicator catalogue (``indicators.yaml``), for the reviewer of a pull request.

The catalogue is the methodology: an indicator's title, its method of calculation, its numerator, its precision.
Every edition's pages are built from the catalogue as it is now, the published ones too; the build compares the
published editions' numbers with what was published (a change needs ``proforientir correct``), but a renamed
indicator or a rewritten method passes it and changes the text of every page that shows it — the page an order
cited among them. So the two catalogues are compared item by item, in the site's words, and the report says
which published editions will show the change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.build.validate import Report
from generator.core.formatting import academic_year_short, precision_words
from generator.inputs.catalogue import Catalogue
from generator.inputs.models import Better, Kind
from generator.officials.markdown_text import code, quote, was_is
from generator.site.methodology import BETTER_RU

TITLE = "Каталог показателей"

KINDS = {Kind.share: "доля", Kind.count: "число", Kind.ratio: "отношение"}


def _words(value: Any) -> Any:
    if isinstance(value, Kind):
        return KINDS[value]
    if isinstance(value, Better):  # as the methodology page says «Что лучше»
        return BETTER_RU[value.value]
    if isinstance(value, list):
        return "; ".join(str(v) for v in value) or None
    return value


INDICATOR_FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "название"),
    ("short_title", "краткое название"),
    ("section", "раздел"),
    ("kind", "вид"),
    ("numerator", "числитель"),
    ("denominator", "знаменатель"),
    ("unit", "единица"),
    ("method", "методика расчёта"),
    ("source", "источник данных"),
    ("better", "что лучше"),
    ("since", "измеряется с выпуска"),
    ("until", "измеряется по выпуск"),
    ("key", "ключевой"),
    ("required", "обязательный"),
    ("origin", "основание"),
)
SECTION_FIELDS = (("title", "название"), ("slug", "адрес (slug)"), ("description", "описание"), ("order", "порядок"))
COUNT_FIELDS = (("title", "название"), ("unit", "единица"), ("source", "источник"), ("part_of", "часть совокупности"))


def _fields(
    where: str, old: Any, new: Any, fields: tuple[tuple[str, str], ...], words: Callable[[str, Any], Any]
) -> list[str]:
    """A line per field that differs, both sides in the site's words."""
    lines = []
    for attr, what in fields:
        a, b = getattr(old, attr), getattr(new, attr)
        if a != b:
            lines.append(f"{where}: " + was_is(what, words(attr, a), words(attr, b)))
    return lines


def catalogue_changes(old: Catalogue, new: Catalogue) -> list[str]:
    """Each change of the catalogue as one line of Markdown, the file's strings inert."""
    sections = {**old.sections, **new.sections}

    def words(attr: str, value: Any) -> Any:
        if attr == "section" and value in sections:  # an indicator moved: the sections by their titles
            return sections[value].title
        return _words(value)

    lines: list[str] = []
    for kind, before, after, fields in (
        ("раздел", old.sections, new.sections, SECTION_FIELDS),
        ("показатель", old.indicators, new.indicators, INDICATOR_FIELDS),
        ("счётчик", old.counts, new.counts, COUNT_FIELDS),
    ):
        for item_id, item in before.items():
            if item_id not in after:
                gone = " — его блоки исчезнут со страниц всех выпусков" if kind == "показатель" else ""
                lines.append(f"Удалён {kind} {quote(_label(item))} ({code(item_id)}){gone}")
        for item_id, item in after.items():
            if item_id not in before:
                lines.append(f"Добавлен {kind} {quote(_label(item))} ({code(item_id)})")
            elif before[item_id] != item:
                where = f"{kind.capitalize()} {quote(_label(item))} ({code(item_id)})"
                lines += _fields(where, before[item_id], item, fields, words)
                if kind == "показатель" and old.precision(before[item_id]) != new.precision(item):
                    a, b = (precision_words(c.precision(i)) for c, i in ((old, before[item_id]), (new, item)))
                    lines.append(f"{where}: точность: {a} → {b} — значения на страницах всех выпусков")
    return lines


def _label(item: Any) -> str:
    return str(getattr(item, "short_title", None) or getattr(item, "title", ""))


def catalogue_section(old: Report, new: Report, changed: bool) -> list[str]:
    """The report's section on the catalogue when its file changed; nothing when it did not, or when either
    side has no catalogue to compare (its errors say why)."""
    if not changed or old.dataset is None or new.dataset is None:
        return []
    lines = catalogue_changes(old.dataset.catalogue.declared, new.dataset.catalogue.declared)
    if not lines:
        return [f"### {TITLE}", "", "Показатели, разделы и счётчики каталога не изменились.", ""]
    out = [f"### {TITLE}", ""]
    published = sorted(new.corrections.editions) if new.corrections is not None else []
    if published:
        editions = ", ".join(academic_year_short(y) for y in published)
        out += [
            "Страницы всех выпусков строятся по нынешнему каталогу: эти изменения покажут и опубликованные выпуски "
            f"({editions}) — и страницы, на которые уже сослались. Их числа сборка сверяет с опубликованными "
            "(изменение — только исправлением, `proforientir correct`), а названия и тексты — нет.",
            "",
        ]
    return out + [f"- {line}" for line in lines] + [""]

