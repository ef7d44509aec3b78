"""Reading YAML while remembering where every value came from.

Officials edit the data files by hand, so every problem must be reported with the file, line and
column of the offending value. PyYAML's composer keeps those marks on its nodes; we walk the node
tree once and keep a map from the value's path (keys and list indices) to its position, plus the raw
text of each scalar, which tells, for example, with how many decimals a printed share was written.

Lines and columns are counted the way editors and CI logs count them: from the character offset of a
mark, over the text split at CR, LF and CRLF only (PyYAML also breaks at U+0085, U+2028 and U+2029, and
its C loader puts an error at the end of a file without a final line break on a line that does not exist).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.inputs.parsed import kept_parse

try:  # the C loader is several times faster and gives the same marks
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader that reads scalars the way an editor's YAML 1.2 language server does.

    Dates stay text: PyYAML turns ``2023-02-30`` into an exception without a position; as text, the date
    reaches validation, which names the file, the line and the column. Integers are decimal (or ``0x``
    hexadecimal) only: YAML 1.1 would silently read ``017`` as octal 15 and ``1:20`` as 80 (base 60); as
    text they reach validation, which asks for a plain number. Booleans are ``true`` and ``false`` only,
    so that «yes», «no», «on» and «off» stay words.
    """


_INT = re.compile(r"^(?:[-+]?0x[0-9a-fA-F_]+|[-+]?(?:0|[1-9][0-9_]*))$")
_FLOAT = re.compile(
    r"^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?"
    r"|\.[0-9_]+(?:[eE][-+][0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)"
    r"|\.(?:nan|NaN|NAN))$"
)
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_REPLACED = {
    "tag:yaml.org,2002:int": (_INT, "-+0123456789"),
    "tag:yaml.org,2002:float": (_FLOAT, "-+0123456789."),
    "tag:yaml.org,2002:bool": (_BOOL, "tTfF"),
}

_resolvers: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}
for _first, _pairs in _BaseLoader.yaml_implicit_resolvers.items():
    kept = [(tag, regexp) for tag, regexp in _pairs if tag != "tag:yaml.org,2002:timestamp" and tag not in _REPLACED]
    if kept:
        _resolvers[_first] = kept
for _tag, (_regexp, _firsts) in _REPLACED.items():
    for _first in _firsts:
        _resolvers.setdefault(_first, []).append((_tag, _regexp))
_Loader.yaml_implicit_resolvers = _resolvers


def _unsupported_tag(loader: Any, node: yaml.Node) -> Any:
    raise yaml.constructor.ConstructorError(
        None,
        None,
        f"тег «{node.tag.replace('tag:yaml.org,2002:', '!!')}» в файлах данных не используется: "
        f"уберите его (если это текст, возьмите текст в кавычки)",
        node.start_mark,
    )


for _tag in ("binary", "set", "omap", "pairs"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _unsupported_tag)

PathKey = tuple[str, ...]

# How many values aliases may add to a file when they are expanded (a «billion laughs» file: a few lines
# that expand to billions of values). Real data files do not use aliases at all.
MAX_ALIAS_EXPANSION = 100_000
_LIMIT_TEXT = f"{MAX_ALIAS_EXPANSION:,}".replace(",", "\u00a0")
# A file with more characters that YAML forbids than this is not a text file; the rest is not listed.
MAX_BAD_CHARACTERS = 10


@dataclass(frozen=True, order=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


@dataclass(frozen=True)
class SourceIssue:
    """A problem found while reading a file: its position and the Russian message."""

    position: Position
    problem: str


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
    # problems that did not stop the parsing (characters YAML forbids, read as «�»)
    issues: list[SourceIssue] = field(default_factory=list)

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
    """A file that cannot be read as YAML; ``issues`` holds every problem found, the first is the main one."""

    def __init__(self, path: Path, position: Position | list[SourceIssue], problem: str = "") -> None:
        issues = position if isinstance(position, list) else [SourceIssue(position, problem)]
        first = issues[0]
        super().__init__(f"{path}:{first.position.line}:{first.position.column}: {first.problem}")
        self.path = path
        self.issues = issues
        self.position = first.position
        self.problem = first.problem


class _Lines:
    """Character offsets to editor positions: lines end at CR, LF or CRLF and nowhere else."""

    _BREAK = re.compile(r"\r\n|\r|\n")

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(m.end() for m in self._BREAK.finditer(text))]

    def position(self, index: int) -> Position:
        index = max(0, min(index, len(self.text)))
        if index == len(self.text) and index > 0 and self.text[index - 1] in "\r\n":
            # the end of the file after its final line break: the end of the last line
            index -= 2 if self.text.endswith("\r\n") else 1
        line = bisect_right(self.starts, index)
        return Position(line, index - self.starts[line - 1] + 1)

    def at(self, mark: Any) -> Position:
        return self.position(mark.index)


# --- characters that YAML does not allow ---------------------------------------------------------

# YAML's printable set: TAB, LF, CR, U+0020–U+007E, U+0085, U+00A0–U+D7FF, U+E000–U+FFFD, beyond U+FFFF.
_FORBIDDEN = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CONTROL_NAMES = {0: "NUL, нулевой байт", 8: "BS", 11: "VT", 12: "FF", 27: "ESC", 127: "DEL"}


def _forbidden_message(char: str) -> str:
    code = ord(char)
    name = _CONTROL_NAMES.get(code)
    label = f"U+{code:04X}" + (f" ({name})" if name else "")
    if unicodedata.category(char) == "Cc":
        return (
            f"недопустимый управляющий символ {label}: удалите его (такие невидимые символы попадают в текст "
            f"при копировании из PDF или Word)"
        )
    return f"недопустимый символ {label}: удалите его"


def _forbidden_characters(text: str, lines: _Lines) -> tuple[list[SourceIssue], bool]:
    """Every character YAML forbids, each at its place; ``True`` when there are too many to go on."""
    issues: list[SourceIssue] = []
    found = list(_FORBIDDEN.finditer(text))
    for match in found[:MAX_BAD_CHARACTERS]:
        issues.append(SourceIssue(lines.position(match.start()), _forbidden_message(match.group())))
    if len(found) > MAX_BAD_CHARACTERS:
        rest = len(found) - MAX_BAD_CHARACTERS
        issues.append(
            SourceIssue(
                lines.position(found[MAX_BAD_CHARACTERS].start()),
                f"и ещё {rest} недопустимых символов (всего {len(found)}): похоже, это не текстовый файл YAML — "
                f"сохраните данные как текст в кодировке UTF-8",
            )
        )
    return issues, len(found) > MAX_BAD_CHARACTERS


# --- syntax errors in Russian --------------------------------------------------------------------

_QUOTE_IT = "если это текст, возьмите его в кавычки"


def _token_at(text: str, index: int, pattern: str) -> str:
    match = re.compile(pattern).match(text, max(0, index))
    return match.group() if match else ""


def _explain(exc: yaml.MarkedYAMLError, text: str, lines: _Lines) -> str:
    """The Russian reading of a PyYAML (libyaml) error: what is wrong and how to put it right."""
    problem = str(exc.problem or "")
    context = str(exc.context or "")
    mark = exc.problem_mark or exc.context_mark
    index = mark.index if mark is not None else 0
    char = text[index] if 0 <= index < len(text) else ""
    opened = f"в строке {lines.at(exc.context_mark).line}" if exc.context_mark is not None else "выше"

    if re.search("[а-яё]", problem, re.IGNORECASE):  # our own constructors already speak Russian
        return problem
    if problem.startswith("mapping values are not allowed"):
        return (
            "двоеточие с пробелом («: ») в неожиданном месте: если двоеточие — часть текста, возьмите весь текст "
            'в кавычки (например, title: "Встреча: мастер-класс"); если это новый ключ, перенесите его на '
            "отдельную строку"
        )
    if "tab character" in problem or (problem.startswith("found character that cannot start") and char == "\t"):
        return "символ табуляции в отступе: отступы в YAML делаются только пробелами — замените табуляцию пробелами"
    if problem.startswith("found character that cannot start any token"):
        return f"значение не может начинаться с символа «{char}»: {_QUOTE_IT}"
    if problem.startswith("could not find expected ':'"):
        return (
            "не найдено двоеточие после ключа: строка должна иметь вид «ключ: значение»; если это продолжение "
            "текста с предыдущей строки, возьмите весь текст в кавычки"
        )
    if problem.startswith("did not find expected key"):
        return (
            f"здесь ожидается ключ «ключ: значение» с тем же отступом, что у соседних ключей (набор начат {opened}): "
            f"проверьте отступ этой строки и кавычки — после закрывающей кавычки текст не продолжают"
        )
    if problem.startswith("did not find expected '-' indicator"):
        return (
            f"здесь ожидается элемент списка «- » с тем же отступом, что у соседних элементов (список начат {opened}): "
            f"проверьте отступ этой строки"
        )
    if problem.startswith("block sequence entries are not allowed"):
        return (
            "элемент списка «- » в неожиданном месте: список начинают с новой строки под ключом, с отступом; "
            "если дефис — часть текста, возьмите текст в кавычки"
        )
    if problem.startswith("mapping keys are not allowed"):
        return f"знак «?» в неожиданном месте: {_QUOTE_IT}"
    if problem.startswith("did not find expected ',' or ']'"):
        return f"не закрыта квадратная скобка «[», открытая {opened}, или между элементами не хватает запятой"
    if problem.startswith("did not find expected ',' or '}'"):
        return f"не закрыта фигурная скобка «{{», открытая {opened}, или между парами не хватает запятой"
    if problem.startswith("did not find expected node content"):
        return (
            f"здесь ожидается значение, а стоит служебный знак YAML «{char}»: проверьте скобки и запятые; {_QUOTE_IT}"
        )
    if problem.startswith("found unexpected end of stream"):
        if "quoted scalar" in context:
            return f"не закрыта кавычка, открытая {opened}: файл закончился внутри текста в кавычках"
        return "файл неожиданно закончился: проверьте, закрыты ли все кавычки и скобки"
    if problem.startswith("found unknown escape character"):
        return (
            "неизвестная последовательность с обратной косой чертой «\\» в тексте в двойных кавычках: напишите "
            "«\\\\» вместо «\\» или возьмите текст в одинарные кавычки"
        )
    if "Unicode character escape" in problem or "hexdecimal number" in problem:
        return (
            "неверный код символа после «\\x», «\\u» или «\\U» в тексте в двойных кавычках: напишите «\\\\» "
            "вместо «\\» или возьмите текст в одинарные кавычки"
        )
    if problem.startswith("found undefined alias"):
        name = _token_at(text, index, r"\*[^\s,\[\]{}]*") or "*"
        return f"«{name}» — ссылка на якорь, а якоря с таким именем выше нет: {_QUOTE_IT}"
    if "duplicate anchor" in context:
        name = _token_at(text, index, r"&[^\s,\[\]{}]*") or "&"
        return f"якорь «{name}» уже объявлен {opened}: {_QUOTE_IT}"
    if problem.startswith("but found another document") or problem.startswith("found unexpected document indicator"):
        return (
            "строка «---» или «...» делит файл на несколько документов YAML, а нужен один: удалите её "
            "(если это текст, возьмите его в кавычки)"
        )
    if problem.startswith("did not find expected <document start>"):
        return "после конца документа («...») идёт ещё текст: удалите строку «...»"
    if problem.startswith("did not find expected comment or line break"):
        if "block scalar" in context:
            return "после «|» или «>» текст пишут со следующей строки, с отступом"
        return (
            "лишний текст после значения: после закрывающей кавычки или скобки в строке допускается только "
            "комментарий «# …»"
        )
    if "alphabetic or numeric character" in problem and ("anchor" in context or "alias" in context):
        return f"после «&» или «*» ожидается имя якоря: {_QUOTE_IT}"
    if "indentation indicator" in problem or "block scalar" in context:
        return "после «|» или «>» допускаются только «-», «+» или цифра от 1 до 9, затем — конец строки"
    if "directive" in problem or "directive" in context or "YAML document" in problem:
        return f"строка, начинающаяся с «%», — директива YAML: удалите её; {_QUOTE_IT}"
    if "tag" in problem or "tag" in context:
        tag = _token_at(text, index, r"![^\s,\[\]{}]*") or "!"
        return f"«{tag}» — тег YAML, в файлах данных теги не используются: {_QUOTE_IT}"
    if problem.startswith("found unhashable key"):
        return "ключом может быть только текст, а не список или набор: проверьте скобки и двоеточия"
    if "recursive" in problem:
        return "ссылка «*» внутри собственного якоря «&»: такая структура бесконечна — уберите ссылку"
    if "for merging" in problem:
        return "после «<<» (слияние) ожидается ссылка на набор «ключ: значение»: уберите «<<» или исправьте ссылку"
    if "maximum nesting depth" in problem:
        return "слишком глубокая вложенность списков и наборов: проверьте скобки"
    return f"{problem} ({context})" if context else problem


# --- walking the node tree -----------------------------------------------------------------------


class _Walk:
    """Fills a :class:`SourceDoc` with the position and raw text of every value, without recursion.

    Aliases make the node tree a graph: an alias inside its own anchor is a cycle, and a few anchors that
    repeat each other expand to billions of values. Both are reported instead of walked for ever.
    """

    def __init__(self, doc: SourceDoc, loader: Any, lines: _Lines, text: str) -> None:
        self.doc = doc
        self.loader = loader
        self.lines = lines
        self.text = text

    def _key_spellings(self, key_node: yaml.Node) -> list[str]:
        """The key as written, and as pydantic names it in an error (``True`` → ``1``, ``017`` stays)."""
        written = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
        spellings = [written]
        if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:str":
            constructor = self.loader.yaml_constructors.get(key_node.tag)
            try:
                value = constructor(self.loader, key_node) if constructor else None
            except Exception:  # an unreadable key is reported by the constructor itself
                value = None
            if value is not None or key_node.tag == "tag:yaml.org,2002:null":
                spellings.append(str(value))
            if isinstance(value, bool):
                spellings.append(str(int(value)))
        return spellings

    def _label(self, path: PathKey) -> str:
        return ".".join(path) if path else "файл"

    def run(self, root: yaml.Node) -> None:
        doc = self.doc
        seen: set[int] = set()
        on_path: set[int] = set()
        expanded = 0
        # (node, path, leaving): a «leaving» entry takes the node off the current path
        stack: list[tuple[yaml.Node, PathKey, bool]] = [(root, (), False)]
        while stack:
            node, path, leaving = stack.pop()
            if leaving:
                on_path.discard(id(node))
                continue
            first_visit = id(node) not in seen
            if not first_visit:
                expanded += 1
                if expanded > MAX_ALIAS_EXPANSION:
                    top = path[:1]
                    raise YamlSyntaxError(
                        doc.path,
                        doc.keys.get(top, doc.values.get(top, Position(1, 1))),
                        f"ссылки на якоря («*имя») в значении «{self._label(top)}» повторяют одни и те же данные "
                        f"слишком много раз (при раскрытии — больше {_LIMIT_TEXT} значений): запишите значения "
                        f"без якорей и ссылок",
                    )
            seen.add(id(node))
            doc.values[path] = self.lines.at(node.start_mark)
            if isinstance(node, yaml.ScalarNode):
                doc.raw[path] = node.value
                continue
            on_path.add(id(node))
            stack.append((node, path, True))
            children: list[tuple[yaml.Node, PathKey]] = []
            if isinstance(node, yaml.SequenceNode):
                children = [(child, (*path, str(i))) for i, child in enumerate(node.value)]
            elif isinstance(node, yaml.MappingNode):
                first_seen: dict[str, Position] = {}
                for key_node, value_node in node.value:
                    spellings = self._key_spellings(key_node)
                    key = spellings[0]
                    where = self.lines.at(key_node.start_mark)
                    # keys brought in by a merge («<<: *base») lie outside the mapping and may be overridden
                    own = node.start_mark.index <= key_node.start_mark.index <= node.end_mark.index
                    if own and first_visit:
                        if key in first_seen:
                            doc.duplicates.append(Duplicate(path, key, first_seen[key], where))
                        else:
                            first_seen[key] = where
                    for spelling in spellings:
                        doc.keys[(*path, spelling)] = where
                    children.append((value_node, (*path, key)))
            for child, child_path in reversed(children):
                if id(child) in on_path:
                    raise YamlSyntaxError(doc.path, doc.values[path], self._cycle_message(node, path))
                stack.append((child, child_path, False))

    def _cycle_message(self, node: yaml.Node, path: PathKey) -> str:
        anchor = _token_at(self.text, node.start_mark.index, r"&[^\s,\[\]{}]+")
        where = f"значение «{self._label(path)}»" if path else "файл"
        if anchor:
            return (
                f"{where} ссылается само на себя: внутри якоря «{anchor}» стоит ссылка «*{anchor[1:]}», "
                f"и структура получается бесконечной — уберите ссылку"
            )
        return f"{where} ссылается само на себя через якорь «&» и ссылку «*»: уберите ссылку"


# --- reading a file ------------------------------------------------------------------------------


def _decode(path: Path, data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")  # an editor's byte order mark is not part of the text
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8-sig", errors="replace")
        position = _Lines(before).position(len(before))
        byte = data[exc.start : exc.start + 1].hex().upper()
        raise YamlSyntaxError(
            path,
            position,
            f"файл не в кодировке UTF-8 (байт 0x{byte} здесь невозможен): сохраните его в UTF-8 — "
            f"в Блокноте «Сохранить как» → «Кодировка: UTF-8»",
        ) from exc
    # the universal line ends of Python's text files: CRLF and CR become LF, columns do not move
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_yaml(path: Path, text: str) -> SourceDoc:
    """Parse YAML text read from ``path``; raise :class:`YamlSyntaxError` with Russian messages."""
    lines = _Lines(text)
    issues, hopeless = _forbidden_characters(text, lines)
    if hopeless:
        raise YamlSyntaxError(path, issues)
    if issues:  # go on without them, to report the file's other problems in the same run
        text = _FORBIDDEN.sub("\ufffd", text)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
        doc = SourceDoc(path=path, data=data, issues=issues)
        if node is not None:
            _Walk(doc, loader, lines, text).run(node)
    except YamlSyntaxError as exc:
        raise YamlSyntaxError(path, [*issues, *exc.issues]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        position = lines.at(mark) if mark is not None else Position(1, 1)
        problem = f"ошибка синтаксиса YAML: {_explain(exc, text, lines)}"
        raise YamlSyntaxError(path, [*issues, SourceIssue(position, problem)]) from exc
    except yaml.reader.ReaderError as exc:  # pragma: no cover - forbidden characters are replaced above
        problem = _forbidden_message(chr(exc.character))
        raise YamlSyntaxError(path, [*issues, SourceIssue(Position(1, 1), problem)]) from exc
    except yaml.YAMLError as exc:
        problem = "ошибка синтаксиса YAML: " + " ".join(str(exc).split())
        raise YamlSyntaxError(path, [*issues, SourceIssue(Position(1, 1), problem)]) from exc
    except RecursionError:  # a merge («<<») of a mapping into itself
        raise YamlSyntaxError(
            path,
            [*issues, SourceIssue(Position(1, 1), "ссылка «*» внутри собственного якоря «&»: уберите ссылку")],
        ) from None
    finally:
        loader.dispose()
    return doc


def load_yaml(path: Path) -> SourceDoc:
    """Parse one YAML file (or take its parse kept by :mod:`generator.inputs.parsed`); raise
    :class:`YamlSyntaxError` with Russian messages on bad syntax."""
    data = path.read_bytes()
    return kept_parse(path, data, lambda: parse_yaml(path, _decode(path, data)))


def round_trip_yaml() -> Any:
    """ruamel.yaml set to rewrite a data file as people keep it: comments, key order and quotes survive,
    lines are not folded, lists indented as in the shipped files. For the commands that write into data/."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml
