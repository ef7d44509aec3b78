"""Preview with reload: rebuild when data, content or templates change; MkDocs' server reloads the browser.

MkDocs' own ``serve`` only rebuilds from the docs directory, and hooks (which could run the generator)
are not read by Zensical, so the generator watches its inputs itself and lets ``mkdocs serve`` watch
the generated docs.
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


def serve(options: BuildOptions, host: str = "127.0.0.1", port: int = 8000) -> int:
    from mkdocs.commands.serve import serve as mkdocs_serve

    options = replace(options, out=options.work / "preview")
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
    mkdocs_serve(
        config_file=str(options.config),
        docs_dir=str((options.work / "docs").resolve()),
        dev_addr=f"{host}:{port}",
        livereload=True,
        nav=result.nav,
        extra={"generator": False, **result.extra},
    )
    return 0
