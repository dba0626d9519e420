"""Boilerplate flags on sentences: title, dateline, caption, duplicate, boilerplate."""
from marsad.doc import Document
from marsad.pipeline import Pipeline

NLP = Pipeline.from_names(["clean", "segment", "dates"])

BODY = ("قالت مصادر محلية إن طائرات حربية قصفت مواقع للمسلحين في ريف المدينة صباح اليوم، "
        "ما أدى إلى مقتل عدد منهم وتدمير آليات.\n"
        "وأضافت المصادر أن الاشتباكات استمرت حتى ساعات المساء، وسط نزوح عشرات العائلات نحو القرى المجاورة.\n"
        "ولم تعلق الجهات الرسمية على هذه الأنباء حتى الآن.")


def flags(text, title=None):
    doc = NLP(Document(id="b", text=text, title=title))
    return [(s.text, s.boilerplate) for s in doc.sentences], doc


def flag_of(pairs, prefix):
    return [f for t, f in pairs if t.startswith(prefix)]


def test_repeated_caption_first_caption_then_duplicate():
    cap = "عناصر من الدفاع المدني ينتشلون الضحايا من تحت الأنقاض (أرشيفية)"
    pairs, _ = flags(cap + "\n" + cap + "\n" + BODY)
    assert flag_of(pairs, "عناصر من الدفاع") == ["caption", "duplicate"]
    assert all(f is None for t, f in pairs if t.startswith(("قالت", "وأضافت", "ولم")))


def test_caption_credits():
    for credit in ("(أرشيف)", "(صورة أرشيفية)", "(رويترز)", "(أ ف ب)", "(AFP)", "(Getty Images)"):
        pairs, _ = flags("جنود يقفون عند نقطة تفتيش قرب الحدود " + credit + "\n" + BODY, title="عنوان مختلف تماما عن النص")
        assert pairs[0][1] == "caption", credit


def test_caption_prefix():
    pairs, _ = flags("الصورة: دخان يتصاعد من مبنى بعد الغارة\n" + BODY)
    assert pairs[0][1] == "caption"


def test_repeated_body_line_is_duplicate_and_not_caption():
    line = "وأكد الجيش أنه سيواصل عملياته حتى تطهير المنطقة بالكامل."
    pairs, _ = flags(BODY + "\n" + line + "\n" + line)
    assert flag_of(pairs, "وأكد الجيش") == [None, "duplicate"]


def test_dateline_line_and_publication():
    pairs, doc = flags("الخميس 14 مارس 2019 - 09:15\n" + BODY)
    assert pairs[0][1] == "dateline"
    assert doc.published == "2019-03-14T09:15:00"


def test_title_from_metadata_matches_first_line():
    title = "مقتل عشرة مسلحين بغارات على ريف المدينة"
    pairs, doc = flags(title + "\n" + BODY, title="مقتل عشرة مسلحين بغارات على ريف المدينة")
    assert pairs[0] == (title, "title")
    # spelling variants of the same title (hamza, ta marbuta, diacritics) still match
    pairs, _ = flags("مَقتل عشرة مسلحين بغارات على ريف المدينه\n" + BODY, title=title)
    assert pairs[0][1] == "title"


def test_first_line_that_is_not_the_metadata_title_is_a_caption():
    pairs, _ = flags("مسعفون ينقلون جريحا إلى المستشفى\n" + BODY, title="غارات على ريف المدينة")
    assert pairs[0][1] == "caption"


def test_headline_guess_without_metadata():
    text = "300 مسلح يطلبون ممرا آمنا للخروج من البلدة!\n\n" + BODY
    pairs, doc = flags(text)
    assert pairs[0][1] == "title"
    assert doc.title == "300 مسلح يطلبون ممرا آمنا للخروج من البلدة!"


def test_headline_guess_is_conservative():
    # a first line ending with a full stop is body text
    pairs, doc = flags("قصفت الطائرات البلدة فجرا.\n\n" + BODY)
    assert pairs[0][1] is None and doc.title is None
    # a short first line glued to the next one of similar length: no guess
    pairs, doc = flags("قصف على البلدة\nوقتل ثلاثة مدنيين\n" + BODY)
    assert pairs[0][1] is None


def test_caption_dateline_then_headline():
    cap = "مقاتلون يغادرون البلدة على متن حافلات (أرشيف)"
    text = cap + "\n" + cap + "\nالثلاثاء 5 مارس 2019 / 18:20\n\nانسحاب المقاتلين من البلدة المحاصرة\n\n" + BODY
    pairs, doc = flags(text)
    assert [f for _, f in pairs[:4]] == ["caption", "duplicate", "dateline", "title"]
    assert doc.published == "2019-03-05T18:20:00"


def test_related_links_tail():
    text = BODY + "\nاقرأ أيضا:\nغارات جديدة على المدينة\nنزوح آلاف العائلات من الريف"
    pairs, _ = flags(text)
    assert [f for _, f in pairs[-3:]] == ["boilerplate"] * 3
    assert all(f is None for _, f in pairs[:-3])


def test_share_follow_copyright_and_promo_lines():
    tail = ["شارك", "تابعونا على تويتر", "المزيد", "جميع الحقوق محفوظة © 2019", "www.example.com",
            "للمزيد: الحكومة تعلن خطة جديدة للإعمار", "يمكنكم متابعة آخر الأخبار بعد تحميل تطبيق الموقع على هواتفكم.",
            "رويترز / أ ف ب", "-----------", "#سوريا #حلب"]
    pairs, _ = flags(BODY + "\n" + "\n".join(tail))
    assert [f for _, f in pairs[-len(tail):]] == ["boilerplate"] * len(tail)


def test_body_sentences_starting_with_share_words_are_not_boilerplate():
    text = ("شارك آلاف المتظاهرين في مسيرة حاشدة وسط العاصمة احتجاجا على ارتفاع الأسعار وطالبوا الحكومة بالاستقالة.\n"
            "المزيد من القوات وصل إلى المدينة خلال الليل بحسب شهود عيان تحدثوا للوكالة.\n"
            "وقال الوزير إن تطبيق القانون سيشمل الجميع.")
    pairs, _ = flags(text)
    assert all(f is None for _, f in pairs)
