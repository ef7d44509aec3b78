"""The rules' vocabulary and the rule set as data: conditions, audiences, deadlines, rules, recommendations.

Why a module of its own: the rules file's checker, the evaluation and the pages all speak of these
objects; none of them needs the others' code to do so.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from generator.inputs.monitoring import Monitoring

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
