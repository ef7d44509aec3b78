"""What a data commit changes in the registry of territories (``region.yaml``), for the reviewer of a pull request.

A municipal reform turns a «муниципальный район» into a «муниципальный округ», renames it, merges two; a school
closes; the monitoring moves its date. Each of these changes what every page of the territory says — its
title, its group in the navigation, the date under every figure — and none shows among the values, which the
report keys by the permanent ``slug``. So the two registries are compared item by item: the region, the
monitoring's dates and what it collects, each municipality and each school, in the site's words.
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.build.validate import Report
from generator.core.formatting import academic_year_short
from generator.core.text import upper_first
from generator.inputs.monitoring import Monitoring
from generator.inputs.registry_model import EarlierName, Municipality, RegistryFile
from generator.officials.markdown_text import code, list_change, plain, quote, said, was_is

TITLE = "Реестр территорий"


def _school(name: str, school_id: str) -> str:
    return f"{quote(name)} ({code(school_id)})"


def _formers(former_names: Sequence[EarlierName]) -> str | None:
    """The former names of a municipality or a school as the reviewer reads them: «A (вид) — по 2022/23», or None."""
    if not former_names:
        return None
    shown = []
    for former in sorted(former_names, key=lambda f: f.until):
        kind = getattr(former, "type", None)  # a municipality's former type; a school has none
        shown.append(f"{former.name}{f' ({kind.value})' if kind else ''} — по {academic_year_short(former.until)}")
    return "; ".join(shown)


def _years_text(years: list[int]) -> str:
    """«выпуск 2022/23», «выпуски 2021/22–2023/24» for consecutive years, else the years listed."""
    if len(years) == 1:
        return f"выпуск {academic_year_short(years[0])}"
    if years == list(range(years[0], years[-1] + 1)):
        return f"выпуски {academic_year_short(years[0])}–{academic_year_short(years[-1])}"
    return "выпуски " + ", ".join(academic_year_short(y) for y in years)


def _renamed_editions(old: Municipality, new: Municipality, years: list[int], published: set[int]) -> list[str]:
    """The editions that will name the municipality otherwise than they did: a reform recorded by changing the
    name alone renames it in every past edition too — the pages an order cited would no longer say what they said.
    """
    where = f"«{plain(new.name)}» ({code(new.slug)})"
    moved: dict[tuple[str, str], list[int]] = {}  # (verbs one and many, what changes) → the editions
    for year in years:
        was, now = old.in_year(year), new.in_year(year)
        if was.name != now.name:
            moved.setdefault(("назовёт|назовут", f"его {quote(now.name)} вместо {quote(was.name)}"), []).append(year)
        elif was.type != now.type:  # the same name, another kind: its group in the navigation
            change = f"его вид {said(now.type.value)} вместо {said(was.type.value)}"
            moved.setdefault(("покажет|покажут", change), []).append(year)
    lines = []
    for (verbs, what), moved_years in moved.items():
        change = f"{verbs.split('|')[len(moved_years) > 1]} {what}"  # «выпуск … назовёт», «выпуски … назовут»
        then = old.in_year(moved_years[-1])
        cited = [y for y in moved_years if y in published]
        if not cited:
            also = ""
        elif cited == moved_years:  # every one of them published: the pages an order may cite
            also = " (опубликован — на его страницы" if len(cited) == 1 else " (опубликованы — на их страницы"
            also += " уже могли сослаться)"
        else:
            listed = ", ".join(academic_year_short(y) for y in cited)
            also = f" (из них опубликованы {listed} — на их страницы уже могли сослаться)"
        fields = f"`name: {plain(then.name)}`" + (f", `type: {then.type.value}`" if then.type != new.type else "")
        lines.append(
            f"**Внимание:** {where}: {_years_text(moved_years)}{also} {change} — на "
            "всех своих страницах, в таблицах, отчётах и открытых данных. Если муниципалитет преобразован или "
            "переименован, прошлые выпуски должны называть его так, как тогда: добавьте ему в `region.yaml` "
            f"`former_names` — {fields}, `until: {moved_years[-1]}` (последний выпуск под прежним названием); если "
            "исправлена опечатка — ничего не нужно."
        )
    return lines


def _municipality(old: Municipality, new: Municipality, years: list[int], published: set[int]) -> list[str]:
    where = f"«{plain(new.name)}» ({code(new.slug)})"
    lines = []
    for attr, what in (("name", "название"), ("type", "вид"), ("oktmo", "ОКТМО")):
        a, b = getattr(old, attr), getattr(new, attr)
        if a != b:
            lines.append(f"{where}: " + was_is(what, a, b))
    if old.former_names != new.former_names:
        lines.append(f"{where}: " + was_is("прежние названия", _formers(old.former_names), _formers(new.former_names)))
    lines += _renamed_editions(old, new, years, published)
    before = {s.id: s for s in old.schools}
    after = {s.id: s for s in new.schools}
    lines += [f"{where}: удалена школа {_school(s.name, i)}" for i, s in before.items() if i not in after]
    lines += [f"{where}: добавлена школа {_school(s.name, i)}" for i, s in after.items() if i not in before]
    for school_id, school in after.items():
        was = before.get(school_id)
        if was is None or was == school:
            continue
        if was.name != school.name:
            lines.append(f"{where}: школа {code(school_id)} — " + was_is("название", was.name, school.name))
        if was.former_names != school.former_names:
            formers = was_is("прежние названия", _formers(was.former_names), _formers(school.former_names))
            lines.append(f"{where}: школа {_school(school.name, school_id)} — {formers}")
        if was.ovz != school.ovz:
            change = was_is("для обучающихся с ОВЗ", was.ovz, school.ovz)
            lines.append(f"{where}: школа {_school(school.name, school_id)} — {change}")
    return lines


def registry_changes(
    old: RegistryFile, new: RegistryFile, years: dict[str, list[int]] | None = None, published: set[int] | None = None
) -> list[str]:
    """Each change of the registry as one line of Markdown, the data's strings inert; ``years``: each
    municipality's editions before the change (those that a rename would rename too), ``published``: the
    editions published."""
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
            lines.append(f"Удалён из реестра: «{plain(m.name)}» ({code(slug)}) — его страницы больше не строятся")
    for slug, m in after.items():
        if slug not in before:
            lines.append(f"Добавлен в реестр: «{plain(m.name)}» ({code(slug)}), {plain(m.type.value)}")
        elif before[slug] != m:
            lines += _municipality(before[slug], m, (years or {}).get(slug, []), published or set())
    return lines


def _collected(what: str, old: list[str] | None, new: list[str] | None) -> str:
    if old is None or new is None:
        every = "все показатели каталога"
        shown = [every if v is None else ", ".join(code(i) for i in v) for v in (old, new)]
        return f"{what}: {shown[0]} → {shown[1]}"
    return list_change(what, old, new, code)


def registry_section(old: Report, new: Report) -> list[str]:
    """The report's section on the registry; nothing when either side has none to compare (its errors say why)."""
    if old.dataset is None or new.dataset is None:
        return []
    years: dict[str, list[int]] = {}
    for year, slug in sorted(old.dataset.entries):
        years.setdefault(slug, []).append(year)
    published = set(new.corrections.editions) if new.corrections is not None else set()
    lines = registry_changes(old.dataset.registry, new.dataset.registry, years, published)
    if not lines:
        return [f"### {TITLE}", "", "Реестр территорий не изменился.", ""]
    return [f"### {TITLE}", "", *[f"- {line}" for line in lines], ""]
