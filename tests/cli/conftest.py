from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.support.brief_process import REPO, RunBrief, brief_runner

DATA = REPO / "tests" / "console" / "data"


@pytest.fixture
def data() -> Path:
    return DATA


@pytest.fixture
def run_brief(tmp_path: Path) -> RunBrief:
    """Runs `python -m bot ARGS...` as a fresh user would (no token, no Brief settings)."""
    return brief_runner(tmp_path)


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
