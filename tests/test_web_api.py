"""The HTTP API over a real store (DuckDB, and PostgreSQL when one is reachable),
built through the store's own Ingestor from hand-annotated Arabic articles."""
from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fastapi.testclient import TestClient  # noqa: E402

from web_corpus import XSS_OUTLET, XSS_TITLE, documents  # noqa: E402

from marsad.store import Ingestor, open_store  # noqa: E402
from marsad.store.rows import content_hash  # noqa: E402
from marsad.web.app import create_app  # noqa: E402
from marsad.web.data import MemorySource, StoreSource  # noqa: E402

PG_URL = os.environ.get("MARSAD_TEST_POSTGRES", "postgresql://marsad:marsad@localhost/marsad_test")


def _postgres_url() -> tuple[str, str] | None:
    """A PostgreSQL URL whose search_path is a fresh schema, or None when no server answers."""
    try:
        import psycopg

        con = psycopg.connect(PG_URL, autocommit=True, connect_timeout=3)
    except Exception:
        return None
    schema = "web_test_" + uuid.uuid4().hex[:8]
    con.execute(f"CREATE SCHEMA {schema}")
    con.close()
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}", schema


def _drop_schema(schema: str) -> None:
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as con:
        con.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def _ingest(db) -> None:
    store = open_store(db)
    ing = Ingestor(store, inputs=["tests/web_corpus.py"])
    ing.add_documents(documents())
    ing.finish()
    store.close()


def _echo_pipeline(doc):
    """Submitted articles skip extraction in these tests: what is stored is what was sent."""
    return doc


@pytest.fixture(scope="module", params=["duckdb", "postgresql"])
def client(request, tmp_path_factory):
    if request.param == "duckdb":
        db = str(tmp_path_factory.mktemp("web") / "web.duckdb")
        schema = None
    else:
        found = _postgres_url()
        if found is None:
            if os.environ.get("CI") == "true":
                pytest.fail(f"PostgreSQL is not reachable at {PG_URL} (CI runs .ci/setup.d/10-postgres.sh)")
            pytest.skip("PostgreSQL not reachable")
        db, schema = found
    _ingest(db)
    source = StoreSource(db)
    with TestClient(create_app(source, extract=_echo_pipeline)) as c:
        yield c
    if schema:
        _drop_schema(schema)


def _events(client, **params):
    r = client.get("/api/events", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def _aleppo_event(client):
    page = _events(client, min_sources=2)
    assert page["total"] == 1
    return page["items"][0]


# -- events ----------------------------------------------------------------------------

def test_events_lists_every_merged_event_newest_first(client):
    page = _events(client)
    # 8 reports; the two accounts of the Aleppo strikes are one event
    assert page["total"] == 7 and page["limit"] == 100 and page["offset"] == 0
    dates = [e["date"] for e in page["items"]]
    assert dates == sorted(dates, reverse=True)
    assert {e["type"] for e in page["items"]} == {"ASSAULT", "PROTEST", "REQUEST", "AID", "AGREE"}


def test_events_paginate_with_total(client):
    first = _events(client, limit=3, offset=0)
    second = _events(client, limit=3, offset=3)
    third = _events(client, limit=3, offset=6)
    assert first["total"] == second["total"] == third["total"] == 7
    ids = [e["id"] for p in (first, second, third) for e in p["items"]]
    assert len(ids) == len(set(ids)) == 7
    assert _events(client, offset=50)["items"] == []


@pytest.mark.parametrize("params, expected", [
    ({"type": "ASSAULT"}, 3),
    ({"country": "SY"}, 2),
    ({"country": "iq"}, 2),  # case-insensitive code
    ({"since": "2024-03-08"}, 4),
    ({"until": "2024-03-03"}, 3),
    ({"since": "2024-03-03", "until": "2024-03-08"}, 4),
    ({"min_sources": 2}, 1),
    ({"actor": "طائرات"}, 1),
    ({"actor": "برنامج الأغذية"}, 1),
    ({"bbox": "35,33,41,37"}, 3),  # Syria's north and east, Lebanon's coast
    ({"bbox": "44,33,45,34", "type": "PROTEST"}, 1),
    ({"type": "SANCTION"}, 0),
])
def test_event_filters(client, params, expected):
    assert _events(client, **params)["total"] == expected


def test_filters_are_values_not_sql(client):
    # parameterized queries: quotes and SQL fragments are just text that matches nothing
    assert _events(client, actor="' OR 1=1 --")["total"] == 0
    assert _events(client, actor=".*")["total"] == 0


@pytest.mark.parametrize("params, status, fragment", [
    ({"since": "yesterday"}, 422, "since"),
    ({"until": "2024-13-01"}, 422, "until"),
    ({"since": "2024-03-10", "until": "2024-03-01"}, 400, "since must not be after until"),
    ({"country": "Syria"}, 422, "country"),
    ({"type": "BOMBING"}, 422, "type"),
    ({"min_sources": 0}, 422, "min_sources"),
    ({"min_sources": "two"}, 422, "min_sources"),
    ({"limit": 0}, 422, "limit"),
    ({"limit": 5000}, 422, "limit"),
    ({"offset": -1}, 422, "offset"),
    ({"bbox": "1,2,3"}, 400, "bbox"),
    ({"bbox": "a,b,c,d"}, 400, "bbox"),
    ({"bbox": "40,30,35,37"}, 400, "min <= max"),
    ({"bbox": "0,0,200,10"}, 400, "out of range"),
    ({"bbox": "nan,0,1,1"}, 400, "finite"),
])
def test_bad_event_parameters_are_clear_errors(client, params, status, fragment):
    r = client.get("/api/events", params=params)
    assert r.status_code == status, r.text
    assert fragment in r.text


def test_one_event_has_all_its_reports_and_evidence(client):
    ev = _aleppo_event(client)
    r = client.get(f"/api/events/{ev['id']}")
    assert r.status_code == 200
    detail = r.json()
    assert detail["n_sources"] == 2 and detail["country"] == "SY" and detail["type"] == "ASSAULT"
    assert abs(detail["lat"] - 36.2) < 0.1 and abs(detail["lon"] - 37.13) < 0.1
    assert len(detail["reports"]) == 2
    assert {r["outlet"] for r in detail["reports"]} == {"وكالة الأنباء المحلية", "صحيفة الشمال"}
    for rep in detail["reports"]:
        art = client.get(f"/api/articles/{rep['article_id']}").json()
        text = art["text"]
        trig = rep["trigger"]
        assert text[trig["start"]:trig["end"]] == trig["text"]
        assert rep["evidence"], rep
        for ev_span in rep["evidence"]:
            assert text[ev_span["start"]:ev_span["end"]] == ev_span["text"]
            assert ev_span["start"] <= trig["start"] and trig["end"] <= ev_span["end"]
        assert rep["article_title"] == art["title"]


def test_unknown_event_is_404(client):
    r = client.get("/api/events/ev-does-not-exist")
    assert r.status_code == 404
    assert "no event" in r.json()["detail"]


def test_timeline_counts_by_day_and_type_with_filters(client):
    items = client.get("/api/timeline").json()["items"]
    assert sum(i["count"] for i in items) == 7
    assert {"date": "2024-02-20", "type": "AGREE", "count": 1} in items
    only = client.get("/api/timeline", params={"country": "IQ"}).json()["items"]
    assert sorted((i["type"], i["count"]) for i in only) == [("PROTEST", 1), ("REQUEST", 1)]
    assert client.get("/api/timeline", params={"type": "nope"}).status_code == 422


def test_facets(client):
    f = client.get("/api/facets").json()
    assert f["countries"] == ["EG", "IQ", "LB", "SY", "YE"]
    assert f["n_articles"] == 6 and f["n_events"] == 7


# -- articles ----------------------------------------------------------------------------

def test_articles_paginated(client):
    page = client.get("/api/articles", params={"limit": 4}).json()
    assert page["total"] == 6 and len(page["items"]) == 4
    rest = client.get("/api/articles", params={"limit": 4, "offset": 4}).json()
    assert len(rest["items"]) == 2
    assert {a["input_id"] for a in page["items"] + rest["items"]} == {d.id for d in documents()}
    assert client.get("/api/articles", params={"limit": "many"}).status_code == 422


def test_article_has_text_and_annotations_with_offsets(client):
    doc = next(d for d in documents() if d.id == "iq-baghdad")
    aid = content_hash(doc.text)
    r = client.get(f"/api/articles/{aid}")
    assert r.status_code == 200
    art = r.json()
    text = art["text"]
    assert text == doc.text and art["title"] == doc.title and art["outlet"] == doc.outlet
    assert [e["text"] for e in art["entities"]] == ["الحكومة العراقية"]
    assert {p["name"] for p in art["places"]} == {"Tahrir Square", "Baghdad"}
    for kind in ("entities", "places", "dates"):
        for a in art[kind]:
            assert text[a["start"]:a["end"]] == a["text"], (kind, a)
    assert [e["type"] for e in art["events"]] == ["PROTEST", "REQUEST"]
    for e in art["events"]:
        assert text[e["trigger"]["start"]:e["trigger"]["end"]] == e["trigger"]["text"]
        assert e["event_id"] and e["report_id"].startswith(aid)
        assert all(text[s["start"]:s["end"]] == s["text"] for s in e["evidence"])


def test_unknown_article_is_404(client):
    assert client.get("/api/articles/" + "0" * 64).status_code == 404


def test_untrusted_markup_comes_back_as_plain_json_strings(client):
    doc = next(d for d in documents() if d.id == "xss")
    art = client.get(f"/api/articles/{content_hash(doc.text)}")
    assert art.headers["content-type"].startswith("application/json")
    body = art.json()
    assert body["title"] == XSS_TITLE and body["outlet"] == XSS_OUTLET and "<script>" in body["text"]


# -- entities and places ----------------------------------------------------------------

def test_entities_aggregate_mentions(client):
    page = client.get("/api/entities").json()
    top = page["items"][0]
    assert top["mentions"] == 2 and top["articles"] == 2 and top["name"] in ("ISIS", "SOHR")
    assert page["total"] == len({(i["name"], i["type"]) for i in page["items"]})
    gpe = client.get("/api/entities", params={"type": "GPE"}).json()
    assert {i["name"] for i in gpe["items"]} == {"Egypt", "Libya"}
    q = client.get("/api/entities", params={"q": "الأغذية"}).json()
    assert [i["name"] for i in q["items"]] == ["World Food Programme"]
    assert client.get("/api/entities", params={"limit": 1}).json()["total"] == page["total"]


def test_entities_bad_parameters(client):
    assert client.get("/api/entities", params={"type": "THING"}).status_code == 422
    assert client.get("/api/entities", params={"q": ""}).status_code == 422
    assert client.get("/api/entities", params={"offset": -5}).status_code == 422


def test_places(client):
    page = client.get("/api/places").json()
    top = page["items"][0]
    assert top["name"] == "Aleppo" and top["mentions"] == 2 and top["country"] == "SY"
    sy = client.get("/api/places", params={"country": "sy"}).json()
    assert {p["name"] for p in sy["items"]} == {"Aleppo", "Deir ez-Zor"}
    assert client.get("/api/places", params={"q": "صيدا"}).json()["items"][0]["name"] == "Sidon"
    assert client.get("/api/places", params={"country": "SYR"}).status_code == 422
    assert client.get("/api/places", params={"limit": 1001}).status_code == 422


# -- submitting an article -----------------------------------------------------------------

def test_post_json_article_is_stored_and_returned(client):
    text = "أعلنت وزارة الصحة في تونس يوم 2 نيسان 2024 عن حملة تطعيم جديدة في المدارس."
    r = client.post("/api/articles", json={"text": text, "title": "حملة تطعيم", "published": "2024-04-02",
                                           "outlet": "إذاعة تونس", "url": "https://example.org/a/1"})
    assert r.status_code == 201, r.text
    art = r.json()
    assert art["id"] == content_hash(text) and art["text"] == text and art["title"] == "حملة تطعيم"
    assert art["published"] == "2024-04-02" and art["url"] == "https://example.org/a/1"
    assert client.get(f"/api/articles/{art['id']}").json()["text"] == text
    # the same text again is the same article (idempotent by content hash)
    before = client.get("/api/articles").json()["total"]
    assert client.post("/api/articles", json={"text": text}).status_code == 201
    assert client.get("/api/articles").json()["total"] == before


def test_post_html_page(client):
    html = ("<html><head><title>خبر من عمّان</title></head><body><nav>الرئيسية</nav><article>"
            "<h1>خبر من عمّان</h1><p>افتتح وزير الزراعة الأردني يوم الثلاثاء معرضاً للمنتجات الزراعية في عمّان "
            "بمشاركة أكثر من مئة شركة محلية وعربية.</p><script>alert(1)</script>"
            "<p>وقال الوزير إن المعرض يهدف إلى دعم المزارعين وفتح أسواق جديدة للتصدير.</p></article></body></html>")
    r = client.post("/api/articles", content=html.encode(), headers={"Content-Type": "text/html; charset=utf-8"})
    assert r.status_code == 201, r.text
    art = r.json()
    assert "افتتح وزير الزراعة" in art["text"] and "alert" not in art["text"] and "<" not in art["text"]
    r2 = client.post("/api/articles", files={"file": ("page.html", html.encode(), "text/html")},
                     data={"outlet": "صحيفة عمّان"})
    assert r2.status_code == 201, r2.text
    assert r2.json()["id"] == art["id"]


@pytest.mark.parametrize("kwargs, status, fragment", [
    ({"json": {"text": ""}}, 422, "text"),
    ({"json": {"text": "   "}}, 422, "blank"),
    ({"json": {"title": "بلا نص"}}, 422, "text"),
    ({"json": {"text": "نص", "published": "next tuesday"}}, 422, "published"),
    ({"json": {"text": "نص", "url": "javascript:alert(1)"}}, 422, "url"),
    ({"json": {"text": "نص", "colour": "red"}}, 422, "colour"),
    ({"json": ["not", "an", "object"]}, 422, "JSON object"),
    ({"json": {"text": "ن" * 200_001}}, 422, "text"),
    ({"content": b"{not json", "headers": {"Content-Type": "application/json"}}, 400, "malformed JSON"),
    ({"content": b"text=abc", "headers": {"Content-Type": "application/x-www-form-urlencoded"}}, 415, "application/json"),
    ({"content": b"\xff\xfe\x00<html>", "headers": {"Content-Type": "text/html"}}, 400, "UTF-8"),
    ({"content": b"<html><body></body></html>", "headers": {"Content-Type": "text/html"}}, 422, "no article text"),
    ({"files": {"upload": ("a.html", b"<p>x</p>", "text/html")}}, 422, "file"),
    ({"content": b"x" * 2_000_001, "headers": {"Content-Type": "text/html"}}, 413, "over"),
])
def test_post_bad_input(client, kwargs, status, fragment):
    r = client.post("/api/articles", **kwargs)
    assert r.status_code == status, r.text
    assert fragment in r.text


# -- the page and its safety ----------------------------------------------------------------

def test_page_and_assets_are_served_locally_with_csp(client):
    r = client.get("/")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "object-src 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    html = r.text
    assert "http://" not in html and "https://" not in html.replace("http://www.w3.org", "")
    for asset in ("/static/app.js", "/static/app.css", "/static/i18n.js", "/static/vendor/leaflet/leaflet.js",
                  "/static/vendor/leaflet/leaflet.css", "/static/vendor/topojson-client/topojson-client.min.js",
                  "/static/vendor/world-atlas/countries-110m.json", "/static/vendor/swagger-ui/swagger-ui-bundle.js"):
        a = client.get(asset)
        assert a.status_code == 200 and len(a.content) > 100, asset
    assert client.get("/static/../app.py").status_code == 404


def test_no_inline_script_and_no_innerhtml_in_page_code():
    web = Path(__file__).parent.parent / "marsad" / "web"
    for name in ("templates/index.html", "templates/docs.html"):
        html = (web / name).read_text(encoding="utf-8")
        assert "<script>" not in html and " on" not in html.split("<body>")[1].replace(" only", "")
    js = (web / "static" / "app.js").read_text(encoding="utf-8")
    code = "\n".join(line for line in js.splitlines() if not line.strip().startswith("//"))
    for forbidden in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert forbidden not in code, forbidden


def test_openapi_schema_and_offline_docs(client):
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for p in ("/api/events", "/api/events/{event_id}", "/api/articles", "/api/articles/{article_id}",
              "/api/entities", "/api/places", "/api/timeline"):
        assert p in paths, p
    assert "post" in paths["/api/articles"]
    assert {"application/json", "text/html", "multipart/form-data"} <= set(
        paths["/api/articles"]["post"]["requestBody"]["content"])
    params = {p["name"] for p in paths["/api/events"]["get"]["parameters"]}
    assert {"since", "until", "country", "type", "actor", "min_sources", "bbox", "limit", "offset"} <= params
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower()
    assert client.get("/redoc").status_code == 404


# -- the in-memory source speaks the same API ---------------------------------------------

def test_memory_source_serves_the_same_shapes():
    with TestClient(create_app(MemorySource(documents()), extract=_echo_pipeline)) as c:
        page = c.get("/api/events", params={"type": "ASSAULT"}).json()
        assert page["total"] == 4  # no merging in memory: every report is an event
        ev = c.get(f"/api/events/{page['items'][0]['id']}").json()
        assert ev["reports"][0]["evidence"]
        arts = c.get("/api/articles").json()
        assert arts["total"] == 6
        art = c.get(f"/api/articles/{arts['items'][0]['id']}").json()
        assert art["text"] and "entities" in art and "dates" in art
        assert c.get("/api/places", params={"country": "YE"}).json()["total"] == 2
        assert c.post("/api/articles", json={"text": "قال الوزير إن الحكومة ستدعم المزارعين."}).status_code == 201


def test_read_only_store_refuses_submissions(tmp_path):
    db = str(tmp_path / "ro.duckdb")
    _ingest(db)
    with TestClient(create_app(StoreSource(db, read_only=True), extract=_echo_pipeline)) as c:
        assert c.get("/api/events").json()["total"] == 7
        r = c.post("/api/articles", json={"text": "قال الوزير إن الحكومة ستدعم المزارعين."})
        assert r.status_code == 403 and "read-only" in r.json()["detail"]


def test_serve_reports_a_store_it_cannot_open(tmp_path):
    from typer.testing import CliRunner

    from marsad.cli import app

    bad = tmp_path / "not-a-database.duckdb"
    bad.write_text("this is not a DuckDB file")
    res = CliRunner().invoke(app, ["serve", "--db", str(bad), "--port", "0"])
    assert res.exit_code == 2
    assert "cannot open the store" in (res.stderr if hasattr(res, "stderr") else res.output)
