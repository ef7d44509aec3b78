"""The pages say what they said: the Markdown of a small deployment, page by page, against a snapshot.

The page generator is refactored in steps (issue 15: one module per page kind, texts moved to data); each
step must leave the published text as it was. ``examples/stary-oskol`` is the smallest deployment with
every page kind of a municipal monitoring, and ``examples/kemerovo`` a municipality with its report's
recommendations, events and measures; the snapshot holds a digest of each page's Markdown, of each file
beside the pages (section CSVs) and of each chart spec. A change that is meant writes the snapshot anew:
``UPDATE_SNAPSHOTS=1 pytest tests/test_site_pages_snapshot.py``, and the diff of the snapshot shows which
pages it touched.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from generator.site.charts import source_spec, spec_bytes

from .site_helpers import site_content

ROOT = Path(__file__).parents[1]
SNAPSHOTS = Path(__file__).parent / "snapshots"


def digests(data: Path) -> dict[str, dict[str, str]]:
    content = site_content(data, pdfs=True)

    def digest(blobs: dict[str, bytes]) -> dict[str, str]:
        return {name: hashlib.sha256(blob).hexdigest()[:20] for name, blob in sorted(blobs.items())}

    return {
        "pages": digest({path: text.encode() for path, text in content.pages.items()}),
        "files": digest(content.files),
        # a chart as the spec its image is drawn from, whatever form the generator keeps it in
        "charts": digest({name: spec_bytes(source_spec(c)) for name, c in content.charts.items()}),
        "nav": digest({"nav": json.dumps(content.nav, ensure_ascii=False).encode()}),
    }


@pytest.mark.parametrize("example", ["stary-oskol", "kemerovo", "michurinsk", "tver"])
def test_generated_pages_match_the_snapshot(example: str) -> None:
    found = digests(ROOT / "examples" / example / "data")
    snapshot = SNAPSHOTS / f"pages-{example}.json"
    if os.environ.get("UPDATE_SNAPSHOTS"):
        snapshot.write_text(json.dumps(found, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    expected = json.loads(snapshot.read_text(encoding="utf-8"))
    for part in ("pages", "files", "charts", "nav"):
        changed = sorted(
            k for k in expected[part].keys() | found[part].keys() if expected[part].get(k) != found[part].get(k)
        )
        assert not changed, f"{part} differ from the snapshot: {changed[:10]}"
