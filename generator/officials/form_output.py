"""Writing a form where one may already be, and filled.

Why: ``proforientir form 2026`` writes every municipality's form into ``forms/2026/``, and an official types the
year's values into one of them before importing it. Running the command again — for a new municipality, after a
catalogue change — rewrote that file with a blank form: the typed values gone, «Форма … — записана». A form is
rewritten only when the one there holds the same values as the data (nothing typed into it since, or all of it
imported already); otherwise it is kept, and the command says what to do with it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.core.files import write_if_changed
from generator.inputs.catalogue import Catalogue
from generator.inputs.registry_model import RegistryFile
from generator.officials.form_reader import FormData, read_form


def _values(form: FormData) -> tuple[Any, ...]:
    return form.year, form.slug, form.counts, form.school_counts, form.targets, form.lists


def write_form(out: Path, data: bytes, catalogue: Catalogue, registry: RegistryFile) -> tuple[bool, str]:
    """Write the form ``data`` to ``out`` unless a form there holds other values; (written or unchanged, what to
    say). The bytes are compared first: an unchanged form is neither read nor written."""
    if out.is_file():
        existing = out.read_bytes()
        if existing == data:
            return True, f"Форма {out} — не изменилась"
        there, _ = read_form(existing, catalogue, registry)
        if there is None:
            return False, (
                f"Форма {out} не записана: на этом месте уже есть файл, который не читается как форма "
                f"Профориентира. Укажите другой --out или удалите этот файл сами"
            )
        fresh, _ = read_form(data, catalogue, registry)
        if fresh is None or _values(there) != _values(fresh):
            return False, (
                f"Форма {out} не перезаписана: в ней другие значения, чем в данных, — возможно, в неё уже ввели "
                f"данные. Внесите её командой `proforientir import {out}` или, если она не нужна, удалите файл "
                f"сами и создайте форму снова"
            )
    out.parent.mkdir(parents=True, exist_ok=True)
    return True, f"Форма {out} — {'записана' if write_if_changed(out, data) else 'не изменилась'}"
