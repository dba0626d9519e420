"""Shared fixtures for the store tests: a fresh store on each backend, and hand-built documents.

The PostgreSQL backend is tested against a real server: MARSAD_TEST_POSTGRES (default
postgresql://marsad:marsad@localhost/marsad_test, which .ci/setup.d/10-postgres.sh
creates). Each test gets its own schema, dropped afterwards. When no server answers the
PostgreSQL tests are skipped — except under CI=true, where they fail instead.
"""
from __future__ import annotations

import os
import secrets
from typing import Optional
from urllib.parse import quote

import pytest

from marsad.doc import Argument, Document, Event, Mention, Place, Quantity

PG_URL = os.environ.get("MARSAD_TEST_POSTGRES", "postgresql://marsad:marsad@localhost/marsad_test")
BACKENDS = ["duckdb", "postgres"]


def _pg_available() -> Optional[str]:
    try:
        import psycopg

        with psycopg.connect(PG_URL, connect_timeout=3) as con:
            con.execute("SELECT 1")
        return None
    except Exception as exc:  # no server, no role, no database
        return f"{type(exc).__name__}: {exc}"


def _pg_or_skip() -> None:
    problem = _pg_available()
    if problem:
        msg = f"PostgreSQL not reachable at {PG_URL} ({problem})"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(msg + " — under CI the store must be tested against a real server")
        pytest.skip(msg)


def pg_schema_url(schema: str) -> str:
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options={quote(f'-csearch_path={schema}')}"


@pytest.fixture
def db_url(request, tmp_path):
    """A database location (DuckDB file or PostgreSQL URL with its own schema) per backend."""
    backend = getattr(request, "param", "duckdb")
    if backend == "duckdb":
        yield str(tmp_path / "test.duckdb")
        return
    _pg_or_skip()
    import psycopg

    schema = "t_" + secrets.token_hex(6)
    with psycopg.connect(PG_URL, autocommit=True) as con:
        con.execute(f"CREATE SCHEMA {schema}")
    try:
        yield pg_schema_url(schema)
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as con:
            con.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def store(db_url):
    from marsad.store import open_store

    s = open_store(db_url)
    try:
        yield s
    finally:
        s.close()


def both_backends(fn):
    """Run a test that takes ``db_url`` or ``store`` on DuckDB and PostgreSQL."""
    return pytest.mark.parametrize("db_url", BACKENDS, indirect=True)(fn)


# -- hand-built documents -----------------------------------------------------------

def _span(text: str, part: str) -> tuple[int, int]:
    i = text.index(part)
    return i, i + len(part)


def make_doc(id: str, text: str, *, outlet: Optional[str] = None, published: Optional[str] = None,
             events: list[dict] = ()) -> Document:
    """A Document with the events described (as the extraction stages would fill it).

    Each event dict: type, trigger, and optionally actor, actor_id, target, place (text),
    place_name, country, lat, lon, precision, date, killed, certainty, mode."""
    doc = Document(id=id, text=text, outlet=outlet, published=published, published_raw=published)
    for n, spec in enumerate(events):
        sent = text  # one-sentence articles suffice here
        def arg(key, mention_type=None):
            if not spec.get(key):
                return None
            s, e = _span(text, spec[key])
            ref = None
            if mention_type:
                ref = f"m{n}{key}"
                doc.mentions.append(Mention(id=ref, start=s, end=e, text=spec[key], type=mention_type,
                                            actor_id=spec.get(f"{key}_id"), kind=spec.get(f"{key}_kind")))
            return Argument(text=spec[key], start=s, end=e, ref=ref)

        place = None
        if spec.get("place"):
            s, e = _span(text, spec["place"])
            pid = f"p{n}"
            doc.places.append(Place(id=pid, start=s, end=e, text=spec["place"], name=spec.get("place_name"),
                                    country=spec.get("country"), admin1=spec.get("admin1"), lat=spec.get("lat"),
                                    lon=spec.get("lon"), precision=spec.get("precision", 4)))
            place = Argument(text=spec["place"], start=s, end=e, ref=pid)
        ts, te = _span(text, spec["trigger"])
        quantities = []
        if spec.get("killed") is not None:
            quantities.append(Quantity(kind="killed", value=spec["killed"], low=None, high=None, text="",
                                       start=ts, end=te))
        doc.events.append(Event(
            id=f"e{n}", type=spec["type"], sentence_id=0, sentence=sent,
            trigger=Argument(text=spec["trigger"], start=ts, end=te),
            mode=spec.get("mode"), actor=arg("actor", "ORG"), target=arg("target", "ORG"), place=place,
            date=spec.get("date"), date_precision="day" if spec.get("date") else None,
            certainty=spec.get("certainty", "asserted"), quantities=quantities,
            acled_event_type=spec.get("acled_event_type"), rule="test", confidence=spec.get("confidence", 0.9)))
    return doc


# Two outlets report one air strike on Kafr Nabl (Idlib) the same day; a third text is
# a syndicated copy of the second; a fourth is an unrelated protest in Baghdad.
STRIKE_A = ("قتل ثلاثة مدنيين وأصيب خمسة آخرون في غارة جوية شنتها طائرات حربية على بلدة كفرنبل "
            "بريف إدلب الجنوبي فجر الثلاثاء، بحسب ما أفاد به الدفاع المدني في المنطقة، الذي أشار إلى "
            "أن فرقه عملت لساعات على انتشال العالقين تحت أنقاض منزلين دمرتهما الغارة بالكامل.")
STRIKE_B = ("أفاد ناشطون محليون بأن طائرات حربية استهدفت بلدة كفرنبل جنوبي إدلب بعدة غارات صباح اليوم، "
            "ما أدى إلى مقتل ثلاثة مدنيين بينهم طفل، في تصعيد جديد تشهده المنطقة منذ مطلع الشهر الجاري "
            "رغم اتفاق وقف إطلاق النار المعلن، وسط مخاوف من موجة نزوح جديدة نحو الحدود التركية.")
STRIKE_B_COPY = STRIKE_B + " (المصدر: وكالات)"
PROTEST = ("تظاهر مئات الطلاب في ساحة التحرير وسط بغداد للمطالبة بتوفير فرص عمل للخريجين، "
           "ورفع المحتجون لافتات تندد بتفشي البطالة وتطالب الحكومة بإجراءات عاجلة لمعالجة الأزمة.")

IDLIB_STRIKE = dict(type="ASSAULT", trigger="غارة", actor="طائرات حربية", place="كفرنبل", place_name="Kafr Nabl",
                    country="SY", admin1="Idlib", lat=35.614, lon=36.561, killed=3,
                    acled_event_type="Explosions/Remote violence")


def strike_docs() -> list[Document]:
    a = make_doc("a", STRIKE_A, outlet="وكالة الأنباء المحلية", published="2021-03-02",
                 events=[IDLIB_STRIKE | dict(date="2021-03-02")])
    b = make_doc("b", STRIKE_B, outlet="صحيفة المساء", published="2021-03-02",
                 events=[IDLIB_STRIKE | dict(trigger="غارات", date="2021-03-02", lat=35.62, lon=36.55)])
    return [a, b]


def protest_doc() -> Document:
    return make_doc("p", PROTEST, outlet="صحيفة المساء", published="2021-03-05",
                    events=[dict(type="PROTEST", trigger="تظاهر", actor="مئات الطلاب", place="بغداد",
                                 place_name="Baghdad", country="IQ", lat=33.34, lon=44.40, date="2021-03-05",
                                 mode="demonstrate")])


def test_fixture_documents_are_consistent():
    for d in strike_docs() + [protest_doc()]:
        for e in d.events:
            assert d.text[e.trigger.start:e.trigger.end] == e.trigger.text
            if e.place:
                assert d.text[e.place.start:e.place.end] == e.place.text
