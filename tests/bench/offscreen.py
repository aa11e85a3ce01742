"""A window bench's private user: offscreen Qt and fresh XDG folders, set before Qt or reader load.

Benches that build a window must not read or write the developer's own library, notes or
settings, and must run without a display; each calls :func:`isolate` at import time, before
importing PySide6 or ``reader``, since both read these variables when they first load.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def isolate(prefix: str) -> Path:
    """Point the XDG folders at a new temporary folder (unless already set); return the folder."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    work = Path(tempfile.mkdtemp(prefix=prefix))
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        os.environ.setdefault(name, str(work / name.lower()))
    return work
