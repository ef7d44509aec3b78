"""Memory the build freed handed back to the system before a stage that needs much of its own.

Why: CPython returns freed objects to glibc's allocator, which keeps the pages for later allocations instead of
giving them back. After MkDocs, the build process of a 60 × 5 region held 797 MiB of which 378 MiB were such
freed pages — while the next stage starts Chromium, whose tabs printing reports take about a gigabyte of their
own. ``malloc_trim(0)`` returns them (RSS 797 → 419 MiB, measured), so the build's peak stays within the memory
it needs. Elsewhere than glibc (musl, macOS) there is no such call and nothing is done.

The same happens while the reports are printed: each PDF passes through the build process as a few megabytes
(Chromium's base64, the raw bytes, qpdf's packing), and glibc kept what they left: the process grew by 150 MiB
over 240 reports (442 → 592 MiB PSS) while Chromium's tabs were at their largest. Released every few PDFs, it
stays at ~430 MiB (measured on 60 × 5 with four editions published).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
from collections.abc import Callable


@functools.cache
def _trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    trim = getattr(libc, "malloc_trim", None) if libc is not None else None
    if trim is None:
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def release_freed(*, collect: bool = True) -> bool:
    """Collect unreachable objects and give the allocator's free pages back to the system; whether it could.

    ``collect=False`` skips the garbage collector: for a release repeated during a stage, where a full collection
    of the build's millions of objects would cost more than the pages it finds (memory freed by reference counts,
    such as a PDF's bytes, needs no collection)."""
    if collect:
        gc.collect()
    trim = _trim()
    if trim is None:
        return False
    trim(0)
    return True
