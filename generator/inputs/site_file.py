"""The site's own file, ``data/site.yaml``: what the pages say that is neither data nor catalogue.

Optional: a deployment without it gets the defaults of ``site.defaults.yaml`` beside this module.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class SiteTexts(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SiteFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # --- texts (issue 15: no words of the direction in code) ---
    texts: SiteTexts = SiteTexts()
