"""What a data commit changes in the municipal programmes' targets, for the reviewer of a pull request.

A target is not a value of the indicator table's own: a planned value that went from 60 to 65 %, a target
added or removed, a target met that is now missed — whether computed against the plan or the source's
word without one — changes what the site says of a municipality, and the values' report
(:mod:`generator.officials.datadiff`) would not show it. Both sides are read from the same computed table
(the planned value and the state) and the year files (the source and note of a target the source reports
met or not); the words are the site's (:func:`generator.site.status_words.goal_words`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from generator.build.validate import Report
from generator.compute.status import TargetStatus
from generator.core.text import upper_first
from generator.inputs.catalogue import Catalogue
from generator.inputs.models import ReportedTarget
from generator.officials.keyed import Key, KeyedChange, changes_between, changes_table
from generator.officials.markdown_text import plain
from generator.site.status_words import SAID, goal_words

FOLD_OVER = 20  # more changed targets than this (a new year's file) are folded, as the new values are


@dataclass(frozen=True)
class TargetState:
    """A target as one side of the diff has it: a planned value (its state computed), or the source's word."""

    planned: Decimal | None  # None: the source reports the target met or not without a planned value
    status: TargetStatus
    source: str | None = None  # of the source's word only: where it is said
    note: str | None = None


@dataclass(frozen=True)
class TargetChange(KeyedChange[TargetState]):
    added: ClassVar[str] = "цель добавлена"
    removed: ClassVar[str] = "цель удалена"
    fields: ClassVar[tuple[tuple[str, str], ...]] = (
        ("planned", "плановое значение"), ("status", "выполнение"), ("source", "источник"), ("note", "пояснение"),
    )  # fmt: skip


def targets_of(report: Report) -> dict[Key, TargetState]:
    """Every target of one side: the rows of the table that have one, with the year file's source and note."""
    if report.table is None:
        return {}
    entries = report.dataset.entries if report.dataset is not None else {}
    found: dict[Key, TargetState] = {}
    for row in report.table.rows:
        if not row.has_target:
            continue
        entry = entries.get((row.year, row.territory))
        given = entry.data.targets.get(row.indicator) if entry is not None else None
        if row.target_reported and isinstance(given, ReportedTarget):
            found[row.key] = TargetState(None, row.target_status, given.source, given.note)
        else:
            found[row.key] = TargetState(row.target, row.target_status)
    return found


def target_changes(old: Report, new: Report) -> list[TargetChange]:
    """The targets added, removed or changed; none when either side could not be computed (its errors say
    why, and every target would seem added or removed)."""
    if old.table is None or new.table is None:
        return []
    return changes_between(targets_of(old), targets_of(new), TargetChange)


def state_words(catalogue: Catalogue, indicator_id: str, state: TargetState | None) -> str:
    """A side of a changed target in the site's words, the data's strings made inert for Markdown."""
    if state is None:
        return upper_first(SAID[TargetStatus.no_target].alone)  # a cell of its own, as «Цель — 60,0 %: …» beside it
    if state.planned is not None:
        return goal_words(state.status, catalogue.format(catalogue.indicators[indicator_id], state.planned))
    text = goal_words(state.status, None, plain(state.source) if state.source else None)
    return f"{text}; пояснение: «{plain(state.note)}»" if state.note else text


def render_targets(changes: list[TargetChange], catalogue: Catalogue, names: dict[str, str]) -> list[str]:
    """The report's section on targets: a table of every changed target, or a line that none changed."""
    title = "Целевые показатели муниципальных программ"
    if not changes:
        return [f"### {title}", "", "Целевые показатели не изменились.", ""]
    return changes_table(title, changes, state_words, catalogue, names, fold_over=FOLD_OVER)
