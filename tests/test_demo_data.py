"""The demo region in data/ is what scripts/make_demo_data.py makes from scripts/demo_profile.yaml.

The files are committed, so a change of the profile or of the script that is not followed by
`make demo-data` would leave data/ telling another story than its source: the script, run into a
fresh folder, must give data/ byte for byte, and a second run must rewrite nothing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SCRIPT = ROOT / "scripts" / "make_demo_data.py"


def generated(folder: Path) -> dict[str, bytes]:
    files = [folder / "region.yaml", *sorted(folder.glob("[0-9][0-9][0-9][0-9]/*.yaml"))]
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files if p.is_file()}


def run(folder: Path) -> str:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--data", str(folder)], capture_output=True, text=True, check=True
    )
    return result.stdout


def test_the_profile_makes_the_committed_demo_data_byte_for_byte_and_a_second_run_rewrites_nothing(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(DATA / "indicators.yaml", folder / "indicators.yaml")
    first = run(folder)
    made, committed = generated(folder), generated(DATA)
    assert sorted(made) == sorted(committed)
    differ = [name for name in committed if made[name] != committed[name]]
    assert not differ, f"make demo-data изменил бы {differ}: запустите его и закоммитьте data/"
    assert f"{len(made)} файл" in first
    assert run(folder).rstrip().endswith("изменено 0.")


def test_the_demo_is_not_written_over_a_real_regions_data(tmp_path: Path) -> None:
    """`make demo-data` in a region's own repository would have replaced its registry and year files by the
    invented region's, without a word: a registry without «demo: true» stops it, and nothing changes."""
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    registry = folder / "region.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8").replace("demo: true", "demo: false")
        .replace("Демонстрационная область", "Тверская область"),
        encoding="utf-8",
    )
    (folder / "2026" / "zarechnyy-mr.yaml").write_text("# данные, которые ввёл специалист\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    result = subprocess.run([sys.executable, str(SCRIPT), "--data", str(folder)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "реестр настоящего региона («Тверская область»)" in result.stderr
    assert "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()} == before
