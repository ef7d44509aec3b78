"""What a data commit changes in the registry of territories (``region.yaml``), for the reviewer of a pull request.

A municipal reform turns a «муниципальный район» into a «муниципальный округ», renames it, merges two; a school
closes; the monitoring moves its date. Each of these changes what every page of the territory says — its
title, its group in the navigation, the date under every figure — and none shows among the values, which the
report keys by the permanent ``slug``. So the two registries are compared item by item: the region, the
monitoring's dates and what it collects, each municipality and each school, in the site's words.
"""

from __future__ import annotations

from generator.build.validate import Report
from generator.core.formatting import academic_year_short
from generator.core.text import upper_first
from generator.inputs.models import Municipality, RegistryFile
from generator.inputs.monitoring import Monitoring
from generator.officials.markdown_text import list_change, plain, quote, was_is

TITLE = "Реестр территорий"


def _school(name: str, school_id: str) -> str:
    return f"{quote(name)} (`{plain(school_id)}`)"


def _municipality(old: Municipality, new: Municipality) -> list[str]:
    where = f"«{plain(new.name)}» (`{plain(new.slug)}`)"
    lines = []
    for attr, what in (("name", "название"), ("type", "вид"), ("oktmo", "ОКТМО")):
        a, b = getattr(old, attr), getattr(new, attr)
        if a != b:
            lines.append(f"{where}: " + was_is(what, a, b))
    before = {s.id: s for s in old.schools}
    after = {s.id: s for s in new.schools}
    lines += [f"{where}: удалена школа {_school(s.name, i)}" for i, s in before.items() if i not in after]
    lines += [f"{where}: добавлена школа {_school(s.name, i)}" for i, s in after.items() if i not in before]
    for school_id, school in after.items():
        was = before.get(school_id)
        if was is None or was == school:
            continue
        if was.name != school.name:
            lines.append(f"{where}: школа `{plain(school_id)}` — " + was_is("название", was.name, school.name))
        if was.ovz != school.ovz:
            change = was_is("для обучающихся с ОВЗ", was.ovz, school.ovz)
            lines.append(f"{where}: школа {_school(school.name, school_id)} — {change}")
    return lines


def registry_changes(old: RegistryFile, new: RegistryFile) -> list[str]:
    """Each change of the registry as one line of Markdown, the data's strings inert."""
    lines = []
    for attr, what in (("name", "название региона"), ("authority", "орган управления образованием")):
        a, b = getattr(old.region, attr), getattr(new.region, attr)
        if a != b:
            lines.append(upper_first(was_is(what, a, b)))
    if old.level != new.level:
        words = {"region": "регион по муниципалитетам", "municipality": "муниципалитет по своим школам"}
        lines.append(was_is("Уровень мониторинга", words[old.level.value], words[new.level.value]))
    if old.region.schools_public != new.region.schools_public:
        public = (old.region.schools_public, new.region.schools_public)
        lines.append(was_is("Значения каждой школы публикуются", *public))
    if old.monitoring_date != new.monitoring_date:  # the day in words, as the pages say it («31 мая»)
        days = [Monitoring.of(r).day_text() + ("" if r.monitoring_date else " (по умолчанию)") for r in (old, new)]
        lines.append(f"Дата мониторинга каждого года: {days[0]} → {days[1]}")
    for year in sorted(set(old.monitoring_dates) | set(new.monitoring_dates)):
        a, b = old.monitoring_dates.get(year), new.monitoring_dates.get(year)
        if a != b:
            lines.append(was_is(f"Дата мониторинга выпуска {academic_year_short(year)}", a, b))
    if old.collects != new.collects:
        lines.append(_collected("Что собирает мониторинг", old.collects, new.collects))
    for year in sorted(set(old.collects_by_year) | set(new.collects_by_year)):
        a, b = old.collects_by_year.get(year), new.collects_by_year.get(year)
        if a != b:
            lines.append(_collected(f"Что собрано в выпуске {academic_year_short(year)}", a, b))
    before = {m.slug: m for m in old.municipalities}
    after = {m.slug: m for m in new.municipalities}
    for slug, m in before.items():
        if slug not in after:
            lines.append(f"Удалён из реестра: «{plain(m.name)}» (`{plain(slug)}`) — его страницы больше не строятся")
    for slug, m in after.items():
        if slug not in before:
            lines.append(f"Добавлен в реестр: «{plain(m.name)}» (`{plain(slug)}`), {plain(m.type.value)}")
        elif before[slug] != m:
            lines += _municipality(before[slug], m)
    return lines


def _collected(what: str, old: list[str] | None, new: list[str] | None) -> str:
    if old is None or new is None:
        every = "все показатели каталога"
        shown = [every if v is None else ", ".join(f"`{plain(i)}`" for i in v) for v in (old, new)]
        return f"{what}: {shown[0]} → {shown[1]}"
    return list_change(what, old, new, lambda i: f"`{plain(i)}`")


def registry_section(old: Report, new: Report) -> list[str]:
    """The report's section on the registry; nothing when either side has none to compare (its errors say why)."""
    if old.dataset is None or new.dataset is None:
        return []
    lines = registry_changes(old.dataset.registry, new.dataset.registry)
    if not lines:
        return [f"### {TITLE}", "", "Реестр территорий не изменился.", ""]
    return [f"### {TITLE}", "", *[f"- {line}" for line in lines], ""]
