"""Benchmark of the whole build on a synthetic region: `make bench` prints the figures of issue 6.

Why a script and not a test: speed depends on the machine and on what else runs on it, so the goals are
measured and printed, never asserted. The region is made by :mod:`generator.build.synthetic` from the data in
``data/`` (60 municipalities × 5 years by default, the per-school municipality cloned too) into
``build/bench/``; nothing is written into ``data/``.

Each build runs in a child process (``--child``), so that its peak memory is measured on its own: the
parent samples the resident memory of the child and of every worker process it starts. In the same run,
the naive chart path — an Altair chart built and validated with ``to_dict()`` — is timed on a sample of
the very charts the build made, next to the fast path, and the specs are compared.

    .venv/bin/python scripts/bench.py                      # 60 × 5, one cold run, incremental 2/5/10 years
    .venv/bin/python scripts/bench.py --runs 3             # medians of three cold runs
    .venv/bin/python scripts/bench.py --municipalities 14 --years 5 --incremental-years ''
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


# --- the child: one build, with the sample of charts for the naive path ------------------------------------


def child(args: argparse.Namespace) -> int:
    from generator.build.pipeline import BuildOptions, build
    from generator.site import blocks
    from generator.site.charts import Parts, chart_parts

    sample: list[dict[str, Any]] = []
    calls = 0

    def recording(**kwargs: Any) -> Parts:
        nonlocal calls
        calls += 1
        if calls % args.every == 1 and len(sample) < args.sample:
            sample.append(kwargs)
        return chart_parts(**kwargs)

    blocks.chart_parts = recording  # type: ignore[assignment]
    options = BuildOptions(
        data=Path(args.data),
        out=Path(args.out),
        work=Path(args.work),
        cache=Path(args.cache) / "svg",
        config=ROOT / "mkdocs.yml",
        content=ROOT / "content",
        quiet=not args.progress,
        pdf=args.pdf,
        workers=args.workers,
    )
    started = time.perf_counter()
    result = build(options)
    total = time.perf_counter() - started
    out: dict[str, Any] = {
        "ok": result.ok,
        "problems": [str(p) for p in result.problems if "ошибка" in str(p)][:10],
        "total": total,
        "timings": result.timings,
        "pages": result.pages,
        "charts": result.charts,
        "written": result.written,
        "svg_rendered": result.svg_rendered,
        "pages_rendered": result.page_stats.rendered if result.page_stats else 0,
        "pages_cached": result.page_stats.cached if result.page_stats else 0,
        "editions_frozen": len(result.editions_frozen),  # finished editions reused whole, not built
        "pdfs": result.pdfs,
        "pdfs_printed": result.pdfs_printed,
    }
    if args.naive and sample:
        out["naive"] = time_chart_paths(sample)
    Path(args.result).write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    return 0 if result.ok else 1


def chart_arguments(spec: dict[str, Any]) -> dict[str, Any]:
    """The arguments of ``trend_spec`` that made this spec, read back from it (kind, unit, digits, points).

    The page generator runs in forked workers, so the sample of charts for the naive path is taken from
    the specs the build wrote; the fast path is checked to give the very same spec from these arguments.
    """
    from generator.site.charts import TrendPoint

    enc = spec["encoding"]
    dash = enc["strokeDash"]["scale"]
    dashed = {name for name, pattern in zip(dash["domain"], dash["range"], strict=True) if pattern != [1, 0]}
    y = enc["y"]
    share = (y.get("scale") or {}).get("domain") == [0, 100]
    # a count's axis has whole ticks only: its tick count is an expression of the chart's domain (charts.py)
    kind = "share" if share else "count" if isinstance(y["axis"].get("tickCount"), dict) else "ratio"
    title = spec["title"]["text"]
    return {
        "title": title,
        "description": spec["description"],
        "points": [
            TrendPoint(v["year"], v["label"], v["series"], v["value"], v["formatted"], v["series"] in dashed)
            for v in spec["data"]["values"]
        ],
        "kind": kind,
        "unit": y.get("title") or "",
        "digits": int(y["axis"]["format"].rsplit(".", 1)[1].rstrip("f")),
    }


def naive_sample(work: Path, size: int) -> dict[str, Any]:
    """Altair's validated ``to_dict()`` against the fast path, on every n-th trend chart of a built site.

    A chart has no file: its spec is rebuilt from its section page the way the browser does (its figure and
    table, in its kind's template; :func:`generator.site.chartfile.parts_from_page`). The pages are in the
    docs folder of each build (``<work>/docs``, ``<work>/editions/<year>``); the templates in the first.
    """
    import re

    from generator.site.chartfile import fill, page_charts
    from generator.site.charts import trend_chart, trend_spec

    docs = work / "docs"
    roots = [docs, *sorted(p for p in (work / "editions").glob("*") if p.is_dir())]
    found = []
    for root in roots:
        for page in sorted(root.rglob("index.md")):
            text = page.read_text(encoding="utf-8")
            figures = re.findall(r'data-pf-table="[^"]+"[^>]*\bid="([^"]+)"', text)
            found += [(docs / page.relative_to(root), text, figure) for figure in figures]
    step = max(1, len(found) // max(size, 1))
    specs = []
    for page, text, figure in found[::step][:size]:
        href, parts = page_charts(text)[figure]
        specs.append(fill(json.loads((page.parent / href).resolve().read_bytes()), parts))
    sample = [chart_arguments(spec) for spec in specs]
    trend_spec(**sample[0])  # both paths warmed up: Altair imported, the templates made
    trend_chart(**sample[0]).to_dict()
    return time_chart_paths(sample, written=specs)


def time_chart_paths(sample: list[dict[str, Any]], written: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The fast specs against Altair's validated ``to_dict()`` on the same charts; ``equal`` counts the charts
    whose two specs (and the spec the build wrote, when given) are the same."""
    from generator.site.charts import trend_chart, trend_spec

    started = time.perf_counter()
    fast = [trend_spec(**kw) for kw in sample]
    fast_time = time.perf_counter() - started
    started = time.perf_counter()
    slow = [trend_chart(**kw).to_dict() for kw in sample]  # validated against the Vega-Lite schema
    slow_time = time.perf_counter() - started
    third = written if written is not None else slow
    return {
        "sample": len(sample),
        "fast_ms": fast_time / len(sample) * 1000,
        "naive_ms": slow_time / len(sample) * 1000,
        "equal": sum(a == b == c for a, b, c in zip(fast, slow, third, strict=True)),
    }


# --- the parent: runs, memory, sizes ---------------------------------------------------------------------


def _tree_rss(pid: int) -> tuple[int, int, dict[str, int]]:
    """Memory of a process and all its descendants, read from /proc: (sum of PSS, largest RSS, PSS by kind of
    process) in bytes.

    Forked workers share most of their pages with the parent until they write to them; a sum of RSS
    would count those pages once per process, so the total is the proportional set size (each shared
    page divided among the processes that map it), and the largest single RSS is shown beside it. The kinds
    (:func:`_process_kind`) say whose the peak is: the build, its workers, Chromium, Playwright's driver.
    """
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, largest, todo = 0, 0, [pid]
    kinds: dict[str, int] = {}
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            with open(f"/proc/{current}/smaps_rollup", encoding="ascii", errors="replace") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        pss = int(line.split()[1]) * 1024
                        total += pss
                        kind = _process_kind(current, pid)
                        kinds[kind] = kinds.get(kind, 0) + pss
                    elif line.startswith("Rss:"):
                        largest = max(largest, int(line.split()[1]) * 1024)
        except OSError:
            pass
    return total, largest, kinds


def _process_kind(pid: int, root: int) -> str:
    """Whose a process of the build is, by its command line: the build itself, a forked worker, Chromium, or
    Playwright's driver (a Node process)."""
    if pid == root:
        return "сборка"
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            program = f.read().split(b"\0", 1)[0].decode(errors="replace")
    except OSError:
        return "работники"
    name = program.rsplit("/", 1)[-1]
    if name == "node":
        return "драйвер Playwright"
    if "chrom" in name:
        return "Chromium"
    return "работники"


def run_build(
    data: Path, out: Path, work: Path, cache: Path, args: argparse.Namespace, naive: bool, memory: bool = False
) -> dict[str, Any]:
    """One build in a child process: its wall and CPU time, and (``memory``) the peak memory of its processes.

    Memory is read from ``/proc/<pid>/smaps_rollup`` five times a second, which walks every page table of
    every process of the build and holds their memory maps while it does. A build is either timed or
    watched, not both, so no observer shares the two cores with a timed build (four runs in a row on
    60 × 5 showed no difference beyond the machine's own noise: the separation is for a clean method)."""
    result_file = work.parent / f".bench-result-{os.getpid()}.json"
    command = [
        sys.executable, __file__, "--child", "--data", str(data), "--out", str(out), "--work", str(work),
        "--cache", str(cache), "--result", str(result_file), "--sample", str(args.sample),
        "--every", str(args.every),
    ]  # fmt: skip
    if naive:
        command.append("--naive")
    if args.pdf:
        command.append("--pdf")
    if args.progress:
        command.append("--progress")
    if args.workers:
        command += ["--workers", str(args.workers)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1780185600"}
    started = time.perf_counter()
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    process = subprocess.Popen(command, env=env, cwd=ROOT)
    peak = largest = 0
    at_peak: dict[str, int] = {}

    def sample() -> None:
        nonlocal peak, largest, at_peak
        while process.poll() is None:
            pss, rss, kinds = _tree_rss(process.pid)
            if pss > peak:
                peak, at_peak = pss, kinds
            largest = max(largest, rss)
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    if memory:
        sampler.start()
    code = process.wait()
    if memory:
        sampler.join()
    wall = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    if not result_file.is_file():
        raise SystemExit(f"сборка не удалась (код {code})")
    result = json.loads(result_file.read_text(encoding="utf-8"))
    result_file.unlink()
    if not result["ok"]:
        raise SystemExit("сборка не удалась:\n" + "\n".join(result["problems"]))
    result["wall"] = wall
    result["cpu"] = cpu  # user + system time of the build and of every worker it waited for
    result["peak_rss"] = peak
    result["peak_kinds"] = at_peak  # whose memory the peak was, by kind of process
    result["largest_rss"] = largest
    return result


def peak_parts(result: dict[str, Any]) -> str:
    """The peak's memory by kind of process, largest first: «сборка 440 МБ, Chromium 700 МБ, …»."""
    kinds = sorted(result.get("peak_kinds", {}).items(), key=lambda item: -item[1])
    return ", ".join(f"{kind} {mb(size)}" for kind, size in kinds)


KINDS = (
    ("html", "страницы HTML"),
    ("chart-json", "JSON графиков: шаблоны, charts.json страниц"),
    ("chart-svg", "статические SVG графиков"),
    ("csv", "CSV"),
    ("xlsx", "XLSX"),
    ("pdf", "PDF отчётов"),
    ("search", "поисковые индексы"),
    ("assets", "оформление и скрипты (assets/)"),
    ("other", "прочее"),
)


def file_kind(rel: Path) -> str:
    """What a file of the built site is, for the breakdown of the site's size."""
    parts, suffix = rel.parts, rel.suffix.lower()
    if rel.name == "search_index.json":
        return "search"
    if parts[0] == "charts" or parts[:2] == ("assets", "charts") or rel.name == "charts.json":
        return {".json": "chart-json", ".svg": "chart-svg"}.get(suffix, "other")
    if parts[0] == "assets":
        return "assets"
    return {".html": "html", ".csv": "csv", ".xlsx": "xlsx", ".pdf": "pdf"}.get(suffix, "other")


def site_sizes(site: Path) -> dict[str, Any]:
    pages: list[int] = []
    kinds: dict[str, list[int]] = {kind: [0, 0] for kind, _ in KINDS}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        kind = file_kind(path.relative_to(site))
        kinds[kind][0] += 1
        kinds[kind][1] += size
        if kind == "html":
            pages.append(size)
    pages.sort()
    indexes = sorted(site.rglob("search_index.json"))
    largest = max(indexes, key=lambda p: p.stat().st_size, default=None)
    raw = largest.read_bytes() if largest else b""
    return {
        "html_median": statistics.median(pages) if pages else 0,
        "html_max": pages[-1] if pages else 0,
        "html_pages": len(pages),
        "site": sum(b for _, b in kinds.values()),
        "files": sum(n for n, _ in kinds.values()),
        "kinds": kinds,
        "search": len(raw),  # the largest index a visitor downloads (one per edition when editions are built apart)
        "search_all": sum(p.stat().st_size for p in indexes),
        "search_count": len(indexes),
        "search_gzip": len(gzip.compress(raw, 6)) if raw else 0,
    }


def print_breakdown(sizes: dict[str, Any]) -> None:
    total = max(sizes["site"], 1)
    print(f"{'вид файлов':<40} {'файлов':>8} {'размер':>12} {'доля':>6}")
    for kind, title in sorted(KINDS, key=lambda k: -sizes["kinds"][k[0]][1]):
        count, size = sizes["kinds"][kind]
        if count:
            print(f"{title:<40} {count:>8} {mb(size):>12} {size / total * 100:>5.0f} %")
    print(f"{'всего':<40} {sizes['files']:>8} {mb(sizes['site']):>12}")


def digest_tree(root: Path, prefix: str) -> dict[str, bytes]:
    import hashlib

    folder = root / prefix
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).digest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def mb(n: float) -> str:
    return f"{n / 1024 / 1024:.1f} МБ"


def kb(n: float) -> str:
    return f"{n / 1024:.1f} КБ"


def verdict(ok: bool) -> str:
    return "выполнено" if ok else "НЕ выполнено"


def fresh(*paths: Path) -> None:
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)


def measure_pdfs(site: Path, data: Path, count: int, cache: Path) -> dict[str, Any] | None:
    from generator.publish.pdf import PdfJob, chromium_path, print_pdfs
    from generator.site import urls
    from generator.site.urls import pdf_name

    if chromium_path() is None or count <= 0:
        return None
    current = max(int(p.name) for p in data.iterdir() if p.name.isdigit())
    slugs = sorted(p.stem for p in (data / str(current)).glob("*.yaml"))[:count]
    jobs = [
        PdfJob(
            url_path=urls.report(current, s),
            out_file=site / urls.report(current, s).strip("/") / pdf_name(current, s),
            title=f"Аналитический отчёт — {s}",
        )
        for s in slugs
    ]
    fresh(cache)
    started = time.perf_counter()
    cold = print_pdfs(site, jobs, cache)
    cold_time = time.perf_counter() - started
    started = time.perf_counter()
    warm = print_pdfs(site, jobs, cache)
    warm_time = time.perf_counter() - started
    return {"jobs": len(jobs), "cold": cold_time, "printed": cold.printed, "warm": warm_time, "cached": warm.cached}


def national(args: argparse.Namespace) -> None:
    """A sample of region shards built one after another, and the extrapolation to the whole country."""
    import math

    from generator.build.shards import assemble, list_shards
    from generator.build.synthetic import make_region

    root = args.work / "national"
    fresh(root)
    m, y = args.national_municipalities, args.years
    for i in range(args.national_sample):
        make_region(ROOT / "data", root / "regions" / f"region-{i + 1:02d}", municipalities=m, years=y, seed=100 + i)
    times, sizes = [], []
    for shard in list_shards(root / "regions"):
        out = root / "parts" / shard.id
        build_dir, cache = root / "build" / shard.id, root / "cache" / shard.id
        result = run_build(Path(shard.data), out, build_dir, cache, args, False, memory=True)  # its peak is shown
        times.append(result["wall"])
        sizes.append(sum(p.stat().st_size for p in out.rglob("*") if p.is_file()))
        print(f"  часть {shard.id} ({m} × {y}): {result['wall']:.1f} с, {mb(sizes[-1])}, пик {mb(result['peak_rss'])}")
    started = time.perf_counter()
    assemble(root / "parts", root / "site")
    assemble_time = (time.perf_counter() - started) / max(len(times), 1)
    per_shard, per_size = statistics.median(times), statistics.median(sizes)
    regions = args.national_regions
    print()
    print(f"=== Национальный масштаб: {regions} регионов по ~{m} муниципалитетов × {y} лет ===")
    print(f"часть (регион), холодная сборка: {per_shard:.0f} с (медиана {len(times)}), сайт части {mb(per_size)}")
    for jobs in (1, 10, 20, regions):
        total = math.ceil(regions / jobs) * per_shard + assemble_time * regions
        print(f"  на {jobs} параллельных заданиях: ≈{total / 60:.0f} мин (сборка частей и копирование в один сайт)")
    print(f"национальный сайт: ≈{per_size * regions / 1024**3:.1f} ГБ")


def print_goals(goals: list[tuple[str, str, str, bool | None]]) -> None:
    """The figures beside their goals: what, measured, goal, verdict."""
    width = max(len(what) for what, *_ in goals)
    print(f"{'что':<{width}}  {'замер':>14}  {'цель':>10}  итог")
    for what, measured, goal, ok in goals:
        print(f"{what:<{width}}  {measured:>14}  {goal:>10}  {'—' if ok is None else verdict(ok)}")


def change_runs(
    data: Path, site: Path, build_dir: Path, cache: Path, args: argparse.Namespace, years: int
) -> tuple[list[dict[str, Any]], bool]:
    """``args.runs`` data commits, each changing one municipality of the current year, each built; and whether
    every past edition stayed the same bytes through all of them."""
    from generator.build.synthetic import bump_one_count

    current = max(int(p.name) for p in data.iterdir() if p.name.isdigit())

    def past() -> dict[str, bytes]:
        return {k: v for p in range(current - years + 1, current) for k, v in digest_tree(site, str(p)).items()}

    before = past()
    runs = []
    for _ in range(args.runs):
        bump_one_count(data, current)
        runs.append(run_build(data, site, build_dir, cache, args, naive=False))
    return runs, before == past()


def season_runs(
    data: Path, site: Path, build_dir: Path, cache: Path, args: argparse.Namespace
) -> tuple[list[dict[str, Any]], bool]:
    """The collection season: ``args.runs`` data commits, each one municipality's first file of the next school
    year (the first of them starts its edition), each built; and whether every existing edition stayed the
    same bytes. The next year's folder is removed afterwards and the site built back as it was."""
    from generator.build.synthetic import add_year_file

    years = sorted(int(p.name) for p in data.iterdir() if p.name.isdigit())

    def existing() -> dict[str, bytes]:
        return {k: v for y in years for k, v in digest_tree(site, str(y)).items()}

    before = existing()
    runs = []
    for _ in range(args.runs):
        add_year_file(data, years[-1] + 1)
        runs.append(run_build(data, site, build_dir, cache, args, naive=False))
    frozen = before == existing()
    shutil.rmtree(data / str(years[-1] + 1))
    run_build(data, site, build_dir, cache, args, naive=False)
    return runs, frozen


def published_runs(data: Path, work: Path, args: argparse.Namespace, years: int) -> dict[str, Any]:
    """The region as a real one stands after ``years`` years: every past edition published, so each carries a PDF
    of every municipality's report. One cold build (it prints them all: minutes, so not a median), the build of
    a fresh clone in CI (site and work folder new, the cache kept: ``build/cache`` in the CI templates), and
    ``args.runs`` commits changing one municipality of the current year."""
    pdata = work / f"{data.name}-published"
    fresh(pdata)
    shutil.copytree(data, pdata)
    current = max(int(p.name) for p in pdata.iterdir() if p.name.isdigit())
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for year in range(current - years + 1, current):
        command = [sys.executable, "-m", "generator.cli", "publish", str(year), "--data", str(pdata)]
        done = subprocess.run([*command, "--date", f"{year}-06-20"], env=env, cwd=ROOT, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"выпуск {year} не опубликован:\n{done.stderr}")
    tag = pdata.name.removeprefix("data-")
    site, build_dir, cache = (work / f"{part}-{tag}" for part in ("site", "build", "cache"))
    fresh(site, build_dir, cache)
    os.sync()
    cold = run_build(pdata, site, build_dir, cache, args, naive=False, memory=True)  # Chromium's tabs counted too
    sizes = site_sizes(site)
    fresh(site, build_dir)  # a fresh clone: only the cache is restored
    clone = run_build(pdata, site, build_dir, cache, args, naive=False)
    changed, frozen = change_runs(pdata, site, build_dir, cache, args, years)
    fresh(pdata)
    folders = [site, build_dir, cache]
    return {"cold": cold, "sizes": sizes, "clone": clone, "changed": changed, "frozen": frozen, "folders": folders}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Замер скорости и размера сборки на синтетическом регионе (issue 15)")
    parser.add_argument("--municipalities", type=int, default=60)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument(
        "--runs",
        type=int,
        default=int(os.environ.get("BENCH_RUNS") or 3),
        help="запусков каждого замера времени, печатается медиана (по умолчанию BENCH_RUNS или 3)",
    )
    parser.add_argument(
        "--sample", type=int, default=300, help="графиков в выборке для наивного пути Altair (0 — без него)"
    )
    parser.add_argument("--every", type=int, default=50, help="в выборку идёт каждый N-й график")
    parser.add_argument("--incremental-years", default="2,5,10", help="годы для замера пересборки ('' — без него)")
    parser.add_argument("--incremental-municipalities", type=int, default=60)
    parser.add_argument("--pdf-sample", type=int, default=3, help="отчётов для отдельного замера PDF (0 — без него)")
    parser.add_argument(
        "--no-pdf", action="store_true", help="без PDF (по умолчанию PDF входят в каждую сборку, если есть Chromium)"
    )
    parser.add_argument(
        "--no-published",
        action="store_true",
        help="без замера региона с опубликованными прошлыми выпусками (их PDF печатаются минуты)",
    )
    parser.add_argument("--demo", action="store_true", help="ещё замерить сборку демонстрационного сайта с нуля")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--national-sample", type=int, default=0, help="регионов-частей для национального замера")
    parser.add_argument("--national-municipalities", type=int, default=27, help="муниципалитетов в части")
    parser.add_argument("--national-regions", type=int, default=85, help="регионов в стране (для экстраполяции)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--progress", action="store_true", help="показывать ход сборок")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    for name in ("--data", "--out", "--cache", "--result"):
        parser.add_argument(name, help=argparse.SUPPRESS)
    parser.add_argument("--naive", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--pdf", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args)

    from generator.build.synthetic import make_region
    from generator.publish.pdf import chromium_path

    args.runs = max(1, args.runs)
    args.pdf = not args.no_pdf and chromium_path() is not None
    work: Path = args.work
    n, y = args.municipalities, args.years
    data = work / f"data-{n}x{y}"
    started = time.perf_counter()
    region = make_region(ROOT / "data", data, municipalities=n, years=y)
    print(f"Синтетический регион {n} × {y}: {region.files} файлов данных за {time.perf_counter() - started:.1f} с")
    pdf_note = "с PDF отчётов" if args.pdf else "без PDF (--no-pdf или нет Chromium)"
    print(f"Каждый замер времени — медиана {args.runs} запусков; сборки {pdf_note}. Машина общая — цифры шумят.")
    site, build_dir, cache = work / f"site-{n}x{y}", work / f"build-{n}x{y}", work / f"cache-{n}x{y}"

    fresh(site, build_dir, cache)
    watched = run_build(data, site, build_dir, cache, args, naive=True, memory=True)
    print(
        f"  холодная сборка с замером памяти: пик памяти (PSS) {mb(watched['peak_rss'])}; {watched['wall']:.1f} с — "
        "в замер времени не входит (время меряется без наблюдателя)"
    )
    cold_runs = []
    spare: list[Path] = [site, build_dir, cache]  # removed at the end, not before a timed build
    for run in range(args.runs):
        site, build_dir, cache = (work / f"{part}-{n}x{y}-cold{run + 1}" for part in ("site", "build", "cache"))
        # Folders of its own, deleted after all the timing, and a sync first: deleting a run's ~100 000 files right
        # before the next cold build made it 4–6 s slower on the disk here (mounted with ``discard``).
        fresh(site, build_dir, cache)  # of an earlier bench only: this one's last run is not deleted first
        os.sync()
        result = run_build(data, site, build_dir, cache, args, naive=False)
        cold_runs.append(result)
        spare += [site, build_dir, cache]
        print(f"  холодная сборка {run + 1}: {result['wall']:.1f} с (процессор {result['cpu']:.1f} с)")
    del spare[-3:]  # the last run's folders: the rebuilds below start from them
    first = watched

    def med(runs: list[dict[str, Any]], key: str) -> float:
        return statistics.median(r[key] for r in runs)

    def med_stage(*names: str) -> float:
        return statistics.median(sum(r["timings"].get(s, 0.0) for s in names) for r in cold_runs)

    generator = med_stage("проверка и расчёт", "страницы")
    files_stage = med_stage("файлы")
    downloads_stage = med_stage("выгрузки")
    mkdocs = med_stage("MkDocs")
    pdf_stage = med_stage("PDF")
    total = med(cold_runs, "wall")
    sizes = site_sizes(site)
    warm = run_build(data, site, build_dir, cache, args, naive=False)
    changed_runs, main_frozen = change_runs(data, site, build_dir, cache, args, y)
    changed = med(changed_runs, "wall")
    season, season_frozen = season_runs(data, site, build_dir, cache, args)

    naive = (first.get("naive") or naive_sample(build_dir, args.sample)) if args.sample > 0 else None
    ratio_chart = 0.0
    print()
    print(f"=== Холодная сборка {n} × {y} (медиана {args.runs}) ===")
    print(f"генератор (данные → Markdown и спецификации графиков): {generator:.1f} с")
    per_second = first["charts"] / max(med_stage("страницы"), 1e-9)
    print(f"  графиков: {first['charts']}, графиков в секунду: {per_second:.0f}")
    print(f"выгрузки CSV и XLSX: {downloads_stage:.1f} с")
    print(f"файлы и статические SVG: {files_stage:.1f} с (SVG отрисовано: {first['svg_rendered']})")
    print(f"MkDocs: {mkdocs:.1f} с, страниц: {first['pages']}")
    if args.pdf:
        print(f"PDF: {pdf_stage:.1f} с, отчётов: {first['pdfs']}")
    print(f"всего: {total:.1f} с; доля генератора: {generator / total * 100:.0f} %")
    print(
        f"процессорное время сборки (все процессы, user + sys): {med(cold_runs, 'cpu'):.1f} с — на свободной "
        f"двухъядерной машине стена не меньше {med(cold_runs, 'cpu') / 2:.1f} с"
    )
    print(
        f"пик памяти (сумма PSS процессов сборки, отдельная холодная сборка): {mb(watched['peak_rss'])} "
        f"({peak_parts(watched)}), наибольший процесс (RSS) {mb(watched['largest_rss'])}"
    )
    print(
        f"HTML-страниц: {sizes['html_pages']}, медиана {kb(sizes['html_median'])}, наибольшая {kb(sizes['html_max'])}"
    )
    print(
        f"поисковый индекс: наибольший {mb(sizes['search'])} (gzip {mb(sizes['search_gzip'])}); "
        f"индексов {sizes['search_count']}, вместе {mb(sizes['search_all'])}"
    )
    print()
    print(f"=== Из чего состоит сайт {n} × {y} ===")
    print_breakdown(sizes)
    print()
    print(
        f"повторная сборка без изменений: {warm['wall']:.1f} с (готовых выпусков {warm['editions_frozen']}, "
        f"страниц из кэша {warm['pages_cached']})"
    )
    print(
        f"после изменения одного муниципалитета текущего года: {changed:.1f} с (медиана {args.runs}), процессор "
        f"{med(changed_runs, 'cpu'):.1f} с, страниц отрисовано {changed_runs[-1]['pages_rendered']}, "
        f"PDF напечатано {changed_runs[-1]['pdfs_printed']}; прошлые выпуски побайтно те же: "
        f"{'да' if main_frozen else 'НЕТ'}"
    )
    print(
        "файл муниципалитета следующего учебного года (сезон сбора; первый начинает выпуск): "
        + " / ".join(f"{r['wall']:.1f}" for r in season)
        + f" с, готовых выпусков {season[-1]['editions_frozen']} из {y + 1}, страниц отрисовано "
        f"{season[-1]['pages_rendered']}, PDF напечатано {season[-1]['pdfs_printed']}; выпуски до него побайтно те "
        f"же: {'да' if season_frozen else 'НЕТ'}"
    )
    if naive:
        ratio_chart = naive["naive_ms"] / naive["fast_ms"]
        print(
            f"наивный путь Altair (to_dict с проверкой) на выборке {naive['sample']} графиков: "
            f"{naive['naive_ms']:.2f} мс на график против {naive['fast_ms']:.3f} мс — в {ratio_chart:.0f} раз; "
            f"спецификации совпали: {naive['equal']} из {naive['sample']}"
        )

    increments: list[tuple[int, float, bool]] = []
    for years in [int(v) for v in args.incremental_years.split(",") if v.strip()]:
        m = args.incremental_municipalities
        idata = work / f"data-{m}x{years}-inc"
        make_region(ROOT / "data", idata, municipalities=m, years=years)
        tag = f"{m}x{years}-inc"
        isite, ibuild, icache = work / f"site-{tag}", work / f"build-{tag}", work / f"cache-{tag}"
        fresh(isite, ibuild, icache)
        cold = run_build(idata, isite, ibuild, icache, args, naive=False)
        again, frozen = change_runs(idata, isite, ibuild, icache, args, years)
        increments.append((years, med(again, "wall"), frozen))
        print(
            f"  {m} × {years}: холодная {cold['wall']:.1f} с, после изменения одного муниципалитета "
            f"{med(again, 'wall'):.1f} с (медиана {args.runs}), процессор {med(again, 'cpu'):.1f} с "
            f"(страниц отрисовано {again[-1]['pages_rendered']} из {again[-1]['pages']}, "
            f"PDF напечатано {again[-1]['pdfs_printed']}); сайт {mb(site_sizes(isite)['site'])} "
            "(GitHub Pages и GitLab.com публикуют до 1 ГБ)"
        )

    demo = None
    if args.demo:
        dwork = work / "demo"
        fresh(dwork)
        demo = run_build(ROOT / "data", dwork / "site", dwork / "build", dwork / "cache", args, naive=False)
        print(f"  демонстрационный сайт с нуля ({demo['pages']} страниц, {demo['pdfs']} PDF): {demo['wall']:.1f} с")

    published = None
    if args.pdf and not args.no_published:
        print()
        print(f"=== Тот же регион {n} × {y}, прошлые выпуски опубликованы (PDF отчётов на сайте) ===")
        published = published_runs(data, work, args, y)
        pub_cold, pub_sizes, pub_changed = published["cold"], published["sizes"], published["changed"]
        print(
            f"холодная сборка (один запуск): {pub_cold['wall']:.1f} с, процессор {pub_cold['cpu']:.1f} с; "
            f"PDF напечатано {pub_cold['pdfs_printed']} за {pub_cold['timings'].get('PDF', 0.0):.1f} с; пик памяти "
            f"(PSS, с Chromium) {mb(pub_cold['peak_rss'])}: {peak_parts(pub_cold)}"
        )
        print(
            f"свежий клон в CI (сайт и рабочая папка новые, кэш сохранён): {published['clone']['wall']:.1f} с, "
            f"PDF напечатано {published['clone']['pdfs_printed']}, из кэша "
            f"{published['clone']['pdfs'] - published['clone']['pdfs_printed']}"
        )
        print(
            f"изменён один муниципалитет текущего года: {med(pub_changed, 'wall'):.1f} с (медиана {args.runs}), "
            f"PDF напечатано {pub_changed[-1]['pdfs_printed']}; прошлые выпуски побайтно те же: "
            f"{'да' if published['frozen'] else 'НЕТ'}"
        )
        print_breakdown(pub_sizes)
        spare += published["folders"]

    pdf = measure_pdfs(site, data, args.pdf_sample, work / "cache-pdf")
    if args.national_sample:
        national(args)

    print()
    print(f"=== Цели issue 15 ({n} × {y}, медианы {args.runs}; {pdf_note}) ===")
    goals: list[tuple[str, str, str, bool | None]] = [
        ("холодная сборка", f"{total:.1f} с", "≤ 60 с", total <= 60),
        ("изменён один муниципалитет", f"{changed:.1f} с", "≤ 15 с", changed <= 15),
    ]
    for years, inc, frozen in increments:
        goals.append((f"  то же, {years} лет выпусков", f"{inc:.1f} с", "≤ 15 с", inc <= 15))
        goals.append((f"  прошлые выпуски побайтно те же ({years} лет)", "да" if frozen else "НЕТ", "да", frozen))
    goals += [
        ("прошлые выпуски побайтно те же", "да" if main_frozen else "НЕТ", "да", main_frozen),
        ("сайт", mb(sizes["site"]), "≤ 250 МБ", sizes["site"] <= 250 * 1024**2),
        ("пик памяти", mb(watched["peak_rss"]), "≤ 1,5 ГБ", watched["peak_rss"] <= 1.5 * 1024**3),
        ("поисковый индекс", mb(sizes["search"]), "≤ 5 МБ", sizes["search"] <= 5 * 1024**2),
        ("медианная страница", kb(sizes["html_median"]), "≤ 60 КБ", sizes["html_median"] <= 60 * 1024),
    ]
    if published is not None:
        pub_total, pub_site = published["cold"]["wall"], published["sizes"]["site"]
        pub_change = med(published["changed"], "wall")
        printed_count = published["cold"]["pdfs_printed"]
        goals += [
            ("выпуски опубликованы: сайт с PDF", mb(pub_site), "≤ 250 МБ", pub_site <= 250 * 1024**2),
            (f"  холодная сборка, {printed_count} PDF", f"{pub_total:.1f} с", "≤ 60 с", pub_total <= 60),
            (
                "  свежий клон с кэшем CI",
                f"{published['clone']['wall']:.1f} с",
                "≤ 60 с",
                published["clone"]["wall"] <= 60,
            ),
            ("  изменён один муниципалитет", f"{pub_change:.1f} с", "≤ 15 с", pub_change <= 15),
            (
                "  пик памяти с печатью PDF",
                mb(published["cold"]["peak_rss"]),
                "≤ 1,5 ГБ",
                published["cold"]["peak_rss"] <= 1.5 * 1024**3,
            ),
        ]
    if demo is not None:
        goals.append(("демонстрационный сайт с нуля", f"{demo['wall']:.1f} с", "≤ 90 с", demo["wall"] <= 90))
    if naive:
        goals.append(("спецификации графиков против Altair", f"в {ratio_chart:.0f} раз", "≥ 20", ratio_chart >= 20))
    if pdf:
        per = pdf["cold"] / max(pdf["jobs"], 1)
        goals.append((f"PDF, отдельно: {pdf['jobs']} отчётов", f"{per:.1f} с/отчёт", "—", None))
        goals.append(("PDF без изменений", f"из кэша {pdf['cached']}", f"{pdf['jobs']}", pdf["cached"] == pdf["jobs"]))
    print_goals(goals)
    if not args.pdf:
        print("PDF в сборки не входили (--no-pdf или нет Chromium): цифры времени без них")
    fresh(*spare)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
