"""A data file's parse is kept between builds by its bytes, and nothing of an error is kept; a year file's
checks are kept under everything they read, and report what checking the file again reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.inputs.load import load_dataset
from generator.inputs.parsed import parsed_files_kept_in
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


def test_a_kept_check_of_a_year_file_reports_what_checking_it_again_reports(
    datadir: DataDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    datadir.year(2024, "alpha", {"students_g9": 100, "grads9": 120})  # a part above its whole
    datadir.year(2024, "beta", {"students_g9": 100, "grads9": 90})
    datadir.year(2025, "beta", {"students_g9": 100, "grads9": 90, "new_count": 5})  # not in the catalogue
    checked = _checks_counted(monkeypatch)
    fresh = load_dataset(datadir.root).problems
    assert any("alpha.yaml:5:" in p and "grads9" in p for p in _shown(fresh))
    assert any("new_count" in p for p in _shown(fresh))
    runs = []
    for _ in range(2):
        checked.clear()
        with parsed_files_kept_in(tmp_path / "kept"):
            runs.append((_shown(load_dataset(datadir.root).problems), sorted(checked)))
    assert runs[0] == (_shown(fresh), ["2024/alpha", "2024/beta", "2025/beta"])
    assert runs[1] == (_shown(fresh), []), "nothing checked again, the same problems with their lines"

    datadir.year(2025, "beta", {"students_g9": 100, "grads9": 91, "new_count": 5})
    checked.clear()
    with parsed_files_kept_in(tmp_path / "kept"):
        changed = _shown(load_dataset(datadir.root).problems)
    assert checked == ["2025/beta"], "only the changed file is checked again"
    assert changed == _shown(fresh)

    catalogue = datadir.root / "indicators.yaml"
    lines = catalogue.read_text(encoding="utf-8").splitlines(keepends=True)
    where = next(i for i, line in enumerate(lines) if "{id: students_g9," in line)
    lines.insert(where + 1, "  - {id: new_count, title: Новый счётчик, unit: чел., source: Данные ОО}\n")
    catalogue.write_text("".join(lines), encoding="utf-8")
    checked.clear()
    with parsed_files_kept_in(tmp_path / "kept"):
        known = _shown(load_dataset(datadir.root).problems)
    assert sorted(checked) == ["2024/alpha", "2024/beta", "2025/beta"], "a changed catalogue: every file again"
    assert not any("new_count" in p for p in known) and known == _shown(load_dataset(datadir.root).problems)


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
    for _ in range(2):
        with parsed_files_kept_in(tmp_path / "kept"):
            kept = load_dataset(datadir.root).dataset
        assert kept is not None
        assert kept.entries.keys() == fresh.entries.keys()
        for key, entry in fresh.entries.items():
            again = kept.entries[key]
            assert (again.path, again.data, again.counts) == (entry.path, entry.data, entry.counts)
            assert again.doc.values == entry.doc.values and again.doc.raw == entry.doc.raw
        assert kept.entries[(2024, "alpha")].counts["grads9"] == 93  # summed over the schools
    assert len(checked) == 2, "the second load checked nothing"
