"""The bytes of a printed PDF made the same for the same content, its links made the public site's, and packed.

Why: Chromium stamps the print time into /CreationDate and /ModDate and its user agent into /Creator, so two
prints of one page differ, and the site must be byte-identical across builds of one commit. And Chromium
writes each link of the page as the address it was printed from: the local server of
:mod:`generator.publish.pdf` on 127.0.0.1 and a port of the moment. A reader who follows a link of the PDF
attached to an order must reach the published page, so every link to the local server is rewritten to the
site's public address (``site_url``), or, when the site has none, to a path relative to the PDF, which lies
in its page's folder.

**Why packed.** A report is a tagged PDF (reading order and headings for a screen reader): Chromium writes each
of its thousands of structure elements as an uncompressed object with a row of the cross-reference table —
half of a report's bytes (819 of 1 687 KB in the demo's 2024/25 report of 108 pages). Written into compressed
object streams (PDF 1.5), the same objects take a tenth of that and the report 715 KB: every published
edition carries a PDF per municipality, so on a region's site this is the largest kind of file after the
pages. qpdf (through pikepdf) writes them in ~0.07 s a report, deterministically; the objects, the tags, the
outline and the text are the same.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable
from datetime import UTC, datetime

import pikepdf

Links = Callable[[str], str]
"""A link's address as printed → as the reader of the PDF follows it."""

FALLBACK_EPOCH = 946_684_800  # 2000-01-01T00:00:00Z: a fixed date when the build gives none


def pdf_epoch() -> int:
    """The PDF's date: SOURCE_DATE_EPOCH (the build sets it to the edition's data date), else a constant."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(epoch) if epoch.isdigit() else FALLBACK_EPOCH


def writer_version() -> str:
    """pikepdf's and qpdf's versions: another writer may pack the same PDF into other bytes (part of the cache key)."""
    return f"pikepdf {pikepdf.__version__}, qpdf {pikepdf.__libqpdf_version__}"


def normalise(raw: bytes, title: str, key: str, links: Links | None = None) -> bytes:
    """Chromium's PDF with fixed metadata (the job's title, dates from the data, the first /ID from ``key``),
    each link's address passed through ``links``, written with compressed object streams."""
    stamp = datetime.fromtimestamp(pdf_epoch(), UTC).strftime("D:%Y%m%d%H%M%S+00'00'")
    with pikepdf.open(io.BytesIO(stable_node_ids(raw))) as pdf:
        producer = str(pdf.docinfo.get("/Producer", "Chromium"))
        info = pikepdf.Dictionary(
            Title=pikepdf.String(title),
            Creator=pikepdf.String("Профориентир"),
            Producer=pikepdf.String(producer),
            CreationDate=pikepdf.String(stamp),
            ModDate=pikepdf.String(stamp),
        )
        pdf.trailer.Info = pdf.make_indirect(info)  # Chromium's information object (and its user agent) is dropped
        if links is not None:
            _move_links(pdf, links)
        ident = pikepdf.String(bytes.fromhex(key)[:16])
        pdf.trailer.ID = pikepdf.Array([ident, ident])
        out = io.BytesIO()
        # deterministic_id: the second /ID is a digest of the content (qpdf would otherwise make one of the time);
        # the first, the document's permanent identifier, stays the one from the key.
        pdf.save(
            out,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            compress_streams=True,
            deterministic_id=True,
        )
        return out.getvalue()


def _move_links(pdf: pikepdf.Pdf, links: Links) -> None:
    """Every link annotation's address (its /URI action) through ``links``."""
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots") or ():
            action = annotation.get("/A")
            if not isinstance(action, pikepdf.Dictionary) or "/URI" not in action:
                continue
            written = bytes(action.URI).decode("latin-1")
            public = links(written)
            if public != written:
                action.URI = pikepdf.String(public)


_NODE_ID = re.compile(rb"\(node(\d+)\)")


def stable_node_ids(raw: bytes) -> bytes:
    """The structure elements' ids of a tagged PDF (``(node00048380)``), numbered from 1 in their order.

    Chromium names them after its DOM nodes, counted across the renderer's life: the same report printed after
    other pages, or in the other tab, gets other numbers, and its bytes differ only there (measured on the
    demo's 14 reports, two builds). Each id keeps its rank — the k-th smallest of distinct positive numbers
    is at least k, so it fits its old width — and the id tree stays sorted. It runs on Chromium's bytes, before
    qpdf packs the structure elements into compressed streams.
    """
    found = sorted({int(number) for number in _NODE_ID.findall(raw)})
    if not found:
        return raw
    rank = {number: index for index, number in enumerate(found, start=1)}

    def renumbered(match: re.Match[bytes]) -> bytes:
        digits = match.group(1)
        return b"(node" + str(rank[int(digits)]).zfill(len(digits)).encode() + b")"

    return _NODE_ID.sub(renumbered, raw)
