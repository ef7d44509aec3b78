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


def goal_words(status: object, planned: str | None, source: str | None = None) -> str:
    """A target on a line of its own, after «Цель»: «Цель — 60,0 %: достигнута» for a planned value (formatted
    by the caller), «Цель не достигнута (по данным источника; плановое значение не указано)» for the source's
    word without one (``planned`` None), with where the source says so when that is known. "" for a state
    the table does not know, or for the source's word on a state that is not a verdict."""
    found = said(status)
    if found is None:
        return ""
    if planned is not None:
        return f"Цель — {planned}: {found.goal}"
    if not found.decided:
        return ""
    where = f"по данным источника: {source}" if source else "по данным источника"
    return f"Цель {found.goal} ({where}; плановое значение не указано)"


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
