"""Long builds show their progress on a terminal and stay short in a CI log."""

from __future__ import annotations

import io

import pytest

from generator.build.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_log_gets_a_line_per_stage_and_at_most_one_per_quarter_of_a_long_stage(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CI", raising=False)
    log = io.StringIO()
    progress = Progress(quiet=False, stream=log)
    for done in range(1, 4319):
        progress.tick("MkDocs", done, 4318, "страниц")
    progress.done("MkDocs", "страниц 4318")
    lines = log.getvalue().splitlines()
    assert len(lines) <= 5 and "\r" not in log.getvalue()
    assert lines[0].endswith("MkDocs: 1 из 4318 страниц")
    assert lines[-1].endswith("] MkDocs: страниц 4318") and lines[-1].startswith("[")


def test_each_editions_count_within_one_stage_gets_its_own_quarters(monkeypatch: pytest.MonkeyPatch) -> None:
    """MkDocs and the PDFs count edition by edition: the second edition's lines are not swallowed because the
    first one had reached its last quarter."""
    monkeypatch.delenv("CI", raising=False)
    log = io.StringIO()
    progress = Progress(quiet=False, stream=log)
    for year in (2024, 2025):
        for done in range(1, 61):
            progress.tick(f"PDF {year}", done, 60, "напечатано")
    progress.done("PDF", "всего 120")
    lines = log.getvalue().splitlines()
    assert [line.split("] ")[1] for line in lines[:-1]] == [
        f"PDF {year}: {done} из 60 напечатано" for year in (2024, 2025) for done in (1, 15, 30, 45)
    ]


def test_a_terminal_gets_one_line_rewritten_in_place_then_the_stage_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    terminal = Terminal()
    progress = Progress(quiet=False, stream=terminal)
    progress.tick("MkDocs", 1, 10, "страниц")
    progress.tick("MkDocs", 10, 10, "страниц")
    progress.done("MkDocs", "готово")
    text = terminal.getvalue()
    assert text.count("\r\033[K") == 3  # two updates of the live line, then it is cleared for the stage line
    assert text.endswith("MkDocs: готово\n") and "10 из 10 страниц" in text


def test_on_ci_a_terminal_is_treated_as_a_log(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    terminal = Terminal()
    Progress(quiet=False, stream=terminal).tick("MkDocs", 1, 10)
    assert "\r" not in terminal.getvalue()


def test_quiet_prints_nothing() -> None:
    log = io.StringIO()
    progress = Progress(quiet=True, stream=log)
    progress.tick("MkDocs", 1, 2)
    progress.done("MkDocs")
    assert log.getvalue() == "" and "MkDocs" in progress.timings
