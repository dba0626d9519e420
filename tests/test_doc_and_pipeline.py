from marsad.doc import Document
from marsad.pipeline import Pipeline
from marsad.text.normalize import normalize_with_map


def test_orig_span_maps_back_through_deleted_diacritics():
    text = "قَالَ المرصدُ"
    doc = Document(id="x", text=text)
    doc.norm, doc.norm_to_orig = normalize_with_map(text)
    i = doc.norm.index("المرصد")
    s, e = doc.orig_span(i, i + len("المرصد"))
    assert text[s:e] == "المرصدُ"[:-1]


def test_pipeline_builds_named_stages_in_order():
    nlp = Pipeline.from_names(["clean", "segment"])
    assert nlp.names == ["clean", "segment"]
    doc = nlp(Document(id="x", text="قال الوزير. ثم غادر!"))
    assert [s.text for s in doc.sentences] == ["قال الوزير.", "ثم غادر!"]
