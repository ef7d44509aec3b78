"""What a data commit changes on the site, as Russian Markdown for the reviewer of a pull request.

A YAML diff shows that «grads9_to_poo: 512» became «521»; the reviewer needs to know that the share of
9th-grade graduates entering colleges in Заречный МР went from 64,8 % to 66,0 %, that the region's value
moved too, that the programme's target was raised (see :mod:`generator.officials.targetdiff`), that a
recommendation disappeared and that the change brought a new plausibility warning. So
both sides are taken whole — the data directory at a git revision (extracted with ``git archive``) or the
working tree — and run through the same validation, computation and rules as a build; the report lists
the differences. Nothing is written into the repository.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.build.validate import Report, validate
from generator.compute.table import REGION, IndicatorTable
from generator.core.formatting import (
    academic_year_short,
    format_change,
    format_count,
    format_pp_change,
    shown_digits,
)
from generator.inputs.catalogue import Catalogue
from generator.inputs.dataset import CATALOGUE_FILE
from generator.inputs.problems import Problem, Severity
from generator.officials.cataloguediff import catalogue_section
from generator.officials.cyclediff import CycleChange, cycle_changes, render_cycle
from generator.officials.markdown_text import cell, change_table
from generator.officials.printeddiff import PrintedChange, printed_changes, render_printed
from generator.officials.registrydiff import registry_section
from generator.officials.snapshotdiff import editions_section, snapshot_section
from generator.officials.targetdiff import TargetChange, render_targets, target_changes
from generator.officials.urldiff import url_section
from generator.recommend.evaluate import recommend
from generator.recommend.model import Recommendation

MAIN_BRANCHES = ("main", "master", "origin/main", "origin/master")
WORKING_TREE = "рабочая копия"


class GitError(Exception):
    """A git command failed; the message says which and why, in Russian."""


def _git(cwd: Path, *args: str, binary: bool = False) -> Any:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False, timeout=120)
    except (OSError, subprocess.SubprocessError) as exc:
        raise GitError(f"не удалось запустить git: {exc}") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise GitError(f"git {' '.join(args)}: {message}")
    return done.stdout if binary else done.stdout.decode("utf-8").strip()


def default_base(cwd: Path) -> str:
    """The merge base of HEAD with the main branch (main, master, origin/main or origin/master)."""
    for branch in MAIN_BRANCHES:
        try:
            _git(cwd, "rev-parse", "--verify", "--quiet", f"{branch}^{{commit}}")
        except GitError:
            continue
        return str(_git(cwd, "merge-base", "HEAD", branch))
    raise GitError(
        "не найдена основная ветка (main, master, origin/main): укажите ревизию явно, например `diff HEAD~1`"
    )


def extract(data: Path, revision: str, into: Path) -> Path:
    """The data directory as it was at ``revision``, extracted into ``into``; an empty folder if it did not exist."""
    top = Path(_git(data, "rev-parse", "--show-toplevel"))
    prefix = data.resolve().relative_to(top.resolve()).as_posix()
    try:
        _git(data, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    except GitError:
        raise GitError(
            f"ревизии «{revision}» нет в репозитории: укажите коммит, ветку или тег, например `diff HEAD~1` "
            "(список коммитов — `git log --oneline`)"
        ) from None
    target = into / "data"
    target.mkdir(parents=True)
    try:
        archive = _git(top, "archive", "--format=tar", revision, "--", prefix, binary=True)
    except GitError:
        return target  # the folder did not exist at that revision
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar.getmembers():
            if not member.isfile():
                continue
            rel = Path(member.name).relative_to(prefix) if prefix != "." else Path(member.name)
            source = tar.extractfile(member)
            if source is None:
                continue
            path = target / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(source.read())
    return target


@dataclass
class Side:
    label: str
    root: Path
    report: Report
    recommendations: list[Recommendation] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def table(self) -> IndicatorTable | None:
        return self.report.table


def read_side(label: str, root: Path) -> Side:
    report = validate(root)
    recs: list[Recommendation] = []
    # The recommendations follow the table: an error that leaves the table whole (a published number changed
    # without a correction entry) does not hide what the change does to them.
    if report.rules is not None and report.table is not None and report.dataset is not None:
        recs = recommend(report.rules, report.table, report.dataset)
    files = {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    }
    return Side(label, root, report, recs, files)


@dataclass(frozen=True)
class ValueChange:
    year: int
    territory: str
    indicator: str
    old: Decimal | None
    new: Decimal | None


@dataclass
class DataDiff:
    old: Side
    new: Side
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    modified: list[str] = field(default_factory=list)
    changes: list[ValueChange] = field(default_factory=list)
    targets: list[TargetChange] = field(default_factory=list)
    printed: list[PrintedChange] = field(default_factory=list)
    cycle: list[CycleChange] = field(default_factory=list)
    appeared: list[Recommendation] = field(default_factory=list)
    disappeared: list[Recommendation] = field(default_factory=list)
    new_warnings: list[Problem] = field(default_factory=list)
    new_errors: list[Problem] = field(default_factory=list)
    resolved: list[Problem] = field(default_factory=list)  # the old side's warnings and errors gone now
    shown: str = "data"  # the data folder as the reader names it


def _values(table: IndicatorTable | None) -> dict[tuple[int, str, str], Decimal | None]:
    return {} if table is None else {row.key: row.value for row in table.rows}


def _relative(problem: Problem, side: Side, shown: str) -> Problem:
    """A problem of an extracted side, its path told as the data folder's, so both sides compare."""
    path = problem.path
    for root in {str(side.root), str(side.root.resolve())}:
        if path.startswith(root):
            path = shown + path[len(root) :]
            break
    return Problem(path, problem.line, problem.column, problem.message, problem.severity)


def compare(old: Side, new: Side, shown: str = "data") -> DataDiff:
    diff = DataDiff(old, new, shown=shown)
    diff.added = sorted(set(new.files) - set(old.files))
    diff.removed = sorted(set(old.files) - set(new.files))
    diff.modified = sorted(n for n in set(old.files) & set(new.files) if old.files[n] != new.files[n])
    before, after = _values(old.table), _values(new.table)
    for key in sorted(set(before) | set(after)):
        a, b = before.get(key), after.get(key)
        if a == b:
            continue
        diff.changes.append(ValueChange(*key, a, b))
    diff.targets = target_changes(old.report, new.report)
    diff.printed = printed_changes(old.report, new.report)
    diff.cycle = cycle_changes(old.report, new.report)

    def rec_key(r: Recommendation) -> tuple[Any, ...]:
        return (r.year, r.territory, r.rule_id, r.indicator, r.text)

    old_recs = {rec_key(r) for r in old.recommendations}
    new_recs = {rec_key(r) for r in new.recommendations}
    diff.appeared = [r for r in new.recommendations if rec_key(r) not in old_recs]
    diff.disappeared = [r for r in old.recommendations if rec_key(r) not in new_recs]
    # A warning is new when the old side had no warning with the same file and text (lines move with edits).
    before = [_relative(p, old, shown) for p in old.report.problems]
    after = [_relative(p, new, shown) for p in new.report.problems]
    seen = {(p.path, p.message) for p in before}
    for problem in after:
        if (problem.path, problem.message) in seen:
            continue
        (diff.new_errors if problem.severity is Severity.error else diff.new_warnings).append(problem)
    still = {(p.path, p.message) for p in after}
    diff.resolved = [p for p in before if (p.path, p.message) not in still]
    return diff


# --- Markdown --------------------------------------------------------------------------------------


def _names(side: Side) -> dict[str, str]:
    ds = side.report.dataset
    names = {m.slug: m.name for m in ds.registry.municipalities} if ds is not None else {}
    names[REGION] = "Регион в целом"
    return names


def _catalogue(diff: DataDiff) -> Catalogue | None:
    for side in (diff.new, diff.old):
        if side.report.dataset is not None:
            return side.report.dataset.catalogue
    return None


def _change_text(catalogue: Catalogue, change: ValueChange) -> str:
    indicator = catalogue.indicators[change.indicator]
    if change.old is None or change.new is None:
        return "—"
    # exact, as the site's own change: a printed 30,5 % after 30 % is +0,5 п. п., shown with its decimal
    delta = change.new - change.old
    digits = shown_digits(delta, catalogue.precision(indicator))
    if indicator.kind.value == "share":
        return format_pp_change(delta, digits)
    return format_change(delta, 0 if indicator.kind.value == "count" else digits, "")


def _value(catalogue: Catalogue, indicator_id: str, value: Decimal | None) -> str:
    return catalogue.format(catalogue.indicators[indicator_id], value, missing="нет данных")


HEADING = "## Что меняет коммит данных"
"""How every report begins: ``diff --out`` replaces a file that begins so, and no other."""


def render(diff: DataDiff) -> str:
    """The report, Russian Markdown (GitHub job summary, GitLab artifact, a terminal)."""
    lines = [f"{HEADING}: {diff.old.label} → {diff.new.label}", ""]
    catalogue = _catalogue(diff)
    names = {**_names(diff.old), **_names(diff.new)}
    if not (diff.added or diff.removed or diff.modified):
        lines += ["Файлы данных не изменились.", ""]
        return "\n".join(lines)

    lines += ["### Файлы", ""]
    for title, items in (("Добавлены", diff.added), ("Удалены", diff.removed), ("Изменены", diff.modified)):
        if items:
            lines.append(f"- **{title}:** " + ", ".join(f"`{diff.shown}/{name}`" for name in items))
    lines.append("")

    if diff.new_errors:
        lines += ["### Ошибки в данных: публикация невозможна", ""]
        lines += [f"- `{cell(p.path)}:{p.line}:{p.column}` — {cell(p.message)}" for p in diff.new_errors]
        lines.append("")

    lines += registry_section(diff.old.report, diff.new.report)
    lines += catalogue_section(diff.old.report, diff.new.report, CATALOGUE_FILE in (*diff.added, *diff.modified))
    lines += url_section(diff.old.files, diff.new.files)
    lines += snapshot_section(diff.old.files, diff.new.files, catalogue, names)
    lines += editions_section(diff.old.files, diff.new.files)
    if diff.new.table is None or diff.old.table is None:
        side = "новых" if diff.new.table is None else "прежних"
        lines += [f"Значения и рекомендации не сравниваются: {side} данных не прочесть (см. ошибки).", ""]
        catalogue = None
    if catalogue is not None:
        both = [c for c in diff.changes if c.old is not None and c.new is not None]
        gone = [c for c in diff.changes if c.old is not None and c.new is None]
        fresh = [c for c in diff.changes if c.old is None and c.new is not None]
        lines += _value_table("Изменённые значения", both, catalogue, names)
        lines += _value_table("Значения, которых больше нет", gone, catalogue, names)
        lines += _value_table("Новые значения", fresh, catalogue, names, folded=len(fresh) > 20)
        if not diff.changes:
            lines += ["Ни одно значение показателей не изменилось.", ""]
        lines += render_targets(diff.targets, catalogue, names)
        lines += render_printed(diff.printed, catalogue, names)
        lines += render_cycle(diff.cycle, names, dict(diff.new.report.site.texts.stage_titles))

    if catalogue is None:
        lines += _warnings(diff)
        return "\n".join(lines)
    lines += ["### Адресные рекомендации", ""]
    if not (diff.appeared or diff.disappeared):
        lines += ["Рекомендации не изменились.", ""]
    for title, items in (("Появились", diff.appeared), ("Исчезли", diff.disappeared)):
        if items:
            lines.append(f"**{title}** ({len(items)}):")
            lines.append("")
            for r in items:
                where = names.get(r.territory, r.territory)
                lines.append(f"- {academic_year_short(r.year)}, {cell(where)}, `{r.indicator}`: {cell(r.text)}")
            lines.append("")

    lines += _warnings(diff)
    return "\n".join(lines)


def _warnings(diff: DataDiff) -> list[str]:
    lines = ["### Новые предупреждения проверки", ""]
    if diff.new_warnings:
        lines += [f"- `{cell(p.path)}:{p.line}:{p.column}` — {cell(p.message)}" for p in diff.new_warnings]
    else:
        lines.append("Новых предупреждений нет.")
    lines.append("")
    if diff.resolved:  # a fixed misprint, a filled gap: the reviewer sees the commit did what it says
        title = "### Предупреждения и ошибки, которых больше нет"
        lines += [title, "", "Строки указаны по прежней версии файлов.", ""]
        for p in diff.resolved:
            kind = "ошибка" if p.severity is Severity.error else "предупреждение"
            lines.append(f"- {kind} `{cell(p.path)}:{p.line}:{p.column}` — {cell(p.message)}")
        lines.append("")
    return lines


def _value_table(
    title: str, changes: list[ValueChange], catalogue: Catalogue, names: dict[str, str], *, folded: bool = False
) -> list[str]:
    if not changes:
        return []
    order = {name: i for i, name in enumerate(catalogue.indicators)}
    changes = sorted(
        changes, key=lambda c: (c.year, c.territory == REGION, names.get(c.territory, ""), order[c.indicator])
    )
    count = format_count(len(changes), ("значение", "значения", "значений"))
    rows = [
        (c.territory, c.year, c.indicator, _value(catalogue, c.indicator, c.old), _value(catalogue, c.indicator, c.new),
         _change_text(catalogue, c))
        for c in changes
    ]  # fmt: skip
    return change_table(title, count, "Изменение", rows, catalogue, names, folded=folded)


def diff_data(data: Path, rev1: str | None, rev2: str | None) -> tuple[DataDiff, str]:
    """Compare the data at ``rev1`` (default: the merge base with the main branch) with ``rev2`` (default:
    the working tree)."""
    base = rev1 if rev1 is not None else default_base(data)
    with tempfile.TemporaryDirectory(prefix="proforientir-diff-") as tmp:
        old_root = extract(data, base, Path(tmp) / "old")
        old = read_side(_label(data, base, rev1 is None), old_root)
        if rev2 is None:
            new = read_side(WORKING_TREE, data)
        else:
            new = read_side(_label(data, rev2, False), extract(data, rev2, Path(tmp) / "new"))
        shown = data.as_posix().rstrip("/") or "data"
        old.report.problems = [_relative(p, old, shown) for p in old.report.problems]
        new.report.problems = [_relative(p, new, shown) for p in new.report.problems]
        result = compare(old, new, shown)
    return result, render(result)


def _label(data: Path, revision: str, is_base: bool) -> str:
    full = str(_git(data, "rev-parse", f"{revision}^{{commit}}"))
    short = str(_git(data, "rev-parse", "--short", full))
    shown = f"`{revision}` ({short})" if revision not in {short, full} else f"`{short}`"
    return f"общая база с основной веткой {shown}" if is_base else shown
