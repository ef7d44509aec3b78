"""A synthetic region of any size, made from a template data folder, for benchmarks and scale tests.

Why: the speed goals of issue 6 are about a region of 60 municipalities over five or ten years (and the
country, of dozens of regions), while the shipped demo has 14 municipalities over five years. Writing a
second generator of realistic data would duplicate ``scripts/make_demo_data.py``; instead the template's
municipalities are cloned under new slugs and names, their counts multiplied by a whole factor drawn from a seed
(so every sum stays a sum and every part within its whole: the data stay valid), and older years are made from
the template's oldest year with every date moved back. Texts, events and measures come along, so pages
are as long as real ones, and per-school municipalities stay per-school.

The output goes where it is told (a temporary or build folder), never into ``data/``; the same template,
size and seed give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

COPIED = ("indicators.yaml", "rules.yaml")
"""Files of the template that the synthetic region shares unchanged (no urls.lock: its addresses are new)."""


@dataclass(frozen=True)
class SyntheticRegion:
    root: Path
    municipalities: list[str]
    years: list[int]
    files: int


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


def _shift_dates(node: Any, years: int) -> Any:
    """Every date in a year file moved by whole years (29 February becomes the 28th)."""
    if years == 0:
        return node
    if isinstance(node, dict):
        return {k: _shift_dates(v, years) for k, v in node.items()}
    if isinstance(node, list):
        return [_shift_dates(v, years) for v in node]
    if isinstance(node, dt.date):
        try:
            return node.replace(year=node.year + years)
        except ValueError:
            return node.replace(year=node.year + years, day=28)
    return node


def _scale_counts(counts: dict[str, Any], factor: int) -> dict[str, Any]:
    # A whole multiple keeps every sum a sum and every part within its whole; shares stay those of the
    # template, counts (and so every chart of counts and every table) differ.
    return {k: v * factor if isinstance(v, int) and not isinstance(v, bool) else v for k, v in counts.items()}


def _clone_year(doc: dict[str, Any], slug: str, old_slug: str, year: int, factor: int, shift: int) -> dict[str, Any]:
    out = _shift_dates(doc, shift)
    out["municipality"] = slug
    out["year"] = year
    if isinstance(out.get("counts"), dict):
        out["counts"] = _scale_counts(out["counts"], factor)
    for school in out.get("schools") or []:
        school["school"] = slug + str(school["school"]).removeprefix(old_slug)
        school["counts"] = _scale_counts(school.get("counts") or {}, factor)
    out.pop("printed", None)  # printed shares of the template's report do not follow scaled counts
    return out


def make_region(
    template: Path, out: Path, *, municipalities: int = 60, years: int = 5, seed: int = 6
) -> SyntheticRegion:
    """Write a region of ``municipalities`` × ``years`` into ``out`` (replaced) from the ``template`` data folder."""
    if municipalities < 1 or years < 1:
        raise ValueError("a region needs at least one municipality and one year")
    registry = _load(template / "region.yaml")
    source_years = sorted(int(p.name) for p in template.iterdir() if p.is_dir() and p.name.isdigit())
    last = source_years[-1]
    wanted = list(range(last - years + 1, last + 1))
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in COPIED:
        if (template / name).is_file():
            shutil.copy(template / name, out / name)
    sources = registry["municipalities"]
    clones: list[dict[str, Any]] = []
    files = 0
    for k in range(municipalities):
        src = sources[k % len(sources)]
        copy = k // len(sources)
        slug = src["slug"] if copy == 0 else f"{src['slug']}-{copy + 1}"
        factor = 1 if copy == 0 else rng.randint(2, 4)
        entry = {key: value for key, value in src.items() if key != "oktmo"}
        entry["slug"] = slug
        if copy:
            entry["name"] = f"{src['name']} № {copy + 1}"
        if src.get("schools"):
            entry["schools"] = [
                {**school, "id": slug + str(school["id"]).removeprefix(src["slug"])} for school in src["schools"]
            ]
        clones.append(entry)
        for year in wanted:
            from_year = year if year in source_years else source_years[0]
            path = template / str(from_year) / f"{src['slug']}.yaml"
            if not path.is_file():
                continue
            doc = _load(path)
            cloned = _clone_year(doc, slug, src["slug"], year, factor, year - from_year)
            target = out / str(year) / f"{slug}.yaml"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_dump(cloned), encoding="utf-8")
            files += 1
    region = dict(registry)
    region["region"] = {**registry["region"], "demo": True}
    region["municipalities"] = clones
    (out / "region.yaml").write_text(_dump(region), encoding="utf-8")
    return SyntheticRegion(out, [c["slug"] for c in clones], wanted, files + 1)


def bump_one_count(data: Path, year: int) -> Path:
    """A data commit as the benchmark and the tests make it: one pupils' count of the first municipality
    of ``year`` goes up by one. Returns the changed file."""
    path = sorted((data / str(year)).glob("*.yaml"))[0]
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    counts = doc.get("counts") or doc["schools"][0]["counts"]
    name = next(k for k, v in counts.items() if isinstance(v, int) and v > 10 and k.startswith("students_g"))
    counts[name] += 1
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def add_year_file(data: Path, year: int, slug: str | None = None) -> Path:
    """A data commit of the collection season: municipality ``slug``'s file of ``year``, made from its file of
    the year before with every date a year on (by default the first municipality without a file of ``year``).
    Returns the new file."""
    before = data / str(year - 1)
    done = {p.stem for p in (data / str(year)).glob("*.yaml")}
    slug = slug or next(p.stem for p in sorted(before.glob("*.yaml")) if p.stem not in done)
    doc = _clone_year(_load(before / f"{slug}.yaml"), slug, slug, year, 1, 1)
    target = data / str(year) / f"{slug}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(_dump(doc), encoding="utf-8")
    return target
