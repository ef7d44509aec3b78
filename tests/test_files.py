"""Files are written and linked only when their bytes change, into folders made as needed, in one rename."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from generator.core.files import link_if_changed, write_if_changed


def test_a_file_is_written_into_new_folders_and_left_alone_when_its_bytes_are_the_same(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "page.md"
    assert write_if_changed(path, "первая") and path.read_text(encoding="utf-8") == "первая"
    before = path.stat()
    assert not write_if_changed(path, "первая".encode())
    assert path.stat().st_ino == before.st_ino and path.stat().st_mtime_ns == before.st_mtime_ns
    stale = path.with_name(f".{path.name}.tmp{os.getpid()}")
    stale.write_bytes(b"an interrupted write")
    assert write_if_changed(path, "вторая") and path.read_text(encoding="utf-8") == "вторая"
    assert sorted(p.name for p in path.parent.iterdir()) == ["page.md"], "no temporary file is left"


def test_a_link_shares_the_source_and_is_made_again_only_when_the_bytes_differ(tmp_path: Path) -> None:
    source = tmp_path / "cache" / "ab" / "entry.svg"
    source.parent.mkdir(parents=True)
    source.write_bytes(b"<svg/>")
    dest = tmp_path / "docs" / "charts" / "2025" / "x.svg"
    assert link_if_changed(source, dest) and os.path.samefile(source, dest)
    assert not link_if_changed(source, dest), "the same file: nothing to do"
    copy = tmp_path / "docs" / "copy.svg"
    copy.write_bytes(b"<svg/>")
    assert not link_if_changed(source, copy), "the same bytes in another file: left alone"
    other = tmp_path / "cache" / "cd" / "other.svg"
    other.parent.mkdir(parents=True)
    other.write_bytes(b"<svg></svg>")
    assert link_if_changed(other, dest) and dest.read_bytes() == b"<svg></svg>"
    assert source.read_bytes() == b"<svg/>", "the old link's source keeps its bytes"


def test_a_link_over_a_stale_temporary_link_or_a_taken_name_never_writes_through_a_linked_file(tmp_path: Path) -> None:
    """The caches' files are linked into the site: a write through a link would change a cached chart."""
    from generator.core.files import link_or_copy

    cached = tmp_path / "cache" / "entry.svg"
    cached.parent.mkdir()
    cached.write_bytes(b"<svg>cached</svg>")
    dest = tmp_path / "site" / "chart.svg"
    link_or_copy(cached, dest)
    assert os.path.samefile(cached, dest)
    newer = tmp_path / "cache" / "newer.svg"
    newer.write_bytes(b"<svg>newer</svg>")
    with pytest.raises(FileExistsError):
        link_or_copy(newer, dest)
    assert cached.read_bytes() == b"<svg>cached</svg>", "a taken name is an error, not a copy into it"
    stale = dest.with_name(f".{dest.name}.tmp{os.getpid()}")
    os.link(cached, stale)  # what an interrupted replacement leaves
    assert link_if_changed(newer, dest) and dest.read_bytes() == b"<svg>newer</svg>"
    assert cached.read_bytes() == b"<svg>cached</svg>"
    assert sorted(p.name for p in dest.parent.iterdir()) == ["chart.svg"], "no temporary file is left"


def test_a_write_over_a_stale_temporary_link_leaves_the_linked_cache_file_as_it_was(tmp_path: Path) -> None:
    """An interrupted link leaves ``.name.tmp<pid>`` linked to a cached file; a later write of the same name in
    a process of the same number must replace that link, not write into the file behind it."""
    cached = tmp_path / "cache" / "entry.svg"
    cached.parent.mkdir()
    cached.write_bytes(b"<svg>cached</svg>")
    path = tmp_path / "docs" / "chart.svg"
    path.parent.mkdir()
    os.link(cached, path.with_name(f".{path.name}.tmp{os.getpid()}"))
    assert write_if_changed(path, b"<svg>new</svg>") and path.read_bytes() == b"<svg>new</svg>"
    assert cached.read_bytes() == b"<svg>cached</svg>"
    assert sorted(p.name for p in path.parent.iterdir()) == ["chart.svg"]


def _rename_copies_over(path: Path, stop: Any) -> None:
    """Another process of a build, putting its copy of the same cache entry: a new file renamed over the name."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    while not stop.is_set():
        tmp.write_bytes(b"<svg/>")
        os.replace(tmp, path)


def test_a_cache_entry_is_linked_while_another_process_renames_its_copy_over_it(tmp_path: Path) -> None:
    """Two workers may draw the same chart and rename their copies over each other's. The name is never missing,
    but the kernel refuses to link a file whose last name has just gone («No such file»): a cold build failed so.
    Linking tries again, and every link is made."""
    import multiprocessing

    entry = tmp_path / "cache" / "ab" / "entry.svg"
    entry.parent.mkdir(parents=True)
    entry.write_bytes(b"<svg/>")
    context = multiprocessing.get_context("fork")
    stop = context.Event()
    other = context.Process(target=_rename_copies_over, args=(entry, stop))
    other.start()
    try:
        for n in range(1000):
            assert link_if_changed(entry, tmp_path / "site" / f"{n % 30}" / f"{n}.svg")
    finally:
        stop.set()
        other.join()
    assert len(list((tmp_path / "site").rglob("*.svg"))) == 1000


def test_a_missing_cache_entry_is_still_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        link_if_changed(tmp_path / "cache" / "nothing.svg", tmp_path / "site" / "a.svg")
