"""What a data commit changes in the site's permanent addresses (``urls.lock``, ``redirects.yaml``), for the reviewer.

Why: a build fails when a published address would disappear, and the quickest way to make it pass is to delete
the address's line from ``urls.lock``. The build then passes, the page is gone, and a link in an order leads
nowhere; among the values of the report nothing shows it. So the report names every address taken out of the
list, and every redirect added or removed, before the commit is merged.
"""

from __future__ import annotations

import yaml

from generator.officials.markdown_text import plain
from generator.publish.lockfile import LOCKFILE, REDIRECTS, lock_lines

TITLE = "Постоянные адреса"
LISTED = 20
"""Addresses listed by name; the rest are counted (a slug renamed across ten editions moves hundreds)."""


def _locked(text: bytes | None) -> set[str]:
    return set() if text is None else set(lock_lines(text.decode("utf-8", errors="replace")))


def _redirects(text: bytes | None) -> dict[str, str]:
    """The file's pairs as text; a file that does not read is left to the validation, which names its line."""
    if text is None:
        return {}
    try:
        data = yaml.safe_load(text.decode("utf-8", errors="replace"))
    except yaml.YAMLError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _listed(items: list[str]) -> list[str]:
    lines = [f"- {plain(item)}" for item in items[:LISTED]]
    if len(items) > LISTED:
        lines.append(f"- … и ещё {len(items) - LISTED}")
    return lines


def url_section(old: dict[str, bytes], new: dict[str, bytes]) -> list[str]:
    """The report's section on permanent addresses, from the two sides' data files; empty when neither file
    changed."""
    if old.get(LOCKFILE) == new.get(LOCKFILE) and old.get(REDIRECTS) == new.get(REDIRECTS):
        return []
    lines = [f"### {TITLE}", ""]
    before, after = _locked(old.get(LOCKFILE)), _locked(new.get(LOCKFILE))
    gone = sorted(before - after)
    if gone:
        lines += [
            f"**Внимание: из `{LOCKFILE}` удалены опубликованные адреса** ({len(gone)}). Сборка больше не проверит, "
            "что они открываются, и ссылки на них — в приказах, на сайтах школ — поведут на несуществующую "
            f"страницу. Верните строки; если страница переехала, объявите перенаправление в `{REDIRECTS}`.",
            "",
            *_listed(gone),
            "",
        ]
    added = sorted(after - before)
    if added:
        lines += [f"Новых адресов в `{LOCKFILE}`: {len(added)} (страницы, которые сайт публикует впервые).", ""]
    was, now = _redirects(old.get(REDIRECTS)), _redirects(new.get(REDIRECTS))
    for title, pairs in (
        ("Новые перенаправления", {k: v for k, v in now.items() if was.get(k) != v}),
        ("Убранные перенаправления", {k: v for k, v in was.items() if k not in now}),
    ):
        if pairs:
            lines += [f"**{title}** ({len(pairs)}):", ""]
            lines += _listed([f"{old_url} → {new_url}" for old_url, new_url in sorted(pairs.items())])
            lines.append("")
    if len(lines) == 2:
        lines += ["Адреса не изменились (в файлах поменялись только комментарии или порядок строк).", ""]
    return lines
