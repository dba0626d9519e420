"""Import GeoNames' own dump files into a gazetteer index (the way to village level).

Reads, streaming (the full dump never sits in memory):

* the main table: ``allCountries.zip``, a country's ``XX.zip``, or the ``.txt`` inside
  (19 tab-separated columns: geonameid, name, asciiname, alternatenames, latitude,
  longitude, feature class, feature code, country code, cc2, admin1 code, admin2 code,
  admin3 code, admin4 code, population, elevation, dem, timezone, modification date);
* optionally ``alternateNamesV2.zip`` / ``alternateNamesV2.txt`` (alternateNameId,
  geonameid, isolanguage, alternate name, isPreferredName, isShortName, isColloquial,
  isHistoric, from, to): Arabic names (``ar``, ``arz``...) are indexed as strong names,
  other Arabic-script languages (fa, ur, ps, ckb...) as weak ones;
* optionally ``admin1CodesASCII.txt`` and ``admin2Codes.txt`` (code, name, asciiname,
  geonameid) to name each place's first-level division.

Filters: countries (ISO codes), minimum population, feature classes (A H L P R S T U V).
The result is written in the default index's format and layered over it at load time
(:func:`marsad.gazetteer.build.load_default`).
"""
from __future__ import annotations

import io
import re
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional

from .build import name_key
from .index import Gazetteer, cache_dir
from .translit import latin_skeleton

_AR = re.compile("[\u0600-\u06ff]")
_NON_ARABIC = re.compile("[پچژگکیۀٹڈڑںھےۓۃ]")
STRONG_LANGS = {"ar", "arz", "apc", "acm", "ary", "arq", "aeb", "ajp", "afb"}
WEAK_LANGS = {"fa", "ur", "ps", "ckb", "ku", "azb", "sd", "ug", "bal", "glk", "mzn", "pnb", "ks", "lrc", "prs"}


def user_index_path() -> Path:
    return cache_dir() / "user-gazetteer.pkl"


def kind_for(feature_class: str, feature_code: str) -> Optional[str]:
    """marsad's kind for a GeoNames feature class and code (None: not a place news names)."""
    fc, code = feature_class, feature_code
    if fc == "A":
        if code.startswith("PCL"):
            return "country"
        if code == "ADM1":
            return "admin"
        if code.startswith("ADM"):
            return "district"
        return "region"
    if fc == "P":
        return "town"
    if fc == "H":
        if code in ("STM", "STMI", "STMS", "WAD", "WADS", "CNL"):
            return "river"
        return "sea"
    if fc == "T":
        if code in ("MT", "MTS", "HLL", "HLLS", "PK", "PKS", "RDGE"):
            return "mountain"
        return "region"
    if fc == "L":
        return "region"
    if fc in ("S", "R", "U", "V"):
        return "site"
    return None


@dataclass
class ImportStats:
    read: int = 0
    kept: int = 0
    arabic_names: int = 0
    alternate_rows: int = 0
    seconds: float = 0.0
    countries: set = field(default_factory=set)

    def as_dict(self) -> dict:
        return {"read": self.read, "kept": self.kept, "arabic_names": self.arabic_names,
                "alternate_rows": self.alternate_rows, "seconds": round(self.seconds, 2),
                "countries": sorted(self.countries)}


def _open_lines(path: Path, member_hint: Optional[str] = None) -> Iterator[str]:
    """Lines of a GeoNames .txt, or of the main .txt inside a GeoNames .zip."""
    path = Path(path)
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as zf:
            names = [n for n in zf.namelist() if n.endswith(".txt")]
            if member_hint:
                pick = [n for n in names if Path(n).name == member_hint] or names
            else:
                stem = path.stem
                pick = [n for n in names if Path(n).stem == stem] or \
                       [n for n in names if "readme" not in n.lower() and "iso-language" not in n.lower()]
            if not pick:
                raise ValueError(f"{path}: no data file inside")
            with zf.open(pick[0]) as raw:
                for line in io.TextIOWrapper(raw, encoding="utf-8"):
                    yield line
    else:
        with open(path, encoding="utf-8") as f:
            yield from f


def read_admin_codes(path: Optional[Path]) -> dict:
    """admin1CodesASCII.txt / admin2Codes.txt: code -> name."""
    out = {}
    if not path:
        return out
    for line in _open_lines(Path(path)):
        parts = line.rstrip("\n").split("\t")
        if len(parts) >= 2 and parts[0] and not parts[0].startswith("#"):
            out[parts[0]] = parts[1]
    return out


def import_geonames(main: Iterable[Path] | Path, *, alternate_names: Optional[Path] = None,
                    admin1: Optional[Path] = None, admin2: Optional[Path] = None,
                    countries: Optional[Iterable[str]] = None, min_population: int = 0,
                    feature_classes: Optional[Iterable[str]] = None,
                    output: Optional[Path] = None, latin_names: int = 4) -> tuple[Gazetteer, ImportStats]:
    """Read GeoNames files into a :class:`Gazetteer` (and save it when ``output`` is given).

    ``min_population`` applies to populated places (class P) only: divisions, rivers and
    regions have no population in GeoNames."""
    t0 = time.perf_counter()
    mains = [Path(main)] if isinstance(main, (str, Path)) else [Path(p) for p in main]
    ccs = {c.upper() for c in countries} if countries else None
    classes = {c.upper() for c in feature_classes} if feature_classes else None
    a1 = read_admin_codes(admin1)
    a2 = read_admin_codes(admin2)
    g = Gazetteer()
    g._by_gid = {}
    stats = ImportStats()
    for path in mains:
        for line in _open_lines(path):
            if not line.strip() or line.startswith("#"):
                continue
            stats.read += 1
            p = line.rstrip("\n").split("\t")
            if len(p) < 15:
                continue
            gid, name, ascii_, alts, lat, lon, fclass, fcode, cc = p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8]
            if ccs is not None and cc not in ccs:
                continue
            if classes is not None and fclass not in classes:
                continue
            kind = kind_for(fclass, fcode)
            if kind is None:
                continue
            try:
                pop = int(p[14] or 0)
            except ValueError:
                pop = 0
            if fclass == "P" and pop < min_population:
                continue
            admin1_code = f"{cc}.{p[10]}" if p[10] else ""
            admin1_name = a1.get(admin1_code, admin1_code)
            if kind == "district" and p[11]:
                admin1_name = admin1_name or a2.get(f"{cc}.{p[10]}.{p[11]}", "")
            ar = [a for a in alts.split(",") if a and _AR.search(a)] if alts else []
            row = g.add_place(name=name, country=cc or None, lat=float(lat), lon=float(lon), kind=kind,
                              fcode=fcode, population=pop, geonameid=int(gid), admin1=admin1_name,
                              name_ar=next((a for a in ar if not _NON_ARABIC.search(a)), ar[0] if ar else ""),
                              source=f"geonames:{path.name}")
            stats.kept += 1
            stats.countries.add(cc)
            for a in ar:
                g.add_name(name_key(a), row, weak=bool(_NON_ARABIC.search(a)))
                stats.arabic_names += 1
            seen = set()
            for a in [name, ascii_] + [a for a in alts.split(",") if a and not _AR.search(a)][:latin_names]:
                sk = latin_skeleton(a) if a else ""
                if sk and sk not in seen:
                    seen.add(sk)
                    g.add_latin(sk, row)
    if alternate_names:
        for line in _open_lines(Path(alternate_names), member_hint="alternateNamesV2.txt"):
            p = line.rstrip("\n").split("\t")
            if len(p) < 4:
                continue
            lang, alt = p[2], p[3]
            if lang not in STRONG_LANGS and lang not in WEAK_LANGS and not (lang == "" and _AR.search(alt)):
                continue
            if not _AR.search(alt):
                continue
            try:
                row = g.row_for_geonameid(int(p[1]))
            except ValueError:
                continue
            if row is None:
                continue
            if len(p) > 7 and p[7] == "1":  # historic name
                continue
            stats.alternate_rows += 1
            weak = lang in WEAK_LANGS or (lang == "" and bool(_NON_ARABIC.search(alt)))
            g.add_name(name_key(alt), row, weak=weak)
            if not weak and (not g.name_ar[row] or (len(p) > 4 and p[4] == "1")):
                g.name_ar[row] = alt
    stats.seconds = time.perf_counter() - t0
    g.meta = {"source": "geonames", "files": [str(m) for m in mains], **stats.as_dict()}
    if output:
        g.save(output)
    return g, stats
