"""Generated editions kept between builds, keyed by everything an edition's pages are made from.

Why: past editions are frozen — their data do not change when the current year's do — yet making their
pages again costs as much as the first time, so a data commit in a region with ten years of editions
would spend most of its time re-making nine editions byte for byte. An edition's pages, files and chart
specs are therefore stored after they are made, under a key of: the edition's own data (the catalogue,
the registry, the rules and the years up to its own, as :func:`generator.build.versions.edition_inputs`), the shape
of the whole site that its pages link to (every year and every municipality's years, the latest year),
the site's name and address, whether PDFs are linked, and the generator's code and templates. Change any
of them and the edition is made again.

The files are pickles written by this generator into its own work folder (never read from elsewhere).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.site.render import SiteContent

PACKAGE = Path(__file__).parents[1]


def code_version() -> str:
    """The generator's own code and templates: a change to either makes every edition again."""
    digest = hashlib.sha256()
    for path in sorted([*PACKAGE.rglob("*.py"), *(PACKAGE / "site" / "templates").rglob("*")]):
        if path.is_file():
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@dataclass
class EditionCache:
    root: Path
    keys: dict[int, str]
    hits: list[int] = field(default_factory=list)

    @classmethod
    def for_site(cls, root: Path, versions: dict[int, str], shape: Any, site: Any) -> EditionCache:
        base = json.dumps([code_version(), shape, site], sort_keys=True, default=str, ensure_ascii=False)
        keys = {year: hashlib.sha256(f"{base}\n{year}\n{v}".encode()).hexdigest() for year, v in versions.items()}
        return cls(root, keys)

    def _path(self, year: int) -> Path | None:
        key = self.keys.get(year)
        return None if key is None else self.root / f"{year}-{key[:32]}.pickle"

    def load(self, year: int) -> tuple[SiteContent, SiteContent] | None:
        path = self._path(year)
        if path is None or not path.is_file():
            return None
        try:
            with path.open("rb") as f:
                part = pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            return None
        self.hits.append(year)
        return part  # type: ignore[no-any-return]

    def store(self, year: int, part: tuple[SiteContent, SiteContent]) -> None:
        path = self._path(year)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(f"{year}-*.pickle"):  # one generation per edition is enough
            old.unlink(missing_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as f:
            pickle.dump(part, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
