"""An edition's own date and state: the day its data are taken as of, its school year, and whether it is
complete.

* **The monitoring date.** Data of an edition Y (the school year ending in Y) are taken as of one day of Y:
  31 May unless ``data/region.yaml`` says otherwise — ``monitoring_date: {month: 2, day: 15}`` for every
  edition, ``monitoring_dates: {2023: 2023-02-15}`` for one. Texts say that day, recommendation deadlines
  are counted from it and must fall after it, and an event belongs to the edition whose school year holds
  it: after the previous edition's date, up to this one's.
* **Drafts.** An edition with fewer municipality files than the registry has municipalities is a draft:
  its pages are built (officials review them at their permanent addresses), marked preliminary, and it is
  not announced as the latest edition. It stops being a draft when every municipality is in, or when
  ``data/editions.yaml`` publishes it incomplete with a reason (``incomplete: "…"``), which its pages show.
  Either way, a region figure of an edition without every municipality says «по N из M муниципалитетов».
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.core.formatting import format_date_table, plural
from generator.inputs.monitoring import Monitoring

if TYPE_CHECKING:
    from generator.inputs.dataset import Dataset

MISSING_LISTED = 10
"""How many missing municipalities a draft's warning names before «и ещё N»."""


# --- drafts ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EditionState:
    """Which municipalities of the registry an edition has, and whether it is published without some."""

    year: int
    present: tuple[str, ...]
    missing: tuple[str, ...]  # in the registry's order
    incomplete: str | None = None  # the reason from data/editions.yaml, when published incomplete

    @property
    def total(self) -> int:
        return len(self.present) + len(self.missing)

    @property
    def partial(self) -> bool:
        """Not every municipality of the registry is in: region figures are over part of the region."""
        return bool(self.missing)

    @property
    def draft(self) -> bool:
        """Partial and not published incomplete: preliminary, never announced as the latest edition."""
        return self.partial and self.incomplete is None

    def coverage(self) -> str:
        """«по 1 из 14 муниципалитетов» — what a region figure of a partial edition is made of."""
        return f"по {len(self.present)} {of_municipalities(self.total)}"

    def notice(self) -> str:
        """The sentence a page of a partial edition carries; empty for a complete one."""
        if not self.partial:
            return ""
        if self.draft:
            return (
                f"Предварительный выпуск: данные представили {len(self.present)} {of_municipalities(self.total)}. "
                f"Значения по региону рассчитаны по представленным данным и изменятся, когда поступят остальные."
            )
        return (
            f"Выпуск опубликован неполным: в нём данные {len(self.present)} {of_municipalities(self.total)}. "
            f"Причина: {self.incomplete}"
        )


def of_municipalities(total: int) -> str:
    """«из 14 муниципалитетов», «из 21 муниципалитета»."""
    return f"из {total} {plural(total, ('муниципалитета', 'муниципалитетов', 'муниципалитетов'))}"


def edition_states(dataset: Dataset) -> dict[int, EditionState]:
    slugs = [m.slug for m in dataset.registry.municipalities]
    states = {}
    for year in dataset.years:
        present = tuple(s for s in slugs if (year, s) in dataset.entries)
        missing = tuple(s for s in slugs if (year, s) not in dataset.entries)
        states[year] = EditionState(year, present, missing, dataset.incomplete.get(year))
    return states


def announced(states: Mapping[int, EditionState]) -> int | None:
    """The edition announced as the latest: the last one that is not a draft (the last one, if all are)."""
    final = [y for y, s in states.items() if not s.draft]
    return max(final) if final else max(states, default=None)


def latest_of(dataset: Dataset, states: Mapping[int, EditionState], slug: str) -> int | None:
    """The edition a municipality's «последние данные» page shows: its last one that is not a draft (its last
    one, if it is only in drafts)."""
    years = [y for y in dataset.years if (y, slug) in dataset.entries]
    final = [y for y in years if not states[y].draft]
    return final[-1] if final else (years[-1] if years else None)


def period_text(monitoring: Monitoring, year: int) -> str:
    start, end = monitoring.period(year)
    return f"{format_date_table(start)} – {format_date_table(end)}"
