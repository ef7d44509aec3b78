"""A page as a record, and the templates that write its Markdown.

Templates live in ``templates/``; every string from the data goes through :mod:`generator.core.text`,
so that whatever an official typed is shown as text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from generator.core.formatting import academic_year_short, inner_quotes
from generator.core.formatting import sentence as end_sentence
from generator.core.text import attr, md, upper_first
from generator.site import urls
from generator.site.charts import StaticSource
from generator.site.context import SiteContext
from generator.site.correction_notice import notice
from generator.site.status_words import badge
from generator.site.tables import finalize, table_rows, trend_table

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Page:
    """One page of the site: where it is, what it is of, and its Markdown.

    ``files`` are the files published beside it (its section's CSV); ``charts`` the chart specs it shows,
    by name, as the bytes served.
    """

    url: str
    kind: str
    body: str
    year: int | None = None
    territory: str | None = None
    indicators: tuple[str, ...] = ()
    files: dict[str, bytes] = field(default_factory=dict)
    charts: dict[str, StaticSource] = field(default_factory=dict)

    @property
    def path(self) -> str:
        """The Markdown file MkDocs makes the page from."""
        return urls.docs_path(self.url)


@dataclass
class SiteContent:
    pages: dict[str, str] = field(default_factory=dict)  # docs path → Markdown
    files: dict[str, bytes] = field(default_factory=dict)  # docs path → bytes (CSV, …)
    charts: dict[str, StaticSource] = field(default_factory=dict)  # "charts/…" → what its image is drawn from
    nav: list[Any] = field(default_factory=list)

    @property
    def urls(self) -> set[str]:
        found = set()
        for path in self.pages:
            found.add("/" if path == "index.md" else "/" + path.removesuffix("index.md"))
        return found

    def add(self, page: Page) -> None:
        self.pages[page.path] = page.body
        self.files.update(page.files)
        self.charts.update(page.charts)

    def merge(self, part: SiteContent) -> None:
        self.pages.update(part.pages)
        self.files.update(part.files)
        self.charts.update(part.charts)


_DICT_NAMES = frozenset(dir(dict))


class _Environment(Environment):
    """Jinja's environment, with ``a.b`` on a dict looked up as a key first.

    Jinja tries ``getattr`` first and the key after: on a dict — the blocks are dicts — that raises and
    catches an AttributeError for each of a page's hundreds of ``item.chart.name``. A name that is also a
    dict's attribute (``items``, ``values``…) goes the usual way, so every lookup finds what Jinja finds.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_NAMES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


@cache
def environment() -> Environment:
    env = _Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        comment_start_string="{##",
        comment_end_string="##}",
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=finalize,
    )
    env.filters["md"] = md
    env.filters["inner_quotes"] = inner_quotes
    env.filters["sentence"] = end_sentence
    env.filters["trend_table"] = trend_table  # a row per year: written in Python (generator/site/tables.py)
    env.filters["table_rows"] = table_rows
    env.filters["status_badge"] = badge  # a target's state in a table cell (generator/site/status_words.py)
    # A JSON string is a YAML double-quoted scalar: any text, quotes and colons included, stays one value.
    # The front matter's title and description reach MkDocs' and Material's templates, which do not
    # escape (`<meta name="description" content="{{ page.meta.description }}">`, `<title>`, the nav, the
    # citation), so they are written HTML-escaped: a name with a quote or a tag stays text there too.
    env.filters["yaml"] = lambda value: Markup(json.dumps(str(attr(value)), ensure_ascii=False))
    return env


def compile_templates() -> None:
    """Compile every page template now: processes forked after this inherit them instead of each
    compiling the same ~80 templates again (a second per worker)."""
    env = environment()
    for name in env.list_templates(extensions=["j2"]):
        env.get_template(name)


def edition_notice(ctx: SiteContext, year: int | None) -> dict[str, str] | None:
    """The notice on every page of an edition without every municipality: a draft's, or the reason it
    was published incomplete; None for a complete edition and the pages outside editions."""
    state = ctx.states.get(year) if year is not None else None
    if state is None or not state.partial:
        return None
    title = "Предварительный выпуск" if state.draft else "Выпуск опубликован неполным"
    kind = "draft" if state.draft else "incomplete"
    return {"title": title, "text": " ".join(state.notice().split()), "kind": kind}


def data_absence(ctx: SiteContext, year: int | None, territory: str | None) -> str | None:
    """Why a municipality's pages of an edition show no values, as its year file says (``no_data``); None when
    it does not say. Why: a source that names a municipality without its figures leaves dashes on every page,
    and the reader is owed the reason, not a guess."""
    entry = ctx.ds.entries.get((year, territory)) if year is not None and territory is not None else None
    if entry is None or not entry.data.no_data:
        return None
    reason = end_sentence(upper_first(" ".join(entry.data.no_data.split())))
    return f"Значений показателей за {academic_year_short(year)} учебный год в данных нет. {reason}"


def correction_notice(ctx: SiteContext, url: str, territory: str | None) -> Markup | None:
    """The notice of a page whose published numbers were corrected, from the corrections in the context."""
    return notice(ctx.corrections, ctx.corrected, ctx.dataset, ctx.info.region, url, territory)


def render(
    ctx: SiteContext,
    template: str,
    url: str,
    kind: str,
    *,
    page_year: int | None = None,
    page_territory: str | None = None,
    page_indicators: tuple[str, ...] = (),
    page_files: dict[str, bytes] | None = None,
    page_charts: dict[str, bytes] | None = None,
    **context: Any,
) -> Page:
    """The page at ``url`` written by ``template`` with ``context``; the ``page_…`` arguments are the record's
    fields. A page of an edition (``page_year``) carries its notice."""
    context.setdefault("edition_notice", edition_notice(ctx, page_year))
    context.setdefault("correction_notice", correction_notice(ctx, url, page_territory))
    context.setdefault("data_absence", data_absence(ctx, page_year, page_territory))
    body = environment().get_template(template).render(site=ctx.info, **context)
    return Page(url, kind, body, page_year, page_territory, page_indicators, page_files or {}, page_charts or {})
