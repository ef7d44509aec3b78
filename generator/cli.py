"""The ``proforientir`` command."""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from generator.build.validate import Report, validate
from generator.core.files import write_if_changed
from generator.core.formatting import ROWS, format_count
from generator.core.refusals import guarded
from generator.inputs.catalogue_file import load_catalogue
from generator.inputs.problems import Problem
from generator.publish.hosting import size_warning
from generator.publish.lockfile import LOCKFILE, read_lock, render_lock
from generator.publish.schemas import all_schemas, render

if TYPE_CHECKING:
    from generator.build.pipeline import BuildOptions

DEFAULT_DATA = Path("data")
MIN_YEAR, MAX_YEAR = 2000, 2100  # the school years a form can be made for
MAX_MESSAGES = 50  # errors printed by `import`; past them, how many more there are


# argparse's own messages, in Russian: the user of the command reads Russian everywhere (no traceback, no English).
_ARGPARSE_RU = [
    (r"the following arguments are required: (.+)", "не указаны обязательные аргументы: {0}"),
    (r"unrecognized arguments: (.+)", "неизвестные аргументы: {0}"),
    (r"argument (\S+): invalid choice: '?(.*?)'? \(choose from (.+)\)", "{0}: нет варианта «{1}»; есть: {2}"),
    (r"argument (\S+): invalid (?:int|float) value: '?(.*?)'?", "{0}: ожидается число, указано «{1}»"),
    (r"argument (\S+): expected one argument", "{0}: после аргумента нужно значение"),
    (r"argument (\S+): ambiguous option: (.+)", "{0}: неоднозначный аргумент: {1}"),
    (r"argument (\S+): (.+)", "{0}: {1}"),
]


def russian(message: str) -> str:
    for pattern, text in _ARGPARSE_RU:
        match = re.fullmatch(pattern, message)
        if match:
            return text.format(*match.groups())
    return message


class RussianParser(argparse.ArgumentParser):
    """argparse with its errors in Russian and a pointer to the help instead of the English usage line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: ошибка: {russian(message)}\nСправка: {self.prog} --help\n")


def _outside_data(out: Path | None, data: Path, refused: str, sign: bytes = b"", what: str = "") -> bool:
    """A file a command writes must not land in the data folder, nor replace a file that is not its own earlier
    output (``sign``: how that begins; :mod:`generator.build.destinations`)."""
    from generator.build.destinations import foreign_file, in_data

    said = in_data(out, data, refused) or (foreign_file(out, sign, refused, what) if sign else None)
    if said is not None:
        print(said, file=sys.stderr)
    return said is None


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def cmd_validate(args: argparse.Namespace) -> int:
    report = validate(args.data)
    _print_problems(report.problems)
    print(report.summary())
    if report.errors:
        return 1
    if args.strict and report.warnings:
        print("Режим --strict: предупреждения считаются ошибками.", file=sys.stderr)
        return 1
    return 0


def cmd_compute(args: argparse.Namespace) -> int:
    if not _outside_data(args.out, args.data, "Таблица не записана", b"year,academic_year,", "таблица показателей"):
        return 1
    report = validate(args.data)
    _print_problems(report.problems)
    if report.table is None or report.errors:
        print(report.summary())
        return 1
    from generator.publish.public_table import public_table
    from generator.publish.tabular import to_csv_bytes

    public = public_table(report.table, report.dataset)  # the rows and columns of the open data's CSV
    table = to_csv_bytes(public)
    if args.out:
        state = "записан" if write_if_changed(args.out, table) else "не изменился"
        print(f"{report.summary()}\nТаблица показателей ({format_count(len(public), ROWS)}): {args.out} — {state}")
    else:
        sys.stdout.write(table.decode("utf-8-sig"))  # a pipe gets no byte order mark
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    if not _outside_data(args.out, args.data, "Схемы не записаны"):
        return 1
    problems: list[Problem] = []
    catalogue, _ = load_catalogue(args.data / "indicators.yaml", problems)
    if catalogue is None:
        _print_problems(problems)
        return 1
    changed = [
        name
        for name, schema in all_schemas(catalogue).items()
        if write_if_changed(args.out / name, render(schema).encode("utf-8"))
    ]
    print(f"Схемы в {args.out}: изменено {len(changed)}" + (f" ({', '.join(changed)})" if changed else ""))
    return 0


def _build_options(args: argparse.Namespace) -> BuildOptions:
    from generator.build.destinations import default_work
    from generator.build.pipeline import BuildOptions

    return BuildOptions(
        data=args.data,
        out=args.out,
        work=args.work if args.work is not None else default_work(args.data, args.config),
        cache=args.cache,
        config=args.config,
        content=args.content,
        strict_data=getattr(args, "strict", False),
        workers=args.workers,
        quiet=args.quiet,
        pdf=args.pdf,
        site_url=getattr(args, "site_url", None),
    )


def cmd_build(args: argparse.Namespace) -> int:
    from generator.build.pipeline import build
    from generator.build.summary import done
    from generator.publish.report_pdfs import unprinted_warning

    result = build(_build_options(args))
    _print_problems(result.problems)
    if not result.ok:
        print(f"Сборка не выполнена; опубликованный сайт {args.out} не изменён.", file=sys.stderr)
        return 1
    print(done(result, args.out))
    for warning in (size_warning(result.site_bytes), unprinted_warning(result.pdfs_unprinted)):
        if warning is not None:
            print(warning, file=sys.stderr)
    if result.new_urls:
        print(
            f"Новых адресов: {len(result.new_urls)} — после проверки внесите их в {args.data / LOCKFILE} командой "
            f"`proforientir urls accept`.",
            file=sys.stderr,
        )
    return 0


def cmd_urls_accept(args: argparse.Namespace) -> int:
    from generator.build.pipeline import build

    options = _build_options(args)
    options.quiet = True
    result = build(options)
    if not result.ok:
        _print_problems(result.problems)
        return 1
    lock = args.data / LOCKFILE
    published = read_lock(lock) | set(result.new_urls)
    changed = write_if_changed(lock, render_lock(published))
    print(f"{lock}: адресов {len(published)}, новых {len(result.new_urls)}" + ("" if changed else " (без изменений)"))
    return 0


def cmd_form(args: argparse.Namespace) -> int:
    from generator.officials.form_output import write_form
    from generator.officials.form_writer import render_form
    from generator.officials.forms import form_spec

    if not MIN_YEAR <= args.year <= MAX_YEAR:
        print(
            f"Год {args.year} вне допустимых {MIN_YEAR}–{MAX_YEAR}: укажите год окончания учебного года, "
            "например `proforientir form 2027` для 2026/27 учебного года.",
            file=sys.stderr,
        )
        return 2
    if not _outside_data(args.out, args.data, "Форма не записана"):
        return 1
    # A published edition changed without its correction entry yet still gets a form: that is how it is fixed.
    report = validate(args.data, published=False)
    if report.dataset is None or report.errors:
        _print_problems(report.errors)
        print("Форму не создать: в данных есть ошибки (см. выше).", file=sys.stderr)
        return 1
    slugs = [m.slug for m in report.dataset.registry.municipalities]
    if args.municipality is not None and args.municipality not in slugs:
        print(f"Муниципалитета «{args.municipality}» нет в реестре {args.data / 'region.yaml'}.", file=sys.stderr)
        return 1
    chosen, ok = [args.municipality] if args.municipality else slugs, True
    for slug in chosen:
        name = f"forma-{slug}-{args.year}{'-shkoly' if args.schools else ''}.xlsx"
        if args.out is None:
            out = Path(name) if args.municipality else Path("forms") / str(args.year) / name
        else:
            out = args.out if args.municipality else args.out / name
        data = render_form(form_spec(report.dataset, args.year, slug, schools=args.schools))
        written, said = write_form(out, data, report.dataset.catalogue, report.dataset.registry)
        print(said, file=sys.stdout if written else sys.stderr)
        ok = ok and written
    return 0 if ok else 1


def cmd_import(args: argparse.Namespace) -> int:
    from generator.core.formatting import format_count, format_number
    from generator.officials.importer import import_form

    if not args.file.exists():
        print(f"{args.file}: такого файла нет — укажите путь к заполненной форме .xlsx.", file=sys.stderr)
        return 1
    result = import_form(args.file, args.data, force=args.force, replace=args.replace)
    for message in result.messages[:MAX_MESSAGES]:
        print(message, file=sys.stderr)
    if len(result.messages) > MAX_MESSAGES:
        rest = len(result.messages) - MAX_MESSAGES
        print(f"… и ещё {format_count(rest, ('ошибка', 'ошибки', 'ошибок'))}", file=sys.stderr)
    if result.refused:
        print("Ничего не записано.", file=sys.stderr)
        return 1
    if not result.ok:
        count = format_number(len(result.messages))
        print(f"Ошибок: {count}. Ничего не записано: исправьте форму и повторите импорт.", file=sys.stderr)
        return 1
    _print_problems(result.warnings)
    for note in result.notes:
        print(f"Внимание: {note}", file=sys.stderr)
    state = "записан" if result.written else "не изменился (данные формы уже в нём)"
    print(f"Импорт выполнен: {result.path} — {state}. Проверьте изменения: `proforientir diff`.")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from generator.officials.datadiff import HEADING, GitError, diff_data

    if not _outside_data(args.out, args.data, "Отчёт не записан", HEADING.encode(), "отчёт proforientir diff"):
        return 2
    try:
        result, text = diff_data(args.data, args.rev1, args.rev2)
    except GitError as exc:
        print(f"Сравнение не выполнено: {exc}", file=sys.stderr)
        return 2
    if args.out is not None:
        state = "записан" if write_if_changed(args.out, text) else "не изменился"
        print(f"Отчёт об изменениях: {args.out} — {state}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 1 if result.new.report.errors else 0


def _valid_for_editions(args: argparse.Namespace) -> Report | None:
    report = validate(args.data, published=False)
    if report.dataset is None or report.table is None or report.errors:
        _print_problems(report.errors)
        print(report.summary(), file=sys.stderr)
        return None
    return report


def cmd_publish(args: argparse.Namespace) -> int:
    from generator.inputs.editions import edition_states
    from generator.inputs.editions_log import EDITIONS_FILE, PUBLISHED_FILE
    from generator.officials.publish import publish, today

    report = _valid_for_editions(args)
    if report is None or report.dataset is None or report.table is None:
        return 1
    day = args.date or today()
    try:
        state, ds = edition_states(report.dataset).get(args.year), report.dataset
        missing = state.missing if state is not None else ()
        publish(args.data, args.year, day, report.table, ds.catalogue, missing=missing, incomplete=args.incomplete,
                since=ds.monitoring_date(args.year) if args.year in ds.years else None)
    except ValueError as exc:
        print(f"Выпуск не отмечен: {exc}", file=sys.stderr)
        return 1
    print(
        f"Выпуск {args.year} отмечен опубликованным {day:%d.%m.%Y}: {args.data / EDITIONS_FILE}, опубликованные "
        f"значения — {args.data / PUBLISHED_FILE}. Закоммитьте оба файла."
    )
    return 0


def cmd_correct(args: argparse.Namespace) -> int:
    from generator.inputs.editions_log import EDITIONS_FILE
    from generator.officials.publish import check_reason, correct, today

    try:
        check_reason(args.reason)
    except ValueError as exc:
        print(f"Исправление не записано: {exc}", file=sys.stderr)
        return 1
    report = _valid_for_editions(args)
    if report is None or report.dataset is None or report.table is None:
        return 1
    day = args.date or today()
    try:
        count = correct(args.data, args.year, day, args.reason, report.table, report.dataset.catalogue)
    except ValueError as exc:
        print(f"Исправление не записано: {exc}", file=sys.stderr)
        return 1
    print(f"Исправление от {day:%d.%m.%Y} записано в {args.data / EDITIONS_FILE}: изменённых значений {count}.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from generator.build.serve import serve

    return serve(_build_options(args), host=args.host, port=args.port)


def cmd_shards(args: argparse.Namespace) -> int:
    from generator.build.shards import gitlab_child_pipeline, list_shards, shards_json

    if not args.regions.is_dir():
        print(f"{args.regions}: нет такой папки (ожидается папка с папками данных регионов)", file=sys.stderr)
        return 1
    shards = list_shards(args.regions)
    if args.format == "json":
        print(shards_json(shards))
    elif args.format == "github":  # a value for `strategy.matrix.region: ${{ fromJSON(...) }}`
        print(json.dumps([s.id for s in shards]))
    elif args.format == "gitlab":
        sys.stdout.write(gitlab_child_pipeline(shards, args.base_url))
    else:
        for s in shards:
            print(f"{s.id}\t{s.name}\tмуниципалитетов: {s.municipalities}\tлет: {s.years}\tфайлов: {s.files}")
        print(f"Частей: {len(shards)}", file=sys.stderr)
    return 0


def cmd_assemble(args: argparse.Namespace) -> int:
    from generator.build.destinations import assembly_problems
    from generator.build.shards import assemble, list_shards
    from generator.inputs.site_file import default_site, read_site_file

    if refused := assembly_problems(args.out, args.parts, args.regions):
        _print_problems(refused)
        return 1
    shards = list_shards(args.regions) if args.regions else []
    names = {s.id: s.name for s in shards} or None
    # the regions of one national site share a catalogue: the first one's site.yaml names the monitoring
    texts = read_site_file(Path(shards[0].data), []).texts if shards else default_site().texts
    regions = assemble(args.parts, args.out, names, monitoring=str(texts.short))
    print(f"Сайт {args.out}: регионов {len(regions)}")
    return 0 if regions else 1


def build_parser() -> argparse.ArgumentParser:
    parser = RussianParser(
        prog="proforientir",
        description="Профориентир: открытая публикация мониторинга — проверка данных, показатели, рекомендации, сайт",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="проверить данные: все ошибки сразу, с файлом и строкой")
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help="папка с данными (по умолчанию data)")
    p.add_argument("--strict", action="store_true", help="считать предупреждения ошибками")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("compute", help="вычислить показатели и вывести таблицу CSV")
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.add_argument("--out", type=Path, help="файл CSV (по умолчанию — стандартный вывод)")
    p.set_defaults(func=cmd_compute)

    def build_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("--data", type=Path, default=DEFAULT_DATA, help="папка с данными (по умолчанию data)")
        p.add_argument("--out", type=Path, default=Path("site"), help="папка готового сайта (по умолчанию site)")
        p.add_argument("--work", type=Path, default=None, help="рабочая папка (по умолчанию build или build/work-…)")
        p.add_argument(
            "--cache", type=Path, default=None, help="кэш отрисованных SVG (по умолчанию <рабочая папка>/cache/svg)"
        )
        p.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="настройки MkDocs (mkdocs.yml)")
        p.add_argument("--content", type=Path, default=Path("content"), help="страницы, написанные вручную")
        p.add_argument("--workers", type=int, default=None, help="процессов сборки (по умолчанию — по числу ядер)")
        p.add_argument("--quiet", action="store_true", help="не печатать ход сборки")
        p.add_argument(
            "--pdf",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="печатать PDF аналитических отчётов (по умолчанию — если есть Chromium)",
        )
        p.add_argument(
            "--site-url", default=None, help="адрес сайта вместо site_url из mkdocs.yml (часть национального сайта)"
        )

    p = sub.add_parser("build", help="проверить данные и собрать сайт")
    build_args(p)
    p.add_argument("--strict", action="store_true", help="предупреждения в данных останавливают сборку")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("serve", help="собрать сайт и показать его с автообновлением при изменении данных")
    build_args(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("urls", help="постоянные адреса сайта")
    urls_sub = p.add_subparsers(dest="urls_command", required=True)
    q = urls_sub.add_parser("accept", help="внести новые адреса в список опубликованных (urls.lock)")
    build_args(q)
    q.set_defaults(func=cmd_urls_accept)

    p = sub.add_parser("shards", help="независимые части работы (регионы) для параллельной сборки в CI")
    p.add_argument("--regions", type=Path, default=Path("regions"), help="папка с папками данных регионов")
    p.add_argument("--format", choices=("text", "json", "github", "gitlab"), default="text")
    p.add_argument("--base-url", default="https://example.org/", help="адрес национального сайта (для gitlab)")
    p.set_defaults(func=cmd_shards)

    p = sub.add_parser("assemble", help="собрать сайты регионов в один сайт: <папка>/<регион>/")
    p.add_argument("--parts", type=Path, required=True, help="папка с собранными сайтами регионов")
    p.add_argument("--out", type=Path, default=Path("site"))
    p.add_argument("--regions", type=Path, default=None, help="папка данных регионов: названия для главной")
    p.set_defaults(func=cmd_assemble)

    p = sub.add_parser("form", help="создать форму Excel для ввода данных муниципалитета за год")
    p.add_argument("year", type=int, help="год окончания учебного года (2027 — 2026/27)")
    p.add_argument("--municipality", help="slug муниципалитета (по умолчанию — формы всех муниципалитетов)")
    p.add_argument("--schools", action="store_true", help="по листу на каждую школу муниципалитета")
    p.add_argument(
        "--out", type=Path, help="файл формы (с --municipality) или папка форм (по умолчанию forms/<год>/)"
    )
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.set_defaults(func=cmd_form)

    p = sub.add_parser("import", help="внести заполненную форму Excel в data/<год>/<муниципалитет>.yaml")
    p.add_argument("file", type=Path, help="заполненная форма .xlsx")
    p.add_argument(
        "--force",
        action="store_true",
        help="записать форму, хотя данные файла изменились после её создания (новые значения будут заменены)",
    )
    p.add_argument(
        "--replace",
        action="store_true",
        help="записать форму, созданную для другого муниципалитета или года, поверх данных этого файла",
    )
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("diff", help="что меняет коммит данных: значения, файлы, рекомендации, предупреждения")
    p.add_argument("rev1", nargs="?", help="ревизия «до» (по умолчанию — общая база с веткой main)")
    p.add_argument("rev2", nargs="?", help="ревизия «после» (по умолчанию — рабочая копия)")
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.add_argument("--out", type=Path, help="записать отчёт Markdown в файл (по умолчанию — стандартный вывод)")
    p.set_defaults(func=cmd_diff)

    def iso_date(text: str) -> date:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"ожидается дата ГГГГ-ММ-ДД, указано «{text}»") from None

    p = sub.add_parser("publish", help="отметить выпуск опубликованным и сохранить его опубликованные значения")
    p.add_argument("year", type=int, help="год выпуска (год окончания учебного года)")
    p.add_argument("--date", type=iso_date, help="дата публикации ГГГГ-ММ-ДД (по умолчанию — сегодня)")
    p.add_argument(
        "--incomplete",
        metavar="ПРИЧИНА",
        help="опубликовать выпуск без некоторых муниципалитетов реестра: причина, которую покажут его страницы",
    )
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.set_defaults(func=cmd_publish)

    p = sub.add_parser("correct", help="записать исправление опубликованного выпуска: дата, причина, что изменилось")
    p.add_argument("year", type=int, help="год исправленного выпуска")
    p.add_argument("--reason", required=True, help="что и почему исправлено (это прочтут на сайте)")
    p.add_argument("--date", type=iso_date, help="дата исправления ГГГГ-ММ-ДД (по умолчанию — сегодня)")
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.set_defaults(func=cmd_correct)

    p = sub.add_parser("schema", help="создать JSON Schema файлов данных из моделей и каталога")
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.add_argument("--out", type=Path, default=Path("schemas"))
    p.set_defaults(func=cmd_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return guarded(lambda: int(args.func(args)))  # a full disk or a file where a folder goes: a message


if __name__ == "__main__":
    raise SystemExit(main())
