"""Corrections of published editions: a cited number never changes silently.

One small site (two municipalities, one year, from the conftest helpers) goes once through the life
of an edition: published, changed without a correction entry (the build fails and says what to do),
corrected (the build passes; the pages show the notice with the old and the new value, the edition has
its corrections page, the downloads carry the log), all at the same URLs.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.inputs.editions_log import EDITIONS_FILE, PUBLISHED_FILE, read_snapshot
from generator.publish.lockfile import LOCKFILE, read_lock, render_lock

from .conftest import DataDir
from .site_helpers import build_site

NBSP = "\u00a0"
SECTION_OF_GRADS9 = "postuplenie-v-poo-i-vuzy"
REASON = "Школа № 2 уточнила число выпускников 9 классов, поступивших в колледжи"
SHOWN = REASON.replace("№ ", "№\u00a0")  # on a page «№» stays on the line of its number


def _alpha(grads9_to_poo: int) -> dict[str, int]:
    return {"students_g9": 80, "grads9": 80, "grads9_to_poo": grads9_to_poo}


def _page(out: Path, url: str) -> str:
    return (out / url.strip("/") / "index.html").read_text(encoding="utf-8")


@dataclass
class Life:
    """What each stage of an edition's life printed, built and wrote, in the order an official goes."""

    data: DataDir
    out: Path
    stages: dict[str, Any] = field(default_factory=dict)


def _run(args: list[str]) -> tuple[int, str, str]:
    """A command as the official types it: exit code, what it printed and what it reported."""
    import contextlib

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def life(tmp_path_factory: pytest.TempPathFactory) -> Life:
    """One small site through publication, an unrecorded change and its correction (the stages depend on
    each other, so they run here, once, and the tests read what each stage gave)."""
    root = tmp_path_factory.mktemp("corrections")
    data = DataDir(root / "data")
    data.year(2024, "alpha", _alpha(46), targets={"grads9_poo_share": 50.0})  # 46 of 80: 57,5 %
    data.year(2024, "beta", {"students_g9": 30, "grads9": 30, "grads9_to_poo": 12})
    out, work = root / "site", root / "build"
    life = Life(data, out)
    first = build_site(data.root, out, work)
    assert first.ok, [str(p) for p in first.problems]
    (data.root / LOCKFILE).write_text(render_lock(set(first.new_urls)), encoding="utf-8")

    life.stages["publish"] = _run(["publish", "2024", "--date", "2024-09-01", "--data", str(data.root)])
    life.stages["editions after publish"] = (data.root / EDITIONS_FILE).read_text(encoding="utf-8")
    life.stages["snapshot"] = read_snapshot(data.root / PUBLISHED_FILE)
    life.stages["publish again"] = _run(["publish", "2024", "--data", str(data.root)])
    published = build_site(data.root, out, work)
    life.stages["published build"] = published
    life.stages["published pages"] = {url: _page(out, url) for url in ("/2024/", "/2024/corrections/")}
    accepted = {*published.new_urls, *read_lock(data.root / LOCKFILE)}
    (data.root / LOCKFILE).write_text(render_lock(accepted), encoding="utf-8")

    section = f"/2024/alpha/{SECTION_OF_GRADS9}/"
    life.stages["section before"] = _page(out, section)
    data.year(2024, "alpha", _alpha(52), targets={"grads9_poo_share": 50.0})  # 52 of 80: 65,0 %
    life.stages["unrecorded build"] = build_site(data.root, out, work)
    life.stages["section after failed build"] = _page(out, section)
    life.stages["validate"] = _run(["validate", "--data", str(data.root)])

    args = ["correct", "2024", "--date", "2024-09-12", "--reason", REASON, "--data", str(data.root)]
    life.stages["correct"] = _run(args)
    life.stages["editions after correct"] = (data.root / EDITIONS_FILE).read_text(encoding="utf-8")
    life.stages["corrected build"] = build_site(data.root, out, work)
    return life


def test_publishing_marks_the_edition_and_keeps_its_values_as_published(life: Life) -> None:
    code, out, _ = life.stages["publish"]
    assert code == 0 and "отмечен опубликованным 01.09.2024" in out
    text = life.stages["editions after publish"]
    assert text.startswith("# yaml-language-server: $schema=../schemas/editions.schema.json\n")
    assert "  - year: 2024\n    published: 2024-09-01\n" in text
    published = life.stages["snapshot"][2024]
    assert str(published[("alpha", "grads9_poo_share")]) == "57.5"
    assert str(published[("region", "grads9_poo_share")]) == "52.7"  # 58 of 110


def test_publishing_twice_is_refused_a_published_edition_changes_only_through_corrections(life: Life) -> None:
    code, _, err = life.stages["publish again"]
    assert code == 1 and "уже опубликован" in err


def test_a_published_edition_has_its_corrections_page_at_a_new_permanent_address(life: Life) -> None:
    result = life.stages["published build"]
    assert result.ok, [str(p) for p in result.problems]
    # the new addresses: the edition's corrections page and the log among the downloads
    assert result.new_urls == [
        "/2024/corrections/",
        "/data/proforientir-corrections.csv",
        "/data/proforientir-corrections.xlsx",
    ]
    pages = life.stages["published pages"]
    assert "После публикации данные выпуска не исправлялись." in pages["/2024/corrections/"]
    assert "Выпуск опубликован 01.09.2024; исправлений не было" in pages["/2024/"]


def test_a_changed_number_without_a_correction_entry_fails_the_build_and_says_how_to_add_it(life: Life) -> None:
    result = life.stages["unrecorded build"]
    assert not result.ok
    errors = [str(p) for p in result.problems if p.severity.value == "ошибка"]
    assert len(errors) == 1, errors
    message = errors[0]
    assert "2024/alpha.yaml:1:1: ошибка: выпуск 2023/24 учебного года опубликован 01.09.2024" in message
    assert f"было 57,5{NBSP}%, стало 65,0{NBSP}%" in message
    assert "proforientir correct 2024 --reason" in message and EDITIONS_FILE in message
    assert life.stages["section after failed build"] == life.stages["section before"]  # the published site stays
    code, _, err = life.stages["validate"]
    assert code == 1 and "без записи об исправлении" in err


def test_with_a_correction_entry_it_builds_and_every_changed_page_shows_old_and_new(life: Life) -> None:
    code, _, _ = life.stages["correct"]
    assert code == 0
    text = life.stages["editions after correct"]
    alpha = "{territory: alpha, indicator: grads9_poo_share, old: 57.5, new: 65.0}"
    region = "{territory: region, indicator: grads9_poo_share, old: 52.7, new: 58.2}"  # 64 of 110
    assert alpha in text and region in text and text.index(alpha) < text.index(region)

    result = life.stages["corrected build"]
    assert result.ok, [str(p) for p in result.problems]
    assert result.new_urls == []  # the same addresses
    out = life.out
    notice = f"Данные исправлены 12.09.2024: {SHOWN}; Выпускники 9 классов в ПОО: было 57,5{NBSP}%, стало 65,0{NBSP}%"
    section = _page(out, f"/2024/alpha/{SECTION_OF_GRADS9}/")
    assert notice in section
    assert 'href="../../corrections/"' in section
    for url in ("/2024/alpha/report/", "/2024/alpha/targets/", "/2024/alpha/"):
        assert notice in _page(out, url), url
    regional = _page(out, f"/2024/region/{SECTION_OF_GRADS9}/")
    assert f"Альфинский городской округ, Выпускники 9 классов в ПОО: было 57,5{NBSP}%, стало 65,0{NBSP}%" in regional
    assert f"Тестовая область, Выпускники 9 классов в ПОО: было 52,7{NBSP}%, стало 58,2{NBSP}%" in regional
    # pages whose numbers did not change carry no notice
    assert "pf-correction" not in _page(out, "/2024/beta/")
    assert "pf-correction" not in _page(out, "/2024/alpha/soprovozhdenie/")

    listing = _page(out, "/2024/corrections/")
    assert "Исправление от 12.09.2024" in listing and SHOWN in listing
    assert f"<td>57,5{NBSP}%</td><td>65,0{NBSP}%</td>" in listing
    assert "Выпуск опубликован 01.09.2024; исправлений: 1" in _page(out, "/2024/")


def test_the_downloads_carry_the_correction_log(life: Life) -> None:
    out = life.out
    assert life.stages["corrected build"].ok
    raw = (out / "data" / "proforientir-corrections.csv").read_bytes()
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    alpha = next(r for r in rows if r["territory"] == "alpha")
    assert (alpha["year"], alpha["published"], alpha["corrected"], alpha["reason"]) == (
        "2024",
        "2024-09-01",
        "2024-09-12",
        REASON,
    )
    assert (alpha["indicator"], alpha["old"], alpha["new"]) == ("grads9_poo_share", "57.5", "65")
    package = json.loads((out / "data" / "datapackage.json").read_text(encoding="utf-8"))
    names = [r["path"] for r in package["resources"]]
    assert {"proforientir-corrections.csv", "proforientir-corrections.xlsx"} <= set(names)
    assert (out / "data" / "proforientir-corrections.xlsx").stat().st_size > 0
    assert "proforientir-corrections.csv" in _page(out, "/data/")


def test_the_log_validates_as_frictionless_data(life: Life) -> None:
    frictionless = pytest.importorskip("frictionless")
    assert life.stages["corrected build"].ok
    package = frictionless.Package(str(life.out / "data" / "datapackage.json"))
    for name in ("proforientir-corrections.csv", "proforientir-corrections.xlsx"):
        report = package.get_resource(name).validate()
        assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_a_correction_dated_before_the_publication_is_an_error(datadir: DataDir) -> None:
    from generator.build.validate import validate

    datadir.year(2024, "alpha", _alpha(46))
    datadir.write(
        EDITIONS_FILE,
        "editions:\n  - year: 2024\n    published: 2024-09-01\n    corrections:\n"
        "      - date: 2024-08-01\n        reason: Опечатка\n"
        "        changes: [{territory: alpha, indicator: grads9_poo_share, old: 57.5, new: 65}]\n",
    )
    report = validate(datadir.root)
    messages = [str(p) for p in report.errors]
    assert any("раньше публикации выпуска (01.09.2024)" in m and f"{EDITIONS_FILE}:5:" in m for m in messages), messages
    assert any("нет его опубликованных значений" in m for m in messages), messages


def test_a_publication_dated_before_the_editions_data_is_an_error(datadir: DataDir) -> None:
    """The pages and the feed print the publication date: 2023 for 2024 is a typo, not a fact."""
    from generator.build.validate import validate

    datadir.year(2024, "alpha", _alpha(46))
    datadir.write(EDITIONS_FILE, "editions:\n  - year: 2024\n    published: 2023-09-01\n")
    messages = [str(p) for p in validate(datadir.root).errors]
    assert any(
        m.startswith(f"{datadir.root / EDITIONS_FILE}:3:16: ошибка: выпуск 2023/24 учебного года не мог быть "
                     "опубликован 01.09.2023: его данные — на 31.05.2024")
        for m in messages
    ), messages


@pytest.mark.parametrize(
    ("day", "said"),
    [
        ("2024-05-30", "не мог быть опубликован 30.05.2024: его данные — на 31.05.2024"),
        ("2999-09-01", "дата публикации 01.09.2999 ещё не наступила"),
    ],
)
def test_publish_refuses_a_date_before_the_data_or_after_today_and_writes_nothing(
    datadir: DataDir, day: str, said: str
) -> None:
    datadir.year(2024, "alpha", _alpha(46))
    datadir.year(2024, "beta", {"students_g9": 30, "grads9": 30, "grads9_to_poo": 12})
    code, _, err = _run(["publish", "2024", "--date", day, "--data", str(datadir.root)])
    assert code == 1
    assert said in err
    assert not (datadir.root / EDITIONS_FILE).exists() and not (datadir.root / PUBLISHED_FILE).exists()


def test_a_correction_dated_after_today_is_refused(datadir: DataDir) -> None:
    datadir.year(2024, "alpha", _alpha(46))
    datadir.year(2024, "beta", {"students_g9": 30, "grads9": 30, "grads9_to_poo": 12})
    assert main(["publish", "2024", "--date", "2024-09-01", "--data", str(datadir.root)]) == 0
    datadir.year(2024, "alpha", _alpha(47))
    before = (datadir.root / EDITIONS_FILE).read_bytes()
    code, _, err = _run(["correct", "2024", "--date", "2999-09-02", "--reason", REASON, "--data", str(datadir.root)])
    assert code == 1
    assert "дата исправления 02.09.2999 ещё не наступила" in err
    assert (datadir.root / EDITIONS_FILE).read_bytes() == before


def test_the_files_publish_and_correct_write_pass_the_editors_json_schema(datadir: DataDir) -> None:
    import jsonschema

    from generator.build.validate import validate
    from generator.inputs.source import load_yaml

    datadir.year(2024, "alpha", _alpha(46))  # beta has not sent its data: published incomplete, with the reason
    args = ["publish", "2024", "--date", "2024-09-01", "--incomplete", "Бетинский район не представил данные"]
    assert main([*args, "--data", str(datadir.root)]) == 0
    datadir.year(2024, "alpha", _alpha(47))
    assert main(["correct", "2024", "--date", "2024-09-02", "--reason", REASON, "--data", str(datadir.root)]) == 0
    assert validate(datadir.root).errors == []
    schema_path = Path(__file__).resolve().parent.parent / "schemas" / "editions.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    data = load_yaml(datadir.root / EDITIONS_FILE).data
    jsonschema.validate(data, schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_importing_a_form_into_a_published_edition_writes_and_says_a_correction_is_due(
    datadir: DataDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import load_workbook

    datadir.year(2024, "alpha", _alpha(46))
    datadir.year(2024, "beta", {"students_g9": 30, "grads9": 30, "grads9_to_poo": 12})
    assert main(["publish", "2024", "--date", "2024-09-01", "--data", str(datadir.root)]) == 0
    form = tmp_path / "form.xlsx"
    assert main(["form", "2024", "--municipality", "alpha", "--out", str(form), "--data", str(datadir.root)]) == 0
    book = load_workbook(form)
    for ws in book.worksheets:
        for row in ws.iter_rows(min_row=5):
            if row[0].value == "grads9_to_poo":
                row[2].value = 52
    book.save(form)
    capsys.readouterr()
    assert main(["import", str(form), "--data", str(datadir.root)]) == 0
    err = capsys.readouterr().err
    assert "Внимание: выпуск 2023/24 учебного года опубликован 01.09.2024" in err
    assert "proforientir correct 2024" in err
    assert "proforientir-import-" not in err  # the file to edit is named in the data folder, not in a copy
    assert "grads9_to_poo: 52" in (datadir.root / "2024" / "alpha.yaml").read_text(encoding="utf-8")


def test_a_value_that_appears_or_disappears_is_told_in_words(datadir: DataDir) -> None:
    from decimal import Decimal

    from generator.inputs.editions_log import was_and_now
    from generator.inputs.load import load_dataset

    datadir.year(2024, "alpha", _alpha(46))
    catalogue = load_dataset(datadir.root).dataset.catalogue  # type: ignore[union-attr]
    share = "grads9_poo_share"
    assert was_and_now(catalogue, share, Decimal("67.4"), Decimal("68.1")) == f"было 67,4{NBSP}%, стало 68,1{NBSP}%"
    assert was_and_now(catalogue, share, None, Decimal("68.1")) == f"данных не было, стало 68,1{NBSP}%"
    assert was_and_now(catalogue, share, Decimal("67.4"), None) == f"было 67,4{NBSP}%, теперь данных нет"


def test_a_published_figure_printed_finer_than_the_precision_changes_only_through_a_correction(
    datadir: DataDir,
) -> None:
    """The site shows a source's 51,25 % as printed: 51,27 % is another published number, though both round
    to 51,3 %, and the correction log keeps both as they were shown."""
    from generator.build.validate import validate

    printed = {"grads9_poo_share": {"value": 51.25, "source": "Таблица 4"}}
    datadir.year(2024, "alpha", printed=printed)
    datadir.year(2024, "beta", {"students_g9": 30, "grads9": 30, "grads9_to_poo": 12})
    assert main(["publish", "2024", "--date", "2024-09-01", "--data", str(datadir.root)]) == 0
    assert str(read_snapshot(datadir.root / PUBLISHED_FILE)[2024][("alpha", "grads9_poo_share")]) == "51.25"
    datadir.year(2024, "alpha", printed={"grads9_poo_share": {"value": 51.27, "source": "Таблица 4"}})
    messages = [str(p) for p in validate(datadir.root).errors]
    assert len(messages) == 1 and f"было 51,25{NBSP}%, стало 51,27{NBSP}%" in messages[0], messages
    assert main(["correct", "2024", "--date", "2024-09-02", "--reason", REASON, "--data", str(datadir.root)]) == 0
    assert validate(datadir.root).errors == []
    assert "old: 51.25" in (datadir.root / EDITIONS_FILE).read_text(encoding="utf-8")


def _with_precision(datadir: DataDir, indicator: str, digits: int) -> int:
    """The catalogue with ``precision: digits`` for ``indicator``; the line of that key."""
    path = datadir.root / "indicators.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index(f"  - id: {indicator}\n")
    method = next(i for i in range(start, len(lines)) if lines[i].startswith("    method:"))
    lines.insert(method, f"    precision: {digits}\n")
    path.write_text("".join(lines), encoding="utf-8")
    return method + 1


@pytest.mark.parametrize(
    ("digits", "example"),
    [
        (2, f"59,0{NBSP}% → 58,97{NBSP}% (Альфинский городской округ)"),  # 46 of 78; the region's 53,70 is 53,7
        (0, f"53,7{NBSP}% → 54{NBSP}% (регион в целом)"),  # 58 of 108; Альфинский's 59 is 59,0
    ],
)
def test_a_precision_changed_in_the_catalogue_is_told_at_the_catalogue_not_at_every_year_file(
    datadir: DataDir, digits: int, example: str
) -> None:
    """The data did not change, the rounding did: the official is sent to the line of indicators.yaml that did
    it (not to the year files, which say what they said), with the published and the new figure."""
    from generator.build.validate import validate

    datadir.year(2024, "alpha", {"students_g9": 80, "grads9": 78, "grads9_to_poo": 46})
    datadir.year(2024, "beta", {"students_g9": 30, "grads9": 30, "grads9_to_poo": 12})
    assert main(["publish", "2024", "--date", "2024-09-01", "--data", str(datadir.root)]) == 0
    line = _with_precision(datadir, "grads9_poo_share", digits)
    errors = validate(datadir.root).errors
    assert len(errors) == 1, [str(p) for p in errors]
    error = errors[0]
    assert (Path(error.path).name, error.line) == ("indicators.yaml", line)
    assert "изменилась точность" in error.message and f"до 1{NBSP}знака после запятой" in error.message
    assert f"например {example}" in error.message
    assert "proforientir correct 2024" in error.message
    assert main(["correct", "2024", "--date", "2024-09-02", "--reason", REASON, "--data", str(datadir.root)]) == 0
    assert validate(datadir.root).errors == []
