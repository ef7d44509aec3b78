"""``feed.xml``: an Atom feed (RFC 4287) of the editions and of the corrections of their numbers.

A journalist or a ministry's aggregator subscribes to it and learns, without visiting the site, that an
edition came out or that published numbers were corrected. One entry per edition on the site and one per
correction:

* an edition marked published in ``data/editions.yaml`` is dated by its publication; an edition shown on
  the site without that mark (a deployment that does not use ``proforientir publish``) is dated by the date
  of its own data (the last commit of the files its pages are made of), given by the build; drafts are left
  out, as they are not announced anywhere else either;
* a correction is dated by its date, says its reason and the values it changed («было … стало …»), and
  links to its place on the edition's corrections page.

Ids are the permanent URLs of what the entry is about (the edition's page; the correction's anchor on the
corrections page, numbered in date order, which an append-only log never reorders), so a reader's client
never sees an entry twice. Nothing depends on the clock: the feed's ``updated`` is the newest entry's date
(the data's date when there is no entry), and the same data give the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, date, datetime

from generator.compute.table import REGION
from generator.core.formatting import academic_year, format_count, format_date_table
from generator.inputs.dataset import Dataset
from generator.inputs.editions import EditionState
from generator.inputs.editions_log import CorrectionLog, edition_name, was_and_now
from generator.site import urls

FEED_FILE = "feed.xml"
ATOM = "http://www.w3.org/2005/Atom"
CHANGES_LISTED = 10
"""How many changed values a correction's entry lists before «и ещё N»."""

MUNICIPALITIES = ("муниципалитета", "муниципалитетов", "муниципалитетов")  # «данные 1 муниципалитета»


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    updated: datetime
    link: str
    summary: str


def _moment(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def entries(
    dataset: Dataset,
    log: CorrectionLog,
    states: dict[int, EditionState],
    edition_dates: dict[int, datetime],
    base: str,
    region: str,
) -> list[Entry]:
    """Every entry, newest first (by date, then by id, so that one day's entries keep one order)."""
    catalogue = dataset.catalogue
    found: list[Entry] = []
    for year in dataset.years:
        state = states.get(year)
        if state is None or state.draft:
            continue
        edition = log.editions.get(year)
        count = len(state.present)
        as_of = format_date_table(dataset.monitoring_date(year))
        about = f"данные {format_count(count, MUNICIPALITIES)} по состоянию на {as_of}"
        if state.partial:
            about += f" (из {state.total} муниципалитетов реестра)"
        if edition is not None:
            title = f"Опубликован выпуск {edition_name(year)}"
            published = format_date_table(edition.published)
            summary = f"{region}: выпуск {edition_name(year)} опубликован {published}, {about}."
            if edition.incomplete:
                summary += f" Выпуск опубликован неполным: {edition.incomplete}"
            moment = _moment(edition.published)
        else:
            moment = edition_dates.get(year) or _moment(dataset.monitoring_date(year))
            title = f"Выпуск {edition_name(year)}"
            summary = f"{region}: выпуск за {academic_year(year)}, {about}"
            if moment.date() != dataset.monitoring_date(year):
                summary += f"; данные выпуска изменены {format_date_table(moment.date())}"
            summary += "."
        page = base + urls.edition(year).lstrip("/")
        found.append(Entry(page, title, moment, page, summary))
    for year in sorted(log.editions):
        names = dataset.registry.names(year)  # as the edition names them
        for index, correction in enumerate(log.corrections(year), start=1):
            url = base + urls.corrections(year).lstrip("/") + f"#correction-{index}"
            shown = []
            for change in correction.changes[:CHANGES_LISTED]:
                indicator = catalogue.indicators.get(change.indicator)
                label = indicator.short_title if indicator is not None else change.indicator
                where = region if change.territory == REGION else names.get(change.territory, change.territory)
                if indicator is not None:
                    change_text = was_and_now(catalogue, change.indicator, change.old, change.new)
                    shown.append(f"{where}, {label}: {change_text}")
                else:
                    shown.append(f"{where}, {label}: было {change.old}, стало {change.new}")
            more = len(correction.changes) - len(shown)
            listed = "; ".join(shown) + (f"; и ещё {more}" if more > 0 else "")
            found.append(
                Entry(
                    url,
                    f"Исправление выпуска {edition_name(year)} от {format_date_table(correction.date)}",
                    _moment(correction.date),
                    url,
                    f"{correction.reason.rstrip('.')}. Изменено: {listed}.",
                )
            )
    return sorted(found, key=lambda e: (-e.updated.timestamp(), e.id))


def render(
    found: list[Entry], *, title: str, subtitle: str, base: str, author: str, fallback: datetime
) -> bytes:
    """The feed as bytes: UTF-8 with an XML declaration, indented, in a fixed order."""
    ET.register_namespace("", ATOM)

    def add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "ru"})
    add(feed, "id", base + FEED_FILE)
    add(feed, "title", title)
    add(feed, "subtitle", subtitle)
    add(feed, "updated", _stamp(max((e.updated for e in found), default=fallback)))
    add(feed, "link", rel="self", type="application/atom+xml", href=base + FEED_FILE)
    add(feed, "link", rel="alternate", type="text/html", href=base)
    person = add(feed, "author")
    add(person, "name", author)
    for entry in found:
        item = add(feed, "entry")
        add(item, "id", entry.id)
        add(item, "title", entry.title)
        add(item, "updated", _stamp(entry.updated))
        add(item, "link", rel="alternate", type="text/html", href=entry.link)
        add(item, "summary", entry.summary)
    ET.indent(feed, space="  ")
    body = ET.tostring(feed, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body + b"\n"
