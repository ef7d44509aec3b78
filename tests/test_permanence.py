"""Permanent URLs: a cited page never silently disappears; a failed build never touches the published site.

These tests build a small site (the Kemerovo fixture: one municipality, three years) of their own, so
they can rename a section and break data without touching the demo.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.inputs.problems import Severity
from generator.publish.lockfile import LOCKFILE, REDIRECTS, read_lock, render_lock

from .conftest import copy_fixture
from .site_helpers import build_site

OLD = "rannyaya-proforientatsiya"
NEW = "rannyaya-proforientatsiya-i-proby"


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    root = tmp_path_factory.mktemp("permanence")
    data = copy_fixture("kemerovo", root / "data")
    out, work = root / "site", root / "build"
    first = build_site(data, out, work)
    assert first.ok, [str(p) for p in first.problems]
    (data / LOCKFILE).write_text(render_lock(set(first.new_urls)), encoding="utf-8")
    return data, out, work


def _rename_section(data: Path) -> None:
    catalogue = data / "indicators.yaml"
    text = catalogue.read_text(encoding="utf-8")
    assert f"slug: {OLD}\n" in text
    catalogue.write_text(text.replace(f"slug: {OLD}\n", f"slug: {NEW}\n"), encoding="utf-8")


def test_a_build_against_its_own_lockfile_reports_no_new_url(small: tuple[Path, Path, Path]) -> None:
    data, out, work = small
    again = build_site(data, out, work)
    assert again.ok
    assert again.new_urls == []
    locked = read_lock(data / LOCKFILE)
    assert "/2022/kemerovskiy-mo/" in locked
    assert f"/2022/kemerovskiy-mo/{OLD}/" in locked
    assert "/municipalities/kemerovskiy-mo/" in locked


def test_renaming_a_section_fails_the_build_naming_each_lost_url_and_the_site_stays(
    small: tuple[Path, Path, Path],
) -> None:
    data, out, work = small
    before = (out / "2022" / "kemerovskiy-mo" / OLD / "index.html").read_bytes()
    _rename_section(data)
    try:
        result = build_site(data, out, work)
        assert not result.ok
        messages = [str(p) for p in result.problems]
        lost = [m for m in messages if f"/kemerovskiy-mo/{OLD}/" in m]
        assert len(lost) == 4, messages  # 2020, 2021, 2022, and the section's embed (/embed/…) on other sites
        assert all(LOCKFILE in m and REDIRECTS in m for m in lost)
        line = re.search(rf"{LOCKFILE}:(\d+):", lost[0])
        assert line and int(line.group(1)) > 1  # the line of the lockfile that lists the URL
        # the published site is untouched
        assert (out / "2022" / "kemerovskiy-mo" / OLD / "index.html").read_bytes() == before
        assert not (out / "2022" / "kemerovskiy-mo" / NEW).exists()

        # declaring where the pages went makes the build pass and leaves a redirect at the old address
        lines = [
            f"/{year}/{territory}/{OLD}/: /{year}/{territory}/{NEW}/"
            for year in (2020, 2021, 2022)
            for territory in ("kemerovskiy-mo",)  # one municipality: a municipal monitoring, no region's pages
        ]
        lines.append(f"/embed/kemerovskiy-mo/{OLD}/: /embed/kemerovskiy-mo/{NEW}/")
        (data / REDIRECTS).write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = build_site(data, out, work)
        assert result.ok, [str(p) for p in result.problems]
        old_page = (out / "2022" / "kemerovskiy-mo" / OLD / "index.html").read_text(encoding="utf-8")
        assert f'http-equiv="refresh" content="0; url=../{NEW}/"' in old_page
        assert (out / "2022" / "kemerovskiy-mo" / NEW / "index.html").is_file()
        moved = (out / "embed" / "kemerovskiy-mo" / OLD / "index.html").read_text(encoding="utf-8")
        assert f'http-equiv="refresh" content="0; url=../{NEW}/"' in moved and "<script" not in moved
        assert {f"/2022/kemerovskiy-mo/{NEW}/"} <= set(result.new_urls)
    finally:
        text = (data / "indicators.yaml").read_text(encoding="utf-8")
        (data / "indicators.yaml").write_text(text.replace(f"slug: {NEW}\n", f"slug: {OLD}\n"), encoding="utf-8")
        (data / REDIRECTS).unlink(missing_ok=True)


def test_invalid_data_builds_nothing_and_leaves_the_published_site(small: tuple[Path, Path, Path]) -> None:
    data, out, work = small
    files = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    yearly = data / "2022" / "kemerovskiy-mo.yaml"
    original = yearly.read_text(encoding="utf-8")
    yearly.write_text(original.replace("grads9: 419", "grads9: -419"), encoding="utf-8")
    try:
        result = build_site(data, out, work)
        assert not result.ok
        assert any("grads9" in str(p) and p.severity == Severity.error for p in result.problems)
        assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == files
    finally:
        yearly.write_text(original, encoding="utf-8")


def test_the_committed_lockfile_lists_every_url_of_the_demo_site(demo_site) -> None:  # type: ignore[no-untyped-def]
    assert demo_site.result.ok
    assert demo_site.result.new_urls == [], "run `make urls` and commit data/urls.lock"
