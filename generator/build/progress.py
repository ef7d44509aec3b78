"""The build's progress lines: stage, count and elapsed time, quiet enough for CI logs."""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO


class Progress:
    """Stage, count and elapsed time; quiet enough for CI logs.

    Every finished stage is one line. Within a long stage (thousands of pages) a terminal gets one line
    rewritten in place with the count so far; a log (not a terminal, or ``CI`` set) gets at most one line
    per quarter of the stage (of each edition's count, when a stage counts edition by edition), so a CI log
    of a large region stays a few screenfuls.
    """

    def __init__(self, quiet: bool, stream: TextIO | None = None) -> None:
        self.quiet = quiet
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() and not os.environ.get("CI")
        self.start = time.perf_counter()
        self.last = self.start
        self.timings: dict[str, float] = {}
        self._shown = 0.0
        self._quarter = -1
        self._counting = ""  # the stage (or edition) whose quarters are being counted
        self._live = False

    def _clear(self) -> None:
        if self._live:
            self.stream.write("\r\033[K")
            self._live = False

    def done(self, stage: str, detail: str = "") -> None:
        now = time.perf_counter()
        self.timings[stage] = now - self.last
        self.last = now
        self._quarter = -1
        if not self.quiet:
            self._clear()
            print(f"[{now - self.start:6.1f} с] {stage}{': ' + detail if detail else ''}", file=self.stream)

    def tick(self, stage: str, done: int, total: int, unit: str = "") -> None:
        """Progress inside a stage: ``done`` of ``total``."""
        if self.quiet or total <= 0:
            return
        now = time.perf_counter()
        line = f"[{now - self.start:6.1f} с] {stage}: {done} из {total}{' ' + unit if unit else ''}"
        if self.tty:
            if now - self._shown >= 0.2 or done == total:
                self.stream.write("\r\033[K" + line)
                self.stream.flush()
                self._shown, self._live = now, True
            return
        if stage != self._counting:  # another edition's count within one stage («MkDocs 2023», «PDF 2024»)
            self._counting, self._quarter = stage, -1
        quarter = done * 4 // total
        if quarter > self._quarter and done < total:
            self._quarter = quarter
            print(line, file=self.stream)
