"""What a data commit changes in a thing kept per municipality, year and indicator, beside the table's values.

Why a module of its own: the targets of the municipal programmes (:mod:`generator.officials.targetdiff`) and
the figures as the sources printed them (:mod:`generator.officials.printeddiff`) are both read from the two
sides of the diff into a mapping by (year, municipality, indicator), compared whole, and shown as one table
«было → стало» with what changed; only what a side holds and how it is said differ.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from generator.core.formatting import format_count
from generator.inputs.catalogue import Catalogue
from generator.officials.markdown_text import change_table

Key = tuple[int, str, str]  # (year, municipality, indicator)
State = TypeVar("State")

CHANGES = ("изменение", "изменения", "изменений")


@dataclass(frozen=True)
class KeyedChange(Generic[State]):
    year: int
    territory: str
    indicator: str
    old: State | None  # None: not there on that side
    new: State | None

    added: ClassVar[str] = "добавлено"
    removed: ClassVar[str] = "удалено"
    fields: ClassVar[tuple[tuple[str, str], ...]] = ()  # (a state's attribute, the word for its change)

    @property
    def what(self) -> str:
        """What changed, in a few words: the reviewer's column «Что изменилось»."""
        if self.old is None:
            return self.added
        if self.new is None:
            return self.removed
        words: list[str] = []
        for attribute, word in self.fields:
            if getattr(self.old, attribute) != getattr(self.new, attribute) and word not in words:
                words.append(word)
        return ", ".join(words)


Change = TypeVar("Change", bound=KeyedChange[Any])


def changes_between(
    before: Mapping[Key, State],
    after: Mapping[Key, State],
    make: Callable[[int, str, str, State | None, State | None], Change],
) -> list[Change]:
    """Every key whose state was added, removed or changed, in key order."""
    keys = sorted(set(before) | set(after))
    return [make(*key, before.get(key), after.get(key)) for key in keys if before.get(key) != after.get(key)]


def changes_table(
    title: str,
    changes: Sequence[KeyedChange[State]],
    words: Callable[[Catalogue, str, State | None], str],
    catalogue: Catalogue,
    names: dict[str, str],
    *,
    fold_over: int,
) -> list[str]:
    """The report's section: a table of the changes by year, municipality (by name) and the catalogue's order,
    each side in ``words``, folded when there are more than ``fold_over``."""
    order = {name: i for i, name in enumerate(catalogue.indicators)}
    ordered = sorted(changes, key=lambda c: (c.year, names.get(c.territory, c.territory), order[c.indicator]))
    rows = [
        (c.territory, c.year, c.indicator, words(catalogue, c.indicator, c.old),
         words(catalogue, c.indicator, c.new), c.what)
        for c in ordered
    ]  # fmt: skip
    count = format_count(len(ordered), CHANGES)
    return change_table(title, count, "Что изменилось", rows, catalogue, names, folded=len(ordered) > fold_over)
