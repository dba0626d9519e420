"""The store: schema, idempotent and incremental ingest, on DuckDB and PostgreSQL."""
from __future__ import annotations

import json

import pytest
from test_store_support import (PROTEST, STRIKE_A, STRIKE_B, both_backends, db_url, protest_doc,  # noqa: F401
                                store, strike_docs)

from marsad.store import SCHEMA_VERSION, TABLES, Ingestor, SchemaVersionError, ingest, open_store
from marsad.store.rows import content_hash, document_rows
from marsad.store.schema import DATA_TABLES, create_statements, spark_ddl

ARTICLES = [
    ("strike_a.txt", STRIKE_A),
    ("strike_b.txt", STRIKE_B),
    ("protest.txt", PROTEST),
]

JSONL = [
    {"id": "j1", "outlet": "إذاعة الشمال", "published": "2022-06-01",
     "text": "أعلنت السلطات المحلية في مدينة الموصل إعادة افتتاح الجسر القديم أمام حركة السيارات بعد "
             "انتهاء أعمال الترميم التي استمرت أكثر من عامين، وسط ترحيب واسع من سكان المدينة."},
    {"id": "j2", "outlet": "إذاعة الشمال", "published": "2022-06-02",
     "text": "وقعت الحكومة ونقابة المعلمين اتفاقا ينهي إضرابا استمر ثلاثة أسابيع، ويقضي بزيادة الرواتب "
             "على مرحلتين اعتبارا من مطلع العام المقبل، وفق ما أعلنه المتحدث باسم الوزارة."},
    {"id": "bad"},
]


def write_corpus(root):
    root.mkdir(parents=True, exist_ok=True)
    for name, text in ARTICLES:
        (root / name).write_text(text, encoding="utf-8")
    with open(root / "feed.jsonl", "w", encoding="utf-8") as f:
        for rec in JSONL:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        f.write("{not json\n")
    return root


def test_schema_is_one_definition_for_every_backend():
    assert {"meta", "runs", "articles", "entities", "places", "events", "event_reports", "rejects"} <= set(TABLES)
    stmts = create_statements()
    assert all("?" not in s and "%" not in s for s in stmts)
    assert "article_id string" in spark_ddl("articles")
    # every article-level fact the brief asks for has a column
    for col in ("article_id", "input_id", "title", "url", "outlet", "published", "text", "language", "duplicate_of"):
        assert col in TABLES["articles"].column_names
    for col in ("type", "mode", "sentence", "trigger", "actor", "actor_id", "target", "target_id", "place",
                "lat", "lon", "country", "date", "date_end", "date_precision", "certainty", "negated",
                "quantities", "evidence", "cameo", "acled_event_type", "rule", "confidence", "source",
                "merge_reason", "event_id"):
        assert col in TABLES["event_reports"].column_names
    for col in ("n_reports", "n_sources", "sources", "report_ids"):
        assert col in TABLES["events"].column_names


def test_schema_doc_lists_every_column():
    from pathlib import Path

    doc = (Path(__file__).resolve().parent.parent / "docs" / "SCHEMA.md").read_text(encoding="utf-8")
    assert f"version {SCHEMA_VERSION}" in doc
    for t in TABLES.values():
        section = doc.split(f"### `{t.name}`", 1)
        assert len(section) == 2, t.name
        body = section[1].split("### `", 1)[0]
        for c in t.column_names:
            assert f"| `{c}` |" in body, f"{t.name}.{c} missing from docs/SCHEMA.md"


def test_document_rows_cover_every_column_and_resolve_arguments():
    doc = strike_docs()[0]
    rows = document_rows(doc, content_hash=content_hash(doc.text), run_id="r")
    assert set(rows) == {"articles", "entities", "places", "event_reports"}
    for table, rs in rows.items():
        for r in rs:
            assert list(r) == TABLES[table].column_names
    rep = rows["event_reports"][0]
    assert rep["country"] == "SY" and rep["lat"] == pytest.approx(35.614)
    assert rep["fatalities"] == 3 and rep["actor"] == "طائرات حربية"
    assert rep["report_id"] == rows["articles"][0]["article_id"] + ":e0"


def test_content_hash_ignores_diacritics_and_spacing():
    assert content_hash("قَتَلَ   ثلاثة") == content_hash("قتل ثلاثة")
    assert content_hash("قتل ثلاثة") != content_hash("قتل أربعة")


@both_backends
def test_schema_version_recorded_and_checked(db_url):
    s = open_store(db_url)
    assert s.schema_version() == SCHEMA_VERSION
    s.execute("UPDATE meta SET value = ? WHERE key = ?", [str(SCHEMA_VERSION + 1), "schema_version"])
    s.close()
    with pytest.raises(SchemaVersionError):
        open_store(db_url)


@both_backends
def test_insert_is_keyed_and_parameterized(store):
    evil = "x'); DROP TABLE articles; --"
    row = {"article_id": evil, "text": "نص", "title": "عنوان فيه % و ?"}
    assert store.insert("articles", [row, row]) == 1
    store.insert("articles", [row])
    assert store.count("articles") == 1
    got = store.query("SELECT title FROM articles WHERE article_id = ?", [evil])
    assert got == [{"title": "عنوان فيه % و ?"}]
    store.insert("articles", [row | {"title": "جديد"}], on_conflict="update")
    assert store.scalar("SELECT title FROM articles WHERE article_id = ?", [evil]) == "جديد"
    assert store.existing("articles", "article_id", [evil, "other"]) == {evil}


@both_backends
def test_transaction_rolls_back(store):
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.insert("articles", [{"article_id": "a", "text": "نص"}])
            raise RuntimeError("boom")
    assert store.count("articles") == 0


@both_backends
def test_ingesting_a_directory_twice_changes_no_row_count(db_url, tmp_path):
    corpus = write_corpus(tmp_path / "news")
    s = open_store(db_url)
    try:
        r1 = ingest([str(corpus)], s)
        first = s.counts()
        r2 = ingest([str(corpus)], s)
        second = s.counts()
    finally:
        s.close()
    assert r1.n_processed == 5 and r1.n_rejected == 2
    assert r2.n_processed == 0 and r2.n_skipped == 5
    assert first["articles"] == 5
    for t in DATA_TABLES:
        assert second[t] == first[t], t
    assert second["runs"] == first["runs"] + 1


@both_backends
def test_ingest_is_incremental(db_url, tmp_path):
    corpus = write_corpus(tmp_path / "news")
    extra = tmp_path / "later"
    extra.mkdir()
    (extra / "new.txt").write_text("أعلنت وزارة الصحة افتتاح مستشفى ميداني جديد في مدينة دير الزور بطاقة "
                                   "استيعابية تبلغ خمسين سريرا لخدمة سكان الريف الشرقي للمحافظة.", encoding="utf-8")
    s = open_store(db_url)
    try:
        ingest([str(corpus)], s)
        r = ingest([str(corpus), str(extra)], s)
        assert (r.n_processed, r.n_skipped) == (1, 5)
        assert s.count("articles") == 6
        runs = s.query("SELECT n_read, n_processed, n_rejected, n_skipped, status FROM runs ORDER BY started_at, run_id")
        assert [x["status"] for x in runs] == ["ok", "ok"]
        assert sum(x["n_processed"] for x in runs) == 6
    finally:
        s.close()


@both_backends
def test_rejects_are_kept_with_reasons(db_url, tmp_path):
    corpus = write_corpus(tmp_path / "news")
    s = open_store(db_url)
    try:
        ingest([str(corpus)], s)
        reasons = sorted(r["reason"] for r in s.query("SELECT reason FROM rejects"))
    finally:
        s.close()
    assert len(reasons) == 2 and "json" in reasons


@both_backends
def test_hand_built_documents_store_their_entities_places_and_reports(store):
    ing = Ingestor(store)
    ing.add_documents(strike_docs() + [protest_doc()])
    ing.finish()
    assert store.count("articles") == 3
    assert store.count("places") == 3
    assert store.count("event_reports") == 3
    rep = store.query("SELECT actor, country, lat, date, fatalities, quantities FROM event_reports "
                      "WHERE type = ? ", ["PROTEST"])[0]
    assert rep["country"] == "IQ" and str(rep["date"]) == "2021-03-05"
    run = store.query("SELECT n_processed, n_reports, status FROM runs")[0]
    assert run == {"n_processed": 3, "n_reports": 3, "status": "ok"}


def test_default_database_path_is_duckdb(tmp_path, monkeypatch):
    from marsad.store import DuckDBStore

    monkeypatch.chdir(tmp_path)
    s = open_store()
    assert isinstance(s, DuckDBStore)
    s.close()
    assert (tmp_path / "marsad.duckdb").exists()
