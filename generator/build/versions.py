"""The data's version and dates: what the footer names, and the moment each edition's data last changed.

Why apart from the pipeline: the dates come from git (or ``SOURCE_DATE_EPOCH``), never from the clock, so two
builds of one commit give the same bytes; every stage that prints a date asks here.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from generator.core.formatting import (
    format_date_table,
)


def data_version(root: Path, paths: list[Path] | None = None) -> str:
    """A short fingerprint of the data files (all of them, or ``paths``): the footer names the data a page
    was built from."""
    digest = hashlib.sha256()
    chosen = paths if paths is not None else [p for p in root.rglob("*") if p.is_file()]
    for path in sorted(p for p in chosen if p.is_file() and not p.name.startswith(".")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


EDITION_SHARED = ("indicators.yaml", "region.yaml", "rules.yaml")
"""Files every edition is computed from, besides the year folders up to its own year."""


def edition_inputs(root: Path, year: int) -> list[Path]:
    """The data files an edition's pages are made of: the catalogue, the registry, the rules and the
    years up to the edition's own (a page shows the trend and the change to the year before). A later
    year or a correction of the current one leaves a past edition's inputs — and so its pages — alone."""
    paths = [root / name for name in EDITION_SHARED]
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and p.name.isdigit() and int(p.name) <= year):
        paths += [p for p in folder.rglob("*") if p.is_file()]
    return paths


def edition_data(
    root: Path,
    years: list[int],
    fallback: Mapping[int, datetime],
    moments: dict[int, datetime] | None = None,
    versions: dict[int, str] | None = None,
) -> dict[int, dict[str, str]]:
    """The data version and date of each edition, for the footer and the citation of its pages.

    Past editions are frozen: what their pages say about the data must not change when the current
    year's data do, or every data commit would rewrite every page of every year. ``moments`` and
    ``versions`` are :func:`edition_moments`' and :func:`edition_versions`' when the caller has them already.
    """
    moments = moments if moments is not None else edition_moments(root, years, fallback)
    versions = versions if versions is not None else edition_versions(root, years)
    return {
        year: {"data_version": versions[year], "data_date": format_date_table(moments[year].date())} for year in years
    }


def edition_versions(root: Path, years: list[int]) -> dict[int, str]:
    """Each edition's :func:`data_version` of its :func:`edition_inputs`, each file read once.

    An edition's inputs are the years' files up to its own and the shared files; in the order
    :func:`data_version` hashes them (sorted paths) the year folders come first, in year order, and the
    shared files last, so one running digest of the years' files, with the shared files added to a copy of
    it at each edition, gives every edition's version. Reading the files of every earlier year again for
    each edition grew with the square of the years. Where the names do not sort so (a year folder whose
    name does not sort as its number), each edition is hashed on its own, as the definition says.
    """

    def listed(paths: Any) -> list[Path]:
        return sorted(p for p in paths if p.is_file() and not p.name.startswith("."))

    last = max(years, default=0)
    folders = sorted((int(p.name), p) for p in root.iterdir() if p.is_dir() and p.name.isdigit())
    folders = [(year, folder) for year, folder in folders if year <= last]
    files = [(year, listed(folder.rglob("*"))) for year, folder in folders]
    shared = listed(root / name for name in EDITION_SHARED)
    everything = [p for _, found in files for p in found] + shared
    if everything != sorted(everything):
        return {year: data_version(root, edition_inputs(root, year)) for year in years}

    def add(digest: Any, path: Path) -> None:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())

    running = hashlib.sha256()
    out: dict[int, str] = {}
    position = 0
    for year in sorted(years):
        while position < len(files) and files[position][0] <= year:
            for path in files[position][1]:
                add(running, path)
            position += 1
        digest = running.copy()
        for path in shared:
            add(digest, path)
        out[year] = digest.hexdigest()[:12]
    return out


def edition_moments(root: Path, years: list[int], fallback: Mapping[int, datetime]) -> dict[int, datetime]:
    """The date of each edition's own data: the last commit of the files its pages are made of; outside git,
    ``fallback[year]`` (the pipeline's: the edition's own monitoring date — a date of the whole data would
    move every finished edition's date, and so its pages, with the next year's first file)."""
    out = {}
    for year in years:
        moment = _git_date(root, list(EDITION_SHARED) + [str(y) for y in years if y <= year])
        out[year] = moment or fallback[year]
    return out


def day_moment(day: date) -> datetime:
    """Midnight (UTC) of ``day``: the moment of data dated by a day only."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _git_date(root: Path, paths: list[str]) -> datetime | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", *paths],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return datetime.fromtimestamp(int(out), UTC) if out.isdigit() else None


def data_date(root: Path, latest: date | None) -> datetime:
    """The date of the data: SOURCE_DATE_EPOCH, else the last commit touching it, else ``latest``, the
    monitoring date of the last year."""
    moment = _git_date(root, ["."])
    if moment is not None:
        return moment
    return day_moment(latest or date(2000, 5, 31))
