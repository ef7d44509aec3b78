"""A data file's parse is kept between builds by its bytes, and nothing of an error is kept; a year file's
checks are kept under everything they read, and report what checking the file again reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.inputs.load import load_dataset
from generator.inputs.parsed import KeptDoc, parsed_files_kept_in
from generator.inputs.source import YamlSyntaxError, load_yaml

from .conftest import DataDir


def test_a_kept_parse_is_the_parse_with_its_own_file_name_and_positions(tmp_path: Path) -> None:
    text = "municipality: alpha\nyear: 2024\ncounts:\n  grads9: 30\n"
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(text, encoding="utf-8")
    second.write_text(text, encoding="utf-8")
    fresh = load_yaml(first)
    with parsed_files_kept_in(tmp_path / "kept"):
        made = load_yaml(first)
        kept = load_yaml(second)  # the same bytes under another name: taken from the kept parse
    assert len(list((tmp_path / "kept").rglob("*.pickle"))) == 1
    assert made == fresh
    assert kept.path == second and kept.data == fresh.data and kept.values == fresh.values
    assert kept.values[("counts", "grads9")].line == 4


def test_a_file_that_does_not_parse_is_reported_every_time(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("year: [2024\n", encoding="utf-8")
    with parsed_files_kept_in(tmp_path / "kept"):
        for _ in range(2):
            with pytest.raises(YamlSyntaxError):
                load_yaml(bad)
    assert not list((tmp_path / "kept").rglob("*.pickle"))


def test_a_parse_kept_by_another_parser_is_not_taken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.inputs import parsed

    path = tmp_path / "a.yaml"
    path.write_text("municipality: alpha\nyear: 2024\n", encoding="utf-8")
    with parsed_files_kept_in(tmp_path / "kept"):
        load_yaml(path)
        monkeypatch.setattr(parsed, "parser_version", lambda: "a changed parser")
        load_yaml(path)  # parsed again, and kept under the new parser's key
    assert len(list((tmp_path / "kept").rglob("*.pickle"))) == 2



def _checks_counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    from generator.inputs import load

    checked: list[str] = []
    real = load.check_year_file

    def counting(doc: Any, *args: Any, **kwargs: Any) -> Any:
        checked.append(f"{doc.path.parent.name}/{doc.path.stem}")
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(load, "check_year_file", counting)
    return checked


def _shown(problems: list[Any]) -> list[str]:
    return [str(p) for p in problems]


def _with_new_count(catalogue: Path, present: bool) -> None:
    """The catalogue with a count «new_count» (after students_g9), or without it."""
    lines = catalogue.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [line for line in lines if "new_count" not in line]
    if present:
        where = next(i for i, line in enumerate(lines) if "{id: students_g9," in line)
        lines.insert(where + 1, "  - {id: new_count, title: Новый счётчик, unit: чел., source: Данные ОО}\n")
    catalogue.write_text("".join(lines), encoding="utf-8")


def test_a_data_folder_with_errors_is_checked_anew_every_time_and_keeps_nothing(
    datadir: DataDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    datadir.year(2024, "alpha", {"students_g9": 100, "grads9": 120})  # a part above its whole
    datadir.year(2024, "beta", {"students_g9": 100, "grads9": 90})
    datadir.year(2025, "beta", {"students_g9": 100, "grads9": 90, "new_count": 5})  # not in the catalogue
    checked = _checks_counted(monkeypatch)
    fresh = _shown(load_dataset(datadir.root).problems)
    assert any("alpha.yaml:5:" in p and "grads9" in p for p in fresh)
    assert any("beta.yaml:6:" in p and "new_count" in p for p in fresh)
    for _ in range(2):
        checked.clear()
        with parsed_files_kept_in(tmp_path / "kept"):
            assert _shown(load_dataset(datadir.root).problems) == fresh
        assert sorted(checked) == ["2024/alpha", "2024/beta", "2025/beta"]
    assert not list((tmp_path / "kept").rglob("*.checked"))


def test_a_kept_check_is_taken_until_its_file_or_the_catalogue_changes(
    datadir: DataDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalogue = datadir.root / "indicators.yaml"
    _with_new_count(catalogue, present=True)
    datadir.year(2024, "alpha", {"students_g9": 100, "grads9": 95})
    datadir.year(2024, "beta", {"students_g9": 100, "grads9": 90})
    datadir.year(2025, "beta", {"students_g9": 100, "grads9": 90, "new_count": 5})
    checked = _checks_counted(monkeypatch)
    fresh = load_dataset(datadir.root)
    assert fresh.dataset is not None and not fresh.problems

    def load() -> list[str]:
        checked.clear()
        with parsed_files_kept_in(tmp_path / "kept"):
            return _shown(load_dataset(datadir.root).problems)

    assert (load(), sorted(checked)) == ([], ["2024/alpha", "2024/beta", "2025/beta"])
    assert (load(), checked) == ([], []), "nothing checked again"
    datadir.year(2025, "beta", {"students_g9": 100, "grads9": 91, "new_count": 5})
    assert (load(), checked) == ([], ["2025/beta"]), "only the changed file is checked again"

    _with_new_count(catalogue, present=False)
    problems = load()
    assert sorted(checked) == ["2024/alpha", "2024/beta", "2025/beta"], "a changed catalogue: every file again"
    assert problems == _shown(load_dataset(datadir.root).problems)
    assert len(problems) == 1 and "beta.yaml:6:" in problems[0] and "неизвестный счётчик «new_count»" in problems[0]
    assert (load(), sorted(checked)) == (problems, ["2024/alpha", "2024/beta", "2025/beta"]), "errors: kept nothing"


def test_a_kept_check_gives_the_entries_of_checking_again(
    datadir: DataDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    datadir.year(2024, "alpha", schools=[
        {"school": "alpha-1", "counts": {"students_g9": 60, "grads9": 55}},
        {"school": "alpha-2", "counts": {"students_g9": 40, "grads9": 38}},
    ])  # fmt: skip
    datadir.year(2024, "beta", {"students_g9": 100, "grads9": 90})
    fresh = load_dataset(datadir.root).dataset
    assert fresh is not None
    checked = _checks_counted(monkeypatch)
    for run in ("first", "kept", "parse gone"):
        if run == "parse gone":  # the kept parses swept: the checked bytes are parsed again when asked for
            for path in (tmp_path / "kept").rglob("*.pickle"):
                path.unlink()
        with parsed_files_kept_in(tmp_path / "kept"):
            kept = load_dataset(datadir.root).dataset
        assert kept is not None
        assert kept.entries.keys() == fresh.entries.keys()
        for key, entry in fresh.entries.items():
            again = kept.entries[key]
            assert isinstance(again.source, KeptDoc) == (run != "first"), "a kept check reads no parse"
            assert (again.path, again.data, again.counts) == (entry.path, entry.data, entry.counts)
            assert again.doc == entry.doc, "asked for, the parse is the file's, with its name and positions"
        assert kept.entries[(2024, "alpha")].counts["grads9"] == 93  # summed over the schools
    assert len(checked) == 2, "only the first load checked the files"


def test_a_moved_data_folder_keeps_its_checks_and_its_entries_name_the_new_files(
    datadir: DataDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    datadir.year(2024, "beta", {"students_g9": 100, "grads9": 90})
    checked = _checks_counted(monkeypatch)
    with parsed_files_kept_in(tmp_path / "kept"):
        load_dataset(datadir.root)
        moved = Path(shutil.copytree(datadir.root, tmp_path / "moved"))
        checked.clear()
        dataset = load_dataset(moved).dataset
    assert checked == [] and dataset is not None
    entry = dataset.entries[(2024, "beta")]
    assert entry.path == moved / "2024" / "beta.yaml" and entry.doc.path == entry.path
