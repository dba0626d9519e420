"""The plain-Python parts of marsad.spark: no Spark, no Java needed.

Readers give the same records as marsad.io.readers; the blocking used for event
merging never hides a pair the store would merge; the worker runs the pipeline once
per process and turns failures into rejects.
"""
from __future__ import annotations

import io
import json
import random
from datetime import date, timedelta
from itertools import combinations

import pytest

from marsad.spark import crossarticle, sources, worker


# -- readers ------------------------------------------------------------------------

def test_jsonl_lines_read_like_marsad_extract(tmp_path):
    from marsad.io.readers import Reject, read_file

    lines = [
        json.dumps({"id": "a", "text": "قال المتحدث باسم الحكومة إن الوضع مستقر.", "published": "2020-01-02"},
                   ensure_ascii=False),
        "",
        '{"id": "b", "text": "نص',
        json.dumps({"id": "c"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": "أعلنت الوزارة عن خطة جديدة لدعم المزارعين في الريف."}, ensure_ascii=False),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    local = list(read_file(path))
    ours = [r for r in (sources.parse_jsonl_line(raw.encode("utf-8"), path=str(path), lineno=i, src_file=0,
                                                  stem="feed")
                        for i, raw in enumerate(lines, 1)) if r is not None]
    assert len(ours) == len(local) == 5
    for mine, theirs in zip(ours, local):
        assert mine["origin"] == theirs.origin
        if isinstance(theirs, Reject):
            assert (mine["kind"], mine["reason"]) == ("reject", theirs.reason)
        else:
            assert (mine["kind"], mine["id"], mine["text"], mine["published"]) == \
                ("article", theirs.id, theirs.text, theirs.published)
    assert [r["src_pos"] for r in ours] == [1, 3, 4, 5, 6]


def test_invalid_utf8_line_is_an_encoding_reject():
    r = sources.parse_jsonl_line(b'{"id": "x", "text": "\xff\xfe"}', path="f.jsonl", lineno=7, src_file=0)
    assert (r["kind"], r["reason"], r["origin"]) == ("reject", "encoding", "f.jsonl:7")


def test_file_bytes_read_like_marsad_extract(tmp_path):
    from marsad.io.readers import read_file

    page = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>عنوان الخبر</title></head><body>"
            "<p>اعتقلت الشرطة ثلاثة أشخاص في مدينة حمص بعد اشتباك مسلح قرب السوق القديمة.</p>"
            "<p>وقالت مصادر محلية إن الاشتباك استمر ساعة كاملة.</p></body></html>").encode("utf-8")
    cases = {"story.html": page, "note.txt": "قال الوزير إن المفاوضات مستمرة.".encode("cp1256"),
             "blank.txt": b"  \n", "blob.txt": b"\x00\x01\x02binary"}
    for name, data in cases.items():
        p = tmp_path / name
        p.write_bytes(data)
        theirs = list(read_file(p))
        mine = sources.parse_file_bytes(data, path=str(p), src_file=3)
        assert len(mine) == len(theirs) == 1
        t = theirs[0]
        if hasattr(t, "text"):
            assert (mine[0]["kind"], mine[0]["text"], mine[0]["title"], mine[0]["id"]) == \
                ("article", t.text, t.title, t.id)
        else:
            assert (mine[0]["kind"], mine[0]["reason"]) == ("reject", t.reason)
        assert mine[0]["src_file"] == 3


def test_format_by_suffix_and_ids():
    assert sources.format_of("s3a://b/x/CC-NEWS-2019.warc.gz") == "warc"
    assert sources.format_of("/d/a.jsonl.gz") == "jsonl"
    assert sources.format_of("hdfs:///d/part-0001.parquet") == "parquet"
    assert sources.format_of("/d/page.html") == "text"
    assert sources._strip_suffix("sub/two.html") == "sub/two"
    assert sources._strip_suffix("a/b.jsonl.gz") == "a/b"


def _warc_bytes() -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    w.write_record(w.create_warcinfo_record("t.warc.gz", {"software": "test"}))
    html = ("<html><head><title>خبر</title></head><body><article><p>تظاهر مئات الطلاب أمام جامعة بغداد اليوم "
            "احتجاجا على رفع الرسوم الدراسية.</p><p>وقال أحد المنظمين إن الاحتجاج سيستمر.</p></article>"
            "</body></html>").encode("utf-8")
    ok = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    w.write_record(w.create_warc_record("https://x.example/a", "request", payload=io.BytesIO(b"GET /")))
    w.write_record(w.create_warc_record("https://x.example/a", "response", payload=io.BytesIO(html),
                                        http_headers=ok))
    js = StatusAndHeaders("200 OK", [("Content-Type", "application/javascript")], protocol="HTTP/1.1")
    w.write_record(w.create_warc_record("https://x.example/app.js", "response", payload=io.BytesIO(b"var x=1;"),
                                        http_headers=js))
    moved = StatusAndHeaders("301 Moved Permanently", [("Location", "/b")], protocol="HTTP/1.1")
    w.write_record(w.create_warc_record("https://x.example/old", "response", payload=io.BytesIO(b""),
                                        http_headers=moved))
    return buf.getvalue()


def test_warc_stream_articles_rejects_and_skipped():
    skipped: dict = {}
    recs = list(sources.parse_warc_stream(io.BytesIO(_warc_bytes()), path="t.warc.gz", src_file=0,
                                          skipped=skipped))
    assert [r["kind"] for r in recs] == ["article", "reject", "reject"]
    assert [r.get("reason") for r in recs[1:]] == ["not_html", "http_status"]
    assert recs[0]["url"] == "https://x.example/a" and "جامعة بغداد" in recs[0]["text"]
    assert recs[0]["id"] == sources.warc_record_id("https://x.example/a", None)
    assert skipped == {"warcinfo": 1, "request": 1}


@pytest.mark.parametrize("fraction", [0.2, 0.4, 0.5, 0.65, 0.9, 1.0])
def test_damaged_warc_is_a_reject_not_a_crash(fraction):
    data = _warc_bytes()
    cut = int(len(data) * fraction)
    recs = list(sources.parse_warc_stream(io.BytesIO(data[:cut] + b"garbage" * 50), path="bad.warc.gz",
                                          src_file=0))
    assert all(r["kind"] in ("article", "reject") for r in recs)
    if fraction == 1.0:  # every record intact, then junk: the junk is reported
        assert [r.get("reason") for r in recs] == [None, "not_html", "http_status", "warc"]


# -- the worker ----------------------------------------------------------------------

def test_worker_builds_the_pipeline_once_and_keeps_every_record():
    recs = [sources.article(id=f"d{i}", text="قال الرئيس إن بلاده ستواصل دعم الحوار.", origin=f"f:{i}",
                            src_file=0, src_pos=i) for i in range(3)]
    recs.append(sources.reject(origin="f:9", reason="json", detail="bad", src_file=0, src_pos=9))
    before = worker.BUILDS["count"]
    out = list(worker.process_records(recs, run_id="r1", config={"stages": ["clean", "segment"]}))
    out += list(worker.process_records(recs, run_id="r1", config={"stages": ["clean", "segment"]}))
    assert worker.BUILDS["count"] - before <= 1
    kinds = [o[0] for o in out]
    assert kinds.count("doc") == 6 and kinds.count("reject") == 2 and kinds.count("count") == 2
    assert [o[1] for o in out if o[0] == "count"] == [4, 4]
    doc = next(o for o in out if o[0] == "doc")
    assert set(doc[3]) == {"articles", "entities", "places", "event_reports"}
    assert doc[3]["articles"][0]["origin"] == "f:0" and doc[2] == (0, 0)


def test_pipeline_failure_becomes_a_reject(monkeypatch):
    def broken(doc):
        if "انهيار" in doc.text:
            raise ValueError("stage exploded")
        return doc

    monkeypatch.setitem(worker._PIPELINES, json.dumps({"x": 1}), broken)
    recs = [sources.article(id="ok", text="نص عادي عن الطقس.", origin="f:1", src_file=0, src_pos=1),
            sources.article(id="bad", text="نص يسبب انهيار المرحلة.", origin="f:2", src_file=0, src_pos=2)]
    out = list(worker.process_records(recs, run_id=None, config={"x": 1}))
    assert [o[0] for o in out] == ["doc", "reject", "count"]
    assert out[1][1]["reason"] == "pipeline_error" and "stage exploded" in out[1][1]["detail"]
    assert out[1][1]["input_id"] == "bad" and out[1][1]["origin"] == "f:2"


# -- blocking for event merging ---------------------------------------------------------

PLACES = [  # (country, admin1, lat, lon, precision, name): close pairs across borders included
    ("SY", "Ar Raqqah", 35.95, 39.01, 4, "الرقة"), ("SY", "Ar Raqqah", 36.69, 38.95, 4, "تل أبيض"),
    ("TR", "Sanliurfa", 36.70, 38.94, 4, "أقجة قلعة"), ("SY", "Aleppo", 36.20, 37.16, 4, "حلب"),
    ("SY", None, 35.0, 38.5, 1, "سوريا"), ("IQ", "Nineveh", 36.34, 43.13, 4, "الموصل"),
    ("IQ", None, None, None, None, "العراق"), (None, None, None, None, None, "الحدود"),
    (None, None, None, None, None, None), ("SY", "Aleppo", None, None, None, "ريف حلب"),
    ("LY", "Benghazi", 32.12, 20.07, 4, "بنغازي"), ("FJ", None, -16.5, 179.98, 4, "جزيرة"),
    ("FJ", None, -16.4, -179.99, 4, "جزيرة أخرى"),
]
ACTORS = [(None, None), ("isis", "داعش"), ("sdf", "قسد"), (None, "مسلحون"), (None, "قوات الأمن")]


def _random_report(rng: random.Random, i: int) -> dict:
    country, admin1, lat, lon, prec, name = rng.choice(PLACES)
    if lat is not None and rng.random() < 0.5:
        lat, lon = lat + rng.uniform(-0.3, 0.3), lon + rng.uniform(-0.3, 0.3)
    aid, actor = rng.choice(ACTORS)
    tid, target = rng.choice(ACTORS)
    day = date(2020, 1, 1) + timedelta(days=rng.randrange(0, 20))
    r = {"report_id": f"r{i:04d}", "article_id": f"a{i}", "type": rng.choice(["ASSAULT", "PROTEST"]),
         "negated": rng.random() < 0.1, "country": country, "admin1": admin1, "lat": lat,
         "lon": lon if lat is not None else None, "geo_precision": prec, "place": name, "place_name": name,
         "actor": actor, "actor_id": aid, "target": target, "target_id": tid,
         "published_date": day, "date": None, "date_end": None}
    roll = rng.random()
    if roll < 0.6:
        r["date"] = day - timedelta(days=rng.choice([0, 1]))
    elif roll < 0.7:
        r["date"], r["date_end"] = day.replace(day=1), day.replace(day=28)
    elif roll < 0.75:
        r["published_date"] = None  # no date at all: never merged
    return r


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("window,km", [(3, 50.0), (0, 10.0), (7, 120.0)])
def test_blocking_keeps_every_pair_the_store_would_merge(seed, window, km):
    from marsad.store.merge import compatible

    rng = random.Random(seed * 31 + window)
    reports = [_random_report(rng, i) for i in range(160)]
    params = crossarticle.MergeParams(window_days=window, max_km=km, dup_threshold=0.5)
    sp = params.store()
    truth = {tuple(sorted((a["report_id"], b["report_id"]))) for a, b in combinations(reports, 2)
             if compatible(a, b, sp) is not None}
    assert truth, "the random reports should hold some merges"
    blocks: dict = {}
    for r in reports:
        for k in crossarticle.block_keys(r, params):
            blocks.setdefault(k[:3], []).append((k[3:], r))
    candidates = set()
    for members in blocks.values():
        candidates.update(crossarticle._pairs_in_block(members))
    assert truth <= candidates
    assert len(candidates) < len(reports) * (len(reports) - 1) / 2  # blocking does cut the pairs


def test_cells_cover_every_point_within_the_distance():
    from marsad.store.merge import haversine_km

    rng = random.Random(5)
    for _ in range(2000):
        lat, lon = rng.uniform(-70, 70), rng.uniform(-180, 180)
        km = rng.choice([5.0, 50.0, 150.0])
        lat2 = lat + rng.uniform(-2, 2)
        lon2 = ((lon + rng.uniform(-3, 3) + 180) % 360) - 180
        if haversine_km(lat, lon, lat2, lon2) <= km:
            assert set(crossarticle._cells(lat, lon, km)) & set(crossarticle._cells(lat2, lon2, km))


def test_lsh_bands_are_datasketch_s():
    from datasketch import MinHashLSH

    assert crossarticle.lsh_bands(0.5, 128) == list(MinHashLSH(threshold=0.5, num_perm=128).hashranges)
