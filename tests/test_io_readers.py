"""Readers: every input record ends as an Article or a Reject with its reason."""
import gzip
import io
import json

import pytest

from marsad.io.readers import Article, Reject, decode_text, InputProblem, read_inputs

AR = ("أعلنت وزارة الداخلية أمس الأحد اعتقال خمسة أشخاص يشتبه في انتمائهم إلى خلية مسلحة "
      "في مدينة الموصل، وحسب بيان الوزارة فإن القوات ضبطت أسلحة وذخائر في مخبأ قرب النهر.")
AR2 = "قال مسؤول محلي إن اشتباكات اندلعت صباح اليوم بين قوات الأمن ومسلحين في ريف حلب الشمالي."
EN = ("The ministry said on Sunday that five people had been arrested in the city and that "
      "the security forces were still searching for the rest of the group.")


def items(*inputs, **kw):
    return list(read_inputs([str(i) for i in inputs], **kw))


def test_txt_file_is_one_article_named_by_its_stem(tmp_path):
    p = tmp_path / "khabar.txt"
    p.write_text(AR, encoding="utf-8")
    [a] = items(p)
    assert isinstance(a, Article)
    assert a.id == "khabar" and a.text == AR and a.language == "ar" and a.origin == str(p)


def test_utf8_bom_is_accepted_and_dropped(tmp_path):
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbf" + AR.encode("utf-8"))
    [a] = items(p)
    assert isinstance(a, Article) and a.text == AR


def test_utf16_with_bom_is_read(tmp_path):
    p = tmp_path / "u16.txt"
    p.write_bytes(AR.encode("utf-16"))
    [a] = items(p)
    assert isinstance(a, Article) and a.text == AR


def test_windows_1256_arabic_is_decoded_with_a_warning(tmp_path):
    p = tmp_path / "legacy.txt"
    p.write_bytes(AR.encode("windows-1256"))
    [a] = items(p)
    assert isinstance(a, Article)
    assert a.text == AR and a.encoding == "windows-1256"
    assert any("windows-1256" in w for w in a.warnings)
    assert any("windows-1256" in w for w in a.to_document().warnings)


def test_latin1_text_is_rejected_for_its_encoding_not_decoded_silently(tmp_path):
    p = tmp_path / "french.txt"
    p.write_bytes("Le ministère a annoncé l'arrestation de cinq personnes à Marseille été.".encode("latin-1"))
    [r] = items(p)
    assert isinstance(r, Reject) and r.reason == "encoding"
    assert "UTF-8" in r.detail and "windows-1256" in r.detail


def test_mojibake_is_rejected_as_encoding():
    broken = AR.encode("utf-8").decode("latin-1").encode("utf-8")
    with pytest.raises(InputProblem) as e:
        decode_text(broken)
    assert e.value.reason == "encoding"


@pytest.mark.parametrize("data", [b"", b"   \n\n\t  "])
def test_empty_file_is_rejected(tmp_path, data):
    p = tmp_path / "empty.txt"
    p.write_bytes(data)
    [r] = items(p)
    assert isinstance(r, Reject) and r.reason == "empty"


@pytest.mark.parametrize("data,what", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    ("نص عربي".encode() + b"\x00\x01\x02\x00", "NUL"),
    (bytes(range(1, 32)) * 20, "control"),
])
def test_binary_files_are_rejected(tmp_path, data, what):
    p = tmp_path / "thing.txt"
    p.write_bytes(data)
    [r] = items(p)
    assert isinstance(r, Reject) and r.reason == "binary" and what in r.detail


def test_english_text_is_rejected_as_not_arabic_with_the_language(tmp_path):
    p = tmp_path / "en.txt"
    p.write_text(EN, encoding="utf-8")
    [r] = items(p)
    assert isinstance(r, Reject) and r.reason == "not_arabic"
    assert r.language == "en" and "en" in r.detail
    assert r.to_dict()["language"] == "en"


def test_persian_text_is_not_arabic(tmp_path):
    p = tmp_path / "fa.txt"
    p.write_text("وزارت کشور روز یکشنبه اعلام کرد که پنج نفر در شهر دستگیر شدند و این گروه "
                 "برای انجام یک حمله برنامه ریزی کرده بودند که پلیس آن را کشف کرد.", encoding="utf-8")
    [r] = items(p)
    assert isinstance(r, Reject) and r.reason == "not_arabic" and r.language == "fa"


def test_language_check_can_be_turned_off(tmp_path):
    p = tmp_path / "en.txt"
    p.write_text(EN, encoding="utf-8")
    [a] = items(p, check_language=False)
    assert isinstance(a, Article)


def test_arabic_with_some_latin_names_passes(tmp_path):
    p = tmp_path / "mixed.txt"
    p.write_text(AR + " (Reuters) https://example.org/news/2023/article-123", encoding="utf-8")
    [a] = items(p)
    assert isinstance(a, Article)


def test_too_large_text_is_rejected_without_reading(tmp_path, monkeypatch):
    p = tmp_path / "big.txt"
    p.write_text(AR * 50, encoding="utf-8")
    from pathlib import Path

    def boom(self):  # the reader must decide from the size alone
        raise AssertionError("read the whole file")

    monkeypatch.setattr(Path, "read_bytes", boom)
    [r] = items(p, max_bytes=1000)
    assert isinstance(r, Reject) and r.reason == "too_large"


def test_jsonl_records_and_bad_lines_are_reported_with_line_numbers(tmp_path):
    p = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": AR, "published": "2023-03-12", "title": "اعتقال خمسة",
                    "url": "https://example.org/a1", "outlet": "وكالة"}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "a3", "title": "بلا نص"}, ensure_ascii=False),
        "",
        json.dumps({"id": "a5", "text": 42}),
        json.dumps({"id": ["x"], "text": AR}, ensure_ascii=False),
        json.dumps({"id": "a7", "text": AR2, "published": {"y": 2023}}, ensure_ascii=False),
        json.dumps({"id": "a8", "text": AR2, "title": 5}, ensure_ascii=False),
        json.dumps([1, 2]),
        json.dumps({"id": 9, "text": AR2, "published": 1678608000}, ensure_ascii=False),
        json.dumps({"text": AR2}, ensure_ascii=False),
        json.dumps({"id": "a12", "text": "   "}),
        json.dumps({"id": "a13", "text": EN}),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = items(p)
    by_line = {it.origin.rsplit(":", 1)[1]: it for it in got}
    assert isinstance(by_line["1"], Article)
    a = by_line["1"]
    assert (a.id, a.published, a.title, a.url, a.outlet) == ("a1", "2023-03-12", "اعتقال خمسة",
                                                             "https://example.org/a1", "وكالة")
    assert by_line["2"].reason == "json" and "line 2" in by_line["2"].detail
    assert by_line["3"].reason == "schema" and "text" in by_line["3"].detail and by_line["3"].id == "a3"
    assert "4" not in by_line  # blank lines are not records
    assert by_line["5"].reason == "schema"
    assert by_line["6"].reason == "schema" and "'id'" in by_line["6"].detail
    assert by_line["7"].reason == "schema" and "published" in by_line["7"].detail
    assert by_line["8"].reason == "schema" and "title" in by_line["8"].detail
    assert by_line["9"].reason == "schema"
    assert isinstance(by_line["10"], Article) and by_line["10"].id == "9" and by_line["10"].published == "1678608000"
    assert isinstance(by_line["11"], Article) and by_line["11"].id == "feed-11"
    assert by_line["12"].reason == "empty"
    assert by_line["13"].reason == "not_arabic"
    assert len(got) == 12  # every non-blank line accounted for


def test_jsonl_invalid_utf8_line_is_rejected_and_the_rest_goes_on(tmp_path):
    p = tmp_path / "feed.jsonl"
    good = json.dumps({"id": "g", "text": AR2}, ensure_ascii=False).encode()
    bad = b'{"id": "b", "text": "' + AR2.encode("windows-1256") + b'"}'
    p.write_bytes(bad + b"\n" + good + b"\n")
    r, a = items(p)
    assert isinstance(r, Reject) and r.reason == "encoding" and r.origin.endswith(":1")
    assert isinstance(a, Article) and a.id == "g"


def test_jsonl_over_long_line_is_skipped_in_chunks(tmp_path):
    p = tmp_path / "feed.jsonl"
    big = json.dumps({"id": "big", "text": AR * 200}, ensure_ascii=False)
    small = json.dumps({"id": "small", "text": AR2}, ensure_ascii=False)
    p.write_text(big + "\n" + small + "\n", encoding="utf-8")
    r, a = items(p, max_bytes=2000)
    assert isinstance(r, Reject) and r.reason == "too_large" and r.origin.endswith(":1")
    assert isinstance(a, Article) and a.id == "small" and a.origin.endswith(":2")


def test_gzipped_jsonl(tmp_path):
    p = tmp_path / "feed.jsonl.gz"
    with gzip.open(p, "wt", encoding="utf-8") as f:
        f.write(json.dumps({"id": "z1", "text": AR}, ensure_ascii=False) + "\n")
    [a] = items(p)
    assert isinstance(a, Article) and a.id == "z1"


def test_json_file_with_a_list_of_records(tmp_path):
    p = tmp_path / "batch.json"
    p.write_text(json.dumps([{"id": "j1", "text": AR}, {"text": 3}], ensure_ascii=False), encoding="utf-8")
    a, r = items(p)
    assert isinstance(a, Article) and a.id == "j1"
    assert isinstance(r, Reject) and r.reason == "schema" and r.origin.endswith("[1]")


def test_duplicate_ids_get_a_suffix_and_a_warning(tmp_path):
    p = tmp_path / "feed.jsonl"
    rec = json.dumps({"id": "same", "text": AR2}, ensure_ascii=False)
    p.write_text("\n".join([rec, rec, rec]) + "\n", encoding="utf-8")
    got = items(p)
    assert [a.id for a in got] == ["same", "same~2", "same~3"]
    assert not got[0].warnings and "duplicate id" in got[1].warnings[0]


def test_directory_is_read_recursively_in_sorted_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / "b" / "2.txt").write_text(AR2, encoding="utf-8")
    (tmp_path / "a" / "deep" / "1.txt").write_text(AR, encoding="utf-8")
    (tmp_path / "a" / "0.jsonl").write_text(json.dumps({"id": "j", "text": AR}, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "z.txt").write_text(AR2, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(AR2, encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n")
    skipped = []
    got = items(tmp_path, on_skip=lambda p, why: skipped.append(p))
    assert [a.id for a in got] == ["j", "a/deep/1", "b/2", "z"]
    assert skipped == [str(tmp_path / "photo.png")]
    assert got == items(tmp_path)  # deterministic


def test_html_page_main_text_title_and_date(tmp_path):
    page = f"""<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8">
    <title>اعتقال خمسة في الموصل - موقع الأخبار</title>
    <meta property="og:title" content="اعتقال خمسة في الموصل">
    <meta property="article:published_time" content="2023-03-12T08:30:00+03:00">
    </head><body><nav><a href="/">الرئيسية</a> <a href="/sport">رياضة</a></nav>
    <article><h1>اعتقال خمسة في الموصل</h1><p>{AR}</p><p>{AR2}</p></article>
    <footer>جميع الحقوق محفوظة</footer></body></html>"""
    p = tmp_path / "page.html"
    p.write_text(page, encoding="utf-8")
    [a] = items(p)
    assert isinstance(a, Article)
    assert a.title == "اعتقال خمسة في الموصل"
    assert a.published == "2023-03-12T08:30:00+03:00"
    assert "اعتقال خمسة أشخاص" in a.text and "اشتباكات" in a.text
    assert "الرئيسية" not in a.text and "<p>" not in a.text


def test_html_in_windows_1256_declared_charset(tmp_path):
    page = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
            f'<title>خبر</title></head><body><p>{AR}</p></body></html>')
    p = tmp_path / "legacy.htm"
    p.write_bytes(page.encode("windows-1256"))
    [a] = items(p)
    assert isinstance(a, Article) and "اعتقال" in a.text and a.encoding == "windows-1256"


def test_html_fragment_falls_back_to_plain_text():
    from marsad.io.html import extract_page, plain_text

    assert plain_text("<div><script>var x=1;</script><p>سطر أول</p><p>سطر ثان</p></div>") == "سطر أول\nسطر ثان"
    page = extract_page("<p>قصف</p>")
    assert page.text == "قصف"


def test_html_page_without_text_is_rejected(tmp_path):
    p = tmp_path / "blank.html"
    p.write_text("<html><head><title>x</title></head><body><script>1</script></body></html>", encoding="utf-8")
    [r] = items(p)
    assert isinstance(r, Reject) and r.reason == "empty"


def test_stdin_jsonl_is_streamed():
    data = "\n".join(json.dumps({"id": f"s{i}", "text": AR2}, ensure_ascii=False) for i in range(3)) + "\n{bad\n"
    got = items("-", stdin=io.BytesIO(data.encode()))
    assert [getattr(x, "id", None) for x in got[:3]] == ["s0", "s1", "s2"]
    assert isinstance(got[3], Reject) and got[3].reason == "json" and got[3].origin == "<stdin>:4"


def test_stdin_plain_text_is_one_article():
    got = items("-", stdin=io.BytesIO((AR + "\n" + AR2).encode()))
    assert len(got) == 1 and isinstance(got[0], Article) and got[0].id == "stdin"
    assert got[0].text == AR + "\n" + AR2


def test_stdin_text_starting_with_a_brace_is_still_text():
    got = items("-", stdin=io.BytesIO(("{تنويه}\n" + AR).encode()))
    assert len(got) == 1 and isinstance(got[0], Article)


def test_stdin_too_large():
    got = items("-", stdin=io.BytesIO((AR * 100).encode()), max_bytes=500)
    assert len(got) == 1 and got[0].reason == "too_large"


def test_missing_path_is_a_reject_in_the_python_api(tmp_path):
    [r] = items(tmp_path / "nope.txt")
    assert isinstance(r, Reject) and r.reason == "missing"


def test_unknown_suffix_named_explicitly_is_read_as_text(tmp_path):
    p = tmp_path / "article.md"
    p.write_text(AR, encoding="utf-8")
    [a] = items(p)
    assert isinstance(a, Article) and a.id == "article"


def test_article_to_document_carries_metadata(tmp_path):
    a = Article(id="x", text=AR, published="2023-03-12", title="t", url="u", outlet="o", origin="f:1",
                language="ar")
    d = a.to_document()
    assert (d.id, d.text, d.published_raw, d.title, d.url, d.outlet, d.language) == (
        "x", AR, "2023-03-12", "t", "u", "o", "ar")
    assert d.meta["origin"] == "f:1"


def test_jsonl_is_read_lazily_one_line_at_a_time():
    from marsad.io.readers import ReadOptions, read_jsonl_stream

    line = (json.dumps({"id": "x", "text": AR2}, ensure_ascii=False) + "\n").encode()
    stream = io.BytesIO(line * 1000)
    it = read_jsonl_stream(stream, origin="s", stem="s", options=ReadOptions())
    first = next(it)
    assert isinstance(first, Article)
    assert stream.tell() <= 2 * len(line)  # the other 999 lines are still unread


def test_bundled_html_sample_gives_title_date_and_outlet():
    from pathlib import Path

    import marsad

    page = Path(marsad.__file__).parent / "data" / "samples" / "sample-ar-page.html"
    [a] = items(page)
    assert isinstance(a, Article) and a.id == "sample-ar-page"
    assert a.title == "مئات يتظاهرون في صفاقس احتجاجاً على انقطاع المياه"
    assert a.published == "2022-08-09T18:05:00+01:00" and a.outlet == "أخبار المغرب العربي"
    assert "اقرأ أيضاً" not in a.text and "جميع الحقوق" not in a.text  # related links and footer dropped
