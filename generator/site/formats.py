"""Values as the pages print them, formatted in one place from the catalogue's units and precision."""

from __future__ import annotations

from decimal import Decimal

from generator.compute.table import PRINTED, Value
from generator.core.formatting import NO_DATA, Number, format_change, format_pp_change, format_value, shown_digits
from generator.inputs.catalogue import Catalogue
from generator.inputs.models import Indicator, Kind

AS_PRINTED = "как в источнике"
"""What a value says of itself when the source printed it and no counts stand behind it."""

NOT_GIVEN = "не указано"
"""The planned value of a target that the source reports met or not without naming it."""


class Formatter:
    """An indicator's values in words on a page: «42,5 %», «+3,1 п. п.», «нет данных».

    The values are the table's exact decimals (:class:`generator.compute.table.Value`); None is no data.
    """

    def __init__(self, catalogue: Catalogue) -> None:
        self.cat = catalogue
        # A value is printed on its section page (figures, sentence, table), in the report, on the region's
        # pages: formatting it (exact rounding, Babel) once per indicator and value saves most of the calls.
        self._printed: dict[tuple[str, str], str] = {}

    def __call__(self, ind: Indicator, value: Number | None) -> str:
        key = (ind.id, str(value))  # not the value: 30.5 == 30.50, but a printed 30,50 % keeps its zero
        text = self._printed.get(key)
        if text is None:
            digits = shown_digits(value, self.cat.precision(ind))  # a printed 30,5 % keeps its decimal
            text = format_value(value, ind.kind.value, digits, self.cat.unit(ind))
            self._printed[key] = text
        return text

    def row(self, ind: Indicator, row: Value | None) -> str:
        """A value in a table: one taken as the source printed it (no counts behind it) says so."""
        if row is None:
            return self(ind, None)
        text = self(ind, row.value)
        return f"{text} ({AS_PRINTED})" if row.basis == PRINTED else text

    def change(self, ind: Indicator, change: Decimal | None) -> str:
        if change is None:
            return NO_DATA
        if ind.kind is Kind.share:
            return format_pp_change(change, shown_digits(change, self.cat.precision(ind)))
        digits = 0 if ind.kind is Kind.count else shown_digits(change, self.cat.precision(ind))
        return format_change(change, digits, self.cat.unit(ind))

    def target(self, ind: Indicator, target: Decimal | None) -> str:
        """A target, or «—» where none is set."""
        return self(ind, target) if target is not None else "—"

    def planned(self, ind: Indicator, row: Value | None) -> str:
        """A row's target in a table: its planned value, «не указано» where the source reports the target met or
        not without one, «—» where none is set."""
        if row is not None and row.target_reported:
            return NOT_GIVEN
        return self.target(ind, row.target if row is not None else None)

    @staticmethod
    def count(value: int | None) -> str:
        return NO_DATA if value is None else format_value(Decimal(value), "count", 0, "").strip()
