"""The hostile-input corpus: careless and hostile input to every command, one case a line.

Each case makes its input in a fresh copy of a small data folder (the real catalogue and rules, two
municipalities, two years), runs one command in-process, and states the exit status and a fragment of
the Russian message the user reads. ``tests/test_hostile_corpus.py`` runs them all and checks, for each,
that no file under the data folder changed and that no traceback or English error reached the user.

Cases of text that is accepted as data (a name with markup, a link in an event) are built into pages
too (``pages=True``): the pages' Markdown is rendered as the site renders it and must carry no active
element, no event attribute, no ``javascript:`` or ``data:`` link and no invisible control character.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent

ALPHA_2024 = """\
# yaml-language-server: $schema=../../schemas/municipality-year.schema.json
municipality: alpha
year: 2024
counts:
  students_g9: 80
  grads9: 78
  grads9_to_poo: 46
targets:
  grads9_poo_share: 60.0
goals:
  - Каждый выпускник 9 класса знает, куда пойдёт учиться
events:
  - date: 2024-03-15
    title: Ярмарка учебных мест
    level: муниципальный
    link: https://alpha.example/news/1
measures:
  - number: "1.1"
    title: Классные часы о профессиях
    deadline: 2024-05-31
    responsible: заместитель директора
    expected_result: все классы
    status: выполнено
decisions:
  - kind: приказ
    number: "12"
    date: 2023-09-01
    title: Об организации профориентации
    link: https://alpha.example/d/12
analysis: |
  Поступление в колледжи растёт.
"""
REGION = """\
region:
  name: Тестовая область
  demo: true
municipalities:
  - slug: alpha
    name: Альфинский городской округ
    type: городской округ
    schools:
      - {id: alpha-1, name: Школа № 1}
      - {id: alpha-2, name: Школа № 2, ovz: true}
  - slug: beta
    name: Бетинский муниципальный район
    type: муниципальный район
"""
BETA_2024 = "municipality: beta\nyear: 2024\ncounts: {students_g9: 30, grads9: 30, grads9_to_poo: 12}\n"
ALPHA_2023 = "municipality: alpha\nyear: 2023\ncounts: {students_g9: 75, grads9: 74, grads9_to_poo: 40}\n"
BETA_2023 = "municipality: beta\nyear: 2023\ncounts: {students_g9: 31, grads9: 31, grads9_to_poo: 10}\n"


def make_data(root: Path) -> Path:
    """The small data folder every case starts from: valid, with no warning that would hide a message."""
    root.mkdir(parents=True)
    shutil.copy(ROOT / "data" / "indicators.yaml", root / "indicators.yaml")
    shutil.copy(ROOT / "data" / "rules.yaml", root / "rules.yaml")
    (root / "region.yaml").write_text(REGION, encoding="utf-8")
    for rel, text in {"2023/alpha.yaml": ALPHA_2023, "2023/beta.yaml": BETA_2023,
                      "2024/alpha.yaml": ALPHA_2024, "2024/beta.yaml": BETA_2024}.items():  # fmt: skip
        (root / rel).parent.mkdir(exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


@dataclass(frozen=True)
class Case:
    id: str
    make: Callable[[Path], list[str]]  # writes the hostile input under the folder; returns the command's arguments
    code: int  # the exit status
    says: str  # a fragment of the Russian message
    pages: bool = False  # accepted as data: the pages built from it are checked to be inert


CASES: list[Case] = []


def case(id: str, code: int, says: str, *, pages: bool = False) -> Callable[[Callable[[Path], list[str]]], None]:
    def register(make: Callable[[Path], list[str]]) -> None:
        CASES.append(Case(id, make, code, says, pages))

    return register


def add(id: str, make: Callable[[Path], list[str]], code: int, says: str, *, pages: bool = False) -> None:
    CASES.append(Case(id, make, code, says, pages))


# --- helpers that write the hostile input ------------------------------------------------------------


def data(tmp: Path) -> Path:
    return tmp / "data"


def validate(tmp: Path) -> list[str]:
    return ["validate", "--data", str(data(tmp))]


def write(tmp: Path, rel: str, content: str | bytes) -> Path:
    path = data(tmp) / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# libyaml's loader and dumper: the cases edit the whole catalogue, which pure-Python YAML reads and writes
# in 0.2 s, longer than the validation the case is about
def load(tmp: Path, rel: str) -> Any:
    return yaml.load((data(tmp) / rel).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def dump(tmp: Path, rel: str, content: Any) -> None:
    text = yaml.dump(content, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=1000)
    write(tmp, rel, text)


def edited(
    rel: str, edit: Callable[[Any], Any], command: Callable[[Path], list[str]] = validate
) -> Callable[[Path], list[str]]:
    """A case that loads a data file, changes it as a careless or hostile person would, and runs a command."""

    def make(tmp: Path) -> list[str]:
        content = load(tmp, rel)
        changed = edit(content)  # a new top level (a list for a mapping), or None: changed in place
        dump(tmp, rel, changed if isinstance(changed, dict | list) else content)
        return command(tmp)

    return make


def raw(rel: str, content: str | bytes | Callable[[str], str | bytes]) -> Callable[[Path], list[str]]:
    """A case that writes a data file byte for byte (or transforms its text) and validates."""

    def make(tmp: Path) -> list[str]:
        path = data(tmp) / rel
        old = path.read_text(encoding="utf-8") if path.is_file() else ""
        text = content(old) if callable(content) else content
        write(tmp, rel, text)
        return validate(tmp)

    return make


def setter(*path: Any, value: Any) -> Callable[[Any], None]:
    def edit(content: Any) -> None:
        target = content
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return edit


def deleter(*path: Any) -> Callable[[Any], None]:
    def edit(content: Any) -> None:
        target = content
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return edit


def rule(content: Any, **fields: Any) -> None:
    """Add one rule to rules.yaml, or change the first one."""
    content["rules"][0].update(fields)


# --- 1. YAML as a file: tags, aliases, sizes, encodings, line ends, duplicates ------------------------

FILES = {
    "region": "region.yaml",
    "indicators": "indicators.yaml",
    "rules": "rules.yaml",
    "year": "2024/alpha.yaml",
    "editions": "editions.yaml",
}

LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(7)
)

for name, rel in FILES.items():
    add(
        f"yaml/{name}/python-tag",
        raw(rel, "a: !!python/object/apply:os.system ['touch /tmp/pwned']\n"),
        1,
        "«!!python/object/apply:os.system» — тег YAML",
    )
    add(
        f"yaml/{name}/python-name-tag",
        raw(rel, "a: !!python/name:os.system\n"),
        1,
        "«!!python/name:os.system» — тег YAML",
    )
    add(f"yaml/{name}/billion-laughs", raw(rel, LAUGHS), 1, "повторяют одни и те же данные слишком много раз")
    add(
        f"yaml/{name}/cp1251",
        raw(rel, lambda t: t.encode("cp1251", "replace") if t else "имя: «Тест»".encode("cp1251")),
        1,
        "не в кодировке UTF-8",
    )
    add(f"yaml/{name}/utf-16", raw(rel, lambda t: (t or "a: б\n").encode("utf-16")), 1, "файл не в кодировке UTF-8")
    add(f"yaml/{name}/tab-indent", raw(rel, "a:\n\tb: 1\n"), 1, "табуляц")
    add(f"yaml/{name}/duplicate-key", raw(rel, "a: 1\nb: 2\na: 3\n"), 1, "ключ «a» повторяется")
    add(f"yaml/{name}/nul-byte", raw(rel, "a: б\x00в\n"), 1, "U+0000")
    add(f"yaml/{name}/unclosed-quote", raw(rel, 'a: "не закрыта\nb: 1\n'), 1, "кавычк")
    add(
        f"yaml/{name}/a-list-at-the-top", raw(rel, "- 1\n- 2\n"), 1, "ожидается набор «ключ: значение», а указан список"
    )
    add(f"yaml/{name}/a-number-at-the-top", raw(rel, "42\n"), 1, "ожидается набор «ключ: значение», указано «42»")
    add(f"yaml/{name}/two-documents", raw(rel, "a: 1\n---\nb: 2\n"), 1, "делит файл на несколько документов YAML")

# Harmless forms of the same files: a byte order mark, Windows line ends, tabs inside text — accepted as they are.
for name, rel in (("region", "region.yaml"), ("year", "2024/alpha.yaml"), ("rules", "rules.yaml")):
    add(f"yaml/{name}/bom-accepted", raw(rel, lambda t: b"\xef\xbb\xbf" + t.encode()), 0, "OK:")
    add(f"yaml/{name}/crlf-accepted", raw(rel, lambda t: t.replace("\n", "\r\n").encode()), 0, "OK:")
    add(f"yaml/{name}/cr-only-accepted", raw(rel, lambda t: t.replace("\n", "\r").encode()), 0, "OK:")

HUGE = "текст слишком длинный: 5000000 символов"
add("yaml/region/huge-string", raw("region.yaml", lambda t: t.replace("Тестовая область", "Т" * 5_000_000)), 1, HUGE)
add(
    "yaml/year/huge-string",
    raw("2024/alpha.yaml", lambda t: t.replace("Ярмарка учебных мест", "Я" * 5_000_000)),
    1,
    HUGE,
)
add("yaml/year/empty-file", raw("2024/alpha.yaml", ""), 1, "файл пуст")
add("yaml/region/empty-file", raw("region.yaml", ""), 1, "файл пуст")
add("yaml/year/yml-beside-yaml", raw("2024/alpha.yml", ALPHA_2024), 1, "«alpha.yaml» и «alpha.yml»")
add(
    "yaml/year/anchor-merge-key",
    raw("2024/alpha.yaml", lambda t: t + "x: &x {a: 1}\ny:\n  <<: *x\n"),
    1,
    "неизвестный ключ «x»",
)
add(
    "yaml/year/octal-looking-number",
    raw("2024/alpha.yaml", lambda t: t.replace("grads9: 78", "grads9: 017")),
    1,
    "без ведущего нуля",
)
add(
    "yaml/year/sexagesimal-number",
    raw("2024/alpha.yaml", lambda t: t.replace("grads9: 78", "grads9: 1:20")),
    1,
    "шестидесятеричная запись",
)
add("yaml/year/binary-tag", raw("2024/alpha.yaml", lambda t: t + "x: !!binary aGVsbG8=\n"), 1, "тег «!!binary»")
add("yaml/year/set-tag", raw("2024/alpha.yaml", lambda t: t + "x: !!set {a, b}\n"), 1, "тег «!!set»")
add("yaml/year/local-tag", raw("2024/alpha.yaml", lambda t: t + "x: !evil 1\n"), 1, "«!evil» — тег YAML")
add(
    "yaml/year/right-to-left-override-in-a-key",
    raw("2024/alpha.yaml", lambda t: t.replace("grads9: 78", "gra\u202eds9: 78")),
    1,
    "недопустимый ключ «gra<U+202E>ds9»",
)
add(
    "yaml/year/zero-width-space-in-a-key",
    raw("2024/alpha.yaml", lambda t: t.replace("grads9: 78", "grads9\u200b: 78")),
    1,
    "недопустимый ключ «grads9<U+200B>»",
)
add(
    "yaml/year/deeply-nested",
    raw("2024/alpha.yaml", lambda t: t + "x: " + "[" * 5000 + "]" * 5000 + "\n"),
    1,
    "слишком глубокая вложенность",
)

# --- 2. wrong types and values at every level of every file -----------------------------------------

R, Y, C, RU = "region.yaml", "2024/alpha.yaml", "indicators.yaml", "rules.yaml"
WRONG: list[tuple[str, str, Callable[[Any], Any], str]] = [
    # region.yaml
    (
        "region/region-is-a-list",
        R,
        setter("region", value=["Тестовая область"]),
        "ожидается набор «ключ: значение», а указан",
    ),
    ("region/name-is-a-number", R, setter("region", "name", value=42), "ожидается текст, указано число «42»:"),
    ("region/name-is-empty", R, setter("region", "name", value=""), "значение не может быть пустым"),
    ("region/name-missing", R, deleter("region", "name"), "отсутствует обязательный ключ «name»"),
    ("region/demo-is-a-word", R, setter("region", "demo", value="да"), "ожидается true или false, указано «да»"),
    ("region/unknown-key", R, setter("region", "colour", value="синий"), "неизвестный ключ «colour»"),
    (
        "region/municipalities-is-text",
        R,
        setter("municipalities", value="alpha, beta"),
        "ожидается список (строки, начинающиеся с «-",
    ),
    ("region/municipalities-empty", R, setter("municipalities", value=[]), "муниципалитета «alpha» нет в реестре"),
    (
        "region/municipality-is-text",
        R,
        setter("municipalities", 1, value="beta"),
        "ожидается набор «ключ: значение», указано",
    ),
    (
        "region/slug-is-a-number",
        R,
        setter("municipalities", 1, "slug", value=7),
        "ожидается текст, указано число «7»: возьмите",
    ),
    ("region/slug-missing", R, deleter("municipalities", 1, "slug"), "отсутствует обязательный ключ «slug»"),
    (
        "region/slug-duplicate",
        R,
        setter("municipalities", 1, "slug", value="alpha"),
        "муниципалитета «beta» нет в реестре",
    ),
    (
        "region/type-unknown",
        R,
        setter("municipalities", 1, "type", value="княжество"),
        "недопустимое значение «княжество»;",
    ),
    (
        "region/schools-is-a-mapping",
        R,
        setter("municipalities", 0, "schools", value={"id": "x"}),
        "ожидается список (строки, начинающиеся с «-",
    ),
    (
        "region/school-id-duplicate",
        R,
        setter("municipalities", 0, "schools", 1, "id", value="alpha-1"),
        "id школы «alpha-1» повторяется",
    ),
    (
        "region/school-ovz-is-text",
        R,
        setter("municipalities", 0, "schools", 1, "ovz", value="есть"),
        "ожидается true или false, указано «есть»",
    ),
    (
        "region/school-name-empty",
        R,
        setter("municipalities", 0, "schools", 0, "name", value=" "),
        "значение не может быть пустым",
    ),
    (
        "region/name-10000-characters",
        R,
        setter("municipalities", 1, "name", value="Б" * 10_000),
        "текст слишком длинный: 10000 символов, а",
    ),
    (
        "region/name-with-a-bell",
        R,
        setter("municipalities", 1, "name", value="Бетинский\x07 район"),
        "текст содержит управляющий символ (код",
    ),
    # year file, top level
    (
        "year/municipality-of-another",
        Y,
        setter("municipality", value="beta"),
        "municipality «beta» не совпадает с именем",
    ),
    (
        "year/municipality-unknown",
        Y,
        setter("municipality", value="gamma"),
        "municipality «gamma» не совпадает с именем",
    ),
    ("year/year-mismatch", Y, setter("year", value=2023), "year 2023 не совпадает с папкой «2024»"),
    ("year/year-is-text", Y, setter("year", value="2024 год"), "ожидается целое число, указано «2024 год»"),
    ("year/unknown-top-key", Y, setter("coments", value="опечатка в ключе"), "неизвестный ключ «coments»; возможно,"),
    ("year/counts-is-a-list", Y, setter("counts", value=[80, 78]), "ожидается набор «ключ: значение», а указан"),
    ("year/count-unknown", Y, setter("counts", "students_g99", value=5), "неизвестный счётчик «students_g99»;"),
    ("year/count-negative", Y, setter("counts", "grads9", value=-1), "grads9: значение должно быть ≥ 0, указано -1"),
    ("year/count-fractional", Y, setter("counts", "grads9", value=78.5), "grads9: ожидается целое число, указано"),
    (
        "year/count-text",
        Y,
        setter("counts", "grads9", value="семьдесят восемь"),
        "grads9: ожидается целое число, указано",
    ),
    ("year/count-boolean", Y, setter("counts", "grads9", value=True), "grads9: ожидается целое число, указано «true»"),
    ("year/count-too-large", Y, setter("counts", "grads9", value=10**15), "grads9: значение должно быть ≤"),
    ("year/count-nan", Y, setter("counts", "grads9", value=float("nan")), "grads9: ожидается целое число, указано"),
    (
        "year/count-infinite",
        Y,
        setter("counts", "grads9", value=float("inf")),
        "grads9: ожидается целое число, указано",
    ),
    ("year/count-a-list", Y, setter("counts", "grads9", value=[78]), "grads9: ожидается целое число, а указан"),
    (
        "year/part-above-its-whole",
        Y,
        setter("counts", "grads9_to_poo", value=500),
        "grads9_to_poo = 500 больше совокупности",
    ),
    ("year/target-above-100", Y, setter("targets", "grads9_poo_share", value=140), "целевая доля 140 больше 100 %"),
    (
        "year/target-negative",
        Y,
        setter("targets", "grads9_poo_share", value=-5),
        "grads9_poo_share: значение должно быть ≥ 0,",
    ),
    (
        "year/target-unknown-indicator",
        Y,
        setter("targets", "no_such_share", value=5),
        "целевое значение для неизвестного показателя",
    ),
    (
        "year/target-text",
        Y,
        setter("targets", "grads9_poo_share", value="шестьдесят"),
        "grads9_poo_share: ожидается плановое значение числом (например, 65) или",
    ),
    ("year/goals-is-text", Y, setter("goals", value="одна цель"), "ожидается список (строки, начинающиеся с «-"),
    ("year/goal-is-a-mapping", Y, setter("goals", 0, value={"a": 1}), "ожидается текст, а указан набор «ключ:"),
    (
        "year/events-is-a-mapping",
        Y,
        setter("events", value={"title": "x"}),
        "ожидается список (строки, начинающиеся с «-",
    ),
    (
        "year/event-date-impossible",
        Y,
        setter("events", 0, "date", value="2024-02-30"),
        "такой даты нет в календаре: «2024-02-30»",
    ),
    (
        "year/event-date-russian",
        Y,
        setter("events", 0, "date", value="15 марта"),
        "ожидается дата в формате ГГГГ-ММ-ДД",
    ),
    (
        "year/event-level-unknown",
        Y,
        setter("events", 0, "level", value="галактический"),
        "недопустимое значение «галактический»;",
    ),
    ("year/event-title-missing", Y, deleter("events", 0, "title"), "отсутствует обязательный ключ «title»"),
    (
        "year/event-link-javascript",
        Y,
        setter("events", 0, "link", value="javascript:alert(1)"),
        "ожидается ссылка, начинающаяся с http:// или",
    ),
    (
        "year/event-link-data",
        Y,
        setter("events", 0, "link", value="data:text/html,<script>alert(1)</script>"),
        "ожидается ссылка, начинающаяся с http:// или",
    ),
    (
        "year/event-link-file",
        Y,
        setter("events", 0, "link", value="file:///etc/passwd"),
        "ожидается ссылка, начинающаяся с http:// или",
    ),
    (
        "year/event-link-relative",
        Y,
        setter("events", 0, "link", value="../../region.yaml"),
        "ожидается ссылка, начинающаяся с http:// или",
    ),
    (
        "year/event-link-with-space",
        Y,
        setter("events", 0, "link", value="https://a.example/x y"),
        "ожидается ссылка, начинающаяся с http:// или",
    ),
    (
        "year/measure-status-unknown",
        Y,
        setter("measures", 0, "status", value="почти"),
        "недопустимое значение «почти»; допустимы:",
    ),
    (
        "year/measure-deadline-text",
        Y,
        setter("measures", 0, "deadline", value="к лету"),
        "ожидается дата в формате ГГГГ-ММ-ДД",
    ),
    (
        "year/measure-is-text",
        Y,
        setter("measures", 0, value="классные часы"),
        "ожидается набор «ключ: значение», указано",
    ),
    (
        "year/decision-link-javascript",
        Y,
        setter("decisions", 0, "link", value="JavaScript:alert(1)"),
        "ожидается ссылка, начинающаяся с http:// или",
    ),
    ("year/analysis-is-a-list", Y, setter("analysis", value=["а", "б"]), "ожидается текст, а указан список"),
    (
        "year/section-analysis-unknown-section",
        Y,
        setter("section_analysis", value={"nosuch": "текст"}),
        "неизвестный раздел «nosuch»",
    ),
    (
        "year/section-analysis-is-text",
        Y,
        setter("section_analysis", value="текст"),
        "ожидается набор «ключ: значение», указано",
    ),
    (
        "year/printed-unknown-indicator",
        Y,
        setter("printed", value={"no_such": 5}),
        "напечатанное значение неизвестного",
    ),
    (
        "year/schools-is-a-mapping",
        Y,
        setter("schools", value={"alpha-1": {"students_g9": 3}}),
        "ожидается список (строки, начинающиеся с «-",
    ),
    (
        "year/schools-unknown-school",
        Y,
        setter("schools", value=[{"school": "alpha-9", "counts": {"grads9": 3}}]),
        "grads9 = 78, а сумма по школам = 3:",
    ),
    (
        "year/schools-count-negative",
        Y,
        setter("schools", value=[{"school": "alpha-1", "counts": {"grads9": -3}}]),
        "grads9: значение должно быть ≥ 0, указано -3",
    ),
    # indicators.yaml
    (
        "catalogue/sections-is-a-mapping",
        C,
        setter("sections", value={"id": "x"}),
        "ожидается список (строки, начинающиеся с «-",
    ),
    (
        "catalogue/count-id-duplicate",
        C,
        lambda c: c["counts"].append(dict(c["counts"][0])),
        "id «students_g1» повторяется в counts",
    ),
    (
        "catalogue/indicator-id-duplicate",
        C,
        lambda c: c["indicators"].append(dict(c["indicators"][0])),
        "id «schools_guidance_plan» повторяется в",
    ),
    (
        "catalogue/indicator-unknown-section",
        C,
        setter("indicators", 0, "section", value="nosuch"),
        "неизвестный раздел «nosuch»",
    ),
    (
        "catalogue/indicator-unknown-numerator",
        C,
        setter("indicators", 0, "numerator", value="nosuch_count"),
        "неизвестный счётчик «nosuch_count»",
    ),
    (
        "catalogue/indicator-kind-unknown",
        C,
        setter("indicators", 0, "kind", value="процент"),
        "недопустимое значение «процент»; допустимы:",
    ),
    (
        "catalogue/indicator-title-missing",
        C,
        deleter("indicators", 0, "title"),
        "отсутствует обязательный ключ «title»",
    ),
    (
        "catalogue/section-slug-with-dots",
        C,
        setter("sections", 0, "slug", value="../../etc"),
        "ожидается латинский идентификатор из",
    ),
    (
        "catalogue/section-slug-absolute",
        C,
        setter("sections", 0, "slug", value="/etc/passwd"),
        "ожидается латинский идентификатор из",
    ),
    (
        "catalogue/section-slug-reserved",
        C,
        setter("sections", 0, "slug", value="recommendations"),
        "slug «recommendations» зарезервирован для",
    ),
    (
        "catalogue/section-slug-uppercase",
        C,
        setter("sections", 0, "slug", value="Soprovozhdenie"),
        "ожидается латинский идентификатор из",
    ),
    (
        "catalogue/section-slug-cyrillic",
        C,
        setter("sections", 0, "slug", value="сопровождение"),
        "ожидается латинский идентификатор из",
    ),
    (
        "catalogue/section-order-text",
        C,
        setter("sections", 0, "order", value="первый"),
        "ожидается целое число, указано «первый»",
    ),
    (
        "catalogue/indicator-id-with-space",
        C,
        setter("indicators", 0, "id", value="schools guidance"),
        "ожидается латинский идентификатор из",
    ),
    # rules.yaml
    ("rules/rules-is-a-mapping", RU, setter("rules", value={"id": "x"}), "ожидается список (строки, начинающиеся с «-"),
    (
        "rules/unknown-indicator",
        RU,
        lambda c: rule(c, indicator="no_such_indicator"),
        "неизвестный показатель «no_such_indicator»",
    ),
    (
        "rules/unknown-section",
        RU,
        lambda c: (rule(c, section="nosuch"), c["rules"][0].pop("indicator")),
        "неизвестный раздел «nosuch»",
    ),
    (
        "rules/indicator-and-section",
        RU,
        lambda c: rule(c, section="early"),
        "правило следит за чем-то одним, а указаны",
    ),
    (
        "rules/unknown-condition",
        RU,
        lambda c: rule(c, condition="below_everything"),
        "неизвестное условие «below_everything»;",
    ),
    ("rules/condition-is-a-list", RU, lambda c: rule(c, condition=["zero"]), "ожидается текст, а указан список"),
    (
        "rules/points-is-text",
        RU,
        lambda c: rule(c, condition="below_region", points="пять"),
        "ожидается число (дробную часть отделяют",
    ),
    (
        "rules/points-negative",
        RU,
        lambda c: rule(c, condition="below_region", points=-5),
        "значение должно быть > 0, указано -5",
    ),
    ("rules/years-zero", RU, lambda c: rule(c, condition="declining", years=0), "значение должно быть ≥ 1, указано 0"),
    (
        "rules/unknown-placeholder",
        RU,
        lambda c: rule(c, text="Значение {valeu} за {year}."),
        "неизвестная подстановка «{valeu}»; возможно,",
    ),
    (
        "rules/placeholder-of-another-condition",
        RU,
        lambda c: rule(c, text="Цель {target} не достигнута."),
        "подстановка «{target}» не определена для",
    ),
    (
        "rules/attribute-in-placeholder",
        RU,
        lambda c: rule(c, text="{value.__class__.__mro__}"),
        "подстановка «{value.__class__.__mro__}»: в",
    ),
    (
        "rules/index-in-placeholder",
        RU,
        lambda c: rule(c, text="{value[0]}"),
        "подстановка «{value[0]}»: в скобках пишут",
    ),
    (
        "rules/format-spec-in-placeholder",
        RU,
        lambda c: rule(c, text="{value:>999999999}"),
        "подстановка «{value:>999999999}»: в скобках",
    ),
    (
        "rules/single-brace",
        RU,
        lambda c: rule(c, text="Значение {value за год."),
        "непарная фигурная скобка «{» в тексте:",
    ),
    ("rules/unknown-audience", RU, lambda c: rule(c, audiences=["aliens"]), "неизвестный адресат «aliens»; возможно,"),
    ("rules/audiences-empty", RU, lambda c: rule(c, audiences=[]), "список не может быть пустым (нужно не меньше"),
    ("rules/text-missing", RU, lambda c: c["rules"][0].pop("text"), "отсутствует обязательный ключ «text»"),
    ("rules/duplicate-id", RU, lambda c: c["rules"].append(dict(c["rules"][0])), "правило «bilet_zero_participate»"),
    ("rules/id-with-markup", RU, lambda c: rule(c, id="<script>x</script>"), "ожидается латинский идентификатор из"),
    (
        "rules/deadline-month-13",
        RU,
        lambda c: rule(c, deadline={"month": 13, "day": 1, "years_after": 0}),
        "значение должно быть ≤ 12, указано 13",
    ),
    (
        "rules/deadline-february-30",
        RU,
        lambda c: rule(c, deadline={"month": 2, "day": 30, "years_after": 0}),
        "в месяце 2 не бывает 30-го числа каждый год:",
    ),
    ("rules/unknown-key", RU, lambda c: rule(c, colour="красный"), "неизвестный ключ «colour»"),
]
for _id, _rel, _edit, _says in WRONG:
    add(f"types/{_id}", edited(_rel, _edit), 1, _says)

# --- 3. forms: what a person or a program can do to an Excel form -----------------------------------


_BLANK: dict[tuple[int, str], bytes] = {}  # the forms of the starting folder, made once


def blank_form(tmp: Path, year: int = 2024, slug: str = "alpha") -> Path:
    from generator.inputs.load import load_dataset
    from generator.officials.form_writer import render_form
    from generator.officials.forms import form_spec

    if (year, slug) not in _BLANK:
        result = load_dataset(data(tmp))
        assert result.dataset is not None
        _BLANK[year, slug] = render_form(form_spec(result.dataset, year, slug))
    path = tmp / f"forma-{slug}-{year}.xlsx"
    path.write_bytes(_BLANK[year, slug])
    return path


def form_case(
    edit: Callable[[Any], None], *flags: str, before: Callable[[Path], None] | None = None
) -> Callable[[Path], list[str]]:
    """A case that makes a form, edits it with openpyxl (as a program would: no cached values), imports it."""

    def make(tmp: Path) -> list[str]:
        from openpyxl import load_workbook

        path = blank_form(tmp)
        book = load_workbook(path)
        edit(book)
        book.save(path)
        if before is not None:
            before(tmp)
        return ["import", str(path), *flags, "--data", str(data(tmp))]

    return make


def count_cell(book: Any, count: str) -> Any:
    from generator.officials.form_layout import FIRST_ROW, INPUT_COL, META_SHEET

    for ws in book.worksheets:
        if ws.title == META_SHEET:
            continue
        for row in ws.iter_rows(min_row=FIRST_ROW + 1):
            if row[0].value == count:
                return row[INPUT_COL]
    raise KeyError(count)


def typed(count: str, value: Any) -> Callable[[Any], None]:
    def edit(book: Any) -> None:
        count_cell(book, count).value = value

    return edit


def meta(key: str, value: Any) -> Callable[[Any], None]:
    def edit(book: Any) -> None:
        from generator.officials.form_layout import META_SHEET

        for row in book[META_SHEET].iter_rows():
            if row[0].value == key:
                row[1].value = value
                return
        book[META_SHEET].append([key, value])

    return edit


def cell(sheet: str, ref: str, value: Any) -> Callable[[Any], None]:
    def edit(book: Any) -> None:
        book[sheet][ref] = value

    return edit


def renamed(old: str, new: str) -> Callable[[Any], None]:
    def edit(book: Any) -> None:
        book[old].title = new

    return edit


def merged_over_inputs(book: Any) -> None:
    ws = count_cell(book, "grads9").parent
    target = count_cell(book, "grads9")
    target.value = 50
    ws.merge_cells(start_row=target.row, start_column=1, end_row=target.row + 1, end_column=target.column)


def code_changed(count: str, new: str) -> Callable[[Any], None]:
    def edit(book: Any) -> None:
        code = count_cell(book, count).parent.cell(row=count_cell(book, count).row, column=1)
        code.value = new
        count_cell(book, new).value = 5 if new != count else None

    return edit


def unknown_code(book: Any) -> None:
    target = count_cell(book, "grads9")
    ws = target.parent
    ws.cell(row=target.row, column=1, value="<script>alert(1)</script>")
    ws.cell(row=target.row, column=target.column, value=5)


def hidden_sheet_deleted(book: Any) -> None:
    from generator.officials.form_layout import META_SHEET

    del book[META_SHEET]


def stale(tmp: Path) -> None:
    path = data(tmp) / "2024" / "alpha.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("grads9: 78", "grads9: 79"), encoding="utf-8")


EVENTS = "Мероприятия"
FORMS: list[tuple[str, Callable[[Path], list[str]], str]] = [
    ("text-in-a-number-cell", form_case(typed("grads9", "много")), "ожидается целое число ≥ 0, указано «много»"),
    ("negative", form_case(typed("grads9", -3)), "ожидается целое число ≥ 0, указано «-3»"),
    ("fractional", form_case(typed("grads9", 7.5)), "ожидается целое число ≥ 0, указано «7,5»"),
    ("above-the-maximum", form_case(typed("grads9", 10**12)), "слишком велико"),
    ("boolean", form_case(typed("grads9", True)), "указано «ИСТИНА»"),
    ("a-date-in-a-count", form_case(typed("grads9", datetime(2024, 3, 1))), "ожидается целое число ≥ 0"),
    ("a-formula-without-a-value", form_case(typed("grads9", "=1+1")), "формулу без вычисленного значения"),
    ("a-formula-reading-another-file", form_case(typed("grads9", "='C:\\[x.xlsx]Лист1'!A1")), "формулу"),
    ("a-formula-calling-a-program", form_case(typed("grads9", '=cmd|" /C calc"!A0')), "формулу"),
    ("a-target-above-100", form_case(typed("grads9_poo_share", 140)), "не больше 100 %"),
    ("a-target-as-text", form_case(typed("grads9_poo_share", "шестьдесят")), "ожидается число ≥ 0"),
    ("a-part-above-its-whole", form_case(typed("grads9_to_poo", 500)), "часть не может превышать целое"),
    ("an-event-date-as-a-serial-number", form_case(cell(EVENTS, "A5", 45366)), "STAYS"),
    ("an-event-date-impossible", form_case(cell(EVENTS, "A5", "2024-02-30")), "такой даты нет в календаре"),
    (
        "an-event-link-javascript",
        form_case(cell(EVENTS, "D5", "javascript:alert(1)")),
        "ожидается ссылка, начинающаяся с http://",
    ),
    (
        "an-event-link-data",
        form_case(cell(EVENTS, "D5", "data:text/html,<b>x</b>")),
        "ожидается ссылка, начинающаяся с http://",
    ),
    ("an-event-title-too-long", form_case(cell(EVENTS, "B5", "М" * 5000)), "текст слишком длинный: 5000 символов"),
    ("an-event-level-unknown", form_case(cell(EVENTS, "C5", "галактический")), "недопустимое значение «галактический»"),
    ("a-sheet-renamed", form_case(renamed(EVENTS, "События")), "лист удалён или переименован"),
    ("merged-cells-over-the-inputs", form_case(merged_over_inputs), "объединены"),
    ("a-code-of-another-count", form_case(code_changed("grads9", "students_g9")), "уже есть"),
    ("an-unknown-code-with-markup", form_case(unknown_code), "неизвестный код счётчика «<script>alert(1)</script>»"),
    ("the-hidden-sheet-deleted", form_case(hidden_sheet_deleted), "это не форма Профориентира"),
    ("hidden-version-changed", form_case(meta("version", "99")), "форма версии «99»"),
    ("hidden-mark-changed", form_case(meta("form", "other")), "это не форма Профориентира"),
    ("hidden-municipality-unknown", form_case(meta("municipality", "../../etc/passwd")), "нет в реестре"),
    (
        "hidden-municipality-with-markup",
        form_case(meta("municipality", "<img src=x onerror=alert(1)>")),
        "нет в реестре",
    ),
    ("hidden-year-text", form_case(meta("year", "2024; rm -rf /")), "вместо четырёх цифр"),
    ("hidden-year-five-digits", form_case(meta("year", "20245")), "вместо четырёх цифр"),
    ("hidden-year-another", form_case(meta("year", "2023")), "--replace"),
    ("hidden-municipality-another", form_case(meta("municipality", "beta")), "--replace"),
    (
        "hidden-fingerprint-forged",
        form_case(lambda b: (meta("fingerprint", "0" * 64)(b), typed("grads9", 70)(b))),
        "изменились после того",
    ),
    ("hidden-schools-flag-forged", form_case(meta("schools", "yes")), "STAYS"),
    ("stale-fingerprint", form_case(typed("grads9_to_poo", 50), before=stale), "изменились после того"),
    ("a-counts-sheet-role-forged", form_case(meta(f"sheet:{EVENTS}", "school:alpha-9")), "школы «alpha-9» нет"),
]
UNCHANGED = "не изменился (данные формы уже в нём)"
for _id, _make, _says in FORMS:
    # an Excel date typed as its serial number is that date; a forged flag that changes nothing writes nothing
    add(f"forms/{_id}", _make, *((0, UNCHANGED) if _says == "STAYS" else (1, _says)))


def _form_file(content: bytes, name: str = "forma.xlsx") -> Callable[[Path], list[str]]:
    def make(tmp: Path) -> list[str]:
        path = tmp / name
        path.write_bytes(content)
        return ["import", str(path), "--data", str(data(tmp))]

    return make


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


XXE = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&e;</workbook>'
)
add("forms/empty-file", _form_file(b""), 1, "не читается как книга Excel")
add("forms/a-csv-named-xlsx", _form_file("Код;Значение\ngrads9;50\n".encode()), 1, "не читается как книга Excel")
add("forms/an-empty-zip", _form_file(_zip({})), 1, "не читается как книга Excel")
add(
    "forms/a-zip-with-xxe",
    _form_file(_zip({"[Content_Types].xml": XXE, "xl/workbook.xml": XXE})),
    1,
    "не читается как книга Excel",
)
add(
    "forms/an-xls-of-old-excel",
    _form_file(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "forma.xls"),
    1,
    "не читается как книга Excel",
)

# --- 4. names and texts that reach a page: accepted as data, inert on the pages ----------------------

MARKUP = (
    "Ж{{ 7*7 }}Ж <script>alert(1)</script> <img src=x onerror=alert(1)> [клик](javascript:alert(1)) "
    '**жирный** {: onclick="alert(1)" } <a href="data:text/html,x">д</a> &amp; «Труд & профессия»'
)
INVISIBLE = "Имя\u202eавонам\u200b\u2066 <svg onload=alert(1)> [д](JaVaScRiPt:alert(1)) ![к](data:image/png,x)"
NAMES: list[tuple[str, str, tuple[Any, ...]]] = [
    ("region-name", R, ("region", "name")),
    ("municipality-name", R, ("municipalities", 0, "name")),
    ("school-name", R, ("municipalities", 0, "schools", 0, "name")),
    ("goal", Y, ("goals", 0)),
    ("event-title", Y, ("events", 0, "title")),
    ("measure-title", Y, ("measures", 0, "title")),
    ("measure-responsible", Y, ("measures", 0, "responsible")),
    ("measure-result", Y, ("measures", 0, "expected_result")),
    ("decision-title", Y, ("decisions", 0, "title")),
    ("analysis", Y, ("analysis",)),
    ("audience-title", RU, ("audiences", 0, "title")),
    ("section-title", C, ("sections", 0, "title")),
    ("indicator-short-title", C, ("indicators", 0, "short_title")),
]
for _id, _rel, _path in NAMES:
    for _kind, _text in (("markup", MARKUP), ("invisible", INVISIBLE)):
        # the invisible marks are dropped when the data are read: the pages of the markup show the way through
        add(f"names/{_id}/{_kind}", edited(_rel, setter(*_path, value=_text)), 0, "OK:", pages=_kind == "markup")


def _former_name(text: str) -> Callable[[Any], None]:
    """The first municipality was called ``text`` in the edition of 2023: its pages then, and the line «Прежнее
    название» on its pages of 2024, show it."""

    def edit(content: Any) -> None:
        content["municipalities"][0]["former_names"] = [{"name": text, "until": 2023}]

    return edit


for _kind, _text in (("markup", MARKUP), ("invisible", INVISIBLE)):
    add(f"names/former-name/{_kind}", edited(R, _former_name(_text)), 0, "OK:", pages=_kind == "markup")


def _rule_text(text: str) -> Callable[[Any], None]:
    """Every rule speaks: the text of each is the hostile one, placeholders escaped."""

    def edit(content: Any) -> None:
        for item in content["rules"]:
            item["text"] = text.replace("{", "{{").replace("}", "}}") + " {indicator}: {municipality}."

    return edit


add("names/rule-text/markup", edited(RU, _rule_text(MARKUP)), 0, "OK:", pages=True)
add(
    "names/decision-number/too-long",
    edited(Y, setter("decisions", 0, "number", value=MARKUP)),
    1,
    "допускается не более 40",
)
add(
    "names/rule-title/placeholder",
    edited(RU, setter("rules", 0, "title", value=MARKUP)),
    1,
    "в title подстановки не используются",
)
add("names/rule-title/invisible", edited(RU, setter("rules", 0, "title", value=INVISIBLE)), 0, "OK:")
add("names/rule-summary/invisible", edited(RU, setter("rules", 0, "summary", value=INVISIBLE)), 0, "OK:")
add("names/rule-text/invisible", edited(RU, _rule_text(INVISIBLE)), 0, "OK:")
add(
    "names/section-analysis/markup",
    edited(Y, setter("section_analysis", value={"admissions": MARKUP})),
    0,
    "OK:",
    pages=True,
)
add("names/effectiveness/markup", edited(Y, setter("effectiveness", value=MARKUP)), 0, "OK:", pages=True)
add(
    "names/measure-items/markup",
    edited(Y, setter("measures", 0, "items", value=[MARKUP, INVISIBLE])),
    0,
    "OK:",
    pages=True,
)
add(
    "names/measure-items/two-lines-in-one",
    edited(Y, setter("measures", 0, "items", value=["осуществить анализ;\nобеспечить выполнение"])),
    1,
    "подпункт занимает несколько строк",
)
add(
    "names/measure-items/neither-title-nor-items",
    edited(Y, lambda c: c["measures"][0].pop("title")),
    1,
    "у мероприятия нет ни названия, ни подпунктов",
)
add(
    "names/municipality-name-600-characters",
    edited(R, setter("municipalities", 0, "name", value="Альфа " * 100)),
    1,
    "текст слишком длинный: 600 символов",
)

# --- 5. paths: file names and slugs that point elsewhere ---------------------------------------------

PATHS: list[tuple[str, Callable[[Path], list[str]], int, str]] = [
    (
        "slug-with-dots",
        edited(R, setter("municipalities", 1, "slug", value="../beta")),
        1,
        "муниципалитета «beta» нет в реестре",
    ),
    (
        "slug-absolute",
        edited(R, setter("municipalities", 1, "slug", value="/etc")),
        1,
        "муниципалитета «beta» нет в реестре",
    ),
    (
        "slug-reserved-by-the-site",
        edited(R, setter("municipalities", 1, "slug", value="region")),
        1,
        "муниципалитета «beta» нет в реестре",
    ),
    (
        "slug-a-windows-device",
        edited(R, setter("municipalities", 1, "slug", value="con")),
        1,
        "муниципалитета «beta» нет в реестре",
    ),
    (
        "slug-a-page-of-an-edition",
        edited(R, setter("municipalities", 1, "slug", value="recommendations")),
        1,
        "муниципалитета «beta» нет в реестре",
    ),
    (
        "slug-with-a-slash",
        edited(R, setter("municipalities", 1, "slug", value="beta/x")),
        1,
        "муниципалитета «beta» нет в реестре",
    ),
    (
        "slug-cyrillic",
        edited(R, setter("municipalities", 1, "slug", value="бета")),
        1,
        "муниципалитета «beta» нет в реестре",
    ),
    ("slug-empty", edited(R, setter("municipalities", 1, "slug", value="")), 1, "муниципалитета «beta» нет в реестре"),
    (
        "school-id-with-dots",
        edited(R, setter("municipalities", 0, "schools", 0, "id", value="../x")),
        1,
        "ожидается латинский идентификатор из",
    ),
    ("a-year-folder-not-a-year", raw("20x4/alpha.yaml", ALPHA_2024), 1, "папка «20x4» не является годом: папки с"),
    (
        "a-file-for-an-unknown-municipality",
        raw("2024/gamma.yaml", ALPHA_2024.replace("alpha", "gamma")),
        1,
        "муниципалитета «gamma» нет в реестре",
    ),
    (
        "a-file-named-other-than-its-municipality",
        raw("2024/gamma.yaml", ALPHA_2024),
        1,
        "муниципалитета «gamma» нет в реестре",
    ),
    (
        "a-file-in-a-year-folder-of-another-year",
        raw("2023/alpha.yaml", ALPHA_2024),
        1,
        "year 2024 не совпадает с папкой «2023»",
    ),
]
for _id, _make, _code, _says in PATHS:
    add(f"paths/{_id}", _make, _code, _says)


def _cli(*argv: str, data_flag: bool = True) -> Callable[[Path], list[str]]:
    def make(tmp: Path) -> list[str]:
        args = [a.replace("{tmp}", str(tmp)).replace("{data}", str(data(tmp))) for a in argv]
        return [*args, "--data", str(data(tmp))] if data_flag else args

    return make


def _published(then: Callable[[Path], list[str]]) -> Callable[[Path], list[str]]:
    """Publish 2024 first (the editions file is written then), then make the hostile input."""

    def make(tmp: Path) -> list[str]:
        from generator.cli import main

        assert main(["publish", "2024", "--date", "2024-09-01", "--data", str(data(tmp))]) == 0
        return then(tmp)

    return make


CLI: list[tuple[str, Callable[[Path], list[str]], int, str]] = [
    (
        "data-folder-missing",
        _cli("validate", "--data", "{tmp}/nosuch", data_flag=False),
        1,
        "папка с данными не найдена",
    ),
    (
        "data-folder-is-a-file",
        _cli("validate", "--data", "{data}/region.yaml", data_flag=False),
        1,
        "папка с данными не найдена",
    ),
    (
        "data-folder-empty",
        lambda tmp: ((tmp / "empty").mkdir(), ["validate", "--data", str(tmp / "empty")])[1],
        1,
        "не найден каталог показателей",
    ),
    ("unknown-command", _cli("destroy", data_flag=False), 2, "нет варианта «destroy»"),
    ("no-command", _cli(data_flag=False), 2, "не указаны обязательные аргументы: command"),
    ("unknown-option", _cli("validate", "--force"), 2, "неизвестные аргументы: --force"),
    (
        "form-year-text",
        _cli("form", "двадцать", "--municipality", "alpha", "--out", "{tmp}/f.xlsx"),
        2,
        "year: ожидается число, указано «двадцать»",
    ),
    (
        "form-year-negative",
        _cli("form", "-1", "--municipality", "alpha", "--out", "{tmp}/f.xlsx"),
        2,
        "Год -1 вне допустимых",
    ),
    ("form-year-far", _cli("form", "99999", "--municipality", "alpha", "--out", "{tmp}/f.xlsx"), 2, "вне допустимых"),
    (
        "form-unknown-municipality",
        _cli("form", "2025", "--municipality", "gamma", "--out", "{tmp}/f.xlsx"),
        1,
        "Муниципалитета «gamma» нет в реестре",
    ),
    (
        "form-out-over-a-data-file",
        _cli("form", "2025", "--municipality", "alpha", "--out", "{data}/region.yaml"),
        1,
        "Форма не записана",
    ),
    (
        "form-out-into-the-data-folder",
        _cli("form", "2025", "--out", "{data}/2024"),
        1,
        "команда не меняет файлы данных",
    ),
    ("compute-out-over-a-data-file", _cli("compute", "--out", "{data}/2024/alpha.yaml"), 1, "Укажите в --out файл"),
    ("import-missing-file", _cli("import", "{tmp}/nosuch.xlsx"), 1, "такого файла нет"),
    ("import-a-folder", _cli("import", "{tmp}"), 1, "не читается как книга Excel"),
    ("import-a-data-file", _cli("import", "{data}/region.yaml"), 1, "не читается как книга Excel"),
    ("import-no-file", _cli("import"), 2, "не указаны обязательные аргументы: file"),
    ("diff-outside-git", _cli("diff", "HEAD~1"), 2, "Сравнение не выполнено"),
    ("diff-out-over-a-data-file", _cli("diff", "--out", "{data}/rules.yaml"), 2, "Отчёт не записан"),
    ("publish-year-text", _cli("publish", "2024г"), 2, "ожидается число, указано «2024г»"),
    ("publish-year-without-data", _cli("publish", "2031", "--date", "2031-09-01"), 1, "за 2031 год нет данных"),
    ("publish-bad-date", _cli("publish", "2024", "--date", "2024-13-01"), 2, "ожидается дата ГГГГ-ММ-ДД"),
    ("publish-date-words", _cli("publish", "2024", "--date", "вчера"), 2, "ожидается дата ГГГГ-ММ-ДД"),
    ("publish-twice", _published(_cli("publish", "2024", "--date", "2024-09-02")), 1, "уже опубликован"),
    ("correct-empty-reason", _published(_cli("correct", "2024", "--reason", "")), 1, "причина исправления пуста"),
    ("correct-spaces-reason", _published(_cli("correct", "2024", "--reason", "  ")), 1, "причина исправления пуста"),
    ("correct-no-reason", _published(_cli("correct", "2024")), 2, "не указаны обязательные аргументы: --reason"),
    ("correct-reason-too-long", _published(_cli("correct", "2024", "--reason", "П" * 600)), 1, "длиннее 500 знаков"),
    (
        "correct-reason-with-markup",
        _published(_cli("correct", "2024", "--reason", "<script>x</script>\x07")),
        1,
        "управляющий символ",
    ),
    ("correct-unpublished-year", _cli("correct", "2024", "--reason", "опечатка"), 1, "не отмечен опубликованным"),
    (
        "correct-nothing-changed",
        _published(_cli("correct", "2024", "--reason", "опечатка", "--date", "2024-09-03")),
        1,
        "не изменились: записывать нечего",
    ),
    (
        "correct-before-publication",
        _published(
            lambda tmp: (stale(tmp), _cli("correct", "2024", "--reason", "опечатка", "--date", "2024-08-01")(tmp))[1]
        ),
        1,
        "раньше публикации",
    ),
    ("shards-missing-folder", _cli("shards", "--regions", "{tmp}/nosuch", data_flag=False), 1, "нет такой папки"),
    (
        "assemble-missing-parts",
        _cli("assemble", "--parts", "{tmp}/nosuch", "--out", "{tmp}/site", data_flag=False),
        1,
        "нет такой папки",
    ),
    ("schema-out-over-the-data", _cli("schema", "--out", "{data}"), 1, "Схемы не записаны"),
]
for _id, _make, _code, _says in CLI:
    add(f"cli/{_id}", _make, _code, _says)


# --- 6. the files of published editions ---------------------------------------------------------------

EDITIONS: list[tuple[str, Callable[[Any], Any], str]] = [
    ("editions-is-a-list", lambda c: [c], "ожидается набор «ключ: значение», а указан список"),
    (
        "published-date-impossible",
        lambda c: _first_edition(c).update(published="2024-02-30"),
        "такой даты нет в календаре",
    ),
    (
        "published-date-text",
        lambda c: _first_edition(c).update(published="вчера"),
        "ожидается дата в формате ГГГГ-ММ-ДД",
    ),
    (
        "unknown-year",
        lambda c: _editions_list(c).append({"year": 2031, "published": "2031-09-01"}),
        "в published.csv нет его опубликованных значений",
    ),
    (
        "correction-empty-reason",
        lambda c: _first_edition(c).update(corrections=[{"date": "2024-09-02", "reason": "", "changes": []}]),
        "значение не может быть пустым",
    ),
    (
        "correction-reason-a-number",
        lambda c: _first_edition(c).update(corrections=[{"date": "2024-09-02", "reason": 5, "changes": []}]),
        "ожидается текст, указано число «5»",
    ),
    ("incomplete-reason-empty", lambda c: _first_edition(c).update(incomplete=""), "значение не может быть пустым"),
    ("unknown-key", lambda c: _first_edition(c).update(colour="красный"), "неизвестный ключ «colour»"),
]


def _editions_list(content: Any) -> list[Any]:
    return content["editions"] if isinstance(content, dict) else content


def _first_edition(content: Any) -> dict[str, Any]:
    return _editions_list(content)[0]  # type: ignore[no-any-return]


for _id, _edit, _says in EDITIONS:
    add(f"editions/{_id}", _published(edited("editions.yaml", _edit)), 1, _says)
add(
    "editions/published-csv-cp1251",
    _published(
        lambda tmp: (
            write(
                tmp,
                "published.csv",
                (data(tmp) / "published.csv").read_text(encoding="utf-8").encode("cp1251", "replace")
                + "я".encode("cp1251"),
            ),
            validate(tmp),
        )[1]
    ),
    1,
    "published.csv:1:1: ошибка: файл не в кодировке UTF-8",
)
add(
    "editions/published-csv-garbage",
    _published(raw("published.csv", "a,b\n\x00\x01,;;\n")),
    1,
    "строка не читается как опубликованное значение",
)
add(
    "editions/published-csv-removed",
    _published(lambda tmp: ((data(tmp) / "published.csv").unlink(), validate(tmp))[1]),
    1,
    "в published.csv нет его опубликованных значений",
)


# --- running a case ------------------------------------------------------------------------------------


def snapshot(root: Path) -> dict[str, str]:
    """Every file under the folder by its path, hashed: what «nothing changed» is compared with."""
    import hashlib

    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def run(argv: list[str]) -> int:
    """The command as the shell runs it: argparse's exit is an exit status, not an exception."""
    from generator.cli import main

    try:
        return main(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
