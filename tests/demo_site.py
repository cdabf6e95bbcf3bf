"""The demo site every end-to-end test shares: `netcare demo` (on the PostgreSQL pass run
twice on one data directory: it must be idempotent), then `netcare serve` on a free
loopback port, and Debian's Chromium driven by Playwright.

Registered once for the whole session (``pytest_plugins`` in tests/conftest.py), so the
demo is built once although several modules drive it: tests/test_demo.py reads what the
demo wrote, tests/test_journeys.py then works on it as users would. On the PostgreSQL pass
the demo runs against a fresh PostgreSQL database.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

NETCARE = [sys.executable, "-m", "netcare.cli"]
CHROMIUM = "/usr/bin/chromium"
#: DESIGN.md's flags: as root, headless, and nothing of Chromium's own reaching out (this
#: machine's closed network refuses those connections, many at a time).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "netcare-demo"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def demo_environment(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETCARE_")}
    env["NETCARE_DATA_DIR"] = str(data_dir)
    if os.environ.get("NETCARE_TEST_PASS") == "postgres":
        import psycopg

        name = f"netcare_demo_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        env["NETCARE_DATABASE_URL"] = f"postgresql://postgres@127.0.0.1:5432/{name}"
    return env


class Api:
    """The served site's REST API, as a script would call it (token auth, JSON)."""

    def __init__(self, base: str, data_dir: Path) -> None:
        self.base = base
        self.data_dir = data_dir

    def token(self, username: str) -> str:
        answer = self.call(
            "POST", "/api/auth/token/", body={"username": username, "password": PASSWORD}
        )
        return str(answer["token"])

    def call(self, method: str, path: str, *, token: str = "", body: Any = None) -> Any:
        status, data = self.raw(method, path, token=token, body=body)
        assert status < 300, (path, status, data)
        return data

    def raw(self, method: str, path: str, *, token: str = "", body: Any = None) -> tuple[int, Any]:
        request = urllib.request.Request(self.base + path, method=method)
        if token:
            request.add_header("Authorization", f"Token {token}")
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, payload, timeout=30) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    data_dir = tmp_path_factory.mktemp("demo")
    env = demo_environment(data_dir)
    outputs = []
    # Run twice on one pass (the second run must change nothing and fail on nothing): on
    # PostgreSQL, the stricter of the two databases; the SQLite pass runs it once.
    runs = 2 if os.environ.get("NETCARE_TEST_PASS") == "postgres" else 1
    for _ in range(runs):
        run = subprocess.run(
            [*NETCARE, "demo", "--no-serve", "--data-dir", str(data_dir)],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert run.returncode == 0, run.stderr[-3000:]
        outputs.append(run.stdout)
    for out in outputs:
        assert PASSWORD in out and "ram.zhang" in out and "self_check=succeeded" in out
    yield data_dir, env


@pytest.fixture(scope="session")
def served(request: pytest.FixtureRequest) -> Iterator[Api]:
    """The demo served on a free port. ``NETCARE_E2E_SITE`` (an address on this machine)
    and ``NETCARE_E2E_DATA_DIR`` point the journeys at a demo already served instead, for
    working on them; a suite run never sets them."""
    reuse = os.environ.get("NETCARE_E2E_SITE", "")
    if reuse:
        assert reuse.startswith(("http://127.0.0.1:", "http://[::1]:")), reuse
        yield Api(reuse.rstrip("/"), Path(os.environ["NETCARE_E2E_DATA_DIR"]))
        return
    data_dir, env = request.getfixturevalue("demo_dir")
    port = free_port()
    log = (data_dir / "serve.log").open("w")
    process = subprocess.Popen(
        [*NETCARE, "serve", "--data-dir", str(data_dir), "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            assert process.poll() is None, (data_dir / "serve.log").read_text()[-3000:]
            time.sleep(0.3)
    yield Api(f"http://127.0.0.1:{port}", data_dir)
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@contextmanager
def chromium(profile: Path, **context: Any) -> Iterator[Any]:
    """Debian's Chromium with a fresh profile; ``context`` goes to Playwright's context
    (viewport, locale …). Start it after every database call of the test: Playwright's
    sync API runs an event loop, where Django refuses them."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, **context
        )
        try:
            yield browser
        finally:
            browser.close()
