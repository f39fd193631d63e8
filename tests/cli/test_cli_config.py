"""Yes/no settings accept one documented set of values (issue 15)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable

import pytest

from bot.config import ConfigError, Settings

RunBrief = Callable[..., subprocess.CompletedProcess[str]]


@pytest.mark.parametrize(
    ("raw", "value"),
    [("1", True), ("true", True), ("YES", True), ("On", True), ("0", False), ("no", False),
     ("FALSE", False), ("off", False), ("", False)],
)  # fmt: skip
def test_the_documented_values_are_accepted(raw: str, value: bool) -> None:
    settings = Settings.from_env({"BRIEF_ALLOW_PRIVATE_URLS": raw})
    assert settings.allow_private_urls is value


@pytest.mark.parametrize("raw", ["banana", "2", "y", "enabled"])
def test_anything_else_is_refused_with_the_accepted_values(raw: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.from_env({"BRIEF_ALLOW_PRIVATE_URLS": raw})
    assert str(caught.value) == (
        f"BRIEF_ALLOW_PRIVATE_URLS must be one of 1, true, yes, on, 0, false, no, off, got {raw!r}"
    )


def test_the_refusal_is_one_line_at_start_up(run_brief: RunBrief) -> None:
    result = run_brief("list", BRIEF_ALLOW_PRIVATE_URLS="banana")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "brief: BRIEF_ALLOW_PRIVATE_URLS must be one of 1, true, yes, on, 0, false, no, off, "
        "got 'banana'"
    ]
