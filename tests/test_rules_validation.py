"""Mistakes in data/rules.yaml: each reported at its file, line and column, in Russian, with a hint — all at once.

In the style of ``test_validation_errors``: each test writes the rules file under test into a small data
directory (the real catalogue, the registry of ``conftest``) and checks the report of
:func:`generator.build.validate.validate` and the output of ``proforientir validate``. Line 1 of each text is the
first line after the opening quotes; the first five lines are always the audiences of ``HEAD``.
"""

from __future__ import annotations

import pytest

from generator.build.validate import validate

from .conftest import DataDir
from .test_validation_errors import check_errors, expect

RULES = "rules.yaml"

HEAD = """\
audiences:
  - {id: students, title: Обучающиеся}
  - {id: school_heads, title: Руководители общеобразовательных организаций}
  - {id: municipality, title: Муниципальный орган управления образованием}
rules:
"""


def write(datadir: DataDir, rules: str) -> None:
    datadir.write(RULES, HEAD + rules)


# --- references: indicators, sections, audiences, conditions, placeholders ----------------------

CASES = [
    pytest.param(
        """\
  - id: bilet
    indicator: bilet_share_6_1
    condition: zero
    audiences: [school_heads]
    text: Охват — {value}.
""",
        expect(RULES, 7, 16, "неизвестный показатель «bilet_share_6_1»", "возможно, имелось в виду «bilet_share_6_11»"),
        id="unknown-indicator",
    ),
    pytest.param(
        """\
  - id: early
    section: earli
    condition: zero
    audiences: [school_heads]
    text: Охват — {value}.
""",
        expect(RULES, 7, 14, "неизвестный раздел «earli»", "возможно, имелось в виду «early»"),
        id="unknown-section",
    ),
    pytest.param(
        """\
  - id: bilet
    indicator: bilet_share_6_11
    condition: zero
    audiences: [students, school_head]
    text: Охват — {value}.
""",
        expect(RULES, 9, 27, "неизвестный адресат «school_head»", "возможно, имелось в виду «school_heads»"),
        id="unknown-audience",
    ),
    pytest.param(
        """\
  - id: bilet
    indicator: bilet_share_6_11
    condition: zero
    audiences: [school_heads]
    text: Охват — {valeu}.
""",
        expect(RULES, 10, 19, "неизвестная подстановка «{valeu}»", "возможно, имелось в виду «{value}»"),
        id="unknown-placeholder",
    ),
    pytest.param(
        """\
  - id: bilet
    indicator: bilet_share_6_11
    condition: belo_target
    audiences: [school_heads]
    text: Охват — {value}.
""",
        expect(RULES, 8, 16, "неизвестное условие «belo_target»", "возможно, имелось в виду «below_target»"),
        id="unknown-condition",
    ),
    pytest.param(
        """\
  - id: behind
    indicator: diagnostics_share_6_and_8
    condition: below_region
    audiences: [school_heads]
    text: Отставание — {gap}.
""",
        expect(RULES, 8, 16, "условию below_region нужен ключ «points»", "points: 5"),
        id="below-region-without-points",
    ),
    pytest.param(
        """\
  - id: declining
    indicator: diagnostics_share_6_11
    condition: declining
    audiences: [school_heads]
    text: Снижается {years} подряд.
""",
        expect(RULES, 8, 16, "условию declining нужен ключ «years»"),
        id="declining-without-years",
    ),
]


@pytest.mark.parametrize(("rules", "error"), CASES)
def test_a_mistake_in_a_rule_is_reported_where_it_is_with_a_hint(
    datadir: DataDir, capsys: pytest.CaptureFixture[str], rules: str, error
) -> None:
    write(datadir, rules)
    report = check_errors(datadir.root, capsys, error)
    assert report.rules is None


def test_all_mistakes_of_the_rules_file_and_of_the_data_in_one_run(
    datadir: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    datadir.write("2023/alpha.yaml", "municipality: alpha\nyear: 2023\ncounts:\n  students_g55: 10\n")
    write(
        datadir,
        """\
  - id: bilet
    indicator: bilet_share_6_1
    condition: zero
    audiences: [school_head]
    text: Охват — {valeu}.
  - id: behind
    indicator: diagnostics_share_6_and_8
    condition: below_region
    audiences: [school_heads]
    text: Отставание — {gap}.
  - id: target
    indicator: diagnostics_share_6_11
    condition: belo_target
    audiences: [municipality]
    text: Цель — {target}.
""",
    )
    report = check_errors(
        datadir.root,
        capsys,
        expect("2023/alpha.yaml", 4, 3, "неизвестный счётчик «students_g55»"),
        expect(RULES, 7, 16, "«bilet_share_6_1»", "возможно, имелось в виду «bilet_share_6_11»"),
        expect(RULES, 9, 17, "«school_head»", "возможно, имелось в виду «school_heads»"),
        expect(RULES, 10, 19, "«{valeu}»", "возможно, имелось в виду «{value}»"),
        expect(RULES, 13, 16, "нужен ключ «points»"),
        expect(RULES, 18, 16, "«belo_target»", "возможно, имелось в виду «below_target»"),
    )
    assert report.rules is None


def test_a_type_error_in_one_rule_does_not_hide_a_wrong_reference_in_another(
    datadir: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        datadir,
        """\
  - id: behind
    indicator: diagnostics_share_6_and_8
    condition: below_region
    points: пять
    audiences: [school_heads]
    text: Отставание — {gap}.
  - id: bilet
    indicator: bilet_share_6_1
    condition: zero
    audiences: [school_heads]
    text: Охват — {value}.
""",
    )
    check_errors(
        datadir.root,
        capsys,
        expect(RULES, 9, 13, "ожидается число", "«пять»"),
        expect(RULES, 13, 16, "неизвестный показатель «bilet_share_6_1»"),
    )


# --- placeholders the rule cannot fill ----------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "text", "column", "words"),
    [
        pytest.param("zero", "Цель — {target}.", 18, ("«{target}»", "zero", "below_target"), id="no-target"),
        pytest.param("zero", "Срок — {deadline}.", 18, ("«{deadline}»", "нет срока"), id="deadline-without-deadline"),
        pytest.param("no_data", "Нет данных — {value}.", 24, ("«{value}»", "no_data"), id="value-of-no-data"),
        pytest.param("zero", "Снижение {years}.", 20, ("«{years}»", "declining"), id="years-without-declining"),
        pytest.param("zero", "Охват {value:.1f}.", 17, ("«{value:.1f}»", "только имя"), id="format-spec"),
    ],
)
def test_a_placeholder_the_condition_cannot_fill_is_an_error(
    datadir: DataDir, capsys: pytest.CaptureFixture[str], condition: str, text: str, column: int, words: tuple
) -> None:
    write(
        datadir,
        f"""\
  - id: bilet
    indicator: bilet_share_6_11
    condition: {condition}
    audiences: [school_heads]
    text: {text}
""",
    )
    check_errors(datadir.root, capsys, expect(RULES, 10, column, *words))


def test_a_placeholder_in_a_folded_text_is_reported_on_its_own_line(
    datadir: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        datadir,
        """\
  - id: bilet
    indicator: bilet_share_6_11
    condition: zero
    audiences: [school_heads]
    text: >-
      Охват проектом за {year} — {value}.
      Участвовать в проекте до {dedline}.
""",
    )
    check_errors(datadir.root, capsys, expect(RULES, 12, 32, "«{dedline}»", "возможно, имелось в виду «{deadline}»"))


def test_an_unpaired_brace_is_an_error(datadir: DataDir, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        datadir,
        """\
  - id: bilet
    indicator: bilet_share_6_11
    condition: zero
    audiences: [school_heads]
    text: "Охват {value"
""",
    )
    check_errors(datadir.root, capsys, expect(RULES, 10, 11, "непарная фигурная скобка"))


# --- conditions that do not fit, parameters, what the rule watches -------------------------------


@pytest.mark.parametrize(
    ("indicator", "condition", "words"),
    [
        pytest.param("agreements_guidance", "below_region\n    points: 5", ("доли", "count"), id="region-of-count"),
        pytest.param("bilet_share_6_11", "count_below\n    value: 5", ("количество", "share"), id="count-of-share"),
        pytest.param("grads9_poo_share", "declining\n    years: 2", ("neutral",), id="declining-of-a-neutral"),
    ],
)
def test_a_condition_that_does_not_fit_the_indicator_is_an_error(
    datadir: DataDir, capsys: pytest.CaptureFixture[str], indicator: str, condition: str, words: tuple
) -> None:
    write(
        datadir,
        f"""\
  - id: wrong
    indicator: {indicator}
    condition: {condition}
    audiences: [school_heads]
    text: Текст.
""",
    )
    check_errors(datadir.root, capsys, expect(RULES, 8, 16, "не подходит", f"«{indicator}»", *words))


def test_a_parameter_of_another_condition_is_an_error(datadir: DataDir, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        datadir,
        """\
  - id: bilet
    indicator: bilet_share_6_11
    condition: zero
    points: 5
    audiences: [school_heads]
    text: Текст.
""",
    )
    check_errors(datadir.root, capsys, expect(RULES, 9, 5, "«points»", "только с условием below_region"))


@pytest.mark.parametrize(
    ("watch", "line", "column", "words"),
    [
        pytest.param("", 6, 5, ("не указано, за чем следит правило",), id="nothing"),
        pytest.param(
            "    indicator: bilet_share_6_11\n    section: early\n", 8, 5, ("«indicator» и «section»",), id="two-things"
        ),
    ],
)
def test_a_rule_watches_exactly_one_thing(
    datadir: DataDir, capsys: pytest.CaptureFixture[str], watch: str, line: int, column: int, words: tuple
) -> None:
    write(datadir, f"  - id: what\n{watch}    condition: zero\n    audiences: [school_heads]\n    text: Текст.\n")
    check_errors(datadir.root, capsys, expect(RULES, line, column, *words))


def test_a_summary_has_no_placeholders(datadir: DataDir, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        datadir,
        """\
  - id: bilet
    summary: Охват {value}
    indicator: bilet_share_6_11
    condition: zero
    audiences: [school_heads]
    text: Текст.
""",
    )
    check_errors(datadir.root, capsys, expect(RULES, 7, 14, "summary", "подстановки"))


def test_a_title_has_no_placeholders(datadir: DataDir, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        datadir,
        """\
  - id: bilet
    title: Охват {value} ниже цели
    indicator: bilet_share_6_11
    condition: zero
    audiences: [school_heads]
    text: Текст.
""",
    )
    check_errors(datadir.root, capsys, expect(RULES, 7, 12, "title", "подстановки"))


def test_a_rule_is_named_by_its_title_then_its_summary_and_never_by_its_id(datadir: DataDir) -> None:
    rule = "    indicator: bilet_share_6_11\n    condition: zero\n    audiences: [school_heads]\n    text: Текст.\n"
    write(
        datadir,
        "  - id: titled\n    title: Нет участия в проекте\n    summary: Участвовать в проекте\n"
        + rule
        + "  - id: summarised\n    summary: Участвовать в проекте\n"
        + rule
        + "  - id: unnamed\n"
        + rule,
    )
    report = validate(datadir.root)
    assert report.errors == [] and report.rules is not None
    names = {r.id: r.name for r in report.rules.rules}
    assert names == {"titled": "Нет участия в проекте", "summarised": "Участвовать в проекте", "unnamed": ""}


def test_rule_ids_are_unique(datadir: DataDir, capsys: pytest.CaptureFixture[str]) -> None:
    rule = "  - {id: same, indicator: bilet_share_6_11, condition: zero, audiences: [school_heads], text: Текст}\n"
    write(datadir, rule + rule)
    check_errors(datadir.root, capsys, expect(RULES, 7, 10, "«same»", "повторяется"))


# --- deadlines ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("deadline", "column", "words"),
    [
        pytest.param("{month: 2, day: 29}", 31, ("29",), id="not-every-year"),
        pytest.param("{month: 5, day: 1}", 15, ("31 мая", "years_after: 1"), id="before-the-data-date"),
        pytest.param("{months_after: 3, month: 9}", 33, ("months_after", "что-то одно"), id="two-forms"),
        pytest.param("{month: 9}", 15, ("«day»",), id="no-day"),
        pytest.param("{months_after: 0}", 30, ("≥ 1",), id="months-after-zero"),
    ],
)
def test_a_deadline_that_cannot_be_computed_is_an_error(
    datadir: DataDir, capsys: pytest.CaptureFixture[str], deadline: str, column: int, words: tuple
) -> None:
    write(
        datadir,
        f"""\
  - id: bilet
    indicator: bilet_share_6_11
    condition: zero
    audiences: [school_heads]
    deadline: {deadline}
    text: Текст.
""",
    )
    check_errors(datadir.root, capsys, expect(RULES, 10, column, *words))


# --- a valid file ---------------------------------------------------------------------------------


def test_a_valid_rules_file_is_exposed_on_the_report(datadir: DataDir) -> None:
    write(
        datadir,
        """\
  - id: bilet
    summary: Участвовать в проекте
    indicator: bilet_share_6_11
    condition: zero
    audiences: [school_heads, students]
    deadline: {months_after: 3}
    text: >-
      Охват — {value}.
""",
    )
    report = validate(datadir.root)
    assert report.errors == []
    assert report.rules is not None
    [rule] = report.rules.rules
    assert rule.audiences == ("students", "school_heads")
    assert rule.indicators == ("bilet_share_6_11",)
    assert rule.text == "Охват — {value}."
    assert rule.summary == "Участвовать в проекте"
    assert report.rules.audiences[0].title == "Обучающиеся"


def test_without_a_rules_file_the_report_has_no_rules(datadir: DataDir) -> None:
    report = validate(datadir.root)
    assert report.errors == [] and report.rules is None
