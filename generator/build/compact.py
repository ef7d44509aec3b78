"""Pages and search index written without the white space and escapes that carry nothing.

Why: Material's templates indent the navigation deeply, and MkDocs writes Russian as ``\\uXXXX`` escapes in
the page configuration and the search index; on a region of 60 municipalities that was most of the bytes
of a page. What a browser shows and parses is the same.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

_VERBATIM = re.compile(r"<(pre|textarea|script|code|style)\b.*?</\1\s*>", re.S | re.I)
_LINE_END = " \t\r\f\v"  # the white space before a line break that goes with it (not a no-break space)


def collapse_blank_runs(text: str) -> str:
    """Every run of white space that holds a line break, as one line break: what
    ``re.sub(r"[ \\t\\r\\f\\v]*\\n\\s*", "\\n", text)`` returns, with ``str`` methods (4 times sooner: that
    expression is tried at every character of a 60 KB page)."""
    parts = text.split("\n")
    last = len(parts) - 1
    if not last:
        return text
    out = [parts[0].rstrip(_LINE_END)]
    for index in range(1, last + 1):
        part = parts[index].lstrip()  # str.isspace is what ``\\s`` matches
        if index < last:
            part = part.rstrip(_LINE_END)
            if not part:
                continue  # white space only: the run goes on
        out.append(part)
    return "\n".join(out)


def compact_html(text: str, base: str | None = None) -> str:
    """Every run of white space that holds a line break becomes one line break, outside verbatim elements.

    Material's templates indent the navigation deeply, and the navigation of an edition lists every
    municipality: on a region of 60 municipalities two thirds of a page were blanks. A browser shows a
    run of white space as one space (a line break is one too), so the page looks and reads the same;
    ``pre``, ``code``, ``textarea``, ``script`` and ``style`` are left as they are. ``base``, when given,
    replaces the ``base`` of Material's page configuration (see :class:`generator.build.scope.Scope`).
    """
    out: list[str] = []
    pos = 0
    for match in _VERBATIM.finditer(text):
        out.append(collapse_blank_runs(text[pos : match.start()]))
        out.append(match.group(0))
        pos = match.end()
    out.append(collapse_blank_runs(text[pos:]))
    return _CONFIG.sub(lambda m: _utf8_config(m, base), "".join(out))


_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def _utf8_config(match: re.Match[str], base: str | None = None) -> str:
    """Material's page configuration as UTF-8 JSON: its Russian translations were ``\\uXXXX`` escapes, a
    kilobyte of every page. ``<``, ``>`` and ``&`` stay escaped, so no string can close the script."""
    try:
        data = json.loads(match.group(2))
    except ValueError:
        return match.group(0)
    if base is not None and isinstance(data, dict):
        data["base"] = base
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return match.group(1) + text + match.group(3)


def compact_search_index(path: Path) -> None:
    """The search index as UTF-8 JSON rather than ASCII with escapes: the same index, a third of the size.

    MkDocs' search plugin writes every Cyrillic letter as ``\\uXXXX`` (six bytes instead of two), so the
    index a visitor downloads was more than twice as large as its text; the browser parses both alike.
    """
    if not path.is_file():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
