# Brief as a Telegram bot. Installs the same way as the README (pip install of this
# project), runs as a non-root user and keeps the SQLite database on a volume.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    BRIEF_DB=/data/brief.db

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
RUN pip install . \
    && useradd --create-home --uid 10001 brief \
    && mkdir -p /data \
    && chown brief:brief /data

USER brief
VOLUME ["/data"]
# Webhook mode listens here when BRIEF_WEBHOOK_URL is set; polling needs no port.
EXPOSE 8443
# TELEGRAM_BOT_TOKEN must be given at run time (docker run -e TELEGRAM_BOT_TOKEN=...).
CMD ["brief", "run"]
