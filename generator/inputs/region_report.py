"""The region's own report of an edition: ``data/<год>/region.yaml``.

A regional monitoring ends with the region's document — «Адресные рекомендации по результатам
мониторинга …» (003): recommendations to the municipal education authorities, to the schools of named
districts, with deadlines. Much of it cannot be derived from the data: the document names the districts
that must raise the coverage of diagnostics without printing the coverage. So the region's
recommendations are entered as the document gives them, beside the rules' (which the data trigger), and
the site publishes both: the region's page lists them with the municipalities they name, and each named
municipality's page shows those addressed to it.

Why a file of its own: a municipality's year file is that municipality's report; the region's words are
about many municipalities at once, and a region-level deployment has no other place for them. In a
monitoring of one municipality over its schools the municipality's file is the top territory's report, and
this file is refused.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pydantic import Field

from generator.core.formatting import format_date_table
from generator.inputs.audiences import Audiences
from generator.inputs.catalogue import Catalogue
from generator.inputs.fields import Date, Ident, ShortText, Slug, Strict, Text
from generator.inputs.parse import parse_model, read_source
from generator.inputs.problems import Problem, Severity, at, suggest
from generator.inputs.source import SourceDoc

REGION_REPORT_STEM = "region"
"""The name of the region's file in a year folder (``region.yaml``): «region» is no municipality's slug."""


class RegionRecommendation(Strict):
    """An addressed recommendation as the region's document words it."""

    audience: Ident = Field(description="Адресат: id из списка audiences файла rules.yaml")
    text: Text = Field(description="Текст рекомендации, как в документе (обычный текст, без разметки)")
    municipalities: list[Slug] = Field(
        default_factory=list,
        description="Муниципалитеты, которые рекомендация называет (slug из реестра); пусто — всем",
    )
    section: Ident | None = Field(default=None, description="Раздел каталога, к которому относится рекомендация")
    deadline: Date | None = Field(default=None, description="Срок, если документ его называет (ГГГГ-ММ-ДД)")


class RegionReport(Strict):
    """The region's own words of an edition: the document they come from and its recommendations."""

    year: int = Field(ge=1990, le=2100)
    source: ShortText | None = Field(
        default=None, description="Документ, из которого взяты рекомендации: название, номер и дата"
    )
    recommendations: list[RegionRecommendation] = Field(
        default_factory=list, description="Адресные рекомендации региона, как их даёт документ, в его порядке"
    )


def load_region_report(
    path: Path,
    year: int,
    municipalities: list[str] | None,
    catalogue: Catalogue | None,
    audiences: Audiences | None,
    monitoring_day: date | None,
    municipal: bool,
    problems: list[Problem],
) -> RegionReport | None:
    """The region's file of ``year``, checked against the registry's municipalities, the catalogue's
    sections, the rules' audiences and the edition's monitoring date; None when it has errors. A check
    whose reference cannot be read (None) is left out: that file's own errors say why."""
    found: list[Problem] = []
    doc = read_source(path, found)
    report = parse_model(doc, RegionReport, found) if doc is not None else None
    if doc is not None and municipal:
        found.append(
            at(
                doc,
                path,
                (),
                "в мониторинге одного муниципалитета отчёт муниципалитета — в его собственном файле года; "
                f"{path.name} бывает только у мониторинга региона (region.level: region)",
            )
        )
    if doc is not None and report is not None:
        _check(doc, path, year, report, municipalities, catalogue, audiences, monitoring_day, found)
    problems += found
    return report if not any(p.severity is Severity.error for p in found) else None


def _check(
    doc: SourceDoc,
    path: Path,
    year: int,
    report: RegionReport,
    municipalities: list[str] | None,
    catalogue: Catalogue | None,
    audiences: Audiences | None,
    monitoring_day: date | None,
    problems: list[Problem],
) -> None:
    if report.year != year:
        problems.append(at(doc, path, ("year",), f"год {report.year} не совпадает с папкой {year}"))
    for index, rec in enumerate(report.recommendations):
        where = ("recommendations", index)
        for j, slug in enumerate(rec.municipalities):
            if municipalities is not None and slug not in municipalities:
                problems.append(
                    at(
                        doc,
                        path,
                        (*where, "municipalities", j),
                        f"муниципалитета «{slug}» нет в реестре region.yaml{suggest(slug, municipalities)}",
                    )
                )
        if len(set(rec.municipalities)) < len(rec.municipalities):
            problems.append(at(doc, path, (*where, "municipalities"), "муниципалитет назван дважды: оставьте один"))
        if catalogue is not None and rec.section is not None and rec.section not in catalogue.sections:
            problems.append(
                at(
                    doc,
                    path,
                    (*where, "section"),
                    f"неизвестный раздел «{rec.section}»{suggest(rec.section, catalogue.sections)}",
                )
            )
        unknown = audiences.unknown(rec.audience) if audiences is not None else ""
        if unknown:
            problems.append(at(doc, path, (*where, "audience"), unknown))
        if monitoring_day is not None and rec.deadline is not None and rec.deadline < monitoring_day:
            problems.append(
                at(
                    doc,
                    path,
                    (*where, "deadline"),
                    f"срок {format_date_table(rec.deadline)} раньше даты мониторинга выпуска "
                    f"({format_date_table(monitoring_day)}): проверьте год срока или дату мониторинга "
                    f"(monitoring_date в region.yaml)",
                    severity=Severity.warning,
                )
            )
