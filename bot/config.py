"""Settings: built once from environment variables in ``main()`` and passed down."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
MAX_INPUT_BYTES = 5 * 1024 * 1024
# The values a yes/no variable accepts, in any case (README: Configuration).
TRUE_VALUES = ("1", "true", "yes", "on")
FALSE_VALUES = ("0", "false", "no", "off")


class ConfigError(ValueError):
    """An environment variable has a value Brief cannot use; the message names it."""


def default_db_path() -> Path:
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "brief" / "brief.db"


@dataclass(frozen=True)
class Settings:
    token: str | None = field(default=None, repr=False)  # secret: never logged or shown
    api_base_url: str = DEFAULT_API_BASE_URL
    db_path: Path = field(default_factory=default_db_path)
    # PostgreSQL instead of the SQLite file; may hold a password: never logged.
    database_url: str | None = field(default=None, repr=False)
    allowed_users: frozenset[int] | None = None
    webhook_url: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    webhook_secret: str | None = field(default=None, repr=False)
    allow_private_urls: bool = False
    retention_days: int | None = None
    log_level: str = "INFO"
    max_input_bytes: int = MAX_INPUT_BYTES
    max_articles_per_chat: int = 500
    summary_sentences: int = 5
    ingests_per_minute: int = 10  # per chat; 0: no limit
    analysis_workers: int = 1  # processes for long texts; 0: threads only
    # Telegram lets a bot send about 30 messages a second; replicas share that budget.
    sends_per_second: int = 30  # 0: no limit (a self-hosted test API)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        def get_int(name: str, default: int | None, minimum: int) -> int | None:
            raw = get(name)
            if raw is None:
                return default
            try:
                value = int(raw)
            except ValueError:
                raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None
            if value < minimum:
                raise ConfigError(f"{name} must be at least {minimum}, got {value}")
            return value

        def get_bool(name: str) -> bool:
            raw = get(name) or "0"
            if raw.lower() in TRUE_VALUES:
                return True
            if raw.lower() in FALSE_VALUES:
                return False
            raise ConfigError(
                f"{name} must be one of {', '.join(TRUE_VALUES + FALSE_VALUES)}, got {raw!r}"
            )

        allowed = _allowed_users(get("BRIEF_ALLOWED_USERS"))
        token = get("TELEGRAM_BOT_TOKEN")
        if token is not None and (":" not in token or any(c.isspace() for c in token)):
            raise ConfigError("TELEGRAM_BOT_TOKEN does not look like a token from @BotFather")

        log_level = (get("BRIEF_LOG_LEVEL") or "INFO").upper()
        if log_level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ConfigError("BRIEF_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR")

        webhook_url, database_url = _connections(get)
        db = get("BRIEF_DB")
        return cls(
            token=token,
            api_base_url=get("TELEGRAM_API_BASE_URL") or DEFAULT_API_BASE_URL,
            db_path=Path(db).expanduser() if db else default_db_path(),
            database_url=database_url,
            allowed_users=allowed,
            webhook_url=webhook_url,
            webhook_listen=get("BRIEF_WEBHOOK_LISTEN") or "0.0.0.0",
            webhook_port=get_int("BRIEF_WEBHOOK_PORT", 8443, 1) or 8443,
            webhook_secret=get("BRIEF_WEBHOOK_SECRET"),
            allow_private_urls=get_bool("BRIEF_ALLOW_PRIVATE_URLS"),
            retention_days=get_int("BRIEF_RETENTION_DAYS", None, 1),
            log_level=log_level,
            max_articles_per_chat=get_int("BRIEF_MAX_ARTICLES_PER_CHAT", 500, 1) or 500,
            summary_sentences=get_int("BRIEF_SUMMARY_SENTENCES", 5, 1) or 5,
            ingests_per_minute=get_int("BRIEF_INGESTS_PER_MINUTE", 10, 0) or 0,
            analysis_workers=get_int("BRIEF_ANALYSIS_WORKERS", 1, 0) or 0,
            sends_per_second=get_int("BRIEF_SENDS_PER_SECOND", 30, 0) or 0,
        )


def _connections(get: Callable[[str], str | None]) -> tuple[str | None, str | None]:
    """BRIEF_WEBHOOK_URL and BRIEF_DATABASE_URL, checked together: replicas (both set)
    must share BRIEF_WEBHOOK_SECRET."""
    webhook_url = get("BRIEF_WEBHOOK_URL")
    if webhook_url is not None and not webhook_url.startswith("https://"):
        raise ConfigError("BRIEF_WEBHOOK_URL must be an https:// URL")
    database_url = get("BRIEF_DATABASE_URL")
    if database_url is not None and not database_url.startswith(("postgresql://", "postgres://")):
        raise ConfigError("BRIEF_DATABASE_URL must be a postgresql:// URL")
    if webhook_url and database_url and not get("BRIEF_WEBHOOK_SECRET"):
        raise ConfigError(
            "BRIEF_WEBHOOK_SECRET must be set when replicas share BRIEF_DATABASE_URL"
            " (every replica checks the same secret)"
        )
    return webhook_url, database_url


def _allowed_users(raw: str | None) -> frozenset[int] | None:
    """BRIEF_ALLOWED_USERS: comma-separated numeric Telegram user ids; None when unset."""
    if raw is None:
        return None
    try:
        return frozenset(int(p) for p in raw.split(",") if p.strip())
    except ValueError:
        raise ConfigError(
            "BRIEF_ALLOWED_USERS must be comma-separated numeric Telegram user ids"
        ) from None
