"""A careless argument never costs the data: the build replaces its site folder whole and prunes its work folder,
so a site or work folder that is, holds or lies inside the data, the hand-written pages or the project is refused
before anything is written — with the argument, what is wrong and what would be right — and the folder is as it
was, byte for byte."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from generator.build.destinations import default_work, destination_problems
from generator.cli import main

ROOT = Path(__file__).parents[1]


def _tree(folder: Path) -> str:
    """Every file under ``folder`` with its bytes, as one digest."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A deployer's project: its data, hand-written pages, documentation and mkdocs.yml."""
    shutil.copytree(ROOT / "examples" / "stary-oskol" / "data", tmp_path / "data")
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "site_overrides", tmp_path / "site_overrides")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "guide.md").write_text("# Руководство специалиста\n", encoding="utf-8")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def _build(project: Path, *args: str) -> int:
    """``proforientir build`` with the project's folders, run from the project as a deployer runs it."""
    folders = {"--data": "data", "--content": "content", "--config": "mkdocs.yml", "--out": "site", "--work": "build"}
    for name, value in zip(args[::2], args[1::2], strict=True):
        folders[name] = value
    argv = ["build", "--no-pdf", "--quiet"]
    for name, value in folders.items():
        argv += [name, str(project / value)]
    return main(argv)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--out", "data"), "папка сайта совпадает с папкой данных"),
        (("--out", "data/site"), "папка сайта лежит внутри папки данных"),
        (("--out", "content"), "папка сайта совпадает с папкой страниц, написанных вручную"),
        (("--out", "."), "папка сайта совпадает с папкой проекта (там mkdocs.yml)"),
        (("--out", "docs"), "папка не пуста и не похожа на собранный сайт (в ней нет index.html)"),
        (("--out", "build"), "папка сайта содержит рабочую папку"),
        (("--out", "mkdocs.yml"), "на месте папки сайта — файл"),
        (("--work", "."), "рабочая папка совпадает с папкой проекта"),
        (("--work", "data"), "рабочая папка совпадает с папкой данных"),
        (("--work", "content/build"), "рабочая папка лежит внутри папки страниц, написанных вручную"),
    ],
)
def test_a_folder_the_build_would_replace_or_prune_is_refused_and_nothing_is_touched(
    project: Path, args: tuple[str, str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _tree(project)
    assert _build(project, *args) == 1
    err = capsys.readouterr().err
    assert said in err
    assert f"{args[0]} {project / args[1]}:" in err  # the argument as it was given
    assert "например" in err or "Укажите" in err  # and what would be right
    assert "Traceback" not in err
    assert _tree(project) == before
    assert not (project / "site").exists() and not (project / "build").exists()


def test_every_reason_is_said_at_once(project: Path) -> None:
    found = destination_problems(
        project, project, None, project / "data", project / "content", project / "mkdocs.yml"
    )
    said = "\n".join(str(p) for p in found)
    for reason in (
        "папка сайта содержит папку данных",
        "папка сайта содержит папку страниц, написанных вручную",
        "папка сайта совпадает с папкой проекта",
        "рабочая папка совпадает с папкой проекта",
        "папка сайта содержит рабочую папку",
    ):
        assert reason in said
    assert all(str(p).startswith(f"{project}:1:1: ошибка: --") for p in found)


def test_a_cache_given_inside_the_data_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _tree(project)
    code = main(["build", "--data", str(project / "data"), "--cache", str(project / "data" / "svg"),
                 "--out", str(project / "site"), "--work", str(project / "build"), "--config",
                 str(project / "mkdocs.yml"), "--content", str(project / "content"), "--no-pdf", "--quiet"])
    assert code == 1
    assert "папка кэша совпадает с папкой данных" in capsys.readouterr().err
    assert _tree(project) == before


def test_an_earlier_site_and_an_empty_folder_are_replaced(project: Path) -> None:
    (project / "site").mkdir()
    assert _build(project) == 0  # an empty folder: the site goes there
    (project / "site" / "stale.html").write_text("прежняя страница", encoding="utf-8")
    assert _build(project) == 0  # a site built before (it has index.html): replaced whole
    assert (project / "site" / "index.html").is_file()
    assert not (project / "site" / "stale.html").exists()
    assert (project / "docs" / "guide.md").read_text(encoding="utf-8") == "# Руководство специалиста\n"


@pytest.mark.parametrize(
    ("out", "said"),
    [
        ("regions", "папка сайта совпадает с папкой данных регионов"),
        ("regions/site", "папка сайта лежит внутри папки данных регионов"),
        ("parts", "папка сайта совпадает с папкой собранных сайтов регионов"),
        (".", "папка сайта содержит папку данных регионов"),
        ("notes", "папка не пуста и не похожа на собранный сайт"),
    ],
)
def test_the_national_site_is_not_put_over_the_regions_data_or_its_parts(
    tmp_path: Path, out: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`assemble` replaces out/<region> by the region's built site: with --out over the regions' data, a
    region's data folder would have become its site."""
    (tmp_path / "regions" / "tverskaya").mkdir(parents=True)
    (tmp_path / "regions" / "tverskaya" / "region.yaml").write_text("region: {}\n", encoding="utf-8")
    (tmp_path / "parts" / "tverskaya").mkdir(parents=True)
    (tmp_path / "parts" / "tverskaya" / "index.html").write_text("<p>сайт региона</p>", encoding="utf-8")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "plan.md").write_text("план", encoding="utf-8")
    before = _tree(tmp_path)
    code = main(["assemble", "--parts", str(tmp_path / "parts"), "--regions", str(tmp_path / "regions"),
                 "--out", str(tmp_path / out)])
    assert code == 1
    assert said in capsys.readouterr().err
    assert _tree(tmp_path) == before


def test_a_folder_beside_the_site_named_like_its_old_copy_is_kept(project: Path) -> None:
    (project / "site.old").mkdir()
    (project / "site.old" / "archive.html").write_text("архив прошлого года", encoding="utf-8")
    assert _build(project) == 0
    assert _build(project) == 0  # the second build replaces the first site
    assert (project / "site.old" / "archive.html").read_text(encoding="utf-8") == "архив прошлого года"
    assert not list(project.glob(".site-*"))  # nothing of the swap left beside the site


def test_a_second_build_in_the_same_work_folder_waits_for_the_first(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two builds in one work folder at once (make serve rebuilding while make site runs) would prune each
    other's pages and cache; the second waits, says so, and builds once the first is done."""
    import fcntl
    import threading
    import time

    from generator.build.destinations import LOCK_FILE

    (project / "build").mkdir()
    finished: list[int] = []
    with open(project / "build" / LOCK_FILE, "a+b") as held:  # the first build, in the middle of its work
        fcntl.flock(held, fcntl.LOCK_EX)
        second = threading.Thread(target=lambda: finished.append(_build(project)))
        second.start()
        time.sleep(1.5)
        assert not finished and not (project / "site").exists()  # still waiting, nothing written
        fcntl.flock(held, fcntl.LOCK_UN)
        second.join(timeout=120)
    assert finished == [0]
    assert (project / "site" / "index.html").is_file()
    assert f"В рабочей папке {project / 'build'} идёт другая сборка: жду её окончания…" in capsys.readouterr().err


def test_the_preview_is_never_built_into_the_published_site_and_says_so_when_asked(tmp_path: Path) -> None:
    from generator.build.pipeline import BuildOptions
    from generator.build.serve import preview_folder

    work = tmp_path / "build"
    assert preview_folder(BuildOptions(work=work)) == (work / "preview", None)  # make serve: nothing to say
    folder, said = preview_folder(BuildOptions(work=work, out=tmp_path / "public"))
    assert folder == work / "preview"
    assert said == (
        f"Предпросмотр собирается в {work / 'preview'}, а не в {tmp_path / 'public'}: папку сайта пишет "
        "`proforientir build`."
    )


def test_another_data_folder_gets_a_work_folder_of_its_own_and_leaves_the_demos_cache_alone(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build sweeps from its work folder's cache what it did not use: an example built with the default work
    folder swept the project's own pages and charts, and the next ``make site`` was a cold build."""
    shutil.copytree(ROOT / "examples" / "kemerovo" / "data", project / "examples" / "other" / "data")
    monkeypatch.chdir(project)
    assert main(["build", "--no-pdf", "--quiet"]) == 0
    cache = _tree(project / "build" / "cache")
    assert main(["build", "--no-pdf", "--quiet", "--data", "examples/other/data", "--out", "other-site"]) == 0
    assert _tree(project / "build" / "cache") == cache
    assert (project / "build" / "work-examples-other" / "cache").is_dir()
    assert (project / "other-site" / "index.html").is_file()


def test_the_default_work_folder_is_named_after_the_data_folder(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    assert default_work(tmp_path / "data", config) == Path("build")
    assert default_work(tmp_path / "examples" / "kemerovo" / "data", config) == Path("build/work-examples-kemerovo")
    assert default_work(tmp_path / "regions" / "tver", config) == Path("build/work-regions-tver")
    assert default_work(Path("/srv/region data/data"), config) == Path("build/work-region-data")
