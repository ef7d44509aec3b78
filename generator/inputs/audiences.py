"""The addressees of recommendations that ``rules.yaml`` declares, as the data files' checks need them.

Why a module of its own: a municipality's year file and the region's file both name addressees, and an unknown
one must read the same in either; the rules file itself is read later, by :mod:`generator.recommend`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.inputs.problems import suggest
from generator.inputs.source import YamlSyntaxError, load_yaml

RULES_FILE = "rules.yaml"
"""The rules file's name; named here, where the data files' checks first read it (and re-exported by the dataset)."""


@dataclass(frozen=True)
class Audiences:
    """The addressees of recommendations that ``rules.yaml`` declares, as far as it can be read."""

    ids: tuple[str, ...]
    present: bool  # the rules file exists

    @classmethod
    def of(cls, root: Path) -> Audiences | None:
        """The audiences of ``root/rules.yaml``; None when the file is there but its list cannot be read
        (its own errors are reported when the rules are read)."""
        path = root / RULES_FILE
        if not path.is_file():
            return cls((), False)
        try:
            doc = load_yaml(path)
        except (YamlSyntaxError, OSError):
            return None
        data = doc.data if isinstance(doc.data, dict) else {}
        items = data.get("audiences")
        if not isinstance(items, list):
            return None
        ids = [item.get("id") for item in items if isinstance(item, dict)]
        if not all(isinstance(i, str) for i in ids) or len(ids) != len(items):
            return None
        return cls(tuple(ids), True)

    def unknown(self, audience: str) -> str:
        """The problem with an addressee a file names, or "" when the rules file declares it."""
        if audience in self.ids:
            return ""
        if not self.present:
            return (
                f"адресат «{audience}» не объявлен: адресатов рекомендаций перечисляет файл {RULES_FILE} "
                f"(audiences), а его в папке данных нет"
            )
        known = ", ".join(self.ids)
        return f"неизвестный адресат «{audience}»{suggest(audience, self.ids)}; адресаты из {RULES_FILE}: {known}"
