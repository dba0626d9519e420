"""marsad's command line: a thin shell over functions a user can call from Python.

``marsad extract`` is :func:`marsad.io.extract_inputs` plus a writer from
:mod:`marsad.io.writers`, a progress bar and a summary on stderr.

Exit codes: 0 every record processed; 3 some records rejected (listed with
``--rejects FILE``, or on stderr); 2 a usage error (bad option or format, missing
input, output that cannot be written), reported in one line without a traceback;
1 an internal error; 130 interrupted.
"""
from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import List, Optional

import typer

from . import __version__

EXIT_OK, EXIT_INTERNAL, EXIT_USAGE, EXIT_REJECTED = 0, 1, 2, 3

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_show_locals=False,
                  help="marsad (مرصد): structured, geolocated, source-attributed events from Arabic news.")


class UsageError(Exception):
    """A user's mistake: one line on stderr, exit code 2."""


def _version(value: bool) -> None:
    if value:
        typer.echo(f"marsad {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """marsad (مرصد): structured, geolocated, source-attributed events from Arabic news."""


def _err(msg: str) -> None:
    sys.stderr.write(f"marsad: error: {msg}\n")


def _check_writable(path: Path, what: str) -> None:
    if path.is_dir():
        raise UsageError(f"{what} {path} is a directory")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.exists():
        raise UsageError(f"cannot write {what} {path}: folder {parent} does not exist")
    if not os.access(path if path.exists() else parent, os.W_OK):
        raise UsageError(f"cannot write {what} {path}: permission denied")


def _open_for_writing(path: Path, what: str):
    _check_writable(path, what)
    try:
        return open(path, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise UsageError(f"cannot write {what} {path}: {(exc.strerror or str(exc)).lower()}") from None


def _check_inputs(inputs: List[str]) -> None:
    if inputs.count("-") > 1:
        raise UsageError("standard input (-) can be given only once")
    for spec in inputs:
        if spec == "-":
            continue
        p = Path(spec)
        if not p.exists():
            raise UsageError(f"no such file or directory: {spec}")
        if not os.access(p, os.R_OK):
            raise UsageError(f"cannot read {spec}: permission denied")


@app.command()
def extract(
    inputs: List[str] = typer.Argument(..., metavar="INPUT...",
                                       help="Files (.txt, .html, .htm, .jsonl, .json), directories, or - for stdin."),
    format: str = typer.Option("json", "--format", "-f", help="json | jsonl | csv | table | geojson"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    rejects: Optional[Path] = typer.Option(None, "--rejects", help="Write rejected records here (JSONL)."),
    max_mb: float = typer.Option(20.0, "--max-mb", help="Largest single text, page or JSONL line, in MB."),
    compact: bool = typer.Option(False, "--compact", help="Only the evaluation contract's fields (json/jsonl)."),
    any_language: bool = typer.Option(False, "--any-language", help="Do not reject texts that are not Arabic."),
    bidi: Optional[bool] = typer.Option(None, "--bidi/--no-bidi",
                                        help="table: shape and reorder Arabic for terminals without bidi "
                                             "(default on; MARSAD_BIDI=off)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary."),
    debug: bool = typer.Option(False, "--debug", help="Stop with a traceback when the pipeline fails on a record."),
    jobs: int = typer.Option(1, "--jobs", "-j", help="Extraction processes (0 = one per core); output order is kept."),
) -> None:
    """Extract dates, entities, places and events from Arabic news articles.

    Exit code 0 when every record was processed, 3 when some were rejected, 2 on a usage error."""
    try:
        code = run_extract(inputs, format=format, output=output, rejects=rejects, max_mb=max_mb, compact=compact,
                           any_language=any_language, bidi=bidi, quiet=quiet, debug=debug, jobs=jobs)
    except UsageError as exc:
        _err(str(exc))
        code = EXIT_USAGE
    except KeyboardInterrupt:
        _err("interrupted")
        code = 130
    except BrokenPipeError:  # `marsad extract ... | head`
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        code = EXIT_OK
    except OSError as exc:  # disk full, output removed while writing, ...
        _err(f"{exc.strerror or exc}".lower() + (f": {exc.filename}" if exc.filename else ""))
        code = EXIT_INTERNAL
    raise typer.Exit(code=code)


def run_extract(inputs: List[str], *, format: str = "json", output: Optional[Path] = None,
                rejects: Optional[Path] = None, max_mb: float = 20.0, compact: bool = False,
                any_language: bool = False, bidi: Optional[bool] = None, quiet: bool = False,
                debug: bool = False, jobs: int = 1) -> int:
    from rich.console import Console

    from .io.readers import Reject, input_size, read_inputs
    from .io.writers import FORMATS, make_writer
    from .serialize import to_record

    fmt = format.lower().strip()
    if fmt not in FORMATS:
        raise UsageError(f"unknown --format {format!r}: choose json, jsonl, csv, table or geojson")
    if max_mb <= 0:
        raise UsageError("--max-mb must be positive")
    if jobs < 0:
        raise UsageError("--jobs must be 0 (one per core) or a positive number")
    _check_inputs(inputs)
    if output is not None and any(spec != "-" and Path(spec).resolve() == output.resolve() for spec in inputs):
        raise UsageError(f"--output {output} is also an input")

    for path, what in ((output, "output"), (rejects, "rejects file")):
        if path is not None:
            _check_writable(path, what)
    err = Console(stderr=True, highlight=False)
    t0 = time.perf_counter()
    out = _open_for_writing(output, "output") if output else sys.stdout
    rej_out = _open_for_writing(rejects, "rejects file") if rejects else None
    table_options = {"bidi": bidi} if fmt == "table" else {}
    if fmt == "table" and output:
        table_options |= {"width": 120, "color": False}
    writer = make_writer(fmt, out, **table_options)

    from .pipeline import load

    nlp = load()
    t_loaded = time.perf_counter()

    skipped: list[str] = []
    reasons: Counter = Counter()
    shown_rejects = 0
    n_read = n_done = n_renamed = 0
    sizes = [input_size(s) for s in inputs]
    total = None if None in sizes else sum(sizes)
    show_progress = bool(output) and not quiet and err.is_terminal

    progress = task = None
    if show_progress:
        from rich.progress import (BarColumn, Progress, SpinnerColumn, TaskProgressColumn,
                                   TextColumn, TimeElapsedColumn, TimeRemainingColumn)

        cols = [SpinnerColumn(), TextColumn("extracting"), BarColumn(), TaskProgressColumn(),
                TextColumn("{task.fields[records]} records"), TimeElapsedColumn(), TimeRemainingColumn()]
        progress = Progress(*cols, console=err, transient=True)
        progress.start()
        task = progress.add_task("extract", total=total or None, records=0)

    try:
        items = read_inputs(inputs, max_bytes=int(max_mb * 1024 * 1024), check_language=not any_language,
                            on_skip=lambda path, why: skipped.append(path))
        from .parallel import process_items

        for item, result in process_items(items, nlp, jobs=jobs, debug=debug):
            n_read += 1
            if not isinstance(item, Reject):
                if any(w.startswith("duplicate id") for w in item.warnings):
                    n_renamed += 1
            if isinstance(result, Reject):
                reasons[result.reason] += 1
                if rej_out:
                    rej_out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
                elif shown_rejects < 10 and not quiet:
                    err.print(f"rejected {result.origin}: {result.reason}: {result.detail}", markup=False,
                              soft_wrap=True)
                    shown_rejects += 1
            else:
                writer.write(to_record(result, full=not compact))
                n_done += 1
            if progress is not None:
                progress.update(task, advance=item.nbytes, records=n_read)
        writer.close()
    finally:
        if progress is not None:
            progress.stop()
        if output:
            out.close()
        if rej_out:
            rej_out.close()

    n_rejected = sum(reasons.values())
    if not quiet:
        elapsed = time.perf_counter() - t0
        rate = n_done / (time.perf_counter() - t_loaded) if n_done else 0.0
        line = (f"read {n_read} record{'s' * (n_read != 1)}, processed {n_done}, rejected {n_rejected}"
                + (" (" + ", ".join(f"{r} {n}" for r, n in reasons.most_common()) + ")" if n_rejected else "")
                + f" in {elapsed:.2f} s ({rate:.0f} articles/s; pipeline loaded in {t_loaded - t0:.2f} s)")
        if n_renamed:
            line += f"; {n_renamed} duplicate id{'s' * (n_renamed != 1)} renamed with ~N"
        if skipped:
            line += f"; skipped {len(skipped)} file{'s' * (len(skipped) != 1)} that are not articles"
        if output:
            line += f" → {output}"
        if n_rejected and not rejects and n_rejected > shown_rejects:
            line += f"; {n_rejected - shown_rejects} more rejects not shown (use --rejects FILE)"
        err.print(line, markup=False, soft_wrap=True)
    return EXIT_REJECTED if n_rejected else EXIT_OK


from .web.cli import serve as _serve  # noqa: E402  (marsad serve: API and web page)
app.command("serve")(_serve)

from .store.cli import register as _register_store  # noqa: E402  (marsad ingest, events, merge)
_register_store(app)

from .spark.cli import spark as _spark  # noqa: E402  (marsad spark: whole archives on Apache Spark)
app.command("spark")(_spark)


from .gazetteer.cli import app as gazetteer_app  # noqa: E402

app.add_typer(gazetteer_app, name="gazetteer")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
