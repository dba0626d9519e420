"""``marsad gazetteer ...``: build, inspect and extend the gazetteer (a thin shell over the API).

    marsad gazetteer import allCountries.zip --alternate-names alternateNamesV2.zip \\
        --admin1 admin1CodesASCII.txt --country SY --country IQ --min-population 0 --class P --class A
    marsad gazetteer info
    marsad gazetteer lookup "دير الزور"
    marsad gazetteer build
"""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import List, Optional

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="The gazetteer: import GeoNames dumps, look names up, rebuild the default index.")


@app.command("import")
def import_cmd(
    main: List[Path] = typer.Argument(..., help="allCountries.zip, XX.zip or the .txt inside (several allowed)."),
    alternate_names: Optional[Path] = typer.Option(None, "--alternate-names", help="alternateNamesV2.zip or .txt"),
    admin1: Optional[Path] = typer.Option(None, "--admin1", help="admin1CodesASCII.txt"),
    admin2: Optional[Path] = typer.Option(None, "--admin2", help="admin2Codes.txt"),
    country: List[str] = typer.Option([], "--country", "-c", help="Keep these ISO countries (repeatable)."),
    min_population: int = typer.Option(0, "--min-population", help="Populated places below this are left out."),
    feature_class: List[str] = typer.Option([], "--class", help="Keep these feature classes: A H L P R S T U V."),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="Where to write the index (default: the user index in the cache)."),
) -> None:
    """Import GeoNames files into the user index, layered over the default gazetteer."""
    from .geonames import import_geonames, user_index_path

    for p in main + [x for x in (alternate_names, admin1, admin2) if x]:
        if not p.exists():
            typer.echo(f"marsad: error: no such file: {p}", err=True)
            raise typer.Exit(2)
    out = output or user_index_path()
    g, stats = import_geonames(main, alternate_names=alternate_names, admin1=admin1, admin2=admin2,
                               countries=country or None, min_population=min_population,
                               feature_classes=feature_class or None, output=out)
    typer.echo(json.dumps({"output": str(out), **stats.as_dict(), "names": len(g.by_name)}, ensure_ascii=False))


@app.command()
def info() -> None:
    """Size and provenance of the default index (and the user index, if any)."""
    from .build import default_index_path, load_default
    from .geonames import user_index_path

    t0 = time.perf_counter()
    g = load_default()
    dt = time.perf_counter() - t0
    p = default_index_path()
    uix = user_index_path()
    typer.echo(json.dumps({
        "index": str(p), "index_bytes": p.stat().st_size if p.exists() else None,
        "user_index": str(uix) if uix.exists() else None, "places": len(g), "arabic_names": len(g.by_name),
        "latin_skeletons": len(g.latin), "load_seconds": round(dt, 3), "meta": g.meta,
    }, ensure_ascii=False, indent=2))


@app.command()
def lookup(name: str = typer.Argument(..., help="A place name as written (Arabic).")) -> None:
    """The gazetteer's readings of a name."""
    from .build import load_default, name_key

    g = load_default()
    rows = g.lookup(name_key(name))
    for row, weak in rows:
        typer.echo(json.dumps(g.record(row) | {"weak_name": weak}, ensure_ascii=False))
    if not rows:
        typer.echo("no match", err=True)
        raise typer.Exit(1)


@app.command()
def build() -> None:
    """Recompile the default index from its sources (normally done on first use)."""
    from .build import default_index_path, load_default

    t0 = time.perf_counter()
    g = load_default(rebuild=True)
    typer.echo(json.dumps({"index": str(default_index_path()), "places": len(g), "names": len(g.by_name),
                           "seconds": round(time.perf_counter() - t0, 1)}))
