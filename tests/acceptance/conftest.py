from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.brief_process import RunBrief, brief_runner


@pytest.fixture
def run_brief(tmp_path: Path) -> RunBrief:
    """Runs `python -m bot ARGS...` as a fresh user would (no token, no Brief settings)."""
    return brief_runner(tmp_path)
