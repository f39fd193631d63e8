"""A real PostgreSQL server for the tests, started from the distribution's binaries.

``initdb`` and ``postgres`` refuse to run as root, so as root (CI) the server runs as the
``postgres`` user that Debian's package creates, through ``runuser``. It listens on
127.0.0.1 on a free port, with its data in a temporary directory, and fsync off: the
tests check behaviour, not durability. Each test gets a database of its own.

When no server can be started the tests that need one are skipped with the reason;
``BRIEF_REQUIRE_POSTGRES=1`` (set by .ci/run) turns that skip into a failure.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import psycopg
from psycopg import sql

REQUIRE_ENV = "BRIEF_REQUIRE_POSTGRES"
USER = "brief"


def find_bin_dir() -> Path | None:
    """Where initdb/pg_ctl live: $BRIEF_PG_BIN, PATH, or Debian's versioned directory."""
    explicit = os.environ.get("BRIEF_PG_BIN")
    if explicit:
        return Path(explicit)
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version_key)
    return Path(versions[-1]).parent if versions else None


def _version_key(path: str) -> int:
    part = Path(path).parts[-3]
    return int(part) if part.isdigit() else 0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PostgresServer:
    """``start()``, then ``new_database()`` for each test, then ``stop()``."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.port = _free_port()
        self.root = Path(tempfile.mkdtemp(prefix="brief-pg-"))
        self.data = self.root / "data"
        self._as_user: list[str] = []

    def _run(self, *args: str) -> None:
        result = subprocess.run(
            [*self._as_user, *args], capture_output=True, text=True, timeout=120, check=False
        )
        if result.returncode != 0:
            raise RuntimeError(f"{Path(args[0]).name} failed: {result.stderr or result.stdout}")

    def start(self) -> None:
        if os.geteuid() == 0:
            if shutil.which("runuser") is None:
                raise RuntimeError("running as root and runuser is missing")
            shutil.chown(self.root, "postgres")
            self._as_user = ["runuser", "-u", "postgres", "--"]
        self._run(
            str(self.bin_dir / "initdb"),
            "-D",
            str(self.data),
            "-U",
            USER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories=''"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            " -c max_connections=200"
        )
        self._run(
            str(self.bin_dir / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.root / "server.log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, empty database; returns its URL."""
        name = f"t_{uuid.uuid4().hex[:16]}"
        with psycopg.connect(self.url(), autocommit=True) as db:
            db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(self.url(), autocommit=True) as db:
            db.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def start_server() -> tuple[PostgresServer | None, str]:
    """A running server, or None and why not."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        return None, "no PostgreSQL server binaries (initdb) found; install Debian's postgresql"
    server = PostgresServer(bin_dir)
    try:
        server.start()
    except (OSError, RuntimeError, subprocess.SubprocessError, LookupError) as exc:
        server.stop()
        return None, f"PostgreSQL could not be started: {exc}"
    return server, ""


def required() -> bool:
    return os.environ.get(REQUIRE_ENV, "").strip() == "1"
