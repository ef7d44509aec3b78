"""Static SVGs of the charts and the browser's Vega bundle: drawn once per chart, cached by content.

Why apart from the specs (:mod:`generator.site.charts`): drawing is the slow part (vl-convert, or the
native renderer of :mod:`generator.site.svgchart`) and runs in worker processes with a cache on disk;
the specs are plain data every page needs.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
import re
import subprocess
import sys
from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.core import parallel
from generator.core.files import link_if_changed, write_if_changed
from generator.core.store import ContentStore
from generator.site import svgbars, svgchart
from generator.site.chartfile import static_of
from generator.site.charts import (
    FONT_STACK,
    FORMAT_LOCALE,
    TIME_FORMAT_LOCALE,
    StaticSource,
    TrendRecipe,
    source_spec,
    spec_bytes,
    static_spec,
)

if TYPE_CHECKING:  # Altair is imported lazily: worker processes that only render SVG never need it.
    pass


# --- static SVGs ----------------------------------------------------------------------------------------


def vl_version() -> str:
    """The Vega-Lite version of Altair's schema ("v6.4.1" → "6.4"), used for the SVG and the bundle alike."""
    import altair as alt

    major, minor = alt.SCHEMA_VERSION.lstrip("v").split(".")[:2]
    return f"{major}.{minor}"


@dataclass
class RenderStats:
    """What :func:`render_svgs` did: how many charts, drawn now or taken from the cache, files written."""

    total: int = 0
    rendered: int = 0
    cached: int = 0
    written: int = 0  # SVG files written into docs/
    keys: dict[str, str] = field(default_factory=dict, repr=False, compare=False)  # chart name → its entry in the store

    def __str__(self) -> str:
        return f"всего {self.total}, отрисовано {self.rendered}, из кэша {self.cached}, записано {self.written}"


_TAG = re.compile(r"<[^>]+>")
_LONG_DECIMAL = re.compile(r"(\d\.\d{2})\d+")
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
# Attributes that only matter to scripts and screen readers inside a live SVG; shown as an <img>, the SVG is
# one picture whose text alternative is the img's alt.
_INERT_ATTR = re.compile(r' (?:role|aria-[a-z]+|class|pointer-events)="[^"]*"| opacity="1"')


_CLIP_ID = re.compile(r'(?<=id=")clip(\d+)(?=")|(?<=url\(#)clip(\d+)(?=\))')


def _renumber_clips(svg: str) -> str:
    """«clip15», «clip16» → «clip1», «clip2», in the order they first appear in the SVG."""
    numbers: dict[str, str] = {}

    def renumber(match: re.Match[str]) -> str:
        return "clip" + numbers.setdefault(match.group(1) or match.group(2), str(len(numbers) + 1))

    return _CLIP_ID.sub(renumber, svg)


def _compact_svg(svg: str) -> str:
    """Make vl-convert's SVG smaller without changing what it shows, and keep it self-contained.

    Vega repeats the font stack on every ``<text>`` (a third of the file) and writes coordinates with 15
    decimals; on tens of thousands of charts that is tens of megabytes of site. The font moves into one
    ``<style>`` rule inside the SVG (so the image needs no other file and no web font), numbers inside
    tags keep two decimals (a hundredth of a pixel), and attributes for scripts and screen readers go (an
    ``<img>`` runs no script, and its ``alt`` is the text alternative). Text content is left as it is.
    Vega numbers clip paths with a counter of its process («clip15» after fourteen earlier clips), so the
    same chart drawn by another worker read differently; they are numbered anew within each SVG.
    """
    svg = _renumber_clips(svg)
    font_attr = ' font-family="' + FONT_STACK.replace("&", "&amp;").replace('"', "&quot;") + '"'
    compact = svg.replace(font_attr, "")
    compact = _TAG.sub(lambda m: _INERT_ATTR.sub("", _LONG_DECIMAL.sub(r"\1", m.group())), compact)
    if compact.count("<text") and font_attr not in compact:
        style = "<style>text{font-family:" + FONT_STACK.replace("&", "&amp;").replace("<", "&lt;") + "}</style>"
        head = _SVG_OPEN.search(compact)
        if head is None:  # not the SVG we know: keep it whole rather than guess
            return svg
        compact = compact[: head.end()] + style + compact[head.end() :]
    return compact


def render_chunk(jobs: list[tuple[str, str]], vl_version: str) -> list[tuple[str, str]]:
    """Draw (key, static spec JSON) pairs into (key, SVG). Runs in a worker process, or in this one."""
    import vl_convert

    return [
        (
            key,
            _compact_svg(
                vl_convert.vegalite_to_svg(
                    spec,
                    vl_version=vl_version,
                    format_locale=FORMAT_LOCALE,
                    time_format_locale=TIME_FORMAT_LOCALE,
                )
            ),
        )
        for key, spec in jobs
    ]


def _renderer_id() -> str:
    """What, besides the spec, decides the pixels: renderer and library versions, locales, this module's rules."""
    import vl_convert

    return json.dumps(
        {
            "vl_convert": getattr(vl_convert, "__version__", "?"),
            "vega": vl_convert.get_vega_version(),
            "vega_lite": vl_version(),
            "format": FORMAT_LOCALE,
            "time": TIME_FORMAT_LOCALE,
            "svg": 3,  # bump when the static variant (static_spec) or the SVG post-processing changes
        },
        sort_keys=True,
    )


IN_PROCESS_MAX = 8
"""Up to this many SVGs are drawn in this process: starting a worker (~1 s) costs more than drawing them."""
CHUNK = 32
"""SVGs per task sent to a worker: enough to make the hand-over cheap, few enough to keep workers balanced."""


def _native_id() -> str:
    """The cache key's renderer part for SVGs drawn in Python (by :mod:`generator.site.svgchart` and
    :mod:`generator.site.svgbars`)."""
    return json.dumps(
        {"native": svgchart.RENDERER_VERSION, "bars": svgbars.RENDERER_VERSION, "format": FORMAT_LOCALE, "svg": 1},
        sort_keys=True,
    )


def render_svgs(
    charts: Mapping[str, Mapping[str, Any] | StaticSource],
    docs: Path,
    cache_dir: Path,
    workers: int | None = None,
    native: bool = True,
    folders: Mapping[str, Path] | None = None,
) -> RenderStats:
    """Write ``docs/<name>.svg`` for every chart, drawing only what is not cached (a chart has no JSON file:
    the page carries its numbers, see :mod:`generator.site.chartfile`). ``folders`` puts a chart into
    another docs folder than ``docs`` (the site is several MkDocs builds, each with its own): one call for
    the whole site starts the drawing processes once.

    A chart is its spec, as a dict or as the bytes of :func:`spec_bytes`, or a trend chart's
    :class:`TrendRecipe` (how the page generator keeps it: its spec is made only when it is drawn).

    Files are written only when their bytes change, so an unchanged chart leaves its files (and their
    modification times) alone. SVGs missing from the cache are drawn in worker processes, in chunks of up
    to 32, since one vl-convert call is short and process start-up is not; a few misses (≤ 8) or
    ``workers=1`` are drawn in this process. Workers are spawned, not forked: vl-convert's JavaScript
    runtime lives in threads that a fork does not carry over, and a forked worker waits for them forever
    (tried: it hangs once the parent has converted anything). Spawning re-imports the main module, so a
    script that calls this must guard its work with ``if __name__ == "__main__":`` (the CLI does).

    Most of a drawing's cost is inside vl-convert 1.9: it opens and maps the font file for every glyph it
    measures (~2 000 open/mmap calls per chart), so about half the time is system time, and starting its
    JavaScript engine takes ~2.5 s. That is why a spec of the trend chart's shape is drawn by
    :mod:`generator.site.svgchart` instead and one of the comparison chart's by
    :mod:`generator.site.svgbars` (a fraction of a millisecond each; ``native=False`` draws everything
    with vl-convert): only other shapes, and a comparison those decline, go to vl-convert. From
    :data:`PARALLEL_MIN` charts on, the hashing, these drawings and the linking into the docs folders are
    shared out to forked processes (:func:`_prepare`, which never calls vl-convert, so a fork is safe there):
    a cold build's tens of thousands of charts are no longer hashed and linked one after another here.
    """
    stats = RenderStats(total=len(charts))
    # The key is the served spec with the renderers' ids: the static variant and its drawing follow from
    # it (a change to either bumps an id), so a cached chart costs a hash and a stat, not a JSON round trip.
    renderers = f"{_renderer_id()}\n{_native_id() if native else 'vl-convert only'}\n".encode()
    names = list(charts)
    served = [spec if isinstance(spec, bytes | TrendRecipe) else spec_bytes(spec) for spec in charts.values()]
    where = folders or {}
    targets = [where.get(name, docs) / f"{name}.svg" for name in names]
    count = parallel.resolve_workers(workers)
    if count == 1 or len(names) < PARALLEL_MIN:
        chunks = [range(len(names))]
    else:  # hashing, drawing in Python and linking share out to forked processes
        size = math.ceil(len(names) / (count * 4))
        chunks = [range(i, min(i + size, len(names))) for i in range(0, len(names), size)]
    shared = {"served": served, "targets": targets, "renderers": renderers, "cache": cache_dir, "native": native}
    with parallel.shared(**shared):
        parts = parallel.fork_map(_prepare, chunks, count)
    store = ContentStore(cache_dir)
    keys = [key for part in parts for key in part.keys]
    drawn = set().union(*(part.drawn for part in parts))
    stats.written = sum(part.written for part in parts)
    for key, svg in _render([job for part in parts for job in part.jobs], workers):
        store.put_text(key, ".svg", svg)
    for index in (index for part in parts for index in part.waiting):  # drawn by vl-convert just now
        stats.written += link_if_changed(store.path(keys[index], ".svg"), targets[index])
    for name, key in zip(names, keys, strict=True):
        store.mark(key, ".svg")  # this process marks what its workers used and drew (their marks stay in them)
        stats.keys[name] = f"{key}.svg"
    stats.rendered = len(drawn)
    stats.cached = stats.total - sum(1 for key in keys if key in drawn)
    return stats


def _key_bytes(source: bytes | TrendRecipe) -> bytes:
    return source.key() if isinstance(source, TrendRecipe) else source


PARALLEL_MIN = 2000
"""From this many charts on, their SVGs are hashed, drawn and linked in several processes."""


@dataclass
class _Part:
    """What :func:`_prepare` did for a run of charts."""

    keys: list[str]  # each chart's entry in the store, in order
    drawn: set[str]  # the entries missing from the store that it drew, or handed to vl-convert
    jobs: list[tuple[str, str]]  # (entry, static spec JSON) for vl-convert
    waiting: list[int]  # charts whose SVG vl-convert is yet to draw: linked once it has
    written: int  # SVG files it gave new bytes in the docs folders


def _prepare(indices: range) -> _Part:
    """Hash these charts, draw their missing SVGs of the shapes drawn in Python (trends, comparisons) into the
    cache, and link each into its docs folder.

    Runs in a forked worker or in this process; never calls vl-convert (see :func:`render_svgs`): the
    other shapes come back as (key, static spec) jobs for it, and their charts are linked once it has drawn
    them. An SVG two charts share is drawn once in a run; two runs that both miss it may both draw it
    (the same bytes, each put in the store in one rename), which is rare: charts that share an image are
    neighbours (one territory's indicators), and a run is a contiguous range.
    """
    state = parallel.state()  # set by render_svgs, inherited by the fork
    store, native, renderers = ContentStore(state["cache"]), state["native"], state["renderers"]
    part = _Part([], set(), [], [], 0)
    pending: set[str] = set()
    for index in indices:
        data = state["served"][index]
        key = store.key(renderers, _key_bytes(data))
        part.keys.append(key)
        if key not in part.drawn and key not in pending and not store.path(key, ".svg").is_file():
            static_obj = _static(data)
            svg = _native_svg(static_obj) if native else None
            if svg is None:  # another shape: vl-convert draws it
                text = json.dumps(static_obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
                part.jobs.append((key, text))
                pending.add(key)
            else:
                store.put_text(key, ".svg", svg)
            part.drawn.add(key)
        if key in pending:
            part.waiting.append(index)
        else:  # the cache's file itself, linked: no bytes read or copied
            part.written += link_if_changed(store.path(key, ".svg"), state["targets"][index])
    return part


def _static(source: bytes | TrendRecipe) -> dict[str, Any]:
    """The static spec a chart is drawn from (a trend's from its kind's static template: no spec made)."""
    if isinstance(source, TrendRecipe):
        return static_of(source.kind, json.loads(source.parts))
    return static_spec(source_spec(source), copy=False)  # a fresh dict: changed in place


def _native_svg(static: Mapping[str, Any]) -> str | None:
    """The SVG drawn in Python for a trend or a comparison chart, or None for a shape only vl-convert draws."""
    if svgchart.can_draw(static):
        return svgchart.trend_svg(static, FONT_STACK)
    if "layer" in static:
        return svgbars.bars_svg(static, FONT_STACK)
    return None


def _render(jobs: list[tuple[str, str]], workers: int | None) -> Iterable[tuple[str, str]]:
    """Draw the jobs, in parallel when there are enough of them to pay for starting processes."""
    version = vl_version()
    workers = parallel.resolve_workers(workers)
    if workers == 1 or len(jobs) <= IN_PROCESS_MAX:
        yield from render_chunk(jobs, version)
        return
    size = max(1, min(CHUNK, math.ceil(len(jobs) / workers)))
    chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    with ProcessPoolExecutor(max_workers=min(workers, len(chunks)), mp_context=get_context("spawn")) as pool:
        for done in pool.map(render_chunk, chunks, [version] * len(chunks)):
            yield from done


# --- the browser bundle --------------------------------------------------------------------------------

_BUNDLE_NAME = "vega-bundle.js"


def _bundle_header() -> str:
    import vl_convert

    return (
        f"/* Vega {vl_convert.get_vega_version()}, Vega-Lite {vl_version()}, vega-embed "
        f"{vl_convert.get_vega_embed_version()} — bundled by vl-convert {getattr(vl_convert, '__version__', '?')}"
    )


def _valid_bundle(path: Path, header: str) -> str | None:
    """The text of a bundle file made by these versions and undamaged (its body matches its hash), or None."""
    try:
        existing = path.read_bytes().decode("utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        return None
    first, _, body = existing.partition("\n")
    if first.startswith(header + ", sha256 ") and first.endswith(" */"):
        recorded = first.removeprefix(header + ", sha256 ").removesuffix(" */")
        if hashlib.sha256(body.encode("utf-8")).hexdigest() == recorded:
            return existing
    return None


_EARLY: dict[tuple[Path, Path | None], tuple[subprocess.Popen[bytes], Path]] = {}
"""Bundles begun by :func:`start_vendor_bundle` (the process and the file it writes the body to), by the
arguments of the :func:`write_vendor_bundle` call they serve."""

_EARLY_NAME = ".vega-bundle.{}.{}.early"  # in the docs' vendor folder: a build's prune removes one left over
_begun = itertools.count()

# The child needs vl-convert only: no import of this generator, no re-run of the caller's main module.
_CHILD = """import sys, vl_convert
body = "(function () {\\n" + vl_convert.javascript_bundle(vl_version=sys.argv[1]) + "\\n})();\\n"
with open(sys.argv[2], "wb") as out:
    out.write(body.encode("utf-8"))
"""


def _bundle_body() -> str:
    import vl_convert

    return "(function () {\n" + vl_convert.javascript_bundle(vl_version=vl_version()) + "\n})();\n"


def start_vendor_bundle(out_dir: Path, cache: Path | None = None) -> None:
    """Begin, in a process of its own, the bundling that :func:`write_vendor_bundle` with the same arguments
    will need; nothing when the docs folder or the cache has the bundle already.

    Bundling takes a second or two of a cold build, while validation and the downloads keep one core only
    busy; vl-convert holds the GIL while it bundles, so a thread would stop the build instead. The child is
    a plain ``python -c`` with vl-convert alone (not a fork, which inherits no vl-convert runtime threads;
    not a multiprocessing spawn, which runs the caller's main module again); it only writes the body to a
    file, which :func:`write_vendor_bundle` reads, checks and records like a bundle it made itself.
    """
    header = _bundle_header()
    if _valid_bundle(out_dir / _BUNDLE_NAME, header) is not None:
        return
    if cache is not None and _valid_bundle(ContentStore(cache).path(ContentStore.key(header), ".js"), header):
        return
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / _EARLY_NAME.format(os.getpid(), next(_begun))  # its own: never one a late child writes
    try:
        child = subprocess.Popen(
            [sys.executable, "-c", _CHILD, vl_version(), str(target)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
    except OSError:  # no interpreter to start: write_vendor_bundle bundles here
        return
    _EARLY[(out_dir, cache)] = (child, target)


def _early_body(out_dir: Path, cache: Path | None) -> str | None:
    """The body a bundling begun early wrote (waited for), or None: none begun, or it failed."""
    begun = _EARLY.pop((out_dir, cache), None)
    if begun is None:
        return None
    child, target = begun
    try:
        return target.read_bytes().decode("utf-8") if child.wait() == 0 else None
    except (OSError, UnicodeDecodeError):
        return None
    finally:
        target.unlink(missing_ok=True)


def write_vendor_bundle(out_dir: Path, cache: Path | None = None) -> Path:
    """Write ``out_dir/vega-bundle.js``: Vega, Vega-Lite and vega-embed as one classic script.

    vl-convert bundles the libraries into an ES module-style script whose default snippet assigns
    ``window.vegaEmbed``, ``window.vega`` and ``window.vegaLite``; its top-level ``const``s would become
    global bindings of the page (and clash with any other script's), so the bundle is wrapped in a
    function. The site serves the file itself: no CDN, no other host. Bundling takes a second or two, so
    an existing file whose header names the same versions and whose body matches its recorded hash is kept
    without bundling again; the file is written only when it changes. ``cache`` keeps a copy by versions
    beside the other caches: CI restores the caches, not the work folder, and bundling starts vl-convert.
    """
    path = out_dir / _BUNDLE_NAME
    header = _bundle_header()
    store, key = (ContentStore(cache), ContentStore.key(header)) if cache is not None else (None, "")
    early = _early_body(out_dir, cache)  # waits for a bundling begun early (None when none was needed)
    kept = store.get(key, ".js") if store is not None else None  # used by this build even when not read
    if _valid_bundle(path, header) is not None:
        return path
    text = _valid_bundle(kept, header) if kept is not None else None
    if text is None:
        body = early if early is not None else _bundle_body()
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
        text = f"{header}, sha256 {digest} */\n{body}"
        if store is not None:
            store.put_text(key, ".js", text)
    write_if_changed(path, text)
    return path
