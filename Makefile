# Two commands a newcomer needs: `make run` and `make test`. Both create the
# virtual environment on first use (and again whenever pyproject.toml changes).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run chat test lint format typecheck check bench bench-quick clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Brief needs Python 3.11 or newer (found %d.%d)" % sys.version_info[:2])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# Console chat when TELEGRAM_BOT_TOKEN is unset, the Telegram bot when it is set.
run: $(STAMP)
	$(BIN)/brief

chat: $(STAMP)
	$(BIN)/brief chat

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: $(STAMP)
	$(BIN)/mypy

check: lint typecheck test

# Every README figure; `make bench REPEAT=5` runs each suite five times and writes the
# spread of every figure that varied (benchmarks/results/SUITE-spread.json).
REPEAT ?= 1
bench: $(STAMP)
	$(BIN)/python -m benchmarks --repeat $(REPEAT)

# CI: the quality floor (exits non-zero below it), then seconds-long smoke runs.
bench-quick: $(STAMP)
	$(BIN)/python -m benchmarks --quick

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
