"""Writers: JSON array streamed, JSONL, CSV one row per event, table view."""
import csv
import io
import json

import pytest

from marsad.doc import Argument, Document, Event, Mention, Place
from marsad.io.writers import CSV_COLUMNS, CsvWriter, JsonWriter, JsonlWriter, TableWriter, event_rows, make_writer
from marsad.serialize import to_record

SENT = "وحسب مصادر محلية، قصفت طائرات حربية بلدة الباغوز أمس."


def _doc() -> Document:
    text = "عنوان\n" + SENT
    s = text.index("طائرات")
    p = text.index("الباغوز")
    src = text.index("مصادر محلية")
    doc = Document(id="ev1", text=text, title="عنوان", published="2023-03-14", outlet="وكالة")
    doc.mentions = [
        Mention(id="m1", start=s, end=s + 13, text="طائرات حربية", type="ORG", canonical="warplanes",
                actor_code="MIL"),
        Mention(id="m2", start=p, end=p + 7, text="الباغوز", type="GPE", place_id="p1"),
    ]
    doc.places = [Place(id="p1", start=p, end=p + 7, text="الباغوز", name="Al Baghuz", country="SY",
                        lat=34.45, lon=40.95, admin1="Deir ez-Zor")]
    doc.events = [Event(id="e1", type="ASSAULT", sentence_id=1, sentence=SENT + "\nسطر",
                        trigger=Argument(text="قصفت"), mode="aerial",
                        actor=Argument(text="طائرات حربية", ref="m1"),
                        target=None, place=Argument(text="الباغوز", ref="m2"),
                        source=Argument(text="مصادر محلية", start=src, end=src + 11), date="2023-03-13",
                        certainty="reported")]
    return doc


def test_event_rows_resolve_actor_code_and_place_coordinates():
    [row] = event_rows(to_record(_doc()))
    assert set(row) == set(CSV_COLUMNS)
    assert row["article_id"] == "ev1" and row["type"] == "ASSAULT" and row["actor_code"] == "MIL"
    assert (row["place_name"], row["country"], row["lat"], row["lon"]) == ("Al Baghuz", "SY", 34.45, 40.95)
    assert row["source"] == "مصادر محلية" and row["certainty"] == "reported" and row["negated"] is False
    assert row["trigger"] == "قصفت"


def test_csv_writer_one_row_per_event_header_first():
    out = io.StringIO()
    w = CsvWriter(out)
    w.write(to_record(_doc()))
    w.write(to_record(Document(id="noevents", text="نص")))
    w.close()
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 1 and w.count == 2 and w.rows == 1
    assert rows[0]["negated"] == "false" and rows[0]["lat"] == "34.45"
    assert "\n" not in rows[0]["sentence"]  # one line a cell
    assert list(rows[0]) == list(CSV_COLUMNS)


def test_json_writer_streams_an_array_even_of_one_or_none():
    for n in (0, 1, 3):
        out = io.StringIO()
        w = JsonWriter(out)
        for i in range(n):
            w.write({"id": str(i), "text": "قال"})
        w.close()
        data = json.loads(out.getvalue())
        assert isinstance(data, list) and [r["id"] for r in data] == [str(i) for i in range(n)]
    assert "قال" in out.getvalue()  # not \\u-escaped


def test_jsonl_writer_writes_the_record_unchanged():
    rec = to_record(_doc())
    out = io.StringIO()
    w = JsonlWriter(out)
    w.write(rec)
    w.close()
    assert json.loads(out.getvalue()) == json.loads(json.dumps(rec))
    assert SENT in out.getvalue().encode().decode("unicode_escape") or "قصفت" in out.getvalue()


def test_table_writer_shows_the_article_and_never_touches_the_record(monkeypatch):
    rec = to_record(_doc())
    before = json.dumps(rec, ensure_ascii=False)
    out = io.StringIO()
    w = TableWriter(out, bidi=True, width=100, color=False)
    w.write(rec)
    w.close()
    text = out.getvalue()
    assert "ev1" in text and "ASSAULT" in text and "Al Baghuz" in text and "34.450, 40.950" in text
    assert "قصفت" not in text  # shaped and reordered for display
    assert json.dumps(rec, ensure_ascii=False) == before
    out = io.StringIO()
    TableWriter(out, bidi=False, width=100, color=False).write(rec)
    assert "طائرات حربية" in out.getvalue()


def test_make_writer_rejects_an_unknown_format():
    with pytest.raises(ValueError):
        make_writer("xml", io.StringIO())
