"""Create the demo region in ``data/``: the registry ``region.yaml`` and ``data/<year>/<slug>.yaml``.

Why this exists: the site, its tests and every newcomer need a realistic data set before a real region
hands over its monitoring, and the real municipal reports cannot be published as test data. The demo
region («Демонстрационная область») is fictitious — its municipalities, schools, numbers, documents and
links are invented — but it behaves like the real thing: 14 municipalities of the three types, five
academic years (2021/22–2025/26), every raw count that the catalogue needs in each year, smooth trends,
and a few stories that the pages and recommendations have to handle:

* ``zarechnyy-mr`` took part in «Билет в будущее» with a handful of pupils until 2023/24 and with none
  in 2024/25 and 2025/26 (earlier values stay below the catalogue's ``zero_after_at_least``, so the
  validator does not take the zero for a typing error);
* ``berezovskiy-mo`` has a share of pupils who passed career diagnostics falling four years in a row;
* seven municipalities have targets of their programme, some met and some not met in 2025/26;
* ``svetlogorskiy-go`` reports per school (9 schools, one of them for pupils with ОВЗ), the municipal
  totals being the sums.

The region is a profile, ``scripts/demo_profile.yaml``: its municipalities and schools, the rates and
amounts the numbers are drawn from, the stories, and the words of goals, events, measures, decisions and
analyses. This script is the method: cohorts, trends, noise, the checks the validator will make, and the
order of the random draws.

The output is committed. The script is deterministic — one seed (``random.Random(20260525)``), no clock —
and idempotent: a second run rewrites nothing. It reads the catalogue (``data/indicators.yaml``) to know
which counts each year needs, so a catalogue change is picked up by running it again::

    .venv/bin/python scripts/make_demo_data.py [--data DIR]

Do not edit the generated files by hand: change the profile (or this script) and run it.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from itertools import combinations
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
PROFILE = yaml.safe_load(Path(__file__).with_name("demo_profile.yaml").read_text(encoding="utf-8"))

SEED: int = PROFILE["seed"]
YEARS: tuple[int, ...] = tuple(PROFILE["years"])
LAST = YEARS[-1]
REGION_SITE: str = PROFILE["region"]["site"]
BIRTHS: dict[int, float] = PROFILE["births"]

MONTHS_GEN = (
    "", "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip
MONTHS_NOM = (
    "", "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)  # fmt: skip


# --- the catalogue ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Catalogue:
    counts: dict[str, dict[str, Any]]
    totals: dict[str, list[str]]
    indicators: dict[str, dict[str, Any]]
    sections: dict[str, str]

    @classmethod
    def read(cls, path: Path) -> Catalogue:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return cls(
            counts={c["id"]: c for c in raw["counts"]},
            totals={t["id"]: t["sum"] for t in raw.get("totals", [])},
            indicators={i["id"]: i for i in raw["indicators"]},
            sections={s["id"]: s["title"] for s in raw["sections"]},
        )

    def components(self, name: str) -> list[str]:
        if name in self.counts:
            return [name]
        return [c for part in self.totals[name] for c in self.components(part)]

    def exists(self, indicator: str, year: int) -> bool:
        ind = self.indicators[indicator]
        return (ind.get("since") or 0) <= year <= (ind.get("until") or 9999)

    def needed(self, year: int) -> list[str]:
        """The raw counts that the indicators of ``year`` use, with the populations they belong to."""
        wanted: set[str] = set()
        for ind_id, ind in self.indicators.items():
            if self.exists(ind_id, year):
                for key in ("numerator", "denominator"):
                    if ind.get(key):
                        wanted.update(self.components(ind[key]))
        grown = True
        while grown:
            grown = False
            for name in list(wanted):
                population = self.counts[name].get("part_of")
                if population:
                    extra = set(self.components(population)) - wanted
                    if extra:
                        wanted |= extra
                        grown = True
        return [name for name in self.counts if name in wanted]

    def resolve(self, counts: dict[str, int], name: str | None) -> int | None:
        if name is None:
            return None
        parts = self.components(name)
        if not all(p in counts for p in parts):
            return None
        return sum(counts[p] for p in parts)

    def value(self, indicator: str, counts: dict[str, int]) -> Fraction | None:
        """The exact value of an indicator (a share in %), or None."""
        ind = self.indicators[indicator]
        num = self.resolve(counts, ind["numerator"])
        if num is None:
            return None
        if ind["kind"] == "count":
            return Fraction(num)
        den = self.resolve(counts, ind.get("denominator"))
        if not den:
            return None
        return Fraction(num * (100 if ind["kind"] == "share" else 1), den)

    def precision(self, indicator: str) -> int:
        ind = self.indicators[indicator]
        if ind.get("precision") is not None:
            return int(ind["precision"])
        return {"share": 1, "count": 0, "ratio": 2}[ind["kind"]]


# --- small helpers ------------------------------------------------------------------------------


def half_up(x: float) -> int:
    return math.floor(x + 0.5)


def rounded(value: Fraction, digits: int) -> Fraction:
    """Half up at ``digits`` decimals, exactly as the site rounds."""
    scale = 10**digits
    return Fraction(math.floor(value * scale + Fraction(1, 2)), scale)


def number(value: Fraction | float | int, digits: int = 0) -> str:
    """A Russian number: decimal comma, thin grouping of thousands from 10 000."""
    value = rounded(Fraction(value), digits)
    whole = math.floor(value)
    text = f"{whole:,}".replace(",", " ") if whole >= 10_000 else str(whole)
    if digits:
        frac = round((value - whole) * 10**digits)
        text += "," + str(frac).rjust(digits, "0")
    return text


def pct(value: Fraction) -> str:
    """«47,3 %»; a whole share is written without «,0», as officials do."""
    r = rounded(value, 1)
    return f"{number(r, 0 if r.denominator == 1 else 1)} %"


def plural(n: int, forms: tuple[str, str, str]) -> str:
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return forms[0]
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return forms[1]
    return forms[2]


def ay(year: int) -> str:
    """The academic year ending in ``year``: «2025/26»."""
    return f"{year - 1}/{year % 100:02d}"


def date_text(d: date) -> str:
    return f"{d.day} {MONTHS_GEN[d.month]} {d.year} г."


def adj_gen(word: str) -> str:
    """Genitive of a masculine adjective: «Светлогорский» → «Светлогорского»."""
    return word[:-2] + "ого"


def adj_loc(word: str) -> str:
    return word[:-2] + "ом"


def clip(x: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, x))


def pick(rng: random.Random, rural: tuple[float, float], urban: tuple[float, float], u: float) -> float:
    lo = rural[0] + (urban[0] - rural[0]) * u
    hi = rural[1] + (urban[1] - rural[1]) * u
    return rng.uniform(lo, hi)


# --- the territory ------------------------------------------------------------------------------

TYPES: dict[str, dict[str, Any]] = PROFILE["types"]


@dataclass(frozen=True)
class SchoolSpec:
    suffix: str
    name: str
    students: int
    grades: int = 11
    ovz: bool = False
    strong: float = 0.0  # a gymnasium or a lyceum: more profile classes, more entrants to universities


@dataclass(frozen=True)
class Mun:
    slug: str
    adj: str  # «Светлогорский»
    type: str
    oktmo: str
    students: int  # pupils of grades 1–11 in the first year
    schools: int
    urban: float  # 0 — rural, 1 — a city
    site: str
    poo: tuple[str, str]  # a college of the municipality: adjective and noun («политехнический», «колледж»)
    plant: str  # an enterprise for excursions, in the accusative after «на»
    school_list: tuple[SchoolSpec, ...] = ()

    @classmethod
    def read(cls, entry: dict[str, Any]) -> Mun:
        schools = tuple(SchoolSpec(**school) for school in entry.get("school_list", ()))
        return cls(**{**entry, "poo": tuple(entry["poo"]), "school_list": schools})

    @property
    def name(self) -> str:
        return f"{self.adj} {self.type}"

    @property
    def gen(self) -> str:
        first, second = self.type.split()
        return f"{adj_gen(self.adj)} {adj_gen(first)} {second}а"

    @property
    def loc(self) -> str:
        first, second = self.type.split()
        return f"{adj_loc(self.adj)} {adj_loc(first)} {second}е"

    @property
    def noun(self) -> tuple[str, str, str]:
        return tuple(TYPES[self.type]["noun"])

    @property
    def dept(self) -> tuple[str, str]:
        """The education authority: nominative and genitive."""
        return tuple(TYPES[self.type]["dept"])

    @property
    def head(self) -> str:
        return TYPES[self.type]["head"]

    @property
    def deputy(self) -> str:
        return TYPES[self.type]["deputy"]

    @property
    def poo_nom(self) -> str:
        return f"{self.adj} {self.poo[0]} {self.poo[1]}"

    @property
    def poo_gen(self) -> str:
        return f"{adj_gen(self.adj)} {adj_gen(self.poo[0])} {self.poo[1]}а"

    @property
    def poo_loc(self) -> str:
        return f"{adj_loc(self.adj)} {adj_loc(self.poo[0])} {self.poo[1]}е"


MUNICIPALITIES = tuple(Mun.read(entry) for entry in PROFILE["municipalities"])
STORIES: dict[str, dict[str, Any]] = PROFILE["stories"]
ZERO_BILET: str = STORIES["zero_bilet"]["municipality"]
DECLINING_DIAGNOSTICS: str = STORIES["declining_diagnostics"]["municipality"]
PER_SCHOOL: str = STORIES["per_school"]["municipality"]
TARGETS_SINCE: dict[str, int] = PROFILE["targets_since"]
MUNICIPAL_ONLY: tuple[str, ...] = tuple(PROFILE["municipal_only"])


# --- the numbers --------------------------------------------------------------------------------

# Shares of a population: count, population, base (rural, urban), change a year, ceiling.
RATES = tuple(
    (name, r["of"], tuple(r["rural"]), tuple(r["urban"]), tuple(r["change"]), r["cap"])
    for name, r in PROFILE["rates"].items()
)
# Diagnostics by grade: base (rural, urban) of the share of a grade.
DIAGNOSED = {name: (tuple(d["rural"]), tuple(d["urban"])) for name, d in PROFILE["diagnosed"].items()}
# Counts of things per 1000 pupils («k») or per school («s»), yearly growth, and a floor for a municipality.
AMOUNTS = tuple(
    (name, "k" if a["per"] == "1000 pupils" else "s", tuple(a["base"]), tuple(a["growth"]), a["floor"])
    for name, a in PROFILE["amounts"].items()
)


@dataclass
class Unit:
    """A municipality reporting totals, or one school of a municipality that reports per school."""

    key: str
    students: int
    urban: float
    schools: int
    grades: int = 11
    ovz: bool = False
    strong: float = 0.0
    municipal: bool = True
    rng: random.Random = field(default_factory=random.Random)


def cohort_sizes(unit: Unit) -> dict[int, dict[str, int]]:
    """Pupils by grade and year, following birth cohorts through the grades."""
    rng = unit.rng
    noise = {b: rng.uniform(0.95, 1.05) for b in BIRTHS}
    migration = -0.012 + 0.016 * unit.urban + rng.uniform(-0.004, 0.004)
    cont = clip(0.44 + 0.16 * unit.urban + 0.1 * unit.strong + rng.uniform(-0.03, 0.03), 0.3, 0.8)
    cont_trend = rng.uniform(0.0, 0.006)

    def raw(grade: int, year: int) -> float:
        born = year - 7 - grade
        size = BIRTHS[born] * noise[born] * (1 + migration) ** (grade - 1)
        if grade >= 10:
            size *= (cont + cont_trend * (year - grade + 9 - YEARS[0])) * (0.97 if grade == 11 else 1.0)
        return size

    grades = range(1, unit.grades + 1)
    scale = unit.students / sum(raw(g, YEARS[0]) for g in grades)
    result = {}
    for year in YEARS:
        jitter = {g: rng.uniform(0.995, 1.005) for g in range(1, 12)}
        result[year] = {
            f"students_g{g}": (half_up(raw(g, year) * scale * jitter[g]) if g <= unit.grades else 0)
            for g in range(1, 12)
        }
    return result


def generate_unit(unit: Unit, catalogue: Catalogue) -> dict[int, dict[str, int]]:
    """Every raw count of a unit for every year (the caller keeps those a year needs)."""
    rng = unit.rng
    u = unit.urban + 0.5 * unit.strong
    grades = cohort_sizes(unit)
    rates = {}
    for name, _pop, rural, urban, slope, _cap in RATES:
        rates[name] = (pick(rng, rural, urban, min(u, 1.0)), rng.uniform(*slope))
    if unit.strong:
        for name, shift in (("students_deep_study", 0.15), ("grads11_profile", 0.2), ("grads11_to_vo", 0.15)):
            base, slope = rates[name]
            rates[name] = (base + shift * unit.strong, slope)
    if unit.ovz:
        rates["students_ovz"] = (1.0, 0.0)
        rates["students_deep_study"] = (0.0, 0.0)
        rates["abilympics_participants"] = (rng.uniform(0.07, 0.1), rng.uniform(0.005, 0.01))
        rates["abilympics_masterclass"] = (rng.uniform(0.15, 0.2), rng.uniform(0.01, 0.02))
        rates["ovz_covered"] = (rng.uniform(0.85, 0.9), rng.uniform(0.01, 0.02))
    diag_slope = rng.uniform(0.005, 0.02)
    diagnosed = {name: (pick(rng, r, ur, min(u, 1.0)), diag_slope) for name, (r, ur) in DIAGNOSED.items()}
    if unit.key == DECLINING_DIAGNOSTICS:
        diagnosed = {name: (base + 0.14, -0.055) for name, (base, _s) in diagnosed.items()}
    cont_to_poo = clip(
        1 - (grades[YEARS[0]]["students_g10"] / max(grades[YEARS[0]]["students_g9"], 1)) - rng.uniform(0.02, 0.05),
        0.15,
        0.85,
    )
    poo9_slope = rng.uniform(-0.004, 0.008)
    poo11 = (pick(rng, (0.28, 0.38), (0.15, 0.25), min(u, 1.0)) - 0.1 * unit.strong, rng.uniform(-0.005, 0.006))
    ege_coef = (pick(rng, (2.2, 2.45), (2.45, 2.75), min(u, 1.0)) + 0.2 * unit.strong, rng.uniform(0.02, 0.05))
    amounts = {name: (rng.uniform(*per), rng.uniform(*growth)) for name, _b, per, growth, _m in AMOUNTS}
    schools_total = unit.schools
    closes_a_school = unit.municipal and unit.urban < 0.5 and rng.random() < 0.5
    closed_in = rng.choice((2023, 2024, 2025, 2026)) if closes_a_school else 0
    preschools = (
        max(1, half_up(unit.schools * rng.uniform(0.9, 1.3)))
        if unit.urban < 0.7
        else half_up(unit.students / rng.uniform(380, 460))
    )
    dod = max(1, half_up(unit.schools / rng.uniform(5, 8))) if unit.municipal else 0
    programs = rng.choice((1, 1, 2, 2, 3))
    acts = rng.randint(8, 16)
    methods = rng.randint(4, 7) + half_up(4 * unit.urban)
    psych_per_school = pick(rng, (0.55, 0.75), (0.85, 1.05), unit.urban)
    staff_ratio = 8.5 + 5.5 * unit.urban + rng.uniform(-0.5, 0.5)
    # a school: which of the yes/no things it has, and since when
    flags = {name: rng.randint(YEARS[0] - 4, YEARS[-1] + 4) for name, pop, *_ in RATES if pop == "schools_total"}
    flags["schools_total"] = YEARS[0] - 100
    if not unit.municipal and unit.grades < 11:
        flags["schools_network_soo"] = 9999

    years: dict[int, dict[str, int]] = {}
    for year in YEARS:
        t = year - YEARS[0]
        c: dict[str, int] = dict(grades[year])
        if unit.municipal:
            c["schools_total"] = schools_total - (1 if closed_in and year >= closed_in else 0)
            c["preschools_total"] = preschools
        else:
            c["schools_total"] = 1
            c["preschools_total"] = 0  # the municipality reports kindergartens, not a school
        c["staff_total"] = half_up(c_students(c) / staff_ratio * rng.uniform(0.99, 1.01) + 3 * c["schools_total"])
        c["grads9"] = half_up(c["students_g9"] * rng.uniform(0.975, 0.99))
        c["grads11"] = half_up(c["students_g11"] * rng.uniform(0.985, 0.997))
        if unit.municipal:
            psych = max(8, half_up(c["schools_total"] * psych_per_school * (1 + 0.015 * t)))
        else:
            psych = 2 if unit.ovz or unit.students > 1100 else 1
        c["psychologists_total"] = psych

        def share(
            name: str, population: int, base: float, slope: float, cap: float, noise: float = 0.004, t: int = t
        ) -> int:
            value = clip(base + slope * t + rng.uniform(-noise, noise), 0.0, cap)
            return min(population, half_up(value * population))

        for name, pop, _rural, _urban, _slope, cap in RATES:
            base, slope = rates[name]
            if name == "grads11_to_vo":
                continue
            if pop == "schools_total" and not unit.municipal:
                c[name] = 1 if year >= flags[name] else 0
                continue
            if name in ("students_ovz",):
                c[name] = c_students(c) if unit.ovz else share(name, c_students(c), base, slope, cap, 0.001)
                continue
            if name.startswith("grads11_") or name.startswith("grads_") or name.startswith("grads9_"):
                continue  # after the admissions below
            population = pop_value(catalogue, c, pop)
            c[name] = share(name, population, base, slope, cap)
        for name, (base, slope) in diagnosed.items():
            grade = name.removeprefix("diagnosed_")
            c[name] = share(name, c[f"students_{grade}"], base, slope, 0.97, 0.006)
        # admissions, in the order of their populations
        c["grads9_to_poo"] = share("grads9_to_poo", c["grads9"], cont_to_poo, poo9_slope, 0.9)
        if unit.ovz:
            c["grads9_to_poo"] = half_up(c["grads9"] * rng.uniform(0.78, 0.84))
        base, slope = rates["grads11_to_vo"]
        c["grads11_to_vo"] = share("grads11_to_vo", c["grads11"], base, slope, 0.85)
        c["grads11_to_poo"] = min(
            c["grads11"] - c["grads11_to_vo"], share("grads11_to_poo", c["grads11"], poo11[0], poo11[1], 0.5)
        )
        for name in (
            "grads11_profile", "grads11_profile_subjects", "grads11_ege_3plus", "grads9_poo_gia_profile",
            "grads9_by_profile", "grads11_by_profile", "grads_poo_home_region", "grads_vo_home_region",
            "targeted_admissions",
        ):  # fmt: skip
            base, slope = rates[name]
            pop = next(p for n, p, *_ in RATES if n == name)
            cap = next(cap for n, *_, cap in RATES if n == name)
            c[name] = share(name, pop_value(catalogue, c, pop), base, slope, cap)
        c["ege_exams_for_vo"] = half_up(c["grads11"] * (ege_coef[0] + ege_coef[1] * t + rng.uniform(-0.03, 0.03)))
        seniors = c["students_g10"] + c["students_g11"]
        c["profile_classes"] = max(1 if seniors else 0, half_up(seniors * rates["grads11_profile"][0] / 24)) + half_up(
            c["students_deep_study"] / 200
        )
        students = c_students(c)
        for name, basis, _per, _growth, floor in AMOUNTS:
            per, growth = amounts[name]
            size = students / 1000 if basis == "k" else c["schools_total"]
            value = per * size * (1 + growth) ** t * rng.uniform(0.94, 1.06)
            if name == "events_soo" and not c["students_g11"] and not c["students_g10"]:
                value = 0
            if unit.ovz and name in ("ovz_events", "ovz_seminars"):
                value *= 8
            c[name] = max(floor if unit.municipal else 0, half_up(value))
        c["practice_places"] = half_up(c["practice_enterprises"] * rng.uniform(3.5, 5.5))
        c["dod_organizations"] = dod
        c["municipal_programs"] = programs
        c["normative_acts"] = acts + t + (1 if t >= 2 else 0)
        c["diagnostic_methods"] = methods + (t + 1) // 2 if unit.municipal else 2 + t // 2
        years[year] = c
    add_itemised_counts(unit, years)
    return years


# The breakdowns asked item by item, drawn from a random stream of their own (see the profile).
LABOUR_AREAS = {name: (p["rural"], p["urban"]) for name, p in PROFILE["labour_areas"].items()}
DOD_AREAS: dict[str, float] = PROFILE["dod_areas"]
ITEMISED = frozenset(PROFILE["itemised"])
# A nudge of one of these (see fix_identical_series) is given back by its sibling.
SIBLING: dict[str, str] = PROFILE["sibling"]


def add_itemised_counts(unit: Unit, years: dict[int, dict[str, int]]) -> None:
    rng = random.Random(f"{SEED}:{unit.key}:itemised")
    u = min(unit.urban + 0.5 * unit.strong, 1.0)
    plan_base, plan_slope = pick(rng, (0.55, 0.7), (0.65, 0.8), u), rng.uniform(0.03, 0.05)
    plan_since = rng.randint(YEARS[0] - 3, YEARS[-1] + 3)
    teachers_part = rng.uniform(0.65, 0.85)
    skills_base, skills_slope = pick(rng, (0.03, 0.06), (0.05, 0.09), u), rng.uniform(0.004, 0.01)
    # each labour group keeps its area from year to year: the n-th group of the unit is in labour_area[n]
    labour_weights = [rural + (urban - rural) * unit.urban for rural, urban in LABOUR_AREAS.values()]
    most = max(years[year]["labour_associations"] for year in YEARS)
    labour_area = rng.choices(list(LABOUR_AREAS), weights=labour_weights, k=most)
    dod = years[YEARS[0]]["dod_organizations"]
    dod_areas = dict.fromkeys(DOD_AREAS, 0)
    for _ in range(dod):
        areas = [name for name, p in DOD_AREAS.items() if rng.random() < p] or ["dod_orgs_arts"]
        for name in areas:
            dod_areas[name] += 1
    shares = {  # base, change a year
        "preschools_responsible": (rng.uniform(0.5, 0.7), rng.uniform(0.04, 0.07)),
        "dod_responsible": (rng.uniform(0.6, 0.85), rng.uniform(0.04, 0.08)),
        "preschools_ovz_conditions": (rng.uniform(0.15, 0.3), rng.uniform(0.02, 0.04)),
        "dod_ovz_conditions": (rng.uniform(0.3, 0.5), rng.uniform(0.03, 0.05)),
    }
    for year in YEARS:
        t = year - YEARS[0]
        c = years[year]

        def part(base: float, slope: float, whole: int, cap: float = 1.0, noise: float = 0.004, t: int = t) -> int:
            return min(whole, half_up(clip(base + slope * t + rng.uniform(-noise, noise), 0.0, cap) * whole))

        if unit.municipal:
            c["schools_annual_plan"] = part(plan_base, plan_slope, c["schools_total"])
        else:
            c["schools_annual_plan"] = 1 if year >= plan_since else 0
        c["teachers_trained"] = part(teachers_part, 0.0, c["staff_trained"], noise=0.02)
        c["skills_contest_participants"] = part(skills_base, skills_slope, c_students(c), cap=0.4)
        for name in LABOUR_AREAS:
            c[name] = labour_area[: c["labour_associations"]].count(name)
        # a fifth of the documents are federal, a third regional, the rest municipal: three distinct series
        c["normative_acts_federal"] = half_up(c["normative_acts"] * 0.2)
        c["normative_acts_regional"] = half_up(c["normative_acts"] * 0.35)
        c["normative_acts_municipal"] = c["normative_acts"] - c["normative_acts_federal"] - c["normative_acts_regional"]
        c.update(dod_areas)
        for name, (base, slope) in shares.items():
            whole = c["preschools_total"] if name.startswith("preschools_") else c["dod_organizations"]
            c[name] = part(base, slope, whole)


def c_students(c: dict[str, int]) -> int:
    return sum(c[f"students_g{g}"] for g in range(1, 12))


def pop_value(catalogue: Catalogue, counts: dict[str, int], name: str) -> int:
    value = catalogue.resolve(counts, name)
    if value is None:
        raise KeyError(f"population {name} is not generated yet")
    return value


def override_zero_bilet(years: dict[int, dict[str, int]]) -> None:
    """«Билет в будущее» in the district: one small school until 2023/24, nobody since."""
    for year, (six_nine, ten_eleven) in STORIES["zero_bilet"]["bilet"].items():
        years[year]["bilet_6_9"] = six_nine
        years[year]["bilet_10_11"] = ten_eleven


# --- the checks the validator will make, made here first -------------------------------------------


def check_part_of(catalogue: Catalogue, counts: dict[str, int], where: str) -> None:
    for name, value in counts.items():
        population = catalogue.counts[name].get("part_of")
        if population is None:
            continue
        whole = catalogue.resolve(counts, population)
        if whole is not None and value > whole:
            raise SystemExit(f"{where}: {name} = {value} > {population} = {whole}")


def fix_identical_series(
    catalogue: Catalogue, years: dict[int, dict[str, int]], slug: str, fixable: bool = True
) -> None:
    """Two indicators with the same numerators over the years look like a copied table: nudge one.

    Sums over schools cannot be nudged here (the schools' counts would no longer add up): for them a
    clash stops the script, and a change of the seed or of the rates is needed. Of the two, an itemised
    count is nudged first, so that adding them leaves the older counts as they were.
    """
    for _ in range(20):
        series: dict[str, tuple[int, ...]] = {}
        for ind_id, ind in catalogue.indicators.items():
            values = tuple(
                v
                for year in YEARS
                if catalogue.exists(ind_id, year)
                and (v := catalogue.resolve(years[year], ind["numerator"])) is not None
            )
            if len(values) >= 2 and len(set(values)) > 1:
                series[ind_id] = values
        clash = clash_with = None
        for a, b in combinations(sorted(series), 2):
            shared = set(catalogue.components(catalogue.indicators[a]["numerator"])) & set(
                catalogue.components(catalogue.indicators[b]["numerator"])
            )
            if not shared and series[a] == series[b]:
                clash, clash_with = b, a
                break
        if clash is None:
            return
        # an itemised count (added later, with values of its own) is nudged before an older one
        candidates = [
            n for ind in (clash, clash_with) for n in catalogue.components(catalogue.indicators[ind]["numerator"])
        ]
        name = next((n for n in candidates if n in ITEMISED and (fixable or n in MUNICIPAL_ONLY)), None)
        if name is None and not fixable:
            raise SystemExit(f"{slug}: the indicator {clash} has the same series as another one")
        if name is None:
            name = catalogue.components(catalogue.indicators[clash]["numerator"])[0]
        counts = years[LAST]
        population = catalogue.counts[name].get("part_of")
        sibling = SIBLING.get(name)
        step = 1
        if population is not None and counts[name] >= pop_value(catalogue, counts, population):
            step = -1
        if sibling is not None and counts[sibling] - step < 0:
            step = -step
        counts[name] += step
        if sibling is not None:
            counts[sibling] -= step
    raise SystemExit(f"{slug}: could not make the series of the indicators differ")


def check_smooth(catalogue: Catalogue, years: dict[int, dict[str, int]], slug: str, limit: float = 15.0) -> None:
    for ind_id, ind in catalogue.indicators.items():
        if ind["kind"] != "share":
            continue
        previous = None
        for year in YEARS:
            if not catalogue.exists(ind_id, year):
                continue
            value = catalogue.value(ind_id, years[year])
            if value is not None and previous is not None and abs(rounded(value, 1) - rounded(previous, 1)) > limit:
                raise SystemExit(f"{slug} {year}: {ind_id} jumps {float(previous):.1f} → {float(value):.1f}")
            previous = value


# --- texts --------------------------------------------------------------------------------------


@dataclass
class Context:
    """What the texts of one municipality in one year may talk about."""

    mun: Mun
    year: int
    catalogue: Catalogue
    counts: dict[str, int]
    previous: dict[str, int] | None
    history: dict[int, dict[str, int]]
    targets: dict[str, float]
    rng: random.Random

    def v(self, indicator: str, year: int | None = None) -> Fraction | None:
        counts = self.counts if year is None else self.history.get(year)
        if counts is None or not self.catalogue.exists(indicator, year or self.year):
            return None
        return self.catalogue.value(indicator, counts)

    def prev(self, indicator: str) -> Fraction | None:
        return self.v(indicator, self.year - 1) if self.year - 1 in self.history else None

    @property
    def zero_bilet(self) -> bool:
        return self.mun.slug == ZERO_BILET and self.counts["bilet_6_9"] + self.counts["bilet_10_11"] == 0

    @property
    def declining(self) -> int:
        """How many years in a row the diagnostics share has fallen up to this year."""
        run = 0
        year = self.year
        while year - 1 in self.history:
            now, before = self.v("diagnostics_share_6_11", year), self.v("diagnostics_share_6_11", year - 1)
            if now is None or before is None or rounded(now, 1) >= rounded(before, 1):
                break
            run += 1
            year -= 1
        return run


def nice_above(value: Fraction, rng: random.Random, cap: int = 100) -> int:
    """A round planned share a little above the current value."""
    goal = float(value) + rng.uniform(2, 7)
    return int(min(cap, 5 * math.ceil(goal / 5)))


def nice_below(value: Fraction, rng: random.Random) -> int:
    goal = float(value) - rng.uniform(0.5, 4)
    return max(0, int(5 * math.floor(goal / 5)) if rng.random() < 0.6 else math.floor(goal))


def plan_share(ctx: Context, indicator: str) -> int:
    """The planned share used in goals and expected results: the target if there is one."""
    if indicator in ctx.targets:
        return round(ctx.targets[indicator])
    value = ctx.v(indicator) or Fraction(0)
    return nice_above(value, ctx.rng)


def change_words(now: Fraction, before: Fraction | None) -> str:
    if before is None:
        return ""
    diff = rounded(now, 1) - rounded(before, 1)
    if diff == 0:
        return "на уровне прошлого года"
    word = "выше" if diff > 0 else "ниже"
    return f"на {number(abs(diff), 1 if abs(diff).denominator != 1 else 0)} п. п. {word}, чем годом ранее"


ORDINALS: dict[int, str] = PROFILE["ordinals"]


GOALS: dict[str, str] = PROFILE["goals"]
GOAL_NOUNS: dict[str, list[str]] = PROFILE["goal_nouns"]
# What a target or a goal is about, for a sentence of the analysis: «не достигнуты значения по …».
ABOUT: dict[str, str] = PROFILE["about"]


def plan_text(ctx: Context, indicator: str, value: float) -> str:
    kind = ctx.catalogue.indicators[indicator]["kind"]
    if kind == "share":
        return f"{number(Fraction(str(value)), 0 if value == int(value) else 1)} %"
    if kind == "ratio":
        return number(Fraction(str(value)), 2)
    return str(int(value))


def planned(ctx: Context, indicator: str) -> float | None:
    """The planned value of an indicator in goals and expected results: the target if there is one."""
    if indicator in ctx.targets:
        return ctx.targets[indicator]
    value = ctx.v(indicator)
    if value is None:
        return None
    kind = ctx.catalogue.indicators[indicator]["kind"]
    if kind == "share":
        return None if value >= 93 else float(min(95, nice_above(value, ctx.rng)))
    if kind == "ratio":
        return math.ceil((float(value) + 0.05) * 20) / 20
    return float(half_up(float(value) * ctx.rng.uniform(1.08, 1.2)) + 1)


def goal_text(ctx: Context, indicator: str) -> str | None:
    value = planned(ctx, indicator)
    if value is None or not ctx.catalogue.exists(indicator, ctx.year):
        return None
    template = GOALS[indicator]
    if indicator == "diagnostics_share_6_11" and ctx.mun.slug == DECLINING_DIAGNOSTICS and ctx.declining:
        template = PROFILE["goal_restore_diagnostics"]
    words = GOAL_NOUNS.get(indicator)
    return template.format(v=plan_text(ctx, indicator, value), w=plural(int(value), words) if words else "")


def goals(ctx: Context) -> list[str]:
    m, y, rng = ctx.mun, ctx.year, ctx.rng
    must: list[str] = []
    if ctx.zero_bilet or (m.slug == ZERO_BILET and y == LAST - 2):
        must.append(PROFILE["goal_renew_bilet"].format(noun_gen=m.noun[1]))
    if m.slug == DECLINING_DIAGNOSTICS and ctx.declining:
        must.append(goal_text(ctx, "diagnostics_share_6_11") or "")
    for indicator in rng.sample(sorted(ctx.targets), min(2, len(ctx.targets))):
        text = goal_text(ctx, indicator)
        if text and text not in must and not (indicator == "bilet_share_6_11" and m.slug == ZERO_BILET):
            must.append(text)
    pool: list[tuple[float, str]] = []
    for indicator in GOALS:
        if indicator in ctx.targets or (indicator == "bilet_share_6_11" and m.slug == ZERO_BILET):
            continue
        if indicator == "diagnostics_share_6_11" and m.slug == DECLINING_DIAGNOSTICS and ctx.declining:
            continue
        text = goal_text(ctx, indicator)
        if text:
            pool.append((1.0, text))
    cabinets = min(ctx.counts["schools_total"], ctx.counts["schools_cabinet"] + rng.randint(1, 3))
    fill = {"cabinets": cabinets, "where": plural(cabinets, PROFILE["goal_where"]), "gen": m.gen}
    pool += [(g["weight"], g["text"].format(**fill)) for g in PROFILE["goals_more"] if y >= g.get("since", 0)]
    k = max(len(must), rng.choice((2, 3, 3)))
    return must + weighted_sample(rng, pool, k - len(must))


def weighted_sample(rng: random.Random, pool: list[tuple[float, Any]], k: int) -> list[Any]:
    pool = list(pool)
    chosen = []
    for _ in range(min(k, len(pool))):
        total = sum(w for w, _ in pool)
        r = rng.uniform(0, total)
        for index, (w, item) in enumerate(pool):
            r -= w
            if r <= 0:
                chosen.append(item)
                del pool[index]
                break
        else:
            chosen.append(pool.pop()[1])
    return chosen


HOLIDAYS = {(month, day) for month, day in PROFILE["holidays"]}


def working_day(day: date) -> date:
    """Events and orders happen on working days: move a weekend or a public holiday forward."""
    while day.weekday() >= 5 or (day.month, day.day) in HOLIDAYS:
        day += timedelta(days=1)
    return day


def school_year_date(rng: random.Random, year: int, months: Iterable[int]) -> date:
    month = rng.choice(list(months))
    calendar_year = year - 1 if month >= 9 else year
    start = date(calendar_year, month, 1)
    end = (date(calendar_year + (month == 12), month % 12 + 1, 1)) - timedelta(days=1)
    day = working_day(start + timedelta(days=rng.randint(0, (end - start).days - 3)))
    return day


def link(rng: random.Random, site: str, kind: str = "news") -> str:
    return f"https://{site}/{kind}/{rng.randint(1200, 9800)}"


def applies(entry: dict[str, Any], ctx: Context) -> bool:
    """Whether an entry of a pool of the profile (an event, a decision, a goal) belongs to this year."""
    if ctx.year < entry.get("since", 0) or ctx.year > entry.get("until", 9999):
        return False
    if entry.get("not_for_zero_bilet") and ctx.mun.slug == ZERO_BILET:
        return False
    if entry.get("only") == "zero_bilet" and ctx.mun.slug != ZERO_BILET:
        return False
    if entry.get("only") == "declining_diagnostics" and ctx.mun.slug != DECLINING_DIAGNOSTICS:
        return False
    return "declining_at_least" not in entry or ctx.declining >= entry["declining_at_least"]


def events(ctx: Context) -> list[dict[str, Any]]:
    m, y, rng = ctx.mun, ctx.year, ctx.rng
    sites = {"municipality": m.site, "region": REGION_SITE, None: None}
    pool = [
        (e["weight"], (e["title"].format(poo_loc=m.poo_loc, plant=m.plant), e["level"], e["months"], sites[e["site"]]))
        for e in PROFILE["events"]
        if applies(e, ctx)
    ]
    chosen = weighted_sample(rng, pool, rng.choice((3, 4) if y == LAST else (2, 3, 3, 4)))
    result = []
    for title, level, months, site in chosen:
        entry: dict[str, Any] = {"date": school_year_date(rng, y, months), "title": title, "level": level}
        if site is not None and rng.random() < 0.9:
            entry["link"] = link(rng, site)
        result.append(entry)
    return sorted(result, key=lambda e: (e["date"], e["title"]))


@dataclass(frozen=True)
class MeasureTemplate:
    group: int
    title: str
    responsible: str
    result: Callable[[Context], tuple[str, bool | None]]  # the expected result and whether the data met it
    indicators: tuple[str, ...]
    months: tuple[int, ...]
    since: int = 0
    not_for_zero_bilet: bool = False  # not in the plan of the municipality of the «Билет в будущее» story
    declining_diagnostics: bool = False  # always in the plan of the municipality whose diagnostics decline

    @classmethod
    def read(cls, entry: dict[str, Any]) -> MeasureTemplate:
        spec = entry["result"]
        if "share" in spec:
            result = _share_result(spec["share"], spec["text"])
        elif "count" in spec:
            result = _count_result(spec["count"], spec["text"], tuple(spec["nouns"]))
        else:
            result = _fixed(spec["fixed"])
        return cls(
            entry["group"], entry["title"], entry["responsible"], result, tuple(entry["indicators"]),
            tuple(entry["months"]), entry.get("since", 0), entry.get("not_for_zero_bilet", False),
            entry.get("declining_diagnostics", False),
        )  # fmt: skip


def _share_result(indicator: str, text: str) -> Callable[[Context], tuple[str, bool | None]]:
    def result(ctx: Context) -> tuple[str, bool | None]:
        value = ctx.v(indicator)
        if value is None:
            return text.format(p=plan_share(ctx, indicator)), None
        if indicator in ctx.targets:
            plan = round(ctx.targets[indicator])
        elif ctx.rng.random() < 0.78:
            plan = nice_below(value, ctx.rng)
        else:
            plan = nice_above(value, ctx.rng)
        return text.format(p=plan), rounded(value, 1) >= plan

    return result


def _count_result(name: str, text: str, forms: tuple[str, str, str]) -> Callable[[Context], tuple[str, bool | None]]:
    def result(ctx: Context) -> tuple[str, bool | None]:
        actual = ctx.counts[name]
        factor = ctx.rng.uniform(0.8, 0.97) if ctx.rng.random() < 0.8 else ctx.rng.uniform(1.08, 1.25)
        plan = max(1, half_up(actual * factor))
        return text.format(n=plan, w=plural(plan, forms)), actual >= plan

    return result


def _fixed(text: str) -> Callable[[Context], tuple[str, bool | None]]:
    return lambda ctx: (text.format(gen=ctx.mun.gen, poo=ctx.mun.poo_gen), None)


MEASURES = tuple(MeasureTemplate.read(entry) for entry in PROFILE["measures"])


def measures(ctx: Context, count: int) -> list[dict[str, Any]]:
    m, y, rng = ctx.mun, ctx.year, ctx.rng
    available = [t for t in MEASURES if y >= t.since]
    if m.slug == ZERO_BILET:
        available = [t for t in available if not t.not_for_zero_bilet]
    chosen = rng.sample(available, min(count, len(available)))
    if m.slug == DECLINING_DIAGNOSTICS and not any(t.declining_diagnostics for t in chosen):
        chosen[-1] = next(t for t in MEASURES if t.declining_diagnostics)
    chosen.sort(key=lambda t: MEASURES.index(t))
    result = []
    numbers: dict[int, int] = {}
    groups_used = sorted({t.group for t in chosen})
    for template in chosen:
        group = groups_used.index(template.group) + 1
        numbers[group] = numbers.get(group, 0) + 1
        deadline = school_year_date(rng, y, template.months)
        if template.months == (8,):
            deadline = date(y, 8, 31)
        text, met = template.result(ctx)
        fill = {
            "head": m.head, "deputy": m.deputy, "dept_gen": m.dept[1], "gen": m.gen, "poo": m.poo_gen,
        }  # fmt: skip
        entry: dict[str, Any] = {
            "number": f"{group}.{numbers[group]}",
            "title": template.title.format(**fill),
            "deadline": deadline,
        }
        roll = rng.random()
        if roll < 0.3:
            entry["deadline_text"] = f"до {date_text(deadline)}"
        elif roll < 0.45 and deadline.month in (4, 5):
            entry["deadline"] = date(y, 5, 31)
            entry["deadline_text"] = "в течение учебного года"
        elif roll < 0.55:
            entry["deadline_text"] = f"{MONTHS_NOM[deadline.month]} {deadline.year} г."
        entry["responsible"] = template.responsible.format(**fill)
        entry["expected_result"] = text
        entry["status"] = measure_status(ctx, entry["deadline"], met)
        entry["indicators"] = [i for i in template.indicators if ctx.catalogue.exists(i, y)]
        result.append(entry)
    renew = PROFILE["renew_bilet_measure"]
    if m.slug == ZERO_BILET and y in renew["deadline"]:
        deadline = renew["deadline"][y]
        result.append(
            {
                "number": f"{len(groups_used) + 1}.1",
                "title": renew["title"],
                "deadline": deadline,
                "deadline_text": f"до {date_text(deadline)}",
                "responsible": m.head,
                "expected_result": renew["expected_result"],
                "status": renew["status"][y],
                "indicators": list(renew["indicators"]),
            }
        )
    return result


def measure_status(ctx: Context, deadline: date, met: bool | None) -> str:
    rng = ctx.rng
    as_of = date(ctx.year, 5, 31)
    if deadline > as_of:
        return "в работе" if rng.random() < 0.65 else "запланировано"
    if met is True:
        return "выполнено"
    if met is False:
        return "не выполнено" if rng.random() < 0.7 else "перенесено"
    roll = rng.random()
    return "выполнено" if roll < 0.88 else ("перенесено" if roll < 0.95 else "не выполнено")


# The suffix of a decision's number by kind («327-о», «41-р»): one of a list is drawn.
NUMBER_SUFFIX: dict[str, str | list[str]] = PROFILE["decision_number_suffix"]


def decisions(ctx: Context, count: int) -> list[dict[str, Any]]:
    m, y, rng = ctx.mun, ctx.year, ctx.rng
    fill = {"gen": m.gen, "ay": ay(y), "ay_before": ay(y - 1)}
    pool = [
        (d["weight"], d["kind"], d["title"].format(**fill), tuple(d["months"]), tuple(d["indicators"]))
        for d in PROFILE["decisions"]
        if applies(d, ctx)
    ]
    must = [rest for w, *rest in pool if w >= 10]  # the decisions the stories need
    others = [(w, rest) for w, *rest in pool if w < 10]
    chosen = must + weighted_sample(rng, others, max(1, count - len(must)))
    per_day = 1.6 if m.urban > 0.7 else 0.7
    result = []
    for kind, title, months, indicators in chosen:
        when = school_year_date(rng, y, months)
        if months == (8, 9):
            when = working_day(date(y - 1, 8, 25) + timedelta(days=rng.randint(0, 12)))
        n = half_up(((when - date(when.year, 1, 1)).days + 1) * per_day) + rng.randint(1, 9)
        # one draw for every decision, whatever its kind
        suffixes = {k: rng.choice(v) if isinstance(v, list) else v for k, v in NUMBER_SUFFIX.items()}
        entry: dict[str, Any] = {"kind": kind, "number": f"{n}{suffixes[kind]}", "date": when, "title": title}
        if rng.random() < 0.85:
            entry["link"] = f"https://{m.site}/documents/{when.year}/{n}"
        if indicators:
            entry["indicators"] = [i for i in indicators if ctx.catalogue.exists(i, y)]
        result.append(entry)
    return sorted(result, key=lambda d: (d["date"], d["number"]))


def target_statuses(ctx: Context) -> dict[str, tuple[bool, Fraction]]:
    """Met or not, and the value, for each target of the year (as the site decides it)."""
    result = {}
    for indicator, target in ctx.targets.items():
        value = ctx.v(indicator)
        if value is not None:
            shown = rounded(value, ctx.catalogue.precision(indicator))
            result[indicator] = (shown >= Fraction(str(target)), shown)
    return result


def fact_text(ctx: Context, indicator: str, value: Fraction) -> str:
    kind = ctx.catalogue.indicators[indicator]["kind"]
    if kind == "share":
        return pct(value)
    return number(value, 2 if kind == "ratio" else 0)


FIELD = re.compile(r"\{([a-z_0-9]+(?::[a-z_0-9]+)?)(?:\|([^{}|]*)\|([^{}|]*)\|([^{}|]*))?\}")


def render(template: str, ctx: Context, **values: Any) -> str:
    """A text of the profile with its fields filled: {share:ID}, {count:ID}, {name}, {X|один|два|пять}."""

    def value(name: str) -> Any:
        kind, _, key = name.partition(":")
        if kind == "share":
            share = ctx.v(key)
            assert share is not None, key
            return pct(share)
        if kind == "count":
            return ctx.counts[key]
        return values[name]

    def field(match: re.Match[str]) -> str:
        name, *forms = match.groups()
        if forms[0] is None:
            return str(value(name))
        return plural(int(value(name)), (forms[0], forms[1], forms[2]))

    return FIELD.sub(field, template)


def sentence(entry: dict[str, str], ctx: Context, condition: bool, **values: Any) -> str:
    """A sentence of the profile and its ending: ``then`` when the condition holds, else ``otherwise``."""
    ending = entry.get("then", "") if condition else entry.get("otherwise", "")
    return render(entry["text"] + ending, ctx, **values)


def tasks_for(ctx: Context) -> list[str]:
    m, y, rng = ctx.mun, ctx.year, ctx.rng
    profile = PROFILE["tasks"]
    names = {"poo_gen": m.poo_gen, "noun_gen": m.noun[1]}

    def text(task: dict[str, Any]) -> str:
        chosen = rng.choice(task["texts"]) if "texts" in task else task["text"]
        return render(chosen, ctx, **names)

    tasks = []
    if m.slug == ZERO_BILET and y >= profile["zero_bilet"]["since"]:
        tasks.append(text(profile["zero_bilet"]))
    if m.slug == DECLINING_DIAGNOSTICS and ctx.declining >= 1:
        tasks.append(text(profile["declining_diagnostics"]))
    optional = []
    for task in profile["others"]:
        if "indicator" in task:
            value = ctx.v(task["indicator"])
            if value is None or value >= task["below"]:
                continue
        if task.get("few_cabinets") and ctx.counts["schools_cabinet"] * 3 >= ctx.counts["schools_total"]:
            continue
        if y < task.get("since", 0):
            continue
        optional.append(text(task))
    want = max(0, rng.choice((2, 3)) - len(tasks))
    return tasks + rng.sample(optional, min(want, len(optional)))


def missed_target(ctx: Context, indicator: str, value: Fraction) -> str:
    """«по … (план — …, факт — …)»: a target of the programme not met."""
    plan, fact = plan_text(ctx, indicator, ctx.targets[indicator]), fact_text(ctx, indicator, value)
    return render(PROFILE["analysis"]["targets"]["missed"], ctx, about=ABOUT[indicator], plan=plan, fact=fact)


def analysis(ctx: Context) -> str:
    """Four sentences or so, as an official writes them: coverage, the year's story, targets, tasks."""
    m, y, rng = ctx.mun, ctx.year, ctx.rng
    texts = PROFILE["analysis"]
    first: list[str] = []
    cov, cov_prev = ctx.v("guidance_coverage_share"), ctx.prev("guidance_coverage_share")
    n_events = ctx.catalogue.resolve(ctx.counts, "events_total") or 0
    assert cov is not None
    change = change_words(cov, cov_prev)
    coverage = texts["coverage"][rng.randrange(len(texts["coverage"]))]
    first.append(sentence(coverage, ctx, bool(change), ay=ay(y), gen=m.gen, events=n_events, change=change))
    diag, diag_prev = ctx.v("diagnostics_share_6_11"), ctx.prev("diagnostics_share_6_11")
    bilet, bilet_prev = ctx.v("bilet_share_6_11"), ctx.prev("bilet_share_6_11")
    assert diag is not None and bilet is not None
    if m.slug == ZERO_BILET:
        story = texts["zero_bilet"]
        n = ctx.counts["bilet_6_9"] + ctx.counts["bilet_10_11"]
        if n == 0 and y == LAST - 1:
            first.append(story["first_year_without"])
        elif n == 0:
            first.append(render(story["later"], ctx, dept_gen=m.dept[1]))
        else:
            first.append(render(story["few"], ctx, pupils=n))
    elif m.slug == DECLINING_DIAGNOSTICS and ctx.declining >= 2:
        story = texts["declining_diagnostics"]
        start = ctx.v("diagnostics_share_6_11", y - ctx.declining)
        assert start is not None
        reason = rng.choice(story["reasons"])
        fill = {"ordinal": ORDINALS[ctx.declining], "start": pct(start), "ay_start": ay(y - ctx.declining)}
        first.append(render(story["years"], ctx, reason=reason, **fill))
    elif m.slug == DECLINING_DIAGNOSTICS and ctx.declining == 1:
        first.append(render(texts["declining_diagnostics"]["first_year"], ctx, change=change_words(diag, diag_prev)))
    else:
        usual = rng.choice(texts["usual"])
        before = pct(bilet_prev) if bilet_prev is not None else None
        first.append(sentence(usual, ctx, bilet_prev is not None, before=before))
    paragraphs = [" ".join(first)]

    statuses = target_statuses(ctx)
    if statuses:
        met = sum(ok for ok, _ in statuses.values())
        missed = [i for i, (ok, _) in statuses.items() if not ok]
        if not missed:
            paragraphs.append(texts["targets"]["all_met"])
        else:
            details = [missed_target(ctx, i, statuses[i][1]) for i in missed[:2]]
            template = texts["targets"]["some_met" if met else "none_met"]
            paragraphs.append(render(template, ctx, met=met, total=len(statuses), missed=" и ".join(details)))
    else:
        options = [o for o in texts["admissions"] if y >= o.get("since", 0)]
        coef = ctx.v("ege_choice_coefficient")
        paragraphs.append(sentence(rng.choice(options), ctx, False, ege_coef=number(coef or 0, 2)))

    tasks = tasks_for(ctx)
    if tasks:
        if len(tasks) >= 2 and rng.random() < 0.6:
            items = "\n".join(f"- {t};" if i < len(tasks) - 1 else f"- {t}." for i, t in enumerate(tasks))
            paragraphs.append(render(texts["tasks_list"], ctx, ay_next=ay(y + 1), tasks=items))
        else:
            paragraphs.append(render(texts["tasks_sentence"], ctx, ay_next=ay(y + 1), tasks="; ".join(tasks)))
    return "\n\n".join(paragraphs)


def section_analysis(ctx: Context, k: int) -> dict[str, str]:
    m, y, rng = ctx.mun, ctx.year, ctx.rng
    values = {"plant": m.plant, "ordinal": ORDINALS.get(ctx.declining, ""), "ege_coef": ""}
    if y >= 2023:
        values["ege_coef"] = number(ctx.v("ege_choice_coefficient") or 0, 2)
    texts: dict[str, str] = {}
    for section, entry in PROFILE["section_analysis"].items():
        template = entry["zero_bilet"] if ctx.zero_bilet and "zero_bilet" in entry else entry["text"]
        if "declining" in entry and m.slug == DECLINING_DIAGNOSTICS and ctx.declining >= 1:
            extra = entry["declining"]
            template += (extra["more"] if ctx.declining > 1 else extra["one"]) + extra["then"]
        if "since_2023" in entry and y >= 2023:
            template += entry["since_2023"]
        texts[section] = render(template, ctx, **values)
    must = []
    if ctx.zero_bilet or (m.slug == ZERO_BILET and y == LAST - 2):
        must.append("early")
    if m.slug == DECLINING_DIAGNOSTICS and ctx.declining >= 1:
        must.append("preferences")
    rest = [s for s in texts if s not in must]
    chosen = must + rng.sample(rest, max(0, k - len(must)))
    order = list(ctx.catalogue.sections)
    return {s: texts[s] for s in sorted(chosen, key=order.index)}


def targets_for(
    catalogue: Catalogue, slug: str, history: dict[int, dict[str, int]], rng: random.Random
) -> dict[int, dict[str, float]]:
    """Planned values per year: a path that rises to the 2025/26 plan; met or not met in 2025/26."""
    since = TARGETS_SINCE.get(slug)
    if since is None:
        return {}
    pool = list(PROFILE["target_indicators"])
    chosen = rng.sample(pool, rng.randint(3, 5))
    forced = {ZERO_BILET: "bilet_share_6_11", DECLINING_DIAGNOSTICS: "diagnostics_share_6_11"}.get(slug)
    if forced and forced not in chosen:
        chosen[0] = forced
    order = {i: n for n, i in enumerate(catalogue.indicators)}
    chosen.sort(key=order.__getitem__)
    met_flags = [rng.random() < 0.6 for _ in chosen]
    if not any(met_flags):
        met_flags[-1] = True
    if all(met_flags):
        met_flags[0] = False
    if forced:
        met_flags[chosen.index(forced)] = False
    result: dict[int, dict[str, float]] = {y: {} for y in YEARS if y >= since}
    for ind_id, met in zip(chosen, met_flags, strict=True):
        kind = catalogue.indicators[ind_id]["kind"]
        value = catalogue.value(ind_id, history[LAST])
        assert value is not None
        if kind == "share":
            final = float(nice_below(value, rng)) if met else float(nice_above(value, rng))
            if ind_id == "bilet_share_6_11" and slug == ZERO_BILET:
                final = 40.0
            step = rng.choice((2.0, 3.0, 5.0))
        elif kind == "ratio":
            final = (
                math.floor((float(value) - rng.uniform(0.02, 0.1)) * 20) / 20
                if met
                else math.ceil((float(value) + rng.uniform(0.05, 0.15)) * 20) / 20
            )
            step = 0.05
        else:
            final = (
                float(math.floor(float(value) * rng.uniform(0.85, 0.95)))
                if met
                else float(math.ceil(float(value) * rng.uniform(1.1, 1.25)) + 1)
            )
            step = float(max(1, half_up(final * 0.06)))
        for year in result:
            if not catalogue.exists(ind_id, year):
                continue
            planned = final - step * (LAST - year)
            result[year][ind_id] = round(max(planned, 0.0), 2)
    return result


# --- writing --------------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def _str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    if "\n" in data:
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    if re.fullmatch(r"[0-9][0-9.]*", data):  # OKTMO codes, measure numbers: text, not numbers
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style='"')
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


def _float(dumper: yaml.SafeDumper, data: float) -> yaml.ScalarNode:
    text = f"{data:.2f}".rstrip("0").rstrip(".") if data != int(data) else str(int(data))
    return dumper.represent_scalar("tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int", text)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(float, _float)


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100_000)


def counts_block(catalogue: Catalogue, counts: dict[str, int], indent: int) -> str:
    pad = " " * indent
    lines = []
    current = object()
    for name in catalogue.counts:
        if name not in counts:
            continue
        section = catalogue.counts[name].get("section")
        if section != current:
            title = catalogue.sections[section] if section else "Контингент и сеть образовательных организаций"
            lines.append(f"{pad}# {title}")
            current = section
        lines.append(f"{pad}{name}: {counts[name]}")
    return "\n".join(lines) + "\n"


def render_year(
    catalogue: Catalogue,
    mun: Mun,
    year: int,
    counts: dict[str, int],
    schools: list[tuple[str, dict[str, int]]],
    rest: dict[str, Any],
) -> tuple[str, dict[str, Any]]:
    header = [line.format(ay=ay(year), year=year) for line in PROFILE["headers"]["year"]]
    text = "\n".join(header) + "\n" + dump({"municipality": mun.slug, "year": year})
    expected: dict[str, Any] = {"municipality": mun.slug, "year": year}
    if counts:
        text += "counts:\n" + counts_block(catalogue, counts, 2)
        expected["counts"] = counts
    if schools:
        text += "schools:\n"
        for school_id, school_counts in schools:
            text += f"  - school: {school_id}\n    counts:\n" + counts_block(catalogue, school_counts, 6)
        expected["schools"] = [{"school": s, "counts": c} for s, c in schools]
    for key in ("targets", "goals", "events", "measures", "decisions", "analysis", "section_analysis"):
        if rest.get(key):
            text += dump({key: rest[key]})
            expected[key] = rest[key]
    return text, expected


def write_if_changed(path: Path, text: str) -> bool:
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def check_roundtrip(path: Path, text: str, expected: dict[str, Any]) -> None:
    parsed = yaml.safe_load(text)
    if parsed != expected:
        for key in expected:
            if parsed.get(key) != expected[key]:
                raise SystemExit(f"{path}: the YAML of «{key}» does not read back as written")
        raise SystemExit(f"{path}: the YAML does not read back as written")


def registry_text() -> tuple[str, dict[str, Any]]:
    region = PROFILE["region"]
    data: dict[str, Any] = {
        "region": {"name": region["name"], "demo": region["demo"], "authority": region["authority"]},
        "municipalities": [],
    }
    for mun in MUNICIPALITIES:
        entry: dict[str, Any] = {"slug": mun.slug, "name": mun.name, "type": mun.type, "oktmo": mun.oktmo}
        if mun.school_list:
            entry["schools"] = []
            for school in mun.school_list:
                item: dict[str, Any] = {"id": f"{mun.slug}-{school.suffix}", "name": school.name}
                if school.ovz:
                    item["ovz"] = True
                entry["schools"].append(item)
        data["municipalities"].append(entry)
    header = "\n".join(PROFILE["headers"]["region"])
    return header + "\n" + dump(data), data


# --- the whole region -------------------------------------------------------------------------------


def build(catalogue: Catalogue, data: Path) -> dict[Path, tuple[str, dict[str, Any]]]:
    master = random.Random(SEED)
    seeds = {m.slug: (master.getrandbits(64), master.getrandbits(64), master.getrandbits(64)) for m in MUNICIPALITIES}
    files: dict[Path, tuple[str, dict[str, Any]]] = {data / "region.yaml": registry_text()}
    for mun in MUNICIPALITIES:
        num_seed, text_seed, target_seed = seeds[mun.slug]
        num_rng = random.Random(num_seed)
        per_school: dict[str, dict[int, dict[str, int]]] = {}
        if mun.school_list:
            for school in mun.school_list:
                unit = Unit(
                    key=f"{mun.slug}-{school.suffix}", students=school.students, urban=mun.urban, schools=1,
                    grades=school.grades, ovz=school.ovz, strong=school.strong, municipal=False,
                    rng=random.Random(num_rng.getrandbits(64)),
                )  # fmt: skip
                per_school[unit.key] = generate_unit(unit, catalogue)
            # network programmes with the college: one school joins at a time, so the share moves smoothly
            eligible = [f"{mun.slug}-{s.suffix}" for s in mun.school_list if s.grades == 11]
            joins = dict(zip(num_rng.sample(eligible, 4), (YEARS[0] - 1, 2023, 2025, 2026), strict=True))
            for key, years_ in per_school.items():
                for year, counts in years_.items():
                    counts["schools_network_soo"] = int(key in joins and year >= joins[key])
            # what only the municipality knows, sized by its pupils
            whole = Unit(mun.slug, mun.students, mun.urban, mun.schools, rng=random.Random(num_rng.getrandbits(64)))
            municipal = generate_unit(whole, catalogue)
            history = {}
            for year in YEARS:
                summed = {
                    name: sum(per_school[s][year][name] for s in per_school)
                    for name in catalogue.counts
                    if name not in MUNICIPAL_ONLY
                }
                summed.update({name: municipal[year][name] for name in MUNICIPAL_ONLY})
                history[year] = summed
        else:
            unit = Unit(mun.slug, mun.students, mun.urban, mun.schools, rng=num_rng)
            history = generate_unit(unit, catalogue)
        if mun.slug == ZERO_BILET:
            override_zero_bilet(history)
        for year in YEARS:
            needed = catalogue.needed(year)
            history[year] = {name: history[year][name] for name in needed}
            for school in per_school.values():
                school[year] = {name: school[year][name] for name in needed if name not in MUNICIPAL_ONLY}
        fix_identical_series(catalogue, history, mun.slug, fixable=not per_school)
        check_smooth(catalogue, history, mun.slug)
        for year in YEARS:
            check_part_of(catalogue, history[year], f"{mun.slug} {year}")
            for key, school in per_school.items():
                check_part_of(catalogue, school[year], f"{key} {year}")

        targets = targets_for(catalogue, mun.slug, history, random.Random(target_seed))
        text_rng = random.Random(text_seed)
        measures_since = text_rng.choice((2022, 2023, 2024, 2025, 2026))
        decisions_since = text_rng.choice((2022, 2023, 2024, 2025))
        if mun.slug in (ZERO_BILET, DECLINING_DIAGNOSTICS, PER_SCHOOL):
            measures_since = decisions_since = 2023
        for year in YEARS:
            ctx = Context(
                mun, year, catalogue, history[year], history.get(year - 1), history, targets.get(year, {}),
                random.Random(text_rng.getrandbits(64)),
            )  # fmt: skip
            rest: dict[str, Any] = {}
            if ctx.targets:
                rest["targets"] = ctx.targets
            rest["goals"] = goals(ctx)
            rest["events"] = events(ctx)
            if year >= measures_since:
                rest["measures"] = measures(ctx, ctx.rng.randint(5, 7) if year == LAST else ctx.rng.randint(3, 5))
            if year >= decisions_since:
                rest["decisions"] = decisions(ctx, ctx.rng.randint(2, 4) if year == LAST else ctx.rng.randint(1, 3))
            rest["analysis"] = analysis(ctx)
            if year == LAST or ctx.rng.random() < 0.6 or mun.slug in (ZERO_BILET, DECLINING_DIAGNOSTICS):
                rest["section_analysis"] = section_analysis(ctx, ctx.rng.choice((2, 2, 3)))
            if per_school:
                municipal_counts = {n: v for n, v in history[year].items() if n in MUNICIPAL_ONLY}
                schools = [(key, per_school[key][year]) for key in per_school]
            else:
                municipal_counts, schools = history[year], []
            path = data / str(year) / f"{mun.slug}.yaml"
            files[path] = render_year(catalogue, mun, year, municipal_counts, schools, rest)
    return files


def real_region(data: Path) -> str | None:
    """Why the demo region may not be written into ``data``, or None: a registry there that is not the demo's.

    Why: ``make demo-data`` in a region's own repository would have replaced its registry and the year files
    of every municipality that the demo also has by invented numbers, with nothing said."""
    registry = data / "region.yaml"
    if not registry.is_file():
        return None
    try:
        region = (yaml.safe_load(registry.read_text(encoding="utf-8")) or {}).get("region") or {}
    except (yaml.YAMLError, UnicodeDecodeError, AttributeError):
        region = {}
    if isinstance(region, dict) and region.get("demo") is True:
        return None
    name = region.get("name") if isinstance(region, dict) else None
    return (
        f"{registry}: реестр настоящего региона{f' («{name}»)' if name else ''}, не демонстрационного (нет demo: "
        f"true): демонстрационные данные не пишутся поверх него. Укажите другую папку: --data ПАПКА (в ней нужен "
        f"каталог indicators.yaml)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Создаёт демонстрационные данные по профилю scripts/demo_profile.yaml."
    )
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="папка данных с каталогом (по умолчанию data)")
    data: Path = parser.parse_args(argv).data
    refused = real_region(data)
    if refused is not None:
        print(refused, file=sys.stderr)
        return 1
    catalogue = Catalogue.read(data / "indicators.yaml")
    files = build(catalogue, data)
    written = 0
    for path, (text, expected) in files.items():
        check_roundtrip(path, text, expected)
        written += write_if_changed(path, text)
    known = set(files)
    strays = sorted(
        p for year_dir in data.glob("[0-9][0-9][0-9][0-9]") for p in year_dir.glob("*.y*ml") if p not in known
    )
    for stray in strays:
        print(f"внимание: {stray} не создан скриптом — проверьте, нужен ли он", file=sys.stderr)
    files_word = plural(len(files), ("файл", "файла", "файлов"))
    print(f"Демонстрационные данные: {len(files)} {files_word}, изменено {written}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
