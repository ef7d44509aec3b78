"""Shared helpers: small data directories built in a temporary folder from Python dicts."""

from __future__ import annotations

import fcntl
import os
import pickle
import shutil
from collections.abc import Callable
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


def once_per_run(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Any]) -> Any:
    """What ``make(folder)`` returns, made once per test run in a folder of its own.

    Under ``pytest -n 2`` each worker is a process of its own: the first to ask makes it while holding a
    lock, and leaves it pickled beside the folder; the other waits for the lock and reads it. So a site
    built once serves the tests of both workers, and its tests need not all wait in one worker's queue."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's own temporary folder, which its workers share
    with open(base / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        made = base / f"{name}.pickle"
        if made.is_file():
            return pickle.loads(made.read_bytes())
        (base / name).mkdir(exist_ok=True)
        result = make(base / name)
        made.write_bytes(pickle.dumps(result))
        return result


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The demo site, built once per test run from the shipped data into a temporary folder.

    The work folder lives in ``build/test-demo`` and the SVG cache is the one of ``make site``
    (``build/cache/svg``; under xdist the building worker's, see ``build_site``), so that a second local
    run re-renders nothing; a clean clone (CI) starts cold.
    """
    from .site_helpers import BuiltSite, build_site

    # PROFORIENTIR_TEST_WORK lets two test runs on one machine keep apart (the SVG cache stays shared).
    work = Path(os.environ.get("PROFORIENTIR_TEST_WORK", ROOT / "build" / "test-demo"))

    def make(folder: Path) -> BuiltSite:
        out = folder / "site"
        return BuiltSite(data=ROOT / "data", out=out, work=work, result=build_site(ROOT / "data", out, work))

    return once_per_run(tmp_path_factory, "demo", make)


@pytest.fixture(scope="module")
def browser_site(demo_site):  # type: ignore[no-untyped-def]
    """The demo site served on a local port and a headless Chromium, for one module's browser tests:
    ``(browser, base URL)``. Its search indexes are served empty (the tests of search serve their own)."""
    from .browser import chromium, serve

    assert demo_site.result.ok
    with serve(demo_site.out, search=False) as base, chromium() as browser:
        yield browser, base


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The pages, files and charts the generator makes of one of the project's data folders, without MkDocs:
    ``generated("data")`` for the demo, ``generated("examples/kemerovo/data")``… Made once per test run
    (the demo's take several seconds) and read by the modules that check them, each for its own requirement."""
    from .site_helpers import site_content

    memo: dict[str, Any] = {}

    def content(name: str) -> Any:
        if name not in memo:
            folder = "content-" + name.replace("/", "-")
            memo[name] = once_per_run(tmp_path_factory, folder, lambda _: site_content(ROOT / name))
        return memo[name]

    return content


# The modules that take longest are handed to the workers first (about a minute each on two busy cores,
# the slowest first; the demo's and the others' alternate, so that neither worker waits for the demo
# site the other is building). Under ``--dist loadgroup`` a worker takes a whole module at a time: one of
# these begun last would keep one core busy while the other had nothing left to do. The short modules
# follow and fill the end.
LONG_FIRST = (
    "test_accessibility", "test_quickmd", "test_incremental", "test_site", "test_cold_build_parts",
    "test_screenshots", "test_edition_builds", "test_links", "test_hostile_data",
    "test_overview", "test_cache_sweep", "test_embeds", "test_validation_properties", "test_reader_texts",
    "test_corrections", "test_browser_tables", "test_browser_reflow", "test_browser_headings", "test_report_pdfs",
    "test_demo_data",
)  # fmt: skip


def pytest_configure(config: pytest.Config) -> None:
    renamed = [name for name in LONG_FIRST if not (Path(__file__).parent / f"{name}.py").is_file()]
    if renamed:
        raise pytest.UsageError(f"tests/conftest.py: LONG_FIRST names modules that are not there: {renamed}")
    if hasattr(config.option, "loadscopereorder"):
        # xdist would order the modules by their number of tests, which puts the long ones (few tests
        # that build sites) last; they keep the order of LONG_FIRST instead
        config.option.loadscopereorder = False


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under ``pytest -n 2 --dist loadgroup`` a module's tests run in one worker, one after another: some
    share a site they change step by step, and most share a site or a browser built for the module."""
    rank = {name: i for i, name in enumerate(LONG_FIRST)}

    def module(item: pytest.Item) -> str:
        return item.module.__name__.rpartition(".")[2] if item.module else ""

    items.sort(key=lambda item: rank.get(module(item), len(rank)))  # stable: the rest keep their order
    for item in items:
        item.add_marker(pytest.mark.xdist_group(item.module.__name__ if item.module else "other"))
