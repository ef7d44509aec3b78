"""A target's state is computed as one of four states and told to the reader in words written once."""

from __future__ import annotations

import re
from pathlib import Path

from generator.compute.status import TargetStatus
from generator.publish.public_table import STATUS_WORDS
from generator.site.narrative import target_sentence
from generator.site.status_words import SAID, badge, marked, said

GENERATOR = Path(__file__).resolve().parent.parent / "generator"


def test_a_state_is_its_text_for_the_table_the_files_and_the_rules() -> None:
    assert TargetStatus.not_met == "not_met" and str(TargetStatus.met) == "met"
    assert said("not_met") is said(TargetStatus.not_met) is SAID[TargetStatus.not_met]
    assert said("none") is None and said(float("nan")) is None


def test_every_state_has_its_words() -> None:
    assert set(SAID) == set(TargetStatus)
    assert STATUS_WORDS == {
        "met": "достигнута", "not_met": "не достигнута", "no_target": "цель не установлена", "no_data": "нет данных"
    }  # fmt: skip


def test_the_badge_of_a_table_cell() -> None:
    assert badge("met") == '<span class="pf-status pf-status--met">✓ достигнуто</span>'
    assert badge(TargetStatus.not_met) == '<span class="pf-status pf-status--not-met">✗ не достигнуто</span>'
    assert badge("no_data") == '<span class="pf-status pf-status--none">нет данных</span>'
    assert badge("no_target") == '<span class="pf-status pf-status--none">цель не установлена</span>'
    assert badge("what") == '<span class="pf-status pf-status--none">—</span>'


def test_the_marks_stand_only_before_a_verdict() -> None:
    assert marked("met", "Цель — 50 %") == "✓ Цель — 50 %"
    assert marked("not_met", "Цель — 50 %") == "✗ Цель — 50 %"
    assert marked("no_data", "Цель — 50 %") == "Цель — 50 %"


def test_the_sentence_of_a_section_page() -> None:
    met = target_sentence(50.0, "met", "share", 1, "%")
    assert met.startswith("Целевое значение муниципальной программы — 50,0") and met.endswith("; достигнуто.")
    assert target_sentence(50.0, TargetStatus.not_met, "share", 1, "%").endswith("; не достигнуто.")
    assert target_sentence(50.0, "no_data", "share", 1, "%").endswith("; выполнение не оценено: нет данных.")
    assert target_sentence(None, "no_target", "share", 1, "%") == ""


def test_no_other_module_spells_the_words_of_a_state() -> None:
    """The words were in seven places, each page kind with its own copy; now only status_words.py has them
    (the open data's description of the column lists them from there too)."""
    words = re.compile(r"[\"«](✓ |✗ )?(цель )?(не )?достигнут[оа][\"»]|[\"«]цель не установлена[\"»]")
    found = [
        f"{path.relative_to(GENERATOR)}:{number}"
        for path in sorted(GENERATOR.rglob("*"))
        if path.suffix in {".py", ".j2", ".yaml"} and path.name != "status_words.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if words.search(line)
    ]
    assert found == []
