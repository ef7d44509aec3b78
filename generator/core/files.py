"""Writing files only when their bytes change.

Same data in, same bytes out — and the same modification times: a file whose content did not change
is not touched, so MkDocs' and the deployers' caches, rsync and ``git status`` see only real changes.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class TextStyle:
    """How a text file people keep is spelled on disk: a byte order mark, Windows line ends.

    A command that rewrites such a file (import, correct) keeps both as they were, so that a file saved
    by Notepad is not rewritten whole and its diff shows only the values that changed.
    """

    bom: bool = False
    crlf: bool = False

    @classmethod
    def of(cls, data: bytes) -> TextStyle:
        # Windows line ends when most lines end so: a file with a stray CR keeps the LF it mostly has.
        crlf = data.count(b"\r\n")
        return cls(data.startswith(BOM), crlf > 0 and crlf * 2 >= data.count(b"\n"))

    def encode(self, text: str) -> bytes:
        """The bytes of ``text`` (LF line ends, no mark) in this style."""
        if self.crlf:
            text = text.replace("\r\n", "\n").replace("\n", "\r\n")
        return (BOM if self.bom else b"") + text.encode("utf-8")


def read_text(path: Path) -> tuple[str, TextStyle]:
    """A UTF-8 text file as Python reads text (LF line ends, no byte order mark) and how it was spelled.

    ``UnicodeDecodeError`` for a file that is not UTF-8.
    """
    data = path.read_bytes()
    text = data.decode("utf-8-sig")
    return text.replace("\r\n", "\n").replace("\r", "\n"), TextStyle.of(data)


def write_if_changed(path: Path, data: bytes | str) -> bool:
    """Write ``data`` to ``path`` unless it already holds exactly these bytes; return whether it wrote."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        if path.stat().st_size == len(payload) and path.read_bytes() == payload:
            return False
    except FileNotFoundError:
        pass
    _replace(path, lambda tmp: _write_new_file(tmp, payload))
    return True


def link_if_changed(src: Path, dest: Path) -> bool:
    """Give ``dest`` the bytes of ``src`` unless it holds them already; return whether it changed.

    ``dest`` becomes a hard link to ``src`` (a copy across file systems), so a file that is already in a
    cache — a drawn chart — is not read or copied again: a rebuild of tens of thousands of charts checks
    each with two ``stat`` calls. ``src`` must never be rewritten in place (the caches replace files).
    """
    try:
        there = os.stat(dest)
    except FileNotFoundError:  # a cold build's case: one stat, then the link itself
        there = None
    if there is None:
        try:
            link_or_copy(src, dest)  # a link appears whole: no temporary name needed
            return True
        except FileExistsError:  # made meanwhile: replaced below like any other
            pass
    else:
        mine = os.stat(src)
        if os.path.samestat(there, mine):
            return False
        if there.st_size == mine.st_size and dest.read_bytes() == src.read_bytes():
            return False
    _replace(dest, lambda tmp: _link_or_copy(src, tmp))
    return True


def link_or_copy(src: Path, dest: Path) -> None:
    """A new file ``dest`` with the bytes of ``src``: a hard link where it can be (no bytes copied). A name
    already taken is an error (``FileExistsError``), never a copy written through the file there."""
    _in_folder(dest, lambda: _link_or_copy(src, dest))


def write_new(path: Path, data: bytes) -> None:
    """A new file ``path`` holding ``data``, in a folder made when missing; for a build's fresh output folder,
    whose files no one reads before the build ends (elsewhere :func:`write_if_changed` replaces in one rename)."""
    _in_folder(path, lambda: _write_new_file(path, data))


def copy_file(src: Path, dest: Path) -> None:
    """A copy of a file the build does not own (the theme's, the repository's), with its modification time.

    Not a link: a file of the published site is then the same file as the source, and whoever edits the site
    in place (a deploy step that minifies, a hand fixing a typo) would edit the repository or the installed
    theme with it. The time is the source's, so an unchanged file looks unchanged to a deployer's cache.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(dest)  # a link an earlier build made: replaced, not written through
    shutil.copy2(src, dest)


RELINKS = 20
"""Tries to link a file that another process is replacing (see :func:`_link_or_copy`)."""


def _link_or_copy(src: Path, dest: Path) -> None:
    """A link; a copy where the file system has none (another device, no hard links). A name already
    taken or a missing folder is the caller's to handle: a copy would write through the file there.

    Two processes of a build may draw the same chart into the cache and rename their copies over each
    other's (the same bytes). Linking the name while the other copy is renamed over it can fail with
    «No such file» although the name is never missing: the kernel refuses to link a file whose last name has
    just gone. The name then holds the new copy, so the link is tried again (a cold build failed so, once in
    fifteen runs of the test of forked drawing)."""
    for attempt in range(RELINKS):
        try:
            os.link(src, dest)
            return
        except FileExistsError:
            raise
        except FileNotFoundError:
            if attempt == RELINKS - 1 or not os.path.isdir(os.path.dirname(dest)) or not os.path.exists(src):
                raise
        except OSError:
            shutil.copyfile(src, dest)
            return


def _write_new_file(path: Path, payload: bytes) -> None:
    """Write a file that must not be there yet: a temporary name an interrupted build left may be a link to a
    cached file, and writing into it would change that file (``FileExistsError`` makes ``_replace`` remove it)."""
    with open(path, "xb") as file:
        file.write(payload)


def _in_folder(path: Path, make: Callable[[], object]) -> None:
    """Run ``make``, which creates ``path``, and make ``path``'s folder only when it is missing: a cold build puts
    tens of thousands of files into a few hundred folders, and on a disk's file system each needless call
    costs (the build spent as much time in such calls as in drawing its charts)."""
    try:
        make()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        make()


def _replace(path: Path, fill: Callable[[Path], object]) -> None:
    """Put a new file at ``path`` in one rename: ``fill`` makes it under a temporary name beside it."""
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")

    def fresh() -> None:
        try:
            fill(tmp)
        except FileExistsError:  # a temporary file or link an interrupted build left: removed, never written into
            os.unlink(tmp)
            fill(tmp)

    _in_folder(tmp, fresh)
    os.replace(tmp, path)
