"""Writing files only when their bytes change.

Same data in, same bytes out — and the same modification times: a file whose content did not change
is not touched, so MkDocs' and the deployers' caches, rsync and ``git status`` see only real changes.
"""

from __future__ import annotations

import os
from pathlib import Path


def write_if_changed(path: Path, data: bytes | str) -> bool:
    """Write ``data`` to ``path`` unless it already holds exactly these bytes; return whether it wrote."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        if path.stat().st_size == len(payload) and path.read_bytes() == payload:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_bytes(payload)
    tmp.replace(path)
    return True
