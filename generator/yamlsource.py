"""Reading YAML while remembering where every value came from.

Officials edit the data files by hand, so every problem must be reported with the file, line and
column of the offending value. PyYAML's composer keeps those marks on its nodes; we walk the node
tree once and keep a map from the value's path (keys and list indices) to its position, plus the raw
text of each scalar, which tells, for example, with how many decimals a printed share was written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # the C loader is several times faster and gives the same marks
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader that leaves dates as text.

    PyYAML turns ``2023-02-30`` into an exception without a position; as text, the date reaches
    validation, which names the file, the line and the column.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}

PathKey = tuple[str, ...]


@dataclass(frozen=True, order=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class Duplicate:
    path: PathKey
    key: str
    first: Position
    again: Position


@dataclass
class SourceDoc:
    """A parsed YAML file together with the positions of its values."""

    path: Path
    data: Any
    values: dict[PathKey, Position] = field(default_factory=dict)
    keys: dict[PathKey, Position] = field(default_factory=dict)
    raw: dict[PathKey, str] = field(default_factory=dict)
    duplicates: list[Duplicate] = field(default_factory=list)

    def position(self, loc: tuple[Any, ...] | list[Any], *, key: bool = False) -> Position:
        """The position of the deepest known ancestor of ``loc`` (the whole file if none)."""
        parts = tuple(str(p) for p in loc)
        table = self.keys if key else self.values
        while parts:
            if parts in table:
                return table[parts]
            if key and parts in self.values:
                return self.values[parts]
            parts = parts[:-1]
        return self.values.get((), Position(1, 1))


class YamlSyntaxError(Exception):
    def __init__(self, path: Path, position: Position, problem: str) -> None:
        super().__init__(f"{path}:{position.line}:{position.column}: {problem}")
        self.path = path
        self.position = position
        self.problem = problem


def _pos(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def _walk(doc: SourceDoc, node: yaml.Node, path: PathKey) -> None:
    doc.values[path] = _pos(node.start_mark)
    if isinstance(node, yaml.ScalarNode):
        doc.raw[path] = node.value
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            _walk(doc, child, (*path, str(index)))
    elif isinstance(node, yaml.MappingNode):
        seen: dict[str, Position] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            where = _pos(key_node.start_mark)
            if key in seen:
                doc.duplicates.append(Duplicate(path, key, seen[key], where))
            seen[key] = where
            doc.keys[(*path, key)] = where
            _walk(doc, value_node, (*path, key))


_PROBLEMS_RU = {
    "mapping values are not allowed here": "двоеточие в неожиданном месте: значение с «: » нужно взять в кавычки",
    "could not find expected ':'": "не найдено ожидаемое двоеточие после ключа",
    "found character '\\t' that cannot start any token": "символ табуляции недопустим: используйте пробелы",
    "did not find expected key": "не найден ожидаемый ключ: проверьте отступы",
    "did not find expected '-' indicator": "не найден ожидаемый элемент списка «- »: проверьте отступы",
    "found undefined alias": "ссылка на неопределённый якорь (*)",
    "found unexpected end of stream": "файл неожиданно закончился: не закрыта кавычка или скобка",
    "found unknown escape character": "неизвестная escape-последовательность в строке в двойных кавычках",
}


def _translate(problem: str) -> str:
    for english, russian in _PROBLEMS_RU.items():
        if problem.startswith(english):
            return f"ошибка синтаксиса YAML: {russian} ({problem})"
    return f"ошибка синтаксиса YAML: {problem}"


def load_yaml(path: Path) -> SourceDoc:
    """Parse one YAML file; raise :class:`YamlSyntaxError` with a Russian message on bad syntax."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise YamlSyntaxError(path, Position(1, 1), f"файл не в кодировке UTF-8 ({exc.reason})") from exc
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise YamlSyntaxError(path, Position(line, 1), "файл содержит нулевой байт (NUL): это не текст YAML")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        position = _pos(mark) if mark is not None else Position(1, 1)
        raise YamlSyntaxError(path, position, _translate(str(exc.problem or exc.context))) from exc
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(path, Position(1, 1), _translate(str(exc))) from exc
    finally:
        loader.dispose()
    doc = SourceDoc(path=path, data=data)
    if node is not None:
        _walk(doc, node, ())
    return doc
