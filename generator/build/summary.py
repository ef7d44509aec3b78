"""The build's last line, as the command prints it and a reader of CI logs looks for it."""

from __future__ import annotations

from pathlib import Path

from generator.build.pipeline import BuildResult
from generator.core.formatting import CHARTS, PAGES, format_count
from generator.publish.hosting import megabytes


def done(result: BuildResult, out: Path) -> str:
    """What the build made, wrote and took, and where the site is and how large."""
    return (
        f"Готово: {format_count(result.pages, PAGES)}, {format_count(result.charts, CHARTS)} "
        f"(отрисовано SVG: {result.svg_rendered}); "
        f"файлов записано {result.written}, без изменений {result.unchanged}, удалено {result.removed}; "
        f"{sum(result.timings.values()):.1f} с. Сайт: {out} ({megabytes(result.site_bytes)})"
        + (f"; кэш: {result.swept}" if result.swept else "")
    )
