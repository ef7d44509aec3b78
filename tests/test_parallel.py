"""fork_map: the one way the build shares work out to forked processes."""

from __future__ import annotations

import gc
import os

import pytest

from generator.core import parallel


def _square_with_offset(task: int) -> tuple[int, int]:
    return task * task + parallel.state()["offset"], os.getpid()


def _fail_on_three(task: int) -> int:
    if task == 3:
        raise ValueError("task 3")
    return task


def test_results_come_in_the_order_of_the_tasks_from_forked_processes_that_inherit_the_state() -> None:
    seen: list[int] = []
    with parallel.shared(offset=100):
        results = parallel.fork_map(_square_with_offset, list(range(12)), 2, on_result=lambda n, _: seen.append(n))
    assert [value for value, _ in results] == [n * n + 100 for n in range(12)]
    assert os.getpid() not in {pid for _, pid in results}  # done by workers, not here
    assert seen == list(range(1, 13))
    assert parallel.state() == {}  # let go after the block


def test_one_worker_runs_in_this_process() -> None:
    with parallel.shared(offset=0):
        results = parallel.fork_map(_square_with_offset, [1, 2], 1)
    assert {pid for _, pid in results} == {os.getpid()}


def test_a_failing_task_fails_the_map_and_stages_do_not_nest() -> None:
    with pytest.raises(ValueError, match="task 3"):
        parallel.fork_map(_fail_on_three, list(range(6)), 2)
    with parallel.shared(a=1), pytest.raises(RuntimeError), parallel.shared(b=2):
        pass
    assert parallel.resolve_workers(None) >= 1 and parallel.resolve_workers(0) >= 1


def _frozen_in_worker(task: int) -> int:
    return gc.get_freeze_count()


def test_workers_see_the_inherited_objects_frozen_and_this_process_gets_them_back_even_after_a_failure() -> None:
    """A worker's collections leave alone what it inherited (no page of the parent's memory copied for them);
    once the map ends this process collects them again, as a long ``serve`` session must."""
    assert gc.get_freeze_count() == 0
    counts = parallel.fork_map(_frozen_in_worker, [1, 2], 2)
    assert min(counts) > 0
    assert gc.get_freeze_count() == 0
    with pytest.raises(ValueError, match="task 3"):
        parallel.fork_map(_fail_on_three, list(range(6)), 2)
    assert gc.get_freeze_count() == 0
