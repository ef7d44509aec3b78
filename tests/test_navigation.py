"""The sidebar of a large region: municipalities grouped by type, a small region's list left flat."""

from __future__ import annotations

from generator.inputs.registry_model import Municipality, MunicipalityType
from generator.site.navigation import GROUP_OVER, grouped_by_type

TYPES = [MunicipalityType.district, MunicipalityType.urban_okrug, MunicipalityType.municipal_okrug]


def entries(count: int, types: list[MunicipalityType]) -> list[tuple[Municipality, dict[str, str]]]:
    out = []
    for i in range(count):
        mu = Municipality(slug=f"mu-{i:02d}", name=f"Территория {i:02d}", type=types[i % len(types)])
        out.append((mu, {mu.name: f"2026/{mu.slug}/index.md"}))
    return out


def test_a_short_list_stays_flat_in_alphabetical_order() -> None:
    short = entries(GROUP_OVER, TYPES)
    assert grouped_by_type(short) == [entry for _, entry in short]


def test_a_long_list_is_grouped_by_type_and_keeps_its_order_within_each_group() -> None:
    long = entries(60, TYPES)
    groups = grouped_by_type(long)
    assert [next(iter(g)) for g in groups] == ["Городские округа", "Муниципальные округа", "Муниципальные районы"]
    members = {title: [next(iter(e)) for e in items] for g in groups for title, items in g.items()}
    assert members["Муниципальные районы"] == [f"Территория {i:02d}" for i in range(0, 60, 3)]
    assert sum(len(v) for v in members.values()) == 60


def test_a_long_list_of_one_type_stays_flat() -> None:
    one = entries(40, [MunicipalityType.municipal_okrug])
    assert grouped_by_type(one) == [entry for _, entry in one]
