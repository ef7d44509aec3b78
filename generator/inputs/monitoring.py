"""The monitoring dates of a deployment: the day of every year its data are taken as of, and the editions
that have a day of their own.

The day is the deployment's: ``data/region.yaml`` ``monitoring_date`` (every edition) and
``monitoring_dates`` (one edition). When it says nothing, the day is the default of
``monitoring.defaults.yaml`` beside this module — data, not code: the procedure of one monitoring
names its day, another names another.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from babel.dates import format_date

from generator.core.formatting import LOCALE, academic_year, format_date_text

if TYPE_CHECKING:
    from generator.inputs.registry_model import RegistryFile

DEFAULTS = Path(__file__).with_name("monitoring.defaults.yaml")


@cache
def default_day() -> tuple[int, int]:
    """(month, day) of ``monitoring_date`` in the shipped defaults."""
    data = yaml.safe_load(DEFAULTS.read_text(encoding="utf-8"))
    day = data["monitoring_date"]
    return int(day["month"]), int(day["day"])


@dataclass(frozen=True)
class Monitoring:
    """The monitoring dates of a deployment: one day of every year, and the editions that differ."""

    month: int = field(default_factory=lambda: default_day()[0])
    day: int = field(default_factory=lambda: default_day()[1])
    overrides: Mapping[int, date] = field(default_factory=dict)

    @classmethod
    def of(cls, registry: RegistryFile | None) -> Monitoring:
        if registry is None:
            return cls()
        default = registry.monitoring_date
        month, day = (default.month, default.day) if default is not None else default_day()
        day = min(day, calendar.monthrange(2023, month)[1])  # 30 February is an error told by the loader
        return cls(month, day, dict(registry.monitoring_dates))

    def date(self, year: int) -> date:
        """The day the data of edition ``year`` are taken as of."""
        return self.overrides.get(year) or date(year, self.month, self.day)

    def own(self, year: int) -> bool:
        """Whether the edition has a date of its own, other than the deployment's day."""
        return self.date(year) != date(year, self.month, self.day)

    def period(self, year: int) -> tuple[date, date]:
        """The edition's school year: from the day after the previous edition's date to its own date."""
        return self.date(year - 1) + timedelta(days=1), self.date(year)

    def edition_of(self, day: date) -> int:
        """The edition a date belongs to: 15.06.2024 belongs to 2025 with the default 31 May."""
        return day.year if day <= self.date(day.year) else day.year + 1

    def day_text(self) -> str:
        """The deployment's day in running text: «31 мая»."""
        return format_date(date(2001, self.month, self.day), "d MMMM", locale=LOCALE)

    def as_of_text(self, year: int) -> str:
        """«31 мая» for an edition on the deployment's day, «15 февраля 2023 г.» for one with its own date."""
        return format_date_text(self.date(year)) if self.own(year) else self.day_text()

    def yearly(self, years: Iterable[int], every: str = "") -> str:
        """«по состоянию на 31 мая», with the editions among ``years`` that have dates of their own:
        «по состоянию на 31 мая (в 2022/23 учебном году — на 15 февраля 2023 г.)»; ``every`` follows the
        day («каждого года»)."""
        text = f"по состоянию на {self.day_text()}{every}"
        own = [y for y in sorted(set(years)) if self.own(y)]
        if own:
            text += " (" + "; ".join(f"в {prepositional(y)} — на {format_date_text(self.date(y))}" for y in own) + ")"
        return text


def prepositional(year: int) -> str:
    """«2022/23 учебном году»."""
    return academic_year(year).replace("учебный год", "учебном году")
