"""Conservative rule-based clitic segmentation of one normalized Arabic word.

``segment_word(norm, orig=None) -> (prefix, stem, suffix)`` splits off

* proclitics: the conjunctions و ف, the prepositions ب ل ك, the future marker س
  (only before an imperfect verb) and the article ال, in their usual combinations
  (وال، بال، فبال، وبال، لل، ولل، كال، وس...);
* one attached pronoun: ه ها هم هما هن نا (and كم when the rest is long).

The split is a best guess for display and cheap features; lookups should keep
trying the candidates of :func:`marsad.text.normalize.clitic_variants` against a
dictionary. Conservative by design:

* a stem keeps at least three letters after a bare conjunction or preposition and at
  least two after the article;
* words whose first letter belongs to the root (وزير، بلد، لبنان، كان، فرنسا...) are
  listed as exceptions, and function words (في، التي، الى...) are never split;
* final ه is a pronoun only when the original letter is ه, never a ta marbuta ة
  (both normalize to ه), and a handful of words ending in a root ه are kept whole;
* the first-person ي and the second-person ك are not split: in news text they are far
  more often a nisba adjective (سوري) or part of the word (ذلك، بنك).
"""
from __future__ import annotations

# Words never split: particles, pronouns, relatives and other function words
# (normalized: ى→ي, أ→ا, ة→ه).
FUNCTION_WORDS = frozenset("""
في من الي علي عن مع منذ حتي ان انه انها انهم الا الي اذا اذ لا لم لن لو لكن بل او ام ثم قد ما ماذا
هو هي هم هن هما نحن انا انت انتم هذا هذه هذان هاتان هؤلاء ذلك تلك اولئك الذي التي الذين اللذين
اللتين اللواتي اللاتي اللائي اللذان اللتان الان الله اللهم ال بين بعد قبل عند عندما حين حيث كما كي كيف
لدي لدي كل بعض غير سوي ليس ليست كان كانت يكون تكون لان لانه لانها لقد فقط ايضا اي ايه اين متي هناك هنا
كذلك لذلك بذلك وذلك فيما بينما لكنه لكنها ولكن فان وان بان كان لما ربما بسبب خلال ضد نحو لدى عبر
""".split())

# Whole words that start with و ف ب ل ك س as part of the root (or a name): no proclitic split.
ROOT_INITIAL = frozenset("""
وزير وزيره وزراء وزاره وزارات ولايه ولايات وكاله وكالات وحده وحدات وطن وطني وطنيه وطنيين وطنيون
واشنطن وثائق وثيقه وسائل وسيله وساطه وسطاء وصول وفاه وفيات وقائع وقود وكيل وكلاء ولاء وجود واقع
واقعه وادي واجب واجهه وراء وسط وضع وقوع وقف وقفه وليد وائل وهران وجده وزن وعد وعود وفد وفود ولد
وقت وقتها وكر ورشه ورقه وظيفه وظائف وكالتها وصف وصفه وحشي ولي والد والده واسع واسعه واضح واضحه
وقعت وقعا وصلت وجدت وضعت وعدت وصفت وافق وافقت واجه واجهت وقفت واصل واصلت وزيرا وزيري ولايتي وحيد وحيده
ورد وردت وجه وجهت وجوه وزع وزعت وفر وفرت وقع ولدت وصفها وسعت
فلسطين فلسطيني فلسطينيه فلسطينيون فلسطينيين فرنسا فرنسي فرنسيه فرنسيون فرنسيين فصائل فصيل فريق فرقه
فرع فروع فندق فنادق فيلق فيروس فيديو فيسبوك فتره فترات فكره فعل فعاليات فقراء فقر فرص فرصه فنزويلا
فيتنام فنلندا فلاديمير فيصل فؤاد فاطمه فارس فرح فتح فوز فئه فئات فضاء فضائي فضائيه فوضي فشل فصل فقد
فقدان فكر فاعل فاعليه فرار فرض فرق فريقا فريقه فعلا فلوجه فلسطينيا
بلد بلاد بلده بلدات بلدان بلديه بلاده بلادها بلادهم بيان بيانات بيت بيوت بريطانيا بريطاني بريطانيه
بريطانيون بغداد بيروت بنغازي باكستان باكستاني باكستانيه برلمان برلماني برلمانيه بنك بنوك بحر بحريه
بحار بطل بعثه بوتين بشار بكر بنيامين بومبيو بيونغ برنامج برامج بحث بحوث بداء بدايه بدء بديل بدائل
بلجيكا بورما بوروندي بنين بوليفيا بيلاروسيا بلغاريا بنغلاديش برازيل البرازيل بريد بطاقه بطاريه بندقيه
بنادق بناء بنايه بنيه بعيد بعيده بارز بارزه باريس برلين بروكسل بكين بيجين بغض بقاء بقيه بقايا بئر
بوابه بورصه بيئه بيئي بيع بشري بشريه بشر بالغ بالغه بحيره براءه برج بدر
لبنان لبناني لبنانيه لبنانيون لبنانيين ليبيا ليبي ليبيه ليبيون لجنه لجان لندن لواء لقاء لقاءات لحظه
لاجئ لاجئون لاجئين لاعب لاعبين لائحه لغه لغات لقب لوس لوحه لاهاي ليل ليله ليلا ليون لبيد لؤي ليلي
لحم لون لهجه لقطات لقطه لعبه لجوء لقمه لوجستي لوجستيه
كبير كبيره كبار كثير كثيره كثيرا كامل كامله كلمه كلمات كتاب كتب كتائب كتيبه كمين كمائن كيلومتر
كيلومترات كليه كليات كركوك كردستان كردي كرديه كرد اكراد كوريا كابول كندا كينيا كولومبيا كوبا كرامه كنيسه
كنائس كهرباء كميه كميات كلفه كافه كلا كيماوي كيماويه كيان كيانات كوادر كادر كشف كسر كفاح كلب كمبوديا
كرواتيا كازاخستان كوسوفو كاراكاس كاتب كبري كويت الكويت كيري كيم كوفي كميل كريم كمال كتله كتل
سياسه سياسي سياسيه سياسيون سياسيين سياسات سياره سيارات سيطره سيناء سيدات سيد سيده سنوات سنه ستين سته
ستار سير سيول سنغافوره سيئول سينما سجن سجون سلاح سلطه سلطات سلام سوريا سوري سوريه سوريون سوريين
سعودي سعوديه السعوديه سفير سفيره سفراء سفاره سكان سكاني سكانيه سنه سنتين سيف سيل سيناريو سيستان ستوكهولم
سوق سواء سبب ستكون
كشف كشفت كتب كتبت بدا بدات بدات بلغ بلغت بقي بقيت لقي لقيت لحق لحقت لجا لجات بعث بعثت بحثت بنت باع باعت بات
باتت بادر بادرت بارك باركت باشر باشرت لفت لفتت لاحظ لاحظت كلف كلفت كرر كررت كافح لعب لعبت بثت بكي بحار بنود
بطال بلاغ بلغه لهيب كادت كاد كلها كله كلهم كليا كبيرا لاحق لاحقا لازم لازال بات
""".split())
_ROOT_TAILS = ("", "ه", "ها", "هم", "هما", "هن", "نا", "كم", "ي", "ات", "ين", "ون", "ان", "يه", "يين", "يون", "تها", "ته", "تهم")

# Words ending in a root ه (not a pronoun) or ها/هم/نا that are not pronouns.
FINAL_ROOT = frozenset("""
اتجاه مياه وجه شبه انتباه اشتباه توجيه تنبيه تشويه ترفيه تمويه فقيه نزيه مكروه مشبوه مشتبه منتبه تافه
رفاه جاه اشباه افواه نواه الاه اله الله واجه يواجه تواجه مواجه ينتبه تنزيه تنويه فيينا كورونا اثنا حسنا
مينا هنا ادناه اعلاه مفهوم فهم مهم اهم سهم متهم مساهم تفاهم اتهم يتهم تتهم اتهام المتهم تهم مبهم ملهم
ساهم يساهم تساهم اسهم مدينا سينا غانا توسكانا اريزونا برشلونه كارولينا مونتانا ستالينا لينا دينا
ابراهيم رهم درهم دراهم تهاني تشابه متشابه شبيه كريه نبيه وجيه اتجاها
""".split())

def _normalized(words) -> frozenset:
    from .normalize import normalize_for_matching
    return frozenset(normalize_for_matching(w) for w in words)


FUNCTION_WORDS = _normalized(FUNCTION_WORDS)
ROOT_INITIAL = _normalized(ROOT_INITIAL)
FINAL_ROOT = _normalized(FINAL_ROOT)

_SUFFIXES = ("هما", "هم", "هن", "ها", "نا", "كم", "ه")
_ARABIC_LETTERS = frozenset("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى")


def _proclitics(w: str) -> tuple[str, str]:
    """(prefix, rest) for the proclitics of a normalized word."""
    if w in FUNCTION_WORDS or len(w) < 3 or _root_initial(w):
        return "", w
    # a script change: Arabic proclitics glued to a Latin or digit word ("لcnn", "ال24", "و8")
    i = 0
    n = len(w)
    while i < n and w[i] in _ARABIC_LETTERS:
        i += 1
    if 0 < i < n and i <= 4:
        head = w[:i]
        if head in _PURE_PROCLITICS:
            return head, w[i:]
    # the article family: (و|ف)? (ب|ك|ل)? ال / (و|ف)? لل
    for p in _ARTICLE_PREFIXES:
        if w.startswith(p) and len(w) - len(p) >= 2:
            rest = w[len(p):]
            whole = w[len(p) - 2:] if p.endswith("ال") else "ال" + rest
            if whole in FUNCTION_WORDS or (p.endswith("ال") and w[len(p) - 2:] in FUNCTION_WORDS):
                break
            return p, rest
    # bare conjunction, then preposition / future marker
    prefix = ""
    rest = w
    if rest[0] in "وف" and len(rest) > 1:
        cand = rest[1:]
        if cand in FUNCTION_WORDS:
            return rest[0], cand
        if len(cand) >= 3 and _plausible_stem(cand):
            prefix, rest = rest[0], cand
            p2, r2 = _inner_proclitic(rest)
            return prefix + p2, r2
        return "", w
    p2, r2 = _inner_proclitic(rest)
    return p2, r2


def _root_initial(w: str) -> bool:
    """The word, or the word less a pronoun or plural ending, is a listed root-initial word."""
    for t in _ROOT_TAILS:
        if (not t or w.endswith(t)) and w[: len(w) - len(t)] in ROOT_INITIAL:
            return True
    return False


def _inner_proclitic(w: str) -> tuple[str, str]:
    """ب ل ك before a stem, س before an imperfect verb (after the conjunction, if any)."""
    if w in FUNCTION_WORDS or _root_initial(w):
        return "", w
    if len(w) >= 4 and w[0] in "بلك":
        rest = w[1:]
        if rest not in FUNCTION_WORDS and _plausible_stem(rest):
            return w[0], rest
    if len(w) >= 6 and w[0] == "س" and w[1] in "يتن" and not w.startswith(_S_ROOTS):
        return "س", w[1:]
    return "", w


_S_ROOTS = ("سياس", "سيار", "سيطر", "سيد", "سينا", "سنوا", "ستين", "سيول", "سيف", "سير", "سيل", "ستوك", "ستار", "سنغا", "سيئ")


def _plausible_stem(s: str) -> bool:
    # a stem does not begin with ة-derived final forms or a lone alef-lam
    return len(s) >= 3 and s[0] != "ه" or s in FUNCTION_WORDS


_PURE_PROCLITICS = frozenset({"و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "لل", "كال", "فال", "وب", "ول", "فب", "فل",
                              "وبال", "ولل", "فبال", "فلل", "وك", "وكال"})
_ARTICLE_PREFIXES = ("وبال", "فبال", "وكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال")


def _suffix(stem: str, orig_last: str | None) -> tuple[str, str]:
    if stem in FUNCTION_WORDS or stem in FINAL_ROOT or len(stem) < 4:
        return stem, ""
    if not stem[-1] in "همنا":
        return stem, ""
    for suf in _SUFFIXES:
        if stem.endswith(suf) and len(stem) - len(suf) >= 3:
            if suf == "ه" and orig_last not in (None, "ه", "ـ"):
                return stem, ""  # a ta marbuta ة, not the pronoun
            if suf == "كم" and len(stem) - 2 < 4:
                return stem, ""
            if suf == "نا" and stem[-3] == "ا":
                return stem, ""  # an accusative -ًا after ن (مكانا، إنسانا), not "our"
            return stem[: -len(suf)], suf
    return stem, ""


_CACHE: dict[str, tuple[str, str, str]] = {}
_CACHE_MAX = 200_000


def segment_word(norm: str, orig: str | None = None) -> tuple[str, str, str]:
    """(prefix, stem, suffix) of a normalized word; ``orig`` (its original spelling) lets a
    final ة be told from the pronoun ه. Digits and Latin words pass through whole."""
    # without the original spelling a final ه may be a ة: never read it as a pronoun then
    ta_marbuta = (not orig) or orig.rstrip("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640")[-1:] in ("ة", "ۃ")
    # cache key: the word, marked when it ends in a ta marbuta (tokenize reads the cache directly)
    key = norm + "\x01" if ta_marbuta else norm
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    if not norm or norm[0] not in _ARABIC_LETTERS:
        res = ("", norm, "")
    else:
        prefix, rest = _proclitics(norm)
        if rest and rest[0] in _ARABIC_LETTERS:
            stem, suf = _suffix(rest, "ة" if ta_marbuta else "ه")
        else:
            stem, suf = rest, ""
        res = (prefix, stem, suf)
    if len(_CACHE) < _CACHE_MAX:
        _CACHE[key] = res
    return res
