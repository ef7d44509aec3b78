"""Save each page type of the built site as PNG at desktop and phone widths, to look at them.

Usage: ``python scripts/screenshots.py [--site site] [--out screenshots]`` (``make screenshots``).
The pages are taken from the built site itself (the newest edition, its first municipality in
alphabetical order and that municipality's first section), so the script follows the data.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import re
import sys
import threading
from pathlib import Path

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
WIDTHS = {"desktop": 1280, "phone": 390}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def page_types(site: Path) -> dict[str, str]:
    """One URL per page type, found in the built site."""
    editions = sorted(p.name for p in site.iterdir() if p.is_dir() and re.fullmatch(r"\d{4}", p.name))
    if not editions:
        raise SystemExit(f"{site}: нет ни одного выпуска — сначала соберите сайт (make site)")
    year = editions[-1]
    municipalities = sorted(p.name for p in (site / year).iterdir() if (p / "index.html").is_file())
    municipality = municipalities[0]
    sections = sorted(p.name for p in (site / year / municipality).iterdir() if (p / "index.html").is_file())
    pages = {
        "home": "/",
        "edition": f"/{year}/",
        "municipality": f"/{year}/{municipality}/",
        "section": f"/{year}/{municipality}/{sections[0]}/" if sections else None,
        "latest": f"/municipalities/{municipality}/",
        "methodology": "/methodology/",
        "data": "/data/",
        "404": "/404.html",
    }
    return {name: url for name, url in pages.items() if url}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(args.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    args.out.mkdir(parents=True, exist_ok=True)
    saved = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS, headless=True)
        for label, width in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": 900})
            for name, url in page_types(args.site).items():
                page.goto(base + url, wait_until="networkidle")
                page.wait_for_timeout(300)
                target = args.out / f"{name}-{label}.png"
                page.screenshot(path=str(target), full_page=True)
                saved += 1
            page.close()
        browser.close()
    server.shutdown()
    print(f"Снимков экрана: {saved}, в папке {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
