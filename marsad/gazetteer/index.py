"""The compiled gazetteer: columns of places plus a name index, pickled once and cached.

A :class:`Gazetteer` holds one row per place in parallel columns (name, Arabic name,
country, admin1, lat, lon, population, feature code, kind, GeoNames id) and three
lookup tables:

* ``by_name``: normalized Arabic name (tokens joined by one space) -> place rows. A
  row stored as ``-1 - i`` marks a *weak* name of place ``i`` (Persian/Urdu script or
  otherwise non-preferred) so that Arabic readings win ties.
* ``maxlen``: first token of a name -> the largest number of tokens of a name that
  starts with it, so that the recognizer tries only the n-grams that can match.
* ``latin``: consonant skeleton of Latin names -> place rows, for the transliteration
  bridge (:mod:`marsad.gazetteer.translit`).

Pickled columns load in a fraction of a second; the file is written atomically under
the user cache directory (``MARSAD_CACHE_DIR`` or ``~/.cache/marsad``).
"""
from __future__ import annotations

import os
import pickle
import tempfile
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

FORMAT_VERSION = 3

# kind -> (PLOVER precision, mention type)
KIND_INFO = {
    "country": (1, "GPE"),
    "continent": (1, "LOC"),
    "admin": (2, "GPE"),
    "district": (3, "GPE"),
    "town": (4, "GPE"),
    "site": (5, "FAC"),
    "region": (2, "LOC"),
    "river": (2, "LOC"),
    "sea": (1, "LOC"),
    "mountain": (3, "LOC"),
}


def cache_dir() -> Path:
    """Where compiled indexes live: $MARSAD_CACHE_DIR, else $XDG_CACHE_HOME/marsad, else ~/.cache/marsad."""
    env = os.environ.get("MARSAD_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "marsad"


@dataclass
class Gazetteer:
    name: list = field(default_factory=list)
    name_ar: list = field(default_factory=list)
    country: list = field(default_factory=list)
    admin1: list = field(default_factory=list)
    lat: array = field(default_factory=lambda: array("d"))
    lon: array = field(default_factory=lambda: array("d"))
    population: array = field(default_factory=lambda: array("q"))
    fcode: list = field(default_factory=list)
    kind: list = field(default_factory=list)
    geonameid: array = field(default_factory=lambda: array("q"))
    source: list = field(default_factory=list)
    by_name: dict = field(default_factory=dict)
    maxlen: dict = field(default_factory=dict)
    latin: dict = field(default_factory=dict)
    meta: dict = field(default_factory=dict)
    # built lazily: geonameid -> row
    _by_gid: Optional[dict] = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.name)

    # -- building ----------------------------------------------------------------
    def add_place(self, *, name: str, country: Optional[str], lat: Optional[float], lon: Optional[float],
                  kind: str, fcode: str = "", population: int = 0, geonameid: int = 0,
                  admin1: str = "", name_ar: str = "", source: str = "") -> int:
        i = len(self.name)
        self.name.append(name)
        self.name_ar.append(name_ar)
        self.country.append(country or "")
        self.admin1.append(admin1 or "")
        self.lat.append(float("nan") if lat is None else float(lat))
        self.lon.append(float("nan") if lon is None else float(lon))
        self.population.append(int(population or 0))
        self.fcode.append(fcode or "")
        self.kind.append(kind)
        self.geonameid.append(int(geonameid or 0))
        self.source.append(source)
        if geonameid and self._by_gid is not None:
            self._by_gid[int(geonameid)] = i
        return i

    def add_name(self, key: str, row: int, weak: bool = False) -> None:
        """Index a normalized name (tokens joined by single spaces) for a row."""
        if not key:
            return
        code = -1 - row if weak else row
        cur = self.by_name.get(key)
        if cur is None:
            self.by_name[key] = (code,)
        elif row not in cur and (-1 - row) not in cur:
            self.by_name[key] = cur + (code,)
        elif not weak and (-1 - row) in cur:  # an Arabic reading upgrades a weak one
            self.by_name[key] = tuple(row if c == -1 - row else c for c in cur)
        first, _, _ = key.partition(" ")
        n = key.count(" ") + 1
        if self.maxlen.get(first, 0) < n:
            self.maxlen[first] = n

    def add_latin(self, skeleton: str, row: int) -> None:
        if len(skeleton) < 2:
            return
        cur = self.latin.get(skeleton)
        if cur is None:
            self.latin[skeleton] = (row,)
        elif row not in cur:
            self.latin[skeleton] = cur + (row,)

    def row_for_geonameid(self, gid: int) -> Optional[int]:
        if self._by_gid is None:
            self._by_gid = {g: i for i, g in enumerate(self.geonameid) if g}
        return self._by_gid.get(int(gid))

    # -- reading -----------------------------------------------------------------
    def lookup(self, key: str) -> tuple:
        """Rows (with the weak flag) for a normalized name: ((row, weak), ...)."""
        codes = self.by_name.get(key)
        if not codes:
            return ()
        return tuple((c, False) if c >= 0 else (-1 - c, True) for c in codes)

    def coords(self, row: int) -> tuple[Optional[float], Optional[float]]:
        la, lo = self.lat[row], self.lon[row]
        if la != la or lo != lo:  # NaN
            return None, None
        return la, lo

    def record(self, row: int) -> dict:
        la, lo = self.coords(row)
        return {"row": row, "name": self.name[row], "name_ar": self.name_ar[row],
                "country": self.country[row] or None, "admin1": self.admin1[row] or None,
                "lat": la, "lon": lo, "population": self.population[row],
                "feature_code": self.fcode[row] or None, "kind": self.kind[row],
                "geonameid": self.geonameid[row] or None, "source": self.source[row]}

    # -- layering ----------------------------------------------------------------
    def merge(self, other: "Gazetteer") -> None:
        """Layer another index (a user import) over this one.

        A place of ``other`` whose GeoNames id this index already holds only adds its
        names to the existing row; new places are appended."""
        mapping = {}
        for j in range(len(other)):
            gid = other.geonameid[j]
            i = self.row_for_geonameid(gid) if gid else None
            if i is None:
                la, lo = other.coords(j)
                i = self.add_place(name=other.name[j], country=other.country[j], lat=la, lon=lo,
                                   kind=other.kind[j], fcode=other.fcode[j], population=other.population[j],
                                   geonameid=gid, admin1=other.admin1[j], name_ar=other.name_ar[j],
                                   source=other.source[j])
            mapping[j] = i
        for key, codes in other.by_name.items():
            for c in codes:
                weak = c < 0
                self.add_name(key, mapping[-1 - c if weak else c], weak=weak)
        for sk, rows in other.latin.items():
            for r in rows:
                self.add_latin(sk, mapping[r])

    # -- persistence -------------------------------------------------------------
    def to_state(self) -> dict:
        return {"format": FORMAT_VERSION, "name": self.name, "name_ar": self.name_ar, "country": self.country,
                "admin1": self.admin1, "lat": self.lat, "lon": self.lon, "population": self.population,
                "fcode": self.fcode, "kind": self.kind, "geonameid": self.geonameid, "source": self.source,
                "by_name": self.by_name, "maxlen": self.maxlen, "latin": self.latin, "meta": self.meta}

    @classmethod
    def from_state(cls, state: dict) -> "Gazetteer":
        if state.get("format") != FORMAT_VERSION:
            raise ValueError(f"gazetteer index format {state.get('format')} != {FORMAT_VERSION}")
        st = dict(state)
        st.pop("format")
        return cls(**st)

    def save(self, path: os.PathLike) -> Path:
        """Write atomically (temporary file in the same directory, then rename)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(self.to_state(), f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        return path

    @classmethod
    def load(cls, path: os.PathLike) -> "Gazetteer":
        with open(path, "rb") as f:
            return cls.from_state(pickle.load(f))


def iter_rows(g: Gazetteer, rows: Iterable[int]) -> Iterable[dict]:
    for r in rows:
        yield g.record(r)
