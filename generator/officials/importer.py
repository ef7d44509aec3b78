"""Reading a filled Excel form back into ``data/<year>/<slug>.yaml``.

This is one of the few commands whose job is to write into ``data/``, and it writes only when everything
is right: every cell is checked first, every error is reported at once with its sheet and cell
(«Лист «Ранняя профориентация», ячейка C14: ожидается целое число ≥ 0, указано «12,5»»), then the
resulting file goes through the project's normal validation together with the rest of the data (a part
never exceeds its whole, a school sum equals the municipal total…). Only then is the file written.

The command also refuses a form that would silently replace newer values: one made from data changed
since (``--force`` writes it anyway) or from another municipality's or year's file (``--replace``). The
steps are modules of their own: :mod:`generator.officials.workbook` opens the file safely,
:mod:`generator.officials.form_reader` reads its cells, :mod:`generator.officials.merge` edits the year
file's text in place, keeping its comments and key order.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.build.validate import validate
from generator.compute.status import TargetStatus
from generator.compute.values import IndicatorTable
from generator.core.files import TextStyle, read_text, write_if_changed
from generator.core.text import lower_first, upper_first
from generator.inputs.catalogue import Catalogue
from generator.inputs.catalogue_file import load_catalogue
from generator.inputs.dataset import CATALOGUE_FILE, REGISTRY_FILE
from generator.inputs.models import ReportedTarget, YearFile
from generator.inputs.parse import parse_model
from generator.inputs.problems import Problem, Severity, display_path, shown
from generator.inputs.registry import load_registry
from generator.inputs.registry_model import RegistryFile
from generator.inputs.source import YamlSyntaxError, parse_yaml
from generator.officials.form_layout import data_fingerprint
from generator.officials.form_reader import FormData, read_form
from generator.officials.merge import dropped_texts, merge
from generator.site.status_words import SAID, goal_words


@dataclass
class ImportResult:
    ok: bool
    path: Path | None = None
    written: bool = False
    messages: list[str] = field(default_factory=list)  # errors (or warnings on success), in Russian
    warnings: list[Problem] = field(default_factory=list)
    # what the official must know of a written file: a published edition changed (a correction entry is due),
    # a target's source and note not kept because the form changed the status they described
    notes: list[str] = field(default_factory=list)
    refused: bool = False  # the form is in order, but writing it could lose data: a new form or a flag is due


def _fingerprint_now(path: Path, text: str | None) -> str | None:
    """The fingerprint of the year file as it is now; None when it cannot be read (validation says why)."""
    if text is None:
        return data_fingerprint(None)
    try:
        doc = parse_yaml(path, text)
    except YamlSyntaxError:
        return None
    model = parse_model(doc, YearFile, [])
    return data_fingerprint(model) if model is not None else None


def _emptied(form: FormData, target: Path, existing: str | None) -> str | None:
    """Why a form without a single value is not written, or None when it has one.

    Why: a blank form saved by mistake — the template, or a form whose cells were cleared — would have written
    a year file with no data: over an existing one, every count, target and measure of the municipality for the
    year gone; as a new one, an edition of the site with nothing in it. No flag writes it: a year's data are
    removed by removing the file, which git keeps.
    """
    counts = [*form.counts.values(), *(v for by_school in form.school_counts.values() for v in by_school.values())]
    if any(v is not None for v in counts) or any(v is not None for v in form.targets.values()):
        return None
    if any(form.lists.values()):
        return None
    where = display_path(target)
    if existing is None:
        return (
            f"в форме не введено ни одного значения: файл {where} не создан. Заполните форму и повторите импорт; "
            f'если источник значений муниципалитета не приводит, создайте файл сами, с причиной: no_data: "…"'
        )
    return (
        f"в форме не введено ни одного значения, а в {where} данные есть: импорт удалил бы их все. Если форма "
        f"сохранена пустой по ошибке, импортируйте заполненную; если данные муниципалитета за этот год в самом "
        f"деле нужно убрать, удалите файл сами (его прежний вид останется в истории git)"
    )


def _refusal(
    form: FormData, target: Path, existing: str | None, registry: RegistryFile, *, force: bool, replace: bool
) -> str | None:
    """Why writing this form could lose data, in Russian with what to do; None when it cannot."""
    where = display_path(target)
    names = {m.slug: m.name for m in registry.municipalities}
    anew = f"`proforientir form {form.year} --municipality {form.slug}{' --schools' if form.schools else ''}`"
    if form.made_from is None or form.fingerprint is None:
        if force:
            return None
        return (
            f"в форме нет отметки о данных, из которых она создана (её создала прежняя версия программы или не "
            f"команда `proforientir form`): импорт мог бы вернуть в {where} прежние значения. Создайте форму "
            f"заново командой {anew} и перенесите в неё значения; если значения этой формы должны заменить "
            f"данные файла, повторите импорт с флагом --force"
        )
    if form.made_from != f"{form.year}/{form.slug}":
        if existing is None or replace:
            return None  # a new file loses nothing
        year, _, slug = form.made_from.partition("/")
        made = f"«{shown(names.get(slug, slug))}» за {shown(year)} г."
        return (
            f"форма создана из данных {made}, а записала бы {where} («{names.get(form.slug, form.slug)}» за "
            f"{form.year} г.), где уже есть другие данные: они были бы заменены данными формы. Если так и "
            f"задумано, повторите импорт с флагом --replace; иначе создайте форму для этого муниципалитета и "
            f"года: {anew}"
        )
    if form.fingerprint != _fingerprint_now(target, existing) and not force:
        return (
            f"данные в {where} изменились после того, как форма была создана (другой формой или правкой "
            f"файла): импорт вернул бы в файл прежние значения и потерял бы новые. Создайте форму заново "
            f"командой {anew} и перенесите в неё свои значения; если значения этой формы должны заменить новые "
            f"данные, повторите импорт с флагом --force"
        )
    return None


def import_form(source: Path, data: Path, *, force: bool = False, replace: bool = False) -> ImportResult:
    """Check the form, then the data with it; write ``data/<year>/<slug>.yaml`` only when both pass.

    A form made from data that changed since (``force`` writes it anyway) or for another municipality or
    year than the file it writes, which holds other data (``replace`` writes it anyway), is refused: either
    would silently replace newer values. ``replace`` does not excuse a form made from older data of the
    same file: that takes ``force``. A form that changes nothing is a no-op, whatever it was made from.
    """
    problems: list[Problem] = []
    catalogue, _ = load_catalogue(data / CATALOGUE_FILE, problems)
    registry, _ = load_registry(data / REGISTRY_FILE, problems)
    if catalogue is None or registry is None:
        return ImportResult(False, messages=[str(p) for p in problems])
    form, errors = read_form(source, catalogue, registry)
    shown_source = display_path(source)
    if form is None:
        return ImportResult(False, messages=[f"{shown_source}: ошибка: {e}" for e in errors])
    # The loader reports «x.yml» beside «x.yaml» as an error, so the validation below refuses that; a lone
    # «x.yml» is the file the import edits, not one to put a second file beside.
    target = data / str(form.year) / f"{form.slug}.yaml"
    if not target.is_file() and target.with_suffix(".yml").is_file():
        target = target.with_suffix(".yml")
    existing, style = None, TextStyle()
    before = validate(data, published=False)
    # The file the form goes into must itself be readable: an encoding other than UTF-8 or a repeated key
    # is said as validation says it, with its line, and nothing is written.
    broken = [p for p in before.errors if p.path == display_path(target)] if target.is_file() else []
    if broken:
        hint = f"{display_path(target)}: исправьте этот файл (или восстановите его из git) и повторите импорт"
        return ImportResult(False, target, messages=[*(str(p) for p in broken), hint])
    if target.is_file():
        try:
            existing, style = read_text(target)  # its line endings and BOM are kept when it is rewritten
        except UnicodeDecodeError:
            message = f"{display_path(target)}: файл не в кодировке UTF-8: сохраните его в UTF-8 и повторите импорт"
            return ImportResult(False, target, messages=[message])
    current = before.dataset.entries.get((form.year, form.slug)) if before.dataset is not None else None
    summed = {n: v for n, v in current.counts.items() if n not in current.data.counts} if current else {}
    text = merge(existing, form, catalogue, current.data if current is not None else None, summed)
    if text != existing:
        refusal = _emptied(form, target, existing) or _refusal(
            form, target, existing, registry, force=force, replace=replace
        )
        if refusal is not None:
            return ImportResult(False, target, messages=[f"{shown_source}: {refusal}"], refused=True)

    with tempfile.TemporaryDirectory(prefix="proforientir-import-") as tmp:
        copy = Path(tmp) / "data"
        shutil.copytree(data, copy, ignore=shutil.ignore_patterns(".git"))
        (copy / str(form.year)).mkdir(exist_ok=True)
        (copy / str(form.year) / target.name).write_bytes(style.encode(text))
        report = validate(copy, published=False)
        prefix = str(copy.resolve())
        real = display_path(data)
        after = [note.replace(prefix, real) for note in validate_published(copy, report)]
        relabelled = [
            Problem(p.path.replace(prefix, real, 1), p.line, p.column, p.message, p.severity) for p in report.problems
        ]
    known = {(p.path, p.message) for p in before.problems}
    mine = display_path(target)
    cells = {name: where for name, where in form.cells.items()}
    messages = []
    for problem in relabelled:
        if problem.severity is not Severity.error:
            continue
        hint = ""
        name = problem.message.split(" ", 1)[0].rstrip(":")
        if problem.path == mine and name in cells:
            hint = f" (лист «{cells[name][0]}», ячейка {cells[name][1]})"
        messages.append(f"{problem}{hint}")
    if messages:
        return ImportResult(False, target, messages=messages)
    new_warnings = [p for p in relabelled if p.path == mine and (p.path, p.message) not in known]
    if current is not None:
        names = {m.slug: m.name for m in registry.municipalities}
        after += _dropped(form, current.data, report.table, catalogue, names.get(form.slug, form.slug), mine)
    written = write_if_changed(target, style.encode(text))
    return ImportResult(True, target, written, warnings=new_warnings, notes=after)


def _dropped(
    form: FormData, current: YearFile, table: IndicatorTable | None, catalogue: Catalogue, name: str, where: str
) -> list[str]:
    """Each reported target whose source and note the import does not keep, the status before and after,
    and the text, so that none of it is lost silently (see :func:`generator.officials.merge.dropped_texts`)."""
    notes = []
    for ident in dropped_texts(form.targets, current.targets):
        old = current.targets[ident]
        assert isinstance(old, ReportedTarget)
        indicator = catalogue.indicators[ident]
        was = goal_words(TargetStatus.met if old.reached else TargetStatus.not_met, None)
        row = table.get(form.year, form.slug, ident) if table is not None else None
        now = SAID[TargetStatus.no_target].alone
        if row is not None and row.has_target:
            planned = catalogue.format(indicator, row.target) if row.target is not None else None
            now = goal_words(row.target_status, planned)
        lost = [
            (key, what, text)
            for key, what, text in (("source", "источник", old.source), ("note", "пояснение", old.note))
            if text
        ]
        texts = " и ".join(f"{what} «{shown(text, limit=600)}»" for _, what, text in lost)
        keys = " и ".join(f"`{key}`" for key, _, _ in lost)
        removed = "удалены" if len(lost) == 2 else "удалён" if old.source else "удалено"
        they = "они относились" if len(lost) == 2 else "он относился" if old.source else "оно относилось"
        notes.append(
            f"{where}: {shown(name, limit=200)}, «{indicator.short_title}» ({ident}): "
            f"{lower_first(was)} → {lower_first(now)}. "
            f"{upper_first(texts)} {removed} из записи цели: {they} к прежнему выполнению. Если это верно и для "
            f"нового, впишите {keys} в запись цели снова"
        )
    return notes


def validate_published(root: Path, report: Any) -> list[str]:
    """What the build will say about a published edition whose numbers the import changed."""
    from generator.checks.corrections import check

    _, problems = check(root, report.dataset, report.table)
    return [p.message for p in problems]
