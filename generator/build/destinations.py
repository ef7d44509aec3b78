"""Where a build may write: never over the data, the hand-written pages, the project, or a folder of other files.

Why: a build replaces its site folder whole (a final rename, so that readers never see half a site) and
removes from its work folder what it did not make this time. ``--out data`` therefore replaced the data folder
by the site — every year file of the region gone — and ``--work .`` would have pruned the project's own
``docs/``. A mistyped argument is refused before anything is written, with what would be right.
"""

from __future__ import annotations

import fcntl
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generator.inputs.problems import Problem, display_path

SITE_SIGN = "index.html"
"""What every built site has at its top, and a folder of data, pages or a project has not: an existing folder
without it is not a site the build may replace."""


@dataclass(frozen=True)
class Kept:
    """A folder the build reads and never writes: its name in the genitive («папка данных») and its argument."""

    name: str
    path: Path
    argument: str
    holds_outputs: bool = False  # the site and work folders may lie inside it (the project: site/, build/)


WORK = Path("build")
"""The work folder of the project's own data (``data/``)."""


def default_work(data: Path, config: Path) -> Path:
    """The work folder when ``--work`` is not given: ``build`` for the project's own ``data/``, and a folder of
    its own inside it for any other data folder (``build/work-examples-kemerovo``).

    Why: a build sweeps from its work folder's cache what it did not use; an example built in the demo's work
    folder swept the demo's pages and charts (2 141 files), and the next ``make site`` started cold.
    """
    project = config.resolve().parent
    folder = data.resolve()
    if folder == project / "data":
        return WORK
    parts = folder.relative_to(project).parts if _inside(folder, project) else folder.parts[-2:]
    words = [p for p in parts if p not in {"data", "/"}] or [folder.name or "data"]
    name = "-".join("".join(c if c.isalnum() or c in "-_." else "-" for c in w) for w in words)
    return WORK / f"work-{name}"


def _inside(path: Path, folder: Path) -> bool:
    """``path`` is ``folder`` or somewhere under it (both resolved)."""
    return path == folder or folder in path.parents


def _clash(path: Path, kept: Kept) -> str | None:
    """Why a folder the build writes may not be at ``path`` with respect to ``kept``, or None. Inside the project
    is where the site and the work folder belong; inside the data or the hand-written pages they may not be."""
    if path == kept.path:
        return f"совпадает с папкой {kept.name} ({kept.argument})"
    if _inside(kept.path, path):
        return f"содержит папку {kept.name} ({display_path(kept.path)})"
    if not kept.holds_outputs and _inside(path, kept.path):
        return f"лежит внутри папки {kept.name} ({kept.argument})"
    return None


def destination_problems(
    out: Path, work: Path, cache: Path | None, data: Path, content: Path, config: Path
) -> list[Problem]:
    """Every reason the build may not write to ``out``, ``work`` and the cache (``cache``'s folder, by default
    ``work/cache``), as the build's options give them; empty when it may.

    The site folder, the work folder and the cache may not be, contain or lie inside the data or the
    hand-written pages, nor be or contain the project (the folder of ``mkdocs.yml``); the site folder may not be
    or contain the work folder; and an existing site folder is replaced only when it is empty or a site (it
    has ``index.html``).
    """
    kept = [
        Kept("данных", data.resolve(), f"--data {data}"),
        Kept("страниц, написанных вручную", content.resolve(), f"--content {content}"),
        Kept("проекта", config.resolve().parent, f"там {config.name}", holds_outputs=True),
    ]
    targets = [
        ("папка сайта", f"--out {out}", out.resolve(), "Укажите отдельную папку для сайта, например --out site."),
        ("рабочая папка", f"--work {work}", work.resolve(), "Укажите отдельную рабочую папку, например --work build."),
    ]
    if cache is not None and cache.resolve().parent != work.resolve() / "cache":
        targets.append(("папка кэша", f"--cache {cache}", cache.resolve().parent, "Укажите отдельную папку кэша."))
    found: list[Problem] = []
    for what, argument, path, advice in targets:
        for folder in kept:
            why = _clash(path, folder)
            if why is not None:
                found.append(Problem(display_path(path), 1, 1, (
                    f"{argument}: {what} {why}; сборка пишет в свои папки и удаляет из них лишнее, а данные и "
                    f"страницы только читает. {advice}"
                )))
    out_r = out.resolve()
    if _inside(work.resolve(), out_r):
        found.append(Problem(display_path(out_r), 1, 1, (
            f"--out {out}: папка сайта содержит рабочую папку (--work {work}), а после сборки заменяется целиком. "
            "Укажите для них разные папки, например --out site --work build."
        )))
    return found or _not_a_site(out)


def in_data(out: Path | None, data: Path, refused: str) -> str | None:
    """What to say when a file a command writes (``out``) would land in the data folder, or None: the
    generator never changes data there. ``refused`` starts the sentence («Таблица не записана»)."""
    if out is None or not _inside(out.resolve(), data.resolve()):
        return None
    return (
        f"{refused}: {out} — в папке с данными {data}, а команда не меняет файлы данных. "
        "Укажите в --out файл или папку вне неё."
    )


def foreign_file(out: Path | None, sign: bytes, refused: str, what: str) -> str | None:
    """What to say when ``out`` is an existing file that is not an earlier output of the command (it does not
    start with ``sign``), or None: ``--out mkdocs.yml`` typed for ``--out diff.md`` would lose a file of the
    project. An earlier output — the report of yesterday's diff — is replaced as before."""
    if out is None or not out.is_file():
        return None
    with out.open("rb") as f:
        head = f.read(len(sign) + 3)
    if head.removeprefix(b"\xef\xbb\xbf").startswith(sign):
        return None
    return (
        f"{refused}: файл {out} уже есть, и это не {what} — команда не перезаписывает чужие файлы. "
        "Укажите в --out другой файл или удалите этот сам."
    )


def assembly_problems(out: Path, parts: Path, regions: Path | None) -> list[Problem]:
    """Every reason ``proforientir assemble`` may not put the national site in ``out``; empty when it may.

    It replaces ``out/<region>`` by each region's built site: ``out`` may not be, contain or lie inside the
    regions' data (``--regions``) or the built sites it copies (``--parts``), which must be folders.
    """
    missing = [
        Problem(display_path(folder), 1, 1, f"{argument} {folder}: нет такой папки")
        for argument, folder in (("--parts", parts), ("--regions", regions))
        if folder is not None and not folder.is_dir()
    ]
    if missing:
        return missing
    kept = [Kept("собранных сайтов регионов", parts.resolve(), f"--parts {parts}")]
    if regions is not None:
        kept.insert(0, Kept("данных регионов", regions.resolve(), f"--regions {regions}"))
    found = [
        Problem(display_path(out.resolve()), 1, 1, (
            f"--out {out}: папка сайта {why}; сборка заменяет в ней папки регионов, а данные и собранные части "
            "только читает. Укажите отдельную папку, например --out site."
        ))
        for folder in kept
        if (why := _clash(out.resolve(), folder)) is not None
    ]
    return found or _not_a_site(out)


def _not_a_site(out: Path) -> list[Problem]:
    """An existing ``out`` that is not a site's folder: a file, or a folder of other files that would be lost."""
    out_r = out.resolve()
    if out_r.is_file():
        return [Problem(display_path(out_r), 1, 1, f"--out {out}: на месте папки сайта — файл. Укажите папку.")]
    if out_r.is_dir() and not (out_r / SITE_SIGN).is_file() and any(out_r.iterdir()):
        return [Problem(display_path(out_r), 1, 1, (
            f"--out {out}: папка не пуста и не похожа на собранный сайт (в ней нет {SITE_SIGN}), а сборка заменяет "
            "папку сайта целиком — её файлы пропали бы. Укажите новую или пустую папку или удалите эту сами."
        ))]
    return []


LOCK_FILE = ".proforientir-build.lock"


@contextmanager
def one_build_in(work: Path) -> Iterator[None]:
    """Hold the work folder for one build; a second build there waits until the first ends, and says so.

    Why: a build prunes the work folder's pages and sweeps its cache of what it did not use, so two builds
    at once (``make serve`` rebuilding while ``make site`` runs in another terminal) would each remove the
    other's files, and one could publish a site made of both. The lock is the kernel's (``flock``): it ends
    with the process, so a build killed midway leaves nothing to clear by hand.
    """
    work.mkdir(parents=True, exist_ok=True)
    with open(work / LOCK_FILE, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"В рабочей папке {work} идёт другая сборка: жду её окончания…", file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def swap_in(new: Path, out: Path) -> None:
    """Replace ``out`` by ``new`` in two renames, so readers never see a half-written site."""
    out = out.resolve()
    if out.exists():
        # the old site moves into a folder made for it: a «site.old» of the user's is never touched
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
        out.rename(old / out.name)
        new.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        new.rename(out)
