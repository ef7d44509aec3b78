"""A corpus of malformed data files: every class of error is reported where it is, in Russian.

Each test writes a small data directory (the real catalogue, the registry of ``conftest.REGISTRY`` with
municipalities ``alpha`` — schools ``alpha-1``, ``alpha-2`` — and ``beta``) plus the YAML under test,
spelled out in the test so that the expected line and column can be read off the text: line 1 is the
first line after the opening quotes. Every test checks the report of :func:`generator.build.validate.validate`
— the file, the line, the column and the key words of the message, and that no other error is reported
— and that ``proforientir validate`` exits with 1 and prints the same ``path:line:column: ошибка: …`` line.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from generator.build.validate import Report, validate
from generator.cli import main
from generator.inputs.problems import Problem

from .conftest import ROOT, DataDir, copy_fixture


@dataclass(frozen=True)
class Expected:
    file: str  # relative to the data directory
    line: int
    column: int | None  # None: any column (whole-file problems are reported at 1:1 anyway)
    words: tuple[str, ...]


def expect(file: str, line: int, column: int | None, *words: str) -> Expected:
    return Expected(file, line, column, words)


def same_file(shown: str, relative: str) -> bool:
    shown = Path(shown).as_posix()
    return shown == relative or shown.endswith("/" + relative)


def matches(problem: Problem, expected: Expected) -> bool:
    return (
        same_file(problem.path, expected.file)
        and problem.line == expected.line
        and (expected.column is None or problem.column == expected.column)
    )


def check_errors(root: Path, capsys: pytest.CaptureFixture[str], *expected: Expected) -> Report:
    """Exactly the ``expected`` errors are reported, in this order, by the API and by the command."""
    report = validate(root)
    errors = report.errors
    shown = "\n".join(str(p) for p in report.problems)
    assert len(errors) == len(expected), f"expected {len(expected)} errors, got:\n{shown}"
    for problem, wanted in zip(errors, expected, strict=True):
        assert matches(problem, wanted), f"expected {wanted}, got:\n{shown}"
        for word in wanted.words:
            assert word in problem.message, f"«{word}» not in «{problem.message}»"
        assert re.search("[а-яё]", problem.message, re.IGNORECASE), problem.message

    code = main(["validate", "--data", str(root)])
    out, err = capsys.readouterr()
    assert code == 1, out + err
    printed = err.splitlines()
    for problem, wanted in zip(errors, expected, strict=True):
        assert str(problem) in printed, err
        column = str(wanted.column) if wanted.column is not None else r"\d+"
        pattern = rf"^(.*/)?{re.escape(wanted.file)}:{wanted.line}:{column}: ошибка: .+"
        assert any(re.match(pattern, line) for line in printed), (pattern, err)
    assert "Данные не приняты" in out
    return report


YEAR = "2023/alpha.yaml"


# --- YAML syntax ---------------------------------------------------------------------------------

UNQUOTED_COLON = """\
municipality: alpha
year: 2023
events:
  - date: 2023-06-15
    title: Встреча: мастер-класс
    level: школьный
"""

TAB_INDENT = """\
municipality: alpha
year: 2023
counts:
\tstudents_g9: 10
"""

SYNTAX_CASES = [
    # the second «: » on line 5 is at column 19
    pytest.param(UNQUOTED_COLON, 5, 19, ("двоеточ", "кавычк"), id="unquoted-colon"),
    pytest.param(TAB_INDENT, 4, 1, ("табуляц",), id="tab-indentation"),
]


@pytest.mark.parametrize(("text", "line", "column", "explanation"), SYNTAX_CASES)
def test_yaml_syntax_error(
    datadir: DataDir, capsys: pytest.CaptureFixture[str], text: str, line: int, column: int, explanation: tuple
) -> None:
    datadir.write(YEAR, text)
    check_errors(datadir.root, capsys, expect(YEAR, line, column, "ошибка синтаксиса YAML"))


@pytest.mark.parametrize(("text", "line", "column", "explanation"), SYNTAX_CASES)
def test_yaml_syntax_error_is_explained_in_russian(
    datadir: DataDir, capsys: pytest.CaptureFixture[str], text: str, line: int, column: int, explanation: tuple
) -> None:
    datadir.write(YEAR, text)
    check_errors(datadir.root, capsys, expect(YEAR, line, column, "ошибка синтаксиса YAML", *explanation))


def test_control_character_is_reported_at_its_line(datadir: DataDir, capsys: pytest.CaptureFixture[str]) -> None:
    # a BEL character pasted into a title: line 5, column 19; the file is still read (the character as «�»),
    # so that its other errors — here the event's missing level — come in the same run
    datadir.write(
        YEAR, "municipality: alpha\nyear: 2023\nevents:\n  - date: 2023-06-15\n    title: Встреча\x07с мастерами\n"
    )
    check_errors(
        datadir.root,
        capsys,
        expect(YEAR, 4, 5, "отсутствует обязательный ключ «level»"),
        expect(YEAR, 5, 19, "недопустимый управляющий символ U+0007"),
    )


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "municipality: alpha\nyear: 2023\ncounts:\n  students_g9: |\n    двенадцать\n    человек\n", id="value"
        ),
        pytest.param("municipality: alpha\nyear: 2023\ngoals:\n  - Встреча\x07с мастерами\n", id="control-character"),
    ],
)
def test_every_problem_is_printed_on_one_line(datadir: DataDir, capsys: pytest.CaptureFixture[str], text: str) -> None:
    datadir.write(YEAR, text)
    assert main(["validate", "--data", str(datadir.root)]) == 1
    err = capsys.readouterr().err
    assert err.strip()
    for line in err.splitlines():
        assert re.match(r"^.+:\d+:\d+: (ошибка|предупреждение): \S", line), err


def test_file_that_is_not_in_utf8_is_reported_where_it_stops_being_utf8(
    datadir: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    path = datadir.root / YEAR
    path.parent.mkdir(parents=True)
    path.write_bytes("municipality: alpha\nyear: 2023\ngoals: [Встреча]\n".encode("cp1251"))
    check_errors(datadir.root, capsys, expect(YEAR, 3, 9, "UTF-8"))


def test_byte_order_mark_and_windows_line_ends_do_not_move_positions(
    datadir: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    datadir.write(YEAR, "\ufeffmunicipality: alpha\r\nyear: 2023\r\ncounts:\r\n  students_g9: -1\r\n")
    check_errors(datadir.root, capsys, expect(YEAR, 4, 16, "students_g9", "≥ 0", "-1"))


# --- keys ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            """\
municipality: alpha
year: 2023
evnts:
  - date: 2023-06-15
    title: Ярмарка профессий
    level: муниципальный
""",
            expect(YEAR, 3, 1, "неизвестный ключ «evnts»", "возможно, имелось в виду «events»"),
            id="top-level-key",
        ),
        pytest.param(
            """\
municipality: alpha
year: 2023
counts:
  students_g55: 10
""",
            expect(YEAR, 4, 3, "неизвестный счётчик «students_g55»", "возможно, имелось в виду «students_g5»"),
            id="count-name",
        ),
    ],
)
def test_unknown_key_suggests_the_closest_name(
    datadir: DataDir, capsys: pytest.CaptureFixture[str], text: str, expected: Expected
) -> None:
    datadir.write(YEAR, text)
    check_errors(datadir.root, capsys, expected)


@pytest.mark.parametrize(
    ("file", "text", "expected"),
    [
        pytest.param(
            YEAR,
            """\
municipality: alpha
year: 2023
events:
  - date: 2023-06-15
    level: школьный
""",
            expect(YEAR, 4, 5, "отсутствует обязательный ключ «title»"),
            id="event-without-title",
        ),
        pytest.param(
            "region.yaml",
            """\
region:
  name: Тестовая область
municipalities:
  - slug: alpha
    name: Альфинский городской округ
  - slug: beta
    name: Бетинский муниципальный район
    type: муниципальный район
""",
            expect("region.yaml", 4, 5, "отсутствует обязательный ключ «type»"),
            id="municipality-without-type",
        ),
    ],
)
def test_missing_required_key(
    datadir: DataDir, capsys: pytest.CaptureFixture[str], file: str, text: str, expected: Expected
) -> None:
    datadir.write(file, text)
    check_errors(datadir.root, capsys, expected)


# --- values --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "municipality: alpha\nyear: 2023\ncounts:\n  students_g9: двенадцать\n",
            expect(YEAR, 4, 16, "ожидается целое число", "«двенадцать»"),
            id="text-for-a-count",
        ),
        pytest.param(
            "municipality: alpha\nyear: 2023\ncounts:\n  - students_g9: 10\n  - grads9: 9\n",
            expect(YEAR, 4, 3, "ожидается набор «ключ: значение»"),
            id="list-for-a-mapping",
        ),
    ],
)
def test_wrong_type(datadir: DataDir, capsys: pytest.CaptureFixture[str], text: str, expected: Expected) -> None:
    datadir.write(YEAR, text)
    check_errors(datadir.root, capsys, expected)


def test_measure_number_written_as_a_number_asks_for_quotes(
    datadir: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    datadir.write(
        YEAR,
        "municipality: alpha\nyear: 2023\nmeasures:\n"
        + MEASURE.replace('"{number}"', "1.10"),  # YAML reads 1.10 as the number 1.1
    )
    check_errors(datadir.root, capsys, expect(YEAR, 4, 13, "«1.10»", "кавычк"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "municipality: alpha\nyear: 2023\nevents:\n  - date: 2023-06-15\n    title: "
            + "Ж" * 501
            + "\n    level: школьный\n",
            expect(YEAR, 5, 12, "слишком длинн", "500"),
            id="title-over-500-characters",
        ),
        pytest.param(
            "municipality: alpha\nyear: 2023\nanalysis: " + "Ж" * 20_001 + "\n",
            expect(YEAR, 3, 11, "слишком длинн", "20000"),
            id="analysis-over-20000-characters",
        ),
        pytest.param(
            "municipality: alpha\nyear: 2023\n2023:\n  students_g9: 5\n",
            expect(YEAR, 3, 1, "ключ", "2023"),
            id="number-as-a-key",
        ),
        pytest.param(
            "municipality: alpha\nyear: 2023\ncounts:\n  Students_G9: 5\n",
            expect(YEAR, 4, 3, "недопустимый ключ «Students_G9»", "строчных латинских букв"),
            id="count-name-that-is-not-an-identifier",
        ),
        pytest.param(
            "municipality: alpha\nyear: 2023\ncounts:\n  students_g9: ''\n",
            expect(YEAR, 4, 16, "students_g9", "ожидается целое число", "пустая строка"),
            id="empty-string-for-a-count",
        ),
    ],
)
def test_pydantic_messages_are_translated(
    datadir: DataDir, capsys: pytest.CaptureFixture[str], text: str, expected: Expected
) -> None:
    datadir.write(YEAR, text)
    check_errors(datadir.root, capsys, expected)


def test_negative_count(datadir: DataDir, capsys: pytest.CaptureFixture[str]) -> None:
    datadir.write(
        YEAR,
        """\
municipality: alpha
year: 2023
counts:
  students_g9: 120
  grads9: -3
""",
    )
    check_errors(datadir.root, capsys, expect(YEAR, 5, 11, "≥ 0", "-3"))


def test_non_integer_count(datadir: DataDir, capsys: pytest.CaptureFixture[str]) -> None:
    datadir.write(
        YEAR,
        """\
municipality: alpha
year: 2023
counts:
  students_g9: 12.5
  grads9: "12,5"
""",
    )
    check_errors(
        datadir.root,
        capsys,
        expect(YEAR, 4, 16, "целое число", "«12.5»"),
        expect(YEAR, 5, 11, "целое число", "«12,5»"),
    )


def test_count_greater_than_its_population(datadir: DataDir, capsys: pytest.CaptureFixture[str]) -> None:
    datadir.write(
        YEAR,
        """\
municipality: alpha
year: 2023
counts:
  students_g9: 100
  grads9: 120
  grads9_to_poo: 130
""",
    )
    check_errors(
        datadir.root,
        capsys,
        expect(YEAR, 5, 11, "grads9 = 120", "students_g9 = 100", "больше"),
        expect(YEAR, 6, 18, "grads9_to_poo = 130", "grads9 = 120", "больше"),
    )


# --- files and folders ---------------------------------------------------------------------------


def test_file_of_a_municipality_missing_from_the_registry(datadir: DataDir, capsys: pytest.CaptureFixture[str]) -> None:
    datadir.write("2023/alpah.yaml", "municipality: alpah\nyear: 2023\ncounts:\n  students_g9: 10\n")
    check_errors(
        datadir.root,
        capsys,
        expect("2023/alpah.yaml", 1, 1, "«alpah»", "нет в реестре region.yaml", "возможно, имелось в виду «alpha»"),
    )


def test_year_folder_that_is_not_a_year(datadir: DataDir, capsys: pytest.CaptureFixture[str]) -> None:
    datadir.write("2023-24/alpha.yaml", "municipality: alpha\nyear: 2024\n")
    check_errors(datadir.root, capsys, expect("2023-24", 1, 1, "«2023-24»", "не является годом", "«2023»"))


def test_municipality_and_year_that_do_not_match_the_file(datadir: DataDir, capsys: pytest.CaptureFixture[str]) -> None:
    datadir.write(YEAR, "municipality: beta\nyear: 2022\n")
    check_errors(
        datadir.root,
        capsys,
        expect(YEAR, 1, 15, "municipality «beta»", "не совпадает", "«alpha»"),
        expect(YEAR, 2, 7, "year 2022", "не совпадает", "«2023»"),
    )


# --- references to the catalogue -----------------------------------------------------------------


def test_target_and_printed_value_of_an_unknown_indicator(datadir: DataDir, capsys: pytest.CaptureFixture[str]) -> None:
    datadir.write(
        YEAR,
        """\
municipality: alpha
year: 2023
targets:
  grads9_poo_shar: 70
printed:
  grads9_po_share: 67
""",
    )
    check_errors(
        datadir.root,
        capsys,
        expect(YEAR, 4, 3, "целевое значение", "«grads9_poo_shar»", "возможно, имелось в виду «grads9_poo_share»"),
        expect(YEAR, 6, 3, "напечатанное значение", "«grads9_po_share»", "возможно, имелось в виду «grads9_poo_share»"),
    )


def test_a_reported_target_is_checked_like_a_numeric_one_and_a_wrong_shape_names_both_forms(
    datadir: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    datadir.write(
        YEAR,
        """\
municipality: alpha
year: 2023
targets:
  grads9_poo_shar: {reached: false}
  grads11_vo_share: не достигнуто
  bilet_share_6_9: {reached: false, value: 60}
  proektoria_share: {source: Приказ № 327}
  grads9_poo_share: {reached: нет}
  staff_trained_share: {reached: true, source: Приказ № 327, note: Без планового значения}
""",
    )
    check_errors(
        datadir.root,
        capsys,
        expect(YEAR, 4, 3, "целевое значение", "«grads9_poo_shar»", "возможно, имелось в виду «grads9_poo_share»"),
        expect(YEAR, 5, 21, "grads11_vo_share", "плановое значение числом", "{reached: false}", "«не достигнуто»"),
        expect(YEAR, 6, 37, "bilet_share_6_9", "нет ключа «value»", "запишите его числом"),
        expect(YEAR, 7, 21, "proektoria_share", "добавьте reached: true или reached: false"),
        expect(YEAR, 8, 31, "ожидается true или false", "«нет»"),
    )


def test_indicator_entered_as_a_count(datadir: DataDir, capsys: pytest.CaptureFixture[str]) -> None:
    # A total (a band such as students_1_11) may be entered as the source gives it: tests/test_populations.py
    datadir.write(YEAR, "municipality: alpha\nyear: 2023\ncounts:\n  grads9_poo_share: 67\n")
    check_errors(datadir.root, capsys, expect(YEAR, 4, 3, "«grads9_poo_share» — показатель", "grads9_to_poo", "grads9"))


# --- duplicates ----------------------------------------------------------------------------------

MEASURE = """\
  - number: "{number}"
    title: Провести ярмарку профессий
    deadline: 2023-04-30
    responsible: специалист управления образования
    expected_result: ярмарка проведена
    status: выполнено
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "municipality: alpha\nyear: 2023\ncounts:\n  students_g9: 10\n  students_g9: 11\n",
            expect(YEAR, 5, 3, "ключ «students_g9» повторяется", "в строке 4"),
            id="yaml-key",
        ),
        pytest.param(
            """\
municipality: alpha
year: 2023
schools:
  - school: alpha-1
    counts: {students_g9: 50}
  - school: alpha-1
    counts: {students_g9: 52}
""",
            expect(YEAR, 6, 13, "школа «alpha-1»", "дважды"),
            id="school",
        ),
        pytest.param(
            "municipality: alpha\nyear: 2023\nmeasures:\n"
            + MEASURE.format(number="1.1")
            + MEASURE.format(number="1.1."),  # the trailing dot of the plan's numbering is the same number
            expect(YEAR, 10, 5, "номер мероприятия повторяется", "элемент 1"),
            id="measure-number",
        ),
        pytest.param(
            """\
municipality: alpha
year: 2023
events:
  - date: 2023-06-15
    title: Ярмарка профессий
    level: муниципальный
  - date: 2023-06-15
    title: Ярмарка профессий
    level: муниципальный
""",
            expect(YEAR, 7, 5, "мероприятие с той же датой и названием повторяется", "элемент 1"),
            id="event",
        ),
    ],
)
def test_duplicate_entries(datadir: DataDir, capsys: pytest.CaptureFixture[str], text: str, expected: Expected) -> None:
    datadir.write(YEAR, text)
    check_errors(datadir.root, capsys, expected)


# --- dates and links -----------------------------------------------------------------------------


def test_date_that_is_not_a_date(datadir: DataDir, capsys: pytest.CaptureFixture[str]) -> None:
    datadir.write(
        YEAR,
        """\
municipality: alpha
year: 2023
events:
  - date: 15.06.2023
    title: Встреча с мастерами
    level: школьный
  - date: 2023-02-30
    title: Ярмарка профессий
    level: школьный
""",
    )
    check_errors(
        datadir.root,
        capsys,
        expect(YEAR, 4, 11, "ГГГГ-ММ-ДД", "«15.06.2023»"),
        expect(YEAR, 7, 11, "такой даты нет в календаре", "«2023-02-30»"),
    )


def test_link_that_is_not_http(datadir: DataDir, capsys: pytest.CaptureFixture[str]) -> None:
    datadir.write(
        YEAR,
        """\
municipality: alpha
year: 2023
decisions:
  - number: 101-п
    date: 2023-03-01
    title: Об организации профориентационной работы
    link: ftp://uo.example.ru/prikaz-101.pdf
  - number: 102-п
    date: 2023-03-02
    title: О проведении ярмарки профессий
    link: javascript:alert(1)
  - number: 103-п
    date: 2023-03-03
    title: Об итогах мониторинга
    link: www.uo.example.ru/prikaz-103
""",
    )
    check_errors(
        datadir.root,
        capsys,
        expect(YEAR, 7, 11, "http:// или https://", "«ftp://uo.example.ru/prikaz-101.pdf»"),
        expect(YEAR, 11, 11, "http:// или https://", "«javascript:alert(1)»"),
        expect(YEAR, 15, 11, "http:// или https://", "«www.uo.example.ru/prikaz-103»"),
    )


# --- school counts and municipal totals ----------------------------------------------------------


def test_school_counts_that_do_not_sum_to_the_municipal_total(
    datadir: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    datadir.write(
        YEAR,
        """\
municipality: alpha
year: 2023
counts:
  students_g9: 50
schools:
  - school: alpha-1
    counts: {students_g9: 20}
  - school: alpha-2
    counts: {students_g9: 25}
""",
    )
    check_errors(datadir.root, capsys, expect(YEAR, 4, 16, "students_g9 = 50", "сумма по школам = 45"))


def test_part_summed_over_schools_cannot_exceed_the_municipal_whole(
    datadir: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    """The municipality gives the whole, the schools give the part: the check runs on the merged counts."""
    datadir.write(
        YEAR,
        """\
municipality: alpha
year: 2023
counts:
  students_g9: 50
schools:
  - school: alpha-1
    counts: {grads9: 30}
  - school: alpha-2
    counts: {grads9: 30}
""",
    )
    check_errors(datadir.root, capsys, expect(YEAR, 6, None, "grads9 = 60", "students_g9 = 50", "не может превышать"))


def test_count_missing_from_one_school_is_reported_not_dropped(
    datadir: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    """Summing the schools that have it would publish a municipal total that leaves a school out."""
    datadir.write(
        YEAR,
        """\
municipality: alpha
year: 2023
schools:
  - school: alpha-1
    counts: {students_g9: 20, grads9: 18}
  - school: alpha-2
    counts: {students_g9: 25}
""",
    )
    check_errors(datadir.root, capsys, expect(YEAR, 7, None, "«grads9»", "не у всех школ", "«alpha-2»"))


# --- all errors at once --------------------------------------------------------------------------

SEVERAL = "malformed/several-files"


def test_all_errors_of_all_files_in_one_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Errors in four files — syntax, shape and cross-references — all reported, sorted by file and line."""
    root = copy_fixture(SEVERAL, tmp_path / "data")
    report = check_errors(
        root,
        capsys,
        expect("2022/alpha.yaml", 10, 29, "ошибка синтаксиса YAML"),
        expect("2023/alpha.yaml", 6, 11, "≥ 0", "-208"),
        expect("2023/alpha.yaml", 12, 11, "ГГГГ-ММ-ДД", "«15.06.2023»"),
        expect("2023/beta.yaml", 7, 18, "grads9_to_poo = 97", "grads9 = 94"),
        expect("2023/beta.yaml", 8, 3, "«grads9_to_spo»", "возможно, имелось в виду «grads9_to_poo»"),
        expect("region.yaml", 12, 13, "«alpha-1»", "повторяется"),
    )
    assert report.problems == sorted(report.problems, key=lambda p: (p.path, p.line, p.column))
    # the command prints them in the same order
    main(["validate", "--data", str(root)])
    err = capsys.readouterr().err
    assert [line for line in err.splitlines() if ": ошибка: " in line] == [str(p) for p in report.errors]


def test_error_in_the_registry_does_not_hide_errors_of_yearly_files(
    datadir: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    datadir.write(
        "region.yaml",
        """\
region:
  name: Тестовая область
municipalities:
  - slug: alpha
    name: Альфинский городской округ
""",
    )
    datadir.write(YEAR, "municipality: alpha\nyear: 2023\ncounts:\n  students_g9: 100\n  grads9: 120\n")
    check_errors(
        datadir.root,
        capsys,
        expect(YEAR, 5, 11, "grads9 = 120", "students_g9 = 100"),
        expect("region.yaml", 4, 5, "отсутствует обязательный ключ «type»"),
    )


def test_type_error_does_not_hide_an_unknown_count_of_the_same_file(
    datadir: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    datadir.write(YEAR, "municipality: alpha\nyear: 2023\ncounts:\n  students_g55: 10\n  grads9: много\n")
    check_errors(
        datadir.root,
        capsys,
        expect(YEAR, 4, 3, "неизвестный счётчик «students_g55»"),
        expect(YEAR, 5, 11, "ожидается целое число", "«много»"),
    )


@pytest.mark.parametrize(("written", "misread"), [("017", 15), ("1:20", 80)])
def test_numbers_in_yaml_1_1_notations_are_not_silently_misread(datadir: DataDir, written: str, misread: int) -> None:
    datadir.write(YEAR, f"municipality: alpha\nyear: 2023\ncounts:\n  students_g9: {written}\n")
    report = validate(datadir.root)
    if report.dataset is not None:
        value = report.dataset.entries[(2023, "alpha")].counts["students_g9"]
        assert value != misread, f"«{written}» read as {value}"
    else:
        assert [(p.line, p.column) for p in report.errors] == [(4, 16)]


# --- warnings and the data directory -------------------------------------------------------------

WITH_WARNING = """\
municipality: alpha
year: 2023
counts:
  students_g9: 100
  grads9: 100
  grads9_to_poo: 60
printed:
  grads9_poo_share: 70
"""


def test_warnings_do_not_fail_validation_unless_strict(datadir: DataDir, capsys: pytest.CaptureFixture[str]) -> None:
    datadir.write(YEAR, WITH_WARNING)
    datadir.year(2023, "beta", {"students_g9": 30})  # every municipality of the registry: not a draft
    report = validate(datadir.root)
    assert report.errors == []
    [warning] = report.warnings
    assert same_file(warning.path, YEAR) and (warning.line, warning.column) == (8, 21)
    assert "напечатано 70" in warning.message and "60 из 100" in warning.message

    assert main(["validate", "--data", str(datadir.root)]) == 0
    out, err = capsys.readouterr()
    assert str(warning) in err.splitlines()
    assert ": предупреждение: " in str(warning)
    assert out.startswith("OK: ") and "предупреждений: 1" in out

    assert main(["validate", "--data", str(datadir.root), "--strict"]) == 1
    out, err = capsys.readouterr()
    assert str(warning) in err.splitlines()
    assert "--strict" in err


def snapshot(root: Path) -> dict[str, tuple[bytes | None, int]]:
    """Every file's and folder's bytes (None for folders) and modification time, under ``root``."""
    state: dict[str, tuple[bytes | None, int]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            content = path.read_bytes() if path.is_file() else None
            state[path.relative_to(root).as_posix()] = (content, path.stat().st_mtime_ns)
    return state


@pytest.mark.parametrize("valid", [True, False], ids=["valid", "with-errors"])
def test_validation_never_writes_into_the_data_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], valid: bool
) -> None:
    root = copy_fixture(SEVERAL, tmp_path / "data")
    if valid:
        (root / "2022" / "alpha.yaml").unlink()
        (root / "2023" / "beta.yaml").unlink()
        (root / "region.yaml").unlink()
        DataDir(root).write(YEAR, WITH_WARNING)  # also writes the registry of conftest
    before = snapshot(root)
    root_mtime = root.stat().st_mtime_ns
    assert main(["validate", "--data", str(root)]) == (0 if valid else 1)
    assert main(["validate", "--data", str(root), "--strict"]) == 1
    capsys.readouterr()
    assert snapshot(root) == before
    assert root.stat().st_mtime_ns == root_mtime


def test_a_table_copied_into_another_indicator_over_the_years_is_a_located_warning(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(ROOT / "data", root)
    for path in sorted(root.glob("20*/berezovskiy-mo.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        doc["counts"]["proektoria_participants"] = doc["counts"]["professionals_masterclass"]
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    report = validate(root)
    copied = [p for p in report.warnings if "одинаковые ряды числителей" in p.message]
    assert len(copied) == 1 and copied[0].path.endswith("2026/berezovskiy-mo.yaml") and copied[0].line > 1
    assert "proektoria_share и professionals_masterclass_share" in copied[0].message
    assert not any("одинаковые ряды" in p.message for p in validate(ROOT / "data").warnings)


def test_a_count_that_falls_to_zero_after_years_of_large_values_is_a_warning_with_its_history(
    datadir: DataDir,
) -> None:
    for year, count in ((2022, 40), (2023, 12), (2024, 0), (2025, 0)):
        datadir.year(year, "alpha", {"students_g9": 100, "grads9": 100, "grads9_to_poo": count})
        datadir.year(year, "beta", {"students_g9": 30, "grads9": 30, "grads9_to_poo": (5, 3, 0, 2)[year - 2022]})
    report = validate(datadir.root)
    zeros = [p for p in report.warnings if "= 0, хотя" in p.message]
    assert len(zeros) == 1, "beta's zero follows a 3: below the catalogue's 10; alpha's second zero follows a zero"
    assert same_file(zeros[0].path, "2024/alpha.yaml")
    assert zeros[0].message.startswith("grads9_to_poo = 0, хотя в прежние годы было 40, 12:")
