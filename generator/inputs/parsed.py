"""Parses of data files kept between builds, keyed by the files' bytes.

Why: parsing YAML with the position of every value costs milliseconds a file in Python, and a region's
data are hundreds of files of which a commit changes one. The build keeps each parse in its own work
folder (pickles this generator wrote, never read from elsewhere); a file that does not parse is parsed
again each time, so its errors are always reported as they are.

A year file's checks are kept the same way (:func:`kept_check`), under its bytes and everything else they
read: a past year's files are neither parsed nor checked again on a data commit of the current year.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import functools
import pickle
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from generator.core.store import ContentStore

Doc = TypeVar("Doc")
Result = TypeVar("Result")
_STORE: contextvars.ContextVar[ContentStore | None] = contextvars.ContextVar("parsed_files", default=None)


@contextlib.contextmanager
def parsed_files_kept_in(folder: Path) -> Iterator[None]:
    """Keep each data file's parse in ``folder`` while the block runs."""
    token = _STORE.set(ContentStore(folder))
    try:
        yield
    finally:
        _STORE.reset(token)


@contextlib.contextmanager
def parsed_files_not_kept() -> Iterator[None]:
    """Parse without the kept parses while the block runs: for a file read once a process (the
    generator's own defaults, memoised), whose entry a later build in the same process would not use."""
    token = _STORE.set(None)
    try:
        yield
    finally:
        _STORE.reset(token)


@functools.cache
def parser_version() -> str:
    """The code a kept parse was made by: the parser's own modules and PyYAML. A generator whose parser changed does
    not take a parse made by the old one, even where the kept object would still load."""
    import yaml

    here = Path(__file__).parent
    code = (path.read_bytes() for path in (here / "source.py", here / "parsed.py"))
    return ContentStore.key(yaml.__version__, *code)


def _parse_key(data: bytes) -> str:
    return ContentStore.key(parser_version(), data)


def kept_parse(path: Path, data: bytes, parse: Callable[[], Doc]) -> Doc:
    """The parse of ``data`` (read from ``path``): kept from before when there is one, else ``parse()``."""
    store = _STORE.get()
    if store is None:
        return parse()
    key = _parse_key(data)
    try:
        with store.path(key, ".pickle").open("rb") as f:
            kept_doc: Any = pickle.load(f)
        if dataclasses.is_dataclass(kept_doc) and not isinstance(kept_doc, type):
            store.mark(key, ".pickle")
            return dataclasses.replace(kept_doc, path=path)  # type: ignore[no-any-return]
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
        pass
    doc = parse()
    with contextlib.suppress(OSError):
        kept = dataclasses.replace(doc, path=Path())  # type: ignore[type-var]
        store.put_bytes(key, ".pickle", pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))
    return doc


@functools.cache
def checker_version() -> str:
    """The code a kept check of a data file was made by: the parser, the packages that read and check the
    data (:mod:`generator.inputs`, and :mod:`generator.core`, whose formatting the messages use) and pydantic."""
    import pydantic

    package = Path(__file__).parents[1]
    code = [path.read_bytes() for folder in ("inputs", "core") for path in sorted((package / folder).glob("*.py"))]
    return ContentStore.key(parser_version(), pydantic.VERSION, *code)


def kept_check(parts: Sequence[Any], check: Callable[[], Result]) -> tuple[Result, Callable[[], None] | None]:
    """What ``check()`` gives for a data file, kept from before under ``parts`` (everything the check depends
    on besides the checking code, :func:`checker_version`) when there is one; and, for a result made now,
    what keeps it (the caller decides whether and when: None when it came from the store, or without a
    store — :func:`parsed_files_kept_in` — where the check runs every time)."""
    store = _STORE.get()
    if store is None:
        return check(), None
    key = ContentStore.key(checker_version(), *parts)
    try:
        with store.path(key, ".checked").open("rb") as f:
            kept: Result = pickle.load(f)
        store.mark(key, ".checked")
        return kept, None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ImportError, IndexError):
        pass
    result = check()

    def save(result: Result = result) -> None:
        with contextlib.suppress(OSError, pickle.PicklingError):
            store.put_bytes(key, ".checked", pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))

    return result, save


@dataclass(frozen=True)
class KeptDoc:
    """The parse of a file checked by an earlier build, read when asked for: from the kept parses, or
    parsed again (by ``parse``) from the very bytes that were checked."""

    path: Path
    data: bytes
    folder: Path | None
    parse: Callable[[Path, bytes], Any]

    def load(self) -> Any:
        if self.folder is not None:
            store = ContentStore(self.folder)
            try:
                with store.path(_parse_key(self.data), ".pickle").open("rb") as f:
                    kept_doc: Any = pickle.load(f)
                if dataclasses.is_dataclass(kept_doc) and not isinstance(kept_doc, type):
                    return dataclasses.replace(kept_doc, path=self.path)
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
                pass
        return self.parse(self.path, self.data)


def kept_doc(path: Path, data: bytes, parse: Callable[[Path, bytes], Any]) -> KeptDoc:
    """The parse of ``data`` (read from ``path``), to be read when asked for; its kept parse, if any, is
    marked as used by this build, so that the sweep leaves it for the stage that asks."""
    store = _STORE.get()
    if store is not None:
        store.mark(_parse_key(data), ".pickle")
    return KeptDoc(path, data, store.folder if store is not None else None, parse)
