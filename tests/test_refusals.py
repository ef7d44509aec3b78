"""What the machine refuses — a full disk, a file where a folder goes — is said in one Russian line with its
path and a non-zero exit status, never a traceback; and nothing half-made is left beside the site."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from generator.cli import main
from generator.core.refusals import refusal

ROOT = Path(__file__).parents[1]


def test_a_full_disk_is_named_with_its_path_and_what_to_do() -> None:
    said = refusal(OSError(errno.ENOSPC, "No space left on device", "/srv/site/index.html"))
    assert said == "ошибка файловой системы: на диске нет места — освободите место и повторите: /srv/site/index.html"


def test_an_error_the_list_does_not_know_keeps_the_systems_words() -> None:
    said = refusal(OSError(errno.EIO, "Input/output error", "/srv/x"))
    assert said == "ошибка файловой системы: Input/output error: /srv/x"


@pytest.mark.parametrize("where", ["work", "out"])
def test_a_build_into_a_path_under_a_file_stops_with_a_message(
    where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    folders = {"work": tmp_path / "work", "out": tmp_path / "site", where: blocker / where}
    args = ["build", "--data", str(ROOT / "examples" / "stary-oskol" / "data"), "--no-pdf", "--quiet"]
    code = main([*args, "--out", str(folders["out"]), "--work", str(folders["work"])])
    err = capsys.readouterr().err
    assert code == 1
    assert "ошибка файловой системы:" in err and str(blocker) in err
    assert "Traceback" not in err
    assert not list(tmp_path.glob(".*-new-*"))  # no half-made site left beside where it was to go


def test_a_disk_that_fills_up_at_the_end_leaves_the_published_site_and_nothing_half_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.build import pipeline

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("опубликованный сайт", encoding="utf-8")

    def full(new: Path, out: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(out))

    monkeypatch.setattr(pipeline, "swap_in", full)
    data = ROOT / "examples" / "stary-oskol" / "data"
    work = tmp_path / "w"
    code = main(["build", "--data", str(data), "--out", str(site), "--work", str(work), "--no-pdf", "--quiet"])
    assert code == 1
    assert "на диске нет места" in capsys.readouterr().err
    assert (site / "index.html").read_text(encoding="utf-8") == "опубликованный сайт"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "w"]  # the half-made «.site-new-…» is gone
