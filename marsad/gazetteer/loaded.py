"""Read-only access to the gazetteer a stage of this process has already loaded.

Stages that only consult the gazetteer (the mentions stage asks whether a pattern-found
name is a known toponym: "صلاح الدين"، "السيدة زينب") must not load a second copy of it:
that would double start-up time and memory. They call :func:`loaded_gazetteer`, which
returns the index :func:`marsad.gazetteer.load_default` loaded last, or ``None`` when no
stage has loaded one yet.
"""
from __future__ import annotations

from typing import Optional

from . import build
from .index import Gazetteer


def loaded_gazetteer() -> Optional[Gazetteer]:
    """The gazetteer already loaded in this process (never loads one), or None."""
    loaded = build._LOADED
    if not loaded:
        return None
    return next(reversed(loaded.values()))


def is_known_place(key: str, *, strong_only: bool = True) -> bool:
    """Whether a normalized name is a toponym of the loaded gazetteer (False when none is loaded).

    ``strong_only`` ignores weak readings (short or Persian-script names)."""
    gaz = loaded_gazetteer()
    if gaz is None or not key:
        return False
    try:
        rows = gaz.lookup(key)
    except Exception:  # noqa: BLE001 - a damaged user index must not break the mentions stage
        return False
    return any(not weak for _, weak in rows) if strong_only else bool(rows)
