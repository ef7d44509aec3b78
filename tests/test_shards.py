"""National scale: regions are listed as independent units of work, and their built sites assemble into one."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from generator.build.shards import assemble, gitlab_child_pipeline, list_shards
from generator.build.synthetic import make_region
from generator.cli import main

from .site_helpers import ROOT


def _regions(root: Path) -> Path:
    make_region(ROOT / "data", root / "alpha-oblast", municipalities=2, years=1, seed=1)
    make_region(ROOT / "data", root / "beta-kray", municipalities=3, years=2, seed=2)
    (root / "not-a-region").mkdir()  # a folder without region.yaml is not a shard
    return root


def test_every_region_folder_is_a_shard_with_its_size(tmp_path: Path) -> None:
    shards = list_shards(_regions(tmp_path / "regions"))
    assert [(s.id, s.municipalities, s.years, s.files) for s in shards] == [
        ("alpha-oblast", 2, 1, 2),
        ("beta-kray", 3, 2, 6),
    ]
    assert shards[0].name == "Демонстрационная область"


def test_the_github_matrix_and_the_gitlab_child_pipeline_name_each_region(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    regions = _regions(tmp_path / "regions")
    assert main(["shards", "--regions", str(regions), "--format", "github"]) == 0
    assert json.loads(capsys.readouterr().out) == ["alpha-oblast", "beta-kray"]

    pipeline = yaml.safe_load(gitlab_child_pipeline(list_shards(regions), "https://monitoring.example/"))
    build = pipeline["region-beta-kray"]["script"][0]
    assert f"--data {regions.as_posix()}/beta-kray" in build
    assert "--site-url https://monitoring.example/beta-kray/" in build
    assert pipeline["pages"]["needs"] == ["region-alpha-oblast", "region-beta-kray"]


def test_built_regions_are_assembled_under_their_prefixes_with_a_home_page(tmp_path: Path) -> None:
    parts = tmp_path / "parts"
    for region in ("alpha-oblast", "beta-kray"):
        (parts / region / "2026").mkdir(parents=True)
        (parts / region / "index.html").write_text(f"<title>{region}</title>", encoding="utf-8")
        (parts / region / "2026" / "index.html").write_text("выпуск", encoding="utf-8")
    (parts / "half-built").mkdir()  # no index.html: a failed job's leftovers are not published
    out = tmp_path / "site"
    assert assemble(parts, out, {"beta-kray": "Бета <край>"}) == ["alpha-oblast", "beta-kray"]
    assert (out / "beta-kray" / "2026" / "index.html").read_text(encoding="utf-8") == "выпуск"
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="beta-kray/">Бета &lt;край&gt;</a>' in home and '<a href="alpha-oblast/">alpha-oblast</a>' in home
    assert "half-built" not in home and not (out / "half-built").exists()
    assert "http" not in home  # the home page requests nothing from another host
