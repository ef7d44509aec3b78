"""Where a built site can be published: the size limits of the hosted pages services.

Why the build says it: a region's site grows with every edition (60 municipalities: ~470 MB at five years,
~1 030 MB at ten), and GitHub Pages or GitLab.com refuse a site over 1 GB only when it is deployed, after
the build has passed.
"""

from __future__ import annotations

from generator.core.formatting import format_number

HOSTED_LIMIT = 10**9
"""Bytes: the largest site GitHub Pages and GitLab.com publish («1 GB»; taken in the smaller, decimal sense)."""


def megabytes(size: int) -> str:
    """A site's size as the build and the bench print it: «473 МБ» (mebibytes)."""
    return f"{format_number(size / 2**20)} МБ"


def size_warning(size: int) -> str | None:
    """What a site of ``size`` bytes needs to be told before it is deployed, or None."""
    if size <= HOSTED_LIMIT:
        return None
    return (
        f"Внимание: сайт занимает {megabytes(size)}, а GitHub Pages и GitLab.com публикуют сайты не больше 1 ГБ: "
        "там он может не опубликоваться. У своего веб-сервера или объектного хранилища такого предела нет "
        "(docs/publishing.md, «Размер сайта»)."
    )
