"""Putting text typed by people into Markdown and HTML without letting it become markup.

Data strings (names, titles, the official's analysis) can contain anything: HTML, Markdown syntax,
attribute-list braces, Jinja syntax, control characters. On the site they must read as the text they
are. Plain strings are escaped for both HTML and Markdown; the official's analysis is Markdown by
design, so it keeps emphasis, lists and http(s) links but loses raw HTML, attribute lists and links
with any other scheme.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~^>])")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")  # every C0 control but tab and line feed, and DEL
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def upper_first(text: str) -> str:
    """A plain phrase as a sentence's or a cell's start: its first letter capital, the rest as written (not
    ``str.capitalize``, which lowers the rest: «ПОО», «Приказ № 327»)."""
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """A phrase that starts a sentence of its own, put inside another: «Данные по школам» → «данные по школам»."""
    return text[:1].lower() + text[1:]


def drop_invisible(text: str) -> str:
    """Drop bidirectional overrides and zero-width marks: they make text read differently from what it is."""
    return _INVISIBLE.sub("", text)


_UNWANTED = re.compile(f"{_CONTROL.pattern[:-1]}{_INVISIBLE.pattern[1:]}")  # both classes in one scan


# A plain space an official typed between a number and its «%», or after «№»: the line may break there, and a
# phone showed «69» at a line's end and «%» at the next one's start. Russian typesetting keeps them together.
_BREAKABLE_UNIT = re.compile(r"(?<=\d) (?=%)|(?<=№) (?=\d)")


def clean(text: str) -> str:
    """Drop control characters and bidirectional or zero-width marks that could disguise text, and keep a
    number with its «%» (and «№» with its number) on one line.

    Every value a page template prints passes here (hundreds of thousands on a region's edition): one
    scan for both kinds of characters, and none at all for the text that holds neither.
    """
    if _UNWANTED.search(text):
        text = _UNWANTED.sub("", text)
    if " %" in text or "№ " in text:
        text = _BREAKABLE_UNIT.sub("\u00a0", text)
    return text


def md(text: object) -> Markup:
    """Escape a plain string for a Markdown paragraph, heading or table cell."""
    escaped = html.escape(clean(str(text)), quote=True)
    escaped = _MD_SPECIAL.sub(r"\\\1", escaped)
    return Markup(escaped.replace("\n", " "))


def attr(text: object) -> Markup:
    """Escape a string for an HTML attribute or element body (raw HTML blocks are not Markdown)."""
    return Markup(html.escape(clean(str(text)), quote=True))


_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.\-]*:[^>\s]*)>")


def _safe_link(match: re.Match[str]) -> str:
    target = match.group(1)
    if re.match(r"https?://", target, re.IGNORECASE):
        return match.group(0)
    return "](#"


# A reference definition «[1]: target»; Python-Markdown also takes the target from the next line.
_REFERENCE = re.compile(r"^( {0,3}\[[^\[\]]*\]:[ \t]*\n?[ \t]*)(\S+)", re.MULTILINE)


def _safe_reference(match: re.Match[str]) -> str:
    if re.match(r"https?://", match.group(2), re.IGNORECASE):
        return match.group(0)
    return match.group(1) + "#"


def markdown_text(text: str) -> Markup:
    """The official's analysis: Markdown kept, HTML and unsafe links neutralised.

    The result is already escaped, so it is :class:`Markup`: the page templates print it as it is
    (escaping it again would show «&lt;» and «&#123;» to the reader instead of «<» and «{»).
    """
    text = clean(text).replace("\r\n", "\n")
    text = html.escape(text, quote=False)  # no raw HTML: <script> becomes text
    text = text.replace("{", "&#123;").replace("}", "&#125;")  # no attribute lists
    # An image would be loaded from another server (the site makes no request to other hosts), so it
    # becomes a link to the picture: «![схема](https://…)» reads as the link «схема».
    text = re.sub(r"!\[", "[", text)
    text = _LINK.sub(_safe_link, text)
    text = _REFERENCE.sub(_safe_reference, text)  # [x][1] … [1]: javascript:… is a link too
    text = _AUTOLINK.sub(
        lambda m: m.group(0) if m.group(1).lower().startswith(("http:", "https:")) else m.group(1), text
    )
    lines = []
    for line in text.split("\n"):
        # a heading in the analysis would break the page outline: demote it to bold text
        stripped = line.lstrip()
        if stripped.startswith("#"):
            line = "**" + stripped.lstrip("#").strip() + "**"
        lines.append(line)
    return Markup("\n".join(lines).strip())
