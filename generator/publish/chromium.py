"""Which Chromium the project drives, and with which flags: printing the reports, the screenshots, the tests."""

from __future__ import annotations

import importlib.util
import os
import shutil

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
NO_ADDRESS_BAR = "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup"
"""Chromium's headless window (156 here) loads the address bar's popup, a page in a process of its own, at
~0.8 s of CPU per window, which a window that only shows a page never opens: for the screenshots and the tests,
which open hundreds of windows, and for printing (an unknown feature name is ignored by other versions)."""


def chromium_path() -> str | None:
    """The Chromium to print with, or None when it (or Playwright) is missing — then the build skips PDFs.

    ``PROFORIENTIR_CHROMIUM`` wins when set (a path or a command name); otherwise Debian's
    ``/usr/bin/chromium``, otherwise ``chromium`` on PATH.
    """
    if importlib.util.find_spec("playwright") is None:
        return None
    wanted = os.environ.get("PROFORIENTIR_CHROMIUM", "").strip()
    for candidate in [wanted] if wanted else ["/usr/bin/chromium", "chromium"]:
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
        found = shutil.which(candidate)
        if found:
            return found
    return None
