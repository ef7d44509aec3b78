"""The package's layout shows its pipeline: inputs → compute → checks → recommend → site → publish → build.

Issue 15's rules, read from the source itself (``ast``), so the structure cannot drift silently:
a package imports only from the packages to its left (and from ``core``, the leaf utilities every stage
uses); no two modules import each other, directly or through others; no module grows past 500 lines; and
no private name (a leading underscore) is imported from another package.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "generator"

# Left to right. ``officials`` (forms, import, diff) stands beside the pipeline and may use all of it;
# ``cli`` is the entry point.
ORDER = ["core", "inputs", "compute", "checks", "recommend", "site", "publish", "build", "officials"]
MAX_LINES = 500


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(path: Path) -> Iterator[tuple[str, list[str], int]]:
    """Every ``generator`` import of a module: (module, names, line), type-checking-only ones included."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "generator" or node.module.startswith("generator."):
                yield node.module, [a.name for a in node.names], node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("generator."):
                    yield alias.name, [], node.lineno


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 else "cli" if parts[-1] == "cli" else parts[-1]


def target_module(module: str, name: str, known: dict[str, Path]) -> str:
    """``from generator.site import urls`` imports the module ``generator.site.urls``."""
    return f"{module}.{name}" if f"{module}.{name}" in known else module


def test_every_module_lives_in_a_package_of_the_pipeline() -> None:
    loose = [m for m in modules() if m.count(".") == 1 and m.split(".")[1] not in (*ORDER, "cli")]
    assert loose == [], "a module outside the packages of the pipeline"


def test_a_package_imports_only_from_the_packages_to_its_left() -> None:
    known = modules()
    backwards = []
    for module, path in known.items():
        own = package_of(module)
        if own == "cli":
            continue
        for target, names, line in imports(path):
            for name in names or [""]:
                other = package_of(target_module(target, name, known))
                if other != own and ORDER.index(other) > ORDER.index(own):
                    backwards.append(f"{path.relative_to(PACKAGE.parent)}:{line} {own} → {other}")
    assert backwards == []


def test_no_module_imports_itself_through_others() -> None:
    known = modules()
    graph = {m: set() for m in known}
    for module, path in known.items():
        for target, names, _ in imports(path):
            for name in names or [""]:
                dep = target_module(target, name, known)
                if dep in known and dep != module and not dep.endswith(tuple(ORDER)):
                    graph[module].add(dep)
    circles = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                circles.append(" → ".join([*stack[stack.index(dep):], dep]))
            elif dep not in state:
                visit(dep, [*stack, dep])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert circles == []


@pytest.mark.parametrize("module", sorted(modules()))
def test_no_module_is_longer_than_500_lines(module: str) -> None:
    lines = modules()[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module}: {lines} lines"


def test_no_private_name_is_imported_from_another_package() -> None:
    known = modules()
    private = []
    for module, path in known.items():
        for target, names, line in imports(path):
            for name in names:
                if name.startswith("_") and package_of(target_module(target, name, known)) != package_of(module):
                    private.append(f"{path.relative_to(PACKAGE.parent)}:{line} {target}.{name}")
    assert private == []
