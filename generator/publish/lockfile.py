"""Permanence of published addresses.

Officials cite pages of the site in orders. Once a URL is published it must resolve forever, so every
URL the site publishes is listed in a committed lockfile, and a build that would drop one of them fails
— unless a redirect to its new place is declared, in which case a redirect page is generated there.
Accepting new URLs into the lockfile is an explicit command, never a side effect of a build.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.inputs.fields import SLUG_RE
from generator.inputs.problems import Problem, display_path
from generator.inputs.source import YamlSyntaxError, load_yaml

LOCKFILE = "urls.lock"
REDIRECTS = "redirects.yaml"
SLUG = re.compile(SLUG_RE)
"""A path's part that a rename in redirects.yaml names: a municipality's slug as the registry spells it."""
HEADER = (
    "# Адреса, которые сайт опубликовал. Адрес из этого списка не должен исчезнуть: если страница\n"
    "# переехала, объявите перенаправление в redirects.yaml. Новые адреса добавляет команда\n"
    "# `proforientir urls accept`; строки отсюда не удаляют.\n"
)


@dataclass
class UrlCheck:
    missing: list[str]
    new: list[str]
    redirects: dict[str, str]
    problems: list[Problem]


def read_lock(path: Path) -> set[str]:
    return set(read_lock_lines(path))


def read_lock_lines(path: Path) -> dict[str, int]:
    """Every locked URL with its line number, so that an error can point at the line that cites it."""
    if not path.is_file():
        return {}
    return lock_lines(path.read_text(encoding="utf-8"))


def lock_lines(text: str) -> dict[str, int]:
    """The locked URLs of a lockfile's text, with their line numbers (also of a revision git holds)."""
    return {
        line.strip(): number
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    }


def render_lock(urls: set[str]) -> str:
    return HEADER + "".join(f"{u}\n" for u in sorted(urls))


def read_redirects(path: Path, problems: list[Problem]) -> dict[str, str]:
    """``old URL: new URL`` pairs; both are site paths starting and ending with ``/`` (or file paths)."""
    if not path.is_file():
        return {}
    try:
        doc = load_yaml(path)
    except YamlSyntaxError as exc:
        problems.append(Problem(display_path(path), exc.position.line, exc.position.column, exc.problem))
        return {}
    data = doc.data or {}
    if not isinstance(data, dict):
        problems.append(Problem(display_path(path), 1, 1, "ожидается набор «старый адрес: новый адрес»"))
        return {}
    redirects = {}
    for old, new in data.items():
        position = doc.position((str(old),))
        paths = isinstance(old, str) and isinstance(new, str) and old.startswith("/") and new.startswith("/")
        renamed = isinstance(old, str) and isinstance(new, str) and bool(SLUG.fullmatch(old) and SLUG.fullmatch(new))
        if not (paths or renamed):
            problems.append(
                Problem(
                    display_path(path),
                    position.line,
                    position.column,
                    f"перенаправление «{old}: {new}»: оба адреса — пути сайта, начинающиеся с «/», "
                    f"например «/2024/old-slug/: /2024/new-slug/», или оба — прежний и новый slug "
                    f"переименованного муниципалитета или раздела, например «belskiy-r: belskiy-mo»",
                )
            )
            continue
        redirects[old] = new
    return redirects


def renamed_addresses(gone: Iterable[str], renames: dict[str, str], published: set[str]) -> dict[str, str]:
    """The new address of each gone one that names a renamed slug as a part of its path («belskiy-r: belskiy-mo»
    in redirects.yaml), when the site has it: one line for every page, embed and edition of a municipality
    whose slug changed (a district that became an okrug), instead of one line per address."""
    moved = {}
    for url in gone:
        parts = url.split("/")
        candidate = "/".join(renames.get(part, part) for part in parts)
        if candidate != url and candidate in published:
            moved[url] = candidate
    return moved


def check(published: set[str], lock_path: Path, redirects_path: Path) -> UrlCheck:
    problems: list[Problem] = []
    declared = read_redirects(redirects_path, problems)
    redirects = {old: new for old, new in declared.items() if old.startswith("/")}
    renames = {old: new for old, new in declared.items() if not old.startswith("/")}
    lines = read_lock_lines(lock_path)
    locked = set(lines)
    for old, new in sorted(renames.items()):
        if not any(new in url.split("/") for url in published):
            said = f"переименование {old} → {new}: адресов с {new} на сайте нет"
            problems.append(Problem(display_path(redirects_path), 1, 1, said))
    for old, new in sorted(redirects.items()):
        if new not in published:
            problems.append(
                Problem(
                    display_path(redirects_path),
                    1,
                    1,
                    f"перенаправление {old} → {new}: адреса {new} на сайте нет",
                )
            )
        if old in published:
            problems.append(
                Problem(
                    display_path(redirects_path),
                    1,
                    1,
                    f"перенаправление {old} → {new}: страница {old} существует, перенаправлять её нельзя",
                )
            )
    redirects |= renamed_addresses(sorted(locked - published - set(redirects)), renames, published)
    missing = sorted(locked - published - set(redirects))
    for url in missing:
        problems.append(
            Problem(
                display_path(lock_path),
                lines[url],
                1,
                f"адрес {url} опубликован и исчез бы из сайта: верните страницу или объявите перенаправление "
                f"в {display_path(redirects_path)} (строка «{url}: /новый/адрес/»; если сменился slug "
                f"муниципалитета или раздела — одна строка «прежний-slug: новый-slug» на все его адреса)",
            )
        )
    new = sorted(published - locked) if locked or lock_path.is_file() else sorted(published)
    return UrlCheck(missing, new, redirects, problems)
