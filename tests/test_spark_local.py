"""marsad on Spark in local mode gives the same answers as `marsad ingest`.

One SparkSession (local[2]) for the module. Skipped when pyspark or Java 17+ is
missing, except under CI=true, where that is a failure. The articles are generated
here from Arabic templates written for this test (varied places, dates, actors and
outlets, several outlets per happening so there are merges, syndicated copies so
there are near-duplicates, and a few bad records).
"""
from __future__ import annotations

import gzip
import io
import json
import os
import random
import shutil
import subprocess
import sys
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest


def _java_ok() -> bool:
    java = shutil.which("java")
    if not java:
        return False
    out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    try:
        v = out.split('"')[1]
    except IndexError:
        return False
    v = v[2:] if v.startswith("1.") else v
    return int(v.split(".")[0].split("-")[0].split("+")[0]) >= 17


def _skip_or_fail(why: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"Spark tests cannot run under CI: {why}", pytrace=False)
    pytest.skip(why, allow_module_level=True)


try:
    import pyspark  # noqa: F401
except ImportError:
    _skip_or_fail("pyspark is not installed (pip install -e '.[spark]')")
if not _java_ok():
    _skip_or_fail("Java 17+ is not on PATH (.ci/setup.d/30-java.sh installs it)")

from marsad.spark.job import run, session  # noqa: E402

MARSAD = str(Path(sys.executable).with_name("marsad"))

# -- an Arabic corpus written for this test --------------------------------------

PLACES = ["الرقة", "حلب", "إدلب", "دير الزور", "درعا", "الموصل", "كركوك", "البصرة", "الفلوجة",
          "تعز", "عدن", "الحديدة", "بنغازي", "سرت", "الإسكندرية"]
OUTLETS = ["الجزيرة نت", "العربية", "سكاي نيوز عربية", "الشرق الأوسط", "روسيا اليوم", "القدس العربي"]
KINDS = {
    "assault": {
        "actors": ["طائرات التحالف", "قوات النظام السوري", "مسلحو تنظيم داعش", "جماعة الحوثي"],
        "templates": [
            "شنت {actor} هجوما على مواقع في مدينة {place} {when}، ما أسفر عن مقتل {n} أشخاص.",
            "قتل {n} مدنيين في غارة جوية شنتها {actor} على مدينة {place} {when}.",
            "قصفت {actor} أحياء سكنية في مدينة {place} {when} وأوقعت {n} قتلى.",
        ],
    },
    "arrest": {
        "actors": ["قوات الأمن العراقية", "الشرطة المصرية", "قوات الأمن الليبية"],
        "templates": [
            "اعتقلت {actor} {n} أشخاص في مدينة {place} {when}.",
            "شنت {actor} حملة اعتقالات في مدينة {place} {when} طالت {n} شبان.",
        ],
    },
    "protest": {
        "actors": [""],
        "templates": [
            "تظاهر مئات المحتجين في مدينة {place} {when} للمطالبة بتحسين الخدمات.",
            "خرج آلاف المتظاهرين إلى شوارع مدينة {place} {when} احتجاجا على غلاء الأسعار.",
        ],
    },
}
FILLERS = [
    "وتشهد المنطقة توترا أمنيا متصاعدا منذ عدة أشهر.",
    "ولم تصدر أي تعليقات رسمية على الحادث حتى ساعة إعداد هذا التقرير.",
    "ويعاني السكان من نقص حاد في المياه والكهرباء والوقود.",
    "وكانت الأمم المتحدة قد حذرت من تدهور الأوضاع الإنسانية في البلاد.",
    "ويقول مراقبون إن الأزمة مرشحة لمزيد من التعقيد في الأسابيع المقبلة.",
    "وتتواصل الجهود الدبلوماسية للتوصل إلى تسوية سياسية شاملة.",
    "وأغلقت المحال التجارية أبوابها في عدد من الأحياء الشرقية.",
    "ويخشى الأهالي من موجة نزوح جديدة نحو المخيمات القريبة.",
    "وأشار شهود عيان إلى انتشار كثيف للحواجز على الطرق الرئيسية.",
    "وتعد هذه الحادثة الأحدث في سلسلة من الحوادث المماثلة هذا العام.",
    "وارتفعت أسعار المواد الغذائية بشكل ملحوظ خلال الأيام الماضية.",
    "ودعت منظمات حقوقية إلى فتح تحقيق مستقل في ملابسات ما جرى.",
    "وتعهدت السلطات المحلية بإعادة الخدمات الأساسية في أقرب وقت.",
    "ويعمل المتطوعون على توزيع المساعدات على الأسر المتضررة.",
    "وتراجعت حركة السير في وسط المدينة إلى أدنى مستوياتها.",
    "وقالت مصادر طبية إن المستشفيات تعمل بطاقتها القصوى.",
    "وتأتي هذه التطورات قبل أيام من اجتماع مرتقب للأطراف المعنية.",
    "ونقلت وسائل إعلام محلية صورا تظهر حجم الدمار في المكان.",
    "ولفت ناشطون إلى صعوبة التحقق من الأرقام بشكل مستقل.",
    "وأعلنت المدارس تعليق الدراسة حتى إشعار آخر.",
]


def make_corpus(seed: int = 8, happenings: int = 70) -> tuple[list[str], dict]:
    """JSONL lines (some bad) and what they hold."""
    rng = random.Random(seed)
    start = date(2019, 1, 5)
    lines: list[str] = []
    articles: list[dict] = []
    n = 0
    for h in range(happenings):
        kind = rng.choice(sorted(KINDS))
        spec = KINDS[kind]
        actor = rng.choice(spec["actors"])
        place = rng.choice(PLACES)
        day = start + timedelta(days=rng.randrange(0, 150))
        outlets = rng.sample(OUTLETS, rng.choice([1, 2, 2, 3]))
        for j, outlet in enumerate(outlets):
            lag = rng.choice([0, 0, 1])  # reported the same day ("اليوم") or the next ("أمس")
            when = "اليوم" if lag == 0 else "أمس"
            published = day + timedelta(days=lag)
            template = spec["templates"][(h + j) % len(spec["templates"])]
            lead = template.format(actor=actor, place=place, when=when, n=rng.choice([3, 4, 5, 7, 9, 12]))
            body = rng.sample(FILLERS, rng.randint(3, 6))
            text = " ".join([lead] + body[:2]) + "\n" + " ".join(body[2:])
            n += 1
            articles.append({"id": f"a{n:04d}", "text": text, "published": published.isoformat(),
                             "outlet": outlet, "title": lead.split("،")[0][:60]})
    # syndicated copies: the same story with a sentence added, under another outlet
    for a in rng.sample(articles, 8):
        n += 1
        extra = rng.choice(FILLERS)
        articles.append(dict(a, id=f"a{n:04d}", text=a["text"] + "\n" + extra,
                             outlet=rng.choice([o for o in OUTLETS if o != a["outlet"]])))
    # exact repeats (same text under a new id): stored once
    for a in rng.sample(articles[:40], 3):
        n += 1
        articles.append(dict(a, id=f"a{n:04d}"))
    rng.shuffle(articles)
    lines = [json.dumps(a, ensure_ascii=False) for a in articles]
    bad = ['{"id": "broken", "text": "نص مقطوع', json.dumps({"id": "no-text", "published": "2019-02-01"}),
           json.dumps({"id": "english", "text": "The quick brown fox jumps over the lazy dog near the river bank "
                                                 "while the farmer watches from his old wooden porch."})]
    for i, b in enumerate(bad):
        lines.insert(10 + 20 * i, b)
    return lines, {"n_lines": len(lines), "n_articles": len(articles), "n_bad": len(bad), "n_repeats": 3}


# -- fixtures ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def spark():
    s = session("local[2]", app_name="marsad-tests",
                conf={"spark.sql.shuffle.partitions": "4", "spark.default.parallelism": "4",
                      "spark.driver.memory": "1g"})
    yield s
    s.stop()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("spark-corpus")
    lines, info = make_corpus()
    path = d / "news.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, info


@pytest.fixture(scope="module")
def spark_run(spark, corpus, ingested, tmp_path_factory):
    # after `marsad ingest` (the ingested fixture), so both see the same code when it is being edited
    path, _ = corpus
    out = tmp_path_factory.mktemp("spark-out") / "tables"
    summary = run(spark, [str(path)], str(out), partitions=4)
    return out, summary


@pytest.fixture(scope="module")
def ingested(corpus, tmp_path_factory):
    import duckdb

    path, _ = corpus
    db = tmp_path_factory.mktemp("ingest") / "news.duckdb"
    proc = subprocess.run([MARSAD, "ingest", str(path), "--db", str(db), "-q"], capture_output=True, text=True)
    assert proc.returncode in (0, 3), proc.stderr[-3000:]
    con = duckdb.connect(str(db), read_only=True)

    def rows(sql):
        cur = con.execute(sql)
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    data = {t: rows(f"SELECT * FROM {t}") for t in ("articles", "event_reports", "events", "rejects")}
    con.close()
    return data


def _read(spark, out: Path, table: str) -> list[dict]:
    df = spark.read.parquet(str(out / table))
    return [r.asDict() for r in df.collect()]


def _groupings(reports: list[dict]) -> set:
    groups = defaultdict(set)
    for r in reports:
        if r["event_id"] is not None:
            groups[r["event_id"]].add(r["report_id"])
    return {(ev, frozenset(ids)) for ev, ids in groups.items()}


def _key(e: dict) -> tuple:
    return (e["type"], e["date"], e["location"], e["actor"], e["target"])


# -- the tests ---------------------------------------------------------------------

def test_counts_add_up_and_rejects_have_reasons(spark_run, corpus, spark):
    out, summary = spark_run
    _, info = corpus
    assert summary["status"] == "ok"
    assert summary["n_read"] == info["n_lines"]
    assert summary["n_read"] == summary["n_processed"] + summary["n_skipped"] + summary["n_rejected"]
    assert summary["n_rejected"] == info["n_bad"]
    assert summary["n_skipped"] == info["n_repeats"]
    rejects = _read(spark, out, "rejects")
    assert {r["reason"] for r in rejects} == {"json", "schema", "not_arabic"}
    assert all(r["origin"].endswith(tuple(f":{i}" for i in range(1, 400))) for r in rejects)
    assert len(_read(spark, out, "articles")) == summary["n_processed"]
    assert json.loads((out / "_run.json").read_text(encoding="utf-8"))["n_read"] == summary["n_read"]


def test_same_events_and_groupings_as_marsad_ingest(spark_run, ingested, spark):
    out, summary = spark_run
    s_events = _read(spark, out, "events")
    s_reports = _read(spark, out, "event_reports")
    l_events, l_reports = ingested["events"], ingested["event_reports"]
    assert len(l_events) > 30, "the corpus should give events"
    assert any(e["n_reports"] > 1 for e in l_events), "the corpus should give cross-article merges"
    # the sets of (type, date, place, actor, target)
    assert {_key(e) for e in s_events} == {_key(e) for e in l_events}
    # the report groupings, event ids included
    assert _groupings(s_reports) == _groupings(l_reports)
    assert {r["report_id"] for r in s_reports} == {r["report_id"] for r in l_reports}
    # and every column of every event but the run that computed it
    skip = {"run_id", "published_month"}
    norm = lambda e: {k: v for k, v in e.items() if k not in skip}  # noqa: E731
    assert sorted(map(norm, s_events), key=lambda e: e["event_id"]) == \
        sorted(map(norm, l_events), key=lambda e: e["event_id"])
    assert all(r["merge_reason"] for r in s_reports if not r["is_duplicate"])


def test_same_articles_duplicates_and_rejects_as_marsad_ingest(spark_run, ingested, spark):
    out, _ = spark_run
    s_art = _read(spark, out, "articles")
    l_art = ingested["articles"]
    assert {a["article_id"] for a in s_art} == {a["article_id"] for a in l_art}
    assert {(a["article_id"], a["input_id"]) for a in s_art} == {(a["article_id"], a["input_id"]) for a in l_art}
    dups = {(a["article_id"], a["duplicate_of"], a["duplicate_similarity"]) for a in s_art if a["duplicate_of"]}
    assert dups == {(a["article_id"], a["duplicate_of"], a["duplicate_similarity"]) for a in l_art
                    if a["duplicate_of"]}
    assert len(dups) >= 5, "the syndicated copies should be found"
    s_rej = {(r["origin"], r["reason"]) for r in _read(spark, out, "rejects")}
    assert s_rej == {(r["origin"], r["reason"]) for r in ingested["rejects"]}


def test_tables_have_the_store_schema_and_are_partitioned_by_month(spark_run, spark):
    from marsad.store.schema import columns

    out, _ = spark_run
    for table in ("articles", "entities", "places", "event_reports", "events"):
        df = spark.read.parquet(str(out / table))
        assert df.columns[:-1] == columns(table) and df.columns[-1] == "published_month", table
    months = sorted(p.name for p in (out / "articles").iterdir() if p.name.startswith("published_month="))
    assert months[0].startswith("published_month=2019-0") and len(months) >= 4
    for table in ("rejects", "article_signatures", "runs"):
        assert spark.read.parquet(str(out / table)).columns == columns(table)


def test_pipeline_is_built_once_per_worker_not_per_article(spark):
    from marsad.spark.worker import worker_info

    sc = spark.sparkContext
    # many small tasks: every Python worker keeps its pipeline between tasks
    built = (sc.parallelize(range(16), 16)
             .mapPartitions(lambda it: __import__("marsad.spark.worker", fromlist=["x"]).get_pipeline() and iter([0]))
             .count())
    assert built == 16
    infos = sc.parallelize(range(16), 16).mapPartitions(worker_info).collect()
    per_pid = defaultdict(set)
    for i in infos:
        per_pid[i["pid"]].add(i["builds"])
    assert all(b <= {0, 1} and max(b) <= 1 for b in per_pid.values()), per_pid


# -- WARC, end to end --------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{title} | موقع الأخبار</title>
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{published}">
<meta property="og:site_name" content="موقع الأخبار">
</head><body>
<nav><a href="/">الرئيسية</a> | <a href="/world">العالم</a> | <a href="/sport">رياضة</a></nav>
<article><h1>{title}</h1>
{paragraphs}
</article>
<footer>جميع الحقوق محفوظة © موقع الأخبار</footer>
</body></html>"""


def _page(title: str, published: str, sentences: list[str]) -> bytes:
    paragraphs = "\n".join(f"<p>{s}</p>" for s in sentences)
    return PAGE.format(title=title, published=published, paragraphs=paragraphs).encode("utf-8")


WARC_PAGES = [
    ("https://news.example/2019/03/raqqa", "غارة على الرقة",
     "2019-03-10T09:30:00+03:00",
     ["قتل خمسة مدنيين في غارة جوية شنتها طائرات التحالف على مدينة الرقة اليوم.",
      "وتشهد المنطقة توترا أمنيا متصاعدا منذ عدة أشهر.",
      "وقالت مصادر طبية إن المستشفيات تعمل بطاقتها القصوى."]),
    ("https://news.example/2019/03/basra", "احتجاجات في البصرة",
     "2019-03-11T12:00:00+03:00",
     ["تظاهر مئات المحتجين في مدينة البصرة اليوم للمطالبة بتحسين الخدمات.",
      "ويعاني السكان من نقص حاد في المياه والكهرباء.",
      "وتعهدت السلطات المحلية بإعادة الخدمات الأساسية في أقرب وقت."]),
    ("https://news.example/2019/03/mosul", "اعتقالات في الموصل",
     "2019-03-12T08:15:00+03:00",
     ["اعتقلت قوات الأمن العراقية عشرة أشخاص في مدينة الموصل أمس.",
      "ولم تصدر أي تعليقات رسمية على الحادث حتى ساعة إعداد هذا التقرير.",
      "ودعت منظمات حقوقية إلى فتح تحقيق مستقل في ملابسات ما جرى."]),
]


def write_warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "marsad tests", "format": "WARC 1.1"}))
        for url, title, published, sentences in WARC_PAGES:
            req = w.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
            w.write_record(req)
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(_page(title, published, sentences)),
                                                http_headers=headers))
        png = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("https://news.example/logo.png", "response",
                                            payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(64)), http_headers=png))
        gone = StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("https://news.example/missing", "response",
                                            payload=io.BytesIO(b"<html><body>not found</body></html>"),
                                            http_headers=gone))


@pytest.fixture(scope="module")
def mixed_run(spark, tmp_path_factory):
    """One run over three kinds of input at once: a WARC file, a directory of text and
    HTML files, and a Parquet file (each read by its suffix)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    tmp = tmp_path_factory.mktemp("mixed")
    warc = tmp / "crawl-00001.warc.gz"
    write_warc(warc)
    d = tmp / "texts"
    (d / "sub").mkdir(parents=True)
    (d / "one.txt").write_text("اعتقلت قوات الأمن العراقية عشرة أشخاص في مدينة كركوك يوم الأحد.", encoding="utf-8")
    (d / "sub" / "two.html").write_bytes(_page("غارة", "2019-05-02", ["شنت طائرات التحالف غارة على مدينة حلب."]))
    (d / "empty.txt").write_bytes(b"")
    (d / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(16))  # not an article file: counted, not read
    pq.write_table(pa.table({"id": ["p1", "p2", "p3"],
                             "text": ["تظاهر مئات المحتجين في مدينة عدن اليوم.", None,
                                      "قصفت جماعة الحوثي أحياء في مدينة تعز اليوم."],
                             "published": ["2019-04-01", "2019-04-01", "2019-04-02"]}), tmp / "in.parquet")
    out = tmp / "out"
    summary = run(spark, [str(warc), str(d), str(tmp / "in.parquet")], str(out), partitions=2)
    return out, summary, {"warc": str(warc), "dir": str(d), "parquet": str(tmp / "in.parquet")}


def test_mixed_inputs_counts(mixed_run):
    _, s, _ = mixed_run
    # WARC: 5 article-bearing records (3 pages, an image, a 404); texts: 3 files; Parquet: 3 rows
    assert (s["n_read"], s["n_processed"], s["n_rejected"]) == (11, 3 + 2 + 2, 2 + 1 + 1)
    assert s["skipped_records"] == {"warcinfo": 1, "request": 3, "not_article_file": 1}


def test_warc_end_to_end(mixed_run, spark):
    from marsad.io.readers import ReadOptions, read_text_bytes

    out, _, paths = mixed_run
    rejects = {r["reason"] for r in _read(spark, out, "rejects") if r["origin"].startswith(paths["warc"])}
    assert rejects == {"not_html", "http_status"}
    articles = {a["url"]: a for a in _read(spark, out, "articles") if a["origin"].startswith(paths["warc"])}
    assert set(articles) == {u for u, *_ in WARC_PAGES}
    for url, title, published, sentences in WARC_PAGES:
        a = articles[url]
        # the same HTML extraction as `marsad extract page.html`
        local = read_text_bytes(_page(title, published, sentences), id="x", origin="x", options=ReadOptions(),
                                html=True)
        assert a["text"] == local.text
        assert a["title"] == title
        assert a["published_date"] == date.fromisoformat(published[:10])
        assert "الرئيسية" not in a["text"]
    ids = set(articles[u]["article_id"] for u in articles)
    types = {e["type"] for e in _read(spark, out, "events") if set(json.loads(e["article_ids"])) & ids}
    assert {"ASSAULT", "PROTEST"} <= types, types


def test_text_directory_and_parquet_inputs(mixed_run, spark):
    out, _, paths = mixed_run
    arts = _read(spark, out, "articles")
    assert {a["input_id"] for a in arts if a["origin"].startswith(paths["dir"])} == {"one", "sub/two"}
    assert {a["input_id"] for a in arts if a["origin"].startswith(paths["parquet"])} == {"p1", "p3"}
    rej = {(r["reason"], r["input_id"]) for r in _read(spark, out, "rejects") if not r["origin"].startswith(paths["warc"])}
    assert rej == {("empty", "empty"), ("schema", "p2")}


def test_cli_and_spark_submit_entry_point(spark, tmp_path):
    from typer.testing import CliRunner

    import marsad.spark.job as job
    from marsad.cli import app

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "x1", "text": "تظاهر مئات المحتجين في مدينة البصرة اليوم.",
                               "published": "2019-03-03"}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert callable(job.main) and Path(job.__file__).name == "job.py"
    # in-process: the command uses the running session and leaves it running
    res = CliRunner().invoke(app, ["spark", str(src), str(tmp_path / "out"), "--partitions", "1"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "out" / "events" / "_SUCCESS").exists()
    assert spark.sparkContext._jsc is not None
    assert json.loads((tmp_path / "out" / "_run.json").read_text(encoding="utf-8"))["n_processed"] == 1
    # the spark-submit entry point takes the same arguments (it runs the same job.run)
    args = job.parser().parse_args([str(src), str(tmp_path / "out2"), "--format", "jsonl", "--partitions", "8"])
    assert (args.paths, args.format, args.partitions) == ([str(src), str(tmp_path / "out2")], "jsonl", 8)
    with pytest.raises(SystemExit):
        job.main([str(src)])  # an INPUT without OUTPUT is a usage error


def test_connected_components_on_the_cluster_and_on_the_driver_agree(spark):
    from marsad.spark.crossarticle import connected_components

    rng = random.Random(3)
    nodes = [f"r{i:03d}" for i in range(120)]
    edges = [(rng.choice(nodes), rng.choice(nodes)) for _ in range(90)]
    edges += [(f"c{i:02d}", f"c{i + 1:02d}") for i in range(20)]  # a long chain: many propagation rounds
    edges = [(a, b) for a, b in edges if a != b]
    rdd = spark.sparkContext.parallelize(edges, 4)
    on_driver = dict(connected_components(rdd, 4).collect())
    on_cluster = dict(connected_components(rdd, 4, driver_max_edges=0).collect())
    assert on_driver == on_cluster
    assert on_cluster["c20"] == "c00"
