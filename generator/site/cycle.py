"""The management cycle of a municipality's edition, its targets and the effect of its measures.

The federal evaluation (МУКО) reads every direction as a cycle of nine stages, from goals to the analysis
of the effectiveness of measures, and asks that each be published. These functions decide, from the
data alone, which stages have content, which targets were met, and how the indicators tied to earlier
measures and decisions changed since: the pages only lay the results out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from generator.compute.status import TargetStatus
from generator.core.formatting import quoted
from generator.inputs.monitoring import Monitoring
from generator.inputs.site_file import CycleStages

STAGES: tuple[str, ...] = tuple(CycleStages.model_fields)
"""The stages' ids, in the cycle's order; their titles are the site's texts (``data/site.yaml``)."""


@dataclass(frozen=True)
class CycleInputs:
    """What the data hold for one municipality and edition, reduced to the facts the stages need."""

    goals: int
    indicators_with_values: int
    sources: int
    analysis: bool
    rules_evaluated: bool
    measures: int
    events: int
    decisions: int
    effects: int
    effectiveness_text: bool
    report_recommendations: int = 0  # the analytical report's own addressed recommendations


@dataclass(frozen=True)
class Cycle:
    present: tuple[str, ...]
    missing: tuple[str, ...]
    titles: tuple[tuple[str, str], ...]  # (id, title) of every stage, in order

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def label(self) -> str:
        return "полный цикл" if self.complete else "неполный цикл"

    @property
    def missing_titles(self) -> list[str]:
        names = dict(self.titles)
        return [names[s] for s in self.missing]

    @property
    def summary(self) -> str:
        """«полный цикл» or «неполный цикл: нет этапов «…», «…»» — the words shown beside a municipality."""
        if self.complete:
            return "полный цикл"
        names = ", ".join(quoted(t) for t in self.missing_titles)
        word = "этапа" if len(self.missing) == 1 else "этапов"
        return f"неполный цикл: нет {word} {names}"


def stage_has_content(stage: str, facts: CycleInputs) -> bool:
    """A stage counts only when the data give it something to show, never by default.

    «Адресные рекомендации» has content once the rules were applied to values: a municipality no rule
    applies to has passed the stage («рекомендаций нет» is a result); without a rule file it has not, unless the
    analytical report gives recommendations of its own. A measure counts whatever form its deadline has,
    a decision whether or not it has a number.
    """
    checks = {
        "goals": facts.goals > 0,
        "indicators": facts.indicators_with_values > 0,
        "methods": facts.indicators_with_values > 0 and facts.sources > 0,
        "monitoring": facts.indicators_with_values > 0,
        "analysis": facts.analysis,
        # the rules passed over values: with no value there was nothing for them to find
        "recommendations": (facts.rules_evaluated and facts.indicators_with_values > 0)
        or facts.report_recommendations > 0,
        "measures": facts.measures + facts.events > 0,
        "decisions": facts.decisions > 0,
        "effectiveness": facts.effects > 0 or facts.effectiveness_text,
    }
    return checks[stage]


def cycle_of(facts: CycleInputs, titles: Sequence[tuple[str, str]]) -> Cycle:
    """The stages with content and those without, named by ``titles`` ((id, title) in the cycle's order)."""
    present = tuple(s for s in STAGES if stage_has_content(s, facts))
    missing = tuple(s for s in STAGES if s not in present)
    return Cycle(present, missing, tuple(titles))


# --- targets -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetRow:
    indicator: str
    title: str
    planned: str
    actual: str
    status: TargetStatus  # met, not_met or no_data: a row has a target
    reported: bool = False  # met or not met by the source's word, without a planned value


def targets_sentence(rows: Sequence[TargetRow]) -> str:
    """The verdict in the words of an order on the results of the monitoring.

    «Целевые показатели выполнены, кроме: …» names what was missed; a target without data is said
    separately, because it is neither met nor missed. Targets the source reports met or not without their
    planned values are said apart, as the source's word: an order that names only the two it missed
    («выполнены, кроме: …») gives the data those two alone, and «целевые показатели не выполнены» of
    them would deny the rest it says were met.
    """
    if not rows:
        return "Целевых значений муниципальной программы на этот год в данных нет."
    computed = [r for r in rows if not r.reported]
    reported = reported_targets_sentence(rows)
    verdict = _computed_sentence(computed, beside_reported=bool(reported)) if computed else ""
    return " ".join(part for part in (verdict, reported) if part)


def reported_targets_sentence(rows: Sequence[TargetRow]) -> str:
    """«По данным источника не достигнуты целевые показатели (плановые значения не указаны): «…»; «…».» of
    the rows the source reports met or not; empty when there are none."""
    rows = [r for r in rows if r.reported]
    parts = []
    for status, one, many in (
        (TargetStatus.not_met, "не достигнут целевой показатель", "не достигнуты целевые показатели"),
        (TargetStatus.met, "достигнут целевой показатель", "достигнуты целевые показатели"),
    ):
        these = [r for r in rows if r.status == status]
        if len(these) == 1:
            parts.append(f"По данным источника {one} {quoted(these[0].title)} (плановое значение не указано).")
        elif these:
            listing = "; ".join(quoted(r.title) for r in these)
            parts.append(f"По данным источника {many} (плановые значения не указаны): {listing}.")
    return " ".join(parts)


def _computed_sentence(rows: Sequence[TargetRow], beside_reported: bool = False) -> str:
    """The verdict on the targets with planned values; ``beside_reported``: the source reports others without
    them, so «все целевые показатели» would speak of those too, and the sentence names its own."""
    missed = [r for r in rows if r.status == TargetStatus.not_met]
    unknown = [r for r in rows if r.status == TargetStatus.no_data]
    these = "Целевые показатели с плановыми значениями" if beside_reported else "Целевые показатели"
    if not missed and not unknown:
        if beside_reported:
            return f"{these} выполнены."
        return "Все целевые показатели муниципальной программы выполнены."
    parts = []
    if missed and len(missed) == len(rows):
        parts.append(f"{these} не выполнены: " + _listing(missed) + ".")
    elif missed:
        parts.append(f"{these} выполнены, кроме: " + _listing(missed) + ".")
    elif len(unknown) < len(rows):
        parts.append(f"{these}, по которым есть данные, выполнены.")
    if unknown:
        parts.append("Нет данных для оценки: " + "; ".join(quoted(r.title) for r in unknown) + ".")
    return " ".join(parts)


def _listing(rows: Iterable[TargetRow]) -> str:
    return "; ".join(f"{quoted(r.title)} (план — {r.planned}, факт — {r.actual})" for r in rows)


# --- effectiveness -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Effect:
    """How one indicator tied to a measure or decision moved from the year it was taken to the edition."""

    kind: str  # "мера" or "решение"
    label: str  # «4.1.2. Проведение …» or «Приказ № 327 от 15.06.2024 «…»»
    taken: date | None  # the decision's date, the measure's deadline; None: a deadline in words only
    indicator: str
    indicator_title: str
    before_year: int
    before: str
    after_year: int
    after: str
    change: str
    direction: str  # "улучшение" / "ухудшение" / "без изменений" / "нет данных"


def direction_word(change: Decimal | None, better: str) -> str:
    """Whether the change is an improvement, read against the indicator's better direction."""
    if change is None:
        return "нет данных"
    if change == 0 or better == "neutral":
        return "без изменений" if change == 0 else ("рост" if change > 0 else "снижение")
    good = change > 0 if better == "higher" else change < 0
    return "улучшение" if good else "ухудшение"


def school_year_of(day: date, monitoring: Monitoring | None = None) -> int:
    """The edition a date belongs to: a school year ends on its edition's monitoring date (31 May unless the
    registry says otherwise, see :class:`generator.inputs.editions.Monitoring`), so 15.06.2024 belongs to the year
    ending 2025."""
    return (monitoring or Monitoring()).edition_of(day)
