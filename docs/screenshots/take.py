"""Screenshots of marsad's web page for the README, taken with headless Debian Chromium.

    .venv/bin/python docs/screenshots/take.py                 # ingests marsad/data/samples/
    .venv/bin/python docs/screenshots/take.py more/articles/  # or other inputs

Ingests the inputs into a fresh DuckDB store with the real pipeline, starts
``marsad serve`` on 127.0.0.1 and writes map.png, article.png and map-ar.png here.
Nothing leaves the machine: any request not to the local server is refused.
"""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run", "--hide-scrollbars"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str):
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.load(r)


def main(inputs: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "screens.duckdb"
        marsad = [sys.executable, "-m", "marsad.cli"]
        subprocess.run(marsad + ["ingest", *inputs, "--db", str(db)], check=True, cwd=ROOT)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(marsad + ["serve", "--db", str(db), "--port", str(port), "--log-level", "warning"],
                                  cwd=ROOT)
        try:
            for _ in range(100):
                try:
                    get(base + "/api/facets")
                    break
                except OSError:
                    time.sleep(0.2)
            events = get(base + "/api/events?limit=1000")["items"]
            # the article view shows the event with the most sources (then the most recent)
            best = max(events, key=lambda e: (e.get("n_sources") or 0, e.get("lat") is not None, e.get("date") or ""))
            detail = get(base + "/api/events/" + best["id"])
            rep = detail["reports"][0]

            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=LAUNCH_ARGS)
                for lang, name in (("en", "map.png"), ("ar", "map-ar.png")):
                    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, device_scale_factor=1)
                    ctx.add_init_script(f"localStorage.setItem('marsad.lang', '{lang}')")
                    page = ctx.new_page()
                    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
                    page.goto(f"{base}/#/event/{best['id']}")
                    page.wait_for_selector("body[data-ready='1']")
                    page.wait_for_selector("#detail:not([hidden]) .report")
                    page.wait_for_timeout(600)
                    page.screenshot(path=str(HERE / name), full_page=False)
                    ctx.close()
                ctx = browser.new_context(viewport={"width": 1400, "height": 820})
                page = ctx.new_page()
                page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
                page.goto(f"{base}/#/article/{rep['article_id']}?event={rep['report_id']}")
                page.wait_for_selector("#article-text .hl.evidence.active")
                page.wait_for_timeout(400)
                page.screenshot(path=str(HERE / "article.png"), full_page=False)
                ctx.close()
                browser.close()
        finally:
            server.terminate()
            server.wait(10)
    print("wrote", ", ".join(str(HERE / n) for n in ("map.png", "map-ar.png", "article.png")))


if __name__ == "__main__":
    main(sys.argv[1:] or [str(ROOT / "marsad" / "data" / "samples")])
