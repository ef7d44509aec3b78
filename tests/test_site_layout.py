"""The page generator's place in the pipeline: it reads what the stages to its left made and nothing else.

``generator/site/`` makes page records from a read-only context; the pipeline (``generator/build/``) decides
which pages exist, runs them in parallel and caches them, and ``generator/publish/`` writes downloads. An
import from either into ``site/`` would run the data flow backwards, and a circle among the page modules
would make one page kind impossible to read without the others.
"""

from __future__ import annotations

import ast
from pathlib import Path

SITE = Path(__file__).parents[1] / "generator" / "site"
LEFT = {"core", "inputs", "compute", "checks", "recommend", "site"}


def imports(path: Path) -> list[ast.ImportFrom]:
    """Every ``from generator… import …`` of a module, those for type checking included."""
    return [
        node
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "generator"
    ]


def site_modules() -> dict[str, Path]:
    return {path.stem: path for path in sorted(SITE.glob("*.py")) if path.stem != "__init__"}


def test_site_imports_only_the_stages_to_its_left() -> None:
    wrong = [
        f"{name}: {node.module}"
        for name, path in site_modules().items()
        for node in imports(path)
        if node.module.split(".")[1] not in LEFT
    ]
    assert not wrong


def test_site_imports_no_private_name_of_another_package() -> None:
    wrong = [
        f"{name}: {node.module}.{alias.name}"
        for name, path in site_modules().items()
        for node in imports(path)
        for alias in node.names
        if alias.name.startswith("_") and node.module.split(".")[1] != "site"
    ]
    assert not wrong


def test_no_circle_among_the_page_modules() -> None:
    modules = site_modules()
    edges: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in imports(path):
            parts = node.module.split(".")
            if parts[1] != "site":
                continue
            targets = [parts[2]] if len(parts) > 2 else [alias.name for alias in node.names]
            edges[name] |= {t for t in targets if t in modules}
    state: dict[str, str] = {}
    circles: list[str] = []

    def visit(name: str, trail: list[str]) -> None:
        if state.get(name) == "open":
            circles.append(" → ".join([*trail[trail.index(name) :], name]))
            return
        if state.get(name) == "done":
            return
        state[name] = "open"
        for target in sorted(edges[name]):
            visit(target, [*trail, name])
        state[name] = "done"

    for name in modules:
        visit(name, [])
    assert not circles
