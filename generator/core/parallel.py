"""One way to share work out to forked processes: :func:`fork_map`, used by every parallel stage of the build.

Why fork: a stage's workers need large state built once in this process (the pages' texts, MkDocs'
configuration and navigation, the charts' specs); a forked worker inherits it for free, where a spawned one
would rebuild or unpickle it. The state is handed over with :func:`shared` (set right before the fork, read
by the task function with :func:`state`, cleared afterwards), so a task carries only its small arguments.

Fork is safe only where nothing has started threads that the worker needs (vl-convert's JavaScript runtime
has, so its drawing is spawned instead, see :mod:`generator.site.charts`). ``workers`` is resolved here
once: None is the machine's CPU count, and one worker or one task runs in this process, with no pool.

It lives in ``core`` (not ``build``) because stages left of ``build`` (the pages, the charts) use it too.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context
from typing import Any, TypeVar

__all__ = ["fork_map", "resolve_workers", "shared", "state"]

T = TypeVar("T")
R = TypeVar("R")

_STATE: dict[str, Any] = {}


def resolve_workers(workers: int | None) -> int:
    """The number of processes: as given, else one per CPU; never less than one."""
    return max(1, workers or os.cpu_count() or 1)


@contextmanager
def shared(**values: Any) -> Iterator[None]:
    """Make ``values`` the state the forked workers of the block inherit (cleared when it ends)."""
    if _STATE:
        raise RuntimeError("fork_map state is already set: parallel stages do not nest")
    _STATE.update(values)
    try:
        yield
    finally:
        _STATE.clear()


def state() -> dict[str, Any]:
    """The state set by :func:`shared`, in a worker (inherited by the fork) or in this process."""
    return _STATE


def fork_map(
    function: Callable[[T], R],
    tasks: Sequence[T],
    workers: int | None = None,
    on_result: Callable[[int, R], None] | None = None,
) -> list[R]:
    """``[function(task) for task in tasks]``, in forked processes; results in the order of ``tasks``.

    ``on_result(done, result)`` is called in this process as each result arrives, in order (a progress
    line). The first exception of a task is raised here, as a serial loop would raise it.
    """
    count = min(resolve_workers(workers), len(tasks))
    results: list[R] = []
    if count <= 1:
        for task in tasks:
            results.append(function(task))
            if on_result:
                on_result(len(results), results[-1])
        return results
    gc.freeze()  # the inherited objects out of the workers' collections: a collection would touch them all
    try:
        with ProcessPoolExecutor(max_workers=count, mp_context=get_context("fork")) as pool:
            for result in pool.map(function, tasks):
                results.append(result)
                if on_result:
                    on_result(len(results), result)
    finally:
        gc.unfreeze()
    return results
