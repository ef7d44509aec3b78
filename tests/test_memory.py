"""The build hands the memory it freed back to the system before Chromium's tabs start (generator/core/memory.py)."""

from __future__ import annotations

import ctypes.util
import platform

import pytest

from generator.core.memory import release_freed


def _rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(platform.system() != "Linux" or not ctypes.util.find_library("c"), reason="glibc's malloc_trim")
def test_freed_memory_below_a_live_object_goes_back_to_the_system() -> None:
    """Blocks freed below one still in use are kept by the allocator (the heap cannot shrink past the live one):
    80 MiB of them stay in the process until they are released."""
    blocks = [bytes(2000) + str(i).encode() for i in range(40_000)]  # ~80 MiB, each its own malloc
    pinned = bytes(2000) + b"pinned"  # allocated last: the heap's top stays in use
    held = _rss_mib()
    del blocks
    kept = _rss_mib()
    assert release_freed()
    released = _rss_mib()
    assert pinned
    assert kept - released > 40, (held, kept, released)
