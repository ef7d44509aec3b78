"""Shared helpers: small data directories built in a temporary folder from Python dicts."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "data" / "indicators.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

REGISTRY: dict[str, Any] = {
    "region": {"name": "Тестовая область", "demo": True},
    "municipalities": [
        {"slug": "alpha", "name": "Альфинский городской округ", "type": "городской округ",
         "schools": [{"id": "alpha-1", "name": "Школа № 1"}, {"id": "alpha-2", "name": "Школа № 2", "ovz": True}]},
        {"slug": "beta", "name": "Бетинский муниципальный район", "type": "муниципальный район"},
    ],
}


def dump(path: Path, data: Any, header: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(header + text, encoding="utf-8")
    return path


class DataDir:
    """A data directory under construction: the real catalogue, a small registry, yearly files."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        shutil.copy(CATALOGUE, root / "indicators.yaml")
        dump(root / "region.yaml", REGISTRY)

    def year(self, year: int, slug: str, counts: dict[str, int] | None = None, **extra: Any) -> Path:
        data: dict[str, Any] = {"municipality": slug, "year": year}
        if counts is not None:
            data["counts"] = counts
        data.update(extra)
        return dump(self.root / str(year) / f"{slug}.yaml", data)

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path


@pytest.fixture
def datadir(tmp_path: Path) -> DataDir:
    return DataDir(tmp_path / "data")


def copy_fixture(name: str, dest: Path) -> Path:
    """A fixture directory with the project's real catalogue beside it."""
    shutil.copytree(FIXTURES / name, dest)
    shutil.copy(CATALOGUE, dest / "indicators.yaml")
    return dest


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The demo site, built once per session from the shipped data into a temporary folder.

    The work folder lives in ``build/test-demo`` and the SVG cache is the one of ``make site``
    (``build/cache/svg``), so that a second local run re-renders nothing; a clean clone (CI) starts cold.
    """
    from .site_helpers import BuiltSite, build_site

    out = tmp_path_factory.mktemp("demo") / "site"
    # PROFORIENTIR_TEST_WORK lets two test runs on one machine keep apart (the SVG cache stays shared).
    work = Path(os.environ.get("PROFORIENTIR_TEST_WORK", ROOT / "build" / "test-demo"))
    result = build_site(ROOT / "data", out, work)
    return BuiltSite(data=ROOT / "data", out=out, work=work, result=result)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under ``pytest -n 2 --dist loadgroup`` every test of the demo site runs in one worker, which builds
    the demo once, while the other worker runs everything else: the two cores are used, the demo built once."""
    for item in items:
        if "demo_site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("demo-site"))
        else:  # a module's tests stay together: some share a site they change step by step
            item.add_marker(pytest.mark.xdist_group(item.module.__name__ if item.module else "other"))
