"""Dates: the publication date and the date expressions of an Arabic news article.

Publication date (``resolve_publication``)
    From the metadata string first (ISO 8601 date or datetime, RFC 2822 such as
    ``Thu, 03 May 2018 13:41:45 +0400`` — the wall-clock date and time are kept as
    written, the offset is not applied —, epoch seconds, ``2015-08-06 01:27:40``,
    Arabic strings such as ``20 فبراير 2019``), else from a dateline among the first
    lines of the text (``الأربعاء 20 فبراير 2019 / 13:44``), else None. Never from an
    arbitrary number in the body.

Date expressions (``find_dates``)
    A small Arabic grammar run over the normalized text (``doc.norm``) and mapped back
    to offsets of the original; nothing else is ever read as a date (a bare number,
    the outlet "دير الزور 24"). ``dateparser`` is only used behind the grammar for odd
    metadata strings, never as free-text search.

Conventions (documented choices; "pub" is the publication date's day)
    * اليوم، في وقت سابق من اليوم، فجر/صباح/مساء اليوم → pub (day)
    * أمس، بالأمس، مساء أمس → pub-1; أول أمس، أول من أمس، أمس الأول → pub-2 (day)
    * الليلة الماضية، ليلة أمس → pub-1 .. pub (range: a night spans two days)
    * قبل N أيام / منذ N أيام → pub-N (day; منذ keeps the day as its start: ``value_end`` pub)
    * قبل أيام، قبل بضعة/عدة أيام، منذ أيام → pub-10 .. pub-1 (range)
    * قبل أسبوع / N أسابيع → pub-7N-3 .. pub-7N+3 (week); قبل شهر → that calendar month;
      قبل عام / N سنوات → that calendar year
    * الأسبوع الماضي/المنصرم/الفائت → the seven days before pub, pub-7 .. pub-1 (week),
      whatever day the week is held to start on; هذا الأسبوع / الأسبوع الجاري → pub-6 .. pub
    * الشهر الماضي → the previous calendar month; العام الماضي → the previous year
    * a weekday alone (الأربعاء، يوم الخميس) → the latest such day on or before pub;
      with الماضي → the latest strictly before pub; with المقبل/القادم → the next after pub;
      after a future verb or phrase among the four words before it (سيعقد، ستبدأ، سوف،
      من المقرر) → the first such day on or after pub (rule ``weekday_future``)
    * ليل الثلاثاء - الأربعاء → Tuesday .. Wednesday (range)
    * خلال الساعات الماضية / الـ24 ساعة الماضية → pub-1 .. pub; 48 ساعة → pub-2 .. pub;
      خلال الأيام الماضية → pub-7 .. pub; خلال N أيام/أسابيع/أشهر الماضية → pub-N units .. pub
    * a month without a year: the year of pub, or the year before when that would put
      the month more than two months after pub; "مارس الماضي" → the latest March
      strictly before pub's month (or before pub, with a day); "المقبل" → the next one
    * مطلع/بداية/أوائل → days 1-10 of a month, January-March of a year; منتصف/أواسط →
      days 10-20, May-August; أواخر/نهاية → day 20 to the end, October-December;
      النصف الأول/الثاني → the half (all "range")
    * بين 5 و15 أيار، من 13 إلى 15 مارس → those days (range)
    * منذ before an absolute date, a month or a year ("منذ 18 شباط/فبراير"، "منذ عام 2014")
      → from that date to pub (range; rule ``<rule>_since``)
    * a weekday after صلاة، خطبة، كل، أيام is any such day, not a date
    * Hijri dates (``15 رمضان 1439 هـ``) are converted with ``hijridate``; a Hijri day and
      month without a year take the latest such day on or before pub; a bare Hijri month
      name is not read (رجب، رمضان are also names).
Precision: day | week | month | year | range; ``acled_time_precision`` maps it to ACLED's
time_precision (day 1, week and range 2, month and year 3).
"""
from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_tz
from typing import Optional

from ..doc import DateMention, Document
from .normalize import end_with_marks, normalize_for_matching, normalize_with_map
from .numbers import small_count

# -- lexicon (normalized spellings) -------------------------------------------------

def _load_calendar() -> dict:
    """Month and weekday names from marsad/data/text/calendar.yaml, normalized."""
    from pathlib import Path

    import yaml

    data = yaml.safe_load((Path(__file__).resolve().parent.parent / "data" / "text" / "calendar.yaml").read_text("utf-8"))

    def table(key: str) -> dict[str, int]:
        return {normalize_for_matching(name): int(num) for num, names in data[key].items() for name in names}

    return {"gregorian": table("gregorian"), "hijri": table("hijri"), "weekdays": table("weekdays"),
            "ambiguous": {normalize_for_matching(w) for w in data.get("ambiguous") or ()}}


_CAL = _load_calendar()
GREGORIAN_MONTHS: dict[str, int] = _CAL["gregorian"]
# Month names that are also common words or names (ماي: Theresa May, اب: father, جوان:
# Juan): only read as months with a day, a year, a paired name (مايو/أيار) or the word
# شهر before them. Other bare month names need a cue before them (في، خلال، منذ، شهر...).
AMBIGUOUS_MONTHS = _CAL["ambiguous"]
HIJRI_MONTHS: dict[str, int] = _CAL["hijri"]
WEEKDAYS: dict[str, int] = _CAL["weekdays"]  # Python weekday(): Monday 0

ORDINAL_DAYS: dict[str, int] = {
    "الاول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الخامس": 5, "السادس": 6, "السابع": 7,
    "الثامن": 8, "التاسع": 9, "العاشر": 10, "الحادي عشر": 11, "الثاني عشر": 12, "الثالث عشر": 13,
    "الرابع عشر": 14, "الخامس عشر": 15, "السادس عشر": 16, "السابع عشر": 17, "الثامن عشر": 18,
    "التاسع عشر": 19, "العشرين": 20, "الثلاثين": 30,
}
for _o, _v in list(ORDINAL_DAYS.items()):
    if _v < 10:
        ORDINAL_DAYS[("الحادي" if _v == 1 else _o) + " والعشرين"] = 20 + _v
ORDINAL_DAYS["الحادي والثلاثين"] = 31

PAST_WORDS = ("الماضي", "المنصرم", "الفائت", "السابق", "الفارط")
NEXT_WORDS = ("المقبل", "القادم")
THIS_WORDS = ("الجاري", "الحالي")

QUALIFIERS = {
    "مطلع": "early", "بدايه": "early", "اوائل": "early", "اول": "early", "مستهل": "early", "اوايل": "early",
    "منتصف": "mid", "اواسط": "mid", "وسط": "mid",
    "اواخر": "late", "نهايه": "late", "اخر": "late", "اواخر": "late", "ختام": "late",
}

# every key through the same normalization as the text (ئ→ي, ة→ه...), whatever its spelling here
ORDINAL_DAYS = {normalize_for_matching(k): v for k, v in ORDINAL_DAYS.items()}
QUALIFIERS = {normalize_for_matching(k): v for k, v in QUALIFIERS.items()}

ACLED_PRECISION = {"day": 1, "week": 2, "range": 2, "month": 3, "year": 3}


def acled_time_precision(precision: Optional[str]) -> Optional[int]:
    """ACLED time_precision for a marsad precision: day 1, week/range 2, month/year 3."""
    return ACLED_PRECISION.get(precision or "")


# -- regex building blocks ----------------------------------------------------------

def _alt(words) -> str:
    return "|".join(re.escape(w).replace("\\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


_B = r"(?<![^\W\d_])"   # no letter before
_E = r"(?![^\W\d_])"    # no letter after
_P = r"(?:[وف](?=[^\W\d_]))?"  # an optional conjunction (و/ف) before the word, left out of the span
_MON_G = _alt(GREGORIAN_MONTHS)
_MON_H = _alt(HIJRI_MONTHS)
_WD = _alt(WEEKDAYS)
_ORD = _alt(ORDINAL_DAYS)
_QUAL = _alt(QUALIFIERS)
_TOD = r"(?:صباح|صبيحه|مساء|ظهر|ظهيره|عصر|فجر|ليل|ليله|منتصف\s+ليل|منتصف\s+ليله|قبيل\s+منتصف\s+ليل)"
_TIME = r"(?:\s*(?:[/|\-–—،,]\s*)?(?:الساعه\s*)?(?P<hh>\d{1,2})\s*:\s*(?P<mi>\d{2})(?:\s*:\s*(?P<ss>\d{2}))?(?:\s*(?P<ampm>ص|م|am|pm|a\.m\.|p\.m\.|صباحا|صباح|مساء|مساءا|عصرا|ليلا|ظهرا)(?![^\W\d_]))?)"
_COUNT_WORDS = (
    "يوم يومين يومان ايام يوما اسبوع اسبوعين اسبوعان اسابيع شهر شهرين شهران اشهر شهور عام عامين عامان "
    "اعوام سنه سنتين سنتان سنوات سنين ساعه ساعتين ساعات"
).split()
_NUMW = r"(?:\d{1,4}|" + _alt([
    "واحد", "اثنين", "ثلاث", "ثلاثه", "اربع", "اربعه", "خمس", "خمسه", "ست", "سته", "سبع", "سبعه",
    "ثماني", "ثمانيه", "ثمان", "تسع", "تسعه", "عشر", "عشره", "عشرين", "ثلاثين", "اربعين", "خمسين", "ستين",
    "احد عشر", "اثني عشر", "اثنا عشر",
]) + ")"

# month name, optionally paired with another system's name: "فبراير/شباط", "ديسمبر(كانون الاول)",
# "يونيو حزيران" (Reuters' style), "أكتوبر/ تشرين أول"
_MONTH_RE = re.compile(
    _B + r"(?P<m1>" + _MON_G + r")" + _E +
    r"(?:\s*(?:[/\\(\-–]|\s)\s*(?P<m2>" + _MON_G + r")" + _E + r"\s*\)?)?"
    r"|" + _B + r"(?P<h1>" + _MON_H + r")" + _E
)
_LEFT_DAY_RE = re.compile(
    r"(?:(?P<wd>" + _WD + r")" + _E + r"\s*[،,]?\s*(?:(?:الموافق|الموافق\s+ل)\s*)?)?"
    r"(?:(?P<day>\d{1,2})|(?P<oday>" + _ORD + r")\s+(?:من\s+)?)\s*(?:من\s+)?(?:شهر\s+)?$"
)
_LEFT_DAY_RANGE_RE = re.compile(r"(?<![^\W\d_])(?P<k>(?:ما\s+)?بين|من)\s+(?P<d1>\d{1,2})\s*(?:و|الي|حتي|-|–)\s*")
_LEFT_QUAL_RE = re.compile(
    _B + r"(?:(?:في|ف|و|وفي|ب)\s*)?(?P<q>" + _QUAL + r"|النصف\s+(?:الاول|الثاني)\s+من)" + _E + r"\s+(?:من\s+)?(?:شهر\s+)?$")
_LEFT_CUE_RE = re.compile(_B + r"(?:[وف]?(?:في|خلال|منذ|حتي|شهر|شهري|بشهر|لشهر|اواخر|مطلع|منتصف|نهايه|بدايه|اوائل|من|الي))\s+(?:شهر\s+)?$")
_RIGHT_YEAR_RE = re.compile(
    r"\s*[،,]?\s*(?:(?:من\s+)?(?:ال)?(?:عام|سنه)\s*)?(?P<year>\d{4})(?!\d)(?P<hm>\s*(?:ه|هـ|هجري|هجريه|للهجره)" + _E + r")?(?P<gm>\s*(?:م|ميلادي|ميلاديه|للميلاد)" + _E + r")?")
_RIGHT_REL_RE = re.compile(r"\s+(?P<rel>" + _alt(PAST_WORDS + NEXT_WORDS + THIS_WORDS) + r")" + _E)
_RIGHT_OF_YEAR_RE = re.compile(r"\s+(?:من\s+)?(?:(?P<this>هذا\s+العام|العام\s+(?:الجاري|الحالي)|السنه\s+(?:الجاريه|الحاليه))|(?P<last>العام\s+(?:الماضي|المنصرم|الفائت)|السنه\s+(?:الماضيه|المنصرمه))|(?P<next>العام\s+(?:المقبل|القادم)))" + _E)

_YEAR_RE = re.compile(
    _B + r"(?:(?P<q>" + _QUAL + r"|النصف\s+(?:الاول|الثاني))\s+(?:من\s+)?(?P<cue1>(?:ال)?عام|سنه)?\s*"
    r"|(?P<cue>[وف]?(?:(?:في|خلال|منذ|حتي|قبل|بعد|من)\s+)?(?:(?:ال|لل|ل|ب|بال)?عام|(?:ال|لل|ل|ب|بال)?سنه)|[وف]?(?:في|منذ|حتي|خلال))\s*)"
    r"(?P<y>\d{4})(?!\d|\s*%|\s*[.,]\d)(?P<hm>\s*(?:ه|هـ|هجري|هجريه|للهجره)" + _E + r")?(?:\s*(?:م|ميلادي|ميلاديه|للميلاد)" + _E + r")?"
)
# nouns counted after a number: "في 2000 غارة" is a count, not a year
_COUNTED_AFTER_YEAR = re.compile(
    r"\s*(?:[وف]?(?:غاره|غارات|شخص|اشخاص|قتيل|قتيلا|جندي|جنديا|مقاتل|مقاتلا|عنصر|عنصرا|مدني|مدنيا|طفل|طفلا|"
    r"صاروخ|صاروخا|قذيفه|منزل|منزلا|موقع|موقعا|عائله|اسره|لاجي|لاجيا|نازح|دولار|يورو|طن|كيلومتر|كلم|كم|متر|مسلح|"
    r"مسلحا|سجين|سجينا|معتقل|معتقلا|مهاجر|مهاجرا|هدف|هدفا|عمليه|هجوم|هجوما|حاله|مريض|جريح|جريحا|مصاب|مصابا|"
    r"قتلي|جرحي|مبني|سياره|برميل|ميل|ريال|جنيه|درهم|دينار|ليره|ناخب|صوت|مقعد|عضو|نائب|طالب|امراه|رجل|"
    r"مواطن|فلسطيني|سوري|يمني|عراقي|ضحيه|منشاه|قريه|بلده|مدينه|مسجد|مدرسه|مستشفي|نقطه|حاجز|دبابه|طايره|"
    r"مسيره|سفينه|قطعه|فرد|فردا|اسير|اسيرا|رهينه|صحفي|ساعه|يوم|يوما|شهر|شهرا|سنه|عام|عاما|الف|مليون|مليار)" + _E + r")")
_NUMERIC_RE = re.compile(
    r"(?<![\d/.\-])(?:(?P<y1>(?:19|20)\d\d)[-/.](?P<m1>\d{1,2})[-/.](?P<d1>\d{1,2})|(?P<d2>\d{1,2})[-/.](?P<m2>\d{1,2})[-/.](?P<y2>(?:19|20)\d\d))(?![\d/.\-]\d)")

# relative expressions
_REL_RULES: list[tuple[str, str, "re.Pattern"]] = []


def _rel(name: str, key: str, pattern: str) -> None:
    _REL_RULES.append((name, key, re.compile(_B + _P + r"(?P<x>" + pattern + r")" + _E)))


_rel("earlier_today", "وقت", r"في\s+وقت\s+(?:سابق|مبكر|لاحق|متاخر)\s+(?:من\s+)?(?:هذا\s+)?(?P<p>اليوم|الاسبوع\s+الجاري|الاسبوع|الشهر\s+الجاري|الشهر|العام\s+الجاري|العام|السنه)(?:\s+(?:الجاري|الحالي))?")
_rel("day_before_yesterday", "امس", r"(?:(?:" + _TOD + r")\s+)?(?:يوم\s+)?(?:اول\s+(?:من\s+)?امس|امس\s+الاول)(?:\s+(?P<wd>" + _WD + r"))?")
_rel("last_night", "ليل", r"(?:الليله\s+الماضيه|ليله\s+امس|ليل\s+امس|الليله\s+قبل\s+الماضيه)(?:\s+(?P<wd>" + _WD + r"))?")
_rel("yesterday", "امس", r"(?:(?P<tod>" + _TOD + r")\s+)?(?:يوم\s+)?(?:ب?الامس|امس)(?:\s+(?P<wd>" + _WD + r"))?")
_rel("today", "اليوم", r"(?:(?P<tod>" + _TOD + r")\s+)?(?:(?:يوم\s+)?اليوم|هذا\s+اليوم)(?:\s+(?P<wd>" + _WD + r"))?(?!\s+(?:التالي|نفسه|ذاته|العالمي|الوطني|الدولي|الاول|الثاني|الثالث|الرابع|الخامس|الاخير|السابق|اللاحق|الموالي|الذي|المشهود|الموعود|الاسود|الدامي|الواحد|الوطنيه|العالميه|\d))")
_rel("ago", "", r"(?P<kw>قبل|منذ)\s+(?:(?:نحو|حوالي|حوالى|قرابه|زهاء|اكثر\s+من|ما\s+يزيد\s+عن|ما\s+يزيد\s+علي|اقل\s+من)\s+)?"
     r"(?:(?P<n>" + _NUMW + r")\s+)?(?P<u>" + _alt(_COUNT_WORDS) + r")(?!\s*\d)(?:\s+(?P<n2>" + _NUMW + r")(?!\d))?(?P<vague>\s+(?:قليله|معدوده))?(?!\s+(?:من|علي|فقط\s+من)\s)")
_rel("ago_vague", "", r"(?P<kw>قبل|منذ)\s+(?P<v>بضعه|بضع|عده|ايام\s+قليله|اسابيع\s+قليله|اشهر\s+قليله|بضعة)\s+(?P<u>ايام|اسابيع|اشهر|شهور|سنوات|اعوام|ساعات)?(?!\s+(?:من|علي)\s)")
_rel("past_span", "", r"(?:(?:خلال|في|طوال|طيله|علي\s+مدي|علي\s+مدار|منذ)\s+)?(?:ال)?(?:(?P<n>\d{1,3})\s*)?"
     r"(?P<u>الساعات|ساعه|الايام|ايام|يوما|الاسابيع|اسابيع|الاشهر|الشهور|اشهر|شهرا|الاعوام|السنوات|الساعتين|اليومين|الاسبوعين|الشهرين|العامين|السنتين)"
     r"(?:\s+(?:ال)?(?P<n2>" + _NUMW + r"(?:\s+و\s*(?:ال)?" + _NUMW + r")?))?(?:\s+(?:القليله|الاولي))?\s+(?:الماضيه|الاخيره|المنصرمه|الفائته|الماضيين|الاخيرين|الماضيتين|الاخيرتين)")
_rel("week", "الاسبوع", r"(?:(?P<q>" + _QUAL + r")\s+)?(?:(?:الاسبوع|الاسبوع)\s+(?P<w>الماضي|المنصرم|الفائت|السابق|الجاري|الحالي|المقبل|القادم)|(?P<this>هذا\s+الاسبوع))")
_rel("month", "الشهر", r"(?:(?P<q>" + _QUAL + r"|النصف\s+(?:الاول|الثاني)\s+من)\s+)?(?:الشهر\s+(?P<w>الماضي|المنصرم|الفائت|السابق|الجاري|الحالي|المقبل|القادم)|(?P<this>هذا\s+الشهر))")
_rel("year", "", r"(?:(?P<q>" + _QUAL + r"|النصف\s+(?:الاول|الثاني)\s+من)\s+)?(?:(?:العام|السنه)\s+(?P<w>الماضي|الماضيه|المنصرم|المنصرمه|الفائت|الفائته|السابق|السابقه|الجاري|الجاريه|الحالي|الحاليه|المقبل|المقبله|القادم|القادمه)|(?P<this>هذا\s+العام|هذه\s+السنه))")
_rel("weekday", "", r"(?:(?P<tod>" + _TOD + r")\s+)?(?:(?:يوم|يومي)\s+)?(?P<wd>" + _WD + r")(?!\s+عشر)(?:\s*(?:[-–/]|و)\s*(?P<wd2>" + _WD + r")|\s+(?P<wd3>" + _WD + r"))?(?:\s+(?P<rel>الماضي|المنصرم|الفائت|السابق|المقبل|القادم|الماضيه|المنصرمه|الفائته|السابقه|المقبله|القادمه))?")



# -- calendar helpers ---------------------------------------------------------------

def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


def _qualified(start: date, end: date, q: Optional[str], unit: str) -> tuple[date, date]:
    """Narrow a month or year to its early / mid / late part or a half."""
    if not q:
        return start, end
    kind = QUALIFIERS.get(q.split()[0]) if not q.startswith("النصف") else ("h1" if "الاول" in q else "h2")
    if unit == "month":
        last = end.day
        spans = {"early": (1, 10), "mid": (10, 20), "late": (20, last), "h1": (1, 15), "h2": (16, last)}
        a, b = spans.get(kind, (1, last))
        return start.replace(day=a), start.replace(day=b)
    if unit == "year":
        spans = {"early": (1, 3), "mid": (5, 8), "late": (10, 12), "h1": (1, 6), "h2": (7, 12)}
        a, b = spans.get(kind, (1, 12))
        return date(start.year, a, 1), _month_end(start.year, b)
    if unit == "week":
        return start, end
    return start, end


def _safe_date(y: int, m: int, d: int) -> Optional[date]:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _hijri_year(d: date) -> int:
    from hijridate import Gregorian
    return Gregorian(d.year, d.month, d.day).to_hijri().year


def _hijri_to_gregorian(y: int, m: int, d: Optional[int]) -> Optional[tuple[date, date]]:
    try:
        from hijridate import Hijri
        if d:
            g = Hijri(y, m, d).to_gregorian()
            g = date(g.year, g.month, g.day)
            return g, g
        h = Hijri(y, m, 1)
        g1 = h.to_gregorian()
        g2 = Hijri(y, m, h.month_length()).to_gregorian()
        return date(g1.year, g1.month, g1.day), date(g2.year, g2.month, g2.day)
    except Exception:  # out of the supported range, an impossible day
        return None


# -- publication date ---------------------------------------------------------------

_ISO_RE = re.compile(
    r"^\s*(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[T\s]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})?\s*$", re.I)
_SLASH_RE = re.compile(r"^\s*(?P<a>\d{1,4})[/.](?P<b>\d{1,2})[/.](?P<c>\d{1,4})(?:[T\s,]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?\s*$")
_EPOCH_RE = re.compile(r"^\s*(?P<s>\d{9,10}|\d{12,13})(?:\.\d+)?\s*$")


def _fmt(d: date, hh: Optional[int] = None, mi: Optional[int] = None, ss: Optional[int] = None) -> str:
    if hh is None:
        return d.isoformat()
    return f"{d.isoformat()}T{hh:02d}:{mi or 0:02d}:{ss or 0:02d}"


def _valid_time(hh, mi, ss) -> bool:
    return 0 <= hh <= 23 and 0 <= (mi or 0) <= 59 and 0 <= (ss or 0) <= 60


def parse_published(raw) -> Optional[str]:
    """A metadata publication date to "YYYY-MM-DDTHH:MM:SS" or "YYYY-MM-DD"; None if unreadable."""
    if raw is None:
        return None
    if isinstance(raw, datetime):
        return _fmt(raw.date(), raw.hour, raw.minute, raw.second)
    if isinstance(raw, date):
        return raw.isoformat()
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        raw = str(int(raw))
    s = str(raw).strip()
    if not s:
        return None
    m = _ISO_RE.match(s)
    if m:
        d = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
        if d:
            if m["H"] is not None and _valid_time(int(m["H"]), int(m["M"]), int(m["S"] or 0)):
                return _fmt(d, int(m["H"]), int(m["M"]), int(m["S"] or 0))
            return d.isoformat()
    m = _EPOCH_RE.match(s)
    if m:
        v = int(m["s"])
        if v > 10**11:
            v //= 1000
        try:
            dt = datetime.fromtimestamp(v, tz=timezone.utc).replace(tzinfo=None)
        except (OverflowError, OSError, ValueError):
            dt = None
        if dt:
            return _fmt(dt.date(), dt.hour, dt.minute, dt.second)
    if re.search(r"[A-Za-z]{3}", s):
        t = parsedate_tz(s)
        if t and t[0] and t[1] and t[2]:
            d = _safe_date(t[0], t[1], t[2])
            if d:
                has_time = bool(re.search(r"\d{1,2}:\d{2}", s))
                return _fmt(d, t[3], t[4], t[5]) if has_time else d.isoformat()
    m = _SLASH_RE.match(s)
    if m:
        a, b, c = int(m["a"]), int(m["b"]), int(m["c"])
        d = _safe_date(a, b, c) if len(m["a"]) == 4 else _safe_date(c, b, a)  # Y/M/D or D/M/Y (Arab usage)
        if d is None and len(m["a"]) != 4:
            d = _safe_date(c, a, b)
        if d:
            if m["H"] is not None and _valid_time(int(m["H"]), int(m["M"]), int(m["S"] or 0)):
                return _fmt(d, int(m["H"]), int(m["M"]), int(m["S"] or 0))
            return d.isoformat()
    # Arabic strings: the grammar first (a full day-month-year), then dateparser for odd formats
    norm = normalize_for_matching(s)
    found = _dateline_in(norm)
    if found:
        return found
    return _dateparser_fallback(s)


def _dateparser_fallback(s: str) -> Optional[str]:
    try:
        import dateparser
    except ImportError:  # pragma: no cover
        return None
    if not re.search(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)", s):
        return None  # an explicit year or nothing: never a date computed from today
    try:
        dt = dateparser.parse(s, languages=["ar", "en", "fr"],
                              settings={"RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first",
                                        "REQUIRE_PARTS": ["day", "month", "year"],
                                        "PARSERS": ["timestamp", "custom-formats", "absolute-time"]})
    except Exception:
        return None
    if not dt:
        return None
    has_time = bool(re.search(r"\d{1,2}:\d{2}", s))
    return _fmt(dt.date(), dt.hour, dt.minute, dt.second) if has_time else dt.date().isoformat()


def _dateline_in(norm_line: str, min_coverage: float = 0.0) -> Optional[str]:
    """A full date (day, month, year) and an optional time in a normalized line."""
    for m in _MONTH_RE.finditer(norm_line):
        r = _absolute_at(norm_line, m, None, require_full=True)
        if not r:
            continue
        s, e, d1, d2, prec, rule, cal = r
        if prec != "day":
            continue
        t = re.match(_TIME, norm_line[e:])
        hh = mi = ss = None
        if t:
            hh, mi, ss = int(t["hh"]), int(t["mi"]), int(t["ss"] or 0)
            ap = t["ampm"]
            if ap in ("م", "pm", "p.m.", "مساء", "مساءا", "عصرا", "ليلا") and hh < 12:
                hh += 12
            elif ap == "ظهرا" and hh < 6:
                hh += 12
            elif ap in ("ص", "am", "a.m.", "صباحا", "صباح") and hh == 12:
                hh = 0
            if not _valid_time(hh, mi, ss):
                hh = mi = ss = None
            else:
                e += t.end()
        if min_coverage:
            letters = sum(1 for ch in norm_line if not ch.isspace())
            covered = sum(1 for ch in norm_line[s:e] if not ch.isspace())
            if letters == 0 or covered / letters < min_coverage:
                continue
        return _fmt(d1, hh, mi, ss)
    m = _NUMERIC_RE.search(norm_line)
    if m:
        y, mo, d = (m["y1"], m["m1"], m["d1"]) if m["y1"] else (m["y2"], m["m2"], m["d2"])
        dd = _safe_date(int(y), int(mo), int(d))
        if dd:
            e = m.end()
            t = re.match(_TIME, norm_line[e:])
            hh = mi = ss = None
            if t and _valid_time(int(t["hh"]), int(t["mi"]), int(t["ss"] or 0)):
                hh, mi, ss = int(t["hh"]), int(t["mi"]), int(t["ss"] or 0)
                e += t.end()
            if min_coverage:
                letters = sum(1 for ch in norm_line if not ch.isspace())
                covered = sum(1 for ch in norm_line[m.start():e] if not ch.isspace())
                if letters == 0 or covered / letters < min_coverage:
                    return None
            return _fmt(dd, hh, mi, ss)
    return None


_DATELINE_PREFIX = re.compile(r"^\s*(?:تاريخ\s+النشر|نشر\s+في|نشر\s+بتاريخ|نشر|اخر\s+تحديث|تم\s+النشر|تاريخ|بتاريخ|محدث|published|updated)\s*[:：\-–]?\s*", re.I)
DATELINE_MAX_LINES = 6
DATELINE_MAX_CHARS = 90


def find_dateline(text: str, max_lines: int = DATELINE_MAX_LINES) -> Optional[tuple[int, int, str]]:
    """The dateline among the first lines of an article: (line start, line end, ISO value).

    A dateline is a short line that is mostly a full date (and maybe a weekday, a
    time, a "نشر في:" prefix); a date inside a sentence is never one."""
    pos = 0
    seen = 0
    n = len(text)
    while pos < n and seen < max_lines:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        line = text[pos:end]
        if line.strip():
            seen += 1
            if len(line.strip()) <= DATELINE_MAX_CHARS and any(ch.isdigit() for ch in line):
                norm = normalize_for_matching(line)
                norm = _DATELINE_PREFIX.sub("", norm)
                value = _dateline_in(norm, min_coverage=0.6)
                if value:
                    return pos, end, value
        pos = end + 1
    return None


def resolve_publication(doc: Document) -> None:
    """Set doc.published and doc.published_source (metadata, else dateline)."""
    value = parse_published(doc.published_raw) if doc.published_raw not in (None, "") else None
    if value:
        doc.published, doc.published_source = value, "metadata"
        return
    if doc.published_raw not in (None, ""):
        doc.warnings.append(f"unreadable publication date: {str(doc.published_raw)[:60]!r}")
    found = doc.meta.get("dateline")
    if found is None:
        found = find_dateline(doc.text)
        doc.meta["dateline"] = found or False
    if found:
        doc.published, doc.published_source = found[2], "dateline"
    else:
        doc.published, doc.published_source = None, None


def pub_day(doc: Document) -> Optional[date]:
    if not doc.published:
        return None
    try:
        return date.fromisoformat(doc.published[:10])
    except ValueError:
        return None


# -- date expressions ---------------------------------------------------------------

def _infer_year(month: int, day: Optional[int], pub: Optional[date], rel: Optional[str]) -> Optional[int]:
    if pub is None:
        return None
    y = pub.year
    if rel in PAST_WORDS:
        if day:
            d = _safe_date(y, month, min(day, calendar.monthrange(y, month)[1]))
            return y if d and d < pub else y - 1
        return y if month < pub.month else y - 1
    if rel in NEXT_WORDS:
        if day:
            d = _safe_date(y, month, min(day, calendar.monthrange(y, month)[1]))
            return y if d and d > pub else y + 1
        return y if month > pub.month else y + 1
    if rel in THIS_WORDS:
        return y
    # unqualified: the year of pub, or the one before if that puts it > 2 months ahead
    if (month - pub.month) % 12 and month > pub.month + 2:
        return y - 1
    return y


def _absolute_at(norm: str, m: "re.Match", pub: Optional[date], require_full: bool = False):
    """Read the absolute date around a month-name match. Returns
    (start, end, d1, d2, precision, rule, calendar) in norm offsets, or None."""
    s, e = m.start(), m.end()
    hijri = m.group("h1") is not None
    if hijri:
        month = HIJRI_MONTHS[re.sub(r"\s+", " ", m.group("h1"))]
        name = m.group("h1")
    else:
        name = re.sub(r"\s+", " ", m.group("m1"))
        month = GREGORIAN_MONTHS[name]
        if m.group("m2"):
            other = GREGORIAN_MONTHS[re.sub(r"\s+", " ", m.group("m2"))]
            if other != month:  # two different months side by side: read only the first
                e = m.end("m1")
    left = norm[max(0, s - 40):s]
    day = None
    lm = _LEFT_DAY_RE.search(left)
    day_from = None
    if lm:
        day = int(lm.group("day")) if lm.group("day") else ORDINAL_DAYS.get(re.sub(r"\s+", " ", lm.group("oday")))
        if day and 1 <= day <= 31:
            s = s - (len(left) - lm.start())  # a weekday before the day joins the span
            # "بين 5 و15 أيار", "من 13 إلى 15 مارس": a range of days in one month
            rm_ = _LEFT_DAY_RANGE_RE.search(norm, max(0, s - 30), s)
            if rm_ and rm_.end() == s and 1 <= int(rm_.group("d1")) < day:
                day_from = int(rm_.group("d1"))
                s = rm_.start("k")
        else:
            day = None
    qual = None
    if day is None:
        qm = _LEFT_QUAL_RE.search(left)
        if qm:
            qual = re.sub(r"\s+", " ", qm.group("q"))
            s = s - (len(left) - qm.start("q"))
    year = None
    ym = _RIGHT_YEAR_RE.match(norm, e)
    if ym:
        y = int(ym.group("year"))
        if (hijri and 1300 <= y <= 1500) or (not hijri and 1900 <= y <= 2100):
            year = y
            e = ym.end()
    rel = None
    if year is None:
        om = _RIGHT_OF_YEAR_RE.match(norm, e)
        if om:
            e = om.end()
            if pub:
                shift = 0 if om.group("this") else -1 if om.group("last") else 1
                year = (_hijri_year(pub) if hijri else pub.year) + shift
        else:
            rm = _RIGHT_REL_RE.match(norm, e)
            if rm:
                rel = rm.group("rel")
                e = rm.end()
    if hijri:
        if year is None and day and pub:
            # "16 شعبان": the latest such day on or before publication
            hy = _hijri_year(pub)
            r = _hijri_to_gregorian(hy, month, day)
            year = hy if r and r[0] <= pub else hy - 1
        if year is None:
            return None  # a bare Hijri month name (رجب، رمضان) is as often a person's name
    elif name in AMBIGUOUS_MONTHS and not m.group("m2") and not day and not (ym and year) \
            and not re.search(r"شهر\s+$", left):
        return None  # "دعت إليها ماي العام الماضي" is Theresa May
    elif not day and year is None and not rel and not m.group("m2"):
        # a bare month name: only after a cue (في مارس، شهر مايو، مطلع أبريل); an
        # ambiguous one (مارس the verb, ماي the name) only after شهر or a qualifier
        if name in AMBIGUOUS_MONTHS:
            if not (qual or re.search(r"شهر\s+$", left)):
                return None
        elif not (qual or _LEFT_CUE_RE.search(left)):
            return None
    if require_full and (year is None or day is None):
        return None
    rule = "hijri_date" if hijri else "absolute_date"
    cal = "hijri" if hijri else "gregorian"
    if hijri:
        r = _hijri_to_gregorian(year, month, day)
        if r is None:
            return None
        d1, d2 = r
        if qual and not day:
            d1, d2 = _qualified(d1, d2, qual, "month") if d1.month == d2.month else (d1, d2)
        prec = "day" if day else ("range" if qual else "month")
        return s, e, d1, d2, prec, rule, cal
    if year is None:
        year = _infer_year(month, day, pub, rel)
        rule = "month_relative" if rel else "absolute_no_year"
    if year is None:
        return s, e, None, None, "day" if day else "month", rule, cal
    if day:
        d = _safe_date(year, month, day)
        if d is None:
            return None
        if day_from:
            return s, e, date(year, month, day_from), d, "range", rule, cal
        return s, e, d, d, "day", rule, cal
    d1, d2 = date(year, month, 1), _month_end(year, month)
    if qual:
        d1, d2 = _qualified(d1, d2, qual, "month")
        return s, e, d1, d2, "range", rule, cal
    return s, e, d1, d2, "month", rule, cal


def _numeric_at(norm: str, pos: int, cands: list) -> None:
    """20/02/2019, 2019-02-20 starting at pos."""
    m = _NUMERIC_RE.match(norm, pos)
    if not m:
        return
    y, mo, d = (m["y1"], m["m1"], m["d1"]) if m["y1"] else (m["y2"], m["m2"], m["d2"])
    dd = _safe_date(int(y), int(mo), int(d))
    if dd:
        cands.append((m.start(), m.end(), dd, dd, "day", False, "numeric_date", "gregorian"))


def _year_at(norm: str, starts: list, pub: Optional[date], cands: list) -> None:
    """"عام 2017", "في 2014", "منتصف العام 2015", Hijri years "1439 هـ": the year starts
    at the last of ``starts``."""
    m = None
    for st in starts:
        m = _YEAR_RE.match(norm, st)
        if m and m.start("y") == starts[-1]:
            break
        m = None
    if m is None:
        return
    y = int(m["y"])
    s = m.start()
    if m["hm"]:
        if not 1300 <= y <= 1500:
            return
        r1 = _hijri_to_gregorian(y, 1, 1)
        r2 = _hijri_to_gregorian(y, 12, None)
        if r1 and r2:
            cands.append((s, m.end(), r1[0], r2[1], "year", False, "hijri_year", "hijri"))
        return
    cue = m["cue"] or m["cue1"] or ""
    bare_cue = not re.search(r"عام|سنه", cue)
    if bare_cue and _COUNTED_AFTER_YEAR.match(norm, m.end("y")):
        return
    hi = (pub.year + 1) if pub else 2100
    if not (1900 <= y <= hi if bare_cue else 1800 <= y <= 2100):
        return
    d1, d2 = date(y, 1, 1), date(y, 12, 31)
    prec = "year"
    if m["q"]:
        d1, d2 = _qualified(d1, d2, re.sub(r"\s+", " ", m["q"]), "year")
        prec = "range"
    elif bare_cue:
        s = m.start("y")  # the span starts at the cue word (عام), never at a bare في
    else:
        # from the word that holds عام/سنه ("عام 2014", "للعام 2014"), a conjunction left out
        cm = re.search(r"(?:[وف](?=[^\W\d_]{3}))?(?P<w>[^\s]*(?:عام|سنه))", cue)
        s = m.start("cue") + cm.start("w")
    cands.append((s, m.end(), d1, d2, prec, False, "year", "gregorian"))


def _weekday_before(pub: date, wd: int, strict: bool) -> date:
    delta = (pub.weekday() - wd) % 7
    if delta == 0 and strict:
        delta = 7
    return pub - timedelta(days=delta)


def _weekday_after(pub: date, wd: int) -> date:
    delta = (wd - pub.weekday()) % 7 or 7
    return pub + timedelta(days=delta)


def _count(word: Optional[str]) -> Optional[int]:
    if not word:
        return None
    word = re.sub(r"\s+", " ", word.strip())
    if " " in word:  # "احد عشر", "اربع و عشرين"
        parts = [p for p in re.split(r"\s+و?\s*", word) if p]
        vals = [small_count(p[2:] if p.startswith("ال") else p) for p in parts]
        if all(v is not None for v in vals):
            return sum(vals)
        return None
    return small_count(word)


_UNIT_OF = {}
for _w in ("يوم", "يومين", "يومان", "ايام", "يوما", "اليومين", "الايام"):
    _UNIT_OF[_w] = "day"
for _w in ("اسبوع", "اسبوعين", "اسبوعان", "اسابيع", "الاسبوعين", "الاسابيع"):
    _UNIT_OF[_w] = "week"
for _w in ("شهر", "شهرين", "شهران", "اشهر", "شهور", "شهرا", "الشهرين", "الاشهر", "الشهور"):
    _UNIT_OF[_w] = "month"
for _w in ("عام", "عامين", "عامان", "اعوام", "سنه", "سنتين", "سنتان", "سنوات", "سنين", "العامين", "السنتين", "الاعوام", "السنوات"):
    _UNIT_OF[_w] = "year"
for _w in ("ساعه", "ساعتين", "ساعات", "الساعات", "الساعتين"):
    _UNIT_OF[_w] = "hour"
_DUAL = {"يومين", "يومان", "اسبوعين", "اسبوعان", "شهرين", "شهران", "عامين", "عامان", "سنتين", "سنتان", "ساعتين",
         "اليومين", "الاسبوعين", "الشهرين", "العامين", "السنتين", "الساعتين"}
_SINGULAR = {"يوم", "اسبوع", "شهر", "عام", "سنه", "ساعه"}


def _resolve_relative(rule: str, m: "re.Match", pub: date, future: bool = False):
    """(d1, d2, precision) for a relative rule match, or None."""
    g = m.groupdict()
    if rule == "earlier_today":
        p = g["p"]
        if p == "اليوم":
            return pub, pub, "day"
        if p.startswith("الاسبوع"):
            return pub - timedelta(days=6), pub, "week"
        if p.startswith("الشهر"):
            return pub.replace(day=1), pub, "month"
        return date(pub.year, 1, 1), pub, "year"
    if rule == "today":
        return pub, pub, "day"
    if rule == "yesterday":
        if g.get("tod") and g["tod"].startswith("ليل"):
            return pub - timedelta(days=1), pub, "range"
        return pub - timedelta(days=1), pub - timedelta(days=1), "day"
    if rule == "day_before_yesterday":
        d = pub - timedelta(days=2)
        return d, d, "day"
    if rule == "last_night":
        return pub - timedelta(days=1), pub, "range"
    if rule == "ago" or rule == "ago_vague":
        unit_word = g.get("u")
        unit = _UNIT_OF.get(unit_word or "", "day")
        if rule == "ago_vague" or g.get("vague"):
            n = None
        elif unit_word in _DUAL:
            n = 2
        elif unit_word in _SINGULAR and not g.get("n"):
            n = 1
        else:
            n = _count(g.get("n") or g.get("n2"))
            if n is None:
                # "قبل ايام" / "منذ سنوات": a vague plural
                n = None
        since = g.get("kw") == "منذ"
        if n is None:
            spans = {"day": (10, 1), "hour": (1, 0), "week": (35, 7), "month": (365, 30), "year": (3650, 365)}
            a, b = spans[unit]
            if since:
                return pub - timedelta(days=a), pub, "range"
            return pub - timedelta(days=a), pub - timedelta(days=b), "range"
        if unit == "hour":
            d = pub - timedelta(days=(n + 23) // 24) if n >= 24 else pub - timedelta(days=1)
            return d, pub, "range"
        if unit == "day":
            if n > 3660:
                return None
            d = pub - timedelta(days=n)
            return (d, pub, "range") if since else (d, d, "day")
        if unit == "week":
            c = pub - timedelta(days=7 * n)
            if since:
                return c, pub, "range"
            return c - timedelta(days=3), min(pub, c + timedelta(days=3)), "week"
        if unit == "month":
            if n > 240:
                return None
            y, mo = _add_months(pub.year, pub.month, -n)
            if since:
                return _safe_date(y, mo, min(pub.day, calendar.monthrange(y, mo)[1])), pub, "range"
            return date(y, mo, 1), _month_end(y, mo), "month"
        if unit == "year":
            if n > 200:
                return None
            y = pub.year - n
            if since:
                return date(y, 1, 1), pub, "range"
            return date(y, 1, 1), date(y, 12, 31), "year"
    if rule == "past_span":
        u = g["u"]
        unit = _UNIT_OF.get(u, "day")
        n = _count(g.get("n")) if g.get("n") else _count(g.get("n2"))
        if u in _DUAL:
            n = 2
        if unit == "hour":
            days = 1 if not n or n <= 24 else (n + 23) // 24
            return pub - timedelta(days=days), pub, "range"
        if unit == "day":
            return pub - timedelta(days=n or 7), pub, "range"
        if unit == "week":
            return pub - timedelta(days=7 * (n or 5)), pub, "range"
        if unit == "month":
            y, mo = _add_months(pub.year, pub.month, -(n or 3))
            return _safe_date(y, mo, min(pub.day, calendar.monthrange(y, mo)[1])), pub, "range"
        if unit == "year":
            return date(pub.year - (n or 3), pub.month, min(pub.day, 28)), pub, "range"
    if rule == "week":
        w = g.get("w")
        q = g.get("q")
        if g.get("this") or w in THIS_WORDS:
            return pub - timedelta(days=6), pub, "week"
        if w in NEXT_WORDS:
            return pub + timedelta(days=1), pub + timedelta(days=7), "week"
        d1, d2 = pub - timedelta(days=7), pub - timedelta(days=1)
        if q:
            kind = QUALIFIERS.get(q)
            if kind == "early":
                d2 = d1 + timedelta(days=2)
            elif kind == "late":
                d1 = d2 - timedelta(days=2)
            return d1, d2, "range"
        return d1, d2, "week"
    if rule == "month":
        w = g.get("w")
        if g.get("this") or w in THIS_WORDS:
            y, mo = pub.year, pub.month
        elif w in NEXT_WORDS:
            y, mo = _add_months(pub.year, pub.month, 1)
        else:
            y, mo = _add_months(pub.year, pub.month, -1)
        d1, d2 = date(y, mo, 1), _month_end(y, mo)
        if g.get("q"):
            d1, d2 = _qualified(d1, d2, re.sub(r"\s+", " ", g["q"]), "month")
            return d1, d2, "range"
        return d1, d2, "month"
    if rule == "year":
        w = g.get("w") or ""
        if g.get("this") or w.startswith(("الجاري", "الحالي")):
            y = pub.year
        elif w.startswith(("المقبل", "القادم")):
            y = pub.year + 1
        else:
            y = pub.year - 1
        d1, d2 = date(y, 1, 1), date(y, 12, 31)
        if g.get("q"):
            d1, d2 = _qualified(d1, d2, re.sub(r"\s+", " ", g["q"]), "year")
            return d1, d2, "range"
        return d1, d2, "year"
    if rule == "weekday":
        wd = WEEKDAYS[g["wd"]]
        rel = g.get("rel")
        if rel and rel.endswith("ه"):
            rel = rel[:-1]  # الماضية → الماضي
        if rel in NEXT_WORDS:
            d = _weekday_after(pub, wd)
        elif rel is None and future:
            d = pub + timedelta(days=(wd - pub.weekday()) % 7)  # "سيعقد الجمعة": on or after pub
        else:
            d = _weekday_before(pub, wd, strict=bool(rel))
        wd2 = g.get("wd2") or g.get("wd3")
        if wd2:
            w2 = WEEKDAYS[wd2]
            if (w2 - wd) % 7 == 1:  # "ليل الثلاثاء - الأربعاء": a night across two days
                d2 = d + timedelta(days=1)
                if d2 > pub and rel not in NEXT_WORDS:
                    d, d2 = d - timedelta(days=7), d2 - timedelta(days=7)
                return d, d2, "range"
        return d, d, "day"
    return None


# -- anchors: the grammar runs only where a date word is (dict lookups over tokens) --

_TOKEN_RE = re.compile(r"[^\W\d_]+|\d+")
_REL_BY_NAME = {name: rx for name, _, rx in _REL_RULES}
# anchor word -> ((rule, how many tokens back the expression may start), ...)
_ANCHORS: dict[str, tuple] = {}


def _anchor(words, *rules) -> None:
    for w in words:
        _ANCHORS[normalize_for_matching(w)] = _ANCHORS.get(normalize_for_matching(w), ()) + tuple(rules)


_anchor(["امس", "الامس"], ("day_before_yesterday", 4), ("last_night", 1), ("yesterday", 2))
_anchor(["اليوم"], ("earlier_today", 5), ("today", 2))
_anchor(["وقت"], ("earlier_today", 1))
_anchor(["الليله", "ليله", "ليل"], ("last_night", 0))
_anchor(["قبل", "منذ"], ("ago", 0), ("ago_vague", 0))
_anchor(["الماضيه", "الاخيره", "المنصرمه", "الفائته", "الماضيين", "الاخيرين", "الماضيتين", "الاخيرتين"], ("past_span", 8))
_anchor(["الاسبوع"], ("week", 2))
_anchor(["الشهر"], ("month", 4))
_anchor(["العام", "السنه"], ("year", 4))
_anchor(["هذا"], ("week", 1), ("month", 1), ("year", 1))
_anchor(["هذه"], ("year", 1))
_anchor(list(WEEKDAYS), ("weekday", 3))
_MONTH_FIRST_WORDS = {k.split()[0] for k in list(GREGORIAN_MONTHS) + list(HIJRI_MONTHS)}


def _relative_at(norm: str, name: str, starts: list, back: int):
    """The longest match of relative rule ``name`` starting up to ``back`` tokens before
    the anchor (the last of ``starts``) and reaching past its start."""
    rx = _REL_BY_NAME[name]
    anchor_start = starts[-1]
    for st in starts[-1 - back:]:
        m = rx.match(norm, st)
        if m and m.end() > anchor_start:
            return m
    return None


def _dates_at(norm: str, tok_start: int, word_start: int, word: str, pub: Optional[date],
              cands: list, seen_rel: set) -> None:
    if word in _MONTH_FIRST_WORDS:
        m = _MONTH_RE.match(norm, word_start)
        if m:
            r = _absolute_at(norm, m, pub)
            if r:
                s_, e_, d1, d2, prec, rule, cal = r
                cands.append((s_, e_, d1, d2, prec, rule not in ("absolute_date", "hijri_date"), rule, cal))
    rules = _ANCHORS.get(word)
    if not rules:
        return
    starts = _token_starts_before(norm, tok_start, 8)
    for name, back in rules:
        m = _relative_at(norm, name, starts, back)
        if m is None:
            continue
        s_, e_ = m.start("x"), m.end("x")
        if name == "weekday" and _GENERIC_WEEKDAY.search(norm, max(0, s_ - 16), s_):
            continue
        key = (name, s_, e_)
        if key in seen_rel:
            continue
        seen_rel.add(key)
        if pub is None:
            cands.append((s_, e_, None, None, "day", True, name, "gregorian"))
            continue
        future = name == "weekday" and _future_before(norm, s_)
        r = _resolve_relative(name, m, pub, future)
        if r is None or r[0] is None:
            continue
        d1, d2, prec = r
        cands.append((s_, e_, d1, d2, prec, True, "weekday_future" if future else name, "gregorian"))


_PREFIX_FORMS = ("", "و", "ف", "ب", "وب", "ل", "ول", "فب")
_ANCHOR_FORMS: dict[str, tuple[str, int]] = {}  # written form -> (anchor word, prefix length)
for _w in list(_ANCHORS) + sorted(_MONTH_FIRST_WORDS):
    for _p in _PREFIX_FORMS:
        _ANCHOR_FORMS.setdefault(_p + _w, (_w, len(_p)))
_ANCHOR_SET = frozenset(_ANCHOR_FORMS)
_DIGIT_ANCHOR = re.compile(r"(?<!\d)(?:\d{1,4}[/.\-]\d|\d{4}(?!\d))")
_BACK_TOKENS = re.compile(r"[^\W\d_]+|\d+")


_SINCE_RULES = {"absolute_date", "absolute_no_year", "month_relative", "year", "numeric_date", "hijri_date", "hijri_year"}
_SINCE_BEFORE = re.compile(r"(?<![^\W\d_])[وف]?(?P<k>منذ)\s+")
# a weekday after these words is any such day, not a date: صلاة الجمعة، كل يوم أحد، أيام السبت
_GENERIC_WEEKDAY = re.compile(r"(?<![^\W\d_])(?:صلاه|صلوات|خطبه|خطب|خطباء|خطيب|كل|ايام|عطله|عطل)\s+(?:يوم\s+)?$")


# a future verb or phrase shortly before a weekday: "سيعقد الاجتماع الجمعة", "من المقرر أن ... الأحد"
_FUTURE_WORD = re.compile(r"(?<![^\W\d_])(?:[وف]?س(?!ياس|يار|يطر|يد|ينا|يول|يف|ير|يل|يئ|تين|ته|توك|تار|تراتيج|نغا|نوات|نه|نين|نا)[يتن][^\W\d_]{2,}"
                          r"|سوف|المقرر|المرتقب|المتوقع|المزمع)(?![^\W\d_])")


def _future_before(norm: str, pos: int) -> bool:
    """A future marker among the (up to) four words before pos, in the same clause."""
    lo = max(0, pos - 60)
    window = norm[lo:pos]
    cut = max(window.rfind("."), window.rfind("،"), window.rfind("\n"), window.rfind(","))
    if cut >= 0:
        window = window[cut + 1:]
    words = window.split()[-4:]
    return bool(words) and bool(_FUTURE_WORD.search(" ".join(words)))


def _token_starts_before(norm: str, pos: int, k: int = 8) -> list:
    """Start offsets of up to k tokens before pos, then pos itself."""
    lo = max(0, pos - 120)
    st = [m.start() for m in _BACK_TOKENS.finditer(norm, lo, pos)] if pos else []
    if st and lo > 0:
        st = st[1:]  # the first may be cut
    return st[-k:] + [pos]


def find_dates(norm: str, pub: Optional[date]) -> list[tuple]:
    """Date expressions in a normalized text: (start, end, d1, d2, precision, relative, rule, calendar),
    norm offsets, longest match first where two overlap.

    The grammar runs only around anchor words (a month or weekday name, أمس، اليوم، قبل،
    منذ، الماضية، الأسبوع، a four-digit number...): a C-level set intersection finds which
    anchors the text holds, then each rule is matched where they are."""
    cands: list[tuple] = []
    hits = _ANCHOR_SET.intersection(_TOKEN_RE.findall(norm))
    n = len(norm)
    seen_rel: set = set()
    for form in hits:
        word, plen = _ANCHOR_FORMS[form]
        p = norm.find(form)
        L = len(form)
        while p >= 0:
            e = p + L
            if (p == 0 or not norm[p - 1].isalpha()) and (e >= n or not norm[e].isalpha()):
                _dates_at(norm, p, p + plen, word, pub, cands, seen_rel)
            p = norm.find(form, p + 1)
    for m in _DIGIT_ANCHOR.finditer(norm):
        pos = m.start()
        w = m.group(0)
        if w.isdigit():
            if w[:2] in ("19", "20", "18", "13", "14"):
                _year_at(norm, _token_starts_before(norm, pos, 5), pub, cands)
        else:
            _numeric_at(norm, pos, cands)
    # keep the longest of overlapping candidates
    trimmed = []
    for c in cands:
        s, e = c[0], c[1]
        while e > s and norm[e - 1] in " \t\n\r)/(،,":
            e -= 1
        while s < e and norm[s].isspace():
            s += 1
        c = (s, e) + tuple(c[2:])
        if c[6] in _SINCE_RULES:
            # "منذ 18 شباط/فبراير", "منذ عام 2014": from that date to publication
            sm = _SINCE_BEFORE.search(norm, max(0, s - 12), s)
            if sm and sm.end() == s:
                d1, d2 = c[2], c[3]
                if pub is not None and d1 is not None and d1 <= pub:
                    d2 = pub
                c = (sm.start("k"), e, d1, d2, "range", c[5], c[6] + "_since", c[7])
        trimmed.append(c)
    cands = trimmed
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken: list[tuple] = []
    used = bytearray(len(norm) + 1)  # characters already in a kept expression (linear, not pairwise)
    for c in cands:
        s, e = c[0], c[1]
        if e > s and not any(used[s:e]):
            taken.append(c)
            used[s:e] = b"\x01" * (e - s)
    taken.sort(key=lambda c: c[0])
    return taken


def annotate_dates(doc: Document) -> list[DateMention]:
    """Run the grammar over doc.norm; DateMentions with spans into doc.text."""
    if not doc.norm and doc.text:
        doc.norm, doc.norm_to_orig = normalize_with_map(doc.text)
    pub = pub_day(doc)
    out: list[DateMention] = []
    skip = doc.meta.get("dateline")
    for s, e, d1, d2, prec, relative, rule, cal in find_dates(doc.norm, pub):
        a, b = doc.orig_span(s, e)
        b = end_with_marks(doc.text, b)
        if skip and skip[0] <= a < skip[1]:
            rule = "dateline"
        sent = doc.sentence_at(a)
        out.append(DateMention(
            start=a, end=b, text=doc.text[a:b],
            value_start=d1.isoformat() if d1 else None, value_end=d2.isoformat() if d2 else None,
            precision=prec, relative=relative, rule=rule,
            sentence_id=sent.id if sent is not None else -1, calendar=cal))
    return out


def date_for_sentence(doc: Document, sentence_id: int, near_offset: Optional[int] = None) -> Optional[DateMention]:
    """The resolved date expression of a sentence nearest to ``near_offset`` (an offset of
    doc.text), else the first one; None when the sentence has none. Callers fall back to
    the publication date themselves."""
    best = None
    best_dist = None
    for d in doc.dates:
        if d.sentence_id != sentence_id or d.value_start is None or d.rule == "dateline":
            continue
        if near_offset is None:
            return d
        dist = 0 if d.start <= near_offset < d.end else min(abs(d.start - near_offset), abs(d.end - near_offset))
        if best_dist is None or dist < best_dist:
            best, best_dist = d, dist
    return best
