"""The corrections log in the downloads: CSV, XLSX and its resource in ``datapackage.json``."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from generator.core.files import write_if_changed
from generator.inputs.dataset import Dataset
from generator.inputs.editions_log import LOG_STEM, CorrectionLog
from generator.inputs.site_file import SiteTexts, default_site
from generator.site.correction_notice import territory_names

# --- in the downloads ------------------------------------------------------------------------------

LOG_FIELDS: list[dict[str, Any]] = [
    {"name": "year", "type": "integer", "title": "Год выпуска", "description": "Год окончания учебного года"},
    {"name": "published", "type": "date", "title": "Дата публикации выпуска"},
    {"name": "corrected", "type": "date", "title": "Дата исправления"},
    {"name": "reason", "type": "string", "title": "Причина исправления"},
    {"name": "territory", "type": "string", "title": "Территория", "description": "slug муниципалитета или region"},
    {"name": "territory_name", "type": "string", "title": "Название территории"},
    {"name": "indicator", "type": "string", "title": "Показатель", "description": "id показателя каталога"},
    {"name": "indicator_title", "type": "string", "title": "Название показателя"},
    {"name": "old", "type": "number", "title": "Было", "description": "Опубликованное значение; пусто — нет данных"},
    {
        "name": "new",
        "type": "number",
        "title": "Стало",
        "description": "Значение после исправления; пусто — нет данных",
    },
]


def log_table(log: CorrectionLog, dataset: Dataset, region: str) -> pd.DataFrame:
    rows = []
    for item in log.changes:
        names = territory_names(dataset, region, item.year)
        indicator = dataset.catalogue.indicators.get(item.change.indicator)
        rows.append(
            {
                "year": item.year,
                "published": log.editions[item.year].published,
                "corrected": item.correction.date,
                "reason": item.correction.reason,
                "territory": item.change.territory,
                "territory_name": names.get(item.change.territory, item.change.territory),
                "indicator": item.change.indicator,
                "indicator_title": indicator.title if indicator is not None else "",
                "old": item.change.old,
                "new": item.change.new,
            }
        )
    table = pd.DataFrame(rows, columns=[f["name"] for f in LOG_FIELDS])
    for column in ("published", "corrected"):
        table[column] = [d.isoformat() for d in table[column]]
    return table


def write_log(
    log: CorrectionLog,
    dataset: Dataset,
    region: str,
    out_dir: Path,
    modified: datetime,
    files: Iterable[Path],
    texts: SiteTexts | None = None,
) -> list[Path]:
    """The correction log as CSV and XLSX next to the other downloads, described in their data package."""
    from generator.publish.downloads import PACKAGE_FILE
    from generator.publish.tabular import to_csv_bytes
    from generator.publish.xlsx import to_xlsx_bytes

    if not log.editions:
        return []
    table = log_table(log, dataset, region)
    csv_path, xlsx_path = out_dir / f"{LOG_STEM}.csv", out_dir / f"{LOG_STEM}.xlsx"
    write_if_changed(csv_path, to_csv_bytes(table))
    title = f"{(texts or default_site().texts).heading}: журнал исправлений опубликованных выпусков, {region}"
    xlsx = to_xlsx_bytes(table, sheet="Исправления", title=title, created=modified, fields=LOG_FIELDS)
    write_if_changed(xlsx_path, xlsx)
    package_path = out_dir / PACKAGE_FILE
    if package_path in set(files) and package_path.is_file():
        package = json.loads(package_path.read_text(encoding="utf-8"))
        schema = {"fields": [dict(f) for f in LOG_FIELDS], "missingValues": [""]}
        package["resources"] = [r for r in package["resources"] if not r["name"].startswith(LOG_STEM)]
        for path, fmt in ((csv_path, "csv"), (xlsx_path, "xlsx")):
            resource: dict[str, Any] = {
                "name": path.name,
                "title": f"Журнал исправлений ({fmt.upper()})",
                "path": path.name,
                "profile": "tabular-data-resource",
                "format": fmt,
                "mediatype": "text/csv"
                if fmt == "csv"
                else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
            if fmt == "csv":
                resource["encoding"] = "utf-8"
                resource["dialect"] = {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "header": True}
            resource["schema"] = schema
            package["resources"].append(resource)
        text = json.dumps(package, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
        write_if_changed(package_path, text.encode("utf-8"))
    return [csv_path, xlsx_path]
