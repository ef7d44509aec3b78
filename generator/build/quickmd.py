"""The HTML of a generated page without Python-Markdown, for the small part of Markdown the generator writes.

Why: Python-Markdown costs ~8 ms of the ~20 ms MkDocs spends on a page, even after :mod:`rawhtml`, and a
region of 60 municipalities over five years has 4 300 pages: about 35 s of CPU in a cold build. Its
time is spread over a dozen stages (block parsing, inline patterns, abbreviations, toc, serialising),
each general; the generator's section pages and reports use a handful of shapes. This module reads those
shapes in one pass and writes what Python-Markdown writes for them, byte for byte.

The shapes: a raw HTML block (as :mod:`rawhtml` stashes it), an ATX heading with an explicit ``{#id}``, a
paragraph (with a class from a last line ``{: .name }``), and a list of one-line ``- `` items. Inside them:
text, backslash escapes, entities, inline HTML tags, links of the plain form ``[text](target)`` (their
targets made URLs by MkDocs' own code), ``**strong**`` and the site's abbreviations. A page with anything
else (a link with a title, emphasis, code, a table, an image, a block tag inside text, tabs, trailing
spaces…) is not read here: ``render`` returns None and MkDocs renders the page with Python-Markdown, as
before. The configuration is read from a real Markdown instance of ``mkdocs.yml``'s extensions, and if
its set of stages is not the one this module knows, nothing is rendered here at all.

Equivalence is tested page by page against Python-Markdown on the demo, both real examples and the
hostile-data site, on thousands of random documents, and by a region built both ways
(``tests/test_quickmd.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree as etree

import markdown
from markdown.extensions.toc import escape_cdata, strip_tags
from markdown.serializers import to_html_string

from generator.build.rawhtml import BLOCK_START, BLOCK_TAGS, EMPHASIS_UNDERSCORE, anchor_ids, block_end, unsafe

VERSION = 1
"""Part of the page cache's key: a change here renders every page again."""

KNOWN_STAGES = {
    "preprocessors": {"normalize_whitespace", "html_block", "fenced_code_block", "proforientir_raw_html"},
    "blockprocessors": {
        "admonition", "markdown_block", "details", "empty", "indent", "defindent", "code", "table", "hashheader",
        "setextheader", "hr", "olist", "ulist", "deflist", "quote", "abbr", "reference", "paragraph",
    },
    "inlinePatterns": {
        "backtick", "escape", "reference", "link", "image_link", "image_reference", "short_reference",
        "short_image_ref", "autolink", "automail", "linebreak", "html", "entity", "em_strong",
    },
    "treeprocessors": {"inline", "prettify", "unescape", "toc", "abbr", "attr_list"},
    "postprocessors": {"amp_substitute", "raw_html"},
}  # fmt: skip
"""Python-Markdown's stages with ``mkdocs.yml``'s extensions: what this module writes is what they do to
the shapes above (most do nothing to them). A stage it does not know turns it off."""

_HEADING = re.compile(r"(#{1,6}) +(.*?) +\{#([A-Za-z][A-Za-z0-9_-]*)\} *")
_LIST_ITEM = re.compile(r"- +(\S.*)")
_INLINE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)((?: [^<>\n]*)?)>|(?<!!)\[([^\[\]\n]*)\]\(([^()\s<>\"'\\&]+)\)")
"""An inline HTML tag (groups 1–3), or a link ``[text](target)`` of the generator's plain form (4, 5)."""
_LINK_MARK = re.compile("\x00([0-9]+)\x00")
_ESCAPE = re.compile(r"\\(.)", re.S)
_RULE = re.compile(r"[-=]+ *")
_CLASS_LINE = re.compile(r"\{: \.([a-z][a-z0-9-]*) \}")
_NOT_IN_TEXT = re.compile(r"[`{}\t\r\x00\x01\x02\x03]|  $|  \n|\*\*\*", re.M)
_LINE_START = re.compile(r"[^\s#>*+=_:|!?\[~`\-\d<]|\d+(?![.)\d])|\d+[.)]\S|<[a-z]|\*\*[^\s*]|\[[^\[\]\n]*\]\(")
"""What a paragraph's line may start with: nothing Python-Markdown reads as the start of a block."""


@dataclass(frozen=True)
class Rendered:
    html: str
    toc_tokens: list[dict[str, Any]]
    anchor_ids: set[str] = field(default_factory=set)


class _NotOurs(Exception):
    """The page holds something only Python-Markdown should read."""


@dataclass
class QuickMarkdown:
    escaped: frozenset[str]
    block_level: frozenset[str]
    abbreviations: Mapping[str, str]  # text → the opening ``<abbr title="…">``, as Python-Markdown writes it
    abbreviation_re: re.Pattern[str] | None
    permalink: str | None  # the HTML appended to a heading, with ``{href}`` for its link; None: no permalink
    toc_range: tuple[int, int]
    bad_escape: re.Pattern[str]  # a backslash before what Python-Markdown does not unescape

    @classmethod
    def from_config(cls, extensions: Sequence[Any], configs: Mapping[str, Any]) -> QuickMarkdown | None:
        """From MkDocs' ``markdown_extensions`` and ``mdx_configs``; None when they hold an extension this
        module does not know (its effect on a page is then Python-Markdown's alone)."""
        md = markdown.Markdown(extensions=list(extensions), extension_configs=dict(configs or {}))
        registries = {
            "preprocessors": md.preprocessors, "blockprocessors": md.parser.blockprocessors,
            "inlinePatterns": md.inlinePatterns, "treeprocessors": md.treeprocessors,
            "postprocessors": md.postprocessors,
        }  # fmt: skip
        for name, registry in registries.items():
            if not {item.name for item in registry._priority} <= KNOWN_STAGES[name]:
                return None
        abbrs: dict[str, str] = {}
        if "abbr" in md.treeprocessors:
            for key, title in md.treeprocessors["abbr"].abbrs.items():
                if title:
                    abbr = to_html_string(etree.Element("abbr", {"title": title}))
                    abbrs[key] = abbr[: abbr.index(">") + 1]
        pattern = "|".join(re.escape(k) for k in sorted(abbrs, key=len, reverse=True))
        permalink = None
        toc_range = (1, 6)
        if "toc" in md.treeprocessors:
            toc = md.treeprocessors["toc"]
            if toc.use_anchors or toc.permalink_leading:
                return None
            if toc.use_permalinks not in (False, None):
                link = etree.Element("a", {"href": "\x00", "class": toc.permalink_class})
                if toc.permalink_title:
                    link.set("title", toc.permalink_title)
                link.text = "\x01" if toc.use_permalinks is True else toc.use_permalinks
                permalink = to_html_string(link).replace("{", "{{").replace("}", "}}").replace("\x00", "{href}")
                if "\x01" in permalink:  # ``permalink: true`` writes an entity through the amp stash
                    return None
            toc_range = (toc.toc_top, toc.toc_bottom)
        if any(char.isdigit() for key in abbrs for char in key) or any(
            re.match(r"\w", char) and char != "_" for char in md.ESCAPED_CHARS
        ):
            return None  # escapes are undone at once, which needs both (see ``_text``)
        allowed = "".join(re.escape(c) for c in md.ESCAPED_CHARS)
        return cls(
            escaped=frozenset(md.ESCAPED_CHARS),
            bad_escape=re.compile(rf"\\(?:[^{allowed}]|$)", re.S),
            block_level=frozenset(md.block_level_elements),
            abbreviations=abbrs,
            abbreviation_re=re.compile(rf"\b(?:{pattern})\b") if abbrs else None,
            permalink=permalink,
            toc_range=toc_range,
        )

    def render(self, text: str, link: Callable[[str], str] | None = None) -> Rendered | None:
        """The page's HTML, its toc tokens and anchor ids, or None if the page is not one this module reads.

        ``link`` turns a link's target as written (``../index.md#events``) into its URL, as MkDocs does for
        the links of a page it renders (and warns of a broken one); without it a page with a link is left
        to Python-Markdown. It is called once per link, in the page's order, and only for a page that is
        written here."""
        self._targets: list[str] = []
        try:
            found = self._render(text)
        except _NotOurs:
            return None
        if link is None:
            if any(not target.startswith("#") for target in self._targets):
                return None
            link = str  # a permalink's target is its own anchor

        urls = [link(target) for target in self._targets]
        if any(char in url for url in urls for char in '&<>"'):
            return None  # an address Python-Markdown would write with entities: left to it
        html = _LINK_MARK.sub(lambda m: urls[int(m.group(1))], found.html)
        return Rendered(html, found.toc_tokens, found.anchor_ids)

    def _render(self, text: str) -> Rendered:
        low = text.lower()
        if unsafe(text, low) or "\t" in text or "\r" in text or "\x00" in text:
            raise _NotOurs  # comments, scripts, ``markdown`` attributes…: Python-Markdown's own handling
        lines = text.split("\n")
        out: list[str] = []
        tokens: list[dict[str, Any]] = []
        ids: set[str] = set()
        index = 0
        previous = ""  # the kind of the last block
        while index < len(lines):
            line = lines[index]
            if not line:
                index += 1
                continue
            if not line.strip():
                raise _NotOurs  # a line of spaces: Python-Markdown's whitespace rules decide
            after_blank = index == 0 or not lines[index - 1]
            start = BLOCK_START.match(line)
            if start and start.group(1) in BLOCK_TAGS:
                end = block_end(lines, index, start.group(1)) if after_blank else None
                if end is None:
                    raise _NotOurs
                block = "\n".join(lines[index : end + 1])
                # As Python-Markdown stashes it: with the line break of a blank line after it.
                out.append(block + "\n" if end + 1 < len(lines) and not lines[end + 1] else block)
                index, previous = end + 1, "html"
                continue
            if line.startswith("#"):
                heading = _HEADING.fullmatch(line)
                if heading is None:
                    raise _NotOurs
                out.append(self._heading(heading, tokens, ids))
                index, previous = index + 1, "heading"
                continue
            if not after_blank:
                raise _NotOurs  # text right after an HTML block: Python-Markdown's rules decide
            end = index
            while end < len(lines) and lines[end]:
                end += 1
            block = lines[index:end]
            if any(line.endswith(" ") for line in block):
                raise _NotOurs  # where trailing spaces stay and where they break a line: Python-Markdown's rules
            if line.startswith("- "):
                if previous == "list" and index >= 2 and not lines[index - 1]:
                    raise _NotOurs  # a second list after a blank line: the first one becomes loose
                out.append(self._list(block))
                previous = "list"
            else:
                out.append(self._paragraph(block))
                previous = "paragraph"
            index = end
        # The ids a link may point to: the headings' and those of every tag of the page (its HTML blocks and
        # the inline tags of its text, as MkDocs collects them; the text holds no other ``<``).
        return Rendered("\n".join(out).strip(), _nested(tokens), ids | anchor_ids(text, low))

    def _heading(self, match: re.Match[str], tokens: list[dict[str, Any]], ids: set[str]) -> str:
        level, text, anchor = len(match.group(1)), match.group(2).strip(), match.group(3)
        if text.endswith("#") or not text or "[" in text:
            raise _NotOurs  # closing hashes are stripped; a link's text in the toc: Python-Markdown's rules
        inner = self._inline(text)
        ids.add(anchor)
        if self.toc_range[0] <= level <= self.toc_range[1]:
            # The toc's name is read before the escapes are undone, so an escaped «>» stays «>» in it.
            name = strip_tags(self._inline(text, toc=True) if "\\" in text else inner)
            tokens.append({"level": level, "id": anchor, "name": name, "children": []})
        link = ""
        if self.permalink is not None:  # a link too: MkDocs makes its target a URL and notes the anchor
            link = self.permalink.format(href=f"\x00{len(self._targets)}\x00")
            self._targets.append(f"#{anchor}")
        return f'<h{level} id="{anchor}">{inner}{link}</h{level}>'

    def _list(self, block: list[str]) -> str:
        items = []
        for line in block:
            item = _LIST_ITEM.fullmatch(line)
            if item is None or not _LINE_START.match(item.group(1)):
                raise _NotOurs  # an item's text is read as blocks: «- ## …» is a heading in a list
            items.append(f"<li>{self._inline(item.group(1).strip())}</li>")
        return "<ul>\n" + "\n".join(items) + "\n</ul>"

    def _paragraph(self, block: list[str]) -> str:
        """A paragraph, with the class its last line gives it (``{: .pf-verdict }``, attr_list's form)."""
        opening = "<p>"
        if len(block) > 1 and (attrs := _CLASS_LINE.fullmatch(block[-1])) is not None:
            opening, block = f'<p class="{attrs.group(1)}">', block[:-1]
        for line in block:
            if not _LINE_START.match(line) or _RULE.fullmatch(line):
                raise _NotOurs
        text = "\n".join(block)
        return f"{opening}{self._inline(text)}</p>"

    def _inline(self, text: str, toc: bool = False) -> str:
        """Inline Markdown as Python-Markdown writes it: tags stay as they are, ``**`` pairs become
        ``strong``, escapes their character, abbreviations ``abbr``, and the text is HTML-escaped."""
        if _NOT_IN_TEXT.search(text) or ("_" in text and EMPHASIS_UNDERSCORE.search(text)):
            raise _NotOurs
        parts: list[str] = []
        position = 0
        for token in _INLINE.finditer(text):
            parts += self._text_runs(text[position : token.start()], toc)
            position = token.end()
            if token.group(2) is None:  # a link: its target is made a URL once the page is known to be ours
                label = token.group(4)
                if toc or not label or label != label.strip() or "<" in label or "*" in label:
                    raise _NotOurs
                parts.append(f'<a href="\x00{len(self._targets)}\x00">{self._text(label, toc)}</a>')
                self._targets.append(token.group(5))
                continue
            raw = token.group(0)
            if token.group(2).lower() in self.block_level or "\\" in raw or "*" in raw or "@" in raw:
                raise _NotOurs
            parts.append(raw)
        parts += self._text_runs(text[position:], toc)
        return "".join(parts)

    def _text_runs(self, text: str, toc: bool) -> list[str]:
        if "<" in text or "[" in text:
            raise _NotOurs  # not a tag or a link of the plain form: Python-Markdown's rules decide
        if "*" not in text:
            return [self._text(text, toc)]
        pieces = text.split("**")
        if len(pieces) % 2 == 0 or any("*" in p for p in pieces):
            raise _NotOurs
        out = []
        for i, piece in enumerate(pieces):
            if i % 2:
                if not piece or piece != piece.strip() or "\n" in piece:
                    raise _NotOurs  # only the generator's ``**text**`` on one line, not what the rules do with spaces
                out.append(f"<strong>{self._text(piece, toc)}</strong>")
            else:
                out.append(self._text(piece, toc))
        return out

    def _text(self, text: str, toc: bool) -> str:
        """A run of text: escapes undone, abbreviations wrapped, the text HTML-escaped.

        Python-Markdown holds an escaped character as a placeholder (digits between control characters)
        until the end. Undoing the escape at once comes to the same here: no escaped character this module
        lets through is a letter or a digit (``\\_`` sends the page to Python-Markdown, see ``_inline``) and
        no abbreviation holds a digit (``from_config``), so a word ends where it ended. The toc reads the
        text before the escapes are undone: an escaped «>» stays «>» in its name."""
        if "\\" in text:
            if self.bad_escape.search(text):
                raise _NotOurs
            if toc:
                text = _ESCAPE.sub(_escaped_for_toc, text)
            elif "\\\\" in text:
                text = _ESCAPE.sub(_unescaped, text)
            else:  # every backslash escapes the character after it, and none is escaped itself
                text = text.replace("\\", "")
        if self.abbreviation_re is None or self.abbreviation_re.search(text) is None:
            return _out(text, toc)
        out = []
        position = 0
        for match in self.abbreviation_re.finditer(text):
            out.append(_out(text[position : match.start()], toc))
            out.append(f"{self.abbreviations[match.group(0)]}{escape_cdata(match.group(0))}</abbr>")
            position = match.end()
        out.append(_out(text[position:], toc))
        return "".join(out)


def _unescaped(match: re.Match[str]) -> str:
    return match.group(1)


def _escaped_for_toc(match: re.Match[str]) -> str:
    return "\x01" if match.group(1) == ">" else match.group(1)


def _out(text: str, toc: bool = False) -> str:
    """Text HTML-escaped; for the toc, an escaped «>» (held as \\x01) is left as it is."""
    text = escape_cdata(text)
    return text.replace("\x01", ">") if toc else text


def _nested(tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from markdown.extensions.toc import nest_toc_tokens

    return nest_toc_tokens(tokens)
