"""Near-duplicates and cross-article events, on DuckDB and PostgreSQL."""
from __future__ import annotations

import json

import pytest
from test_store_support import (IDLIB_STRIKE, STRIKE_A, STRIKE_B, STRIKE_B_COPY, both_backends, db_url,  # noqa: F401
                                make_doc, protest_doc, store, strike_docs)

from marsad.store import Ingestor, MergeParams, recompute_events
from marsad.store.dedup import DuplicateIndex, minhash
from marsad.store.merge import compatible, haversine_km
from marsad.store.query import get_event, query_events


def _ingest(store, docs, **kw):
    ing = Ingestor(store, **kw)
    ing.add_documents(docs)
    return ing.finish()


def _copy_doc():
    return make_doc("b-copy", STRIKE_B_COPY, outlet="موقع الأخبار العاجلة", published="2021-03-02",
                    events=[IDLIB_STRIKE | dict(trigger="غارات", date="2021-03-02", lat=35.62, lon=36.55)])


# -- near-duplicates -------------------------------------------------------------------

def test_minhash_sees_a_syndicated_copy_and_not_a_different_story():
    a, b, copy = minhash(STRIKE_A), minhash(STRIKE_B), minhash(STRIKE_B_COPY)
    assert b.jaccard(copy) > 0.8
    assert a.jaccard(b) < 0.2
    ix = DuplicateIndex(0.5)
    assert ix.check_and_add("a", a) is None
    assert ix.check_and_add("b", b) is None
    hit = ix.check_and_add("copy", copy)
    assert hit is not None and hit[0] == "b"


def test_a_copy_of_a_copy_points_to_the_original():
    ix = DuplicateIndex(0.5)
    ix.check_and_add("orig", minhash(STRIKE_B))
    ix.check_and_add("copy1", minhash(STRIKE_B_COPY))
    hit = ix.check_and_add("copy2", minhash(STRIKE_B_COPY + " تابعونا"))
    assert hit[0] == "orig"


@both_backends
def test_syndicated_copy_is_linked_not_recounted(store):
    a, b = strike_docs()
    _ingest(store, [b])
    _ingest(store, [_copy_doc()])  # a later run: detection works across runs
    arts = {r["input_id"]: r for r in store.query("SELECT input_id, article_id, duplicate_of, duplicate_similarity "
                                                   "FROM articles")}
    assert arts["b-copy"]["duplicate_of"] == arts["b"]["article_id"]
    assert arts["b-copy"]["duplicate_similarity"] > 0.8
    assert arts["b"]["duplicate_of"] is None
    # the copy's report is stored, flagged, and belongs to no event
    reps = store.query("SELECT article_id, is_duplicate, event_id FROM event_reports ORDER BY is_duplicate")
    assert [(r["is_duplicate"], r["event_id"] is None) for r in reps] == [(False, False), (True, True)]
    evs = query_events(store)
    assert len(evs) == 1
    assert evs[0]["n_reports"] == 1 and evs[0]["n_sources"] == 1
    run = store.query("SELECT n_duplicates FROM runs WHERE n_processed = 1 ORDER BY started_at DESC, run_id")
    assert sum(r["n_duplicates"] for r in run) == 1


@both_backends
def test_dedup_can_be_switched_off(store):
    _ingest(store, [strike_docs()[1], _copy_doc()], dedup=False)
    assert store.scalar("SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL") == 0


# -- cross-article events ----------------------------------------------------------------

@both_backends
def test_two_articles_reporting_one_happening_give_one_event(store):
    _ingest(store, strike_docs() + [protest_doc()])
    evs = query_events(store)
    assert len(evs) == 2
    strike = next(e for e in evs if e["type"] == "ASSAULT")
    assert strike["n_reports"] == 2 and strike["n_articles"] == 2 and strike["n_sources"] == 2
    assert sorted(json.loads(strike["sources"])) == sorted(["وكالة الأنباء المحلية", "صحيفة المساء"])
    assert len(json.loads(strike["report_ids"])) == 2
    assert strike["country"] == "SY" and strike["fatalities"] == 3
    assert str(strike["date"]) == "2021-03-02"
    full = get_event(store, strike["event_id"])
    assert len(full["reports"]) == 2
    reasons = [r["merge_reason"] for r in full["reports"]]
    linked = [r for r in reasons if not r.get("seed")]
    assert len(linked) == 1
    assert linked[0]["type"] == "ASSAULT" and linked[0]["place"].endswith("km") and linked[0]["date_days"] == 0
    assert linked[0]["actor"].startswith("text:")


@both_backends
def test_reports_arriving_in_separate_runs_join_the_same_event(store):
    a, b = strike_docs()
    _ingest(store, [a])
    first = query_events(store)[0]["event_id"]
    _ingest(store, [b])
    evs = query_events(store)
    assert len(evs) == 1 and evs[0]["n_reports"] == 2
    assert evs[0]["event_id"] == first or evs[0]["event_id"].startswith("ev-")
    assert store.scalar("SELECT COUNT(*) FROM event_reports WHERE event_id IS NULL") == 0


@both_backends
def test_merging_is_reversible_with_other_thresholds(store):
    a, b = strike_docs()
    b.events[0].date = "2021-03-04"  # two days later
    _ingest(store, [a, b])
    assert store.count("events") == 1
    assert recompute_events(store, MergeParams(window_days=1, max_km=50)) == 2
    assert store.count("events") == 2
    assert recompute_events(store, MergeParams(window_days=3, max_km=50)) == 1
    assert recompute_events(store, MergeParams(window_days=3, max_km=0.1)) == 2
    params = json.loads(store.scalar("SELECT merge_params FROM events LIMIT 1"))
    assert params == {"max_km": 0.1, "window_days": 3}


@both_backends
def test_incremental_merging_equals_full_recompute(store):
    docs = strike_docs() + [protest_doc(), _copy_doc()]
    for d in docs:  # one run per article
        _ingest(store, [d])

    def grouping():
        rows = store.query("SELECT report_id, event_id FROM event_reports WHERE event_id IS NOT NULL")
        groups: dict = {}
        for r in rows:
            groups.setdefault(r["event_id"], set()).add(r["report_id"])
        return sorted(sorted(g) for g in groups.values())

    before = grouping()
    recompute_events(store)
    assert grouping() == before
    assert store.count("events") == 2


def _rep(**kw):
    base = dict(report_id="r1", article_id="x", type="ASSAULT", negated=False, date="2021-03-02",
                lat=35.61, lon=36.56, geo_precision=4, country="SY", actor="طائرات حربية")
    return base | kw


def test_compatibility_rules():
    p = MergeParams(window_days=3, max_km=50)
    a = _rep()
    assert compatible(a, _rep(report_id="r2")) is not None
    assert compatible(a, _rep(report_id="r2", type="PROTEST"), p) is None
    assert compatible(a, _rep(report_id="r2", date="2021-03-09"), p) is None
    assert compatible(a, _rep(report_id="r2", lat=36.2, lon=37.15), p) is None  # Aleppo, ~85 km
    # differing descriptions neither block nor prove: the place decides here ...
    assert compatible(a, _rep(report_id="r2", actor="الطيران الروسي"), p)["actor"] == "text differs"
    # ... and without a place they cannot anchor a merge
    nowhere = dict(lat=None, lon=None, country=None)
    assert compatible(_rep(**nowhere), _rep(report_id="r2", actor="الطيران الروسي", **nowhere), p) is None
    assert compatible(_rep(**nowhere), _rep(report_id="r2", **nowhere), p)["actor"].startswith("text:")
    assert compatible(a, _rep(report_id="r2", negated=True), p) is None
    # the article ال and a wider description still match
    assert compatible(a, _rep(report_id="r2", actor="الطائرات الحربية الروسية"), p) is not None
    # actor ids decide when both have one
    assert compatible(_rep(actor_id="ru"), _rep(report_id="r2", actor="سلاح الجو", actor_id="ru"), p) is not None
    assert compatible(_rep(actor_id="ru"), _rep(report_id="r2", actor_id="sy"), p) is None
    # without coordinates: same country and province
    nogeo = dict(lat=None, lon=None, admin1="Idlib")
    assert compatible(_rep(**nogeo), _rep(report_id="r2", **nogeo), p)["place"] == "admin1:SY/Idlib"
    assert compatible(_rep(**nogeo), _rep(report_id="r2", **(nogeo | {"admin1": "Hama"})), p) is None
    # type and date alone never merge
    bare = dict(lat=None, lon=None, country=None, actor=None)
    assert compatible(_rep(**bare), _rep(report_id="r2", **bare), p) is None
    # the publication day stands in for a missing event date
    assert compatible(_rep(date=None, published_date="2021-03-03"), _rep(report_id="r2"), p)["date_days"] == 1


def test_haversine():
    assert haversine_km(33.51, 36.29, 33.89, 35.50) == pytest.approx(85, abs=5)  # Damascus - Beirut


@both_backends
def test_through_the_pipeline_two_outlets_one_strike(db_url, tmp_path):
    """End to end: the real readers and pipeline extract both articles; the store merges them."""
    from marsad.store import ingest, open_store

    src = tmp_path / "feed.jsonl"
    with open(src, "w", encoding="utf-8") as f:
        for rid, text, outlet in (("a", STRIKE_A, "وكالة الأنباء المحلية"), ("b", STRIKE_B, "صحيفة المساء")):
            f.write(json.dumps({"id": rid, "text": text, "outlet": outlet, "published": "2021-03-02"},
                               ensure_ascii=False) + "\n")
    s = open_store(db_url)
    try:
        ingest([str(src)], s)
        strikes = query_events(s, type="ASSAULT")
    finally:
        s.close()
    assert any(e["n_sources"] == 2 and e["n_articles"] == 2 for e in strikes), strikes


@both_backends
def test_duplicate_index_is_reused_and_topped_up_between_ingestors(store):
    a, b = strike_docs()
    _ingest(store, [b])
    assert len(store._marsad_dup_index[0]) == 1
    other = Ingestor(store)  # sees what the first stored, without reloading it all
    other.add_documents([_copy_doc()])
    other.finish()
    assert store.scalar("SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL") == 1
    assert len(store._marsad_dup_index[0]) == 2
