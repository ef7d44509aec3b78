"""Reading ``data/rules.yaml``: every problem of the file with its line and column, all at once.

No rule is written here: the file names what a rule watches, its condition, audiences, text and deadline;
this module checks them against the catalogue and the placeholders of :mod:`generator.recommend.template`
and returns a :class:`~generator.recommend.model.RuleSet`.
"""

from __future__ import annotations

import calendar
import difflib
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.core.formatting import (
    academic_year_short,
    format_date_text,
)
from generator.inputs.catalogue import Catalogue
from generator.inputs.models import Better, Indicator, Kind
from generator.inputs.monitoring import Monitoring
from generator.inputs.parse import parse_model, read_source, valid_items
from generator.inputs.problems import Problem, Severity, at, display_path, suggest
from generator.inputs.rules_model import AudienceSpec, DeadlineSpec, RulesFile, RuleSpec
from generator.inputs.source import SourceDoc
from generator.recommend.model import PARAMETERS, Audience, Condition, Deadline, Rule, RuleSet
from generator.recommend.template import NAME_RE, PLACEHOLDERS, plain_text, tokens, unavailable

_PARAMETER_HINTS = {
    "points": "на сколько процентных пунктов значение отстаёт от региона, например points: 5",
    "years": "сколько лет подряд снижается значение, например years: 2",
    "value": "пороговое количество, например value: 1",
}


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
    doc = read_source(path, problems)
    if doc is None:
        return None
    model = parse_model(doc, RulesFile, problems)
    if model is not None:
        audiences = list(enumerate(model.audiences))
        rules = list(enumerate(model.rules))
        known_audiences = {a.id for _, a in audiences}
    else:  # check what is valid on its own, so that one typo does not hide the other errors
        data = doc.data if isinstance(doc.data, dict) else {}
        audiences = valid_items(AudienceSpec, data.get("audiences"))
        rules = valid_items(RuleSpec, data.get("rules"))
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
        if spec.summary is not None and tokens(spec.summary):
            self.error(
                (*loc, "summary"), "в summary подстановки не используются: это общий заголовок для всех территорий"
            )
        if spec.title is not None and tokens(spec.title):
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
            text=plain_text(spec.text),
            summary=plain_text(spec.summary) if spec.summary is not None else None,
            title=plain_text(spec.title) if spec.title is not None else None,
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
        for _offset, token, name in tokens(text):
            if token in {"{{", "}}"}:
                continue
            if name is None:
                self.error(
                    where,
                    f"непарная фигурная скобка «{token}» в тексте: подстановки пишут как {{value}}, "
                    f"а саму скобку — удвоенной: {{{{ или }}}}",
                )
                continue
            if not NAME_RE.match(name):
                self._at_token(where, token, f"подстановка «{token}»: в скобках пишут только имя, например {{value}}")
            elif name not in PLACEHOLDERS:
                close = difflib.get_close_matches(name, list(PLACEHOLDERS), n=1, cutoff=0.6)
                hint = f"; возможно, имелось в виду «{{{close[0]}}}»" if close else ""
                listed = ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
                self._at_token(where, token, f"неизвестная подстановка «{token}»{hint}; допустимы: {listed}")
            else:
                reason = unavailable(name, condition, has_deadline)
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
