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


def chromium_absence() -> str:
    """Why :func:`chromium_path` found no Chromium, in the words the build tells the person building.

    Why: a path mistyped in ``PROFORIENTIR_CHROMIUM`` and a machine without a browser are mended differently,
    and both end in a site without PDFs: the message names what was looked for.
    """
    if importlib.util.find_spec("playwright") is None:
        return "не установлен Playwright (pip install playwright), без него Chromium не запустить"
    wanted = os.environ.get("PROFORIENTIR_CHROMIUM", "").strip()
    if wanted:
        return (
            f"в PROFORIENTIR_CHROMIUM указан «{wanted}», а такой программы нет: исправьте путь или уберите "
            "эту переменную"
        )
    return "на этой машине нет Chromium (ни /usr/bin/chromium, ни chromium в PATH; в Debian: apt-get install chromium)"
