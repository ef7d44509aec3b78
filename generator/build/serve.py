"""Preview: the built site on a local server, built again when data, content or templates change.

The site is several MkDocs builds (one per edition, :mod:`generator.build.site_builds`), which MkDocs'
own ``serve`` cannot run, so the generator watches its inputs itself, builds the preview the way the
published site is built, and serves the folder; a rebuilt preview replaces the old one whole, and the
next page load shows it.
"""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

from generator.build.pipeline import BuildOptions, build


def _fingerprint(paths: list[Path]) -> tuple[tuple[str, int, int], ...]:
    items = []
    for root in paths:
        if root.is_file():
            files = [root]
        elif root.is_dir():
            files = [p for p in root.rglob("*") if p.is_file()]
        else:
            files = []
        for file in files:
            stat = file.stat()
            items.append((str(file), stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(items))


def preview_folder(options: BuildOptions) -> tuple[Path, str | None]:
    """Where the preview is built (``<work>/preview``, never the published site), and what to say when the
    command was given another ``--out``: it would otherwise be ignored without a word."""
    preview = options.work / "preview"
    if options.out.resolve() in {Path("site").resolve(), preview.resolve()}:
        return preview, None
    said = f"Предпросмотр собирается в {preview}, а не в {options.out}: папку сайта пишет `proforientir build`."
    return preview, said


def serve(options: BuildOptions, host: str = "127.0.0.1", port: int = 8000) -> int:
    import functools
    import http.server

    preview, said = preview_folder(options)
    if said:
        print(said, file=sys.stderr)
    options = replace(options, out=preview)
    result = build(options)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if not result.ok:
        return 1
    watched = [options.data, options.content, options.config, Path(__file__).parents[1] / "site" / "templates"]
    state = {"print": _fingerprint(watched)}

    def watch() -> None:
        while True:
            time.sleep(1.0)
            current = _fingerprint(watched)
            if current != state["print"]:
                state["print"] = current
                again = build(replace(options, quiet=True))
                for problem in again.problems:
                    print(problem, file=sys.stderr)
                print("Пересобрано" if again.ok else "Ошибки в данных: показана прежняя версия", file=sys.stderr)

    threading.Thread(target=watch, daemon=True).start()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(options.out.resolve()))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    print(f"Сайт: http://{host}:{port}/ (Ctrl+C — остановить); после пересборки обновите страницу", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
