"""The management cycle: which of the nine stages have content, the targets verdict, the effect of measures."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from generator.inputs.models import Measure
from generator.inputs.site_file import default_site
from generator.site.cycle import (
    STAGES,
    Cycle,
    CycleInputs,
    TargetRow,
    direction_word,
    reported_targets_sentence,
    school_year_of,
    targets_sentence,
)
from generator.site.cycle import cycle_of as make_cycle
from generator.site.management import measure_text

FULL = CycleInputs(
    goals=2,
    indicators_with_values=40,
    sources=3,
    analysis=True,
    rules_evaluated=True,
    measures=3,
    events=5,
    decisions=1,
    effects=2,
    effectiveness_text=False,
)


TITLES = default_site().texts.stage_titles  # the stages' titles are data (site.defaults.yaml)


def cycle_of(facts: CycleInputs) -> Cycle:
    return make_cycle(facts, TITLES)


def test_the_nine_stages_of_the_federal_evaluation_in_their_order() -> None:
    assert [stage for stage, _ in TITLES] == list(STAGES)
    assert [title for _, title in TITLES] == [
        "Цели",
        "Показатели",
        "Методы сбора и обработки информации",
        "Мониторинг показателей",
        "Анализ результатов мониторинга",
        "Адресные рекомендации",
        "Меры, мероприятия",
        "Управленческие решения",
        "Анализ эффективности принятых мер",
    ]


def test_every_stage_with_content_makes_a_full_cycle() -> None:
    cycle = cycle_of(FULL)
    assert cycle.complete
    assert cycle.label == cycle.summary == "полный цикл"


@pytest.mark.parametrize(
    ("change", "stage"),
    [
        ({"goals": 0}, "Цели"),
        ({"analysis": False}, "Анализ результатов мониторинга"),
        ({"rules_evaluated": False}, "Адресные рекомендации"),
        ({"measures": 0, "events": 0}, "Меры, мероприятия"),
        ({"decisions": 0}, "Управленческие решения"),
        ({"effects": 0}, "Анализ эффективности принятых мер"),
        ({"indicators_with_values": 0}, "Мониторинг показателей"),
    ],
)
def test_removing_one_stage_flips_the_label_and_names_the_stage(change: dict[str, object], stage: str) -> None:
    cycle = cycle_of(replace(FULL, **change))  # type: ignore[arg-type]
    assert not cycle.complete
    assert cycle.label == "неполный цикл"
    assert stage in cycle.missing_titles
    assert cycle.summary.startswith("неполный цикл: нет этап")
    assert f"«{stage}»" in cycle.summary


def test_events_alone_are_measures_and_a_written_analysis_of_effectiveness_counts() -> None:
    assert cycle_of(replace(FULL, measures=0)).complete
    assert cycle_of(replace(FULL, effects=0, effectiveness_text=True)).complete


def test_the_reports_own_recommendations_are_the_stage_of_recommendations_without_rules() -> None:
    without_rules = replace(FULL, rules_evaluated=False)
    assert not cycle_of(without_rules).complete
    assert cycle_of(replace(without_rules, report_recommendations=3)).complete


def test_one_missing_stage_is_named_in_the_singular() -> None:
    assert cycle_of(replace(FULL, decisions=0)).summary == "неполный цикл: нет этапа «Управленческие решения»"


def row(title: str, status: str, planned: str = "70,0 %", actual: str = "65,0 %") -> TargetRow:
    return TargetRow(indicator=title, title=title, planned=planned, actual=actual, status=status)


def reported(title: str, status: str, actual: str = "—") -> TargetRow:
    """A target the source reports met or not without its planned value."""
    return TargetRow(indicator=title, title=title, planned="не указано", actual=actual, status=status, reported=True)


def test_targets_verdict_in_the_words_of_the_order_on_the_results() -> None:
    rows = [row("Охват", "met"), row("Диагностика", "not_met", "65,0 %", "58,2 %"), row("ПОО", "met")]
    assert targets_sentence(rows) == (
        "Целевые показатели выполнены, кроме: «Диагностика» (план — 65,0 %, факт — 58,2 %)."
    )


def test_a_title_with_its_own_quotes_is_quoted_the_russian_way_inside_the_verdict() -> None:
    rows = [row("«Билет в будущее», 6–11 классы", "not_met", "50,0 %", "42,7 %")]
    assert targets_sentence(rows) == (
        "Целевые показатели не выполнены: «„Билет в будущее“, 6–11 классы» (план — 50,0 %, факт — 42,7 %)."
    )


def test_targets_all_met_none_set_all_missed_and_without_data() -> None:
    assert targets_sentence([row("Охват", "met")]) == "Все целевые показатели муниципальной программы выполнены."
    assert targets_sentence([]) == "Целевых значений муниципальной программы на этот год в данных нет."
    assert targets_sentence([row("Охват", "not_met")]).startswith("Целевые показатели не выполнены: «Охват»")
    text = targets_sentence([row("Охват", "met"), row("ПОО", "no_data", actual="—")])
    assert text == "Целевые показатели, по которым есть данные, выполнены. Нет данных для оценки: «ПОО»."


def test_targets_reported_without_planned_values_are_said_as_the_sources_word() -> None:
    """An order that names only the two targets it missed («выполнены, кроме: …») gives the data those two:
    the verdict does not say «целевые показатели не выполнены» of them, nor that there are no targets."""
    two = [reported("Диагностика, 8–11 кл.", "not_met"), reported("Поддержка", "not_met")]
    assert targets_sentence(two) == (
        "По данным источника не достигнуты целевые показатели (плановые значения не указаны): "
        "«Диагностика, 8–11 кл.»; «Поддержка»."
    )
    assert reported_targets_sentence(two) == targets_sentence(two)
    assert targets_sentence([reported("Охват", "met")]) == (
        "По данным источника достигнут целевой показатель «Охват» (плановое значение не указано)."
    )
    mixed = [row("Охват", "met"), reported("Поддержка", "not_met")]
    assert targets_sentence(mixed) == (
        "Целевые показатели с плановыми значениями выполнены. По данным источника не достигнут целевой "
        "показатель «Поддержка» (плановое значение не указано)."
    )
    assert targets_sentence([row("ПОО", "not_met", "65,0 %", "58,2 %"), reported("Охват", "met")]) == (
        "Целевые показатели с плановыми значениями не выполнены: «ПОО» (план — 65,0 %, факт — 58,2 %). По "
        "данным источника достигнут целевой показатель «Охват» (плановое значение не указано)."
    )
    assert reported_targets_sentence([row("Охват", "not_met")]) == ""


@pytest.mark.parametrize(
    ("change", "better", "word"),
    [
        (2.5, "higher", "улучшение"),
        (-2.5, "higher", "ухудшение"),
        (-1.0, "lower", "улучшение"),
        (1.0, "lower", "ухудшение"),
        (0.0, "higher", "без изменений"),
        (None, "higher", "нет данных"),
        (3.0, "neutral", "рост"),
    ],
)
def test_the_change_after_a_measure_is_judged_by_the_better_direction(
    change: float | None, better: str, word: str
) -> None:
    assert direction_word(change, better) == word


def test_a_date_belongs_to_the_school_year_ending_on_the_next_31_may() -> None:
    assert school_year_of(date(2024, 5, 31)) == 2024
    assert school_year_of(date(2024, 6, 1)) == 2025
    assert school_year_of(date(2024, 9, 1)) == 2025


def test_a_measure_of_sub_items_only_is_named_in_the_effects_by_its_sub_items_as_the_order_joins_them() -> None:
    """The effects' table names a measure in one line: its title, or its sub-items joined with «;»."""
    order = Measure(number="2", items=["обеспечить сопровождение", "создать информационную базу"])
    assert measure_text(order) == "обеспечить сопровождение; создать информационную базу"
    titled = Measure(number="1", title="Поручение руководителям", items=["осуществить анализ"])
    assert measure_text(titled) == "Поручение руководителям"
