"""The content-addressed store of the build's caches (generator/core/store.py) and its sweep."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.core import parallel
from generator.core.store import ContentStore, recording, sweep

ROOT = Path(__file__).resolve().parent.parent


def test_a_key_is_the_same_in_another_process_and_tells_apart_what_only_concatenation_would_join() -> None:
    parts = (b"bytes", "текст", {"b": [1, 2], "a": None}, 3)
    here = ContentStore.key(*parts)
    code = (
        "from generator.core.store import ContentStore as S;"
        "print(S.key(b'bytes', 'текст', {'a': None, 'b': [1, 2]}, 3))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "123"}
    there = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT, env=env)
    assert there.stdout.strip() == here
    assert len(here) == 64 and int(here, 16) >= 0
    assert ContentStore.key("ab", "c") != ContentStore.key("a", "bc")
    assert ContentStore.key(b"1") != ContentStore.key("1") != ContentStore.key(1)


def test_an_entry_is_put_whole_and_read_back_and_a_failed_write_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ContentStore(tmp_path / "kind")
    key = store.key("entry")
    assert store.get(key, ".txt") is None and store.read_bytes(key, ".txt") is None
    path = store.put_text(key, ".txt", "первое")
    assert path == store.path(key, ".txt") and path.parent.name == key[:2]
    assert store.read_bytes(key, ".txt") == "первое".encode()
    linked = tmp_path / "linked.txt"
    os.link(path, linked)
    store.put_bytes(key, ".txt", b"second")  # replaced by a rename: a hard link keeps the old bytes
    assert linked.read_text(encoding="utf-8") == "первое" and path.read_bytes() == b"second"

    def broken(source: object, target: object) -> None:
        raise OSError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", broken)  # the rename of the written temporary file fails
        with pytest.raises(OSError):
            store.put_bytes(key, ".txt", b"third")
    assert path.read_bytes() == b"second", "a failed write leaves the entry as it was"
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name], "and no temporary file"
    source = tmp_path / "source.bin"
    source.write_bytes(b"\x00\x01")
    copied = store.put_file(store.key("file"), ".bin", source)
    assert copied.read_bytes() == b"\x00\x01" and source.is_file()


def _put_in_worker(name: str) -> str:
    return ContentStore(parallel.state()["folder"]).put_text(ContentStore.key(name), ".html", name).name


def _aged(path: Path) -> None:
    old = time.time() - 3600
    os.utime(path, (old, old))


def test_the_sweep_removes_only_entries_the_build_did_not_use(tmp_path: Path) -> None:
    store = ContentStore(tmp_path / "svg")
    keys = {name: store.key(name) for name in ("used", "unused", "linked", "read")}
    for key in keys.values():
        _aged(store.put_text(key, ".svg", key))
    os.link(store.path(keys["linked"], ".svg"), tmp_path / "docs-chart.svg")  # a docs folder's file
    legacy = tmp_path / "svg" / "old-layout.pickle"  # what an older layout left at the top
    legacy.write_bytes(b"old")
    _aged(legacy)
    with recording() as record:
        store.mark(keys["used"], ".svg")
        assert store.read_bytes(keys["read"], ".svg") is not None
        fresh = store.put_text(store.key("new"), ".svg", "new")
    stats = sweep([tmp_path / "svg", tmp_path / "missing"], record)
    left = {p.name for p in (tmp_path / "svg").rglob("*") if p.is_file()}
    assert left == {f"{keys[n]}.svg" for n in ("used", "linked", "read")} | {fresh.name}
    assert stats.files == 2 and stats.bytes == len(keys["unused"]) + 3 and stats.kept == 4
    assert str(stats).startswith("удалено 2\u00a0файла (0,0 МБ)")


def test_an_entry_a_forked_worker_wrote_survives_the_sweep_though_its_mark_stayed_in_the_worker(
    tmp_path: Path,
) -> None:
    store = ContentStore(tmp_path / "pages")
    old = store.put_text(store.key("old"), ".html", "old")
    _aged(old)

    read = store.put_text(store.key("read here"), ".html", "read")
    _aged(read)
    with recording() as record, parallel.shared(folder=tmp_path / "pages"):
        names = parallel.fork_map(_put_in_worker, ["a", "b", "c"], workers=2)
        assert store.get(store.key("read here"), ".html") == read
    assert record.names(tmp_path / "pages") == {read.name}, "the workers' marks did not reach this process"
    sweep([tmp_path / "pages"], record)
    assert {p.name for p in (tmp_path / "pages").rglob("*.html")} == {*names, read.name}


def test_a_store_the_build_used_nothing_of_is_not_swept(tmp_path: Path) -> None:
    """A build without PDFs keeps the printed ones: the next build with PDFs takes them from the cache."""
    pdf, svg = ContentStore(tmp_path / "pdf"), ContentStore(tmp_path / "svg")
    printed, drawn = pdf.put_bytes(pdf.key("report"), ".pdf", b"%PDF"), svg.put_text(svg.key("old"), ".svg", "x")
    _aged(printed)
    _aged(drawn)
    with recording() as record:
        svg.put_text(svg.key("new"), ".svg", "y")
    assert sweep([tmp_path / "pdf", tmp_path / "svg"], record).files == 1
    assert printed.is_file() and not drawn.exists()


def test_marks_outside_a_recording_are_not_kept_and_each_recording_starts_empty(tmp_path: Path) -> None:
    store = ContentStore(tmp_path / "x")
    store.mark("ab" * 32, ".bin")
    with recording() as first:
        store.mark("cd" * 32, ".bin")
    with recording() as second:
        pass
    assert first.names(tmp_path / "x") == {"cd" * 32 + ".bin"}
    assert second.names(tmp_path / "x") == set()
