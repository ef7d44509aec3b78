"""One environment variable set for the length of a block, then restored as it was.

Why: the tools the build starts read their settings from the environment they inherit — MkDocs and the PDF
printer the data's date (``SOURCE_DATE_EPOCH``), Playwright's driver V8's options (``NODE_OPTIONS``) — and the
build must leave the environment of whoever called it as it found it, absent variables absent.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["setting"]


@contextmanager
def setting(name: str, value: str) -> Iterator[str | None]:
    """``name`` set to ``value`` while the block runs; yields the value it had before (None: not set)."""
    before = os.environ.get(name)
    os.environ[name] = value
    try:
        yield before
    finally:
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before
