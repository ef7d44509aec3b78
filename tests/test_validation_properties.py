"""Property tests: whatever an official does to a data file, validation answers with a list of problems.

A small valid data directory (the real catalogue, a registry, three complete yearly files) is mutated at
random — as text (lines deleted, duplicated, swapped, re-indented; random characters inserted, among them
``:``, ``-``, brackets, quotes, tabs, Cyrillic, control characters and NUL; values replaced; the file cut
short) and as data (any node replaced by a value of another type, removed, or its key renamed). For every
mutation, :func:`generator.build.validate.validate` returns without raising; every problem names a file or
folder inside the data directory, a line that exists in that file (editors count lines by CR, LF and
CRLF), a column within the line, and a non-empty Russian message; and ``proforientir validate`` exits
with 0 or 1, printing each problem.

The inputs that once crashed the generator or misplaced a problem — counts of 2**63 and more, non-finite or
over-precise printed values, recursive YAML aliases, the YAML 1.1 line breaks U+0085, U+2028, U+2029, an
error at the end of a file without a final line break — are among the random ones, and each is pinned by a
test of its own at the end of this file.

The examples share one directory (each puts its file back) and parse the unchanged catalogue once, so that
the module runs in about 15 seconds.
"""

from __future__ import annotations

import io
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from datetime import date
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import cli
from generator.build.validate import Report, validate
from generator.inputs import load
from generator.inputs.catalogue_file import load_catalogue
from generator.inputs.problems import Problem

from .conftest import CATALOGUE

REGION = """\
# Реестр территорий тестовой области
region:
  name: Тестовая область
  demo: true
  authority: Министерство образования Тестовой области
municipalities:
  - slug: alpha
    name: Альфинский городской округ
    type: городской округ
    oktmo: "32701000"
    schools:
      - id: alpha-1
        name: МБОУ «СОШ № 1»
      - {id: alpha-2, name: "МБОУ «Школа-интернат № 2»", ovz: true}
  - slug: beta
    name: Бетинский муниципальный район
    type: муниципальный район
"""

ALPHA_2022 = """\
# yaml-language-server: $schema=../../schemas/municipality-year.schema.json
# 2021/22 учебный год
municipality: alpha
year: 2022
counts:
  students_g1: 410
  students_g2: 405
  students_g3: 398
  students_g4: 391
  students_g5: 380
  students_g6: 372
  students_g7: 360
  students_g8: 344
  students_g9: 310
  students_g10: 160
  students_g11: 152
  grads9: 300
  grads9_to_poo: 180      # табл. 1
  grads11: 150
  grads11_to_poo: 30
  grads11_to_vo: 100
  schools_total: 2
  schools_cabinet: 1
events:
  - date: 2022-04-14
    title: "Ярмарка профессий: колледжи района"
    level: муниципальный
    link: https://uo.example.ru/news/2022/yarmarka
  - {date: 2022-05-20, title: Встреча с мастерами своего дела, level: школьный}
measures:
  - number: "1.1"
    title: Провести ярмарку профессий для выпускников 9 классов
    deadline: 2022-04-30
    deadline_text: апрель 2022 года
    responsible: специалист управления образования
    expected_result: ярмарка проведена, участвуют все колледжи района
    status: выполнено
    indicators: [grads9_poo_share]
decisions:
  - kind: приказ
    number: 101-п
    date: 2022-02-01
    title: Об организации профориентационной работы в 2022 году
    link: https://uo.example.ru/docs/101
    indicators:
      - grads9_poo_share
targets:
  grads9_poo_share: 60
goals:
  - Увеличить долю выпускников 9 классов, поступивших в колледжи района
analysis: |
  Доля выпускников 9 классов, поступивших в профессиональные образовательные
  организации, достигла целевого значения.
printed:
  grads9_poo_share: 60
"""

ALPHA_2023 = """\
# 2022/23 учебный год: данные по школам, муниципальные итоги — их суммы
municipality: alpha
year: 2023
counts:
  students_g1: 402
  students_g2: 410
  students_g3: 404
  students_g4: 396
  students_g5: 390
  students_g6: 378
  students_g7: 369
  students_g8: 355
  students_g9: 320
  students_g10: 158
  students_g11: 155
  grads11: 151
  grads11_to_poo: 33
  grads11_to_vo: 98
schools:
  - school: alpha-1
    counts:
      grads9: 250
      grads9_to_poo: 140
  - school: alpha-2
    counts: {grads9: 58, grads9_to_poo: 50}
events:
  - date: 2023-04-13
    title: Ярмарка профессий
    level: муниципальный
  - date: 2022-10-02
    title: 'Региональный чемпионат «Профессионалы»'
    level: региональный
    link: http://example.ru/professionaly
measures:
  - number: "1.1."
    title: Провести ярмарку профессий
    deadline: 2023-04-30
    responsible: специалист управления образования
    expected_result: ярмарка проведена
    status: выполнено
  - number: "1.2"
    title: Организовать профессиональные пробы для обучающихся 9 классов
    deadline: 2023-12-25
    responsible: руководители общеобразовательных организаций
    expected_result: пробы прошли не менее половины девятиклассников
    status: в работе
    indicators: [prof_trials_share_g9]
decisions:
  - number: "45"
    kind: распоряжение
    date: 2023-01-20
    title: О проведении мониторинга
targets:
  grads9_poo_share: 62.5
  grads11_vo_share: 65
section_analysis:
  admissions: >-
    Выпускники 9 классов чаще выбирают колледжи своего района.
printed:
  grads9_poo_share: 61.7
  grads11_vo_share: 64.9
"""

BETA_2023 = """\
municipality: beta
year: 2023
counts: {students_g9: 96, grads9: 94, grads9_to_poo: 61, students_g10: 40, students_g11: 38}
goals: []
"""

FILES = {
    "region.yaml": REGION,
    "2022/alpha.yaml": ALPHA_2022,
    # every municipality of the registry in every year: an edition without one is a draft, and warned about
    "2022/beta.yaml": BETA_2023.replace("year: 2023", "year: 2022"),
    "2023/alpha.yaml": ALPHA_2023,
    "2023/beta.yaml": BETA_2023,
}
# The catalogue is mutated too, less often: a valid catalogue means a full computation, the slowest run.
MUTABLE = [*FILES, *FILES, "indicators.yaml"]

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
LINE_BREAK = re.compile(r"\r\n|\r|\n")


def build(root: Path) -> Path:
    root.mkdir(parents=True)
    shutil.copy(CATALOGUE, root / "indicators.yaml")
    for relative, text in FILES.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One directory per module; every example changes one file and puts it back."""
    return build(tmp_path_factory.mktemp("properties") / "data")


@contextmanager
def replaced(path: Path, content: bytes) -> Iterator[None]:
    original = path.read_bytes()
    path.write_bytes(content)
    try:
        yield
    finally:
        path.write_bytes(original)


# --- the properties --------------------------------------------------------------------------------


def locate(root: Path, shown: str) -> Path:
    """The file or folder a problem names: inside the data directory, and existing."""
    base = root.resolve()
    candidates = [Path(shown)] if Path(shown).is_absolute() else [Path.cwd() / shown, root / shown]
    for candidate in candidates:
        resolved = candidate.resolve()
        if resolved.exists() and resolved.is_relative_to(base):
            return resolved
    raise AssertionError(f"the problem names «{shown}», which is not inside {root}")


def check_problems(root: Path, report: Report) -> None:
    for problem in report.problems:
        where = locate(root, problem.path)
        assert problem.message.strip(), problem
        assert CYRILLIC.search(problem.message), problem
        assert problem.line >= 1 and problem.column >= 1, problem
        if where.is_dir():
            assert (problem.line, problem.column) == (1, 1), problem
            continue
        lines = LINE_BREAK.split(where.read_bytes().decode("utf-8", errors="replace"))
        assert problem.line <= len(lines), (problem, len(lines))
        assert problem.column <= len(lines[problem.line - 1]) + 1, (problem, lines[problem.line - 1])
    assert report.problems == sorted(report.problems)


_CATALOGUES: dict[tuple[Path, bytes], tuple[Any, list[Problem]]] = {}


def load_catalogue_once(path: Path, problems: list[Problem]) -> Any:
    """:func:`generator.inputs.load.load_catalogue`, remembered for an unchanged file.

    Parsing the 1 200-line catalogue is most of the time of a run; the catalogue is read only, so the
    result for the same bytes is the same. A mutated catalogue is always parsed afresh.
    """
    key = (path, path.read_bytes() if path.is_file() else b"")
    if key not in _CATALOGUES:
        found: list[Problem] = []
        _CATALOGUES[key] = (load_catalogue(path, found), found)
    result, found = _CATALOGUES[key]
    problems.extend(found)
    return result


def validate_both_ways(root: Path) -> None:
    """``validate`` returns problems that obey the properties; the command agrees with it and prints them.

    The command calls ``validate`` itself; a spy keeps its report, so that each example runs once.
    """
    reports: list[Report] = []

    def spy(data: Path) -> Report:
        reports.append(validate(data))
        return reports[-1]

    out, err = io.StringIO(), io.StringIO()
    with (
        mock.patch.object(load, "load_catalogue", load_catalogue_once),
        mock.patch.object(cli, "validate", spy),
        redirect_stdout(out),
        redirect_stderr(err),
    ):
        code = cli.main(["validate", "--data", str(root)])
    [report] = reports
    check_problems(root, report)
    assert code in (0, 1)
    assert code == (1 if report.errors else 0), err.getvalue()
    printed = err.getvalue().splitlines()
    for problem in report.problems:
        assert "\n" not in problem.message and "\r" not in problem.message, problem
        assert str(problem) in printed


def test_the_base_directory_is_valid(root: Path) -> None:
    report = validate(root)
    assert report.problems == []
    assert report.dataset is not None and sorted(report.dataset.entries) == [
        (2022, "alpha"),
        (2022, "beta"),
        (2023, "alpha"),
        (2023, "beta"),
    ]
    assert report.dataset.entries[(2023, "alpha")].counts["grads9"] == 308  # summed over the schools


# --- mutations of the text -----------------------------------------------------------------------

SYNTAX = ":-{}[],'\"\t #*&!|>%@`?~=\\/"
CONTROL = "".join(chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), 127])
ALPHABET = st.one_of(
    st.sampled_from(SYNTAX),
    st.sampled_from(CONTROL),
    st.sampled_from("\n\r"),
    st.sampled_from("\x85\u2028\u2029\ufeff\ufffe"),
    st.characters(blacklist_categories=("Cs",)),
    st.sampled_from("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАЯЁ«»№—–…"),
)
JUNK = st.text(ALPHABET, min_size=1, max_size=12)

# Very long texts, past the limits of a short text (500) and of a text (20 000).
LONG = st.builds(str.__mul__, st.sampled_from(["а", "Ж ", "x"]), st.sampled_from([501, 5_000, 20_001]))

# Replacement values, among them huge, non-finite and over-precise numbers.
NUMBERS = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.integers(min_value=2**62, max_value=10**40).map(str),
    st.decimals(min_value=-(10**6), max_value=10**6, places=3, allow_nan=False).map(str),
    st.decimals(min_value=0, max_value=100, places=35, allow_nan=False).map(str),
    st.sampled_from(
        ["12,5", "1e3", "1.0e+300", "0x1F", "017", "1:20", "1_000", ".nan", ".inf", "-.inf", "-0", "+7", "0.0"]
    ),
)
WORDS = st.one_of(
    JUNK,
    LONG,
    st.sampled_from(
        [
            "",
            "~",
            "null",
            "true",
            "yes",
            "Нет",
            "2023-02-30",
            "15.06.2023",
            "ftp://x.ru",
            "javascript:alert(1)",
            "[]",
            "{}",
            "[1, 2",
            "{a: 1}",
            "'unterminated",
            '"\\q"',
            "*nowhere",
            "&a 5",
            "&g [*g]",
            "&m {a: *m}",
            "{<<: *a}",
            "!!binary aGVsbG8=",
            "!!python/object:os.system x",
            "|",
            ">-",
            "- a",
            "students_g9",
            "alpha",
            "школьный",
        ]
    ),
)
VALUES = st.one_of(NUMBERS, WORDS)

VALUE_RE = re.compile(r"^(\s*(?:- )?[^:#\n]+:[ \t]*)(\S.*)?$|^(\s*- )(.*)$")


@st.composite
def text_mutation(draw: st.DrawFn, content: bytes) -> bytes:
    """One to three random edits of a file's text; the last may cut it at any byte."""
    text = content.decode("utf-8")
    for _ in range(draw(st.integers(1, 3))):
        lines = text.split("\n")
        index = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "insert", "swap", "indent", "value", "value", "value"]))
        if kind == "delete" and len(lines) > 1:
            del lines[index]
        elif kind == "duplicate":
            lines.insert(index, lines[index])
        elif kind == "insert":
            line = lines[index]
            at = draw(st.integers(0, len(line)))
            lines[index] = line[:at] + draw(JUNK) + line[at:]
        elif kind == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif kind == "indent":
            stripped = lines[index].lstrip(" ")
            lines[index] = draw(st.sampled_from(["", " ", "  ", "   ", "    ", "\t", "  \t", " " * 40])) + stripped
        else:  # a value: any line of the form «key: value» or «- item»
            candidates = [i for i, line in enumerate(lines) if VALUE_RE.match(line)]
            if candidates:
                index = draw(st.sampled_from(candidates))
                match = VALUE_RE.match(lines[index])
                assert match is not None
                head = match.group(1) if match.group(1) is not None else match.group(3)
                lines[index] = head + ("" if head[-1:].isspace() else " ") + draw(VALUES)
        text = "\n".join(lines)
    data = text.encode("utf-8")
    if draw(st.integers(0, 9)) == 0:  # truncated, possibly inside a multi-byte character
        data = data[: draw(st.integers(0, len(data)))]
    if draw(st.booleans()):  # the final line break is often missing in files saved by hand
        data = data.rstrip(b"\n")
    return data


@st.composite
def mutated_file(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(MUTABLE))
    original = CATALOGUE.read_bytes() if name == "indicators.yaml" else FILES[name].encode("utf-8")
    return name, draw(text_mutation(original))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutation=mutated_file())
def test_any_text_mutation_gives_located_problems(root: Path, mutation: tuple[str, bytes]) -> None:
    name, content = mutation
    with replaced(root / name, content):
        validate_both_ways(root)


# --- mutations of the data -----------------------------------------------------------------------

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.integers(min_value=2**62, max_value=10**40),
    st.floats(min_value=-1e6, max_value=1e6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.text(ALPHABET, max_size=20),
    LONG,
)
NODES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.one_of(st.text(ALPHABET, max_size=12), st.integers(-5, 5)), children, max_size=3),
    ),
    max_leaves=8,
)


def node_paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from node_paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from node_paths(value, (*path, index))


@st.composite
def data_mutation(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(list(FILES)))
    data = yaml.safe_load(FILES[name])
    for _ in range(draw(st.integers(1, 3))):
        paths = list(node_paths(data))
        path = draw(st.sampled_from(paths))
        new = draw(NODES)
        if not path:
            data = new
            continue
        *parents, last = path
        parent = data
        for part in parents:
            parent = parent[part]
        kind = draw(st.sampled_from(["replace", "replace", "replace", "delete", "rename"]))
        if kind == "delete":
            del parent[last]
        elif kind == "rename" and isinstance(parent, dict):
            parent[draw(st.one_of(st.text(ALPHABET, max_size=12), st.integers(-5, 5)))] = parent.pop(last)
        else:
            parent[last] = new
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=80)  # ends with a line break
    return name, text.encode("utf-8")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutation=data_mutation())
def test_any_data_mutation_gives_located_problems(root: Path, mutation: tuple[str, bytes]) -> None:
    name, content = mutation
    with replaced(root / name, content):
        validate_both_ways(root)


# --- crashes and misplaced lines once found by the properties above --------------------------------


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    return build(tmp_path / "data")


def first_error_at(root: Path, relative: str, line: int, *words: str) -> None:
    report = validate(root)
    check_problems(root, report)
    assert any(
        Path(p.path).as_posix().endswith(relative) and p.line == line and all(w in p.message for w in words)
        for p in report.errors
    ), "\n".join(map(str, report.problems))


@pytest.mark.parametrize("value", [2**63 - 1, 10**30])
def test_huge_count_is_reported(fresh: Path, value: int) -> None:
    path = fresh / "2023/beta.yaml"
    path.write_text(BETA_2023.replace("students_g9: 96", f"students_g9: {value}"), encoding="utf-8")
    first_error_at(fresh, "2023/beta.yaml", 3, str(value))


@pytest.mark.parametrize("printed", [".inf", "1e300", "61.700000000000000000000000000001"])
def test_unusable_printed_value_is_reported(fresh: Path, printed: str) -> None:
    path = fresh / "2023/alpha.yaml"
    path.write_text(ALPHA_2023.replace("grads9_poo_share: 61.7", f"grads9_poo_share: {printed}"), encoding="utf-8")
    first_error_at(fresh, "2023/alpha.yaml", 60, "grads9_poo_share")


def test_recursive_alias_is_reported(fresh: Path) -> None:
    (fresh / "2023/beta.yaml").write_text(BETA_2023.replace("goals: []", "goals: &g [*g]"), encoding="utf-8")
    first_error_at(fresh, "2023/beta.yaml", 4, "goals")


def test_alias_bomb_is_reported_without_expanding_it(fresh: Path) -> None:
    # «billion laughs»: nine lines whose aliases expand to 10**9 goals
    lines = ["l0: &l0 [ха, ха, ха, ха, ха, ха, ха, ха, ха, ха]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 9)]
    text = BETA_2023.replace("goals: []", "\n".join(lines) + "\ngoals: *l8")
    (fresh / "2023/beta.yaml").write_text(text, encoding="utf-8")
    started = time.monotonic()
    first_error_at(fresh, "2023/beta.yaml", 8, "якор")
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_unicode_line_separators_do_not_shift_line_numbers(fresh: Path, separator: str) -> None:
    # text pasted from a web page into a quoted title, and an error three lines below it
    text = BETA_2023.replace("goals: []", f'goals:\n  - "Первая{separator}вторая"\nanalysis: a: b')
    (fresh / "2023/beta.yaml").write_text(text, encoding="utf-8")
    first_error_at(fresh, "2023/beta.yaml", 6, "ошибка синтаксиса YAML")


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        pytest.param("municipality: beta\nyear: 2023\ncounts", 3, 7, id="key-without-colon"),
        pytest.param("municipality: beta\nyear: 2023\ngoals: [Первая", 3, 15, id="unclosed-bracket"),
    ],
)
def test_error_at_the_end_of_a_file_without_final_line_break(fresh: Path, text: str, line: int, column: int) -> None:
    (fresh / "2023/beta.yaml").write_text(text, encoding="utf-8")
    report = validate(fresh)
    [error] = report.errors
    assert (error.line, error.column) == (line, column), str(error)
