"""The pages of the site as Markdown, and the chart specs and files they refer to.

This stage takes the loaded data and the computed table and returns plain data — page texts by path,
chart specs by name, small files, the navigation — without writing anything; :mod:`generator.build.pipeline`
writes them. Templates live in ``templates/``; every string from the data goes through
:mod:`generator.core.text`, so that whatever an official typed is shown as text.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from generator.site import embed, overview, urls
from generator.inputs.catalogue import Catalogue
from generator.site.charts import TrendPoint, spec_bytes, trend_spec
from generator.compute.table import PRINTED, REGION, number
from generator.site.cycle import targets_sentence
from generator.publish.downloads import SectionCsvIndex
from generator.inputs.editions import EditionState, announced, edition_states, latest_of
from generator.core.formatting import (
    NO_DATA,
    academic_year,
    academic_year_short,
    format_change,
    format_date_text,
    format_pp_change,
    format_value,
    inner_quotes,
)
from generator.core.formatting import (
    sentence as end_sentence,
)
from generator.inputs.load import Dataset
from generator.site.management import Management, event_rows
from generator.inputs.models import DeploymentLevel, Indicator, Kind, Municipality, MunicipalityType, PrintedFigure
from generator.site.narrative import YearValue, region_sentence, target_sentence, trend_parts
from generator.checks.quality import findings, notes_by_indicator, reported_note
from generator.compute.schools import school_values, spread
from generator.core.text import attr, clean, markdown_text, md
from generator.site.urls import md_link

if TYPE_CHECKING:
    from generator.build.cache import EditionCache
    from generator.recommend.evaluate import Recommendation, RuleSet

TEMPLATES = Path(__file__).parent / "templates"
BETTER_RU = {"higher": "больше", "lower": "меньше", "neutral": "направление не оценивается"}


@dataclass(frozen=True)
class SiteInfo:
    name: str
    region: str
    demo: bool
    site_url: str


@dataclass
class SiteContent:
    pages: dict[str, str] = field(default_factory=dict)  # docs path → Markdown
    files: dict[str, bytes] = field(default_factory=dict)  # docs path → bytes (CSV, …)
    charts: dict[str, bytes] = field(default_factory=dict)  # "charts/…" → spec as compact JSON (spec_bytes)
    nav: list[Any] = field(default_factory=list)

    @property
    def urls(self) -> set[str]:
        found = set()
        for path in self.pages:
            found.add("/" if path == "index.md" else "/" + path.removesuffix("index.md"))
        return found


def _finalize(value: Any) -> Any:
    """Every value a template prints loses control characters and invisible marks, escaped or not."""
    if isinstance(value, Markup):
        return Markup(clean(str(value)))
    if isinstance(value, str):
        return clean(value)
    return value


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        comment_start_string="{##",
        comment_end_string="##}",
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
    )
    env.filters["md"] = md
    env.filters["inner_quotes"] = inner_quotes
    env.filters["sentence"] = end_sentence
    # A JSON string is a YAML double-quoted scalar: any text, quotes and colons included, stays one value.
    # The front matter's title and description reach MkDocs' and Material's templates, which do not
    # escape (`<meta name="description" content="{{ page.meta.description }}">`, `<title>`, the nav, the
    # citation), so they are written HTML-escaped: a name with a quote or a tag stays text there too.
    env.filters["yaml"] = lambda value: Markup(json.dumps(str(attr(value)), ensure_ascii=False))
    return env


GROUP_OVER = 25
"""A list of more municipalities than this is grouped by their type in the navigation."""

TYPE_GROUPS = {
    MunicipalityType.urban_okrug: "Городские округа",
    MunicipalityType.municipal_okrug: "Муниципальные округа",
    MunicipalityType.district: "Муниципальные районы",
}


def grouped_by_type(entries: list[tuple[Municipality, Any]]) -> list[Any]:
    """The municipalities' navigation entries, in groups by type when the list is long.

    Every page of a municipality shows its edition's list in the sidebar: with 60 municipalities that was
    most of a page's bytes and of its rendering, and a long flat list to scroll through. Grouped, a page
    shows the groups and its own group's members; a region's reports list their municipalities by type,
    too. A short list, or one of a single type, stays as it is.
    """
    if len(entries) <= GROUP_OVER or len({mu.type for mu, _ in entries}) < 2:
        return [entry for _, entry in entries]
    groups: dict[MunicipalityType, list[Any]] = {}
    for mu, entry in entries:
        groups.setdefault(mu.type, []).append(entry)
    return [{TYPE_GROUPS[kind]: groups[kind]} for kind in sorted(groups, key=lambda k: TYPE_GROUPS[k])]


def nav_title(text: str) -> str:
    """A title for MkDocs' navigation: Material writes nav titles into the HTML unescaped."""
    return str(attr(text))


def sort_key(name: str) -> str:
    """Alphabetical order of Russian names (ё as е), for comparisons that must not look like ratings."""
    return name.lower().replace("ё", "е")


class _Values:
    """Fast lookups into the computed table."""

    def __init__(self, table: pd.DataFrame) -> None:
        self.rows: dict[tuple[int, str, str], dict[str, Any]] = {}
        for row in table.to_dict("records"):
            self.rows[(int(row["year"]), str(row["territory"]), str(row["indicator"]))] = row

    def get(self, year: int, territory: str, indicator: str) -> dict[str, Any] | None:
        return self.rows.get((year, territory, indicator))


def _int(value: Any) -> int | None:
    f = number(value)
    return None if f is None else int(f)


def _dec(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


class SiteBuilder:
    def __init__(
        self,
        dataset: Dataset,
        table: pd.DataFrame,
        public: pd.DataFrame,
        info: SiteInfo,
        rules: RuleSet | None = None,
        recommendations: Sequence[Recommendation] = (),
        pdfs: bool = False,
    ) -> None:
        self.ds = dataset
        self.cat: Catalogue = dataset.catalogue
        self.values = _Values(table)
        self.public = public
        self.info = info
        self.env = _environment()
        self.content = SiteContent()
        self.years = dataset.years
        self.monitoring = dataset.monitoring
        # An edition without every municipality is a draft until published incomplete: built, marked, and
        # not announced as the latest edition (see generator.inputs.editions).
        self.states: dict[int, EditionState] = edition_states(dataset)
        self.latest = announced(self.states)
        self.munis: list[Municipality] = sorted(dataset.registry.municipalities, key=lambda m: sort_key(m.name))
        self.by_slug = {m.slug: m for m in self.munis}
        # A municipal monitoring (one municipality over its schools) has no region above it: its own figures
        # are the top ones, and nothing on its pages compares it with a «region» that is itself.
        self.municipal = dataset.registry.level is DeploymentLevel.municipality
        self.top = self.munis[0].slug if self.municipal else REGION
        self.pdfs = pdfs
        self.management = Management(self, rules, recommendations)
        self._csv: SectionCsvIndex | None = None
        self._once: dict[tuple[str, int, str, str], Any] = {}  # see indicator_item and municipality_table
        self.notes = notes_by_indicator(findings(dataset))

    # --- formatting helpers -------------------------------------------------------------------

    def fmt(self, ind: Indicator, value: Any) -> str:
        return format_value(_dec(number(value)), ind.kind.value, self.cat.precision(ind), self.cat.unit(ind))

    def fmt_row(self, ind: Indicator, row: dict[str, Any]) -> str:
        """A value in a table: one taken as the source printed it (no counts behind it) says so."""
        text = self.fmt(ind, row.get("value"))
        return f"{text} (как в источнике)" if row.get("basis") == PRINTED else text

    def fmt_change(self, ind: Indicator, change: Any) -> str:
        value = number(change)
        if value is None:
            return NO_DATA
        if ind.kind is Kind.share:
            return format_pp_change(_dec(value), self.cat.precision(ind))
        digits = 0 if ind.kind is Kind.count else self.cat.precision(ind)
        return format_change(_dec(value), digits, self.cat.unit(ind))

    def territory_name(self, territory: str) -> str:
        return self.info.region if territory == REGION else self.by_slug[territory].name

    def has_data(self, year: int, slug: str) -> bool:
        return (year, slug) in self.ds.entries

    def render(self, template: str, path: str, **context: Any) -> None:
        context.setdefault("edition_notice", self.edition_notice(path))
        text = self.env.get_template(template).render(site=self.info, **context)
        self.content.pages[path] = text

    def edition_notice(self, path: str) -> dict[str, str] | None:
        """The notice on every page of an edition without every municipality: a draft's, or the reason it
        was published incomplete; None for a complete edition and the pages outside editions."""
        head = path.split("/", 1)[0]
        state = self.states.get(int(head)) if head.isdigit() else None
        if state is None or not state.partial:
            return None
        title = "Предварительный выпуск" if state.draft else "Выпуск опубликован неполным"
        kind = "draft" if state.draft else "incomplete"
        return {"title": title, "text": " ".join(state.notice().split()), "kind": kind}

    def coverage(self, year: int) -> str:
        """«по 1 из 14 муниципалитетов» for a region figure of an edition without every municipality, else ""."""
        state = self.states.get(year)
        return state.coverage() if state is not None and state.partial else ""

    def edition_label(self, year: int) -> str:
        """The school year as a list of editions names it; a draft is said to be preliminary."""
        state = self.states.get(year)
        return academic_year(year) + (" — предварительный выпуск" if state is not None and state.draft else "")

    def lead(self, *parts: str) -> str:
        return " · ".join(p for p in parts if p)

    def past(self, year: int) -> bool:
        """Past editions stay published but out of the search index: a search answers with the current
        figures, and the index a visitor downloads does not grow with every year."""
        return year != self.latest

    def as_of(self, year: int) -> str:
        return f"данные на {format_date_text(self.ds.monitoring_date(year))}"

    # --- charts -------------------------------------------------------------------------------

    def chart(self, year: int, territory: str, ind: Indicator) -> dict[str, str]:
        """The chart of an indicator's trend: its spec (kept as the bytes served) and what the page says of it.

        The description (the image's alt text and the live chart's label) names what the chart shows and
        where its numbers are; it does not repeat them: the paragraph above says the same values in words
        and the table below lists them, and a screen reader would read the paragraph twice (on a region's
        pages that repetition was a twentieth of a page's bytes).
        """
        years = [y for y in self.years if y <= year and ind.exists_in(y)]
        points: list[TrendPoint] = []
        # A count of the region is the sum of its municipalities: beside one municipality it would flatten
        # that line to the floor, so counts are drawn alone; shares and ratios get the region as context.
        alone = not self.compares_with_region(territory) or ind.kind is Kind.count
        series = [territory] if alone else [territory, REGION]
        for who in series:
            for y in years:
                row = self.values.get(y, who, ind.id)
                if row is None:
                    continue
                value = number(row["value"])
                points.append(
                    TrendPoint(
                        year=y,
                        label=academic_year_short(y),
                        series=self.territory_name(who),
                        value=value,
                        formatted=self.fmt(ind, value),
                        is_region=who == REGION,
                    )
                )
        names = " и ".join(self.territory_name(w) for w in series)
        span = (
            f"{academic_year_short(years[0])}–{academic_year_short(years[-1])} учебные годы"
            if len(years) > 1
            else f"{academic_year_short(years[0])} учебный год"
        )
        description = (
            f"График «{ind.short_title}»: {names}, {span}. Значения — в тексте над графиком и в таблице под ним."
        )
        name = f"charts/{year}/{territory}/{ind.id}"
        spec = trend_spec(
            title=ind.short_title,
            description=description,
            points=points,
            kind=ind.kind.value,
            unit=self.cat.unit(ind),
            digits=self.cat.precision(ind),
        )
        # Kept as the bytes the site serves: tens of thousands of spec trees would take a gigabyte.
        self.content.charts[name] = spec_bytes(spec)
        return {
            "name": name,
            "description": description,
            "caption": f"{ind.short_title}: {names}. Таблица с теми же числами — ниже.",
            "anchor": ind.id,
        }

    # --- section pages ------------------------------------------------------------------------

    def indicator_item(self, page_url: str, year: int, territory: str, ind: Indicator) -> dict[str, Any] | None:
        """The block of one indicator on a page at ``page_url``: figures, narrative, chart, links.

        The section page and the report both show it; what does not depend on the page (the figures, the
        sentences, the chart spec) is made once per edition and only the relative links per page.
        """
        core = self._made_once("item", year, territory, ind, self._indicator_core)
        if core is None:
            return None
        name = core["chart"]["name"]
        chart = {
            **core["chart"],
            "spec_url": urls.relative(page_url, f"/{name}.json"),
            "svg_url": urls.relative(page_url, f"/{name}.svg"),
        }
        return {**core, "chart": chart, "methodology_url": urls.relative(page_url, urls.methodology(ind.id))}

    def _made_once(
        self, what: str, year: int, territory: str, ind: Indicator, make: Callable[[int, str, Indicator], Any]
    ) -> Any:
        """``make(year, territory, ind)``, made once per edition: the section page and the report share it."""
        key = (what, year, territory, ind.id)
        if key not in self._once:
            self._once[key] = make(year, territory, ind)
        return self._once[key]

    def _indicator_core(self, year: int, territory: str, ind: Indicator) -> dict[str, Any] | None:
        row = self.values.get(year, territory, ind.id)
        if row is None:
            return None
        years = [y for y in self.years if y <= year and ind.exists_in(y)]
        series = [YearValue(y, number((self.values.get(y, territory, ind.id) or {}).get("value"))) for y in years]
        unit, digits, kind = self.cat.unit(ind), self.cat.precision(ind), ind.kind.value
        change = number(row["change"])
        start, history, rest = trend_parts(ind.title, series, kind=kind, digits=digits, unit=unit, change=change)
        sentences = [start + history + rest]
        region = self.values.get(year, REGION, ind.id) or {}
        expected = self._expected(year, territory, row, region)
        if self.compares_with_region(territory):
            sentences.append(
                region_sentence(
                    number(region.get("value")),
                    kind,
                    digits,
                    unit,
                    int(region.get("reported", 0) or 0),
                    self._expected(year, REGION, region, region),
                )
            )
        schools = self.by_school(year, territory, ind)
        if schools is not None and schools["spread"]:
            sentences.append(schools["spread"])
        if territory != REGION:
            target = number(row["target"])
            if target is not None:
                sentences.append(target_sentence(target, str(row["target_status"]), kind, digits, unit))
        narrative = " ".join(s for s in sentences if s)
        after = rest + "".join(f" {s}" for s in sentences[1:] if s)
        # The page's paragraph: the same text, with the values of past years out of the search index.
        hidden = Markup("<span data-search-exclude>") + md(history) + Markup("</span>") if history else ""
        narrative_md = md(start) + hidden + md(after)
        chart = self.chart(year, territory, ind)
        return {
            "id": ind.id,
            "heading": ind.short_title,
            "title": ind.title,
            "value": self.fmt(ind, row["value"]),
            "change": self.fmt_change(ind, row["change"]),
            "region_value": self.fmt(ind, region.get("value")),
            "region_label": "Регион в целом" + (f" ({self.coverage(year)})" if self.coverage(year) else ""),
            "show_region": self.compares_with_region(territory),
            "reported": f"{int(row.get('reported', 0) or 0)} из {expected}",
            "target": self.fmt(ind, row["target"]) if number(row["target"]) is not None else "",
            "target_status": str(row["target_status"]),
            "narrative": narrative,
            "narrative_md": narrative_md,
            "chart": chart,
            "method": ind.method,
            "source": ind.source,
            "notes": self.data_notes(year, territory, ind, row),
            "schools": schools["table"] if schools is not None else None,
        }

    def by_school(self, year: int, territory: str, ind: Indicator) -> dict[str, Any] | None:
        """A municipal monitoring's schools for one indicator: their spread in a sentence, and a table by
        school only where the deployment allows it (``schools_public``); never ordered by value."""
        entry = self.ds.entries.get((year, territory))
        if not self.municipal or entry is None or not entry.data.schools:
            return None
        values = school_values(self.cat, entry, ind)
        found = spread(values)
        sentence = ""
        if found is not None:
            sentence = end_sentence(
                f"По школам (данные {found.reported} из {found.total}): от {self.fmt(ind, found.lowest)} "
                f"до {self.fmt(ind, found.highest)}, медиана — {self.fmt(ind, found.median)}"
            )
        table = None
        if self.ds.registry.region.schools_public:
            names = {s.id: s.name for s in self.by_slug[territory].schools}
            head = ["Школа"] + ([self.cat.title_of(ind.denominator)] if ind.denominator else [])
            head += [self.cat.title_of(ind.numerator), f"Значение ({self.cat.unit(ind)})"]
            rows = []
            for value in sorted(values, key=lambda v: sort_key(names.get(v.school, v.school))):
                cells = [names.get(value.school, value.school)]
                if ind.denominator:
                    cells.append(self._count(value.denominator))
                cells += [self._count(value.numerator), self.fmt(ind, value.value)]
                rows.append(cells)
            table = {"head": head, "rows": rows}
        return {"spread": sentence, "table": table}

    def data_notes(self, year: int, territory: str, ind: Indicator, row: dict[str, Any]) -> list[str]:
        """«Примечание к данным»: where the source contradicts itself, or gives a value without its counts."""
        notes = list(self.notes.get((year, territory, ind.id), ()))
        entry = self.ds.entries.get((year, territory))
        if entry is not None and row.get("basis") == PRINTED:
            notes.insert(0, reported_note(self.ds, entry, ind))
        figure = entry.data.printed.get(ind.id) if entry is not None else None
        if isinstance(figure, PrintedFigure) and figure.note:
            notes.append(figure.note)  # the official's own explanation, as written
        return notes

    def _expected(self, year: int, territory: str, row: dict[str, Any], region: dict[str, Any]) -> int:
        """How many municipalities a figure is over: for the region of an edition without every municipality,
        all those of the registry, so that «1 из 14» is said, not «1 из 1»."""
        state = self.states.get(year)
        if territory == REGION and state is not None and state.partial:
            return state.total
        return int(row.get("expected", 0) or 0)

    def municipality_table(self, year: int, slug: str, ind: Indicator) -> dict[str, Any]:
        """The trend table of one indicator (the chart's accessible alternative); made once per edition."""
        return self._made_once("table", year, slug, ind, self._municipality_table)  # type: ignore[no-any-return]

    def _municipality_table(self, year: int, slug: str, ind: Indicator) -> dict[str, Any]:
        num_title = self.cat.title_of(ind.numerator)
        head = ["Учебный год"]
        if ind.denominator:
            head.append(self.cat.title_of(ind.denominator))
        head += [num_title, f"Значение ({self.cat.unit(ind)})"]
        compare = self.compares_with_region(slug)
        if compare:
            head.append("Регион в целом")
        rows = []
        for y in [y for y in self.years if y <= year and ind.exists_in(y)]:
            row = self.values.get(y, slug, ind.id) or {}
            region = self.values.get(y, REGION, ind.id) or {}
            cells = [academic_year_short(y)]
            if ind.denominator:
                cells.append(self._count(row.get("denominator")))
            partly = f" ({self.coverage(y)})" if self.coverage(y) else ""
            value = self.fmt_row(ind, row) + (partly if slug == REGION else "")
            cells += [self._count(row.get("numerator")), value]
            if compare:
                cells.append(self.fmt(ind, region.get("value")) + partly)
            rows.append(cells)
        return {"head": head, "rows": rows}

    def region_table(self, year: int, ind: Indicator) -> dict[str, Any]:
        head = ["Муниципалитет"]
        if ind.denominator:
            head.append(self.cat.title_of(ind.denominator))
        head += [self.cat.title_of(ind.numerator), f"Значение ({self.cat.unit(ind)})", "Изменение за год", "Цель"]
        rows = []
        for mu in self.munis:
            row = self.values.get(year, mu.slug, ind.id)
            if row is None:
                continue
            cells = [mu.name]
            if ind.denominator:
                cells.append(self._count(row.get("denominator")))
            target = self.fmt(ind, row["target"]) if number(row["target"]) is not None else "—"
            status = {"met": " (достигнута)", "not_met": " (не достигнута)"}.get(str(row["target_status"]), "")
            cells += [
                self._count(row.get("numerator")),
                self.fmt_row(ind, row),
                self.fmt_change(ind, row["change"]),
                target + status,
            ]
            rows.append(cells)
        region = self.values.get(year, REGION, ind.id) or {}
        partly = f", {self.coverage(year)}" if self.coverage(year) else ""
        cells = [f"{self.info.region} (регион в целом{partly})"]
        if ind.denominator:
            cells.append(self._count(region.get("denominator")))
        cells += [
            self._count(region.get("numerator")),
            self.fmt(ind, region.get("value")),
            self.fmt_change(ind, region.get("change")),
            "—",
        ]
        rows.append(cells)
        return {"head": head, "rows": rows}

    def _count(self, value: Any) -> str:
        v = _int(value)
        return NO_DATA if v is None else format_value(Decimal(v), "count", 0, "").strip()

    def section_csv(self, year: int, territory: str, indicators: Iterable[Indicator]) -> bytes:
        ids = [i.id for i in indicators]
        if self._csv is None:
            self._csv = SectionCsvIndex(self.public)
        if territory == REGION:
            # the region's page shows the region's series and every municipality in the edition's year
            return self._csv.region(year, REGION, ids)
        return self._csv.territory(year, territory, REGION, ids)

    def section_page(self, year: int, territory: str, section_id: str) -> None:
        section = self.cat.sections[section_id]
        url = urls.section(year, territory, section.slug)
        path = urls.docs_path(url)
        indicators = [i for i in self.cat.in_section(section_id) if i.exists_in(year)]
        items = []
        for ind in indicators:
            item = self.indicator_item(url, year, territory, ind)
            if item is None:
                continue
            # The trend table is the chart's accessible alternative; the region adds its municipalities.
            item["table"] = self.municipality_table(year, territory, ind)
            if territory == REGION:
                item["by_municipality"] = self.region_table(year, ind)
            items.append(item)
        name = self.territory_name(territory)
        edition = academic_year(year)
        partly = f", {self.coverage(year)}" if self.coverage(year) else ""
        csv_name = f"{section.slug}-{territory}-{year}.csv"
        self.content.files[posixpath.join(posixpath.dirname(path), csv_name)] = self.section_csv(
            year, territory, indicators
        )
        analysis = ""
        if territory != REGION:
            text = self.ds.entries[(year, territory)].data.section_analysis.get(section_id)
            analysis = markdown_text(text) if text else ""
        page = {
            "title": f"{section.title} — {name}, {edition}",
            "heading": section.title,
            "where": name,
            "description": f"{section.title}: показатели мониторинга профориентации, {name}, {edition}.",
            "lead": self.lead(
                name if territory != REGION else f"{name} (регион в целом{partly})", edition, self.as_of(year)
            ),
            "edition": edition,
            "search_exclude": self.past(year),
            "csv_name": csv_name,
            "data_url": urls.relative(url, urls.DATA),
        }
        template = "region_section.md.j2" if territory == REGION else "section.md.j2"
        recs = [] if territory == REGION else self.management.for_section(url, year, territory, section_id)
        self.render(template, path, page=page, section=section, items=items, analysis=analysis, recs=recs)

    # --- overviews ----------------------------------------------------------------------------

    def key_rows(self, page_path: str, year: int, territory: str) -> list[dict[str, Any]]:
        rows = []
        for ind in self.cat.indicators.values():
            if not ind.key or not ind.exists_in(year):
                continue
            row = self.values.get(year, territory, ind.id)
            if row is None:
                continue
            section = self.cat.sections[ind.section]
            target = number(row["target"])
            rows.append(
                {
                    "label": ind.short_title,
                    "url": urls.relative(
                        "/" + page_path.removesuffix("index.md"),
                        urls.section(year, territory, section.slug) + f"#{ind.id}",
                    ),
                    "value": self.fmt(ind, row["value"]),
                    "change": self.fmt_change(ind, row["change"]),
                    "target": self.fmt(ind, target) if target is not None else "—",
                    "target_status": str(row["target_status"]),
                }
            )
        return rows

    def municipality_page(self, year: int, slug: str) -> None:
        mu = self.by_slug[slug]
        url = urls.municipality(year, slug)
        path = urls.docs_path(url)
        entry = self.ds.entries[(year, slug)]
        sections = []
        for section in self.cat.sections_in(year):
            inds = [i for i in self.cat.in_section(section.id) if i.exists_in(year)]
            with_data = sum(
                1 for i in inds if number((self.values.get(year, slug, i.id) or {}).get("value")) is not None
            )
            sections.append(
                {
                    "title": section.title,
                    "link": md_link(path, urls.docs_path(urls.section(year, slug, section.slug))),
                    "summary": f"показателей с данными: {with_data} из {len(inds)}",
                }
            )
        events = event_rows(entry.data.events)
        editions = [
            {
                "label": academic_year(y),
                "link": md_link(path, urls.docs_path(urls.municipality(y, slug))),
                "current": y == year,
            }
            for y in reversed(self.years)
            if self.has_data(y, slug)
        ]
        edition = academic_year(year)
        page = {
            "title": f"{mu.name} — {edition}",
            "heading": mu.name,
            "description": f"Мониторинг профориентации обучающихся: {mu.name}, {edition}.",
            "lead": self.lead(mu.type.value.capitalize(), edition, self.as_of(year)),
            "edition": edition,
            "search_exclude": self.past(year),
            "edition_genitive": f"{academic_year_short(year)} учебного года",
        }
        self.render(
            "municipality.md.j2",
            path,
            page=page,
            key_rows=self.key_rows(path, year, slug),
            sections=sections,
            analysis=markdown_text(entry.data.analysis) if entry.data.analysis else "",
            events=events,
            editions=editions,
            latest_label=f"/municipalities/{slug}/",
            latest_link=md_link(path, urls.docs_path(urls.latest_municipality(slug))),
            cycle=self.management.cycle(year, slug),
            recs=self.management.municipality_recommendations(url, year, slug),
            rules_present=self.management.rules_present,
            embed=embed.snippet(self, slug, url),  # embed.py: «Разместить на своём сайте»
            targets_sentence=targets_sentence(self.management.target_rows(year, slug)),
            links={
                "recommendations": md_link(path, urls.docs_path(urls.recommendations(year, slug))),
                "targets": md_link(path, urls.docs_path(urls.targets(year, slug))),
                "cycle": md_link(path, urls.docs_path(urls.cycle(year, slug))),
                "report": md_link(path, urls.docs_path(urls.report(year, slug))),
            },
        )

    def edition_page(self, year: int) -> None:
        url = urls.edition(year)
        path = urls.docs_path(url)
        edition = academic_year(year)
        comparisons = []
        for ind in self.cat.indicators.values():
            if not ind.key or not ind.exists_in(year):
                continue
            section = self.cat.sections[ind.section]
            rows = []
            for mu in self.munis:
                row = self.values.get(year, mu.slug, ind.id)
                if row is None:
                    continue
                target = number(row["target"])
                rows.append(
                    {
                        "label": mu.name,
                        "url": urls.relative(url, urls.section(year, mu.slug, section.slug) + f"#{ind.id}"),
                        "value": self.fmt(ind, row["value"]),
                        "change": self.fmt_change(ind, row["change"]),
                        "target": self.fmt(ind, target) if target is not None else "—",
                        "target_status": str(row["target_status"]),
                    }
                )
            comparisons.append(
                {"id": ind.id, "heading": ind.short_title, "rows": rows, "caption": f"{ind.title}, {edition}"}
            )
        if self.municipal:
            comparisons = []  # one municipality: nothing to compare it with
        # The visual overview (generator/site/overview.py): a chart per comparison; a municipal monitoring's schools.
        comparisons, schools = overview.edition_charts(self, year, url, comparisons)
        reported = [mu for mu in self.munis if self.has_data(year, mu.slug)]
        state = self.states[year]
        count = f"{len(reported)} из {state.total}" if state.partial else str(len(reported))
        page = {
            "title": f"Выпуск {edition}",
            "heading": f"Мониторинг профориентации: {edition}",
            "description": f"Результаты мониторинга системы профориентации обучающихся, {self.info.region}, {edition}.",
            "lead": self.lead(
                self.top_lead(), edition, self.as_of(year), "" if self.municipal else f"муниципалитетов: {count}"
            ),
            "edition": edition,
            "search_exclude": self.past(year),
            "coverage": f", {self.coverage(year)}" if self.coverage(year) else "",
        }
        self.render(
            "edition.md.j2",
            path,
            page=page,
            intro="",
            key_rows=self.key_rows(path, year, self.top),
            key_title=self.key_title(),
            municipal=self.municipal,
            comparisons=comparisons,
            schools=schools,  # overview.py
            sections=[
                {"title": s.title, "link": md_link(path, urls.docs_path(self.top_section(year, s.slug)))}
                for s in self.cat.sections_in(year)
            ],
            municipalities=[
                {
                    "name": mu.name,
                    "type": mu.type.value,
                    "link": md_link(path, urls.docs_path(urls.municipality(year, mu.slug))),
                    "cycle": self.management.cycle(year, mu.slug),
                    "cycle_link": md_link(path, urls.docs_path(urls.cycle(year, mu.slug))),
                }
                for mu in reported
            ],
            recommendations_link=md_link(path, urls.docs_path(self.top_recommendations(year))),
        )

    def compares_with_region(self, territory: str) -> bool:
        """Whether a territory's figures stand beside the region's: a municipality's in a region's monitoring;
        never the region's own, nor those of a municipal monitoring, whose region is the municipality itself."""
        return territory != REGION and not self.municipal

    def key_title(self) -> str:
        """The heading of the top territory's key figures: a region's, or the one municipality's."""
        return f"Ключевые показатели: {self.top_name()}" if self.municipal else "Ключевые показатели региона"

    def top_name(self) -> str:
        return self.by_slug[self.top].name if self.municipal else self.info.region

    def top_lead(self) -> str:
        """Who the overview pages speak of: the region, or the municipality with its region beside it."""
        name = self.top_name()
        if not self.municipal or self.info.region == name:
            return self.info.region
        return f"{name} ({self.info.region})"

    def top_section(self, year: int, section_slug: str) -> str:
        """The section page of the top territory: the region's, or the one municipality's own."""
        if self.municipal:
            return urls.section(year, self.top, section_slug)
        return urls.region_section(year, section_slug)

    def top_recommendations(self, year: int) -> str:
        return urls.recommendations(year, self.top) if self.municipal else urls.recommendations(year)

    def latest_page(self, slug: str) -> None:
        mu = self.by_slug[slug]
        years = [y for y in self.years if self.has_data(y, slug)]
        latest = latest_of(self.ds, self.states, slug)
        if latest is None:
            return
        url = urls.latest_municipality(slug)
        path = urls.docs_path(url)
        page = {
            "title": f"{mu.name}: последние данные",
            "heading": mu.name,
            "description": f"Последние данные мониторинга профориентации обучающихся: {mu.name}.",
            "lead": self.lead(mu.type.value.capitalize(), f"последний выпуск — {academic_year(latest)}"),
            "edition": "",
        }
        self.render(
            "latest.md.j2",
            path,
            page=page,
            key_rows=self.key_rows(path, latest, slug),
            latest_label=academic_year(latest),
            latest_link=md_link(path, urls.docs_path(urls.municipality(latest, slug))),
            editions=[
                {"label": self.edition_label(y), "link": md_link(path, urls.docs_path(urls.municipality(y, slug)))}
                for y in reversed(years)
            ],
        )

    def methodology_page(self) -> None:
        path = urls.docs_path("/methodology/")
        sections = []
        for section in self.cat.sections.values():
            indicators = []
            for ind in self.cat.in_section(section.id):
                collected = [y for y in self.years if ind.exists_in(y)]
                years = (
                    ", ".join(academic_year(y) for y in collected)  # collected in some editions only
                    if collected and collected != [y for y in self.years if ind.within(y)]
                    else f"с {academic_year(ind.since)}"
                    if ind.since and not ind.until
                    else f"{academic_year_short(ind.since)}–{academic_year_short(ind.until)}"
                    if ind.since and ind.until
                    else f"по {academic_year(ind.until)}"
                    if ind.until
                    else "все годы мониторинга"
                )
                indicators.append(
                    {
                        "id": ind.id,
                        "short_title": ind.short_title,
                        "title": ind.title,
                        "method": ind.method,
                        "numerator": self._parts(ind.numerator),
                        "denominator": self._parts(ind.denominator) if ind.denominator else "",
                        "unit": self.cat.unit(ind),
                        "precision": {0: "целые", 1: "один знак после запятой", 2: "два знака после запятой"}.get(
                            self.cat.precision(ind), f"{self.cat.precision(ind)} знака после запятой"
                        ),
                        "better": BETTER_RU[ind.better.value],
                        "source": ind.source,
                        "years": years,
                        "origin": ", ".join(ind.origin) or "—",
                    }
                )
            sections.append(
                {
                    "title": section.title,
                    "slug": section.slug,
                    "description": section.description,
                    "indicators": indicators,
                }
            )
        page = {
            "title": "Методика расчёта показателей",
            "description": "Как вычисляется каждый показатель мониторинга: числитель, знаменатель, единица, источник.",
            "edition": "",
        }
        self.render(
            "methodology.md.j2",
            path,
            page=page,
            sections=sections,
            direction=self.cat.direction,
            as_of=self.monitoring.yearly(self.years),
        )

    def _parts(self, name: str) -> str:
        title = self.cat.title_of(name)
        if name in self.cat.totals:
            parts = ", ".join(self.cat.title_of(p).lower() for p in self.cat.totals[name].sum)
            return f"{title} (сумма: {parts})"
        return title

    def home_page(self) -> None:
        path = "index.md"
        latest = self.latest
        assert latest is not None
        # Markdown written here, so the name is escaped for Markdown (a «[клик](javascript:…)» in it stays
        # text) and the paragraph is Markup: the template must not escape the escaped name a second time.
        intro = Markup(
            f"Здесь публикуются результаты ежегодного мониторинга системы работы по самоопределению и "
            f"профессиональной ориентации обучающихся ({md(self.top_name())}): "
            + (
                "показатели муниципалитета, их динамика, цели муниципальной программы и анализ. "
                if self.municipal
                else "показатели по каждому муниципалитету и региону в целом, их динамика, цели муниципальных "
                "программ и анализ. "
            )
            + f"[Как считаются показатели]({md_link(path, urls.docs_path('/methodology/'))}) · "
            f"[Открытые данные]({md_link(path, urls.docs_path(urls.DATA))})"
        )
        which = "предварительный выпуск" if self.states[latest].draft else "последний выпуск"
        page = {
            "title": "Главная",
            "heading": "Мониторинг профориентации обучающихся",
            "description": f"Результаты мониторинга системы профориентации обучающихся: {self.info.region}.",
            "lead": self.lead(self.top_lead(), f"{which} — {academic_year(latest)}"),
            "edition": academic_year(latest),
            "coverage": f", {self.coverage(latest)}" if self.coverage(latest) else "",
        }
        self.render(
            "home.md.j2",
            path,
            page=page,
            intro=intro,
            key_rows=self.key_rows(path, latest, self.top),
            key_title=self.key_title(),
            overview=overview.home_tiles(self, path, latest),  # overview.py
            municipal=self.municipal,
            latest_label=academic_year(latest),
            latest_link=md_link(path, urls.docs_path(urls.edition(latest))),
            municipalities=[
                {"name": mu.name, "link": md_link(path, urls.docs_path(urls.latest_municipality(mu.slug)))}
                for mu in self.munis
                if any(self.has_data(y, mu.slug) for y in self.years)
            ],
            editions=[
                {"label": self.edition_label(y), "link": md_link(path, urls.docs_path(urls.edition(y)))}
                for y in reversed(self.years)
            ],
            as_of=self.monitoring.yearly(self.years),
        )

    def data_page(self, files: list[Path]) -> None:
        """The downloads page: every file with its size, and the fields described by the data package."""
        path = urls.docs_path(urls.DATA)
        by_name = {f.name: f for f in files}

        def size(name: str) -> str:
            file = by_name.get(name)
            if file is None or not file.exists():
                return NO_DATA
            kb = Decimal(file.stat().st_size) / 1024
            return format_value(kb.quantize(Decimal("0.1")), "ratio", 1, "КБ")

        rows = []
        for label, key in [("Все годы", "all"), *[(academic_year(y), str(y)) for y in reversed(self.years)]]:
            csv_name, xlsx_name = f"proforientir-{key}.csv", f"proforientir-{key}.xlsx"
            rows.append(
                {
                    "label": label,
                    "csv": csv_name,
                    "csv_name": csv_name,
                    "csv_size": size(csv_name),
                    "xlsx": xlsx_name,
                    "xlsx_name": xlsx_name,
                    "xlsx_size": size(xlsx_name),
                }
            )
        fields: list[dict[str, str]] = []
        package = by_name.get("datapackage.json")
        if package is not None and package.exists():
            meta = json.loads(package.read_text(encoding="utf-8"))
            first = meta["resources"][0]["schema"]["fields"] if meta.get("resources") else []
            fields = [
                {"name": f["name"], "title": f.get("title", ""), "description": f.get("description", "")} for f in first
            ]
        page = {
            "title": "Открытые данные",
            "description": "Показатели мониторинга профориентации в форматах CSV и XLSX с описанием полей.",
            "edition": "",
        }
        self.render("data.md.j2", path, page=page, downloads=rows, fields=fields, package="datapackage.json")
        self.content.nav = self.navigation()

    # --- navigation ---------------------------------------------------------------------------

    def navigation(self) -> list[Any]:
        nav: list[Any] = [{"Главная": "index.md"}]
        for year in reversed(self.years):
            region = [urls.docs_path(urls.edition(year))]
            if not self.municipal:  # a municipal monitoring has no region's pages: its municipality is the top
                region.append({"Адресные рекомендации": urls.docs_path(urls.recommendations(year))})
                region.append(
                    {
                        "Регион в целом": [
                            {nav_title(s.title): urls.docs_path(urls.region_section(year, s.slug))}
                            for s in self.cat.sections_in(year)
                        ]
                    }
                )
            entries: list[tuple[Municipality, Any]] = []
            for mu in self.munis:
                if not self.has_data(year, mu.slug):
                    continue
                children: list[Any] = [urls.docs_path(urls.municipality(year, mu.slug))]
                children += [
                    {nav_title(s.title): urls.docs_path(urls.section(year, mu.slug, s.slug))}
                    for s in self.cat.sections_in(year)
                ]
                children += [
                    {"Целевые показатели": urls.docs_path(urls.targets(year, mu.slug))},
                    {"Адресные рекомендации": urls.docs_path(urls.recommendations(year, mu.slug))},
                    {"Управленческий цикл": urls.docs_path(urls.cycle(year, mu.slug))},
                    {"Аналитический отчёт": urls.docs_path(urls.report(year, mu.slug))},
                ]
                entries.append((mu, {nav_title(mu.name): children}))
            region += grouped_by_type(entries)
            nav.append({academic_year(year): region})
        latest = [
            (mu, {nav_title(mu.name): urls.docs_path(urls.latest_municipality(mu.slug))})
            for mu in self.munis
            if urls.docs_path(urls.latest_municipality(mu.slug)) in self.content.pages
        ]
        nav.append({"Муниципалитет" if self.municipal else "Муниципалитеты": grouped_by_type(latest)})
        nav.append({"Методика": urls.docs_path("/methodology/")})
        nav.append({"Открытые данные": urls.docs_path(urls.DATA)})
        return nav

    def pdf_names(self) -> dict[tuple[int, str], str]:
        """The file name of each report's PDF, printed after MkDocs next to the report page."""
        return {key: pdf_name(*key) for key in self.ds.entries}

    def edition_pages(self, year: int, slugs: Sequence[str], overview: bool) -> None:
        """A part of an edition's pages: the overview and the region's (with ``overview``) and those of the
        municipalities ``slugs`` (see :meth:`_units`)."""
        sections = [s.id for s in self.cat.sections_in(year)]
        if overview:
            self.edition_page(year)
            for section in sections if not self.municipal else ():
                self.section_page(year, REGION, section)
        for slug in slugs:
            self.municipality_page(year, slug)
            for section in sections:
                self.section_page(year, slug, section)

    def build(self, workers: int = 1, cache: EditionCache | None = None) -> SiteContent:
        """All pages; with ``workers`` > 1 the editions are shared out to forked processes.

        An edition's pages depend on the data up to its year only, so editions are independent units of
        work; the common pages (home, latest, methodology) are made here. An edition whose inputs did not
        change comes from ``cache`` instead of being made again. The result is the same content, in the
        same order, as a build in one process.
        """
        pdf_names = self.pdf_names() if self.pdfs else None
        by_year: dict[int, tuple[SiteContent, SiteContent]] = {}
        if cache is not None:
            for year in self.years:
                hit = cache.load(year)
                if hit is not None:
                    by_year[year] = hit
        todo = [y for y in self.years if y not in by_year]
        if todo and self._csv is None:  # formatted once, here, rather than once per worker
            self._csv = SectionCsvIndex(self.public)
        units = self._units(todo, workers)
        parts: dict[Unit, tuple[SiteContent, SiteContent]] = {}
        if workers > 1 and len(units) > 1:
            from concurrent.futures import ProcessPoolExecutor
            from multiprocessing import get_context

            from generator.site.charts import KINDS, _template

            for kind in KINDS:  # Altair's templates once, inherited by every worker
                _template(kind)
            _FORKED["builder"], _FORKED["pdf_names"] = self, pdf_names
            try:
                # One part per task, the largest first: the pool balances the workers as they finish, and
                # what a worker hands back at a time (pickled, then unpickled here) is one part, not half
                # the site — that hand-over was the build's peak of memory.
                tasks = [[u] for u in sorted(units, key=lambda u: (-len(u[2]), u))]
                with ProcessPoolExecutor(max_workers=min(workers, len(tasks)), mp_context=get_context("fork")) as pool:
                    for done in pool.map(_edition_group, tasks):
                        parts.update(done)
            finally:
                _FORKED.clear()
        else:
            _FORKED["builder"], _FORKED["pdf_names"] = self, pdf_names
            try:
                parts.update(_edition_group(units))
            finally:
                _FORKED.clear()
            self.content = SiteContent()
        for year in todo:  # the parts of an edition, in the order one process makes them
            pages, management = SiteContent(), SiteContent()
            for unit in sorted(u for u in parts if u[0] == year):
                _merge_into(pages, parts[unit][0])
                _merge_into(management, parts[unit][1])
            by_year[year] = (pages, management)
        if cache is not None:
            for year in todo:
                cache.store(year, by_year[year])
        for year in self.years:  # the order of one process: every edition's pages, then the management
            self._merge(by_year[year][0])
        for year in self.years:
            self._merge(by_year[year][1])
        for mu in self.munis:
            self.latest_page(mu.slug)
        self.methodology_page()
        if self.years:
            self.home_page()
        self.content.nav = self.navigation()
        return self.content

    def _merge(self, part: SiteContent) -> None:
        _merge_into(self.content, part)

    def _units(self, years: Sequence[int], workers: int) -> list[Unit]:
        """The work of these editions in parts: (year, part, municipalities); the part 0 of a year also
        makes the edition's overview and the region's pages.

        With fewer editions to make than workers — a data commit makes the current edition only — an
        edition is cut into contiguous runs of municipalities, so that both cores make it.
        """
        units: list[Unit] = []
        for year in years:
            slugs = tuple(mu.slug for mu in self.munis if self.has_data(year, mu.slug))
            count = max(1, min(len(slugs), workers // max(1, len(years))))
            size = -(-len(slugs) // count) if slugs else 0
            runs = [slugs[i : i + size] for i in range(0, len(slugs), size)] if size else [()]
            units += [(year, index, run) for index, run in enumerate(runs)]
        return units


_FORKED: dict[str, Any] = {}


Unit = tuple[int, int, tuple[str, ...]]
"""A part of an edition's work: (year, part, municipalities); see :meth:`SiteBuilder._units`."""


def _merge_into(content: SiteContent, part: SiteContent) -> None:
    content.pages.update(part.pages)
    content.files.update(part.files)
    content.charts.update(part.charts)


def _edition_group(units: list[Unit]) -> list[tuple[Unit, tuple[SiteContent, SiteContent]]]:
    """For each part of an edition, its pages and its management pages, as plain content (in a forked
    worker, or here)."""
    builder: SiteBuilder = _FORKED["builder"]
    out = []
    for unit in units:
        year, index, slugs = unit
        builder.content = SiteContent()
        builder._once.clear()  # an edition's indicator blocks serve its section pages and its reports
        builder.edition_pages(year, slugs, overview=index == 0)
        editions = builder.content
        builder.content = SiteContent()
        builder.management.build(_FORKED["pdf_names"], year, slugs, overview=index == 0)
        out.append((unit, (editions, builder.content)))
    return out


def pdf_name(year: int, slug: str) -> str:
    return f"otchet-{slug}-{year}.pdf"


def build_site_content(
    dataset: Dataset,
    table: pd.DataFrame,
    public: pd.DataFrame,
    info: SiteInfo,
    downloads: list[Path] | None = None,
    rules: RuleSet | None = None,
    recommendations: Sequence[Recommendation] = (),
    pdfs: bool = False,
    workers: int = 1,
    cache: EditionCache | None = None,
) -> SiteContent:
    builder = SiteBuilder(dataset, table, public, info, rules, recommendations, pdfs)
    content = builder.build(workers, cache)
    content.files.update(embed.files(builder))  # embed.py: /embed/… pages, their CSS and _headers
    builder.data_page(downloads or [])
    return content
