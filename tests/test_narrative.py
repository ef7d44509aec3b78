"""The generated Russian sentences read like the analytical reports, and agree with the numbers."""

from __future__ import annotations

from decimal import Decimal

from generator.site.narrative import (
    YearValue,
    change_phrase,
    region_sentence,
    target_sentence,
    trend_parts,
    trend_sentence,
)

NB = "\u00a0"
TITLE = "Доля выпускников 9 классов, поступивших в ПОО"


def test_three_years_with_a_decline_in_the_manner_of_the_report() -> None:
    text = trend_sentence(
        TITLE,
        [YearValue(2020, 67.4), YearValue(2021, 71.1), YearValue(2022, 67.3)],
        kind="share",
        digits=1,
        unit="%",
        change=-3.8,
    )
    assert text == (
        f"Доля выпускников 9 классов, поступивших в ПОО, составляет в 2019/20 учебном году — 67,4{NB}%, "
        f"в 2020/21 — 71,1{NB}%, в 2021/22 — 67,3{NB}%; снижение на 3,8{NB}п.{NB}п. за год."
    )


def test_growth_and_no_change() -> None:
    assert change_phrase(Decimal("2.1"), "share", 1, "%") == f"рост на 2,1{NB}п.{NB}п."
    assert change_phrase(Decimal("0.0"), "share", 1, "%") == "без изменений"
    assert change_phrase(Decimal("-3"), "count", 0, "ед.") == f"снижение на 3{NB}ед."
    assert change_phrase(None, "share", 1, "%") == ""


def test_a_single_year_is_one_plain_statement() -> None:
    text = trend_sentence(TITLE, [YearValue(2024, 57.5)], kind="share", digits=1, unit="%", change=None)
    assert text == f"{TITLE}, составляет в 2023/24 учебном году — 57,5{NB}%."


def test_a_title_without_a_participial_phrase_takes_no_comma() -> None:
    text = trend_sentence(
        "Количество профильных классов (в том числе с углублённым изучением, кроме универсальных)",
        [YearValue(2024, 12)], kind="count", digits=0, unit="ед.", change=None,
    )
    assert text.startswith(
        "Количество профильных классов (в том числе с углублённым изучением, кроме универсальных) составляет"
    )


def test_missing_years_are_skipped_and_a_missing_last_year_is_said() -> None:
    text = trend_sentence(
        TITLE, [YearValue(2022, 50.0), YearValue(2023, None), YearValue(2024, None)],
        kind="share", digits=1, unit="%", change=None,
    )
    assert "2022/23" not in text.split("Данных")[0]
    assert text.endswith("Данных за 2023/24 учебный год нет.")


def test_no_data_at_all() -> None:
    assert trend_sentence(TITLE, [YearValue(2024, None)], kind="share", digits=1, unit="%", change=None) == (
        f"{TITLE}: данных нет."
    )


def test_counts_and_ratios_carry_their_units() -> None:
    text = trend_sentence(
        "Количество учебных рабочих мест", [YearValue(2021, 14), YearValue(2022, 1021)],
        kind="count", digits=0, unit="ед.", change=1007,
    )
    assert f"1{NB}021{NB}ед." in text and f"рост на 1{NB}007{NB}ед." in text
    ratio = trend_sentence(
        "Коэффициент выбора ЕГЭ", [YearValue(2024, 2.79)], kind="ratio", digits=2, unit="экз. на выпускника",
        change=None,
    )
    assert f"2,79{NB}экз. на выпускника" in ratio


def test_region_and_target_sentences() -> None:
    assert region_sentence(49.8, "share", 1, "%", 14, 14) == f"По региону в целом — 49,8{NB}%."
    assert region_sentence(49.8, "share", 1, "%", 12, 14) == (
        f"По региону в целом — 49,8{NB}% (по данным 12 из 14 муниципалитетов)."
    )
    assert target_sentence(60.0, "not_met", "share", 1, "%") == (
        f"Целевое значение муниципальной программы — 60,0{NB}%; не достигнуто."
    )
    assert target_sentence(None, "no_target", "share", 1, "%") == ""


def test_the_years_before_the_last_are_a_part_of_their_own_for_the_search_index_to_leave_out() -> None:
    series = [YearValue(2020, 67.4), YearValue(2021, 71.1), YearValue(2022, 67.3)]
    start, history, rest = trend_parts(TITLE, series, kind="share", digits=1, unit="%", change=-3.8)
    assert start + history + rest == trend_sentence(TITLE, series, kind="share", digits=1, unit="%", change=-3.8)
    assert start == "Доля выпускников 9 классов, поступивших в ПОО, составляет "
    assert history == f"в 2019/20 учебном году — 67,4{NB}%, в 2020/21 — 71,1{NB}%, "
    assert rest == f"в 2021/22 — 67,3{NB}%; снижение на 3,8{NB}п.{NB}п. за год."
    single = trend_parts(TITLE, [YearValue(2024, 57.5)], kind="share", digits=1, unit="%", change=None)
    assert single[1] == ""
    gap = trend_parts(
        TITLE, [YearValue(2023, 50.0), YearValue(2024, None)], kind="share", digits=1, unit="%", change=None
    )
    assert gap[1] == "" and gap[2].endswith("Данных за 2023/24 учебный год нет.")
