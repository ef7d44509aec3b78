"""Whether a municipality's programme target is reached: the one set of states every stage speaks of.

Why an enum of strings: the indicator table keeps the state in its ``target_status`` column, the open data
and the caches hold it as text, and the rules compare it; a ``StrEnum`` is equal to its text, so each of
them reads the same value, while a misspelt state is a name error rather than a silent «no target».
The words a reader sees for each state are in :mod:`generator.site.status_words`.
"""

from __future__ import annotations

from enum import StrEnum


class TargetStatus(StrEnum):
    met = "met"  # the value reaches the target, in the direction that is better
    not_met = "not_met"
    no_target = "no_target"  # the programme sets no target for this indicator (and the region never has one)
    no_data = "no_data"  # a target is set, but there is no value to compare with it
