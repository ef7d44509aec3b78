"""A quick path through Python-Markdown for the raw HTML blocks of the generated pages.

Why: the generated pages are mostly HTML blocks (the key figures, the figure of a chart, the data
table, the method), and Python-Markdown finds where a raw HTML block ends by feeding the whole page to
``html.parser`` — twice, since MkDocs feeds it once more to collect the ids it may link to. On a region of
thousands of pages that was two fifths of MkDocs' time (measured: ~24 ms of a ~55 ms page).

The generator writes its HTML blocks in one shape: a block-level element that starts a line after a blank
line and ends at the end of a line, with no blank line inside. A block of exactly that shape, with no
``markdown`` attribute, comment, script, ``textarea`` or ``style`` in it, is put into Markdown's HTML stash here,
as the HTML block processor itself would put it; the ids in it are collected for MkDocs' anchor
validation. Anything else is left to Python-Markdown, so a hand-written page is rendered as before. The
result is the same HTML, byte for byte (a test builds the demo site both ways and compares).

Only :mod:`generator.build.mkdocs` adds this extension, and only to its own rendering: ``mkdocs.yml`` and
a plain ``mkdocs build`` (or Zensical) render the same pages without it.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterator
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import InlineProcessor
from markdown.util import Registry

VERSION = 2
"""Part of the page cache's key: a change here renders every page again."""

BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "details", "dialog", "div", "dl", "fieldset", "figure",
        "footer", "form", "header", "nav", "ol", "p", "section", "table", "ul",
    }
)  # fmt: skip
BLOCK_START = re.compile(r"<([a-z][a-z0-9]*)(?=[\s>])")
_UNSAFE = re.compile(r"<!--|<!\[|<\?|<(?:script|style|textarea)\b|\smarkdown(?:\s*=|[\s>])|[\x02\x03]")
_UNSAFE_HINTS = ("<!", "<?", "<script", "<style", "<textarea", "markdown", "\x02", "\x03")


def unsafe(text: str, low: str | None = None) -> bool:
    """Whether ``text`` holds what only Python-Markdown should read: a comment, CDATA, a processing
    instruction, a script, style or textarea element (``html.parser`` reads their content as text, not
    tags), a ``markdown`` attribute, or its own stash marks. A ``pre`` inside a block is the block's raw
    HTML like any other element (a blank line in it ends the quick path, see :func:`block_end`).

    Read in the lower case, as ``html.parser`` reads tag and attribute names (``str.lower``); the hints
    first: a case-insensitive regular expression over a long Russian page took ~1 ms, and these pages
    seldom hold any of the hints at all."""
    low = text.lower() if low is None else low  # ``low``: the text lower-cased, if the caller has it
    return any(hint in low for hint in _UNSAFE_HINTS) and _UNSAFE.search(low) is not None
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(\s[^>]*)>")
_MAY_HOLD_ID_LOW = re.compile(r"\s(?:id|name)\s*=")
_ATTR = re.compile(r"""([^\s"'=<>/]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")


@functools.cache
def _opening(tag: str) -> re.Pattern[str]:
    return re.compile(rf"<{tag}(?=[\s>])")


def block_end(lines: list[str], start: int, tag: str) -> int | None:
    """The line on which the element opened on line ``start`` closes, if it closes at a line's end
    before any blank line; otherwise None (Python-Markdown decides)."""
    opening = _opening(tag)
    opening_text, closing = f"<{tag}", f"</{tag}>"
    depth = 0
    for index in range(start, len(lines)):
        line = lines[index]
        if not line.strip():
            return None
        if opening_text in line:  # most lines of a block open no element of its own tag
            depth += len(opening.findall(line))
        depth -= line.count(closing)
        if depth <= 0:
            return index if depth == 0 and line.endswith(closing) else None
    return None


def _id_attributes(low: str) -> Iterator[int]:
    """Where `` id=`` and `` name=`` stand (with any white space): found by ``str.find``, which is many times
    quicker than a regular expression tried at every space of a long page."""
    for needle in ("id", "name"):
        index = low.find(needle)
        while index != -1:
            if index > 0 and _MAY_HOLD_ID_LOW.match(low, index - 1):
                yield index - 1
            index = low.find(needle, index + 1)


def _tags_holding(block: str, low: str) -> list[re.Match[str]] | None:
    """The tags that hold an ``id`` or ``name`` attribute, each read once; None if one such attribute is not
    inside a tag that ``_TAG`` reads from its ``<`` (the caller then reads every tag)."""
    tags: dict[int, re.Match[str]] = {}
    for position in _id_attributes(low):
        start = block.rfind("<", 0, position)
        if start not in tags:
            tag = _TAG.match(block, start) if start >= 0 else None
            if tag is None:
                return None
            tags[start] = tag
        if tags[start].end() <= position:
            return None
    return [tags[start] for start in sorted(tags)]


def anchor_ids(block: str, low: str | None = None) -> set[str]:
    """The ids a link may point to, as MkDocs collects them from raw HTML: ``id``, and ``name`` of ``a``."""
    found: set[str] = set()
    low = block.lower() if low is None else low
    if "id" not in low and "name" not in low:
        return found
    tags = None
    if len(low) == len(block):  # the positions of the lower-cased text are the text's
        # Only the tags that hold an ``id`` or ``name`` attribute are read (a page has thousands of tags).
        tags = _tags_holding(block, low)
    if tags is None:  # an attribute-like text outside a tag, or an odd tag: every tag is read
        tags = list(_TAG.finditer(block))
    for tag in tags:
        attrs = tag.group(2)
        if "id" not in attrs and "name" not in attrs:
            continue
        name = tag.group(1).lower()
        for attr in _ATTR.finditer(attrs):
            key = attr.group(1).lower()
            if key == "id" or (key == "name" and name == "a"):
                value = next(v for v in attr.groups()[1:] if v is not None)
                found.add(html.unescape(value))
    return found


EMPHASIS_UNDERSCORE = re.compile(r"__|(?<!\w)_")
"""Where ``_`` can open emphasis: doubled, or not after a letter or digit (Python-Markdown's is "smart")."""
_CAN_MATCH: dict[str, Callable[[str], bool]] = {
    "backtick": lambda text: "`" in text,
    "escape": lambda text: "\\" in text,
    "reference": lambda text: "[" in text,
    "link": lambda text: "[" in text,
    "image_link": lambda text: "![" in text,
    "image_reference": lambda text: "![" in text,
    "short_reference": lambda text: "[" in text,
    "short_image_ref": lambda text: "![" in text,
    "autolink": lambda text: "<" in text and "://" in text,
    "automail": lambda text: "<" in text and "@" in text,
    "linebreak": lambda text: "  \n" in text,
    "html": lambda text: "<" in text,
    "entity": lambda text: "&" in text,
    # ``*`` anywhere; ``_`` only where it can open emphasis: doubled, or not after a letter or digit
    # (Python-Markdown's underscore emphasis is "smart": ``schools_guidance_plan`` is not emphasis).
    "em_strong": lambda text: "*" in text or EMPHASIS_UNDERSCORE.search(text) is not None,
}
"""For each of Python-Markdown's inline patterns, whether it can match anywhere in a text: the text must
hold what the pattern's expression starts with (or needs)."""


def _only_possible_inline_patterns(md: Markdown, text: str) -> None:
    """Let the inline processor try only the patterns that can match somewhere in the page's text.

    Why: Python-Markdown tries each of its ~14 inline patterns on every text of the page, a third of the
    Markdown time of a generated page whose texts hold no link, emphasis, code or entity. ``text`` is
    all of the page that inline patterns can ever see (what is left after the preprocessors, the
    raw HTML in the stash aside, which is not inline-processed); a pattern whose needed characters are
    not in it matches nowhere, so leaving it out changes nothing. A pattern this table does not know
    (one an extension adds) is always kept. The choice is made from ``md.inlinePatterns``, which stays
    whole, for every page anew.
    """
    inline = md.treeprocessors["inline"] if "inline" in md.treeprocessors else None  # noqa: SIM401 — no .get
    if type(inline) is not InlineProcessor:  # another extension's inline stage: left as it is
        return
    kept = Registry()
    for item in md.inlinePatterns._priority:  # Registry lists (name, priority) nowhere else
        can_match = _CAN_MATCH.get(item.name)
        if can_match is None or can_match(text):
            kept.register(md.inlinePatterns[item.name], item.name, item.priority)
    inline.inlinePatterns = kept


class _Stash(Preprocessor):
    def __init__(self, md: Markdown, owner: RawHtmlBlocks) -> None:
        super().__init__(md)
        self.owner = owner

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        # Any other line that opens or closes a block-level element may leave one open (a hand-written
        # ``<div markdown>``, a block after a paragraph), and what follows it is inside: from there on,
        # Python-Markdown alone reads the page.
        other_html = re.compile(rf"</?(?:{'|'.join(sorted(self.md.block_level_elements, key=len, reverse=True))})\b")
        quick = True
        previous: tuple[int, int] | None = None  # the stash entry of the last block and its line in ``out``
        index = 0
        while index < len(lines):
            line = lines[index]
            match = BLOCK_START.match(line) if quick else None
            if match and match.group(1) in BLOCK_TAGS and (not out or not out[-1].strip()):
                end = block_end(lines, index, match.group(1))
                if end is not None:
                    block = "\n".join(lines[index : end + 1])
                    if not unsafe(block):
                        self.owner.anchor_ids |= anchor_ids(block)
                        # As the HTML block processor stores it: with the line break of a blank line after it.
                        blank_after = end + 2 < len(lines) and not lines[end + 1].strip(" ")
                        text = block + ("\n" if blank_after else "")
                        if previous is not None and len(out) == previous[1] + 3 and out[-2:] == ["", ""]:
                            # Right after the previous block, one blank line between: one stash entry for
                            # both, as Python-Markdown would write them (a paragraph less to parse, look
                            # through and serialise; the same HTML).
                            stash = self.md.htmlStash.rawHtmlBlocks
                            stash[previous[0]] = f"{stash[previous[0]]}\n{text}"
                            del out[-2:]
                        else:
                            out.append(self.md.htmlStash.store(text))
                            previous = (self.md.htmlStash.html_counter - 1, len(out) - 1)
                        out.append("")
                        index = end + 1
                        continue
            if quick and "<" in line and other_html.search(line):
                quick = False
            out.append(line)
            index += 1
        _only_possible_inline_patterns(self.md, "\n".join(out))
        return out


class RawHtmlBlocks(Extension):
    """The extension; ``anchor_ids`` holds the ids of the blocks it stashed on the last page it rendered."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.anchor_ids: set[str] = set()

    def extendMarkdown(self, md: Markdown) -> None:  # the name is Python-Markdown's
        self.anchor_ids = set()  # MkDocs makes a new Markdown for every page
        # After the fenced blocks (superfences, 31) and before MkDocs' id collector (21) and the HTML block
        # processor (20), which then see only what is left.
        md.preprocessors.register(_Stash(md, self), "proforientir_raw_html", 25)
