"""The whole site of another direction, built as `proforientir build` builds it, speaks only of that direction.

tests/test_other_direction.py reads the generated Markdown; this test reads what a visitor and a program
get: every HTML page, the search index, the feed, the open-data register and passports, the downloads.
The monitoring of pupils' health (tests/fixtures/health: two sections, four indicators, two rules) comes
with its own site.yaml, its own hand-written pages and its own site name in the MkDocs configuration —
the deployment's files, not code. The generator's own name («Профориентир», in the footer's credit and
the files' metadata) is the tool's name, not a word of the direction, and is the one thing left out of
the scan.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.build.pipeline import BuildOptions, build

ROOT = Path(__file__).resolve().parents[1]
HEALTH = ROOT / "tests" / "fixtures" / "health"
CAREER_WORDS = re.compile(
    r"профориент|самоопредел|профессиональн|професси|карьер|профпроб|колледж|\bвуз|\bПОО\b|\bСПО\b|Билет в будущее",
    re.IGNORECASE,
)
TOOL_NAME = re.compile(r"Профориентир\w*|proforientir[\w.-]*")
SCANNED = {".html", ".xml", ".csv", ".json", ".txt"}


@pytest.fixture(scope="module")
def health_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("health")
    data = shutil.copytree(HEALTH, root / "data")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"^site_name: .*$", "site_name: Здоровье школьников", config, count=1, flags=re.M)
    config = re.sub(
        r"^site_description: .*$",
        "site_description: Открытая публикация мониторинга здоровья школьников",
        config,
        count=1,
        flags=re.M,
    )
    # the theme's overrides stay the deployment's: the configuration moves, the folder it names does not
    config = re.sub(r"^(\s*custom_dir: )(.*)$", lambda m: m.group(1) + str(ROOT / m.group(2)), config, flags=re.M)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = build(
        BuildOptions(
            data=data,
            out=root / "site",
            work=root / "build",
            config=root / "mkdocs.yml",
            content=ROOT / "tests" / "fixtures" / "health-content",
            quiet=True,
            pdf=False,
        )
    )
    assert result.ok, [str(p) for p in result.problems]
    return root / "site"


def scanned_files(site: Path) -> list[Path]:
    """Pages and data, not the theme's scripts and styles (code, shared by every deployment)."""
    return [
        p for p in sorted(site.rglob("*")) if p.suffix in SCANNED and p.is_file() and "assets" not in p.parts
    ]


def test_no_page_or_file_of_another_direction_speaks_of_career_guidance(health_site: Path) -> None:
    files = scanned_files(health_site)
    pages = [p for p in files if p.suffix == ".html"]
    assert len(pages) > 20, "the site of the other direction was built"
    found = {}
    for path in files:
        text = TOOL_NAME.sub("", path.read_text(encoding="utf-8-sig", errors="replace"))
        words = sorted({m.group(0).lower() for m in CAREER_WORDS.finditer(text)})
        if words:
            found[str(path.relative_to(health_site))] = words
    assert found == {}


def test_the_site_of_another_direction_names_its_monitoring_as_its_files_do(health_site: Path) -> None:
    home = (health_site / "index.html").read_text(encoding="utf-8")
    assert "Мониторинг здоровья школьников" in home
    assert "Здоровье школьников" in home  # the site name of its configuration
    citation = re.search(r'id="pf-cite-text">(.*?)</p>', home, re.S)
    assert citation and "мониторинг здоровья и физического развития школьников" in citation.group(1)
    register = (health_site / "opendata" / "list.csv").read_text(encoding="utf-8")
    assert "мониторинга здоровья школьников" in register.lower()
    feed = (health_site / "feed.xml").read_text(encoding="utf-8")
    assert "мониторинга здоровья" in feed
