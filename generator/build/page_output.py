"""Where a page MkDocs renders goes: kept in memory, then written once.

Why: ``mkdocs.commands.build._build_page`` writes each page it renders; the parallel build
(:mod:`generator.build.mkdocs`) compacts the page, stores it in the cache with its late slots and writes it
with them filled, so MkDocs' own write was a file made and read back for nothing on every page.
``tests/test_mkdocs_internals.py`` checks that ``_build_page`` writes through ``mkdocs.utils.write_file``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator


@contextlib.contextmanager
def kept_output(dest: str) -> Iterator[list[bytes]]:
    """What ``_build_page`` writes to ``dest``, kept in memory instead: the page is compacted, cached and filled
    before it is written, once (MkDocs' own write, read back, cost a file and a read per page). Any other
    file written meanwhile (a plugin's) is written as MkDocs would."""
    from mkdocs import utils

    kept: list[bytes] = []
    original = utils.write_file

    def keep(content: bytes, output_path: str) -> None:
        if output_path == dest:
            kept.append(content)
        else:
            original(content, output_path)

    utils.write_file = keep
    try:
        yield kept
    finally:
        utils.write_file = original
