"""Fixtures for every test package: a real PostgreSQL server, started once per run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.postgres import PostgresServer, required, start_server


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The test run's PostgreSQL; skips (or fails, with BRIEF_REQUIRE_POSTGRES=1) without."""
    server, why_not = start_server()
    if server is None:
        if required():
            pytest.fail(f"BRIEF_REQUIRE_POSTGRES=1: {why_not}")
        pytest.skip(why_not)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh, empty database on the test server, dropped afterwards."""
    url = postgres_server.new_database()
    yield url
    postgres_server.drop_database(url)
