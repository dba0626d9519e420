"""`marsad extract` end to end on files the tests write; exit codes; no tracebacks."""
import csv
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

import marsad
from marsad.cli import app

AR = ("أعلنت قيادة الشرطة في محافظة البصرة أمس اعتقال ثلاثة مطلوبين بتهمة تنفيذ هجمات بعبوات ناسفة، "
      "وحسب بيان للشرطة فإن العملية جرت بعد رصد استمر أسبوعين.")
AR2 = "تظاهر مئات الطلاب اليوم أمام مبنى الجامعة في مدينة إربد للمطالبة بخفض الرسوم الدراسية."
EN = "The police in the southern province said on Monday that three suspects had been arrested."

runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, list(map(str, args)), input=input, catch_exceptions=False)


@pytest.fixture
def corpus(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "basra.txt").write_text(AR, encoding="utf-8")
    (tmp_path / "in" / "irbid.txt").write_text(AR2, encoding="utf-8")
    return tmp_path


def test_version():
    r = run("--version")
    assert r.exit_code == 0 and r.stdout.strip() == f"marsad {marsad.__version__}"


def test_jsonl_to_file_all_processed_exit_0(corpus):
    out = corpus / "out.jsonl"
    r = run("extract", corpus / "in", "--format", "jsonl", "--output", out)
    assert r.exit_code == 0, r.output
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in recs] == ["basra", "irbid"]
    for key in ("id", "published", "entities", "places", "events"):
        assert key in recs[0]
    assert "read 2 records, processed 2, rejected 0" in r.stderr


def test_json_to_stdout_is_an_array(corpus):
    r = run("extract", corpus / "in" / "basra.txt", "--format", "json")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert isinstance(data, list) and data[0]["id"] == "basra" and data[0]["language"] == "ar"


def test_compact_keeps_only_the_contract_fields(corpus):
    r = run("extract", corpus / "in" / "basra.txt", "--format", "jsonl", "--compact")
    assert set(json.loads(r.stdout)) == {"id", "published", "entities", "places", "events"}


def test_rejects_file_and_exit_3(corpus):
    (corpus / "in" / "english.txt").write_text(EN, encoding="utf-8")
    (corpus / "in" / "empty.txt").write_text("", encoding="utf-8")
    feed = corpus / "in" / "feed.jsonl"
    feed.write_text(json.dumps({"id": "f1", "text": AR2}, ensure_ascii=False) + "\n{oops\n", encoding="utf-8")
    out, rej = corpus / "out.jsonl", corpus / "rejects.jsonl"
    r = run("extract", corpus / "in", "--format", "jsonl", "--output", out, "--rejects", rej)
    assert r.exit_code == 3
    rejects = [json.loads(line) for line in rej.read_text(encoding="utf-8").splitlines()]
    assert sorted(x["reason"] for x in rejects) == ["empty", "json", "not_arabic"]
    assert {x["origin"] for x in rejects if x["reason"] == "json"} == {f"{feed}:2"}
    assert [x for x in rejects if x["reason"] == "not_arabic"][0]["language"] == "en"
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3  # basra, f1, irbid
    assert "rejected 3 (" in r.stderr and "json 1" in r.stderr


def test_rejects_go_to_stderr_without_a_rejects_file(corpus):
    (corpus / "in" / "english.txt").write_text(EN, encoding="utf-8")
    r = run("extract", corpus / "in", "--format", "jsonl")
    assert r.exit_code == 3
    assert "english.txt: not_arabic" in r.stderr


def test_csv_output_has_the_documented_header(corpus):
    from marsad.io.writers import CSV_COLUMNS

    out = corpus / "out.csv"
    r = run("extract", corpus / "in", "--format", "csv", "-o", out)
    assert r.exit_code == 0
    header = next(csv.reader(out.open(encoding="utf-8")))
    assert tuple(header) == CSV_COLUMNS


def test_table_output(corpus):
    r = run("extract", corpus / "in", "--format", "table", "--no-bidi")
    assert r.exit_code == 0 and "basra" in r.stdout and "irbid" in r.stdout


def test_stdin_text_and_jsonl():
    r = run("extract", "-", "--format", "jsonl", input=AR)
    assert r.exit_code == 0 and json.loads(r.stdout)["id"] == "stdin"
    lines = "\n".join(json.dumps({"id": f"x{i}", "text": AR2}, ensure_ascii=False) for i in range(3))
    r = run("extract", "-", "--format", "jsonl", input=lines)
    assert [json.loads(x)["id"] for x in r.stdout.splitlines()] == ["x0", "x1", "x2"]


def test_pipeline_failure_on_one_record_is_a_reject(corpus, monkeypatch):
    import marsad.pipeline as pl

    real = pl.load()

    class Flaky:
        def __call__(self, doc):
            if doc.id == "basra":
                raise RuntimeError("boom")
            return real(doc)

    monkeypatch.setattr(pl, "load", lambda config=None: Flaky())
    rej = corpus / "rej.jsonl"
    r = run("extract", corpus / "in", "--format", "jsonl", "--rejects", rej)
    assert r.exit_code == 3
    [x] = [json.loads(line) for line in rej.read_text(encoding="utf-8").splitlines()]
    assert x["reason"] == "error" and "boom" in x["detail"] and x["id"] == "basra"
    assert json.loads(r.stdout)["id"] == "irbid"


@pytest.mark.parametrize("args,needle", [
    (["extract", "NOPE.txt"], "no such file or directory: NOPE.txt"),
    (["extract", "{in}", "--format", "xml"], "unknown --format 'xml'"),
    (["extract", "{in}", "--output", "/nonexistent-dir/x.jsonl"], "does not exist"),
    (["extract", "{in}", "--rejects", "{tmp}"], "is a directory"),
    (["extract", "-", "-"], "only once"),
])
def test_usage_errors_exit_2_with_one_line(corpus, args, needle):
    args = [a.format(**{"in": corpus / "in", "tmp": corpus}) for a in args]
    r = run(*args)
    assert r.exit_code == 2
    assert r.stderr.count("\n") == 1 and needle in r.stderr and "Traceback" not in r.stderr


def test_output_that_is_also_an_input_is_refused(corpus):
    src = corpus / "in" / "basra.txt"
    r = run("extract", src, "--output", src)
    assert r.exit_code == 2 and src.read_text(encoding="utf-8") == AR


def test_real_process_exit_codes_and_no_traceback(corpus):
    cmd = [sys.executable, "-m", "marsad.cli", "extract"]
    p = subprocess.run(cmd + [str(corpus / "missing.txt")], capture_output=True, text=True)
    assert p.returncode == 2 and "Traceback" not in p.stderr and p.stderr.startswith("marsad: error:")
    p = subprocess.run(cmd + ["--format", "bogus", str(corpus / "in")], capture_output=True, text=True)
    assert p.returncode == 2 and "Traceback" not in p.stderr
    (corpus / "in" / "english.txt").write_text(EN, encoding="utf-8")
    p = subprocess.run(cmd + [str(corpus / "in"), "--format", "jsonl", "-o", str(corpus / "o.jsonl")],
                       capture_output=True, text=True)
    assert p.returncode == 3 and "Traceback" not in p.stderr


def test_python_api_extract_file(corpus):
    docs = marsad.extract_file(corpus / "in")
    assert [d.id for d in docs] == ["basra", "irbid"] and docs[0].text == AR
    (corpus / "in" / "english.txt").write_text(EN, encoding="utf-8")
    with pytest.raises(marsad.io.RejectedInput) as e:
        marsad.extract_file(corpus / "in")
    assert e.value.reject.reason == "not_arabic"
    rejects = []
    docs = marsad.extract_file(corpus / "in", rejects=rejects)
    assert len(docs) == 2 and [r.reason for r in rejects] == ["not_arabic"]


def test_bundled_sample_is_arabic_and_processed():
    from pathlib import Path

    samples = Path(marsad.__file__).parent / "data" / "samples"
    docs = marsad.extract_file(samples)
    assert {d.id for d in docs} >= {"sample-ar"}
    assert all(d.language == "ar" for d in docs)
