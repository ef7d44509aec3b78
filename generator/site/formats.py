"""Values as the pages print them, formatted in one place from the catalogue's units and precision."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from generator.compute.table import PRINTED, number
from generator.core.formatting import NO_DATA, format_change, format_pp_change, format_value
from generator.inputs.catalogue import Catalogue
from generator.inputs.models import Indicator, Kind


def _dec(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


class Formatter:
    """An indicator's values in words on a page: «42,5 %», «+3,1 п. п.», «нет данных»."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.cat = catalogue
        # A value is printed on its section page (figures, sentence, table), in the report, on the region's
        # pages: formatting it (exact rounding, Babel) once per indicator and value saves most of the calls.
        self._printed: dict[tuple[str, float | None], str] = {}

    def __call__(self, ind: Indicator, value: Any) -> str:
        plain = number(value)
        key = (ind.id, plain)
        text = self._printed.get(key)
        if text is None:
            text = format_value(_dec(plain), ind.kind.value, self.cat.precision(ind), self.cat.unit(ind))
            self._printed[key] = text
        return text

    def row(self, ind: Indicator, row: dict[str, Any]) -> str:
        """A value in a table: one taken as the source printed it (no counts behind it) says so."""
        text = self(ind, row.get("value"))
        return f"{text} (как в источнике)" if row.get("basis") == PRINTED else text

    def change(self, ind: Indicator, change: Any) -> str:
        value = number(change)
        if value is None:
            return NO_DATA
        if ind.kind is Kind.share:
            return format_pp_change(_dec(value), self.cat.precision(ind))
        digits = 0 if ind.kind is Kind.count else self.cat.precision(ind)
        return format_change(_dec(value), digits, self.cat.unit(ind))

    def target(self, ind: Indicator, target: Any) -> str:
        """A target, or «—» where none is set."""
        return self(ind, target) if number(target) is not None else "—"

    @staticmethod
    def count(value: Any) -> str:
        f = number(value)
        return NO_DATA if f is None else format_value(Decimal(int(f)), "count", 0, "").strip()
