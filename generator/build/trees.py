"""Finished editions: the built HTML, files and PDFs of an edition, kept whole and reused whole.

Why: a published edition is frozen — its data, and so its pages, do not change when the current year's
do — yet a build that takes it through MkDocs again (listing its files, laying out its pages, indexing
them) costs more with every past year. Each edition is built by its own MkDocs build into a folder of its
own, kept under a key of everything its output is made from (its data, the shape of the site, the
generator's code, the MkDocs configuration and theme, the texts around its pages); a build whose key is
already there links that folder into the new site and makes nothing of it.

A folder is complete when its ``manifest.json`` is there: it is written last, after the PDFs, so a build
that failed half-way leaves nothing that a later build would take for finished.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
VERSION = 1
"""Bump when what a folder holds changes, so folders made by the old code are not reused."""


@dataclass(frozen=True)
class Manifest:
    """What a finished edition holds: its pages (docs paths), the anchors of each, its search entries."""

    pages: list[str]
    anchors: dict[str, list[str]] = field(default_factory=dict)
    search: list[dict[str, Any]] = field(default_factory=list)
    uses: dict[str, list[str]] = field(default_factory=dict)  # the cache's entries it was made of, by kind
    size: int | None = None  # bytes of its own folders (see own_folders), measured when it was finished
    charts: int | None = None  # its charts, for the build's count of the whole site (None: an older manifest)

    @property
    def urls(self) -> set[str]:
        return {"/" + p.removesuffix("index.md") for p in self.pages}


@dataclass
class EditionTrees:
    root: Path
    keys: dict[int, str]

    @classmethod
    def for_site(cls, root: Path, edition_keys: dict[int, str], around: Any) -> EditionTrees:
        """Keys from the editions' own keys and ``around``: everything outside an edition's data that is in
        its HTML (configuration, theme, navigation texts, the site's extra values)."""
        base = json.dumps([VERSION, around], sort_keys=True, default=str, ensure_ascii=False)
        keys = {y: hashlib.sha256(f"{base}\n{y}\n{k}".encode()).hexdigest()[:32] for y, k in edition_keys.items()}
        return cls(root, keys)

    def path(self, year: int) -> Path:
        return self.root / f"{year}-{self.keys[year]}"

    def complete(self, year: int) -> bool:
        return year in self.keys and (self.path(year) / MANIFEST).is_file()

    def manifest(self, year: int) -> Manifest | None:
        try:
            data = json.loads((self.path(year) / MANIFEST).read_text(encoding="utf-8"))
            size, charts = data.get("size"), data.get("charts")
            return Manifest(
                data["pages"], data.get("anchors", {}), data.get("search", []), data.get("uses", {}),
                size if isinstance(size, int) else None, charts if isinstance(charts, int) else None,
            )  # fmt: skip
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def start(self, year: int) -> Path:
        """An empty folder to build the edition into; :meth:`finish` makes it the edition's folder."""
        tmp = self.root / f".{year}-{self.keys[year]}.{os.getpid()}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        return tmp

    def finish(self, year: int, tmp: Path, manifest: Manifest) -> Manifest:
        """Seal ``tmp`` as the edition's folder; older folders of the same edition are removed. Returns the
        manifest as written, with the size of the edition's own folders."""
        manifest = replace(manifest, size=sum(folder_bytes(tmp / rel) for rel in own_folders(tmp, year)))
        data = {"pages": manifest.pages, "anchors": manifest.anchors, "search": manifest.search}
        data["uses"] = manifest.uses
        data["size"] = manifest.size
        data["charts"] = manifest.charts
        (tmp / MANIFEST).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        final = self.path(year)
        for old in self.root.glob(f"{year}-*"):
            if old != final:
                shutil.rmtree(old, ignore_errors=True)
        shutil.rmtree(final, ignore_errors=True)
        tmp.rename(final)
        return manifest


def link_tree(source: Path, target: Path) -> int:
    """Hard-link every file of ``source`` (but its manifest) into ``target``; returns how many.

    A link costs no space and no copying; the published site and the kept folder share the files, and
    neither is ever written in place (files are replaced, not rewritten), so neither changes the other.
    """
    count = 0
    for folder, _dirs, names in os.walk(source):
        rel = os.path.relpath(folder, source)
        out = target if rel == "." else target / rel
        out.mkdir(parents=True, exist_ok=True)
        for name in names:
            if rel == "." and name == MANIFEST:
                continue
            src, dst = os.path.join(folder, name), out / name
            try:
                os.link(src, dst)
            except FileExistsError:
                dst.unlink()
                os.link(src, dst)
            except OSError:
                shutil.copy2(src, dst)
            count += 1
    return count


def own_folders(tree: Path, year: int | str | None = None) -> list[str]:
    """The folders of a finished edition that no other part of the site shares: ``<year>`` and
    ``charts/<year>`` (a finished tree's name starts with its year)."""
    year = tree.name.split("-", 1)[0] if year is None else year
    return [rel for rel in (f"{year}", f"charts/{year}") if (tree / rel).is_dir()]


def folder_bytes(folder: Path, skip: Collection[str] = ()) -> int:
    """The bytes of the files under ``folder``, but for its subfolders ``skip`` (paths relative to it, with
    «/»). A hard link counts as the file it is: the host stores every published file."""
    total = 0
    for current, dirs, names in os.walk(folder):
        rel = os.path.relpath(current, folder)
        if skip:
            dirs[:] = [d for d in dirs if (d if rel == "." else f"{rel}/{d}").replace(os.sep, "/") not in skip]
        total += sum(os.stat(os.path.join(current, name), follow_symlinks=False).st_size for name in names)
    return total


def site_bytes(site: Path, trees: dict[Path, Manifest | None]) -> int:
    """The size of a built ``site`` holding the finished ``trees`` (each folder with its manifest).

    Why not walk it all: a site of ten editions has ~85 000 files, and a walk of them costs most of a second of
    every build. An edition's own folders are measured once, when the edition is finished, and kept in its
    manifest; only the rest of the site (a few thousand files) is walked each time.
    """
    own: set[str] = set()
    total = 0
    for tree, manifest in trees.items():
        folders = own_folders(tree)
        own.update(folders)
        if manifest is not None and manifest.size is not None:
            total += manifest.size
        else:  # finished by a build before the size was kept
            total += sum(folder_bytes(tree / rel) for rel in folders)
    return total + folder_bytes(site, own)


def _linked_from(tree_folder: Path, published: Path) -> bool:
    """Whether ``published`` is this folder of the tree as a build linked it: the same entries, and its first
    file the very same file (a hard link), not a copy or another build's."""
    try:
        if sorted(os.listdir(published)) != sorted(os.listdir(tree_folder)):
            return False
        for folder, _dirs, names in os.walk(tree_folder):
            if names:
                name = sorted(names)[0]
                rel = os.path.relpath(os.path.join(folder, name), tree_folder)
                return os.path.samefile(os.path.join(folder, name), published / rel)
    except OSError:
        return False
    return False


def place_trees(trees: list[Path], site: Path, published: Path | None) -> tuple[int, int]:
    """Put finished editions into the new ``site``; returns (folders moved, files linked).

    The published site, made by the last build, holds the same editions as hard links of the same folders:
    each such folder is moved from there into the new site — one rename, however many thousands of files
    it holds — instead of linking every file again and then deleting the old links (on ten years of sixty
    municipalities, 74 000 files: two seconds of every build). Anything else is linked file by file. Call
    it last, right before the new site replaces the published one: the published site lacks the moved
    folders only for that moment. If it fails half-way, the moved folders go back.
    """
    moved: list[tuple[Path, Path]] = []
    linked = 0
    try:
        for tree in trees:
            own = own_folders(tree)
            for rel in own:
                old, new = (published / rel) if published is not None else None, site / rel
                if old is not None and old.is_dir() and not new.exists() and _linked_from(tree / rel, old):
                    new.parent.mkdir(parents=True, exist_ok=True)
                    old.rename(new)
                    moved.append((new, old))
                else:
                    linked += link_tree(tree / rel, new)
            for folder, dirs, names in os.walk(tree):  # anything outside the edition's own folders
                rel = os.path.relpath(folder, tree)
                dirs[:] = [d for d in dirs if os.path.normpath(os.path.join(rel, d)) not in own]
                for name in names:
                    if not (rel == "." and name == MANIFEST):
                        linked += _link_one(Path(folder) / name, site / rel / name)
    except BaseException:
        for new, old in reversed(moved):
            if new.exists() and not old.exists():
                new.rename(old)
        raise
    return len(moved), linked


def _link_one(src: Path, dst: Path) -> int:
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.unlink(missing_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)
    return 1
