"""A small hand-annotated Arabic corpus for the web tests (API and browser).

The articles are invented for these tests. Their annotations are written by hand
rather than extracted, so the web tests check the web layer, not the extractors.
Offsets are found in the text, so every span points at what it names.
"""
from __future__ import annotations

from marsad.doc import Argument, DateMention, Document, Event, Evidence, Mention, Place, Sentence

XSS_TITLE = 'عنوان <script>window.__xss_title=1</script>'
XSS_OUTLET = '<img src=x onerror="window.__xss_outlet=1">'

ARTICLES = [
    dict(
        id="sy-aleppo-1", outlet="وكالة الأنباء المحلية", published="2024-03-03",
        title="غارات على مواقع لتنظيم داعش في ريف حلب",
        text=("حلب - قصفت طائرات حربية مواقع لتنظيم داعش في ريف حلب الشرقي يوم الأحد 3 آذار 2024، "
              "ما أسفر عن مقتل خمسة مسلحين. وقال المرصد السوري لحقوق الإنسان إن مسلحين استهدفوا في اليوم "
              "نفسه حاجزاً للجيش قرب مدينة دير الزور."),
        entities=[("تنظيم داعش", "ORG", "ISIS"), ("المرصد السوري لحقوق الإنسان", "ORG", "SOHR")],
        places=[("ريف حلب", "Aleppo", "SY", 36.2021, 37.1343), ("دير الزور", "Deir ez-Zor", "SY", 35.3359, 40.1408)],
        dates=[("يوم الأحد 3 آذار 2024", "2024-03-03")],
        events=[dict(type="ASSAULT", trigger="قصفت", actor="طائرات حربية", target="تنظيم داعش",
                     place="ريف حلب", date="2024-03-03", certainty="asserted"),
                # 300 km from Aleppo: the store must not merge it with the strikes there
                dict(type="ASSAULT", trigger="استهدفوا", actor="مسلحين", target="حاجزاً للجيش", place="دير الزور",
                     date="2024-03-03", source="المرصد السوري لحقوق الإنسان", certainty="reported")],
    ),
    dict(
        id="sy-aleppo-2", outlet="صحيفة الشمال", published="2024-03-04",
        title="طائرات حربية تضرب داعش شرق حلب",
        text=("شنت طائرات حربية غارات على مواقع لتنظيم داعش في ريف حلب الشرقي يوم 3 آذار 2024، "
              "وفق ما أعلنه المرصد السوري لحقوق الإنسان."),
        entities=[("تنظيم داعش", "ORG", "ISIS"), ("المرصد السوري لحقوق الإنسان", "ORG", "SOHR")],
        places=[("ريف حلب", "Aleppo", "SY", 36.2021, 37.1343)],
        dates=[("يوم 3 آذار 2024", "2024-03-03")],
        events=[dict(type="ASSAULT", trigger="شنت", actor="طائرات حربية", target="تنظيم داعش", place="ريف حلب",
                     date="2024-03-03", source="المرصد السوري لحقوق الإنسان", certainty="reported")],
    ),
    dict(
        id="iq-baghdad", outlet="قناة الرافدين", published="2024-03-08",
        title="آلاف العراقيين يتظاهرون في بغداد",
        text=("بغداد - تظاهر آلاف العراقيين في ساحة التحرير وسط بغداد يوم الجمعة 8 آذار 2024 احتجاجاً على "
              "انقطاع الكهرباء. وطالب المحتجون الحكومة العراقية بمحاسبة المسؤولين عن الأزمة."),
        entities=[("الحكومة العراقية", "ORG", "Government of Iraq")],
        places=[("ساحة التحرير", "Tahrir Square", "IQ", 33.3326, 44.4175), ("بغداد", "Baghdad", "IQ", 33.3406, 44.4009)],
        dates=[("يوم الجمعة 8 آذار 2024", "2024-03-08")],
        events=[dict(type="PROTEST", trigger="تظاهر", actor="آلاف العراقيين", target=None, place="ساحة التحرير",
                     date="2024-03-08", certainty="asserted"),
                dict(type="REQUEST", trigger="طالب", actor="المحتجون", target="الحكومة العراقية", place="بغداد",
                     date="2024-03-08", certainty="asserted")],
    ),
    dict(
        id="ye-hodeidah", outlet="وكالة الأنباء المحلية", published="2024-03-12",
        title="سفينة مساعدات تصل إلى الحديدة",
        text=("صنعاء - وصلت إلى ميناء الحديدة يوم 12 آذار 2024 سفينة تحمل مساعدات غذائية أرسلها برنامج "
              "الأغذية العالمي إلى اليمن."),
        entities=[("برنامج الأغذية العالمي", "ORG", "World Food Programme")],
        places=[("الحديدة", "Al Hudaydah", "YE", 14.7978, 42.9545), ("اليمن", "Yemen", "YE", 15.5, 47.5)],
        dates=[("يوم 12 آذار 2024", "2024-03-12")],
        events=[dict(type="AID", trigger="أرسلها", actor="برنامج الأغذية العالمي", target="اليمن", place="الحديدة",
                     date="2024-03-12", certainty="asserted")],
    ),
    dict(
        id="eg-cairo", outlet="صحيفة النيل", published="2024-02-20",
        title="مصر وليبيا توقعان اتفاقية للتعاون الأمني",
        text="القاهرة - وقعت مصر وليبيا اتفاقية للتعاون الأمني في القاهرة يوم 20 شباط 2024.",
        entities=[("مصر", "GPE", "Egypt"), ("ليبيا", "GPE", "Libya")],
        places=[("القاهرة", "Cairo", "EG", 30.0444, 31.2357)],
        dates=[("يوم 20 شباط 2024", "2024-02-20")],
        events=[dict(type="AGREE", trigger="وقعت", actor="مصر", target="ليبيا", place="القاهرة", date="2024-02-20",
                     certainty="asserted")],
    ),
    dict(
        # Untrusted text: markup in the text, title, outlet and every span must stay text.
        id="xss", outlet=XSS_OUTLET, published="2024-03-15", title=XSS_TITLE,
        text=("بيروت - قال مسؤول <script>window.__xss_text=1</script> إن مسلحين "
              "<img src=x onerror=\"window.__xss_img=1\"> هاجموا حاجزاً في مدينة صيدا يوم 15 آذار 2024. "
              "وأضاف أن الجيش <b onmouseover=\"window.__xss_b=1\">اللبناني</b> رد على الهجوم."),
        entities=[('الجيش <b onmouseover="window.__xss_b=1">اللبناني</b>', "ORG", "<i>Lebanese Army</i>")],
        places=[("صيدا", "Sidon", "LB", 33.5631, 35.3689)],
        dates=[("يوم 15 آذار 2024", "2024-03-15")],
        events=[dict(type="ASSAULT", trigger="هاجموا", actor='مسلحين <img src=x onerror="window.__xss_img=1">',
                     target="حاجزاً", place="صيدا", date="2024-03-15", certainty="reported",
                     source="مسؤول <script>window.__xss_text=1</script>")],
    ),
]


def _find(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    i = text.find(needle, after)
    if i < 0:
        i = text.find(needle)
    assert i >= 0, f"{needle!r} not in text"
    return i, i + len(needle)


def _sentences(text: str) -> list[Sentence]:
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch == "." and (i + 1 == len(text) or text[i + 1] == " "):
            out.append(Sentence(id=len(out), start=start, end=i + 1, text=text[start:i + 1]))
            start = i + 2
    if start < len(text):
        out.append(Sentence(id=len(out), start=start, end=len(text), text=text[start:]))
    return out


def build_document(spec: dict) -> Document:
    text = spec["text"]
    doc = Document(id=spec["id"], text=text, title=spec.get("title"), outlet=spec.get("outlet"),
                   published=spec.get("published"), published_raw=spec.get("published"))
    doc.sentences = _sentences(text)
    for n, (surface, name, country, lat, lon) in enumerate(spec.get("places", [])):
        s, e = _find(text, surface)
        doc.places.append(Place(id=f"p{n}", start=s, end=e, text=surface, name=name, country=country,
                                lat=lat, lon=lon, precision=4, rule="test"))
    for n, (surface, typ, canonical) in enumerate(spec.get("entities", [])):
        s, e = _find(text, surface)
        doc.mentions.append(Mention(id=f"m{n}", start=s, end=e, text=surface, type=typ, canonical=canonical,
                                    actor_id=canonical.lower(), rule="test"))
    for surface, iso in spec.get("dates", []):
        s, e = _find(text, surface)
        doc.dates.append(DateMention(start=s, end=e, text=surface, value_start=iso, value_end=iso,
                                     precision="day", relative=False, rule="test"))
    mentions = {m.text: m for m in doc.mentions}
    places = {p.text: p for p in doc.places}

    def arg(surface, near):
        if not surface:
            return None
        s, e = _find(text, surface, max(0, near - 200))
        ref = (mentions.get(surface) or places.get(surface))
        return Argument(text=surface, start=s, end=e, ref=ref.id if ref else None,
                        canonical=getattr(ref, "canonical", None) or getattr(ref, "name", None))

    for n, ev in enumerate(spec.get("events", [])):
        ts, te = _find(text, ev["trigger"])
        sent = doc.sentence_at(ts)
        doc.events.append(Event(
            id=f"e{n}", type=ev["type"], sentence_id=sent.id, sentence=sent.text,
            trigger=Argument(text=ev["trigger"], start=ts, end=te, rule="test"),
            actor=arg(ev.get("actor"), ts), target=arg(ev.get("target"), ts), place=arg(ev.get("place"), ts),
            source=arg(ev.get("source"), ts), date=ev.get("date"), date_precision="day",
            certainty=ev.get("certainty", "asserted"),
            evidence=[Evidence(sentence_id=sent.id, start=sent.start, end=sent.end, text=sent.text,
                               rule="test.sentence")],
            rule="test"))
    return doc


def documents() -> list[Document]:
    return [build_document(spec) for spec in ARTICLES]
