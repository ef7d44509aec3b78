"""Published editions and the corrections of their numbers.

Pages of the site are cited in orders. Once an edition is published, its numbers may still be corrected
— a typo in a count, a late school report — but never silently: the reader who cited «67,4 %» must find,
at the same address, that it became «68,1 %», when and why. So:

* ``data/editions.yaml`` marks an edition published, with its date, and lists its corrections (date,
  reason, and what changed: every value with its published and its new figure);
* ``data/published.csv`` keeps the values of every edition as they were published, written once by
  ``proforientir publish <year>``;
* at every build the values computed now are compared with the published ones and the corrections: a
  change that no correction explains stops the build, with the command that records it
  (``proforientir correct <year> --reason …``) — the two commands whose documented job is to write into
  ``data/``;
* every page whose numbers a correction changed carries a notice with the old and the new value, the
  edition has a page listing its corrections (``/<year>/corrections/``), and the downloads carry the log.

Only indicators the edition was published with are compared: a catalogue that gains an indicator adds
numbers, it does not correct published ones.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.core.formatting import academic_year_short
from generator.inputs.catalogue import Catalogue
from generator.inputs.editions_model import Correction, CorrectionChange, Edition, EditionsFile
from generator.inputs.parse import parse_model, read_source
from generator.inputs.problems import Problem

EDITIONS_FILE = "editions.yaml"
PUBLISHED_FILE = "published.csv"
LOG_STEM = "proforientir-corrections"
SCHEMA_LINE = "# yaml-language-server: $schema=../schemas/editions.schema.json\n"
EDITIONS_HEADER = (
    SCHEMA_LINE
    + "# Опубликованные выпуски и исправления их данных. Выпуск отмечает опубликованным команда\n"
    + "# `proforientir publish <год>` (она же сохраняет опубликованные значения в published.csv);\n"
    + "# запись об исправлении добавляет `proforientir correct <год> --reason «…»`.\n"
)
PUBLISHED_HEADER = ("year", "territory", "indicator", "value")

Key = tuple[str, str]  # (territory, indicator)


class SnapshotError(ValueError):
    """``published.csv`` cannot be read: damaged or edited by hand; ``line`` is where (1 for the whole file)."""

    def __init__(self, path: Path, line: int, problem: str) -> None:
        super().__init__(f"{path}:{line}: {problem}")
        self.path, self.line, self.problem = path, line, problem


_SNAPSHOT_HINT = "этот файл пишет команда `proforientir publish`: верните его прежний вид из истории git"


def read_snapshot(path: Path) -> dict[int, dict[Key, Decimal | None]]:
    """The published values of every edition, from ``published.csv``."""
    if not path.is_file():
        return {}
    return parse_snapshot(path.read_bytes(), path)


def parse_snapshot(data: bytes, path: Path) -> dict[int, dict[Key, Decimal | None]]:
    """The published values of every edition from the bytes of ``published.csv`` (``path``: where they are
    said to come from, for the error) — also as a revision of git holds them, which is not on disk."""
    snapshot: dict[int, dict[Key, Decimal | None]] = {}
    line = 1
    try:
        reader = csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""))
        for row in reader:
            line = reader.line_num
            text = (row.get("value") or "").strip()
            snapshot.setdefault(int(row["year"]), {})[(row["territory"], row["indicator"])] = (
                Decimal(text) if text else None
            )
    except UnicodeDecodeError:
        raise SnapshotError(path, 1, f"файл не в кодировке UTF-8: {_SNAPSHOT_HINT}") from None
    except (csv.Error, KeyError, TypeError, ValueError, ArithmeticError):
        raise SnapshotError(path, line, f"строка не читается как опубликованное значение: {_SNAPSHOT_HINT}") from None
    return snapshot


def read_editions(root: Path, problems: list[Problem]) -> tuple[EditionsFile | None, Any]:
    path = root / EDITIONS_FILE
    if not path.is_file():
        return EditionsFile(), None
    doc = read_source(path, problems)
    if doc is None:
        return None, None
    model = parse_model(doc, EditionsFile, problems) if doc.data is not None else EditionsFile()
    return model, doc


def incomplete_editions(root: Path) -> dict[int, str]:
    """The editions ``editions.yaml`` publishes incomplete, with their reasons (its problems are told by
    :func:`check`)."""
    model, _ = read_editions(root, [])
    if model is None:
        return {}
    return {e.year: e.incomplete for e in model.editions if e.incomplete is not None}


# --- the log ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoggedChange:
    """One value changed by one correction, ready to show."""

    year: int
    correction: Correction
    change: CorrectionChange


@dataclass
class CorrectionLog:
    """The published editions and every correction of them, as later stages read them."""

    editions: dict[int, Edition] = field(default_factory=dict)

    @property
    def changes(self) -> list[LoggedChange]:
        return [
            LoggedChange(year, correction, change)
            for year, edition in sorted(self.editions.items())
            for correction in sorted(edition.corrections, key=lambda c: c.date)
            for change in correction.changes
        ]

    def published(self, year: int) -> bool:
        """The edition is recorded published (``proforientir publish``): its numbers change only by corrections.

        Its reports get their PDFs (see :mod:`generator.publish.report_pdfs`): a PDF is what an official
        attaches to an order, so it is printed for numbers that are final, not for a draft under review."""
        return year in self.editions

    def corrections(self, year: int) -> list[Correction]:
        edition = self.editions.get(year)
        return sorted(edition.corrections, key=lambda c: c.date) if edition is not None else []


def edition_name(year: int) -> str:
    """«2021/22 учебного года»: the edition in the genitive, as «выпуск …» and «исправления выпуска …» need."""
    return f"{academic_year_short(year)} учебного года"


def was_and_now(catalogue: Catalogue, name: str, old: Decimal | float | None, new: Decimal | float | None) -> str:
    """«было 67,4 %, стало 68,1 %»; a missing side is said in words, not as «было нет данных»."""
    if old is None:
        return f"данных не было, стало {catalogue.format_named(name, new)}"
    if new is None:
        return f"было {catalogue.format_named(name, old)}, теперь данных нет"
    return f"было {catalogue.format_named(name, old)}, стало {catalogue.format_named(name, new)}"
