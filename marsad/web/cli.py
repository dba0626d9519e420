"""``marsad serve``: the API and the web page over a store, on localhost by default.

Kept apart from marsad/cli.py so that FastAPI and uvicorn are imported only when the
server starts, not on every ``marsad`` command."""
from __future__ import annotations

import sys

import typer


def serve(
    db: str = typer.Option(..., "--db", help="The store: a DuckDB file (created if missing) or a postgresql:// URL."),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to bind. The default serves this machine only."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="TCP port (0 picks a free one)."),
    read_only: bool = typer.Option(False, "--read-only", help="Open the store read-only (no article submission)."),
    log_level: str = typer.Option("info", "--log-level", help="uvicorn log level: critical|error|warning|info|debug."),
) -> None:
    """Serve the HTTP API (/api, /docs) and the web page (map, timeline, table, article reader)."""
    import uvicorn

    from .app import create_app
    from .data import StoreSource

    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"warning: serving on {host}: anyone who can reach this address can read the store and submit "
              "articles; there is no authentication", file=sys.stderr)
    try:
        source = StoreSource(db, read_only=read_only)
    except Exception as exc:  # a locked DuckDB file, an unreachable server, another schema version
        print(f"marsad serve: cannot open the store {db}: {exc}", file=sys.stderr)
        raise typer.Exit(code=2)
    app = create_app(source, warm=not read_only)
    uvicorn.run(app, host=host, port=port, log_level=log_level)
