"""A data file's parse is kept between builds by its bytes, and nothing of an error is kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.inputs.parsed import parsed_files_kept_in
from generator.inputs.source import YamlSyntaxError, load_yaml


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

