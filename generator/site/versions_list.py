"""The list of editions that the header of an edition's pages offers (``versions.json`` at the site's root).

Why: an edition's pages name no later edition — they must not change when one comes (see
:func:`generator.site.navigation.navigation`) — yet a reader who lands on an old page from an order or a
search should learn that a newer edition exists and get there in one step. Material's version selector does
both from this one file, which the build of the rest of the site writes anew each time: an edition's page
lists the editions in its header and, on an edition that is not the latest, shows the notice of
``site_overrides/main.html``. Choosing an edition keeps the page where it can: the same municipality and
section in the other edition, found in that edition's sitemap.
"""

from __future__ import annotations

import json
from typing import Any

from generator.core.formatting import academic_year
from generator.site.context import SiteContext

FILE = "versions.json"

LATEST = "latest"
"""The alias of the edition announced as the latest."""

NEWER = "preliminary"
"""The alias of a draft after it: newer than the latest, so not «не последний выпуск» either."""

SELECTOR = {"provider": "mike", "default": [LATEST, NEWER]}
"""The theme's setting of an edition's build (``extra.version``): the list is read from ``FILE`` one folder
above the edition, and an edition whose aliases match none of ``default`` gets the notice."""


def versions(ctx: SiteContext) -> list[dict[str, Any]]:
    """Every edition, the newest first, as the theme's list wants them: folder, title, aliases."""
    latest = ctx.latest
    out = []
    for year in reversed(ctx.years):
        if year == latest:
            aliases = [LATEST]
        elif latest is not None and year > latest:
            aliases = [NEWER]
        else:
            aliases = []
        # the school year, as the navigation names it: a longer title («— предварительный выпуск») does not fit
        # the header of a phone; the preliminary edition's own pages say what it is
        out.append({"version": str(year), "title": academic_year(year), "aliases": aliases})
    return out


def versions_file(ctx: SiteContext) -> bytes:
    return (json.dumps(versions(ctx), ensure_ascii=False, indent=1) + "\n").encode()
