"""One content-addressed store for everything the build keeps between runs, and its sweep.

Why: the build keeps what it made — parsed data files, drawn SVGs, rendered pages, workbooks, PDFs —
under a digest of what made it, so an unchanged input costs a lookup. Each of those caches only grew:
every changed page, chart or table, every generator upgrade added entries no later build read, and CI
restores the whole folder on every data commit (a 60 × 5 region left ~0.5 GB after one build). Every
such cache is now a :class:`ContentStore`: one way to name an entry, to write it (atomically: a reader
never sees half a file) and to record that a build used it, and :func:`sweep` removes, after a
successful build, what that build did not use.

**What counts as used.** An entry the build read or wrote (:meth:`ContentStore.get`, the ``put_*``
methods, :meth:`ContentStore.mark`), recorded in the process that runs the build while
:func:`recording` is open. A forked worker's marks stay in the worker, so (1) the process that shares
work out marks the keys of its workers' tasks itself (it computes them: the page keys, the chart keys),
and (2) :func:`sweep` never removes an entry written since the recording began, whoever wrote it. An
entry with other hard links (a drawn SVG or a PDF linked into the docs folder, a finished edition or
the site) is in use by that file and is kept as well: a finished past edition reused whole uses the
entries it was made of without reading them.

**One build per store at a time.** The sweep assumes nothing else uses the folders while it runs: a
build sweeps only the store of its own work folder (``<work>/cache``), never a store shared between
work folders (``--cache``), and two builds in one work folder at once are not supported (they would
also overwrite each other's docs folders).

The entries are files this generator wrote into its own work folder; a pickle among them is read only
from there.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.core.formatting import FILES, format_count, format_number

__all__ = ["ContentStore", "Record", "SweepStats", "recording", "sweep"]


@dataclass
class Record:
    """The entries used since :func:`recording` began, by store folder, and when it began."""

    since: float
    used: dict[str, set[str]] = field(default_factory=dict)

    def mark(self, folder: Path, name: str) -> None:
        self.used.setdefault(os.path.abspath(folder), set()).add(name)

    def names(self, folder: Path) -> set[str]:
        return self.used.get(os.path.abspath(folder), set())


_RECORD: list[Record] = []


@contextlib.contextmanager
def recording() -> Iterator[Record]:
    """Record which entries of every store are used while the block runs (one build)."""
    # A little early: a file system stamps with a coarse clock that may lag the process's by a tick.
    record = Record(since=time.time() - 0.1)
    _RECORD.append(record)
    try:
        yield record
    finally:
        _RECORD.remove(record)


def _encode(part: Any) -> bytes:
    if isinstance(part, bytes | bytearray | memoryview):
        tag, body = b"b", bytes(part)
    elif isinstance(part, str):
        tag, body = b"s", part.encode("utf-8")
    else:
        tag = b"j"
        body = json.dumps(part, sort_keys=True, default=str, ensure_ascii=False, separators=(",", ":")).encode()
    return tag + len(body).to_bytes(8, "big") + body


class ContentStore:
    """Entries named by a digest of what made them, in ``folder/<2 hex>/<key><suffix>``.

    An entry is written once and then only replaced whole (a new file renamed over it), never changed in
    place, so a hard link to it — the docs folder's copy of a drawn chart — keeps its bytes.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        # what the record names the folder by: once, not on each of the ~70 000 marks of a ten-year region
        self._absolute = os.path.abspath(self.folder)

    @staticmethod
    def key(*parts: Any) -> str:
        """A SHA-256 (hex) of ``parts``: bytes and text as they are, anything else as canonical JSON, each
        with its type and length, so that no two different lists of parts give the same bytes. The same in
        every process and on every machine (no ``hash()``, no pickle)."""
        digest = hashlib.sha256()
        for part in parts:
            digest.update(_encode(part))
        return digest.hexdigest()

    def path(self, key: str, suffix: str = "") -> Path:
        """Where the entry ``key`` lives (it may not be there)."""
        return self.folder / key[:2] / f"{key}{suffix}"

    def mark(self, key: str, suffix: str = "") -> None:
        """Record that this build uses the entry (read by a worker, linked, or known to be needed)."""
        for record in _RECORD:
            record.used.setdefault(self._absolute, set()).add(f"{key}{suffix}")

    def get(self, key: str, suffix: str = "") -> Path | None:
        """The entry's file, recorded as used; None when it is not there."""
        path = self.path(key, suffix)
        if not path.is_file():
            return None
        self.mark(key, suffix)
        return path

    def read_bytes(self, key: str, suffix: str = "") -> bytes | None:
        """The entry's bytes, recorded as used; None when it is not there."""
        try:
            data = self.path(key, suffix).read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None
        self.mark(key, suffix)
        return data

    def put_bytes(self, key: str, suffix: str, data: bytes) -> Path:
        """Store ``data`` as the entry: written under a temporary name beside it, then renamed over it."""
        path = self.path(key, suffix)
        tmp = os.path.join(path.parent, f".{path.name}.{os.getpid()}.tmp")
        try:
            try:
                file = open(tmp, "wb")  # noqa: SIM115 — closed below
            except FileNotFoundError:  # the entry's folder, made once (a cold build puts tens of thousands)
                path.parent.mkdir(parents=True, exist_ok=True)
                file = open(tmp, "wb")  # noqa: SIM115
            with file:
                file.write(data)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        self.mark(key, suffix)
        return path

    def put_text(self, key: str, suffix: str, text: str) -> Path:
        return self.put_bytes(key, suffix, text.encode("utf-8"))

    def put_file(self, key: str, suffix: str, source: Path) -> Path:
        """Store a copy of the file ``source`` as the entry (``source`` is left as it is)."""
        return self.put_bytes(key, suffix, Path(source).read_bytes())


@dataclass
class SweepStats:
    files: int = 0
    bytes: int = 0
    kept: int = 0

    def __str__(self) -> str:
        megabytes = format_number(Decimal(self.bytes) / 1_000_000, 1)
        return f"удалено {format_count(self.files, FILES)} ({megabytes} МБ), оставлено {self.kept}"


def sweep(folders: Iterable[Path], record: Record) -> SweepStats:
    """Remove from each store folder the entries ``record`` did not see used: not read or written by
    this build, not written since it began, not hard-linked from anywhere. Also removes the temporary
    files of writes that never finished. Run only after a successful build (a failed one may not have
    reached what the next build needs) and only when no other build uses these folders. A folder the
    build used nothing of is left as it is: that build did without it (a build without PDFs keeps the
    printed ones for the next build with them)."""
    stats = SweepStats()
    for folder in folders:
        used = record.names(folder)
        if not used:
            continue
        try:
            buckets = [d.path for d in os.scandir(folder) if d.is_dir(follow_symlinks=False) and len(d.name) == 2]
        except FileNotFoundError:
            continue
        # the folder itself too: files an older layout kept there (other folders, such as MkDocs' template
        # cache inside the pages' store, are not entries and are left alone)
        for bucket in [os.fspath(folder), *buckets]:
            left = 0
            for entry in os.scandir(bucket):
                if not entry.is_file(follow_symlinks=False):
                    left += 1
                    continue
                if entry.name in used:  # no stat: most entries are used, and a sweep reads only the names
                    left += 1
                    stats.kept += 1
                    continue
                info = entry.stat(follow_symlinks=False)
                if info.st_mtime >= record.since or info.st_nlink > 1:
                    left += 1
                    stats.kept += 1
                    continue
                try:
                    os.unlink(entry.path)
                except FileNotFoundError:
                    continue
                except OSError:  # not ours to remove (permissions): it stays, and so does the site
                    left += 1
                    stats.kept += 1
                    continue
                stats.files += 1
                stats.bytes += info.st_size
            if not left and bucket != os.fspath(folder):
                with contextlib.suppress(OSError):
                    os.rmdir(bucket)
    return stats
