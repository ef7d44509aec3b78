"""The CI a region copies (ci-templates/) keeps its build cache alive, its publishing never stops, and it prints PDFs.

GitHub removes a cache that no run has used for 7 days; without ``build/cache`` a region that commits once a
month would print every published report again at every commit (240 reports at 60 × 5: ~6 minutes). A weekly
workflow restores it. GitHub also disables a workflow with a schedule after 60 days without commits, all of
it: the schedule lives in a workflow of its own, never in the one that publishes the site.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

TEMPLATES = Path(__file__).resolve().parents[1] / "ci-templates" / "github"


def _workflow(name: str) -> dict[Any, Any]:
    return yaml.safe_load((TEMPLATES / name).read_text(encoding="utf-8"))


def _triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true


def _cache_steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [
        step
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if str(step.get("uses", "")).startswith(("actions/cache@", "actions/cache/restore@"))
    ]


def test_the_workflow_that_publishes_has_no_schedule_that_could_get_it_disabled() -> None:
    for name in ("proforientir.yml", "proforientir-national.yml"):
        assert "schedule" not in _triggers(_workflow(name)), name


def test_a_weekly_workflow_restores_the_very_cache_the_build_keeps() -> None:
    keeper = _workflow("proforientir-cache.yml")
    minute, hour, day, month, weekday = _triggers(keeper)["schedule"][0]["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit() and minute.isdigit() and hour.isdigit()
    (restored,) = _cache_steps(keeper)
    (kept,) = _cache_steps(_workflow("proforientir.yml"))
    assert "if" not in kept, "the build keeps its cache on every event"
    for field in ("path", "key", "restore-keys"):
        assert restored["with"][field] == kept["with"][field], field


def test_the_weekly_workflow_builds_and_publishes_nothing() -> None:
    keeper = _workflow("proforientir-cache.yml")
    assert keeper["permissions"] == {"contents": "read"}
    steps = [step for job in keeper["jobs"].values() for step in job["steps"]]
    assert all("run" not in step for step in steps)
    assert not [s for s in steps if "pages" in str(s.get("uses", ""))]


def test_every_gitlab_job_that_builds_the_site_has_chromium_for_the_pdfs() -> None:
    """GitLab's image (python:3.11) has no browser: without one the published reports would have no PDF."""
    workflow = yaml.safe_load((TEMPLATES.parent / "gitlab" / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    jobs = {name: job for name, job in workflow.items() if isinstance(job, dict)}
    building = [name for name, job in jobs.items() if "make site" in job.get("script", [])]
    assert sorted(building) == ["build", "pages"]
    for name in building:
        setup = workflow[workflow[name]["extends"]]["before_script"]
        assert any("apt-get install" in line and " chromium " in line for line in setup), name
