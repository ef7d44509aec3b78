"""Open data the Russian way: the register and the passports follow the Methodological recommendations.

The validator below reads the built site as an open-data portal's harvester would, by the rules the
generator's docstring (generator/publish/opendata.py) takes from the recommendations (3.0's files, 4.0's
passport fields): where the files are, their encoding and line ends, the columns of the register, the
passport and the structure, the required passport rows, the identifier, the date formats, the names of the
versioned files, and that every link resolves to a file of the built site. It runs on a small site, on the
demo and on both examples. Then one small deployment goes through a publication, a new edition and a
correction, and every earlier version stays where it was, byte for byte.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

from generator.build.validate import validate
from generator.cli import main
from generator.inputs.editions_log import PUBLISHED_FILE, read_snapshot
from generator.inputs.site_file import SITE_FILE, SiteFile, read_site_file
from generator.publish.opendata import build_open_data
from generator.recommend.evaluate import recommend

from .conftest import ROOT, DataDir
from .site_helpers import BuiltSite, build_example, build_site

REQUIRED = (
    "standardversion", "identifier", "title", "description", "creator", "format", "subject",
    "created", "modified", "provenance", "valid", "publishername", "publisherphone", "publishermbox",
)  # fmt: skip
IDENTIFIER = re.compile(r"^(?:(?P<inn>[0-9]{10}|[0-9]{12})-)?[a-z0-9][a-z0-9-]*[a-z0-9]$")
DATA_ROW = re.compile(r"^data-(?P<data>[0-9]{8})-structure-(?P<structure>[0-9]{8})$")
STRUCTURE_ROW = re.compile(r"^structure-(?P<structure>[0-9]{8})$")
FORMATS = {"integer", "number", "string", "date"}
PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{4,30}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _ymd(text: str) -> date:
    assert re.fullmatch(r"[0-9]{8}", text), f"дата не в формате ГГГГММДД: {text!r}"
    return datetime.strptime(text, "%Y%m%d").date()


def _read_csv(path: Path) -> list[list[str]]:
    """A CSV as the recommendations want it: UTF-8 without a BOM, RFC 4180 (CRLF after every record)."""
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), f"{path}: метка BOM"
    text = raw.decode("utf-8")
    assert text.endswith("\r\n"), f"{path}: последняя запись без CRLF"
    assert "\n" not in text.replace("\r\n", ""), f"{path}: перевод строки без CR"
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    assert rows and all(rows), f"{path}: пустой файл или пустая строка"
    return rows


@dataclass
class Checked:
    """What the validator found: the sets by identifier, with their data files, newest first."""

    sets: dict[str, list[str]]


def check_open_data(site: Path, data: Path) -> Checked:
    """Every rule the register and the passports must follow; returns the sets and their versions."""
    register = _read_csv(site / "opendata" / "list.csv")
    assert register[0] == ["property", "title", "value", "format"]
    assert register[1][:3] == ["standardversion", "Версия методических рекомендаций",
                               "http://opendata.gosmonitor.ru/standard/3.0"]  # fmt: skip
    problems: list[str] = []
    spec = read_site_file(data, problems)
    assert not problems
    publisher = (spec or SiteFile()).publisher
    found: dict[str, list[str]] = {}
    for identifier, title, url, fmt in register[2:]:
        match = IDENTIFIER.fullmatch(identifier)
        assert match, f"идентификатор набора {identifier!r}: ИНН-код латиницей"
        assert match["inn"] == (publisher.inn if publisher else None), identifier  # never an invented INN
        assert identifier not in found, f"набор {identifier} дважды в реестре"
        assert title.strip() and fmt == "csv"
        assert url.endswith(f"/opendata/{identifier}/meta.csv"), url
        meta_path = _resolve(site, url)
        meta = _read_csv(meta_path)
        assert meta[0] == ["property", "value"]
        values: dict[str, str] = {}
        data_rows: list[re.Match[str]] = []
        structures: set[str] = set()
        for prop, value in meta[1:]:
            if (m := DATA_ROW.fullmatch(prop)) is not None:
                assert value.endswith(f"/opendata/{identifier}/{prop}.csv"), value
                data_rows.append(m)
                _check_data_file(_resolve(site, value), _resolve(site, _structure_url(value, m["structure"])))
            elif (m := STRUCTURE_ROW.fullmatch(prop)) is not None:
                assert value.endswith(f"/opendata/{identifier}/{prop}.csv"), value
                _resolve(site, value)
                structures.add(m["structure"])
            else:
                assert prop not in values, f"{meta_path}: строка {prop} дважды"
                values[prop] = value
        assert set(REQUIRED) <= set(values), f"{meta_path}: нет {sorted(set(REQUIRED) - set(values))}"
        assert set(values) <= set(REQUIRED), f"{meta_path}: лишние строки {sorted(set(values) - set(REQUIRED))}"
        assert values["standardversion"] == register[1][2]
        assert values["identifier"] == identifier and values["title"] == title
        for required in ("title", "description", "creator", "subject", "provenance"):
            assert values[required].strip(), f"{meta_path}: пусто {required}"
        assert values["format"] == "csv"
        assert data_rows, f"{meta_path}: ни одной версии данных"
        assert {m["structure"] for m in data_rows} <= structures, "версия ссылается на отсутствующую структуру"
        days = [_ymd(m["data"]) for m in data_rows]
        assert days == sorted(days, reverse=True) and len(set(days)) == len(days), "версии — от новой к старой"
        created, modified, valid = _ymd(values["created"]), _ymd(values["modified"]), _ymd(values["valid"])
        assert created == days[-1] and modified == days[0] and valid > modified
        for structure in structures:
            assert _ymd(structure) <= created
        # the responsible person and the contacts are those of data/site.yaml, and only those
        assert values["publishername"] == ((publisher.responsible or "") if publisher else "")
        assert values["publisherphone"] == ((publisher.phone or "") if publisher else "")
        assert values["publishermbox"] == ((publisher.email or "") if publisher else "")
        assert not values["publisherphone"] or PHONE.fullmatch(values["publisherphone"])
        assert not values["publishermbox"] or EMAIL.fullmatch(values["publishermbox"])
        if publisher is not None:
            assert values["creator"] == publisher.owner
        found[identifier] = [m.group(0) for m in data_rows]
    return Checked(found)


def _structure_url(data_url: str, structure: str) -> str:
    return data_url.rsplit("/", 1)[0] + f"/structure-{structure}.csv"


def _resolve(site: Path, url: str) -> Path:
    """The file of the built site a link of the register or a passport points at."""
    match = re.fullmatch(r"https?://[^/]+/(?P<path>.*)", url)
    assert match, f"ссылка не абсолютная: {url}"
    path = site / match["path"]
    assert path.is_file(), f"ссылка {url} не ведёт к файлу сайта"
    return path


def _check_data_file(path: Path, structure_path: Path) -> None:
    structure = _read_csv(structure_path)
    assert structure[0] == ["field name", "english description", "russian description", "format"]
    fields = structure[1:]
    assert all(name and english and russian and fmt in FORMATS for name, english, russian, fmt in fields)
    rows = _read_csv(path)
    assert rows[0] == [f[0] for f in fields], f"{path}: заголовок не совпадает со структурой"
    for row in rows[1:]:
        assert len(row) == len(fields), f"{path}: {row}"
        for (name, _, _, fmt), cell in zip(fields, row, strict=True):
            if not cell:
                continue
            if fmt == "integer":
                assert cell.isdigit(), f"{path}: {name}={cell!r}"
            elif fmt == "number":
                try:
                    Decimal(cell)
                except InvalidOperation:
                    pytest.fail(f"{path}: {name}={cell!r} — не число")
            elif fmt == "date":
                date.fromisoformat(cell)


# --- on built sites -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = tmp_path_factory.mktemp("opendata-small")
    data = DataDir(root / "data")
    data.year(2024, "alpha", {"students_g9": 80, "grads9": 80, "grads9_to_poo": 46})
    data.year(2024, "beta", {"students_g9": 30, "grads9": 30, "grads9_to_poo": 12})
    data.write(
        SITE_FILE,
        "publisher:\n  owner: Министерство образования Тестовой области\n"
        "  responsible: начальник отдела мониторинга\n  phone: +7 (000) 000-00-00\n"
        "  email: opendata@example.org\n  inn: '0000000000'\n",
    )
    out = root / "site"
    return BuiltSite(data.root, out, root / "build", build_site(data.root, out, root / "build"))


def test_a_small_site_with_every_contact_has_a_valid_register(small: BuiltSite) -> None:
    assert small.result.ok, [str(p) for p in small.result.problems]
    checked = check_open_data(small.out, small.data)
    assert set(checked.sets) == {"0000000000-proforientir-indicators", "0000000000-proforientir-recommendations"}
    meta = dict(_read_csv(small.out / "opendata/0000000000-proforientir-indicators/meta.csv")[1:])
    assert meta["publisherphone"] == "+7 (000) 000-00-00" and meta["publishermbox"] == "opendata@example.org"


def test_the_data_page_links_the_register_and_names_the_owner(small: BuiltSite) -> None:
    page = small.page("/data/")
    assert 'href="../opendata/list.csv"' in page
    assert 'href="../opendata/0000000000-proforientir-indicators/meta.csv"' in page
    assert "Владелец наборов — Министерство образования Тестовой области" in page
    assert "не указан" not in page  # site.yaml gives everything: nothing is said missing


def test_the_demo_has_a_valid_register(demo_site: BuiltSite) -> None:
    assert demo_site.result.ok
    checked = check_open_data(demo_site.out, demo_site.data)
    # the demo publishes one edition (2024/25) and corrects none: its log of corrections is there, empty
    assert set(checked.sets) == {"proforientir-indicators", "proforientir-recommendations", "proforientir-corrections"}
    page = demo_site.page("/data/")
    assert "Владелец наборов — Министерство образования Демонстрационной области" in page
    assert "Телефон и адрес электронной почты ответственного не указаны" in page


@pytest.mark.parametrize("example", ["kemerovo", "stary-oskol", "michurinsk", "tver"])
def test_each_example_has_a_valid_register(example: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    site = build_example(ROOT / "examples" / example, tmp_path_factory.mktemp(example) / "site")
    assert site.result.ok, [str(p) for p in site.result.problems]
    checked = check_open_data(site.out, site.data)
    assert "proforientir-indicators" in checked.sets
    page = site.page("/data/")
    assert "владелец не указан в файле data/site.yaml" in page.lower()


# --- versions through the life of a deployment ----------------------------------------------------


def _files(root: Path) -> dict[str, bytes]:
    report = validate(root)
    assert not report.errors, [str(p) for p in report.errors]
    assert report.dataset is not None and report.table is not None and report.corrections is not None
    recommendations = recommend(report.rules, report.table, report.dataset) if report.rules else []
    return build_open_data(
        report.dataset, report.table, report.corrections, read_snapshot(root / PUBLISHED_FILE), recommendations,
        report.site, "https://example.org/", "Тестовая область", datetime(2030, 1, 1),
    ).files  # fmt: skip


def _cli(*args: str) -> None:
    import contextlib

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(list(args)) == 0, args


INDICATORS = "opendata/proforientir-indicators"
CORRECTIONS = "opendata/proforientir-corrections"


@pytest.fixture(scope="module")
def life(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    """The open-data files after each step: a first edition published, a second edition on the site, the
    second published, the first corrected."""
    data = DataDir(tmp_path_factory.mktemp("opendata-life") / "data")
    data.year(2024, "alpha", {"students_g9": 80, "grads9": 80, "grads9_to_poo": 46})
    data.year(2024, "beta", {"students_g9": 30, "grads9": 30, "grads9_to_poo": 12})
    root = str(data.root)
    steps: dict[str, dict[str, bytes]] = {"unpublished": _files(data.root)}
    _cli("publish", "2024", "--date", "2024-09-01", "--data", root)
    steps["published"] = _files(data.root)
    data.year(2025, "alpha", {"students_g9": 82, "grads9": 82, "grads9_to_poo": 50})
    data.year(2025, "beta", {"students_g9": 31, "grads9": 31, "grads9_to_poo": 14})
    steps["new edition on the site"] = _files(data.root)
    _cli("publish", "2025", "--date", "2025-09-01", "--data", root)
    steps["second published"] = _files(data.root)
    data.year(2024, "alpha", {"students_g9": 80, "grads9": 80, "grads9_to_poo": 52})
    _cli("correct", "2024", "--date", "2025-10-01", "--reason", "Уточнено число поступивших", "--data", root)
    steps["corrected"] = _files(data.root)
    steps["corrected again"] = _files(data.root)
    out = data.root.parent / "site"
    built = build_site(data.root, out, data.root.parent / "build")
    assert built.ok, [str(p) for p in built.problems]
    check_open_data(out, data.root)
    steps["built"] = {
        path.relative_to(out).as_posix(): path.read_bytes() for path in (out / "opendata").rglob("*") if path.is_file()
    }
    return steps


def _data_files(files: dict[str, bytes], folder: str) -> dict[str, bytes]:
    return {k: v for k, v in files.items() if k.startswith(folder + "/data-")}


def test_a_published_edition_is_a_version_dated_by_its_publication(life: dict[str, dict[str, bytes]]) -> None:
    before = _data_files(life["unpublished"], INDICATORS)
    assert list(before) == [f"{INDICATORS}/data-20300101-structure-20300101.csv"]  # current, by the data's date
    published = _data_files(life["published"], INDICATORS)
    assert list(published) == [f"{INDICATORS}/data-20240901-structure-20240901.csv"]
    rows = list(csv.reader(io.StringIO(published[f"{INDICATORS}/data-20240901-structure-20240901.csv"].decode())))
    assert ["2024", "alpha", "grads9_poo_share", "57.5", "2024-09-01", ""] in rows


def test_earlier_versions_stay_byte_for_byte_after_a_new_edition_and_a_correction(
    life: dict[str, dict[str, bytes]],
) -> None:
    first = f"{INDICATORS}/data-20240901-structure-20240901.csv"
    second = f"{INDICATORS}/data-20250901-structure-20240901.csv"
    corrected = f"{INDICATORS}/data-20251001-structure-20240901.csv"
    on_site = _data_files(life["new edition on the site"], INDICATORS)
    assert on_site[first] == life["published"][first]
    assert len(on_site) == 2  # the first edition's version and the current one with the second edition
    assert set(_data_files(life["second published"], INDICATORS)) == {first, second}
    after = life["corrected"]
    assert set(_data_files(after, INDICATORS)) == {first, second, corrected}
    assert after[first] == life["published"][first] and after[second] == life["second published"][second]
    rows = list(csv.reader(io.StringIO(after[corrected].decode())))
    assert ["2024", "alpha", "grads9_poo_share", "65", "2024-09-01", "2025-10-01"] in rows
    old = list(csv.reader(io.StringIO(after[second].decode())))
    assert ["2024", "alpha", "grads9_poo_share", "57.5", "2024-09-01", ""] in old
    assert life["corrected again"] == after  # same data in, same bytes out


def test_every_version_is_reachable_on_the_built_site_with_the_same_bytes(
    life: dict[str, dict[str, bytes]],
) -> None:
    """The built site (its own URL, its own date of data) serves every version, each exactly as it was
    first written: a frozen version depends on nothing but the publication and correction history."""
    built = life["built"]
    for step in ("published", "second published", "corrected"):
        for path, data in life[step].items():
            if "/data-" in path and path.startswith((INDICATORS, CORRECTIONS)):  # the recommendations: current only
                assert built.get(path) == data, path


def test_the_passport_lists_every_version_and_the_last_change(life: dict[str, dict[str, bytes]]) -> None:
    meta = dict(list(csv.reader(io.StringIO(life["corrected"][f"{INDICATORS}/meta.csv"].decode())))[1:])
    versions = [k for k in meta if k.startswith("data-")]
    assert versions == [
        "data-20251001-structure-20240901", "data-20250901-structure-20240901", "data-20240901-structure-20240901",
    ]  # fmt: skip
    assert meta["created"] == "20240901" and meta["modified"] == "20251001" and meta["valid"] == "20261001"
    assert meta["provenance"] == "Исправление выпуска 2023/24 учебного года: Уточнено число поступивших"
    register = life["corrected"]["opendata/list.csv"].decode()
    assert "https://example.org/opendata/proforientir-corrections/meta.csv" in register


def test_the_corrections_set_gains_a_version_with_each_correction(life: dict[str, dict[str, bytes]]) -> None:
    assert not _data_files(life["unpublished"], CORRECTIONS)  # nothing published, nothing to correct
    empty = f"{CORRECTIONS}/data-20240901-structure-20240901.csv"
    assert list(_data_files(life["published"], CORRECTIONS)) == [empty]  # published, not corrected: a header
    assert life["published"][empty].count(b"\r\n") == 1
    after = _data_files(life["corrected"], CORRECTIONS)
    latest = f"{CORRECTIONS}/data-20251001-structure-20240901.csv"
    assert set(after) == {empty, latest}
    assert after[empty] == life["published"][empty]  # the version before the correction stays
    rows = list(csv.reader(io.StringIO(after[latest].decode())))
    assert rows[1] == [
        "2024", "2024-09-01", "2025-10-01", "Уточнено число поступивших", "alpha", "grads9_poo_share", "57.5", "65",
    ]  # fmt: skip


def test_a_broken_site_file_is_an_error_with_file_and_line(tmp_path: Path) -> None:
    data = DataDir(tmp_path / "data")
    data.year(2024, "alpha", {"students_g9": 80, "grads9": 80, "grads9_to_poo": 46})
    data.write(SITE_FILE, "publisher:\n  owner: Министерство\n  email: не-адрес\n  phone: звонить\n")
    report = validate(data.root)
    errors = sorted(str(p) for p in report.errors)
    assert len(errors) == 2, errors
    assert errors[0].endswith(f"{SITE_FILE}:3:10: ошибка: значение «не-адрес» не подходит по формату")
    assert errors[1].endswith(f"{SITE_FILE}:4:10: ошибка: значение «звонить» не подходит по формату")
