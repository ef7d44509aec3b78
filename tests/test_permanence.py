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


def test_a_renamed_municipality_keeps_every_published_address_with_one_line(tmp_path: Path) -> None:
    """A district that became an okrug gets a new slug: every page, edition and embed it had moves. One line
    «прежний-slug: новый-slug» in redirects.yaml leaves a redirect at each published address, instead of one
    line per address (61 for this one municipality over three years)."""
    data = copy_fixture("kemerovo", tmp_path / "data")
    out, work = tmp_path / "site", tmp_path / "build"
    first = build_site(data, out, work)
    assert first.ok, [str(p) for p in first.problems]
    locked = set(first.new_urls)
    (data / LOCKFILE).write_text(render_lock(locked), encoding="utf-8")
    registry = data / "region.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("slug: kemerovskiy-mo", "slug: kemerovo-mo"),
                        encoding="utf-8")
    for year in (2020, 2021, 2022):
        old = data / str(year) / "kemerovskiy-mo.yaml"
        text = old.read_text(encoding="utf-8").replace("municipality: kemerovskiy-mo", "municipality: kemerovo-mo")
        (data / str(year) / "kemerovo-mo.yaml").write_text(text, encoding="utf-8")
        old.unlink()

    refused = build_site(data, out, work)
    assert not refused.ok
    assert all("одна строка «прежний-slug: новый-slug»" in str(p) for p in refused.problems if LOCKFILE in str(p))

    (data / REDIRECTS).write_text("# округ сменил slug\nkemerovskiy-mo: kemerovo-mo\n", encoding="utf-8")
    result = build_site(data, out, work)
    assert result.ok, [str(p) for p in result.problems]
    moved = sorted(u for u in locked if "kemerovskiy-mo" in u)
    assert len(moved) > 40
    for url in moved:
        page = (out / url.strip("/") / "index.html").read_text(encoding="utf-8")
        assert 'http-equiv="refresh"' in page and "kemerovo-mo/" in page, url
        assert (out / url.replace("kemerovskiy-mo", "kemerovo-mo").strip("/") / "index.html").is_file()
    assert {u.replace("kemerovskiy-mo", "kemerovo-mo") for u in moved} <= set(result.new_urls)

    (data / REDIRECTS).write_text("kemerovskiy-mo: kemerovo-go\n", encoding="utf-8")  # a typo in the new slug
    wrong = build_site(data, out, work)
    assert not wrong.ok
    assert any("переименование kemerovskiy-mo → kemerovo-go: адресов с kemerovo-go на сайте нет" in str(p)
               for p in wrong.problems)
