"""Addressed recommendations: each condition of data/rules.yaml, at its boundary, on small data directories.

The data directories are built with ``conftest.DataDir`` (the real catalogue; municipalities ``alpha`` and
``beta``). The workhorse is «Профессиональные пробы в 9 классах» (``prof_trials_share_g9`` =
``prof_trials_g9`` / ``students_g9``, a share where more is better): with 1 000 pupils in each municipality
the region's value is the mean of the two, so a lag behind the region can be set to the tenth of a point.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from generator.build.validate import validate
from generator.core.formatting import NBSP
from generator.inputs.catalogue_file import load_catalogue
from generator.inputs.problems import Problem
from generator.recommend.evaluate import recommend
from generator.recommend.model import Deadline, Recommendation
from generator.recommend.rules_file import load_rules
from generator.recommend.template import fill

from .conftest import DataDir

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
TRIALS = "prof_trials_share_g9"
PP = f"{NBSP}п.{NBSP}п."
PCT = f"{NBSP}%"

AUDIENCES = """\
audiences:
  - {id: students, title: Обучающиеся}
  - {id: parents, title: Родители (законные представители)}
  - {id: school_heads, title: Руководители общеобразовательных организаций}
  - {id: municipality, title: Муниципальный орган управления образованием}
rules:
"""


def rules(datadir: DataDir, text: str) -> None:
    datadir.write("rules.yaml", AUDIENCES + text)


def rule(condition: str, indicator: str = TRIALS, text: str = "{indicator}", **extra: object) -> str:
    """One rule in YAML; ``extra`` — further keys of the rule, written as they are."""
    lines = [f"  - id: r_{condition}", f"    indicator: {indicator}", f"    condition: {condition}"]
    lines += [f"    {key}: {value}" for key, value in extra.items()]
    lines += ["    audiences: [school_heads]", f'    text: "{text}"']
    return "\n".join(lines) + "\n"


def run(datadir: DataDir) -> list[Recommendation]:
    report = validate(datadir.root)
    assert report.errors == [], "\n".join(str(p) for p in report.errors)
    assert report.rules is not None and report.table is not None and report.dataset is not None
    return recommend(report.rules, report.table, report.dataset)


def trials(datadir: DataDir, year: int, slug: str, done: int | None, pupils: int = 1000, **extra: object) -> None:
    counts = {"students_g9": pupils} if done is None else {"students_g9": pupils, "prof_trials_g9": done}
    datadir.year(year, slug, counts, **extra)


def fired(recs: list[Recommendation], slug: str = "alpha", year: int | None = None) -> list[Recommendation]:
    return [r for r in recs if r.territory == slug and (year is None or r.year == year)]


def mark(datadir: DataDir, indicator: str, line: str) -> None:
    """Add a key to an indicator of the test catalogue, e.g. ``better: lower`` or ``required: true``."""
    path = datadir.root / "indicators.yaml"
    text = path.read_text(encoding="utf-8")
    head = re.search(rf"^  - id: {indicator}\n(    .*\n)*?    kind: \w+\n", text, re.MULTILINE)
    assert head is not None
    path.write_text(text[: head.end()] + f"    {line}\n" + text[head.end() :], encoding="utf-8")


def better_lower(datadir: DataDir, indicator: str) -> None:
    """Make an indicator of the test catalogue one where less is better."""
    mark(datadir, indicator, "better: lower")


# --- below_region -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("alpha", "beta", "triggers", "gap"),
    [
        pytest.param(450, 550, True, "5,0", id="exactly-5.0-pp-behind"),
        pytest.param(451, 549, False, None, id="4.9-pp-behind"),
        pytest.param(400, 600, True, "10,0", id="10.0-pp-behind"),
        pytest.param(550, 450, False, None, id="ahead-of-the-region"),
    ],
)
def test_below_region_triggers_at_exactly_its_points_and_not_a_tenth_below(
    datadir: DataDir, alpha: int, beta: int, triggers: bool, gap: str | None
) -> None:
    trials(datadir, 2026, "alpha", alpha)
    trials(datadir, 2026, "beta", beta)  # the region: (alpha + beta) / 2000 = 50,0 %
    rules(datadir, rule("below_region", points=5, text="{value} при {region_value} по региону, отставание {gap}"))
    found = fired(run(datadir))
    assert bool(found) is triggers
    if triggers:
        [rec] = found
        value = f"{alpha / 10:.1f}".replace(".", ",")
        assert rec.text == f"{value}{PCT} при 50,0{PCT} по региону, отставание {gap}{PP}"
        assert rec.threshold == f"ниже значения по региону на 5{PP} и более"
        assert rec.inputs == (
            ("Значение за 2025/26 учебный год", f"{value}{PCT}"),
            ("Значение по региону", f"50,0{PCT}"),
            ("Отставание от региона", f"{gap}{PP}"),
        )


def test_below_region_compares_the_published_rounded_values(datadir: DataDir) -> None:
    # 45,04 % is published as 45,0 %: the reader sees 5,0 p. p. behind the region's 50,0 %, and so does the rule
    trials(datadir, 2026, "alpha", 4504, pupils=10000)
    trials(datadir, 2026, "beta", 5496, pupils=10000)
    rules(datadir, rule("below_region", points=5, text="{gap}"))
    [rec] = fired(run(datadir))
    assert rec.text == f"5,0{PP}"


def test_below_region_for_better_lower_means_above_the_region(datadir: DataDir) -> None:
    better_lower(datadir, TRIALS)
    trials(datadir, 2026, "alpha", 550)
    trials(datadir, 2026, "beta", 450)
    rules(datadir, rule("below_region", points=5, text="{value}, по региону {region_value}, разница {gap}"))
    [rec] = run(datadir)
    assert rec.territory == "alpha"
    assert rec.text == f"55,0{PCT}, по региону 50,0{PCT}, разница 5,0{PP}"
    assert rec.threshold == f"выше значения по региону на 5{PP} и более"


# --- below_target -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("done", "lower", "triggers"),
    [
        pytest.param(650, False, False, id="higher-exactly-on-target"),
        pytest.param(649, False, True, id="higher-a-tenth-below"),
        pytest.param(650, True, False, id="lower-exactly-on-target"),
        pytest.param(651, True, True, id="lower-a-tenth-above"),
    ],
)
def test_below_target_triggers_when_the_target_is_missed_in_the_better_direction(
    datadir: DataDir, done: int, lower: bool, triggers: bool
) -> None:
    if lower:
        better_lower(datadir, TRIALS)
    trials(datadir, 2026, "alpha", done, targets={TRIALS: 65})
    rules(datadir, rule("below_target", text="{value} при цели {target}, отклонение {gap}"))
    found = fired(run(datadir))
    assert bool(found) is triggers
    if triggers:
        [rec] = found
        side = "выше" if lower else "ниже"
        assert rec.threshold == f"{side} целевого значения муниципальной программы (65,0{PCT})"
        assert rec.text.endswith(f"при цели 65,0{PCT}, отклонение 0,1{PP}")


def test_below_target_example_from_the_demo_facts(datadir: DataDir) -> None:
    trials(datadir, 2026, "alpha", 582, targets={TRIALS: 65})
    rules(datadir, rule("below_target"))
    [rec] = run(datadir)
    assert rec.inputs == (("Значение за 2025/26 учебный год", f"58,2{PCT}"), ("Цель", f"65,0{PCT}"))
    assert (rec.rule_id, rec.year, rec.territory, rec.indicator, rec.section, rec.condition) == (
        "r_below_target", 2026, "alpha", TRIALS, "support", "below_target",
    )


def test_a_municipality_without_a_target_gets_no_below_target_recommendation(datadir: DataDir) -> None:
    trials(datadir, 2026, "alpha", 100)
    rules(datadir, rule("below_target"))
    assert run(datadir) == []


@pytest.mark.parametrize(
    ("done", "text", "triggers"),
    [
        pytest.param(700, "{indicator}: за {year} — {value}. Выявить причины", True, id="value-without-target"),
        pytest.param(None, "{indicator}: выявить причины невыполнения", True, id="no-value-no-number-said"),
        pytest.param(700, "{value} при цели {target}", False, id="text-needs-the-target"),
        pytest.param(700, "отставание {gap}", False, id="text-needs-the-gap"),
        pytest.param(None, "{indicator}: за {year} — {value}", False, id="text-needs-the-missing-value"),
    ],
)
def test_below_target_fires_on_a_target_reported_not_met_only_where_its_text_stays_true(
    datadir: DataDir, done: int | None, text: str, triggers: bool
) -> None:
    """«Выполнены, кроме: …» with no planned value: a rule that names the target or the lag would have to make
    a number up, so it does not fire; one that speaks of the miss alone does (70 % here: the source's word
    stands whatever the value)."""
    trials(datadir, 2026, "alpha", done, targets={TRIALS: {"reached": False, "source": "Приказ № 327"}})
    trials(datadir, 2026, "beta", 100, targets={TRIALS: {"reached": True}})
    rules(datadir, rule("below_target", text=text))
    found = run(datadir)
    assert fired(found, "beta") == []
    assert bool(fired(found)) is triggers
    if triggers:
        [rec] = found
        assert "{" not in rec.text and "нет данных" not in rec.text
        assert rec.threshold.startswith("целевой показатель муниципальной программы не достигнут (по данным источника")
        assert rec.inputs[-1] == ("Цель", "не достигнута по данным источника; плановое значение не указано")
        assert (len(rec.inputs) == 2) is (done is not None)


# --- missing data -------------------------------------------------------------------------------

MISSING_CASES = [
    pytest.param("below_target", {}, id="below_target"),
    pytest.param("below_region", {"points": 1}, id="below_region"),
    pytest.param("zero", {}, id="zero"),
    pytest.param("declining", {"years": 1}, id="declining"),
]


@pytest.mark.parametrize(("condition", "extra"), MISSING_CASES)
def test_missing_data_never_triggers_a_condition_other_than_no_data(
    datadir: DataDir, condition: str, extra: dict
) -> None:
    trials(datadir, 2025, "alpha", 900)
    trials(datadir, 2026, "alpha", None, targets={TRIALS: 65})  # the file is there, the count is not
    trials(datadir, 2026, "beta", 900)
    rules(datadir, rule(condition, **extra))
    assert fired(run(datadir), year=2026) == []


def test_missing_data_never_triggers_count_below(datadir: DataDir) -> None:
    datadir.year(2026, "alpha", {"students_g9": 100})
    rules(datadir, rule("count_below", indicator="agreements_guidance", value=5))
    assert run(datadir) == []


def test_no_data_triggers_when_the_file_is_there_but_counts_given_before_are_not(datadir: DataDir) -> None:
    trials(datadir, 2025, "alpha", 400)
    trials(datadir, 2026, "alpha", None)
    trials(datadir, 2026, "beta", 500)
    rules(datadir, rule("no_data", text="{indicator}: нет данных за {year}."))
    [rec] = run(datadir)
    assert (rec.territory, rec.year, rec.condition) == ("alpha", 2026, "no_data")
    assert rec.text == "Профессиональные пробы в 9 классах: нет данных за 2025/26 учебный год."
    assert rec.threshold == "нет данных за 2025/26 учебный год"
    assert rec.inputs == (
        ("Значение за 2025/26 учебный год", "—"),
        ("Не представлены данные", "Обучающиеся 9 классов, прошедшие профессиональные пробы"),
    )


def test_no_data_is_silent_for_an_indicator_the_municipality_never_reported(datadir: DataDir) -> None:
    # alpha has never given its professional trials: it does not collect them, it has not lost them
    trials(datadir, 2025, "alpha", None)
    trials(datadir, 2026, "alpha", None)
    trials(datadir, 2026, "beta", 500)
    rules(datadir, rule("no_data"))
    assert run(datadir) == []


def test_no_data_fires_in_every_year_missing_after_any_earlier_report(datadir: DataDir) -> None:
    trials(datadir, 2024, "alpha", 400)
    trials(datadir, 2025, "alpha", None)
    trials(datadir, 2026, "alpha", None)
    rules(datadir, rule("no_data"))
    assert [(r.territory, r.year) for r in run(datadir)] == [("alpha", 2025), ("alpha", 2026)]


def test_no_data_fires_for_a_required_indicator_even_never_reported(datadir: DataDir) -> None:
    mark(datadir, TRIALS, "required: true")
    trials(datadir, 2026, "alpha", None)
    trials(datadir, 2026, "beta", 500)
    rules(datadir, rule("no_data"))
    assert [(r.territory, r.year) for r in run(datadir)] == [("alpha", 2026)]


def test_an_empty_population_before_counts_as_reported(datadir: DataDir) -> None:
    trials(datadir, 2025, "alpha", 0, pupils=0)  # 0 of 0 is data: no ninth-graders that year
    trials(datadir, 2026, "alpha", None)
    rules(datadir, rule("no_data"))
    assert [(r.territory, r.year) for r in run(datadir)] == [("alpha", 2026)]


def test_no_data_needs_the_municipalitys_file_for_the_year(datadir: DataDir) -> None:
    trials(datadir, 2024, "alpha", 400)
    trials(datadir, 2025, "alpha", None)
    trials(datadir, 2026, "beta", 500)  # alpha sent nothing for 2026: not «no data» of an indicator
    rules(datadir, rule("no_data"))
    assert [(r.territory, r.year) for r in run(datadir)] == [("alpha", 2025)]


def test_an_empty_population_is_not_missing_data(datadir: DataDir) -> None:
    mark(datadir, TRIALS, "required: true")
    trials(datadir, 2026, "alpha", 0, pupils=0)  # 0 of 0: no ninth-graders at all
    rules(datadir, rule("no_data") + rule("zero").replace("r_zero", "r_zero2"))
    assert run(datadir) == []


def test_no_data_ignores_indicators_that_do_not_exist_that_year(datadir: DataDir) -> None:
    mark(datadir, "ege_3plus_share", "required: true")
    datadir.year(2022, "alpha", {"students_g11": 90})  # ege_3plus_share exists since 2023
    datadir.year(2023, "alpha", {"students_g11": 90})
    rules(datadir, rule("no_data", indicator="ege_3plus_share"))
    assert [r.year for r in run(datadir)] == [2023]


# --- zero ---------------------------------------------------------------------------------------


def test_zero_coverage_triggers_and_names_the_counts(datadir: DataDir) -> None:
    grades = {f"students_g{g}": 100 for g in range(6, 12)}
    datadir.year(2026, "alpha", dict(grades, bilet_6_9=0, bilet_10_11=0))
    datadir.year(2026, "beta", dict(grades, bilet_6_9=1, bilet_10_11=0))  # 0,2 %: not zero
    rules(datadir, rule("zero", indicator="bilet_share_6_11", text="Охват проектом за {year} — {value}."))
    [rec] = run(datadir)
    assert rec.territory == "alpha"
    assert rec.text == f"Охват проектом за 2025/26 учебный год — 0,0{PCT}."
    assert rec.threshold == f"нулевой охват (0{PCT})"
    assert rec.inputs == (
        ("Значение за 2025/26 учебный год", f"0,0{PCT}"),
        ("Обучающиеся 6–11 классов — участники проекта «Билет в будущее»", f"0{NBSP}чел."),
        ("Обучающиеся 6–11 классов", f"600{NBSP}чел."),
    )


def test_zero_of_a_count(datadir: DataDir) -> None:
    datadir.year(2026, "alpha", {"agreements_guidance": 0})
    datadir.year(2026, "beta", {"agreements_guidance": 1})
    rules(datadir, rule("zero", indicator="agreements_guidance"))
    [rec] = run(datadir)
    assert (rec.territory, rec.threshold) == ("alpha", "значение равно нулю")


# --- declining ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("series", "years", "triggers"),
    [
        pytest.param([700, 650, 600], 2, True, id="two-declines-years-2"),
        pytest.param([700, 700, 650], 2, False, id="one-decline-after-a-flat-year"),
        pytest.param([600, 650, 600], 2, False, id="one-decline-after-a-rise"),
        pytest.param([700, 650, 600], 3, False, id="two-declines-years-3"),
        pytest.param([700, 650, 650], 1, False, id="flat-last-year"),
        pytest.param([650, 700, 699], 1, True, id="a-tenth-down-years-1"),
    ],
)
def test_declining_needs_that_many_declines_in_a_row_ending_in_the_edition_year(
    datadir: DataDir, series: list[int], years: int, triggers: bool
) -> None:
    for year, done in zip((2024, 2025, 2026), series, strict=True):
        trials(datadir, year, "alpha", done)
    rules(datadir, rule("declining", years=years))
    assert bool(fired(run(datadir), year=2026)) is triggers


def test_a_years_recommendations_are_the_same_evaluated_alone_or_with_the_later_years(datadir: DataDir) -> None:
    """A past edition's recommendations are kept with its data (:mod:`generator.build.cache`): they must
    not depend on the years after it, nor on being evaluated with the others."""
    for year, done in zip(range(2022, 2027), (900, 800, 850, 650, 600), strict=True):
        trials(datadir, year, "alpha", done)
        trials(datadir, year, "beta", None)
    rules(datadir, rule("declining", years=1) + rule("no_data"))
    every = run(datadir)
    report = validate(datadir.root)
    assert report.rules is not None and report.table is not None and report.dataset is not None
    assert {r.year for r in every} >= {2023, 2025, 2026}
    joined = [r for year in range(2022, 2027) for r in recommend(report.rules, report.table, report.dataset, {year})]
    assert joined == every
    for year in range(2025, 2021, -1):  # with the later years' data gone, the year's recommendations stay
        shutil.rmtree(datadir.root / str(year + 1))
        again = run(datadir)
        assert [r for r in again if r.year == year] == [r for r in every if r.year == year]


def test_declining_text_inputs_and_plural_of_years(datadir: DataDir) -> None:
    for year, done in zip(range(2021, 2027), (900, 800, 700, 650, 600, 550), strict=True):
        trials(datadir, year, "alpha", done)
    template = "снижается {years} подряд: с {start_value} до {value} (на {gap}), годом ранее {previous}"
    rules(datadir, rule("declining", years=2, text=template))
    found = {r.year: r for r in run(datadir)}
    assert sorted(found) == [2023, 2024, 2025, 2026]
    assert found[2023].text == (
        f"снижается 2{NBSP}года подряд: с 90,0{PCT} до 70,0{PCT} (на 20,0{PP}), годом ранее 80,0{PCT}"
    )
    assert found[2026].text.startswith(f"снижается 5{NBSP}лет подряд: с 90,0{PCT} до 55,0{PCT}")
    assert found[2026].threshold == "снижается не менее 2 лет подряд"
    assert [value for _, value in found[2024].inputs] == [f"90,0{PCT}", f"80,0{PCT}", f"70,0{PCT}", f"65,0{PCT}"]
    assert found[2024].inputs[0][0] == "Значение за 2020/21 учебный год"


def test_a_year_without_data_breaks_the_run_of_declines(datadir: DataDir) -> None:
    trials(datadir, 2024, "alpha", 700)
    trials(datadir, 2025, "alpha", None)
    trials(datadir, 2026, "alpha", 600)
    rules(datadir, rule("declining", years=1))
    assert run(datadir) == []


def test_declining_for_better_lower_means_rising(datadir: DataDir) -> None:
    better_lower(datadir, TRIALS)
    for year, done in zip((2024, 2025, 2026), (500, 550, 600), strict=True):
        trials(datadir, year, "alpha", done)
    rules(datadir, rule("declining", years=2, text="{years}"))
    [rec] = run(datadir)
    assert (rec.year, rec.text, rec.threshold) == (2026, f"2{NBSP}года", "растёт не менее 2 лет подряд")


# --- count_below --------------------------------------------------------------------------------


@pytest.mark.parametrize(("count", "triggers"), [(4, True), (5, False), (6, False)])
def test_count_below_triggers_strictly_below_its_value(datadir: DataDir, count: int, triggers: bool) -> None:
    datadir.year(2026, "alpha", {"agreements_guidance": count})
    rules(datadir, rule("count_below", indicator="agreements_guidance", value=5, text="{value}, не хватает {gap}"))
    found = run(datadir)
    assert bool(found) is triggers
    if triggers:
        assert found[0].text == f"4{NBSP}ед., не хватает 1{NBSP}ед."
        assert found[0].threshold == f"меньше 5{NBSP}ед."


# --- placeholders, deadlines, order -------------------------------------------------------------


def test_placeholders_are_filled_with_russian_formatting(datadir: DataDir) -> None:
    trials(datadir, 2026, "alpha", 582, targets={TRIALS: 65})
    trials(datadir, 2026, "beta", 800)
    template = (
        "{municipality}, {year}. {indicator} ({indicator_title}; раздел «{section}»): {value} при цели {target}, "
        "по региону {region_value}, отставание {gap}. Срок — до {deadline}. Скобки: {{так}}."
    )
    rules(datadir, rule("below_target", text=template, deadline="{month: 12, day: 31, years_after: 0}"))
    [rec] = run(datadir)
    assert rec.text == (
        f"Альфинский городской округ, 2025/26 учебный год. Профессиональные пробы в 9 классах (Доля обучающихся "
        f"9 классов, прошедших профессиональные пробы; раздел «Сопровождение профессионального самоопределения»): "
        f"58,2{PCT} при цели 65,0{PCT}, по региону 69,1{PCT}, отставание 6,8{PP} "  # «п. п.» ends the sentence
        f"Срок — до 31 декабря 2026{NBSP}г. Скобки: {{так}}."
    )
    assert rec.deadline == date(2026, 12, 31)


def test_the_text_is_one_paragraph_of_plain_text(datadir: DataDir) -> None:
    trials(datadir, 2026, "alpha", 0)
    datadir.write(
        "rules.yaml",
        AUDIENCES
        + "  - id: folded\n    indicator: prof_trials_share_g9\n    condition: zero\n    audiences: [parents]\n"
        + "    text: |\n      Первая строка\n      вторая   строка.\n",
    )
    [rec] = run(datadir)
    assert rec.text == "Первая строка вторая строка."


@pytest.mark.parametrize(
    ("deadline", "year", "due"),
    [
        (Deadline(month=12, day=31), 2026, date(2026, 12, 31)),
        (Deadline(month=5, day=1, years_after=1), 2026, date(2027, 5, 1)),
        (Deadline(months_after=3), 2026, date(2026, 8, 31)),
        (Deadline(months_after=1), 2026, date(2026, 6, 30)),
        (Deadline(months_after=9), 2026, date(2027, 2, 28)),
        (Deadline(months_after=9), 2027, date(2028, 2, 29)),
    ],
)
def test_deadlines_count_from_the_year_in_which_the_school_year_ends(deadline: Deadline, year: int, due: date) -> None:
    assert deadline.for_year(year) == due


def test_a_deadline_at_the_end_of_a_sentence_keeps_one_period() -> None:
    assert fill("в срок до {deadline}.", {"deadline": f"1 мая 2027{NBSP}г."}) == f"в срок до 1 мая 2027{NBSP}г."
    assert fill("{value}.", {"value": "57,5 %"}) == "57,5 %."


def test_recommendations_are_sorted_by_year_territory_audience_rule_and_indicator(datadir: DataDir) -> None:
    for slug in ("alpha", "beta"):
        for year in (2025, 2026):
            trials(datadir, year, slug, 0)
    datadir.write(
        "rules.yaml",
        AUDIENCES
        + "  - {id: heads, indicator: prof_trials_share_g9, condition: zero, audiences: [school_heads], text: a}\n"
        + "  - {id: both, indicator: prof_trials_share_g9, condition: zero, audiences: [municipality, students],"
        + " text: b}\n"
        + "  - {id: first, indicator: prof_trials_share_g9, condition: zero, audiences: [school_heads], text: c,"
        + " order: -1}\n",
    )
    recs = run(datadir)
    assert [(r.year, r.territory, r.rule_id) for r in recs] == [
        (year, slug, rule_id)
        for year in (2025, 2026)
        for slug in ("alpha", "beta")
        for rule_id in ("both", "first", "heads")  # students come before school heads; «first» has order -1
    ]
    assert recs[0].audiences == ("students", "municipality")  # in the rule set's order, not the rule's


def test_a_section_rule_checks_every_indicator_of_the_section_the_condition_fits(datadir: DataDir) -> None:
    grades = {f"students_g{g}": 100 for g in range(1, 12)}
    datadir.year(2026, "alpha", dict(grades, bilet_6_9=0, bilet_10_11=0, proektoria_participants=0, early_games=0))
    rules(
        datadir,
        "  - {id: early_zero, section: early, condition: zero, audiences: [school_heads], text: '{indicator}'}\n",
    )
    recs = run(datadir)
    assert [r.indicator for r in recs] == [
        "proektoria_share", "bilet_share_6_9", "bilet_share_10_11", "bilet_share_6_11", "early_games",
    ]
    assert {r.section for r in recs} == {"early"}


# --- the shipped rules on the demo data ---------------------------------------------------------


def test_the_shipped_rules_file_loads_without_problems() -> None:
    problems: list[Problem] = []
    catalogue, _ = load_catalogue(DATA / "indicators.yaml", problems)
    assert catalogue is not None
    ruleset = load_rules(DATA / "rules.yaml", catalogue, problems)
    assert problems == []
    assert ruleset is not None
    assert [a.id for a in ruleset.audiences] == [
        "students", "parents", "teachers", "school_heads", "municipality", "region",
    ]
    assert len(ruleset.rules) >= 10


def test_every_shipped_rule_names_its_source_document() -> None:
    sources = ("приказ об итогах мониторинга", "аналитический отчёт", "адресные рекомендации региона")
    lines = (DATA / "rules.yaml").read_text(encoding="utf-8").splitlines()
    start = lines.index("rules:")
    for number, line in enumerate(lines[start:], start):
        if line.startswith("  - id:"):
            comment = []
            for above in reversed(lines[start:number]):
                if not above.strip().startswith("#"):
                    break
                comment.append(above.lower())
            assert any(s in " ".join(comment) for s in sources), f"rules.yaml:{number + 1}: {line.strip()}"


@pytest.fixture(scope="module")
def demo() -> list[Recommendation]:
    report = validate(DATA)
    assert report.errors == [] and report.rules is not None
    assert report.table is not None and report.dataset is not None
    return recommend(report.rules, report.table, report.dataset)


def test_on_the_demo_data_zarechnyy_gets_the_bilet_recommendation(demo: list[Recommendation]) -> None:
    mine = fired(demo, "zarechnyy-mr", 2026)
    bilet = [r for r in mine if r.indicator == "bilet_share_6_11" and r.condition == "zero"]
    assert {r.rule_id for r in bilet} == {"bilet_zero_participate", "bilet_zero_registration"}
    [schools] = [r for r in bilet if "school_heads" in r.audiences]
    assert "«Билет в будущее»" in schools.text and f"0,0{PCT}" in schools.text


def test_on_the_demo_data_berezovskiy_gets_its_declining_diagnostics(demo: list[Recommendation]) -> None:
    mine = [r for r in fired(demo, "berezovskiy-mo", 2026) if r.indicator == "diagnostics_share_6_11"]
    by_rule = {r.rule_id: r for r in mine}
    assert {"diagnostics_below_target", "key_indicator_declining", "target_not_met"} <= set(by_rule)
    assert f"с 79,9{PCT} до 58,2{PCT}" in by_rule["key_indicator_declining"].text
    assert by_rule["diagnostics_below_target"].deadline == date(2027, 5, 1)


def test_the_demo_recommendations_are_a_selection_not_everything(demo: list[Recommendation]) -> None:
    for year in range(2022, 2027):
        counts: dict[str, int] = {}
        for r in demo:
            if r.year == year:
                counts[r.territory] = counts.get(r.territory, 0) + 1
        assert 0 < len(counts) < 14, year  # some municipalities get recommendations, some none
        assert max(counts.values()) >= 2, year  # and some get several
    for r in demo:
        assert "{" not in r.text and "}" not in r.text and ".." not in r.text, r.text
        assert not re.search(r"[<>*_#`\[\]]", r.text), r.text  # plain text: no HTML, no Markdown


def test_a_figure_printed_finer_than_the_precision_is_quoted_with_its_decimals_and_so_is_its_gap(
    datadir: DataDir,
) -> None:
    """The recommendation says what the page says: the source's 58,25 %, 6,75 п. п. short of 65 %."""
    datadir.year(2026, "alpha", printed={TRIALS: {"value": 58.25, "source": "Таблица 2"}}, targets={TRIALS: 65})
    rules(datadir, rule("below_target", text="{value} при цели {target}, отклонение {gap}"))
    [rec] = fired(run(datadir))
    assert rec.text.endswith(f"58,25{PCT} при цели 65,0{PCT}, отклонение 6,75{PP}")
