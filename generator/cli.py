"""The ``proforientir`` command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .load import load_catalogue
from .problems import Problem
from .schemas import all_schemas, render, write_if_changed
from .validate import validate

DEFAULT_DATA = Path("data")


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
    report = validate(args.data)
    _print_problems(report.problems)
    if report.table is None or report.errors:
        print(report.summary())
        return 1
    text = report.table.to_csv(index=False, lineterminator="\n")
    if args.out:
        written = write_if_changed(args.out, text)
        state = "записан" if written else "не изменился"
        print(f"{report.summary()}\nТаблица показателей ({len(report.table)} строк): {args.out} — {state}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    problems: list[Problem] = []
    catalogue, _ = load_catalogue(args.data / "indicators.yaml", problems)
    if catalogue is None:
        _print_problems(problems)
        return 1
    changed = [
        name for name, schema in all_schemas(catalogue).items() if write_if_changed(args.out / name, render(schema))
    ]
    print(f"Схемы в {args.out}: изменено {len(changed)}" + (f" ({', '.join(changed)})" if changed else ""))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="proforientir",
        description="Профориентир: публикация мониторинга системы профориентации обучающихся",
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

    p = sub.add_parser("schema", help="создать JSON Schema файлов данных из моделей и каталога")
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.add_argument("--out", type=Path, default=Path("schemas"))
    p.set_defaults(func=cmd_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
