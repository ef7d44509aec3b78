"""The bytes of a printed PDF made the same for the same content, and its links made the public site's.

Why: Chromium stamps the print time into /CreationDate and /ModDate and its user agent into /Creator, so two
prints of one page differ, and the site must be byte-identical across builds of one commit. And Chromium
writes each link of the page as the address it was printed from: the local server of
:mod:`generator.publish.pdf` on 127.0.0.1 and a port of the moment. A reader who follows a link of the PDF
attached to an order must reach the published page, so every link to the local server is rewritten to the
site's public address (``site_url``), or, when the site has none, to a path relative to the PDF, which lies
in its page's folder.

The fast path edits Chromium's PDF in place (its first object, the document information, and the link
strings) and moves the offsets of its one classic cross-reference table; a PDF of any other layout is
rewritten whole by pypdf, which on a tagged report of twenty pages took longer than printing it (~10 s,
measured).
"""

from __future__ import annotations

import bisect
import io
import itertools
import os
import re
from collections.abc import Callable
from datetime import UTC, datetime

Links = Callable[[str], str]
"""A link's address as printed → as the reader of the PDF follows it."""

FALLBACK_EPOCH = 946_684_800  # 2000-01-01T00:00:00Z: a fixed date when the build gives none


def pdf_epoch() -> int:
    """The PDF's date: SOURCE_DATE_EPOCH (the build sets it to the edition's data date), else a constant."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(epoch) if epoch.isdigit() else FALLBACK_EPOCH


def normalise(raw: bytes, title: str, key: str, links: Links | None = None) -> bytes:
    """Chromium's PDF with fixed metadata (the job's title, dates from the data, an /ID from the content) and
    each link's address passed through ``links``."""
    raw = stable_node_ids(raw)
    patched = _patch(raw, title, key, links)
    return patched if patched is not None else _rewrite(raw, title, key, links)


_NODE_ID = re.compile(rb"\(node(\d+)\)")


def stable_node_ids(raw: bytes) -> bytes:
    """The structure elements' ids of a tagged PDF (``(node00048380)``), numbered from 1 in their order.

    Chromium names them after its DOM nodes, counted across the renderer's life: the same report printed after
    other pages, or in the other tab, gets other numbers, and its bytes differ only there (measured on the
    demo's 14 reports, two builds). Each id keeps its width and its rank — the k-th smallest of distinct
    positive numbers is at least k — so no offset moves and the id tree stays sorted.
    """
    found = sorted({int(number) for number in _NODE_ID.findall(raw)})
    if not found:
        return raw
    rank = {number: index for index, number in enumerate(found, start=1)}

    def renumbered(match: re.Match[bytes]) -> bytes:
        digits = match.group(1)
        return b"(node" + str(rank[int(digits)]).zfill(len(digits)).encode() + b")"

    return _NODE_ID.sub(renumbered, raw)


_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])\s*")
_PRODUCER = re.compile(rb"/Producer \(([^()\\]*)\)")
_URI = re.compile(rb"/URI \(((?:[^()\\]|\\.)*)\)")


def _pdf_text(value: str) -> bytes:
    """A PDF text string: literal when plain ASCII, else UTF-16BE with its byte order mark, in hex."""
    if value.isascii() and value.isprintable():
        return b"(" + value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode() + b")"
    return b"<" + ("\ufeff" + value).encode("utf-16-be").hex().upper().encode() + b">"


def _link_edits(raw: bytes, start: int, stop: int, links: Links) -> list[tuple[int, int, bytes]] | None:
    """(start, end, new bytes) of every link address between ``start`` and ``stop`` that ``links`` changes;
    None when an address is not a plain string the fast path can read (escapes): pypdf reads it instead."""
    edits = []
    for match in _URI.finditer(raw, start, stop):
        written = match.group(1)
        if b"\\" in written or not written.isascii():
            return None
        url = written.decode("ascii")
        public = links(url)
        if public != url:
            edits.append((match.start(), match.end(), b"/URI " + _pdf_text(public)))
    return edits


def _patch(raw: bytes, title: str, key: str, links: Links | None) -> bytes | None:
    """Chromium's PDF with a new information object, its links rewritten and an /ID, or None when its layout is
    not the known one."""
    try:
        xref_at = int(raw[raw.rindex(b"startxref") + 9 :].split()[0])
    except ValueError:
        return None
    trailer_at = raw.find(b"trailer", xref_at)
    if not raw.startswith(b"xref", xref_at) or trailer_at < 0 or raw.count(b"\nxref\n") != 1:
        return None
    trailer = raw[trailer_at : raw.rindex(b"startxref")]
    if b"/Info 1 0 R" not in trailer or any(k in trailer for k in (b"/Prev", b"/ID", b"/Encrypt", b"/XRefStm")):
        return None
    lines = raw[xref_at:trailer_at].split(b"\n")[1:]
    entries: list[tuple[int, int, bytes]] = []  # (number, offset, kind) of the table's rows
    index = 0
    while index < len(lines) and lines[index].strip():
        first, count = (int(v) for v in lines[index].split())
        rows = lines[index + 1 : index + 1 + count]
        for number, row in enumerate(rows, start=first):
            match = _XREF_ENTRY.fullmatch(row)
            if match is None:
                return None
            entries.append((number, int(match.group(1)), match.group(3)))
        index += 1 + count
    used = sorted(offset for number, offset, kind in entries if kind == b"n")
    info = next((offset for number, offset, kind in entries if number == 1 and kind == b"n"), None)
    if info is None or not raw.startswith(b"1 0 obj", info):
        return None
    end = next((offset for offset in used if offset > info), xref_at)
    producer = _PRODUCER.search(raw, info, end)
    stamp = datetime.fromtimestamp(pdf_epoch(), UTC).strftime("D:%Y%m%d%H%M%S+00'00'")
    new_info = (
        b"1 0 obj\n<</Title " + _pdf_text(title) + b"\n/Creator " + _pdf_text("Профориентир")
        + b"\n/Producer (" + (producer.group(1) if producer else b"Chromium") + b")"
        + b"\n/CreationDate (" + stamp.encode() + b")\n/ModDate (" + stamp.encode() + b")>>\nendobj\n"
    )  # fmt: skip
    edits = [(info, end, new_info)]
    if links is not None:
        more = _link_edits(raw, end, xref_at, links)
        if more is None or _URI.search(raw, 0, info):  # a link before the information object: not Chromium's
            return None
        edits += more

    starts = [start for start, _, _ in edits]  # in the order of the file
    shifts = list(itertools.accumulate((len(new) - (stop - start) for start, stop, new in edits), initial=0))

    def moved(offset: int) -> int:
        """Where what stood at ``offset`` stands after the edits (those that start before it shift it)."""
        return offset + shifts[bisect.bisect_left(starts, offset)]

    table = [b"xref"]
    row = 0
    while row < len(entries):  # one subsection per run of consecutive numbers, as it was
        start = row
        while row + 1 < len(entries) and entries[row + 1][0] == entries[row][0] + 1:
            row += 1
        table.append(f"{entries[start][0]} {row - start + 1}".encode())
        for number, offset, kind in entries[start : row + 1]:
            generation = b"65535" if kind == b"f" and number == 0 else b"00000"
            table.append(b"%010d %s %s " % (moved(offset) if kind == b"n" else offset, generation, kind))
        row += 1
    ident = bytes.fromhex(key)[:16].hex().upper().encode()
    new_trailer = trailer.rstrip()
    if not new_trailer.endswith(b">>"):
        return None
    new_trailer = new_trailer[:-2] + b"\n/ID [<" + ident + b"> <" + ident + b">]>>\n"
    body, kept = [], 0
    for start, stop, new in edits:  # in the order of the file: the information object first, then the links
        body += [raw[kept:start], new]
        kept = stop
    out = b"".join([*body, raw[kept:xref_at]]) + b"\n".join(table) + b"\n" + new_trailer
    return out + b"startxref\n%d\n%%%%EOF\n" % moved(xref_at)


def _rewrite(raw: bytes, title: str, key: str, links: Links | None) -> bytes:
    """The slow path of :func:`normalise`: the whole PDF rewritten by pypdf."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject, NameObject, TextStringObject

    reader = PdfReader(io.BytesIO(raw))
    writer = PdfWriter(clone_from=reader)
    for page in writer.pages if links is not None else ():
        for annotation in page.get("/Annots") or ():
            action = annotation.get_object().get("/A")
            action = action.get_object() if action is not None else None
            if action is not None and "/URI" in action:
                action[NameObject("/URI")] = TextStringObject(links(str(action["/URI"])))
    writer.pdf_header = reader.pdf_header.encode()  # keep "%PDF-1.4"; pypdf would write its own version
    stamp = datetime.fromtimestamp(pdf_epoch(), UTC).strftime("D:%Y%m%d%H%M%S+00'00'")
    producer = reader.metadata.get("/Producer", "Chromium") if reader.metadata else "Chromium"
    writer.metadata = None
    writer.add_metadata(
        {
            "/Title": title,
            "/Creator": "Профориентир",
            "/Producer": str(producer),
            "/CreationDate": stamp,
            "/ModDate": stamp,
        }
    )
    ident = ByteStringObject(bytes.fromhex(key)[:16])
    writer._ID = ArrayObject([ident, ident])  # no public setter; pypdf would otherwise write none, or random
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
