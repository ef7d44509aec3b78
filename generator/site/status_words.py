"""What a reader is told of a target's state, in the forms Russian needs, written once for every page and file.

Why the forms: «цель» is feminine and stands in the open data, the comparison charts and the embeds
(«цель не достигнута»); a table's status cell and a page's sentence speak of the target value, neuter
(«целевое значение … не достигнуто»). Before, each page kind spelt its own copy of these words.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from generator.compute.status import TargetStatus


@dataclass(frozen=True)
class Said:
    goal: str  # of the target, after «цель»: the open data's column, an embed's line
    alone: str  # standing alone, a legend's entry or a bar's note: «цель не достигнута»
    result: str  # of the target value, neuter: a table's status cell
    mark: str  # before the words on a badge, a bar or an embed: ✓ or ✗
    css: str  # the badge's modifier, pf-status--<css>
    verdict: str  # the end of a section page's sentence «Целевое значение … — 50 %; …»
    indicator: str = ""  # of «целевой показатель», masculine: a target the source reports met or not

    @property
    def decided(self) -> bool:
        """Met or not met: a state with a verdict on the target (and a mark), not its absence."""
        return bool(self.mark)


SAID: dict[TargetStatus, Said] = {
    TargetStatus.met: Said("достигнута", "цель достигнута", "достигнуто", "✓", "met", "достигнуто", "достигнут"),
    TargetStatus.not_met: Said(
        "не достигнута", "цель не достигнута", "не достигнуто", "✗", "not-met", "не достигнуто", "не достигнут"
    ),
    TargetStatus.no_target: Said("цель не установлена", "цель не установлена", "цель не установлена", "", "none", ""),
    TargetStatus.no_data: Said(
        "нет данных", "нет данных", "нет данных", "", "none", "выполнение не оценено: нет данных"
    ),
}


def said(status: object) -> Said | None:
    """The words of a state the table holds (its text or the enum); None for anything else."""
    try:
        return SAID[TargetStatus(str(status))]
    except ValueError:
        return None


def marked(status: object, words: str) -> str:
    """``words`` after the state's mark, «✓ …», or as they are when the state has none."""
    found = said(status)
    return f"{found.mark} {words}" if found is not None and found.mark else words


def badge(status: object) -> Markup:
    """A table's status cell: «✓ достигнуто», «✗ не достигнуто», «нет данных», «цель не установлена»; «—» for
    a state the table does not know."""
    found = said(status)
    if found is None:
        return Markup('<span class="pf-status pf-status--none">—</span>')
    text = marked(status, found.result)
    return Markup('<span class="pf-status pf-status--{}">{}</span>').format(found.css, text)
