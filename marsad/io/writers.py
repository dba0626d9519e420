"""Records out: JSON, JSONL, CSV (one row per event) and a terminal table.

Every writer takes the records of :func:`marsad.serialize.to_record` one at a time
(``write(record)``) and is closed with ``close()``; none holds more than one record,
so a batch of any size runs in bounded memory (``json`` streams its array too).
Only the table view reorders Arabic for display (:mod:`marsad.io.bidi`); the data
formats keep the text exactly as read.
"""
from __future__ import annotations

import csv
import json
from typing import Any, Optional, TextIO

FORMATS = ("json", "jsonl", "csv", "table", "geojson")

# One row per event. Article columns repeat on each of its events; an article with no
# event gives no row (use jsonl for everything). Documented in docs/OUTPUT.md.
CSV_COLUMNS = (
    "article_id", "published", "outlet", "url", "title",
    "event_id", "type", "mode", "date", "date_end", "date_precision",
    "actor", "actor_canonical", "actor_code",
    "target", "target_canonical", "target_code",
    "place", "place_name", "country", "admin1", "lat", "lon", "geonameid",
    "source", "certainty", "negated", "historical", "quantities",
    "cameo", "acled_event_type", "acled_sub_event_type", "trigger", "sentence", "confidence",
)


class JsonlWriter:
    """One JSON record a line (UTF-8, Arabic as is)."""

    def __init__(self, out: TextIO):
        self.out = out
        self.count = 0

    def write(self, rec: dict) -> None:
        self.out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        self.count += 1

    def close(self) -> None:
        self.out.flush()


class JsonWriter:
    """A JSON array of records, always an array (even of one), written as it goes."""

    def __init__(self, out: TextIO):
        self.out = out
        self.count = 0

    def write(self, rec: dict) -> None:
        body = json.dumps(rec, ensure_ascii=False, indent=2)
        self.out.write(("[\n" if self.count == 0 else ",\n") + _indent(body))
        self.count += 1

    def close(self) -> None:
        self.out.write("[]\n" if self.count == 0 else "\n]\n")
        self.out.flush()


def _indent(s: str) -> str:
    return "\n".join("  " + line for line in s.splitlines())


def _by_id(items: list) -> dict:
    return {x.get("id"): x for x in items or [] if isinstance(x, dict) and x.get("id")}


def _ref(arg: Optional[dict]) -> Optional[str]:
    return arg.get("ref") if isinstance(arg, dict) else None


def event_rows(rec: dict) -> list[dict]:
    """The CSV rows of one record: one per event, resolved through its mentions and places."""
    mentions = _by_id(rec.get("mentions") or rec.get("entities") or [])
    places = _by_id(rec.get("places") or [])
    rows = []
    for ev in rec.get("events") or []:
        actor = mentions.get(_ref(ev.get("actor_ref"))) or {}
        target = mentions.get(_ref(ev.get("target_ref"))) or {}
        place = places.get(_ref(ev.get("place_ref")))
        if place is None:  # the argument may point to the place's mention
            m = mentions.get(_ref(ev.get("place_ref"))) or {}
            place = places.get(m.get("place_id")) or {}
        trigger = ev.get("trigger") or {}
        quantities = ";".join(
            f"{q.get('kind')}={q.get('value') if q.get('value') is not None else str(q.get('low')) + '-' + str(q.get('high'))}"
            for q in ev.get("quantities") or [] if isinstance(q, dict))
        rows.append({
            "article_id": rec.get("id"), "published": rec.get("published"), "outlet": rec.get("outlet"),
            "url": rec.get("url"), "title": rec.get("title"),
            "event_id": ev.get("id"), "type": ev.get("type"), "mode": ev.get("mode"),
            "date": ev.get("date"), "date_end": ev.get("date_end"), "date_precision": ev.get("date_precision"),
            "actor": ev.get("actor"), "actor_canonical": actor.get("canonical"), "actor_code": actor.get("actor_code"),
            "target": ev.get("target"), "target_canonical": target.get("canonical"),
            "target_code": target.get("actor_code"),
            "place": ev.get("place"), "place_name": place.get("name"), "country": place.get("country"),
            "admin1": place.get("admin1"), "lat": place.get("lat"), "lon": place.get("lon"),
            "geonameid": place.get("geonameid"),
            "source": ev.get("source"), "certainty": ev.get("certainty"), "negated": ev.get("negated"),
            "historical": ev.get("historical"), "quantities": quantities or None,
            "cameo": ev.get("cameo"), "acled_event_type": ev.get("acled_event_type"),
            "acled_sub_event_type": ev.get("acled_sub_event_type"),
            "trigger": trigger.get("text") if isinstance(trigger, dict) else trigger,
            "sentence": ev.get("sentence"), "confidence": ev.get("confidence"),
        })
    return rows


class CsvWriter:
    """One row per event (columns: :data:`CSV_COLUMNS`), header first; booleans as true/false."""

    def __init__(self, out: TextIO):
        self.out = out
        self.writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
        self.writer.writeheader()
        self.count = 0
        self.rows = 0

    def write(self, rec: dict) -> None:
        for row in event_rows(rec):
            self.writer.writerow({k: _cell(v) for k, v in row.items()})
            self.rows += 1
        self.count += 1

    def close(self) -> None:
        self.out.flush()


def _cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return " ".join(v.split())  # one line a cell: sentences may hold line breaks
    return v


class TableWriter:
    """A readable terminal view of each article with rich; Arabic shaped and reordered."""

    def __init__(self, out: TextIO, *, bidi: Optional[bool] = None, width: Optional[int] = None,
                 color: Optional[bool] = None):
        from rich.console import Console

        from . import bidi as _bidi

        self.bidi = _bidi.enabled() if bidi is None else bidi
        self.console = Console(file=out, width=width, highlight=False, soft_wrap=False,
                               no_color=(color is False) or None, force_terminal=color or None)
        self.count = 0

    def _v(self, s: Any) -> str:
        from .bidi import visual

        return "" if s is None else visual(str(s), on=self.bidi)

    def _block(self, s: str, width: int):
        from rich.text import Text

        from .bidi import visual_block

        return Text(visual_block(" ".join((s or "").split()), width, on=self.bidi), justify="right")

    def write(self, rec: dict) -> None:
        from rich import box
        from rich.rule import Rule
        from rich.table import Table
        from rich.text import Text

        c = self.console
        width = c.width
        if self.count:
            c.print()
        c.print(Rule(Text(f" {rec.get('id')} ", style="bold"), align="left"))
        if rec.get("title"):
            c.print(self._block(rec["title"], width - 2), style="bold", justify="right")
        meta = [f"published {rec.get('published') or '?'}"
                + (f" ({rec['published_source']})" if rec.get("published_source") else "")]
        for key in ("outlet", "language", "url"):
            if rec.get(key):
                meta.append(f"{key} {self._v(rec[key])}")
        c.print(Text(" · ".join(meta), style="dim"))
        for w in rec.get("warnings") or []:
            c.print(Text(f"warning: {w}", style="yellow"))

        def table(title: str, cols: list[tuple[str, str]], rows: list[list]) -> None:
            if not rows:
                return
            t = Table(title=Text(f"{title} ({len(rows)})", style="bold"), title_justify="left",
                      box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
            for name, justify in cols:
                t.add_column(name, justify=justify, overflow="fold")
            for r in rows:
                t.add_row(*[Text(self._v(x)) if not isinstance(x, Text) else x for x in r])
            c.print(t)

        table("dates", [("text", "right"), ("value", "left"), ("precision", "left")],
              [[d.get("text"), _range(d.get("value_start"), d.get("value_end")), d.get("precision")]
               for d in rec.get("dates") or []])
        seen: dict[tuple, int] = {}  # one line per distinct entity, with how often it occurs
        for e in rec.get("entities") or []:
            key = (e.get("text"), e.get("type"), e.get("canonical"), e.get("actor_code"))
            seen[key] = seen.get(key, 0) + 1
        table("entities", [("text", "right"), ("type", "left"), ("canonical", "left"), ("code", "left"), ("n", "right")],
              [[*key, str(n)] for key, n in seen.items()])
        table("places", [("text", "right"), ("name", "left"), ("country", "left"), ("lat, lon", "left")],
              [[p.get("text"), p.get("name"), p.get("country"),
                f"{p['lat']:.3f}, {p['lon']:.3f}" if p.get("lat") is not None and p.get("lon") is not None else ""]
               for p in rec.get("places") or []])
        events = rec.get("events") or []
        if events:
            c.print(Text(f"events ({len(events)})", style="bold"))
        for ev in events:
            head = Text()
            head.append(f"{ev.get('type')}", style="bold cyan")
            if ev.get("mode"):
                head.append(f"/{ev['mode']}")
            head.append(f"  {ev.get('date') or '?'}  {ev.get('certainty')}")
            if ev.get("negated"):
                head.append("  NEGATED", style="red")
            c.print(head)
            args = Table.grid(padding=(0, 1))
            args.add_column(justify="left", style="dim")
            args.add_column(justify="right")
            for role in ("actor", "target", "place", "source"):
                if ev.get(role):
                    args.add_row(role, Text(self._v(ev[role])))
            c.print(args)
            c.print(self._block(ev.get("sentence") or "", width - 4), style="italic", justify="right")
        self.count += 1

    def close(self) -> None:
        self.console.file.flush()


def _range(a: Optional[str], b: Optional[str]) -> str:
    if not a:
        return ""
    return a if not b or a == b else f"{a} … {b}"


def make_writer(fmt: str, out: TextIO, **table_options):
    if fmt == "jsonl":
        return JsonlWriter(out)
    if fmt == "json":
        return JsonWriter(out)
    if fmt == "csv":
        return CsvWriter(out)
    if fmt == "table":
        return TableWriter(out, **table_options)
    if fmt == "geojson":  # one FeatureCollection of places and located events (marsad.gazetteer.geojson)
        from ..gazetteer.geojson import GeoJSONWriter

        return GeoJSONWriter(out)
    raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
