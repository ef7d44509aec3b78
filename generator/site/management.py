"""Pages of the management cycle: recommendations, targets, the nine stages and the printable report.

What follows the numbers — addressed recommendations, targets met and missed, measures, decisions and
their effect — is what the federal evaluation looks for and what an order cites. These pages are built
from the same values as the section pages (through :class:`generator.site.pages.SiteBuilder`), so a figure
in a recommendation can never differ from the figure on the page it links to.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from generator.site import urls
from generator.compute.table import number
from generator.site.cycle import STAGES, Cycle, CycleInputs, Effect, TargetRow, cycle_of, direction_word, targets_sentence
from generator.core.formatting import (
    academic_year,
    academic_year_short,
    format_count,
    format_date_table,
    format_date_text,
    quoted,
)
from generator.inputs.models import Decision, Event, Indicator, ReportRecommendation
from generator.core.text import attr, markdown_text

if TYPE_CHECKING:
    from generator.site.pages import SiteBuilder
    from generator.recommend.evaluate import Recommendation, RuleSet


class Management:
    """Builds the management pages of every municipality and edition into the builder's content."""

    def __init__(self, site: SiteBuilder, rules: RuleSet | None, recommendations: Sequence[Recommendation]) -> None:
        self.site = site
        self.rules = rules
        # Rules that were applied: a rules file that only names the audiences (a report's own
        # recommendations) applies none, and «ни одно правило не сработало» would be said of nothing.
        self.rules_present = rules is not None and len(rules.rules) > 0
        self.audiences = {a.id: a.title for a in rules.audiences} if rules else {}
        self.audience_order = [a.id for a in rules.audiences] if rules else []
        self.recs: dict[tuple[int, str], list[Recommendation]] = defaultdict(list)
        for rec in recommendations:
            self.recs[(rec.year, rec.territory)].append(rec)
        self._cycles: dict[tuple[int, str], Cycle] = {}

    # --- recommendations ------------------------------------------------------------------------

    def rec_item(self, page_url: str, rec: Recommendation) -> dict[str, Any]:
        ind = self.site.cat.indicators[rec.indicator]
        section = self.site.cat.sections[ind.section]
        return {
            "text": rec.text,
            "deadline": format_date_text(rec.deadline) if rec.deadline else "",
            "deadline_table": format_date_table(rec.deadline) if rec.deadline else "",
            "audiences": [self.audiences.get(a, a) for a in rec.audiences],
            "rule": rec.rule_title,
            "threshold": rec.threshold,
            "inputs": [{"label": label, "value": value} for label, value in rec.inputs],
            "indicator": ind.short_title,
            "indicator_url": urls.relative(
                page_url, urls.section(rec.year, rec.territory, section.slug) + f"#{ind.id}"
            ),
            "methodology_url": urls.relative(page_url, urls.methodology(ind.id)),
        }

    def own_item(self, page_url: str, year: int, slug: str, rec: ReportRecommendation) -> dict[str, Any]:
        """A recommendation of the municipality's own analytical report: its text, and its section if named."""
        section = self.site.cat.sections.get(rec.section) if rec.section else None
        return {
            "text": rec.text,
            "section": section.title if section else "",
            "section_url": urls.relative(page_url, urls.section(year, slug, section.slug)) if section else "",
        }

    def by_audience(
        self,
        page_url: str,
        recs: Sequence[Recommendation],
        own: Sequence[ReportRecommendation] = (),
        year: int = 0,
        slug: str = "",
    ) -> list[dict[str, Any]]:
        """Recommendations grouped by addressee, in the rule file's order of audiences.

        A group holds the report's own recommendations to the addressee (``own``, as the report words
        them) and those the rules give (``items``).
        """
        groups: list[dict[str, Any]] = []
        for audience in self.audience_order:
            items = [self.rec_item(page_url, r) for r in recs if audience in r.audiences]
            mine = [self.own_item(page_url, year, slug, r) for r in own if r.audience == audience]
            if items or mine:
                groups.append({"id": audience, "title": self.audiences[audience], "own": mine, "items": items})
        return groups

    def own(self, year: int, slug: str) -> list[ReportRecommendation]:
        """The analytical report's own addressed recommendations of the edition, in the file's order."""
        entry = self.site.ds.entries.get((year, slug))
        return list(getattr(entry.data, "recommendations", ())) if entry is not None else []

    def for_section(self, page_url: str, year: int, slug: str, section_id: str) -> list[dict[str, Any]]:
        recs = [r for r in self.recs.get((year, slug), []) if r.section == section_id]
        own = [r for r in self.own(year, slug) if r.section == section_id]
        return self.by_audience(page_url, recs, own, year, slug)

    def municipality_recommendations(self, page_url: str, year: int, slug: str) -> list[dict[str, Any]]:
        return self.by_audience(page_url, self.recs.get((year, slug), []), self.own(year, slug), year, slug)

    def recommendations_page(self, year: int, slug: str) -> None:
        site = self.site
        mu = site.by_slug[slug]
        url = urls.recommendations(year, slug)
        edition = academic_year(year)
        groups = self.municipality_recommendations(url, year, slug)
        page = self._page(
            year,
            f"Адресные рекомендации — {mu.name}, {edition}",
            "Адресные рекомендации",
            f"Адресные рекомендации по итогам мониторинга профориентации: {mu.name}, {edition}.",
            site.lead(mu.name, edition, site.as_of(year)),
            where=mu.name,
        )
        site.render(
            "recommendations.md.j2",
            urls.docs_path(url),
            page=page,
            groups=groups,
            count=len(self.recs.get((year, slug), [])),
            own_count=len(self.own(year, slug)),
            rules_present=self.rules_present,
            has_values=bool(self.measured(year, slug)),
            no_rule_fired=(
                "показатели муниципалитета не ниже целевых значений и не ухудшаются"
                if site.municipal
                else "показатели муниципалитета не ниже целевых значений и значений по региону"
            ),
            compared_with=(
                "с целевым значением или с прошлыми годами"
                if site.municipal
                else "с целевым значением, со значением по региону или с прошлыми годами"
            ),
            municipality_link=urls.md_link_between(url, urls.municipality(year, slug)),
            region_link="" if site.municipal else urls.md_link_between(url, urls.recommendations(year)),
        )

    def region_recommendations_page(self, year: int) -> None:
        """One entry per triggered rule and indicator, naming together every municipality it applies to (as
        003 does). A «no data» rule is one entry with a line per indicator: its text says the same of every
        indicator, and a region where data are missing in many places would otherwise repeat it for each."""
        site = self.site
        url = urls.recommendations(year)
        edition = academic_year(year)
        by_rule: dict[tuple[str, str], list[Recommendation]] = defaultdict(list)
        for mu in site.munis:
            for rec in self.recs.get((year, mu.slug), []):
                by_rule[(rec.rule_id, "" if rec.condition == "no_data" else rec.indicator)].append(rec)
        order = {r.id: i for i, r in enumerate(self.rules.rules)} if self.rules else {}
        rules_by_id = {r.id: r for r in self.rules.rules} if self.rules else {}
        entries = []
        position = {ind_id: i for i, ind_id in enumerate(site.cat.indicators)}

        def municipality(r: Recommendation) -> dict[str, str]:
            ind = site.cat.indicators[r.indicator]
            section = site.cat.sections[ind.section]
            return {
                "name": site.by_slug[r.territory].name,
                "url": urls.relative(url, urls.section(year, r.territory, section.slug) + f"#{ind.id}"),
                "recs_url": urls.relative(url, urls.recommendations(year, r.territory)),
                "inputs": "; ".join(f"{label} — {value}" for label, value in r.inputs),
                "text": r.text,
            }

        def in_order(recs: Iterable[Recommendation]) -> list[Recommendation]:
            return sorted(recs, key=lambda r: (position[r.indicator], site.munis.index(site.by_slug[r.territory])))

        for (rule_id, indicator_id), recs in sorted(
            by_rule.items(), key=lambda kv: (order.get(kv[0][0], 0), min(position[r.indicator] for r in kv[1]))
        ):
            first = in_order(recs)[0]
            rule = rules_by_id.get(rule_id)
            common = {
                # Said of every municipality listed: a threshold with one municipality's target would be
                # wrong for the others (their targets are among their values below).
                "threshold": first.shared_threshold or first.threshold,
                "audiences": [self.audiences.get(a, a) for a in first.audiences],
                "deadline": format_date_text(first.deadline) if first.deadline else "",
                "rule": first.rule_title,
            }
            if not indicator_id:  # «no data»: one line per indicator, its municipalities listed
                lines: dict[str, list[Recommendation]] = defaultdict(list)
                for r in in_order(recs):
                    lines[r.indicator].append(r)
                summary = getattr(rule, "summary", None)
                entries.append(
                    {
                        **common,
                        "id": rule_id,
                        "heading": summary or common["threshold"][:1].upper() + common["threshold"][1:],
                        "lines": [
                            {
                                "indicator": site.cat.indicators[name].short_title,
                                "methodology_url": urls.relative(url, urls.methodology(name)),
                                "municipalities": [municipality(r) for r in group],
                            }
                            for name, group in lines.items()
                        ],
                    }
                )
                continue
            ind = site.cat.indicators[indicator_id]
            entries.append(
                {
                    **common,
                    "id": f"{rule_id}-{indicator_id}",
                    "heading": _rule_heading(rule, ind.short_title, common["threshold"]),
                    "indicator": ind.short_title,
                    "municipalities": [municipality(r) for r in in_order(recs)],
                    "methodology_url": urls.relative(url, urls.methodology(ind.id)),
                }
            )
        page = self._page(
            year,
            f"Адресные рекомендации региона — {edition}",
            "Адресные рекомендации по итогам мониторинга",
            f"Адресные рекомендации муниципалитетам по итогам мониторинга профориентации, "
            f"{site.info.region}, {edition}.",
            site.lead(site.info.region, edition, site.as_of(year)),
        )
        site.render(
            "region_recommendations.md.j2",
            urls.docs_path(url),
            page=page,
            entries=entries,
            rules_present=self.rules_present,
            edition_link=urls.md_link_between(url, urls.edition(year)),
        )

    # --- targets ------------------------------------------------------------------------------

    def target_rows(self, year: int, slug: str) -> list[TargetRow]:
        site = self.site
        rows = []
        for ind in site.cat.indicators.values():
            row = site.values.get(year, slug, ind.id)
            if row is None or number(row.get("target")) is None:
                continue
            rows.append(
                TargetRow(
                    indicator=ind.id,
                    title=ind.short_title,
                    planned=site.fmt(ind, row["target"]),
                    actual=site.fmt(ind, row.get("value")),
                    status=str(row["target_status"]),
                )
            )
        return rows

    def targets_page(self, year: int, slug: str) -> None:
        site = self.site
        mu = site.by_slug[slug]
        url = urls.targets(year, slug)
        edition = academic_year(year)
        rows = self.target_rows(year, slug)
        table = [
            {
                "title": r.title,
                "url": urls.relative(
                    url,
                    urls.section(year, slug, site.cat.sections[site.cat.indicators[r.indicator].section].slug)
                    + f"#{r.indicator}",
                ),
                "planned": r.planned,
                "actual": r.actual,
                "status": r.status,
            }
            for r in rows
        ]
        page = self._page(
            year,
            f"Целевые показатели — {mu.name}, {edition}",
            "Целевые показатели муниципальной программы",
            f"Плановые и фактические значения целевых показателей: {mu.name}, {edition}.",
            site.lead(mu.name, edition, site.as_of(year)),
            where=mu.name,
        )
        site.render(
            "targets.md.j2",
            urls.docs_path(url),
            page=page,
            rows=table,
            sentence=targets_sentence(rows),
            met=sum(1 for r in rows if r.status == "met"),
            total=len(rows),
            municipality_link=urls.md_link_between(url, urls.municipality(year, slug)),
        )

    # --- cycle --------------------------------------------------------------------------------

    def effects(self, year: int, slug: str) -> list[Effect]:
        """Indicators tied to measures and decisions of earlier editions: their value then and now."""
        site = self.site
        found: list[Effect] = []
        for (entry_year, entry_slug), entry in sorted(site.ds.entries.items()):
            if entry_slug != slug or entry_year >= year:
                continue
            items: list[tuple[str, str, Any, list[str]]] = []
            for m in entry.data.measures:
                items.append(("мера", f"{m.number.rstrip('.')}. {m.title}", m.deadline, m.indicators))
            for d in entry.data.decisions:
                reference = decision_reference(d)
                label = f"{reference} {quoted(d.title)}" if reference else d.title
                items.append(("решение", label, d.date, d.indicators))
            for kind, label, taken, indicator_ids in items:
                for indicator_id in indicator_ids:
                    ind = site.cat.indicators.get(indicator_id)
                    if ind is None:
                        continue
                    before = site.values.get(entry_year, slug, indicator_id) or {}
                    after = site.values.get(year, slug, indicator_id) or {}
                    b, a = number(before.get("value")), number(after.get("value"))
                    change = None if a is None or b is None else a - b
                    found.append(
                        Effect(
                            kind=kind,
                            label=label,
                            taken=taken,
                            indicator=indicator_id,
                            indicator_title=ind.short_title,
                            before_year=entry_year,
                            before=site.fmt(ind, before.get("value")),
                            after_year=year,
                            after=site.fmt(ind, after.get("value")),
                            change=site.fmt_change(ind, change),
                            direction=direction_word(change, ind.better.value),
                        )
                    )
        return found

    def measured(self, year: int, slug: str) -> list[Indicator]:
        """The indicators that have a value for the municipality in the edition."""
        site = self.site
        return [
            i
            for i in site.cat.indicators.values()
            if number((site.values.get(year, slug, i.id) or {}).get("value")) is not None
        ]

    def cycle(self, year: int, slug: str) -> Cycle:
        key = (year, slug)
        if key not in self._cycles:
            site = self.site
            data = site.ds.entries[key].data
            with_values = self.measured(year, slug)
            facts = CycleInputs(
                goals=len(data.goals),
                indicators_with_values=len(with_values),
                sources=len({i.source for i in with_values if i.source}),
                analysis=bool(data.analysis or data.section_analysis),
                rules_evaluated=self.rules_present,
                measures=len(data.measures),
                events=len(data.events),
                decisions=len(data.decisions),
                effects=sum(1 for e in self.effects(year, slug) if e.direction != "нет данных"),
                effectiveness_text=bool(getattr(data, "effectiveness", None)),
                report_recommendations=len(self.own(year, slug)),
            )
            self._cycles[key] = cycle_of(facts)
        return self._cycles[key]

    def measures(self, year: int, slug: str) -> list[dict[str, str]]:
        """The measures as table rows; an optional field the document does not give is an empty string
        (the table leaves out a column no measure fills)."""
        data = self.site.ds.entries[(year, slug)].data
        return [
            {
                "number": m.number,
                "title": attr(m.title),
                "deadline": attr(m.deadline_text) if m.deadline_text else _date_or_empty(m.deadline),
                "responsible": attr(m.responsible) if m.responsible else "",
                "expected": attr(m.expected_result) if m.expected_result else "",
                "status": m.status.value if m.status else "",
            }
            for m in sorted(data.measures, key=lambda m: [int(p) for p in m.number.rstrip(".").split(".")])
        ]

    def decisions(self, year: int, slug: str) -> list[dict[str, str]]:
        data = self.site.ds.entries[(year, slug)].data
        return [
            {
                "reference": attr(decision_reference(d)),
                "title": attr(d.title),
                "link": attr(d.link) if d.link else "",
            }
            # dated documents in date order; the directions a report names without a document after them
            for d in sorted(data.decisions, key=lambda d: (d.date is None, d.date or date.min, d.number or "", d.title))
        ]

    def cycle_page(self, year: int, slug: str) -> None:
        site = self.site
        mu = site.by_slug[slug]
        url = urls.cycle(year, slug)
        edition = academic_year(year)
        data = site.ds.entries[(year, slug)].data
        cycle = self.cycle(year, slug)
        indicators = []
        for section in site.cat.sections.values():
            for ind in site.cat.in_section(section.id):
                row = site.values.get(year, slug, ind.id)
                if row is None or number(row.get("value")) is None:
                    continue
                indicators.append(
                    {
                        "title": ind.short_title,
                        "section": section.title,
                        "value": site.fmt(ind, row["value"]),
                        "change": site.fmt_change(ind, row["change"]),
                        "source": ind.source,
                        "url": urls.relative(url, urls.section(year, slug, section.slug) + f"#{ind.id}"),
                        "methodology_url": urls.relative(url, urls.methodology(ind.id)),
                    }
                )
        sources = sorted({i["source"] for i in indicators})
        page = self._page(
            year,
            f"Управленческий цикл — {mu.name}, {edition}",
            "Управленческий цикл",
            f"Цели, показатели, мониторинг, анализ, рекомендации, меры, решения и их эффективность: "
            f"{mu.name}, {edition}.",
            site.lead(mu.name, edition, site.as_of(year)),
            where=mu.name,
            searchable=False,
        )
        site.render(
            "cycle.md.j2",
            urls.docs_path(url),
            page=page,
            cycle=cycle,
            stages=STAGES,
            goals=[attr(g) for g in data.goals],
            indicators=indicators,
            sources=sources,
            as_of=(
                f"Данные этого выпуска собраны по состоянию на {site.monitoring.as_of_text(year)}"
                if site.monitoring.own(year)
                else f"Данные собираются ежегодно по состоянию на {site.monitoring.day_text()}."
            ),
            # only the sections that measured something this year: a section without a value was not measured
            sections=[
                {"title": s.title, "url": urls.md_link_between(url, urls.section(year, slug, s.slug))}
                for s in site.cat.sections_in(year)
                if any(i["section"] == s.title for i in indicators)
            ],
            indicators_count=format_count(len(indicators), ("показатель", "показателя", "показателей")),
            analysis=markdown_text(data.analysis) if data.analysis else "",
            section_analysis=[
                {
                    "title": site.cat.sections[sid].title,
                    "url": urls.md_link_between(
                        url, urls.section(year, slug, site.cat.sections[sid].slug) + "#analysis"
                    ),
                }
                for sid in (s.id for s in site.cat.sections_in(year))
                if sid in data.section_analysis
            ],
            recommendations=self.municipality_recommendations(url, year, slug),
            rules_present=self.rules_present,
            measures=self.measures(year, slug),
            events_count=len(data.events),
            decisions=self.decisions(year, slug),
            effects=[_effect_row(e) for e in self.effects(year, slug)],
            effectiveness=markdown_text(data.effectiveness) if getattr(data, "effectiveness", None) else "",
            targets_link=urls.md_link_between(url, urls.targets(year, slug)),
            recs_link=urls.md_link_between(url, urls.recommendations(year, slug)),
            municipality_link=urls.md_link_between(url, urls.municipality(year, slug)),
        )

    # --- the printable report -----------------------------------------------------------------

    def report_page(self, year: int, slug: str, pdf_name: str | None) -> None:
        """The municipality's analytical report of the edition, from start to end, in the manner of 002."""
        site = self.site
        mu = site.by_slug[slug]
        url = urls.report(year, slug)
        edition = academic_year(year)
        data = site.ds.entries[(year, slug)].data
        years = [y for y in site.years if y <= year and site.has_data(y, slug)]
        span = (
            f"{academic_year_short(years[0])}–{academic_year_short(years[-1])} учебные годы"
            if len(years) > 1
            else academic_year(year)
        )
        sections = []
        for section in site.cat.sections.values():
            items = []
            for ind in site.cat.in_section(section.id):
                if not ind.exists_in(year):
                    continue
                shown = [y for y in years if ind.exists_in(y)]
                if all(number((site.values.get(y, slug, ind.id) or {}).get("value")) is None for y in shown):
                    continue  # a report reads as prose: indicators without a single value are left to the tables
                item = site.indicator_item(url, year, slug, ind)
                if item is None:
                    continue
                item["table"] = site.municipality_table(year, slug, ind)
                items.append(item)
            if not items:
                continue
            text = data.section_analysis.get(section.id)
            sections.append(
                {
                    "id": section.slug,
                    "title": section.title,
                    "items": items,
                    "analysis": markdown_text(text) if text else "",
                    "recommendations": self.for_section(url, year, slug, section.id),
                }
            )
        events = event_rows(data.events)
        page = self._page(
            year,
            f"Аналитический отчёт — {mu.name}, {edition}",
            f"Аналитический отчёт по результатам мониторинга профориентации: {mu.name}",
            f"Аналитический отчёт по результатам мониторинга системы профориентации обучающихся: {mu.name}, {edition}.",
            site.lead(mu.name, edition, site.as_of(year)),
            searchable=False,
        )
        page["report"] = True
        site.render(
            "report.md.j2",
            urls.docs_path(url),
            page=page,
            span=span,
            as_of=site.monitoring.yearly(years, every=" каждого года"),
            municipality=mu.name,
            region=site.info.region,
            goals=[attr(g) for g in data.goals],
            sources=sorted({site.cat.indicators[it["id"]].source for s in sections for it in s["items"]}),
            sections=sections,
            analysis=markdown_text(data.analysis) if data.analysis else "",
            targets=self.target_rows(year, slug),
            targets_sentence=targets_sentence(self.target_rows(year, slug)),
            recommendations=self.municipality_recommendations(url, year, slug),
            rules_present=self.rules_present,
            events=events,
            measures=self.measures(year, slug),
            decisions=self.decisions(year, slug),
            effects=[_effect_row(e) for e in self.effects(year, slug)],
            effectiveness=markdown_text(data.effectiveness) if getattr(data, "effectiveness", None) else "",
            cycle=self.cycle(year, slug),
            pdf_name=pdf_name,
            municipality_link=urls.md_link_between(url, urls.municipality(year, slug)),
        )

    # --- helpers ------------------------------------------------------------------------------

    def _page(
        self,
        year: int,
        title: str,
        heading: str,
        description: str,
        lead: str,
        *,
        searchable: bool = True,
        where: str = "",
    ) -> dict[str, Any]:
        """Front matter of a management page; the report and the cycle repeat other pages' text, so they
        stay out of the search index (a search finds the section page the text comes from)."""
        return {
            "title": title,
            "heading": heading,
            "where": where,
            "description": description,
            "lead": lead,
            "edition": academic_year(year),
            "edition_genitive": f"{academic_year_short(year)} учебного года",
            "search_exclude": self.site.past(year) or not searchable,
        }

    def build(
        self, pdf_names: dict[tuple[int, str], str] | None, year: int, slugs: Sequence[str], overview: bool
    ) -> None:
        """A part of an edition's management pages: the region's (with ``overview``) and those of the
        municipalities ``slugs`` (see :meth:`generator.site.pages.SiteBuilder._units`)."""
        if overview and not self.site.municipal:  # a municipal monitoring: its own page is the top one
            self.region_recommendations_page(year)
        for slug in slugs:
            self.recommendations_page(year, slug)
            self.targets_page(year, slug)
            self.cycle_page(year, slug)
            self.report_page(year, slug, (pdf_names or {}).get((year, slug)))


def decision_reference(decision: Decision) -> str:
    """«Приказ № 124 от 07.06.2021»; without a number: «Письмо от 07.06.2021»; without a date: «Приказ № 124».

    A decision an analytical report names only as a direction («совершенствование нормативно-правовых
    актов…») has no document yet: it gets no reference at all, unless its kind was written out.
    """
    if decision.number is None and decision.date is None and "kind" not in decision.model_fields_set:
        return ""
    kind = decision.kind.strip()
    kind = kind[:1].upper() + kind[1:]
    number = f" № {decision.number}" if decision.number else ""
    day = f" от {format_date_table(decision.date)}" if decision.date is not None else ""
    return f"{kind}{number}{day}"


def _date_or_empty(day: date | None) -> str:
    return format_date_table(day) if day is not None else ""


def event_rows(events: Iterable[Event]) -> list[dict[str, str]]:
    """The events of a year as table rows, in date order (the municipality page and the report)."""
    return [
        {
            "date": format_date_table(e.date),
            "title": attr(e.title),
            "level": e.level.value,
            "link": attr(e.link) if e.link else "",
        }
        for e in sorted(events, key=lambda e: (e.date, e.title))
    ]


def _rule_heading(rule: Any, indicator: str, threshold: str) -> str:
    """The rule's summary names what to do; a rule over several indicators adds which one it fired on."""
    summary = getattr(rule, "summary", None)
    if not summary:
        return f"{indicator}: {threshold}"
    return f"{summary}: {indicator}" if len(getattr(rule, "indicators", ())) > 1 else summary


def _effect_row(e: Effect) -> dict[str, str]:
    return {
        "kind": e.kind,
        "label": attr(e.label),
        "indicator": e.indicator_title,
        "before": f"{e.before} ({academic_year_short(e.before_year)})",
        "after": f"{e.after} ({academic_year_short(e.after_year)})",
        "change": e.change,
        "direction": e.direction,
    }



