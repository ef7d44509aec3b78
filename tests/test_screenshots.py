"""`make screenshots` saves every page type at desktop and phone widths, and the pictures show pages.

The script (scripts/screenshots.py) runs on the demo site into a temporary folder. Each PNG must be a
picture of something — more than a few distinct colours, not a blank or single-colour frame — and no
two page types may give the same picture (a broken script would shoot one page, or an error page, again
and again). The PNGs are decoded with zlib and struct: no imaging library is needed.
"""

from __future__ import annotations

import hashlib
import struct
import subprocess
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

from .browser import CHROMIUM, require_browser
from .site_helpers import PAGE_TYPES, ROOT, BuiltSite

WIDTHS = {"desktop": 1280, "phone": 390}
MIN_COLOURS = 16  # a page with text, links, a header and a footer has many more (anti-aliasing alone)


def _png_rows(path: Path, limit: int) -> tuple[int, Iterator[bytes]]:
    """The width and the first ``limit`` rows of RGB pixels of a PNG (8-bit RGB or RGBA, as Chromium writes),
    decoded one by one as they are read: a reader that has seen enough stops early."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    offset, idat, header = 8, [], b""
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind, body = data[offset + 4 : offset + 8], data[offset + 8 : offset + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat.append(body)
        offset += 12 + length
    width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", header[:13])
    assert (depth, interlace) == (8, 0) and colour_type in (2, 6), f"{path.name}: unexpected PNG format"
    pixel = 3 if colour_type == 2 else 4
    stride = width * pixel
    wanted = min(limit, height) * (stride + 1)
    inflate, raw = zlib.decompressobj(), b""
    for chunk in idat:
        raw += inflate.decompress(chunk, wanted - len(raw))
        if len(raw) >= wanted:
            break
    return width, _unfiltered(raw, stride, pixel, min(limit, height))


def _unfiltered(raw: bytes, stride: int, pixel: int, count: int) -> Iterator[bytes]:
    previous = bytearray(stride)
    for y in range(count):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        if kind == 2:  # Up
            line = bytearray((a + b) & 0xFF for a, b in zip(line, previous, strict=True))
        elif kind in (1, 3, 4):  # Sub, Average, Paeth
            for x in range(stride):
                left = line[x - pixel] if x >= pixel else 0
                up = previous[x]
                if kind == 1:
                    line[x] = (line[x] + left) & 0xFF
                elif kind == 3:
                    line[x] = (line[x] + (left + up) // 2) & 0xFF
                else:
                    corner = previous[x - pixel] if x >= pixel else 0
                    estimate = left + up - corner
                    pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
                    line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        yield bytes(b for i in range(0, stride, pixel) for b in line[i : i + 3])
        previous = line


def _colours(path: Path, enough: int, rows: int = 900) -> int:
    """How many distinct colours the first screen of a screenshot has, counted until there are ``enough``
    (decoding a PNG in Python is slow, and the rest of the screen cannot make a picture blank)."""
    _, lines = _png_rows(path, rows)
    seen: set[bytes] = set()
    for line in lines:
        seen.update(line[i : i + 3] for i in range(0, len(line), 3))
        if len(seen) >= enough:
            break
    return len(seen)


def test_make_screenshots_saves_every_page_type_at_both_widths_and_none_is_blank_or_a_copy(
    demo_site: BuiltSite, tmp_path: Path
) -> None:
    require_browser()
    assert demo_site.result.ok
    out = tmp_path / "screenshots"
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "screenshots.py"), "--site", str(demo_site.out), "--out", str(out),
         "--viewport-only", "--chromium", CHROMIUM],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    expected = {f"{name}-{label}.png" for name in PAGE_TYPES for label in WIDTHS}
    assert {p.name for p in out.iterdir()} == expected
    for label, width in WIDTHS.items():
        shots = {name: out / f"{name}-{label}.png" for name in PAGE_TYPES}
        for path in shots.values():
            # (wider when something sticks out of the page: tests/test_accessibility.py checks that)
            assert _png_rows(path, 1)[0] >= width, f"{path.name} is narrower than {width} px"
            colours = _colours(path, enough=MIN_COLOURS + 1)
            assert colours > MIN_COLOURS, f"{path.name} looks blank: {colours} colours"
        digests: dict[str, list[str]] = {}
        for name, path in shots.items():
            digests.setdefault(hashlib.sha256(path.read_bytes()).hexdigest(), []).append(name)
        copies = [names for names in digests.values() if len(names) > 1]
        assert not copies, f"page types with identical {label} screenshots: {copies}"
