"""The gazetteer: compiled index, cache, layering, transliteration, GeoNames import, GeoJSON."""
from __future__ import annotations

import json
import math
import zipfile

import pytest

from marsad.gazetteer import Gazetteer, cache_dir, load_default, name_key
from marsad.gazetteer.geojson import places_feature_collection
from marsad.gazetteer.geonames import import_geonames, kind_for
from marsad.gazetteer.translit import arabic_skeleton, bridge, latin_skeleton


# --------------------------------------------------------------------------- index
def test_name_key_normalizes_and_tokenizes():
    assert name_key("إدلب") == "ادلب"
    assert name_key("الكونغو - كينشاسا") == "الكونغو كينشاسا"
    assert name_key("دير  الزور") == "دير الزور"


def test_index_add_lookup_save_load(tmp_path):
    g = Gazetteer()
    r = g.add_place(name="Qaryat al-Nakhil", country="SY", lat=35.0, lon=40.0, kind="town", population=1200,
                    geonameid=99, name_ar="قرية النخيل")
    g.add_name(name_key("النخيل"), r)
    g.add_name(name_key("نخیل"), r, weak=True)  # Persian ya: a weak name
    assert g.lookup("النخيل") == ((r, False),)
    assert g.lookup("نخيل") == ((r, True),)
    assert g.maxlen["النخيل"] == 1
    p = g.save(tmp_path / "x" / "g.pkl")
    h = Gazetteer.load(p)
    assert h.record(r)["name"] == "Qaryat al-Nakhil" and h.record(r)["geonameid"] == 99
    assert not list((tmp_path / "x").glob("*.tmp"))  # atomic write leaves no temporary file


def test_missing_coordinates_are_none():
    g = Gazetteer()
    r = g.add_place(name="X", country="YE", lat=None, lon=None, kind="town")
    assert g.coords(r) == (None, None)


def test_merge_adds_names_to_known_geonameid():
    base = Gazetteer()
    r = base.add_place(name="Hama", country="SY", lat=35.13, lon=36.75, kind="town", geonameid=170017)
    user = Gazetteer()
    u1 = user.add_place(name="Hama", country="SY", lat=35.13, lon=36.75, kind="town", geonameid=170017)
    u2 = user.add_place(name="Tiny", country="SY", lat=35.2, lon=36.8, kind="town", geonameid=5)
    user.add_name("حماه", u1)
    user.add_name("الصغيره", u2)
    base.merge(user)
    assert base.lookup("حماه") == ((r, False),)
    assert len(base) == 2 and base.name[base.lookup("الصغيره")[0][0]] == "Tiny"


def test_cache_dir_honours_env(monkeypatch, tmp_path):
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path / "c"))
    assert cache_dir() == tmp_path / "c"


# --------------------------------------------------------------------------- default gazetteer
@pytest.fixture(scope="module")
def gaz():
    return load_default()


@pytest.mark.parametrize("name,country,kind", [
    ("سوريا", "SY", "country"), ("سورية", "SY", "country"), ("أميركا", "US", "country"),
    ("الإمارات", "AE", "country"), ("المملكة العربية السعودية", "SA", "country"),
    ("مصر", "EG", "country"), ("أفغانستان", "AF", "country"),
    ("نهر الفرات", None, "river"), ("البحر الأحمر", None, "sea"), ("قطاع غزة", "PS", "region"),
    ("إقليم كردستان", "IQ", "region"), ("الغوطة الشرقية", "SY", "region"), ("دارفور", "SD", "region"),
    ("أوروبا", None, "continent"),
])
def test_default_gazetteer_names(gaz, name, country, kind):
    rows = [r for r, _ in gaz.lookup(name_key(name))]
    assert any(gaz.kind[r] == kind and (gaz.country[r] or None) == country for r in rows), name


def test_default_has_admin_divisions_and_towns(gaz):
    rows = gaz.lookup(name_key("الحديدة"))
    kinds = {gaz.kind[r] for r, _ in rows}
    assert {"town", "admin"} <= kinds
    idlib_town = [r for r, _ in gaz.lookup(name_key("إدلب")) if gaz.kind[r] == "town"][0]
    la, lo = gaz.coords(idlib_town)
    assert abs(la - 35.93) < 0.1 and abs(lo - 36.63) < 0.1
    # a curated Arabic name attached to GeoNames' own row (coordinates from GeoNames)
    bk = [r for r, _ in gaz.lookup(name_key("البوكمال"))]
    assert bk and gaz.geonameid[bk[0]] and gaz.country[bk[0]] == "SY"


def test_clitic_forms_are_not_pre_expanded(gaz):
    assert not gaz.lookup(name_key("وسوريا"))
    assert not gaz.lookup(name_key("بإدلب"))


# --------------------------------------------------------------------------- transliteration
def test_skeletons_meet():
    assert arabic_skeleton(name_key("البوكمال")) == latin_skeleton("Al Bū Kamāl")
    assert arabic_skeleton(name_key("هجين")) == latin_skeleton("Hajīn")
    assert arabic_skeleton(name_key("كرمنشاه")) == latin_skeleton("Kermanshah")


def test_bridge_finds_latin_only_place():
    g = Gazetteer()
    r = g.add_place(name="Ḩazm al Qurā", country="YE", lat=15.5, lon=44.0, kind="town", population=0)
    g.add_place(name="Hazm", country="SA", lat=20.0, lon=45.0, kind="town", population=0)
    g.add_latin(latin_skeleton("Ḩazm al Qurā"), r)
    hit = bridge(g, name_key("حزم القرى"), {"YE"})
    assert hit is not None and hit[0] == r and 0.5 <= hit[1] <= 0.9
    assert bridge(g, name_key("حزم القرى"), {"EG"}) is None  # only the article's countries


# --------------------------------------------------------------------------- GeoNames import
MAIN_ROWS = [
    # geonameid name asciiname alternatenames lat lon fclass fcode cc cc2 a1 a2 a3 a4 pop elev dem tz moddate
    ["900001", "Tall Ḩamīs", "Tall Hamis", "Tall Hamis,Tell Hamis,تل حميس", "36.7", "41.1", "P", "PPL", "SY", "",
     "01", "", "", "", "3200", "", "350", "Asia/Damascus", "2020-01-01"],
    ["900002", "Qaryat Zayn", "Qaryat Zayn", "", "34.9", "40.6", "P", "PPL", "SY", "", "09", "", "", "", "0", "",
     "200", "Asia/Damascus", "2020-01-01"],
    ["900003", "Wādī Ḩasan", "Wadi Hasan", "", "15.2", "44.1", "H", "WAD", "YE", "", "15", "", "", "", "0", "",
     "2000", "Asia/Aden", "2020-01-01"],
    ["900004", "Big Town", "Big Town", "", "33.3", "44.4", "P", "PPLA", "IQ", "", "07", "", "", "", "500000", "",
     "40", "Asia/Baghdad", "2020-01-01"],
    ["900005", "Muḩāfaz̧at al Ḩasakah", "Muhafazat al Hasakah", "محافظة الحسكة", "36.5", "40.9", "A", "ADM1", "SY",
     "", "01", "", "", "", "1500000", "", "300", "Asia/Damascus", "2020-01-01"],
]
ALT_ROWS = [
    ["1", "900002", "ar", "قرية زين", "1", "", "", "", "", ""],
    ["2", "900002", "fa", "قریه زین", "", "", "", "", "", ""],
    ["3", "900002", "en", "Zayn Village", "", "", "", "", "", ""],
    ["4", "900003", "ar", "وادي حسن", "", "", "", "", "", ""],
    ["5", "900001", "ar", "تل حميس القديم", "", "", "", "1", "", ""],  # historic: left out
    ["6", "777777", "ar", "مكان آخر", "", "", "", "", "", ""],  # not imported
]


def _tsv(rows):
    return "".join("\t".join(r) + "\n" for r in rows)


@pytest.fixture
def dump(tmp_path):
    (tmp_path / "SY.txt").write_text(_tsv(MAIN_ROWS), encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "allCountries.zip", "w") as zf:
        zf.writestr("allCountries.txt", _tsv(MAIN_ROWS))
    with zipfile.ZipFile(tmp_path / "alternateNamesV2.zip", "w") as zf:
        zf.writestr("alternateNamesV2.txt", _tsv(ALT_ROWS))
        zf.writestr("iso-languagecodes.txt", "ISO 639-3\tISO 639-2\tISO 639-1\tLanguage Name\n")
    (tmp_path / "admin1CodesASCII.txt").write_text(
        "SY.01\tAl-Hasakah\tAl-Hasakah\t173813\nSY.09\tDeir ez-Zor\tDeir ez-Zor\t170792\n", encoding="utf-8")
    (tmp_path / "admin2Codes.txt").write_text("SY.01.1\tQamishli\tQamishli\t1\n", encoding="utf-8")
    return tmp_path


def test_kind_for_feature_codes():
    assert kind_for("P", "PPLC") == "town" and kind_for("A", "ADM1") == "admin"
    assert kind_for("A", "PCLI") == "country" and kind_for("H", "STM") == "river"
    assert kind_for("T", "MT") == "mountain" and kind_for("S", "AIRP") == "site"


def test_import_zip_with_alternate_names_and_admin1(dump):
    g, st = import_geonames(dump / "allCountries.zip", alternate_names=dump / "alternateNamesV2.zip",
                            admin1=dump / "admin1CodesASCII.txt", admin2=dump / "admin2Codes.txt")
    assert st.read == 5 and st.kept == 5
    (r, weak), = g.lookup(name_key("قرية زين"))
    assert not weak and g.name[r] == "Qaryat Zayn" and g.admin1[r] == "Deir ez-Zor"
    assert g.lookup(name_key("قریه زین"))[0][1] is True or g.lookup(name_key("قریه زین"))[0][0] == r
    assert g.lookup(name_key("تل حميس")) and not g.lookup(name_key("تل حميس القديم"))
    assert not g.lookup(name_key("مكان آخر"))
    (w, _), = g.lookup(name_key("وادي حسن"))
    assert g.kind[w] == "river"
    (a, _), = g.lookup(name_key("محافظة الحسكة"))
    assert g.kind[a] == "admin" and g.fcode[a] == "ADM1"


def test_import_filters(dump, tmp_path):
    g, st = import_geonames(dump / "SY.txt", countries=["SY"], min_population=1000, feature_classes=["P"],
                            output=tmp_path / "user.pkl")
    names = set(g.name)
    assert names == {"Tall Ḩamīs"}  # Qaryat Zayn is below 1000, Wadi Hasan not class P, Big Town not SY
    assert (tmp_path / "user.pkl").exists()


def test_user_index_layers_over_default(dump, tmp_path):
    out = tmp_path / "user.pkl"
    import_geonames(dump / "allCountries.zip", alternate_names=dump / "alternateNamesV2.zip", output=out)
    g = load_default(user_index=out)
    rows = g.lookup(name_key("قرية زين"))
    assert rows and g.name[rows[0][0]] == "Qaryat Zayn"
    assert g.lookup(name_key("سوريا"))  # the default is still there


def test_cli_import(dump, tmp_path):
    from typer.testing import CliRunner

    from marsad.gazetteer.cli import app

    out = tmp_path / "cli.pkl"
    res = CliRunner().invoke(app, ["import", str(dump / "SY.txt"), "--alternate-names",
                                   str(dump / "alternateNamesV2.zip"), "--country", "SY", "--output", str(out)])
    assert res.exit_code == 0, res.output
    info = json.loads(res.output.strip().splitlines()[-1])
    assert info["kept"] == 3 and out.exists()


# --------------------------------------------------------------------------- GeoJSON
def test_places_feature_collection():
    recs = [{"id": "a1", "places": [
        {"id": "P1", "text": "إدلب", "name": "Idlib", "country": "SY", "lat": 35.93, "lon": 36.63, "kind": "town"},
        {"id": "P2", "text": "باغوز", "name": None, "country": "SY", "lat": None, "lon": None, "kind": "town"}],
        "events": [{"type": "ASSAULT", "place": "إدلب", "place_ref": {"ref": "P1"}, "date": "2019-02-20"}]}]
    fc = places_feature_collection(recs)
    assert fc["type"] == "FeatureCollection" and fc["properties"]["unlocated"] == 1
    pts = [f for f in fc["features"] if f["properties"]["feature"] == "place"]
    assert pts[0]["geometry"]["coordinates"] == [36.63, 35.93]  # GeoJSON is lon, lat
    assert any(f["properties"]["feature"] == "event" for f in fc["features"])
    json.dumps(fc, ensure_ascii=False)
    assert not any(math.isnan(c) for f in fc["features"] for c in f["geometry"]["coordinates"])


def test_gazetteer_sub_app_is_mounted():
    from typer.testing import CliRunner

    from marsad.cli import app

    res = CliRunner().invoke(app, ["gazetteer", "lookup", "سوريا"])
    assert res.exit_code == 0 and '"country": "SY"' in res.output


def test_extract_geojson_format(tmp_path):
    from typer.testing import CliRunner

    from marsad.cli import app

    src = tmp_path / "a.txt"
    src.write_text("قتل ثلاثة مدنيين في قصف على مدينة إدلب شمال غرب سوريا يوم الأربعاء.\n", encoding="utf-8")
    out = tmp_path / "out.geojson"
    res = CliRunner().invoke(app, ["extract", str(src), "--format", "geojson", "--output", str(out), "--quiet"])
    assert res.exit_code == 0, res.output
    fc = json.loads(out.read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection"
    idlib = [f for f in fc["features"] if f["properties"].get("name") == "Idlib"]
    assert idlib and idlib[0]["geometry"]["coordinates"][1] > 35


def test_old_compiled_indexes_are_pruned(tmp_path):
    import os
    import time as _time

    from marsad.gazetteer.build import _prune_old_indexes

    paths = []
    for i in range(4):
        p = tmp_path / f"gazetteer-{i}.pkl"
        p.write_bytes(b"x")
        os.utime(p, (_time.time() - 100 + i, _time.time() - 100 + i))
        paths.append(p)
    _prune_old_indexes(paths[-1])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gazetteer-2.pkl", "gazetteer-3.pkl"]
