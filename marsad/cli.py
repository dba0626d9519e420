"""marsad's command line: a thin shell over functions a user can call from Python."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

from .io.readers import Article, Reject, read_inputs

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="marsad (مرصد): structured, geolocated, source-attributed events from Arabic news.")


@app.callback()
def _root() -> None:
    """marsad (مرصد): structured, geolocated, source-attributed events from Arabic news."""


@app.command()
def extract(
    inputs: List[str] = typer.Argument(..., help="Files (.txt, .html, .jsonl), directories, or - for stdin."),
    format: str = typer.Option("json", "--format", "-f", help="json | jsonl | csv | table"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    rejects: Optional[Path] = typer.Option(None, "--rejects", help="Write rejected records here (JSONL)."),
) -> None:
    """Extract dates, entities, places and events from Arabic news articles."""
    from .pipeline import load
    from .serialize import to_record

    nlp = load()
    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    rejected: list[Reject] = []
    n_read = n_done = 0
    records = []
    for item in read_inputs(inputs):
        n_read += 1
        if isinstance(item, Reject):
            rejected.append(item)
            continue
        doc = nlp(item.to_document())
        rec = to_record(doc)
        n_done += 1
        if format == "jsonl":
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        else:
            records.append(rec)
    if format == "json":
        json.dump(records if len(records) != 1 else records[0], out, ensure_ascii=False, indent=2)
        out.write("\n")
    if output:
        out.close()
    if rejects:
        with open(rejects, "w", encoding="utf-8") as f:
            for r in rejected:
                f.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
    print(f"read {n_read}, processed {n_done}, rejected {len(rejected)}", file=sys.stderr)
    if rejected:
        raise typer.Exit(code=3)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
