"""Events as plain tables: CSV, JSONL (with their reports), Parquet, and a terminal table."""
from __future__ import annotations

import csv
import datetime as _dt
import io
import json
from typing import IO, Iterable, Optional, Sequence, Union

from ..store.schema import TABLES, columns

EVENT_COLUMNS = columns("events")


def _plain(v):
    if isinstance(v, (_dt.date, _dt.datetime)):
        return v.isoformat()
    return v


def _open(out, mode="w"):
    own = isinstance(out, str) or hasattr(out, "__fspath__")
    return (open(out, mode, encoding="utf-8", newline="") if own else (out or io.StringIO())), own


def write_csv(events: Iterable[dict], out: Union[str, IO[str], None] = None,
              cols: Sequence[str] = EVENT_COLUMNS) -> Optional[str]:
    f, own = _open(out)
    try:
        w = csv.DictWriter(f, fieldnames=list(cols), extrasaction="ignore")
        w.writeheader()
        for ev in events:
            w.writerow({c: _plain(ev.get(c)) for c in cols})
        if out is None:
            return f.getvalue()
    finally:
        if own:
            f.close()
    return None


def write_jsonl(events: Iterable[dict], out: Union[str, IO[str], None] = None,
                reports: Optional[dict] = None) -> Optional[str]:
    """One event a line (events columns, JSON columns decoded), with its reports when given."""
    f, own = _open(out)
    try:
        for ev in events:
            rec = {k: _plain(v) for k, v in ev.items()}
            for k in ("sources", "report_ids", "article_ids", "merge_params"):
                if isinstance(rec.get(k), str):
                    try:
                        rec[k] = json.loads(rec[k])
                    except ValueError:
                        pass
            if reports is not None:
                rec["reports"] = [{k: _plain(v) for k, v in r.items()} for r in reports.get(ev.get("event_id"), [])]
            f.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
        if out is None:
            return f.getvalue()
    finally:
        if own:
            f.close()
    return None


def arrow_table(rows: Iterable[dict], table: str = "events"):
    """Rows of a store table as a typed pyarrow Table (the store schema's types)."""
    import pyarrow as pa

    from ..store.backend import _arrow_type

    rows = list(rows)
    cols = TABLES[table].columns
    return pa.Table.from_arrays([pa.array([r.get(c) for r in rows], type=_arrow_type(t)) for c, t in cols],
                                names=[c for c, _ in cols])


def write_parquet(events: Iterable[dict], out, table: str = "events") -> None:
    import pyarrow.parquet as pq

    pq.write_table(arrow_table(events, table), out)


def format_table(events: Iterable[dict], cols: Sequence[str] = ("date", "type", "actor", "target", "location",
                                                                  "country", "n_reports", "n_sources")) -> str:
    """A plain-text table for the terminal (widths by character, right-to-left text left as is)."""
    rows = [[str(_plain(e.get(c)) if e.get(c) is not None else "") for c in cols] for e in events]
    widths = [max([len(c)] + [min(len(r[i]), 40) for r in rows]) for i, c in enumerate(cols)]
    line = "  ".join(c.ljust(w) for c, w in zip(cols, widths))
    out = [line, "  ".join("-" * w for w in widths)]
    for r in rows:
        out.append("  ".join((v if len(v) <= 40 else v[:39] + "…").ljust(w) for v, w in zip(r, widths)))
    return "\n".join(out)
