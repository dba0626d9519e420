"""marsad's gazetteer: Arabic and Latin place names compiled into a fast, cached index.

    from marsad.gazetteer import load_default
    gaz = load_default()            # compiled on first use, ~1 s to load afterwards
    gaz.lookup("ادلب")              # ((row, weak), ...)
    gaz.record(row)                 # name, country, lat, lon, feature code, ...

``marsad gazetteer import`` layers a GeoNames dump over the default
(:mod:`marsad.gazetteer.geonames`).
"""
from .build import build_default, default_index_path, load_default, name_key
from .index import KIND_INFO, Gazetteer, cache_dir

__all__ = ["Gazetteer", "KIND_INFO", "build_default", "cache_dir", "default_index_path", "load_default", "name_key"]
