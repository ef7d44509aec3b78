"""What every page is made from, gathered once: the read-only context of the site's pages.

A page module takes a :class:`SiteContext` and returns a :class:`generator.site.render.Page`; it changes
nothing in the context. The context holds the inputs (dataset, computed table, rules and their
recommendations, the site's texts) and what is derived from them once (the editions' states, the
municipalities in order, lookups into the table). Its one mutable part is :attr:`SiteContext.memo`, a
cache of pure functions of the context (an indicator's block is shown by its section page and by the
report): the pipeline empties it between parts of the work.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from generator.checks.quality import Finding, findings, notes_by_indicator
from generator.compute.table import REGION, IndicatorTable
from generator.core.formatting import academic_year, academic_year_short, format_date_text
from generator.inputs.catalogue import Catalogue
from generator.inputs.dataset import Dataset
from generator.inputs.editions import EditionState, announced, edition_states
from generator.inputs.editions_log import CorrectionLog, LoggedChange
from generator.inputs.models import Indicator, ReportedTarget
from generator.inputs.monitoring import Monitoring
from generator.inputs.registry_model import DeploymentLevel, Municipality
from generator.inputs.site_file import SiteFile, SiteTexts, default_site
from generator.site import urls
from generator.site.correction_notice import touched
from generator.site.formats import Formatter

if TYPE_CHECKING:
    from generator.recommend.model import Recommendation, RuleSet


@dataclass(frozen=True)
class SiteInfo:
    name: str
    region: str
    demo: bool
    site_url: str


class SectionCsv(Protocol):
    """The section pages' CSV files, cut from the public table (the pipeline passes its index)."""

    def territory(self, year: int, territory: str, region: str, indicators: Iterable[str]) -> bytes: ...

    def region(self, year: int, region: str, indicators: Iterable[str]) -> bytes: ...


def sort_key(name: str) -> str:
    """Alphabetical order of Russian names (ё as е), for comparisons that must not look like ratings."""
    return name.lower().replace("ё", "е")


@dataclass(frozen=True)
class SiteContext:
    dataset: Dataset
    values: IndicatorTable  # the computed table: a row by (year, territory, indicator), typed
    info: SiteInfo
    rules: RuleSet | None = None
    recommendations: Sequence[Recommendation] = ()
    pdfs: bool = False  # the build prints PDFs (Chromium is there): a published edition's reports get one
    csv: SectionCsv | None = None
    site: SiteFile = field(default_factory=default_site)
    corrections: CorrectionLog = field(default_factory=CorrectionLog)  # published editions and their corrections
    open_data: Mapping[str, Any] | None = None  # what the data page says of the open-data register (publish's)
    found: Sequence[Finding] | None = field(default=None, compare=False, repr=False)  # the dataset's findings, if known
    memo: dict[Hashable, Any] = field(default_factory=dict, compare=False, repr=False)

    # derived once, in __post_init__
    states: dict[int, EditionState] = field(init=False, repr=False)
    latest: int | None = field(init=False, repr=False)
    munis: list[Municipality] = field(init=False, repr=False)
    by_slug: dict[str, Municipality] = field(init=False, repr=False)  # as the registry names them now
    named: dict[int, dict[str, Municipality]] = field(init=False, repr=False)  # year → slug → as named then
    listed: dict[int, list[Municipality]] = field(init=False, repr=False)  # year → in the order of its names
    municipal: bool = field(init=False, repr=False)
    top: str = field(init=False, repr=False)
    notes: dict[tuple[int, str, str], list[str]] = field(init=False, repr=False)
    recs: dict[tuple[int, str], list[Recommendation]] = field(init=False, repr=False)
    fmt: Formatter = field(init=False, repr=False)
    corrected: dict[str, list[LoggedChange]] = field(init=False, repr=False)  # URL → the changes it shows

    @classmethod
    def create(
        cls,
        dataset: Dataset,
        table: IndicatorTable,
        info: SiteInfo,
        rules: RuleSet | None = None,
        recommendations: Sequence[Recommendation] = (),
        pdfs: bool = False,
        csv: SectionCsv | None = None,
        site: SiteFile | None = None,
        corrections: CorrectionLog | None = None,
        open_data: Mapping[str, Any] | None = None,
        found: Sequence[Finding] | None = None,
    ) -> SiteContext:
        """``found``: the dataset's :func:`generator.checks.quality.findings`, when the caller has them."""
        return cls(
            dataset,
            table,
            info,
            rules,
            tuple(recommendations),
            pdfs,
            csv,
            site or default_site(),
            corrections or CorrectionLog(),
            open_data,
            found,
        )

    def __post_init__(self) -> None:
        def put(name: str, value: Any) -> None:
            object.__setattr__(self, name, value)

        ds = self.dataset
        # An edition without every municipality is a draft until published incomplete: built, marked, and
        # not announced as the latest edition (see generator.inputs.editions).
        put("states", edition_states(ds))
        put("latest", announced(self.states))
        munis = sorted(ds.registry.municipalities, key=lambda m: sort_key(m.name))
        put("munis", munis)
        put("by_slug", {m.slug: m for m in munis})
        # A municipality renamed by a reform keeps, in the editions before it, the name it had then.
        renamed = any(m.former_names for m in munis)
        listed = {
            y: sorted((m.in_year(y) for m in munis), key=lambda m: sort_key(m.name)) if renamed else munis
            for y in ds.years
        }
        put("listed", listed)
        put("named", {y: {m.slug: m for m in listed[y]} for y in ds.years})
        # A municipal monitoring (one municipality over its schools) has no region above it: its own figures
        # are the top ones, and nothing on its pages compares it with a «region» that is itself.
        put("municipal", ds.registry.level is DeploymentLevel.municipality)
        put("top", munis[0].slug if self.municipal else REGION)
        put("notes", notes_by_indicator(list(findings(ds) if self.found is None else self.found)))
        recs: dict[tuple[int, str], list[Recommendation]] = defaultdict(list)
        for rec in self.recommendations:
            recs[(rec.year, rec.territory)].append(rec)
        put("recs", recs)
        put("fmt", Formatter(ds.catalogue))
        put("corrected", touched(self.corrections, ds))

    # --- the inputs, by their short names ---------------------------------------------------------

    @property
    def ds(self) -> Dataset:
        return self.dataset

    @property
    def cat(self) -> Catalogue:
        return self.dataset.catalogue

    @property
    def years(self) -> list[int]:
        return self.dataset.years

    @property
    def monitoring(self) -> Monitoring:
        return self.dataset.monitoring

    @property
    def texts(self) -> SiteTexts:
        return self.site.texts

    @property
    def rules_present(self) -> bool:
        """Rules that were applied: a rules file that only names the audiences (a report's own
        recommendations) applies none, and «ни одно правило не сработало» would be said of nothing."""
        return self.rules is not None and len(self.rules.rules) > 0

    @property
    def audiences(self) -> dict[str, str]:
        return {a.id: a.title for a in self.rules.audiences} if self.rules else {}

    @property
    def audience_order(self) -> list[str]:
        return [a.id for a in self.rules.audiences] if self.rules else []

    def once(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """``make()``, made once while the memo lasts (an edition's part of the work)."""
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]

    def years_of(self, ind: Indicator, year: int) -> list[int]:
        """The years up to ``year`` in which ``ind`` is measured: its trend's, made once per edition's part
        (an indicator's block, chart and table each ask; do not change the list)."""
        return self.once(  # type: ignore[no-any-return]
            ("years", ind.id, year), lambda: [y for y in self.years if y <= year and ind.exists_in(y)]
        )

    # --- facts about territories and editions ---------------------------------------------------

    def mu(self, slug: str, year: int) -> Municipality:
        """The municipality as the edition of ``year`` names it (its former name and type before a reform)."""
        return self.named[year][slug]

    def munis_in(self, year: int) -> list[Municipality]:
        """The municipalities as the edition of ``year`` names them, in the order of those names."""
        return self.listed[year]

    def territory_name(self, territory: str, year: int) -> str:
        return self.info.region if territory == REGION else self.mu(territory, year).name

    def former_names(self, slug: str, year: int) -> str:
        """«Прежнее название (в выпусках по 2023/24 учебный год): …» for the pages after a rename, through the
        edition of ``year``: a reader who finds the old name in an order, a search or an earlier page learns it
        is the same municipality. Only names an edition of the site uses; "" when there are none."""
        first = next((y for y in self.years if self.has_data(y, slug)), None)
        if first is None:
            return ""
        formers = [f for f in self.by_slug[slug].names_before(year) if f.until >= first]
        parts = []
        start = first
        for former in formers:
            if former.until <= start:
                span = f"в выпуске {academic_year_short(former.until)} учебного года"
            elif start == first:
                span = f"в выпусках по {academic_year(former.until)}"
            else:
                span = f"в выпусках с {academic_year_short(start)} по {academic_year(former.until)}"
            parts.append((former.name, span))
            start = former.until + 1
        if not parts:
            return ""
        if len(parts) == 1:
            return f"Прежнее название ({parts[0][1]}): {parts[0][0]}."
        return "Прежние названия: " + ", ".join(f"{name} ({span})" for name, span in parts) + "."

    def has_data(self, year: int, slug: str) -> bool:
        return (year, slug) in self.dataset.entries

    def reported_target(self, year: int, slug: str, indicator: str) -> ReportedTarget | None:
        """The target of a municipality's indicator that the source reports met or not without its planned
        value, as the year file gives it (its source and note); None for a planned value or no target."""
        entry = self.dataset.entries.get((year, slug))
        found = entry.data.targets.get(indicator) if entry is not None else None
        return found if isinstance(found, ReportedTarget) else None

    def has_pdf(self, year: int) -> bool:
        """The edition's reports carry a PDF: the build prints them and the edition is published."""
        return self.pdfs and self.corrections.published(year)

    def coverage(self, year: int) -> str:
        """«по 1 из 14 муниципалитетов» for a region figure of an edition without every municipality, else ""."""
        state = self.states.get(year)
        return state.coverage() if state is not None and state.partial else ""

    def edition_label(self, year: int) -> str:
        """The school year as a list of editions names it; a draft is said to be preliminary."""
        state = self.states.get(year)
        return academic_year(year) + (" — предварительный выпуск" if state is not None and state.draft else "")

    def as_of(self, year: int) -> str:
        return f"данные на {format_date_text(self.dataset.monitoring_date(year))}"

    def compares_with_region(self, territory: str) -> bool:
        """Whether a territory's figures stand beside the region's: a municipality's in a region's monitoring;
        never the region's own, nor those of a municipal monitoring, whose region is the municipality itself."""
        return territory != REGION and not self.municipal

    def key_title(self, year: int | None = None) -> str:
        """The heading of the top territory's key figures: a region's, or the one municipality's."""
        return f"Ключевые показатели: {self.top_name(year)}" if self.municipal else "Ключевые показатели региона"

    def top_name(self, year: int | None = None) -> str:
        """The top territory's name: in the edition of ``year``, or as it is now."""
        if not self.municipal:
            return self.info.region
        return (self.by_slug[self.top] if year is None else self.mu(self.top, year)).name

    def top_lead(self, year: int | None = None) -> str:
        """Who the overview pages speak of: the region, or the municipality with its region beside it."""
        name = self.top_name(year)
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


def lead(*parts: str) -> str:
    """The line under a page's heading: its parts joined, the empty ones left out."""
    return " · ".join(p for p in parts if p)
