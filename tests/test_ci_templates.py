"""The CI pipeline a region copies (ci-templates/github/proforientir.yml) keeps its build cache alive.

GitHub removes a cache that no run has used for 7 days; without ``build/cache`` a region that commits once a
month would print every published report again at every commit (240 reports at 60 × 5: ~6 minutes).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

WORKFLOW = Path(__file__).resolve().parents[1] / "ci-templates" / "github" / "proforientir.yml"


def _workflow() -> dict[Any, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true


def test_the_workflow_runs_at_least_weekly_so_that_its_cache_is_never_7_days_unused() -> None:
    schedule = _triggers(_workflow())["schedule"]
    assert schedule, "no scheduled run"
    minute, hour, day, month, weekday = schedule[0]["cron"].split()
    assert (day, month) == ("*", "*") and weekday != "*" and "," not in weekday, schedule  # one day a week
    assert minute.isdigit() and hour.isdigit()


def test_every_run_restores_and_keeps_the_build_cache() -> None:
    steps = _workflow()["jobs"]["build"]["steps"]
    caches = [step for step in steps if str(step.get("uses", "")).startswith("actions/cache@")]
    assert caches and caches[0]["with"]["path"] == "build/cache"
    assert "if" not in caches[0], "the cache step must run on every event, the scheduled one included"


def test_the_scheduled_run_publishes_nothing() -> None:
    workflow = _workflow()
    upload = [s for s in workflow["jobs"]["build"]["steps"] if "upload-pages-artifact" in str(s.get("uses", ""))]
    assert upload and "github.event_name == 'push'" in upload[0]["if"]
    assert "github.event_name == 'push'" in workflow["jobs"]["deploy"]["if"]
