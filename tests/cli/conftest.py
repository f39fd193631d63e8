from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "console" / "data"

RunBrief = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def data() -> Path:
    return DATA


@pytest.fixture
def run_brief(tmp_path: Path) -> RunBrief:
    """Runs `python -m bot ARGS...` as a fresh user would (no token, no Brief settings)."""

    def run(*args: str, stdin: str = "", **extra_env: str) -> subprocess.CompletedProcess[str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("BRIEF_", "TELEGRAM_")) and k != "PYTHONPATH"
        }
        env.update(
            HOME=str(tmp_path / "home"),
            XDG_DATA_HOME=str(tmp_path / "home" / ".local" / "share"),
            BRIEF_DB=str(tmp_path / "brief.db"),
            PYTHONPATH=str(REPO),
        )
        env.update(extra_env)
        result = subprocess.run(
            [sys.executable, "-m", "bot", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
            check=False,
        )
        assert "Traceback" not in result.stdout + result.stderr, result.stderr
        return result

    return run


@pytest.fixture
def article_server() -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 serving the test articles; yields its base URL."""
    pages = {
        "/harbour": ("text/plain; charset=utf-8", (DATA / "harbour.txt").read_bytes()),
        "/garden": ("text/html; charset=utf-8", (DATA / "garden.html").read_bytes()),
    }

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            page = pages.get(self.path)
            if page is None:
                self.send_error(404)
                return
            content_type, body = page
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
