"""The README is the newcomer's page: the purpose, the two commands, a short table, links to docs/.

Everything longer lives in docs/ (the data format, the officials' guide, publishing, architecture,
performance), which is documentation of the project and not part of the public site.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
DOCUMENTS = [README, *sorted(DOCS.glob("*.md"))]

LINK = re.compile(r"\]\(([^)\s]+)\)")
CODE_PATH = re.compile(r"`((?:generator|scripts|tests|ci-templates|site_overrides)/[^`\s*]+)`")


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading: lower case, punctuation dropped, spaces to hyphens."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)
    return {github_anchor(m.group(1)) for m in re.finditer(r"^#{1,6} (.+)$", text, flags=re.M)}


def test_readme_is_at_most_15_kb() -> None:
    size = README.stat().st_size
    assert size <= 15 * 1024, f"README.md занимает {size} байт, больше 15 КБ: подробности — в docs/"


def test_readme_gives_the_two_commands_of_a_newcomer_in_a_shell_block() -> None:
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.S)
    commands = [line.split("#")[0].strip() for block in blocks for line in block.splitlines()]
    assert "make site" in commands
    assert "make test" in commands
    for target in ("site", "test"):
        assert re.search(rf"^{target}:", (ROOT / "Makefile").read_text(encoding="utf-8"), flags=re.M)


def test_readme_links_every_document_of_docs() -> None:
    text = README.read_text(encoding="utf-8")
    linked = {link.split("#")[0] for link in LINK.findall(text)}
    documents = {f"docs/{p.name}" for p in DOCS.glob("*.md")}
    assert {"docs/data-format.md", "docs/officials.md", "docs/architecture.md", "docs/performance.md"} <= documents
    assert documents <= linked, f"README не ссылается на {sorted(documents - linked)}"


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_and_anchor_of_the_documentation_resolves(document: Path) -> None:
    broken = []
    for link in LINK.findall(document.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", link):
            continue
        target, _, anchor = link.partition("#")
        path = (document.parent / target).resolve() if target else document
        if not path.exists() or (anchor and path.suffix == ".md" and anchor not in anchors(path)):
            broken.append(link)
    assert not broken, f"{document.name}: ссылки ведут в никуда: {broken}"


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_path_of_the_code_named_in_the_documentation_exists(document: Path) -> None:
    missing = [p for p in CODE_PATH.findall(document.read_text(encoding="utf-8")) if not (ROOT / p).exists()]
    assert not missing, f"{document.name} называет файлы, которых нет: {missing}"


def test_docs_are_not_part_of_the_public_site() -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert config["docs_dir"] != "docs"
    assert "docs/" not in yaml.dump(config.get("nav", []))
