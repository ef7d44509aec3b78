"""`proforientir diff`: a reviewer sees what a data commit changes before it is published.

Each test builds a small git repository in a temporary folder with the DataDir helpers, commits a
base, changes the data as an official would and reads the Russian Markdown report.
"""

from __future__ import annotations

import copy
import re
import subprocess
from pathlib import Path

import pytest

from generator.cli import main
from generator.officials.datadiff import diff_data

from .conftest import REGISTRY, DataDir, dump

NBSP = "\u00a0"


def git(repo: Path, *args: str) -> str:
    who = ["-c", "user.name=Специалист управления", "-c", "user.email=spec@example.org", "-c", "commit.gpgsign=false"]
    done = subprocess.run(["git", *who, *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, DataDir]:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    data = DataDir(root / "data")
    data.year(2024, "alpha", {"students_g9": 80, "grads9": 78, "grads9_to_poo": 46}, targets={"grads9_poo_share": 55.0})
    data.year(2024, "beta", {"students_g9": 30, "grads9": 30, "grads9_to_poo": 12})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Данные 2024 года")
    git(root, "checkout", "-q", "-b", "dannye-2025")
    return root, data


def test_a_changed_count_shows_every_value_it_moves_old_and_new_with_the_change_in_points(
    repo: tuple[Path, DataDir],
) -> None:
    root, data = repo
    # 46 of 78 is 59,0 %, 52 of 78 is 66,7 %; the region (with 12 of 30) goes from 58 to 64 of 108
    data.year(2024, "alpha", {"students_g9": 80, "grads9": 78, "grads9_to_poo": 52}, targets={"grads9_poo_share": 55.0})
    _, text = diff_data(root / "data", None, None)
    assert "→ рабочая копия" in text
    assert "- **Изменены:** `" in text and "2024/alpha.yaml`" in text
    row = next(line for line in text.splitlines() if line.startswith("| Альфинский") and "grads9_poo_share" in line)
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[1] == "2023/24"
    assert cells[3:] == [f"59,0{NBSP}%", f"66,7{NBSP}%", f"+7,7{NBSP}п.{NBSP}п."]
    lines = text.splitlines()
    region = next(line for line in lines if line.startswith("| Регион в целом") and "grads9_poo_share" in line)
    assert f"| 53,7{NBSP}% | 59,3{NBSP}% | +5,6{NBSP}п.{NBSP}п. |" in region
    assert "Бетинский" not in text.split("### Адресные рекомендации")[0].split("### Изменённые")[1]


def test_files_added_and_removed_and_new_values_of_a_new_year(repo: tuple[Path, DataDir]) -> None:
    root, data = repo
    data.year(2025, "alpha", {"students_g9": 81, "grads9": 80, "grads9_to_poo": 50})
    (data.root / "2024" / "beta.yaml").unlink()
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Данные 2025 года")
    result, text = diff_data(root / "data", "main", "HEAD")
    assert result.added == ["2025/alpha.yaml"]
    assert result.removed == ["2024/beta.yaml"]
    assert "`main`" in text
    assert "### Значения, которых больше нет" in text  # Бетинский 2024 is gone
    assert "### Новые значения" in text
    assert any(c.year == 2025 and c.territory == "alpha" and c.new == pytest.approx(62.5) for c in result.changes)


def test_recommendations_that_appear_and_warnings_the_change_introduces(repo: tuple[Path, DataDir]) -> None:
    root, data = repo
    # rules of the project: a target not met gives a recommendation
    rules = Path(__file__).resolve().parent.parent / "data" / "rules.yaml"
    (data.root / "rules.yaml").write_text(rules.read_text(encoding="utf-8"), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Правила рекомендаций")
    # 20 of 78 is 25,6 %: below the target of 55 % and a jump of more than 25 p. p. from 59,0 %
    data.year(2023, "alpha", {"students_g9": 80, "grads9": 78, "grads9_to_poo": 46})
    data.year(2024, "alpha", {"students_g9": 80, "grads9": 78, "grads9_to_poo": 20}, targets={"grads9_poo_share": 55.0})
    result, text = diff_data(root / "data", None, None)
    appeared = [r for r in result.appeared if r.indicator == "grads9_poo_share" and r.condition == "below_target"]
    assert appeared
    recs = text.split("### Адресные рекомендации")[1].split("### Новые предупреждения")[0]
    assert "**Появились**" in recs and "2023/24, Альфинский городской округ, `grads9_poo_share`" in recs
    warnings = text.split("### Новые предупреждения проверки")[1]
    assert "2024/alpha.yaml:" in warnings and "скачок больше 25 п. п." in warnings
    assert "2023/alpha.yaml" in text.split("### Файлы")[1].split("###")[0]


def test_no_change_says_so_and_the_command_prints_markdown(
    repo: tuple[Path, DataDir], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = repo
    monkeypatch.chdir(root)
    assert main(["diff"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## Что меняет коммит данных:")
    assert "Файлы данных не изменились." in out


def test_invalid_data_on_the_new_side_are_listed_and_fail_the_command(
    repo: tuple[Path, DataDir], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, data = repo
    data.year(2024, "alpha", {"students_g9": 80, "grads9": 78, "grads9_to_poo": 90})
    monkeypatch.chdir(root)
    out = tmp_path / "diff.md"
    assert main(["diff", "--out", str(out)]) == 1
    text = out.read_text(encoding="utf-8")
    assert "### Ошибки в данных: публикация невозможна" in text
    assert "grads9_to_poo = 90 больше совокупности" in text


def test_data_that_cannot_be_read_hide_no_value_behind_a_list_of_everything_gone(
    repo: tuple[Path, DataDir],
) -> None:
    root, data = repo
    data.write("2024/beta.yaml", "municipality: beta\nyear: 2024\ncounts: {students_g9: 30, grads9: дюжина}\n")
    result, text = diff_data(root / "data", None, None)
    assert result.new_errors
    assert "Значения и рекомендации не сравниваются: новых данных не прочесть" in text
    assert "### Значения, которых больше нет" not in text
    assert "Исчезли" not in text


def test_a_published_number_changed_without_a_correction_is_an_error_and_the_values_still_compare(
    repo: tuple[Path, DataDir],
) -> None:
    root, data = repo
    rules = Path(__file__).resolve().parent.parent / "data" / "rules.yaml"
    (data.root / "rules.yaml").write_text(rules.read_text(encoding="utf-8"), encoding="utf-8")
    target = {"grads9_poo_share": 60.0}  # not met on either side: a recommendation both sides give
    data.year(2024, "beta", {"students_g9": 30, "grads9": 30, "grads9_to_poo": 12}, targets=target)
    assert main(["publish", "2024", "--date", "2024-09-01", "--data", str(data.root)]) == 0
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Выпуск 2023/24 опубликован")
    data.year(2024, "beta", {"students_g9": 30, "grads9": 30, "grads9_to_poo": 13}, targets=target)
    result, text = diff_data(root / "data", "HEAD", None)
    errors = text.split("### Ошибки в данных: публикация невозможна")[1].split("###")[0]
    assert "без записи об исправлении" in errors and "proforientir correct 2024" in errors
    changed = [(c.territory, c.indicator) for c in result.changes if c.territory == "beta"]
    assert changed == [("beta", "grads9_poo_share")]
    assert result.old.recommendations  # the rules give some on both sides: none vanish for the error's sake
    unrelated = [r for r in result.disappeared if r.territory == "alpha"]
    assert unrelated == []


# --- targets of the municipal programmes ----------------------------------------------------------


def _rows(text: str, title: str) -> dict[str, list[str]]:
    """The rows of the section's table, by indicator id: their cells, split where a pipe is not escaped."""
    section = text.split(f"### {title}")[1].split("\n### ")[0]
    rows = {}
    for line in section.splitlines():
        if line.startswith("| ") and "(`" in line:
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
            rows[cells[2].split("(`")[1].rstrip("`)")] = cells
    return rows


def _target_rows(text: str) -> dict[str, list[str]]:
    return _rows(text, "Целевые показатели муниципальных программ")


def test_a_changed_planned_value_shows_both_plans_and_the_status_it_turns(repo: tuple[Path, DataDir]) -> None:
    root, data = repo
    # 46 of 78 is 59,0 %: the target of 55 % is met, one of 60 % is not; no value of the table changes
    data.year(2024, "alpha", {"students_g9": 80, "grads9": 78, "grads9_to_poo": 46}, targets={"grads9_poo_share": 60.0})
    result, text = diff_data(root / "data", None, None)
    assert result.changes == []
    assert "Ни одно значение показателей не изменилось." in text
    assert "### Целевые показатели муниципальных программ (1" in text
    cells = _target_rows(text)["grads9_poo_share"]
    assert cells[:2] == ["Альфинский городской округ", "2023/24"]
    assert cells[3:] == [
        f"Цель — 55,0{NBSP}%: достигнута",
        f"Цель — 60,0{NBSP}%: не достигнута",
        "плановое значение, выполнение",
    ]


def test_a_value_that_falls_below_the_plan_changes_the_targets_status(repo: tuple[Path, DataDir]) -> None:
    root, data = repo
    # 40 of 78 is 51,3 %: below the unchanged target of 55 %
    data.year(2024, "alpha", {"students_g9": 80, "grads9": 78, "grads9_to_poo": 40}, targets={"grads9_poo_share": 55.0})
    _, text = diff_data(root / "data", None, None)
    cells = _target_rows(text)["grads9_poo_share"]
    assert cells[3:] == [f"Цель — 55,0{NBSP}%: достигнута", f"Цель — 55,0{NBSP}%: не достигнута", "выполнение"]


def test_an_unchanged_target_is_said_unchanged(repo: tuple[Path, DataDir]) -> None:
    root, data = repo
    # 52 of 78 is 66,7 %: the value moves, the target of 55 % stays met
    data.year(2024, "alpha", {"students_g9": 80, "grads9": 78, "grads9_to_poo": 52}, targets={"grads9_poo_share": 55.0})
    result, text = diff_data(root / "data", None, None)
    assert result.changes and result.targets == []
    section = text.split("### Целевые показатели муниципальных программ")[1].split("###")[0]
    assert section.strip() == "Целевые показатели не изменились."


def test_the_status_the_source_reports_changed_with_its_source_in_the_sites_words(repo: tuple[Path, DataDir]) -> None:
    root, data = repo
    counts = {"students_g9": 30, "grads9": 30, "grads9_to_poo": 12}
    data.year(2024, "beta", counts, targets={"grads9_poo_share": {"reached": False, "source": "Приказ № 327"}})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Цель Бетинского района по приказу")
    data.year(2024, "beta", counts, targets={"grads9_poo_share": {"reached": True, "note": "Выполнено по итогам года"}})
    _, text = diff_data(root / "data", "HEAD", None)
    cells = _target_rows(text)["grads9_poo_share"]
    assert cells[0] == "Бетинский муниципальный район"
    assert cells[3:] == [
        "Цель не достигнута (по данным источника: Приказ № 327; плановое значение не указано)",
        "Цель достигнута (по данным источника; плановое значение не указано); пояснение: «Выполнено по итогам года»",
        "выполнение, источник, пояснение",
    ]


def test_a_target_added_and_a_target_removed(repo: tuple[Path, DataDir]) -> None:
    root, data = repo
    data.year(2024, "alpha", {"students_g9": 80, "grads9": 78, "grads9_to_poo": 46})
    data.year(2024, "beta", {"students_g9": 30, "grads9": 30, "grads9_to_poo": 12}, targets={"grads9_poo_share": 45.0})
    result, text = diff_data(root / "data", None, None)
    assert [(t.territory, t.old is None, t.new is None) for t in result.targets] == [
        ("alpha", False, True), ("beta", True, False),
    ]  # fmt: skip
    section = text.split(f"### Целевые показатели муниципальных программ (2{NBSP}изменения)")[1].split("###")[0]
    alpha, beta = (line for line in section.splitlines() if line.startswith("| ") and "(`" in line)
    assert alpha.startswith("| Альфинский городской округ")
    assert f"| Цель — 55,0{NBSP}%: достигнута | Цель не установлена | цель удалена |" in alpha
    # 12 of 30 is 40,0 %: below the new target of 45 %
    assert beta.startswith("| Бетинский муниципальный район")
    assert f"| Цель не установлена | Цель — 45,0{NBSP}%: не достигнута | цель добавлена |" in beta


def test_a_hostile_source_and_note_stay_words_in_the_markdown(repo: tuple[Path, DataDir]) -> None:
    root, data = repo
    hostile = {
        "reached": False,
        "source": "Приказ | <script>alert(1)</script>",
        "note": "**важно** [ссылка](javascript:alert(1)) ![img](x.png) `код`\nвторая строка",
    }
    counts = {"students_g9": 30, "grads9": 30, "grads9_to_poo": 12}
    data.year(2024, "beta", counts, targets={"bilet_share_6_9": hostile})
    _, text = diff_data(root / "data", None, None)
    section = text.split("### Целевые показатели муниципальных программ")[1].split("\n### ")[0]
    [row] = [line for line in section.splitlines() if "bilet_share_6_9" in line]
    cells = _target_rows(text)["bilet_share_6_9"]
    assert len(cells) == 6  # no pipe of the data breaks the row, no line break splits it
    assert "<script" not in text and "&lt;script>" in row
    assert "\\*\\*важно\\*\\* \\[ссылка\\](javascript:alert(1)) \\!\\[img\\](x.png) \\`код\\` вторая строка" in row


# --- figures as the sources printed them ----------------------------------------------------------

BETA = {"students_g9": 30, "grads9": 30, "grads9_to_poo": 12}  # 12 of 30: 40,0 %


def _printed_rows(text: str) -> dict[str, list[str]]:
    return _rows(text, "Значения, как их напечатал источник")


def test_a_corrected_misprint_beside_counts_is_shown_though_no_value_changes(repo: tuple[Path, DataDir]) -> None:
    """The page's «Примечание к данным» goes away with the misprint: the reviewer must see why."""
    root, data = repo
    data.year(2024, "beta", BETA, printed={"grads9_poo_share": {"value": 41.5, "source": "Таблица 9"}})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Бетинский район: значение из отчёта")
    data.year(2024, "beta", BETA, printed={"grads9_poo_share": {"value": 40.0, "source": "Таблица 9"}})
    result, text = diff_data(root / "data", "HEAD", None)
    assert result.changes == [] and "Ни одно значение показателей не изменилось." in text
    cells = _printed_rows(text)["grads9_poo_share"]
    assert cells[:2] == ["Бетинский муниципальный район", "2023/24"]
    assert cells[3:] == [f"41,5{NBSP}% (Таблица 9)", f"40,0{NBSP}% (Таблица 9)", "число"]
    # the warning the misprint raised is gone, and the report says so
    [gone] = result.resolved
    assert gone.path.endswith("data/2024/beta.yaml") and "напечатано 41,5" in gone.message
    resolved = text.split("### Предупреждения и ошибки, которых больше нет")[1]
    assert "- предупреждение `" in resolved and "2024/beta.yaml:" in resolved and "напечатано 41,5" in resolved


def test_the_source_and_note_of_a_figure_printed_without_counts_and_its_decimals_as_written(
    repo: tuple[Path, DataDir],
) -> None:
    root, data = repo
    data.year(2024, "beta", BETA, printed={"diagnostics_share_9_11": 51.2})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Бетинский район: тестирование по отчёту")
    figure = {"value": 51.25, "source": "Таблица | 9", "note": "**уточнено** письмом"}
    data.year(2024, "beta", BETA, printed={"diagnostics_share_9_11": figure})
    result, text = diff_data(root / "data", "HEAD", None)
    cells = _printed_rows(text)["diagnostics_share_9_11"]
    assert len(cells) == 6  # the pipe of the source does not split the row
    assert cells[3] == f"51,2{NBSP}%"
    assert cells[4] == f"51,25{NBSP}% (Таблица \\| 9); пояснение: «\\*\\*уточнено\\*\\* письмом»"
    assert cells[5] == "число, источник, пояснение"
    assert [(c.territory, c.indicator) for c in result.printed] == [("beta", "diagnostics_share_9_11")]
    # the value itself, as the site shows it: with the decimals it was printed with, and so its change
    values = text.split("### Изменённые значения")[1].split("\n### ")[0]
    [row] = [line for line in values.splitlines() if "diagnostics_share_9_11" in line]
    assert row.endswith(f"| 51,2{NBSP}% | 51,25{NBSP}% | +0,05{NBSP}п.{NBSP}п. |")


def test_no_printed_figures_no_section(repo: tuple[Path, DataDir]) -> None:
    root, data = repo
    data.year(2024, "beta", {**BETA, "grads9_to_poo": 13})
    _, text = diff_data(root / "data", None, None)
    assert "Изменённые значения" in text and "как их напечатал источник" not in text


# --- the management cycle: goals, analysis, measures, decisions -------------------------------------

ALPHA = {"students_g9": 80, "grads9": 78, "grads9_to_poo": 46}
MEASURE = {
    "number": "2.1",
    "title": "Профориентационные пробы на предприятиях округа",
    "deadline_text": "сентябрь 2024 г.",
    "responsible": "начальник отдела общего образования",
    "status": "в работе",
}
ORDER = {"kind": "приказ", "number": "327", "date": "2024-06-20", "title": "Об итогах мониторинга"}


def _cycle_rows(text: str) -> list[list[str]]:
    """The rows of the cycle's table: their cells, split where a pipe is not escaped."""
    section = text.split("### Управленческий цикл")[1].split("\n### ")[0]
    return [
        [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        for line in section.splitlines()
        if line.startswith("| ") and not line.startswith("| Муниципалитет") and not line.startswith("| ---")
    ]


def _with_cycle(root: Path, data: DataDir, **cycle: object) -> None:
    data.year(2024, "alpha", ALPHA, targets={"grads9_poo_share": 55.0}, **cycle)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Меры и решения Альфинского округа")


def test_a_measure_changed_a_decision_removed_and_a_goal_added_each_under_its_stage(
    repo: tuple[Path, DataDir],
) -> None:
    root, data = repo
    _with_cycle(root, data, goals=["Охват диагностикой не ниже 60 %"], measures=[MEASURE], decisions=[ORDER])
    done = {**MEASURE, "status": "выполнено", "deadline_text": "октябрь 2024 г.", "indicators": ["grads9_poo_share"]}
    goals = ["Охват диагностикой не ниже 60 %", "Пробы для всех девятиклассников"]
    data.year(2024, "alpha", ALPHA, targets={"grads9_poo_share": 55.0}, goals=goals, measures=[done])
    result, text = diff_data(root / "data", "HEAD", None)
    assert result.changes == [] and result.targets == []  # nothing of it shows among the values
    assert f"### Управленческий цикл (3{NBSP}изменения)" in text
    where = ["Альфинский городской округ", "2023/24"]
    assert _cycle_rows(text) == [
        [*where, "Цели", "Добавлено: цель «Пробы для всех девятиклассников»"],
        [
            *where,
            "Меры, мероприятия",
            "Изменено: мера 2.1 «Профориентационные пробы на предприятиях округа» — срок словами: «сентябрь 2024 г.» "
            "→ «октябрь 2024 г.»; статус: «в работе» → «выполнено»; показатели: +«Выпускники 9 классов в ПОО»",
        ],
        [*where, "Управленческие решения", "Удалено: приказ № 327 от 20.06.2024 «Об итогах мониторинга»"],
    ]


def test_texts_are_named_with_their_length_and_an_emptied_analysis_stands_out(repo: tuple[Path, DataDir]) -> None:
    root, data = repo
    _with_cycle(root, data, analysis="Охват вырос.", section_analysis={"admissions": "Поступление выросло."})
    data.year(2024, "alpha", ALPHA, targets={"grads9_poo_share": 55.0}, effectiveness="Пробы дали рост на 5 п. п.")
    _, text = diff_data(root / "data", "HEAD", None)
    assert [row[2:] for row in _cycle_rows(text)] == [
        ["Анализ результатов мониторинга", f"Анализ удалён (было 12{NBSP}знаков)"],
        [
            "Анализ результатов мониторинга",
            f"Анализ раздела «Поступление в колледжи и вузы» удалён (было 20{NBSP}знаков)",
        ],
        ["Анализ эффективности принятых мер", f"Анализ эффективности добавлен (26{NBSP}знаков)"],
    ]


def test_a_year_added_with_its_cycle_is_one_row_of_counts(repo: tuple[Path, DataDir]) -> None:
    root, data = repo
    measures = [MEASURE, {**MEASURE, "number": "2.2"}]
    data.year(2025, "alpha", ALPHA, goals=["Цель"], measures=measures, decisions=[ORDER], analysis="Текст")
    data.year(2025, "beta", {"students_g9": 30, "grads9": 30, "grads9_to_poo": 12})  # counts only: no row
    _, text = diff_data(root / "data", None, None)
    assert _cycle_rows(text) == [
        [
            "Альфинский городской округ",
            "2024/25",
            "все этапы",
            f"Добавлены данные за год: 1{NBSP}цель, 2{NBSP}меры, 1{NBSP}решение, анализ",
        ]
    ]


def test_an_unchanged_cycle_is_said_unchanged(repo: tuple[Path, DataDir]) -> None:
    root, data = repo
    data.year(2024, "alpha", {**ALPHA, "grads9_to_poo": 52}, targets={"grads9_poo_share": 55.0})
    result, text = diff_data(root / "data", None, None)
    assert result.changes and result.cycle == []
    section = text.split("### Управленческий цикл")[1].split("###")[0]
    assert section.strip() == "Цели, анализ, меры, решения и анализ эффективности не изменились."


def test_hostile_and_long_texts_of_the_cycle_stay_short_words(repo: tuple[Path, DataDir]) -> None:
    root, data = repo
    hostile = "Приказ | <script>alert(1)</script> **важно** [ссылка](javascript:alert(1)) " + "очень " * 30
    data.year(2024, "alpha", ALPHA, targets={"grads9_poo_share": 55.0}, measures=[{**MEASURE, "title": hostile}])
    _, text = diff_data(root / "data", None, None)
    [row] = _cycle_rows(text)
    assert len(row) == 4  # no pipe of the data breaks the row
    assert "<script" not in text and "&lt;script>" in row[3]
    assert "\\*\\*важно\\*\\* \\[ссылка\\](javascript:alert(1))" in row[3]
    quoted = row[3].split("мера 2.1 ")[1]
    assert quoted.endswith("…»") and len(quoted) < 120


def test_an_orders_number_corrected_is_one_change_not_a_removal_and_an_addition(repo: tuple[Path, DataDir]) -> None:
    root, data = repo
    _with_cycle(root, data, measures=[MEASURE], decisions=[ORDER])
    renumbered = {**MEASURE, "number": "3.1"}
    data.year(2024, "alpha", ALPHA, targets={"grads9_poo_share": 55.0}, measures=[renumbered],
              decisions=[{**ORDER, "number": "327-од"}])  # fmt: skip
    _, text = diff_data(root / "data", "HEAD", None)
    assert [row[3] for row in _cycle_rows(text)] == [
        "Изменено: мера 3.1 «Профориентационные пробы на предприятиях округа» — номер: «2.1» → «3.1»",
        "Изменено: приказ № 327-од от 20.06.2024 «Об итогах мониторинга» — номер: «327» → «327-од»",
    ]


# --- the registry of territories ---------------------------------------------------------------------


def _registry_lines(text: str) -> list[str]:
    section = text.split("### Реестр территорий")[1].split("\n### ")[0]
    return [line[2:] for line in section.splitlines() if line.startswith("- ")]


def test_a_municipal_reform_a_closed_school_and_a_new_date_are_named_in_the_sites_words(
    repo: tuple[Path, DataDir],
) -> None:
    """A «муниципальный район» becomes a «муниципальный округ» under a new name: every page of it changes, and
    the values, keyed by the permanent slug, would not say so."""
    root, _ = repo
    registry = copy.deepcopy(REGISTRY)
    alpha, beta = registry["municipalities"]
    alpha["schools"] = alpha["schools"][:1]  # Школа № 2 closed
    beta.update(name="Бетинский муниципальный округ", type="муниципальный округ")
    registry["monitoring_date"] = {"month": 6, "day": 15}
    dump(root / "data" / "region.yaml", registry)
    result, text = diff_data(root / "data", None, None)
    assert result.changes == []  # same counts: not a value moved
    assert _registry_lines(text) == [
        "Дата мониторинга каждого года: 31 мая (по умолчанию) → 15 июня",
        "«Альфинский городской округ» (`alpha`): удалена школа «Школа № 2» (`alpha-2`)",
        "«Бетинский муниципальный округ» (`beta`): название: «Бетинский муниципальный район» → «Бетинский "
        "муниципальный округ»",
        "«Бетинский муниципальный округ» (`beta`): вид: «муниципальный район» → «муниципальный округ»",
        "**Внимание:** «Бетинский муниципальный округ» (`beta`): выпуск 2023/24 назовёт его «Бетинский "
        "муниципальный округ» вместо «Бетинский муниципальный район» — на всех своих страницах, в таблицах, отчётах "
        "и открытых данных. Если муниципалитет преобразован или переименован, прошлые выпуски должны называть его "
        "так, как тогда: добавьте ему в `region.yaml` `former_names` — `name: Бетинский муниципальный район`, "
        "`type: муниципальный район`, `until: 2024` (последний выпуск под прежним названием); если исправлена "
        "опечатка — ничего не нужно.",
    ]


def test_a_reform_recorded_with_the_former_name_leaves_the_past_editions_named_as_they_were(
    repo: tuple[Path, DataDir],
) -> None:
    root, _ = repo
    registry = copy.deepcopy(REGISTRY)
    beta = registry["municipalities"][1]
    former = {"name": beta["name"], "type": beta["type"], "until": 2024}
    beta.update(name="Бетинский муниципальный округ", type="муниципальный округ", former_names=[former])
    dump(root / "data" / "region.yaml", registry)
    _, text = diff_data(root / "data", None, None)
    assert _registry_lines(text) == [
        "«Бетинский муниципальный округ» (`beta`): название: «Бетинский муниципальный район» → «Бетинский "
        "муниципальный округ»",
        "«Бетинский муниципальный округ» (`beta`): вид: «муниципальный район» → «муниципальный округ»",
        "«Бетинский муниципальный округ» (`beta`): прежние названия: не указано → «Бетинский муниципальный район "
        "(муниципальный район) — по 2023/24»",
    ]


def test_a_rename_that_reaches_a_published_edition_says_so(repo: tuple[Path, DataDir]) -> None:
    root, data = repo
    assert main(["publish", "2024", "--date", "2024-09-01", "--data", str(data.root)]) == 0
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Выпуск 2024 опубликован")
    registry = copy.deepcopy(REGISTRY)
    registry["municipalities"][1]["name"] = "Бетинский муниципальный округ"
    dump(root / "data" / "region.yaml", registry)
    _, text = diff_data(root / "data", None, None)
    assert (
        "выпуск 2023/24 (опубликован — на его страницы уже могли сослаться) назовёт его"
        in _registry_lines(text)[1]
    )


def test_a_typo_corrected_in_a_name_is_warned_of_with_what_to_do_if_it_was_a_rename(repo: tuple[Path, DataDir]) -> None:
    root, _ = repo
    registry = copy.deepcopy(REGISTRY)
    registry["municipalities"][0]["name"] = "Альфинский городской округ*"
    dump(root / "data" / "region.yaml", registry)
    _, text = diff_data(root / "data", None, None)
    warning = _registry_lines(text)[1]
    assert warning.startswith("**Внимание:** «Альфинский городской округ\\*» (`alpha`): выпуск 2023/24 назовёт")
    assert "`name: Альфинский городской округ`, `until: 2024`" in warning and "`type:" not in warning


def test_an_unchanged_registry_is_said_unchanged(repo: tuple[Path, DataDir]) -> None:
    root, data = repo
    data.year(2024, "beta", {"students_g9": 30, "grads9": 30, "grads9_to_poo": 13})
    _, text = diff_data(root / "data", None, None)
    assert "### Реестр территорий\n\nРеестр территорий не изменился." in text


def test_the_regions_own_recommendations_changed_are_rows_of_the_region(repo: tuple[Path, DataDir]) -> None:
    """``data/<год>/region.yaml`` is published on the region's page and the pages of the municipalities it
    names: a commit that readdresses or rewrites a recommendation is shown to the reviewer as the region's."""
    import shutil

    from .conftest import ROOT

    root, data = repo
    shutil.copy(ROOT / "data" / "rules.yaml", data.root / "rules.yaml")
    rec = {"audience": "school_heads", "text": "Увеличить охват диагностикой", "municipalities": ["beta"]}
    dump(data.root / "2024" / "region.yaml", {"year": 2024, "source": "Рекомендации", "recommendations": [rec]})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Рекомендации региона")
    again = {**rec, "municipalities": ["beta", "alpha"], "deadline": "2024-09-01"}
    added = {"audience": "municipality", "text": "Провести семинар | по итогам"}
    recs = [again, added]
    dump(data.root / "2024" / "region.yaml", {"year": 2024, "source": "Приказ № 5", "recommendations": recs})
    _, text = diff_data(root / "data", "HEAD", None)
    rows = [row for row in _cycle_rows(text) if row[0] == "Регион в целом"]
    assert [row[1:3] for row in rows] == [["2023/24", "Адресные рекомендации"]] * 3
    whats = [row[3] for row in rows]
    assert "Документ региона: «Рекомендации» → «Приказ № 5»" in whats[0]
    assert whats[1].startswith("Добавлено: рекомендация региона (Муниципальный орган управления образованием)")
    assert "Провести семинар \\| по итогам" in whats[1]  # the pipe does not split the row
    assert whats[2].startswith("Изменено: рекомендация региона (Руководители общеобразовательных организаций)")
    assert "муниципалитеты: +«alpha»" in whats[2] and "срок: " in whats[2]


def test_addresses_taken_out_of_the_lockfile_are_named_for_the_reviewer(repo: tuple[Path, DataDir]) -> None:
    """Deleting a line of urls.lock makes a failing build pass and a cited page disappear; among the values
    nothing would show it, so the report names each address taken out, and each redirect added."""
    root, data = repo
    locked = [f"/2024/{slug}/" for slug in ("alpha", "beta")] + [f"/2024/alpha/razdel-{n}/" for n in range(25)]
    data.write("urls.lock", "# Адреса, которые сайт опубликовал\n" + "".join(f"{u}\n" for u in locked))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Адреса сайта")
    _, text = diff_data(root / "data", "HEAD", None)
    assert "### Постоянные адреса" not in text  # nothing changed in them: no section

    kept = [u for u in locked if not u.startswith("/2024/alpha/")]
    data.write("urls.lock", "# Адреса, которые сайт опубликовал\n" + "".join(f"{u}\n" for u in [*kept, "/2025/alpha/"]))
    data.write("redirects.yaml", "alpha: alfa\n")
    _, text = diff_data(root / "data", "HEAD", None)
    section = text.split("### Постоянные адреса")[1].split("###")[0]
    assert "**Внимание: из `urls.lock` удалены опубликованные адреса** (26)" in section
    assert "- /2024/alpha/\n" in section and "- … и ещё 6" in section  # twenty by name, the rest counted
    assert "Новых адресов в `urls.lock`: 1" in section
    assert "**Новые перенаправления** (1):" in section and "- alpha → alfa" in section


def test_published_values_rewritten_in_place_are_named_and_a_new_publication_is_not(
    repo: tuple[Path, DataDir],
) -> None:
    """Editing a number in both the year file and published.csv passes the build's check, and no correction is
    recorded: the reviewer's report is the one place that can show it."""
    root, data = repo
    assert main(["publish", "2024", "--date", "2024-09-01", "--data", str(data.root)]) == 0
    _, text = diff_data(root / "data", None, None)
    assert "### Опубликованные значения" not in text  # publishing an edition rewrites nothing
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Выпуск 2023/24 опубликован")

    published = data.root / "published.csv"
    rows = published.read_text(encoding="utf-8").splitlines()
    changed = next(i for i, row in enumerate(rows) if row.startswith("2024,alpha,grads9_poo_share,"))
    rows[changed] = "2024,alpha,grads9_poo_share,66.7"
    published.write_text("\n".join(rows) + "\n", encoding="utf-8")
    data.year(2024, "alpha", {"students_g9": 80, "grads9": 78, "grads9_to_poo": 52}, targets={"grads9_poo_share": 55.0})
    _, text = diff_data(root / "data", "HEAD", None)
    section = text.split("### Опубликованные значения")[1].split("###")[0]
    assert "**Внимание: переписаны значения уже опубликованных выпусков** (2023/24; значений: 1)" in section
    assert f"| 2023/24 | Альфинский городской округ | `grads9_poo_share` | 59,0{NBSP}% | 66,7{NBSP}% |" in section


def test_a_publication_unmade_redated_or_stripped_of_its_correction_is_named(repo: tuple[Path, DataDir]) -> None:
    root, data = repo
    assert main(["publish", "2024", "--date", "2024-09-01", "--data", str(data.root)]) == 0
    data.year(2024, "alpha", {"students_g9": 80, "grads9": 78, "grads9_to_poo": 52}, targets={"grads9_poo_share": 55.0})
    reason = "Уточнено число поступивших в колледжи"
    assert main(["correct", "2024", "--date", "2024-09-12", "--reason", reason, "--data", str(data.root)]) == 0
    _, text = diff_data(root / "data", None, None)
    assert "### Выпуски и исправления" not in text  # what the commands add is not a rewrite
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Выпуск 2023/24 опубликован и исправлен")

    editions = data.root / "editions.yaml"
    text = editions.read_text(encoding="utf-8")
    editions.write_text(text.replace("published: 2024-09-01", "published: 2024-08-01").split("    corrections:")[0],
                        encoding="utf-8")
    _, text = diff_data(root / "data", "HEAD", None)
    section = text.split("### Выпуски и исправления")[1].split("###")[0]
    assert "**Внимание: переписана история публикации** (2)" in section
    assert "- выпуск 2023/24: дата публикации 01.09.2024 → 01.08.2024" in section
    assert f"- выпуск 2023/24: удалено исправление от 12.09.2024 («{reason}»)" in section


# --- the catalogue of indicators ---------------------------------------------------------------------


def _catalogue_lines(text: str) -> list[str]:
    section = text.split("### Каталог показателей")[1].split("\n### ")[0]
    return [line[2:] for line in section.splitlines() if line.startswith("- ")]


def _edit_catalogue(data: DataDir, old: str, new: str) -> None:
    path = data.root / "indicators.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_renamed_indicator_and_a_new_precision_are_named_with_the_published_editions_they_reach(
    repo: tuple[Path, DataDir],
) -> None:
    """A title or a method changed passes every check of the build and changes every page that shows it, the
    published ones too: the reviewer reads it in the site's words, identifiers as they are written."""
    root, data = repo
    assert main(["publish", "2024", "--date", "2024-09-01", "--data", str(data.root)]) == 0
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Выпуск 2024 опубликован")
    _edit_catalogue(data, "short_title: Выпускники 9 классов в ПОО", "short_title: Девятиклассники в колледжах")
    _edit_catalogue(data, "  - id: grads11_vo_share\n", "  - id: grads11_vo_share\n    precision: 2\n")
    _, text = diff_data(root / "data", None, None)
    section = text.split("### Каталог показателей")[1].split("\n### ")[0]
    assert "покажут и опубликованные выпуски (2023/24)" in section
    assert _catalogue_lines(text) == [
        "Показатель «Девятиклассники в колледжах» (`grads9_poo_share`): краткое название: «Выпускники 9 классов в "
        "ПОО» → «Девятиклассники в колледжах»",
        "Показатель «Выпускники 11 классов в вузах» (`grads11_vo_share`): точность: до 1\u00a0знака после запятой → "
        "до 2\u00a0знаков после запятой — значения на страницах всех выпусков",
    ]


def test_a_removed_indicator_is_said_to_leave_every_edition(repo: tuple[Path, DataDir]) -> None:
    root, data = repo
    path = data.root / "indicators.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index("  - id: ege_choice_coefficient\n")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("  - id:"))
    path.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    _, text = diff_data(root / "data", None, None)
    assert _catalogue_lines(text) == [
        "Удалён показатель «Коэффициент выбора ЕГЭ» (`ege_choice_coefficient`) — его блоки исчезнут со страниц "
        "всех выпусков"
    ]
    assert "покажут и опубликованные" not in text  # nothing published in this repository


def test_a_data_commit_that_leaves_the_catalogue_alone_has_no_catalogue_section(repo: tuple[Path, DataDir]) -> None:
    root, data = repo
    data.year(2024, "beta", {"students_g9": 30, "grads9": 30, "grads9_to_poo": 13})
    _, text = diff_data(root / "data", None, None)
    assert "### Каталог показателей" not in text


def test_a_rename_over_several_editions_is_said_in_the_plural_with_the_published_ones_named() -> None:
    from generator.inputs.registry_model import RegistryFile
    from generator.officials.registrydiff import registry_changes

    old = RegistryFile.model_validate(REGISTRY)
    renamed = copy.deepcopy(REGISTRY)
    renamed["municipalities"][1]["name"] = "Бетинский муниципальный округ"
    lines = registry_changes(old, RegistryFile.model_validate(renamed), {"beta": [2022, 2023, 2024]}, {2022, 2023})
    assert "выпуски 2021/22–2023/24 (из них опубликованы 2021/22, 2022/23 — на их страницы уже могли сослаться) " \
        "назовут его «Бетинский муниципальный округ» вместо «Бетинский муниципальный район»" in lines[1]
    assert "`until: 2024`" in lines[1]


def test_a_schools_former_name_added_is_named_like_a_municipalitys() -> None:
    from generator.inputs.registry_model import RegistryFile
    from generator.officials.registrydiff import registry_changes

    renamed = copy.deepcopy(REGISTRY)
    school = renamed["municipalities"][0]["schools"][1]
    school.update(name="Гимназия № 2", former_names=[{"name": "Школа № 2", "until": 2024}])
    lines = registry_changes(RegistryFile.model_validate(REGISTRY), RegistryFile.model_validate(renamed))
    assert lines == [
        "«Альфинский городской округ» (`alpha`): школа `alpha-2` — название: «Школа № 2» → «Гимназия № 2»",
        "«Альфинский городской округ» (`alpha`): школа «Гимназия № 2» (`alpha-2`) — прежние названия: не указано → "
        "«Школа № 2 — по 2023/24»",
    ]
