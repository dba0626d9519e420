"""Queries and exports load back: ACLED CSV in pandas, Parquet in DuckDB, valid GeoJSON, PLOVER JSONL."""
from __future__ import annotations

import json

import pytest
from test_store_support import both_backends, db_url, protest_doc, store, strike_docs  # noqa: F401
from typer.testing import CliRunner

from marsad.export import ACLED_COLUMNS, export_events, feature_collection, write_acled_csv, write_parquet
from marsad.store import Ingestor, open_store
from marsad.store.query import EventFilter, count_events, query_events

ACLED_EXPECTED = ["event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1",
                  "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "country",
                  "admin1", "admin2", "location", "latitude", "longitude", "geo_precision", "source",
                  "source_scale", "notes", "fatalities"]


def _fill(store):
    ing = Ingestor(store)
    ing.add_documents(strike_docs() + [protest_doc()])
    ing.finish()


@pytest.fixture
def filled(store):
    _fill(store)
    return store


@both_backends
def test_filters(filled):
    s = filled
    assert count_events(s) == 2
    assert [e["type"] for e in query_events(s, country="SY")] == ["ASSAULT"]
    assert [e["type"] for e in query_events(s, type="protest")] == ["PROTEST"]
    assert [e["type"] for e in query_events(s, since="2021-03-04")] == ["PROTEST"]
    assert [e["type"] for e in query_events(s, until="2021-03-03")] == ["ASSAULT"]
    assert [e["type"] for e in query_events(s, min_sources=2)] == ["ASSAULT"]
    assert [e["type"] for e in query_events(s, actor="الطلاب")] == ["PROTEST"]
    assert query_events(s, country="SY,IQ", type=["ASSAULT", "PROTEST"], limit=1)[0]["type"] == "ASSAULT"
    with pytest.raises(ValueError):
        EventFilter(since="yesterday").where()


@both_backends
def test_acled_csv_loads_in_pandas_with_acled_columns(filled, tmp_path):
    pd = pytest.importorskip("pandas")
    out = tmp_path / "acled.csv"
    write_acled_csv(query_events(filled), str(out))
    df = pd.read_csv(out)
    assert list(df.columns) == ACLED_EXPECTED == ACLED_COLUMNS
    assert len(df) == 2
    strike = df[df["country"] == "Syria"].iloc[0]
    assert strike["event_date"] == "2021-03-02" and strike["year"] == 2021 and strike["time_precision"] == 1
    assert strike["event_type"] == "Explosions/Remote violence"
    assert strike["fatalities"] == 3 and strike["geo_precision"] == 1
    assert "وكالة الأنباء المحلية" in strike["source"] and "; " in strike["source"]
    assert strike["latitude"] == pytest.approx(35.6, abs=0.1)
    protest = df[df["country"] == "Iraq"].iloc[0]
    assert protest["event_type"] == "Protests" and protest["fatalities"] == 0


@both_backends
def test_parquet_loads_in_duckdb(filled, tmp_path):
    import duckdb

    out = tmp_path / "events.parquet"
    write_parquet(query_events(filled), str(out))
    con = duckdb.connect()
    rows = con.execute("SELECT type, n_reports, n_sources, date FROM read_parquet(?) ORDER BY date",
                       [str(out)]).fetchall()
    assert [(r[0], r[1], r[2]) for r in rows] == [("ASSAULT", 2, 2), ("PROTEST", 1, 1)]
    assert str(rows[0][3]) == "2021-03-02"
    types = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))",
                             [str(out)]).fetchall())
    assert types["date"] == "DATE" and types["lat"] == "DOUBLE" and types["n_reports"] == "INTEGER"


def _valid_geojson(fc: dict) -> None:
    """RFC 7946 essentials: a FeatureCollection of Features with Point geometries [lon, lat]."""
    assert fc["type"] == "FeatureCollection" and isinstance(fc["features"], list)
    for f in fc["features"]:
        assert f["type"] == "Feature" and isinstance(f["properties"], dict)
        g = f["geometry"]
        assert g["type"] == "Point" and len(g["coordinates"]) == 2
        lon, lat = g["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    json.dumps(fc)  # serializable as is


@both_backends
def test_geojson_is_valid(filled, tmp_path):
    out = tmp_path / "events.geojson"
    export_events(filled, "geojson", str(out))
    fc = json.loads(out.read_text(encoding="utf-8"))
    _valid_geojson(fc)
    assert len(fc["features"]) == 2
    strike = next(f for f in fc["features"] if f["properties"]["type"] == "ASSAULT")
    lon, lat = strike["geometry"]["coordinates"]
    assert 36 < lon < 37 and 35 < lat < 36  # longitude first
    assert strike["properties"]["date"] == "2021-03-02"
    assert isinstance(strike["properties"]["sources"], list)


def test_unlocated_events_are_left_out_of_geojson_unless_asked():
    evs = [{"event_id": "e1", "lat": None, "lon": None}, {"event_id": "e2", "lat": 1.0, "lon": 2.0}]
    assert len(feature_collection(evs)["features"]) == 1
    assert feature_collection(evs, include_unlocated=True)["features"][0]["geometry"] is None


@both_backends
def test_plover_jsonl_has_plover_fields_and_every_report(filled, tmp_path):
    out = tmp_path / "events.plover.jsonl"
    export_events(filled, "plover", str(out))
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(recs) == 2
    strike = next(r for r in recs if r["event"] == "ASSAULT")
    for k in ("id", "date", "actor", "recipient", "event", "mode", "event_loc", "event_text", "cite_info"):
        assert k in strike
    assert strike["event_loc"]["country"] == "SY"
    assert len(strike["cite_info"]) == 2 and strike["n_sources"] == 2
    assert {c["outlet"] for c in strike["cite_info"]} == {"وكالة الأنباء المحلية", "صحيفة المساء"}


@both_backends
def test_csv_and_jsonl_exports(filled, tmp_path):
    pd = pytest.importorskip("pandas")
    export_events(filled, "csv", str(tmp_path / "e.csv"))
    df = pd.read_csv(tmp_path / "e.csv")
    assert len(df) == 2 and "n_sources" in df.columns
    export_events(filled, "jsonl", str(tmp_path / "e.jsonl"))
    recs = [json.loads(x) for x in (tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sum(len(r["reports"]) for r in recs) == 3


def test_events_command(tmp_path):
    from marsad.cli import app

    db = str(tmp_path / "m.duckdb")
    s = open_store(db)
    _fill(s)
    s.close()
    runner = CliRunner()
    r = runner.invoke(app, ["events", "--db", db, "--format", "acled", "--output", str(tmp_path / "a.csv")])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "a.csv").read_text(encoding="utf-8").splitlines()[0] == ",".join(ACLED_COLUMNS)
    r = runner.invoke(app, ["events", "--db", db, "--country", "SY", "--min-sources", "2", "--format", "jsonl"])
    assert r.exit_code == 0, r.output
    lines = [x for x in r.stdout.splitlines() if x.startswith("{")]
    assert len(lines) == 1 and json.loads(lines[0])["n_sources"] == 2
    r = runner.invoke(app, ["events", "--db", db, "--format", "parquet", "--output", str(tmp_path / "e.parquet")])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["events", "--db", db])  # a table
    assert r.exit_code == 0 and "ASSAULT" in r.stdout
    r = runner.invoke(app, ["events", "--db", db, "--format", "xml"])
    assert r.exit_code != 0
    r = runner.invoke(app, ["merge", "--db", db, "--window-days", "0", "--max-km", "1"])
    assert r.exit_code == 0, r.output
    s = open_store(db)
    assert s.count("events") == 3  # the two strike reports lie ~1.2 km apart: split at 1 km
    s.close()
