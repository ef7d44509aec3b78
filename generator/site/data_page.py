"""The open data page: every download with its size, and the fields the data package describes."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from generator.core.formatting import NO_DATA, academic_year, format_value
from generator.inputs.editions_log import LOG_STEM
from generator.site import urls
from generator.site.context import SiteContext
from generator.site.render import Page, render


def make(ctx: SiteContext, files: list[Path]) -> Page:
    by_name = {f.name: f for f in files}

    def size(name: str) -> str:
        file = by_name.get(name)
        if file is None or not file.exists():
            return NO_DATA
        kb = Decimal(file.stat().st_size) / 1024
        return format_value(kb.quantize(Decimal("0.1")), "ratio", 1, "КБ")

    rows = []
    for label, key in [("Все годы", "all"), *[(academic_year(y), str(y)) for y in reversed(ctx.years)]]:
        csv_name, xlsx_name = f"proforientir-{key}.csv", f"proforientir-{key}.xlsx"
        rows.append(
            {
                "label": label,
                "csv": csv_name,
                "csv_name": csv_name,
                "csv_size": size(csv_name),
                "xlsx": xlsx_name,
                "xlsx_name": xlsx_name,
                "xlsx_size": size(xlsx_name),
            }
        )
    fields: list[dict[str, str]] = []
    package = by_name.get("datapackage.json")
    if package is not None and package.exists():
        meta = json.loads(package.read_text(encoding="utf-8"))
        first = meta["resources"][0]["schema"]["fields"] if meta.get("resources") else []
        fields = [
            {"name": f["name"], "title": f.get("title", ""), "description": f.get("description", "")} for f in first
        ]
    page = {
        "title": "Открытые данные",
        "description": f"Показатели {ctx.texts.short_genitive} в форматах CSV и XLSX с описанием полей.",
        "edition": "",
    }
    return render(
        ctx,
        "data.md.j2",
        urls.DATA,
        "data",
        page=page,
        downloads=rows,
        fields=fields,
        package="datapackage.json",
        corrections_log=bool(ctx.corrections.editions),
        open_data=ctx.open_data,
        log_stem=LOG_STEM,
    )
