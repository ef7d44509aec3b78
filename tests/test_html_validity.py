"""The markup of every page type passes the Nu HTML checker (vnu-jar, the W3C validator).

One page per page type of the demo site is checked, in a single run of ``vnu.jar`` for all of them.
There must be no error, except the few listed in ``THEME_ERRORS``: they come from the theme (Material for
MkDocs), not from our templates, and each says why it is harmless. An error of our own markup —
``generator/site/templates/*.j2`` or ``site_overrides/*.html`` — is fixed at its source, never listed here.

vnu-jar comes from npm (``make node_modules/.installed``) and needs Java: without them the test is
skipped locally and fails under CI=true.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .site_helpers import PAGE_TYPES, ROOT, BuiltSite, page_file, page_types

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# (message, the start of the offending markup, why it is the theme's and harmless)
THEME_ERRORS: list[tuple[str, str, str]] = [
    (
        "Attribute “autocomplete” is only allowed when the input type is",
        '<input class="md-toggle" data-md-toggle=',
        # Material's base.html puts autocomplete="off" on its hidden checkboxes #__drawer and #__search so
        # that Firefox does not restore a menu or the search left open before a reload. Browsers ignore the
        # attribute on a checkbox otherwise; the validator only notes it is not in the spec for checkboxes.
        "Material's drawer and search toggles",
    ),
]


def _require_vnu() -> None:
    problem = None
    if not VNU.is_file():
        problem = f"vnu-jar is not installed in {VNU.parent} (make node_modules/.installed)"
    elif shutil.which("java") is None:
        problem = "Java is not installed (vnu-jar needs it)"
    if problem:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(problem)
        pytest.skip(problem)


def _theme_error(message: dict[str, object]) -> str | None:
    text = str(message.get("message", ""))
    extract = re.sub(r"\s+", " ", str(message.get("extract", "")))
    for known, markup, why in THEME_ERRORS:
        if text.startswith(known) and markup in extract:
            return why
    return None


def test_one_page_of_every_type_passes_the_nu_html_checker(demo_site: BuiltSite) -> None:
    _require_vnu()
    assert demo_site.result.ok
    pages = page_types(demo_site.out)
    assert sorted(pages) == sorted(PAGE_TYPES), "a page type is missing from the demo site"
    files = {page_file(demo_site.out, url).resolve(): name for name, url in pages.items()}
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(run.stderr or run.stdout)  # vnu writes its JSON report to stderr
    errors = []
    for message in report["messages"]:
        if message.get("type") not in ("error", "non-document-error"):
            continue  # warnings and notes ("info") are advice, not invalid markup
        if _theme_error(message):
            continue
        name = files.get(Path(str(message.get("url", "")).removeprefix("file:")).resolve(), message.get("url"))
        extract = " ".join(str(message.get("extract", "")).split())
        errors.append(f"{name}:{message.get('lastLine')}: {message.get('message')}  «{extract}»")
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)
