"""Parses of data files kept between builds, keyed by the files' bytes.

Why: parsing YAML with the position of every value costs milliseconds a file in Python, and a region's
data are hundreds of files of which a commit changes one. The build keeps each parse in its own work
folder (pickles this generator wrote, never read from elsewhere); a file that does not parse is parsed
again each time, so its errors are always reported as they are.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import hashlib
import os
import pickle
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

Doc = TypeVar("Doc")
_FOLDER: contextvars.ContextVar[Path | None] = contextvars.ContextVar("parsed_files", default=None)


@contextlib.contextmanager
def parsed_files_kept_in(folder: Path) -> Iterator[None]:
    """Keep each data file's parse in ``folder`` while the block runs."""
    token = _FOLDER.set(folder)
    try:
        yield
    finally:
        _FOLDER.reset(token)


def kept_parse(path: Path, data: bytes, parse: Callable[[], Doc]) -> Doc:
    """The parse of ``data`` (read from ``path``): kept from before when there is one, else ``parse()``."""
    folder = _FOLDER.get()
    if folder is None:
        return parse()
    kept = folder / f"{hashlib.sha256(data).hexdigest()}.pickle"
    try:
        with kept.open("rb") as f:
            kept_doc: Any = pickle.load(f)
        if dataclasses.is_dataclass(kept_doc) and not isinstance(kept_doc, type):
            return dataclasses.replace(kept_doc, path=path)  # type: ignore[no-any-return]
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
        pass
    doc = parse()
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        tmp = kept.with_name(f".{kept.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as f:
            pickle.dump(dataclasses.replace(doc, path=Path()), f, protocol=pickle.HIGHEST_PROTOCOL)  # type: ignore[type-var]
        tmp.replace(kept)
    return doc
