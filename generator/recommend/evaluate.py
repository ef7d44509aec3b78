"""Addressed recommendations: rules from ``data/rules.yaml`` applied to the indicator table.

No rule is written in this module. A rule of the rules file names what it watches (an indicator, every
indicator of a section, or every indicator of the catalogue), a condition from a small vocabulary, the
audiences it addresses, a Russian text with placeholders and a deadline; this module checks the file —
every problem with its file, line and column, all at once — and evaluates the rules on the indicator
table of :mod:`generator.compute.table`.

The conditions (``points``, ``years``, ``value`` are the rule's parameters):

* ``below_target`` — the municipal programme's target is not met (``target_status == "not_met"`` of the
  table, which already respects the indicator's better direction);
* ``below_region`` with ``points`` — a share lags behind the region's value by ``points`` percentage points
  or more (for «better lower»: exceeds it by as much);
* ``zero`` — the value is zero (a share with a non-empty population: 0 of 0 is no data, not zero);
* ``declining`` with ``years`` — ``years`` declines in a row, the last one in the edition's year (for
  «better lower»: rises);
* ``no_data`` — the municipality sent its file for the year, but the counts of the indicator are missing
  (an empty population, 0 of 0, is not missing data), and the indicator is one it reported in an earlier
  edition or one the catalogue declares ``required``: what a municipality never gave is not collected
  there, and a deployment that does not collect an indicator at all leaves it out of its ``collects``;
* ``count_below`` with ``value`` — a count indicator below ``value``.

A condition that judges a direction (all but ``below_target`` and ``no_data``) does not apply to an
indicator whose direction is not assessed (``better: neutral``); ``zero`` and ``count_below`` do not apply
where less is better; ``below_region`` compares shares only, ``count_below`` counts only. A rule naming
one such indicator is an error of the file; a section or catalogue rule leaves such indicators out.

Missing data triggers ``no_data`` and nothing else. Values are compared as published — rounded to the
indicator's precision, as exact decimals — so a lag the reader computes from two printed numbers is the lag
the rule sees: 5,0 p. p. triggers ``points: 5``, 4,9 does not.
"""

from __future__ import annotations

import calendar
import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

import pandas as pd

from generator.core.formatting import (
    NBSP,
    NO_DATA,
    PP,
    academic_year,
    academic_year_short,
    format_date_text,
    format_number,
    format_value,
    plural,
)
from generator.inputs.catalogue import Catalogue
from generator.inputs.editions import Monitoring
from generator.inputs.load import RULES_FILE, Dataset, _read, _valid_items, parse_model
from generator.inputs.models import AudienceSpec, Better, DeadlineSpec, Indicator, Kind, RulesFile, RuleSpec
from generator.inputs.problems import Problem, Severity, at, display_path, suggest
from generator.inputs.source import SourceDoc

__all__ = [
    "RULES_FILE",
    "Audience",
    "Condition",
    "Deadline",
    "Recommendation",
    "Rule",
    "RuleSet",
    "by_audience",
    "load_rules",
    "read_rules",
    "recommend",
]

# The data of a school year are collected as of one day of the year in which it ends: 31 May unless the
# deployment says otherwise (data/region.yaml, see generator.inputs.editions).


class Condition(StrEnum):
    below_target = "below_target"
    below_region = "below_region"
    zero = "zero"
    declining = "declining"
    no_data = "no_data"
    count_below = "count_below"


# The parameter each condition needs (and no other condition accepts).
PARAMETERS: dict[Condition, str] = {
    Condition.below_region: "points",
    Condition.declining: "years",
    Condition.count_below: "value",
}
_PARAMETER_HINTS = {
    "points": "на сколько процентных пунктов значение отстаёт от региона, например points: 5",
    "years": "сколько лет подряд снижается значение, например years: 2",
    "value": "пороговое количество, например value: 1",
}

# --- placeholders ------------------------------------------------------------------------------

PLACEHOLDERS: dict[str, str] = {
    "value": "значение показателя за учебный год",
    "target": "целевое значение муниципальной программы",
    "region_value": "значение по региону",
    "gap": "отставание от порога условия (от цели, от региона, от порогового количества; для снижения — "
    "на сколько снизилось), для долей — в п. п.",
    "deadline": "срок по правилу deadline",
    "indicator": "краткое название показателя",
    "indicator_title": "полное название показателя",
    "section": "название раздела",
    "municipality": "название муниципалитета",
    "year": "учебный год, например «2025/26 учебный год»",
    "years": "сколько лет подряд снижается значение, например «3 года»",
    "start_value": "значение до начала снижения",
    "previous": "значение за прошлый учебный год",
}
_ONLY_FOR: dict[str, tuple[Condition, ...]] = {
    "target": (Condition.below_target,),
    "gap": (Condition.below_target, Condition.below_region, Condition.declining, Condition.count_below),
    "years": (Condition.declining,),
    "start_value": (Condition.declining,),
    "previous": (Condition.declining,),
}
_TOKEN_RE = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME_RE = re.compile(r"^[a-z_]+$")


def _unavailable(name: str, condition: Condition, has_deadline: bool) -> str | None:
    """Why a known placeholder cannot be filled for this rule, or None when it can."""
    if name == "deadline" and not has_deadline:
        return "у правила нет срока: добавьте deadline или уберите подстановку"
    if name == "value" and condition is Condition.no_data:
        return "при условии no_data значения нет"
    allowed = _ONLY_FOR.get(name)
    if allowed is not None and condition not in allowed:
        names = ", ".join(c.value for c in allowed)
        return f"она есть только у {'условий' if len(allowed) > 1 else 'условия'} {names}"
    return None


def _tokens(text: str) -> list[tuple[int, str, str | None]]:
    """(offset, token, placeholder name or None) for every brace construct of a template."""
    return [(m.start(), m.group(), m.group(1)) for m in _TOKEN_RE.finditer(text)]


def fill(template: str, values: Mapping[str, str]) -> str:
    """The template with its placeholders replaced; ``{{`` and ``}}`` stand for braces.

    A value that ends with an abbreviation's period («1 мая 2027 г.», «12 ед.») at the end of a sentence
    takes the sentence's period: «в срок до {deadline}.» gives «в срок до 1 мая 2027 г.», not «г..».
    """
    out: list[str] = []
    last = 0
    for offset, token, name in _tokens(template):
        out.append(template[last:offset])
        last = offset + len(token)
        if token == "{{":
            out.append("{")
        elif token == "}}":
            out.append("}")
        elif name is not None:
            value = values.get(name, NO_DATA)
            out.append(value)
            if value.endswith(".") and template.startswith(".", last) and not template.startswith("..", last):
                last += 1
        else:
            out.append(token)
    out.append(template[last:])
    return "".join(out)


def _plain_text(text: str) -> str:
    """One paragraph of plain text: runs of spaces and line breaks become one space (no-break spaces stay)."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


# --- the rule set ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Audience:
    id: str
    title: str


@dataclass(frozen=True)
class Deadline:
    """A deadline relative to the edition's year Y (the calendar year in which its school year ends).

    ``month``/``day``/``years_after``: that day of year Y + years_after. ``months_after``: the last day of
    the month that many months after the edition's monitoring date (31 May of Y by default: 3 → 31 August;
    15 February: 3 → 31 May).
    """

    month: int | None = None
    day: int | None = None
    years_after: int = 0
    months_after: int | None = None

    def for_year(self, year: int, as_of: date | None = None) -> date:
        """The deadline of edition ``year``, whose data are taken as of ``as_of`` (by default 31 May)."""
        if self.months_after is not None:
            start = as_of or Monitoring().date(year)
            index = start.month - 1 + self.months_after
            y, m = start.year + index // 12, index % 12 + 1
            return date(y, m, calendar.monthrange(y, m)[1])
        assert self.month is not None and self.day is not None
        return date(year + self.years_after, self.month, self.day)


@dataclass(frozen=True)
class Rule:
    id: str
    condition: Condition
    indicator: str | None  # what the rule watches: one indicator,
    section: str | None  # every indicator of a section,
    all_indicators: bool  # or every indicator of the catalogue
    key_only: bool  # with section / all_indicators: the key indicators only
    indicators: tuple[str, ...]  # the indicators it evaluates, in catalogue order (those the condition fits)
    audiences: tuple[str, ...]  # in the rule set's audience order
    text: str  # the template, one paragraph of plain text
    summary: str | None = None  # what is recommended, in a few words, without placeholders
    title: str | None = None  # the rule's name for readers, without placeholders

    @property
    def name(self) -> str:
        """What pages call the rule: its title, else its summary; "" when it has neither (never its id)."""
        return self.title or self.summary or ""

    points: Decimal | None = None
    years: int | None = None
    value: Decimal | None = None
    deadline: Deadline | None = None
    order: int = 0


@dataclass(frozen=True)
class RuleSet:
    audiences: tuple[Audience, ...]
    rules: tuple[Rule, ...]  # in display order: by ``order``, then as in the file

    def audience(self, audience_id: str) -> Audience:
        return next(a for a in self.audiences if a.id == audience_id)


@dataclass(frozen=True)
class Recommendation:
    rule_id: str
    year: int
    territory: str  # municipality slug
    indicator: str  # indicator id that triggered it
    section: str  # section id of that indicator
    condition: str  # condition kind, e.g. "below_target"
    audiences: tuple[str, ...]  # audience ids, in the rule set's audience order
    text: str  # Russian, placeholders filled, plain text (no HTML/Markdown)
    deadline: date | None
    threshold: str  # Russian description of the rule's threshold
    inputs: tuple[tuple[str, str], ...]  # (Russian label, formatted value) pairs that triggered it
    rule_title: str = ""  # the rule's name for readers (title, else summary; "" when it has neither)
    # The threshold as said of every territory the rule fires on: without one territory's own target.
    shared_threshold: str = ""


# --- which indicators a condition fits ----------------------------------------------------------


def _misfit(condition: Condition, indicator: Indicator) -> str | None:
    """Why the condition cannot be applied to the indicator, or None when it can."""
    direction_free = {Condition.below_target, Condition.no_data}
    if condition not in direction_free and indicator.better is Better.neutral:
        return "направление этого показателя не оценивается (better: neutral)"
    if condition is Condition.below_region and indicator.kind is not Kind.share:
        return f"условие сравнивает доли в процентных пунктах, а это показатель вида {indicator.kind.value}"
    if condition is Condition.count_below and indicator.kind is not Kind.count:
        return f"условие сравнивает количество, а это показатель вида {indicator.kind.value}"
    if condition in {Condition.zero, Condition.count_below} and indicator.better is Better.lower:
        return "для этого показателя лучше меньше (better: lower): малое значение — не отставание"
    return None


# --- reading and checking the rules file -------------------------------------------------------


def load_rules(
    path: Path, catalogue: Catalogue, problems: list[Problem], monitoring: Monitoring | None = None
) -> RuleSet | None:
    """The rules of ``path`` checked against the catalogue; None (and ``problems`` filled) on any error.

    Deadlines must fall after the monitoring date (``monitoring``, by default 31 May of every edition)."""
    return read_rules(path, catalogue, problems, monitoring)


def read_rules(
    path: Path, catalogue: Catalogue | None, problems: list[Problem], monitoring: Monitoring | None = None
) -> RuleSet | None:
    """Like :func:`load_rules`; without a catalogue (when it has errors) the references are not checked."""
    if not path.is_file():
        problems.append(Problem(display_path(path), 1, 1, "не найден файл правил рекомендаций"))
        return None
    before = len([p for p in problems if p.severity is Severity.error])
    doc = _read(path, problems)
    if doc is None:
        return None
    model = parse_model(doc, RulesFile, problems)
    if model is not None:
        audiences = list(enumerate(model.audiences))
        rules = list(enumerate(model.rules))
        known_audiences = {a.id for _, a in audiences}
    else:  # check what is valid on its own, so that one typo does not hide the other errors
        data = doc.data if isinstance(doc.data, dict) else {}
        audiences = _valid_items(AudienceSpec, data.get("audiences"))
        rules = _valid_items(RuleSpec, data.get("rules"))
        raw = data.get("audiences")
        known_audiences = {
            item["id"]
            for item in (raw if isinstance(raw, list) else [])
            if isinstance(item, dict) and isinstance(item.get("id"), str)
        }
    checker = _Checker(doc, catalogue, known_audiences, problems, monitoring or Monitoring())
    checker.audiences(audiences)
    built = [checker.rule(index, spec) for index, spec in rules]
    errors = len([p for p in problems if p.severity is Severity.error])
    if model is None or errors > before or catalogue is None:
        return None
    order = {a.id: i for i, a in enumerate(model.audiences)}
    ready = [
        replace(rule, audiences=tuple(sorted(rule.audiences, key=order.__getitem__)))
        for rule in built
        if rule is not None
    ]
    ready.sort(key=lambda r: r.order)  # stable: equal orders keep the file's order
    return RuleSet(tuple(Audience(a.id, a.title) for a in model.audiences), tuple(ready))


class _Checker:
    def __init__(
        self,
        doc: SourceDoc,
        catalogue: Catalogue | None,
        audiences: set[str],
        problems: list[Problem],
        monitoring: Monitoring,
    ) -> None:
        self.monitoring = monitoring
        self.doc = doc
        self.catalogue = catalogue
        self.known_audiences = audiences
        self.problems = problems
        self.rule_ids: set[str] = set()
        self._source: str | None = None

    def error(self, loc: tuple[Any, ...], message: str, *, key: bool = False) -> None:
        self.problems.append(at(self.doc, self.doc.path, loc, message, key=key))

    def audiences(self, items: list[tuple[int, AudienceSpec]]) -> None:
        seen: set[str] = set()
        for index, audience in items:
            if audience.id in seen:
                self.error(("audiences", index, "id"), f"адресат «{audience.id}» повторяется")
            seen.add(audience.id)

    def rule(self, index: int, spec: RuleSpec) -> Rule | None:
        loc = ("rules", index)
        before = len(self.problems)
        if spec.id in self.rule_ids:
            self.error((*loc, "id"), f"правило «{spec.id}» повторяется: у каждого правила свой id")
        self.rule_ids.add(spec.id)
        condition = self._condition(loc, spec)
        indicators = self._watched(loc, spec, condition)
        seen: set[str] = set()
        for j, audience in enumerate(spec.audiences):
            if audience not in self.known_audiences:
                hint = suggest(audience, self.known_audiences)
                self.error(
                    (*loc, "audiences", j), f"неизвестный адресат «{audience}»{hint}: адресаты — в списке audiences"
                )
            elif audience in seen:
                self.error((*loc, "audiences", j), f"адресат «{audience}» указан дважды")
            seen.add(audience)
        deadline = self._deadline(loc, spec.deadline)
        if spec.summary is not None and _tokens(spec.summary):
            self.error(
                (*loc, "summary"), "в summary подстановки не используются: это общий заголовок для всех территорий"
            )
        if spec.title is not None and _tokens(spec.title):
            self.error((*loc, "title"), "в title подстановки не используются: это название правила для всех территорий")
        if condition is not None:
            self._text(loc, spec.text, condition, spec.deadline is not None)
        if len(self.problems) > before or condition is None:
            return None
        return Rule(
            id=spec.id,
            condition=condition,
            indicator=spec.indicator,
            section=spec.section,
            all_indicators=spec.all_indicators,
            key_only=spec.key_only,
            indicators=indicators,
            audiences=tuple(spec.audiences),
            text=_plain_text(spec.text),
            summary=_plain_text(spec.summary) if spec.summary is not None else None,
            title=_plain_text(spec.title) if spec.title is not None else None,
            points=_decimal(spec.points),
            years=spec.years,
            value=_decimal(spec.value),
            deadline=deadline,
            order=spec.order,
        )

    def _condition(self, loc: tuple[Any, ...], spec: RuleSpec) -> Condition | None:
        known = [c.value for c in Condition]
        condition = Condition(spec.condition) if spec.condition in known else None
        if condition is None:
            hint = suggest(spec.condition, known)
            self.error(
                (*loc, "condition"), f"неизвестное условие «{spec.condition}»{hint}; допустимы: {', '.join(known)}"
            )
        needed = PARAMETERS.get(condition) if condition is not None else None
        for name in PARAMETERS.values():
            given = getattr(spec, name) is not None
            if name == needed and not given:
                self.error(
                    (*loc, "condition"),
                    f"условию {condition} нужен ключ «{name}» — {_PARAMETER_HINTS[name]}",
                )
            elif given and condition is not None and name != needed:
                users = next(c for c, p in PARAMETERS.items() if p == name)
                self.error(
                    (*loc, name),
                    f"ключ «{name}» используется только с условием {users}, а здесь — {condition}",
                    key=True,
                )
        return condition

    def _watched(self, loc: tuple[Any, ...], spec: RuleSpec, condition: Condition | None) -> tuple[str, ...]:
        """The indicators the rule evaluates, after checking what it names."""
        named = [k for k in ("indicator", "section") if getattr(spec, k) is not None]
        if spec.all_indicators:
            named.append("all_indicators")
        if not named:
            self.error(
                loc,
                "не указано, за чем следит правило: укажите indicator (показатель), section (раздел) "
                "или all_indicators: true",
            )
            return ()
        if len(named) > 1:
            listed = " и ".join(f"«{k}»" for k in named)
            self.error(
                (*loc, named[1]), f"правило следит за чем-то одним, а указаны {listed}: оставьте один ключ", key=True
            )
            return ()
        if spec.key_only and spec.indicator is not None:
            self.error(
                (*loc, "key_only"),
                "key_only выбирает ключевые показатели раздела (section) или каталога (all_indicators), "
                "а правило следит за одним показателем: уберите key_only",
                key=True,
            )
            return ()
        if self.catalogue is None:
            return ()
        # A rule may name anything the catalogue declares; it evaluates what the deployment collects.
        catalogue, collected = self.catalogue.declared, self.catalogue.indicators
        if spec.indicator is not None:
            if spec.indicator not in catalogue.indicators:
                hint = suggest(spec.indicator, catalogue.indicators)
                self.error((*loc, "indicator"), f"неизвестный показатель «{spec.indicator}»{hint}")
                return ()
            indicator = catalogue.indicators[spec.indicator]
            reason = _misfit(condition, indicator) if condition is not None else None
            if reason is not None:
                self.error(
                    (*loc, "condition"), f"условие {condition} не подходит для показателя «{indicator.id}»: {reason}"
                )
                return ()
            return (indicator.id,) if indicator.id in collected else ()
        if spec.section is not None:
            if spec.section not in catalogue.sections:
                hint = suggest(spec.section, catalogue.sections)
                self.error((*loc, "section"), f"неизвестный раздел «{spec.section}»{hint}")
                return ()
            pool = catalogue.in_section(spec.section)
        else:
            pool = list(catalogue.indicators.values())
        if spec.key_only:
            pool = [i for i in pool if i.key]
        if condition is None:
            return ()
        fitting = tuple(i.id for i in pool if _misfit(condition, i) is None)
        if not fitting:
            where = f"в разделе «{spec.section}»" if spec.section else "в каталоге"
            which = "ключевых показателей" if spec.key_only else "показателей"
            self.error((*loc, "condition"), f"{where} нет {which}, к которым подходит условие {condition}")
        return tuple(name for name in fitting if name in collected)

    def _deadline(self, loc: tuple[Any, ...], spec: DeadlineSpec | None) -> Deadline | None:
        if spec is None:
            return None
        where = (*loc, "deadline")
        fields = spec.model_fields_set
        if spec.months_after is not None:
            extra = [k for k in ("month", "day", "years_after") if k in fields]
            if extra:
                self.error(
                    (*where, extra[0]),
                    f"срок задают либо months_after (месяцев после даты мониторинга, {self.monitoring.day_text()}), "
                    "либо month и day (с years_after): оставьте что-то одно",
                    key=True,
                )
                return None
            return Deadline(months_after=spec.months_after)
        if spec.month is None or spec.day is None:
            missing = "month" if spec.month is None else "day"
            self.error(
                where,
                f"в сроке не хватает ключа «{missing}»: укажите месяц и день ({{month: 12, day: 31}}) или "
                f"число месяцев после даты мониторинга, {self.monitoring.day_text()} ({{months_after: 3}})",
            )
            return None
        longest = calendar.monthrange(2023, spec.month)[1]  # a non-leap year: the date must exist every year
        if spec.day > longest:
            self.error(
                (*where, "day"),
                f"в месяце {spec.month} не бывает {spec.day}-го числа каждый год: последний день — {longest}",
            )
            return None
        deadline = Deadline(month=spec.month, day=spec.day, years_after=spec.years_after)
        monitoring = self.monitoring
        if spec.years_after == 0 and (spec.month, spec.day) <= (monitoring.month, monitoring.day):
            self.error(
                where,
                f"срок приходится не позже {monitoring.day_text()} того же года, то есть не позже даты, на которую "
                "собраны данные: укажите years_after: 1 или более поздний месяц",
            )
            return None
        for year, day in sorted(monitoring.overrides.items()):
            if deadline.for_year(year) <= day:
                self.error(
                    where,
                    f"в выпуске {academic_year_short(year)} учебного года данные собраны на "
                    f"{format_date_text(day)}, а срок приходится на {format_date_text(deadline.for_year(year))} — "
                    "не позже этой даты: укажите years_after: 1 или более поздний месяц",
                )
                return None
        return deadline

    def _text(self, loc: tuple[Any, ...], text: str, condition: Condition, has_deadline: bool) -> None:
        where = (*loc, "text")
        for _offset, token, name in _tokens(text):
            if token in {"{{", "}}"}:
                continue
            if name is None:
                self.error(
                    where,
                    f"непарная фигурная скобка «{token}» в тексте: подстановки пишут как {{value}}, "
                    f"а саму скобку — удвоенной: {{{{ или }}}}",
                )
                continue
            if not _NAME_RE.match(name):
                self._at_token(where, token, f"подстановка «{token}»: в скобках пишут только имя, например {{value}}")
            elif name not in PLACEHOLDERS:
                close = difflib.get_close_matches(name, list(PLACEHOLDERS), n=1, cutoff=0.6)
                hint = f"; возможно, имелось в виду «{{{close[0]}}}»" if close else ""
                listed = ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
                self._at_token(where, token, f"неизвестная подстановка «{token}»{hint}; допустимы: {listed}")
            else:
                reason = _unavailable(name, condition, has_deadline)
                if reason is not None:
                    self._at_token(
                        where, token, f"подстановка «{token}» не определена для условия {condition}: {reason}"
                    )

    def _at_token(self, where: tuple[Any, ...], token: str, message: str) -> None:
        """A problem at the token itself inside the text, when the source shows it; else at the text."""
        start = self.doc.position(where)
        source = self._source_text()
        lines = source.split("\n")
        offset = sum(len(line) + 1 for line in lines[: start.line - 1]) + start.column - 1
        found = source.find(token, offset)
        if found < 0:
            self.error(where, message)
            return
        line = source.count("\n", 0, found) + 1
        column = found - (source.rfind("\n", 0, found) + 1) + 1
        self.problems.append(Problem(display_path(self.doc.path), line, column, message))

    def _source_text(self) -> str:
        if self._source is None:
            text = self.doc.path.read_bytes().decode("utf-8-sig", errors="replace")
            self._source = text.replace("\r\n", "\n").replace("\r", "\n")
        return self._source


def _decimal(value: float | None) -> Decimal | None:
    return Decimal(str(value)) if value is not None else None


# --- evaluation ----------------------------------------------------------------------------------


def _missing(value: Any) -> bool:
    return value is None or bool(pd.isna(value))


def _exact(value: Any) -> Decimal | None:
    """A published (already rounded) value as an exact decimal; None for no data."""
    return None if _missing(value) else Decimal(str(float(value)))


def _plain(number: Decimal) -> str:
    """A rule's parameter as written: 5 → «5», 2.5 → «2,5»."""
    exponent = number.normalize().as_tuple().exponent
    digits = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return format_number(number, digits)


@dataclass(frozen=True)
class _Match:
    gap: Decimal | None = None
    start_value: Decimal | None = None
    previous: Decimal | None = None
    run: int | None = None
    inputs: tuple[tuple[str, str], ...] = ()


class _Context:
    """The indicator table, indexed for the rules."""

    def __init__(self, table: pd.DataFrame, dataset: Dataset) -> None:
        self.dataset = dataset
        self.catalogue = dataset.catalogue
        self.rows: dict[str, list[dict[str, Any]]] = {}
        self.region: dict[tuple[int, str], Decimal | None] = {}
        self.series: dict[tuple[str, str], dict[int, dict[str, Any]]] = {}
        for row in table.to_dict("records"):
            year, indicator = int(row["year"]), str(row["indicator"])
            if row["level"] == "region":
                self.region[(year, indicator)] = _exact(row["value"])
                continue
            self.rows.setdefault(indicator, []).append(row)
            self.series.setdefault((str(row["territory"]), indicator), {})[year] = row

    def fmt(self, indicator: Indicator, value: Decimal | float | None) -> str:
        return format_value(
            value, indicator.kind.value, self.catalogue.precision(indicator), self.catalogue.unit(indicator)
        )

    def fmt_gap(self, indicator: Indicator, gap: Decimal) -> str:
        if indicator.kind is Kind.share:
            return f"{format_number(gap, self.catalogue.precision(indicator))}{NBSP}{PP}"
        return self.fmt(indicator, gap)

    def value_input(self, indicator: Indicator, year: int, value: Decimal | None) -> tuple[str, str]:
        return (f"Значение за {academic_year(year)}", self.fmt(indicator, value))


def _evaluate(rule: Rule, indicator: Indicator, row: dict[str, Any], ctx: _Context) -> _Match | None:
    """Whether the rule triggers on one row of the table, and the numbers that made it trigger."""
    year = int(row["year"])
    value = _exact(row["value"])
    lower = indicator.better is Better.lower
    condition = rule.condition
    if condition is Condition.no_data:
        if _reported(row):
            return None
        if not indicator.required:
            history = ctx.series[(str(row["territory"]), indicator.id)]
            if not any(_reported(past) for y, past in history.items() if y < year):
                return None  # never reported: not collected there, rather than missing
        return _Match(inputs=(ctx.value_input(indicator, year, None), *_missing_counts(indicator, row, ctx)))
    if value is None:
        return None
    this_year = ctx.value_input(indicator, year, value)
    if condition is Condition.below_target:
        target = _exact(row["target"])
        if row["target_status"] != "not_met" or target is None:
            return None
        return _Match(gap=abs(value - target), inputs=(this_year, ("Цель", ctx.fmt(indicator, target))))
    if condition is Condition.below_region:
        region = ctx.region.get((year, indicator.id))
        assert rule.points is not None
        if region is None:
            return None
        gap = value - region if lower else region - value
        if gap < rule.points:
            return None
        return _Match(
            gap=gap,
            inputs=(
                this_year,
                ("Значение по региону", ctx.fmt(indicator, region)),
                ("Отставание от региона", ctx.fmt_gap(indicator, gap)),
            ),
        )
    if condition is Condition.zero:
        denominator = row["denominator"]
        empty = indicator.kind is not Kind.count and (_missing(denominator) or int(denominator) == 0)
        if value != 0 or empty:
            return None
        inputs = [this_year]
        if indicator.denominator is not None:
            inputs.append(_count_input(indicator.numerator, row["numerator"], ctx))
            inputs.append(_count_input(indicator.denominator, denominator, ctx))
        return _Match(inputs=tuple(inputs))
    if condition is Condition.declining:
        assert rule.years is not None
        history = ctx.series[(str(row["territory"]), indicator.id)]
        run, y = 0, year
        while y in history and not _missing(history[y]["change"]):
            change = Decimal(str(float(history[y]["change"])))
            if not (change > 0 if lower else change < 0):
                break
            run, y = run + 1, y - 1
        if run < rule.years:
            return None
        start = _exact(history[year - run]["value"])
        assert start is not None
        inputs = tuple(ctx.value_input(indicator, y, _exact(history[y]["value"])) for y in range(year - run, year + 1))
        previous = _exact(history[year - 1]["value"])
        return _Match(gap=abs(value - start), start_value=start, previous=previous, run=run, inputs=inputs)
    if condition is Condition.count_below:
        assert rule.value is not None
        if value >= rule.value:
            return None
        limit = f"{_plain(rule.value)}{NBSP}{ctx.catalogue.unit(indicator)}"
        return _Match(gap=rule.value - value, inputs=(this_year, ("Пороговое значение", limit)))
    raise AssertionError(condition)  # pragma: no cover - every condition is handled above


def _reported(row: dict[str, Any]) -> bool:
    """Whether the territory gave the indicator's data that year: a value, or an empty population (0 of 0)."""
    denominator = row["denominator"]
    return not _missing(row["value"]) or (not _missing(denominator) and int(denominator) == 0)


def _count_input(name: str, value: Any, ctx: _Context) -> tuple[str, str]:
    catalogue = ctx.catalogue
    first = catalogue.components(name)[0]
    unit = catalogue.counts[first].unit
    shown = format_value(None if _missing(value) else int(value), "count", 0, unit)
    return (catalogue.title_of(name), shown)


def _missing_counts(indicator: Indicator, row: dict[str, Any], ctx: _Context) -> tuple[tuple[str, str], ...]:
    """The raw counts of the indicator that the municipality's file does not give."""
    entry = ctx.dataset.entries.get((int(row["year"]), str(row["territory"])))
    if entry is None:
        return ()
    catalogue = ctx.catalogue
    names = [indicator.numerator] + ([indicator.denominator] if indicator.denominator else [])
    missing: list[str] = []
    for name in names:
        missing += [m for m in catalogue.missing(entry.counts, name) if m not in missing]
    if not missing:
        return ()
    return (("Не представлены данные", "; ".join(catalogue.title_of(m) for m in missing)),)


def _threshold(rule: Rule, indicator: Indicator, row: dict[str, Any], ctx: _Context, own_target: bool = True) -> str:
    """When the rule fires, in words. ``own_target=False``: without the territory's target, which differs
    from one municipality to another (a heading shared by all of them states none)."""
    lower = indicator.better is Better.lower
    condition = rule.condition
    if condition is Condition.below_target:
        side = "выше" if lower else "ниже"
        if not own_target:
            return f"{side} целевого значения муниципальной программы"
        return f"{side} целевого значения муниципальной программы ({ctx.fmt(indicator, _exact(row['target']))})"
    if condition is Condition.below_region:
        assert rule.points is not None
        side = "выше" if lower else "ниже"
        return f"{side} значения по региону на {_plain(rule.points)}{NBSP}{PP} и более"
    if condition is Condition.zero:
        return f"нулевой охват (0{NBSP}%)" if indicator.kind is Kind.share else "значение равно нулю"
    if condition is Condition.declining:
        assert rule.years is not None
        if rule.years == 1:
            return f"{'выше' if lower else 'ниже'}, чем в прошлом учебном году"
        verb = "растёт" if lower else "снижается"
        return f"{verb} не менее {rule.years} {plural(rule.years, ('года', 'лет', 'лет'))} подряд"
    if condition is Condition.no_data:
        return f"нет данных за {academic_year(int(row['year']))}"
    assert rule.value is not None
    return f"меньше {_plain(rule.value)}{NBSP}{ctx.catalogue.unit(indicator)}"


def _placeholders(
    rule: Rule, indicator: Indicator, row: dict[str, Any], match: _Match, deadline: date | None, ctx: _Context
) -> dict[str, str]:
    catalogue = ctx.catalogue
    year, slug = int(row["year"]), str(row["territory"])
    names = {m.slug: m.name for m in ctx.dataset.registry.municipalities}
    values = {
        "value": ctx.fmt(indicator, _exact(row["value"])),
        "target": ctx.fmt(indicator, _exact(row["target"])),
        "region_value": ctx.fmt(indicator, ctx.region.get((year, indicator.id))),
        "indicator": indicator.short_title,
        "indicator_title": indicator.title,
        "section": catalogue.sections[indicator.section].title,
        "municipality": names.get(slug, slug),
        "year": academic_year(year),
    }
    if deadline is not None:
        values["deadline"] = format_date_text(deadline)
    if match.gap is not None:
        values["gap"] = ctx.fmt_gap(indicator, match.gap)
    if match.run is not None:
        values["years"] = f"{match.run}{NBSP}{plural(match.run, ('год', 'года', 'лет'))}"
    if match.start_value is not None:
        values["start_value"] = ctx.fmt(indicator, match.start_value)
    if match.previous is not None:
        values["previous"] = ctx.fmt(indicator, match.previous)
    return values


def recommend(rules: RuleSet, table: pd.DataFrame, dataset: Dataset) -> list[Recommendation]:
    """Every recommendation the rules give on the table, for every year and municipality.

    Sorted by year, municipality slug, audience (the first of the recommendation's audiences, in the rule
    set's order), rule (the rule set's order) and indicator (the catalogue's order).
    """
    ctx = _Context(table, dataset)
    catalogue = dataset.catalogue
    audience_rank = {a.id: i for i, a in enumerate(rules.audiences)}
    rule_rank = {rule.id: i for i, rule in enumerate(rules.rules)}
    indicator_rank = {name: i for i, name in enumerate(catalogue.indicators)}
    found: list[Recommendation] = []
    for rule in rules.rules:
        for name in rule.indicators:
            indicator = catalogue.indicators[name]
            for row in ctx.rows.get(name, ()):
                match = _evaluate(rule, indicator, row, ctx)
                if match is None:
                    continue
                year = int(row["year"])
                as_of = dataset.monitoring_date(year)
                deadline = rule.deadline.for_year(year, as_of) if rule.deadline is not None else None
                values = _placeholders(rule, indicator, row, match, deadline, ctx)
                found.append(
                    Recommendation(
                        rule_id=rule.id,
                        year=year,
                        territory=str(row["territory"]),
                        indicator=name,
                        section=indicator.section,
                        condition=rule.condition.value,
                        audiences=rule.audiences,
                        text=fill(rule.text, values),
                        deadline=deadline,
                        threshold=_threshold(rule, indicator, row, ctx),
                        inputs=match.inputs,
                        rule_title=rule.name,
                        shared_threshold=_threshold(rule, indicator, row, ctx, own_target=False),
                    )
                )
    found.sort(
        key=lambda r: (
            r.year,
            r.territory,
            min(audience_rank[a] for a in r.audiences),
            rule_rank[r.rule_id],
            indicator_rank[r.indicator],
        )
    )
    return found


def by_audience(recommendations: Iterable[Recommendation], audience: str) -> list[Recommendation]:
    """The recommendations addressed (among others) to one audience, in their order."""
    return [r for r in recommendations if audience in r.audiences]
