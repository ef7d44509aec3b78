"""The CSV of each section page holds exactly the rows the page shows, in the public order, in its own columns."""

from __future__ import annotations

import pandas as pd
import pytest

from generator.build.synthetic import make_region
from generator.build.validate import validate
from generator.compute.table import REGION
from generator.publish.downloads import SectionCsvIndex
from generator.publish.public_table import public_table
from generator.publish.tabular import section_csv_bytes

from .site_helpers import ROOT


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    made = make_region(ROOT / "data", tmp_path_factory.mktemp("csv") / "data", municipalities=3, years=3, seed=3)
    report = validate(made.root)
    assert report.dataset is not None and report.table is not None
    return public_table(report.table, report.dataset)


def test_every_section_file_is_the_filtered_public_table(public: pd.DataFrame) -> None:
    index = SectionCsvIndex(public)
    indicators = sorted(set(public["indicator"]))
    some = indicators[::3]
    for year in sorted(set(public["year"])):
        for territory in sorted(set(public["territory"])):
            if territory == REGION:
                expected = public[
                    public["indicator"].isin(some)
                    & (
                        ((public["territory"] == REGION) & (public["year"] <= year))
                        | ((public["territory"] != REGION) & (public["year"] == year))
                    )
                ]
                assert index.region(int(year), REGION, some) == section_csv_bytes(expected)
            else:
                expected = public[
                    (public["year"] <= year)
                    & public["indicator"].isin(some)
                    & ((public["territory"] == territory) | (public["territory"] == REGION))
                ]
                assert index.territory(int(year), territory, REGION, some) == section_csv_bytes(expected)


def test_a_page_without_indicators_gets_the_header_only(public: pd.DataFrame) -> None:
    index = SectionCsvIndex(public)
    assert index.territory(2026, "nobody", REGION, []) == section_csv_bytes(public.iloc[0:0])
