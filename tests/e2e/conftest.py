"""Browser tests: Debian's Chromium, driven by Playwright's Python client, against
``marsad serve`` started on a test database on 127.0.0.1.

Chromium is the system one (/usr/bin/chromium, `.ci/setup.d/20-browser.sh`); Playwright's
own browser download is never used. Without Chromium these tests skip, except in CI
(CI=true), where they fail.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CHROMIUM = os.environ.get("MARSAD_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run"]
IN_CI = os.environ.get("CI", "").lower() == "true"


def _require(condition: bool, why: str) -> None:
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{why} (browser tests must run in CI)")
    pytest.skip(why)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_test_db(path: Path) -> None:
    from web_corpus import documents

    from marsad.store import Ingestor, open_store

    store = open_store(str(path))
    ing = Ingestor(store, inputs=["tests/web_corpus.py"])
    ing.add_documents(documents())
    ing.finish()
    store.close()


class Server:
    def __init__(self, db: Path, port: int):
        self.url = f"http://127.0.0.1:{port}"
        self.log = open(db.with_suffix(".log"), "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "marsad.cli", "serve", "--db", str(db), "--host", "127.0.0.1",
             "--port", str(port), "--log-level", "warning"],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(self.url + "/api/facets", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("marsad serve did not start: " + Path(self.log.name).read_text())
            time.sleep(0.2)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("e2e") / "e2e.duckdb"
    build_test_db(db)
    srv = Server(db, free_port())
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def browser():
    _require(Path(CHROMIUM).exists() or shutil.which("chromium") is not None,
             f"Chromium not installed at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover
        _require(False, "playwright (Python client) not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


class PageWatch:
    """Console errors, page errors and any request leaving 127.0.0.1 (all must stay empty)."""

    def __init__(self, page, base: str):
        self.errors: list[str] = []
        self.external: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))

        def route(r):
            url = r.request.url
            if url.startswith(base) or url.startswith("data:"):
                r.continue_()
            else:
                self.external.append(url)
                r.abort()

        page.route("**/*", route)


@pytest.fixture
def page(browser, server):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    pg = ctx.new_page()
    pg.watch = PageWatch(pg, server.url)
    pg.set_default_timeout(15_000)
    yield pg
    ctx.close()
