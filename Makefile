# Parley: `make run` serves the demo, `make test` runs every test. Both set up .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
INSTANCE ?= $(or $(PARLEY_INSTANCE_PATH),instance)
AXE := tests/browser/node_modules/axe-core/axe.min.js

.PHONY: run test test-sqlite test-postgres axe bench loadtest lint clean

$(BIN)/activate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(BIN)/activate

.venv: $(BIN)/activate

$(INSTANCE)/secret_key:
	mkdir -p $(INSTANCE)
	umask 077 && $(BIN)/python -c "import secrets; print(secrets.token_hex(32))" > $@

## The keys of the encrypted person and case fields (newest first); keep a copy off this machine.
$(INSTANCE)/field_keys: | .venv
	mkdir -p $(INSTANCE)
	umask 077 && $(BIN)/python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())" > $@

## Set up, migrate, create the first admin (password printed once), load the demo, serve.
run: .venv $(INSTANCE)/secret_key $(INSTANCE)/field_keys
	$(FLASK) db upgrade
	$(FLASK) ensure-admin
	$(FLASK) seed-demo --if-empty
	PARLEY_ENV=$${PARLEY_ENV:-development} $(FLASK) run --host 127.0.0.1 --port 5000

## Every test on SQLite, then again on PostgreSQL (when PARLEY_TEST_POSTGRES_URL is set).
test: .venv
	@$(MAKE) --no-print-directory test-sqlite
	@$(MAKE) --no-print-directory test-postgres

## axe-core for the accessibility test, as pinned in tests/browser/package-lock.json. Without
## npm the test skips and says why.
$(AXE): tests/browser/package-lock.json
	cd tests/browser && npm ci --no-audit --no-fund --loglevel=error
	touch $@

axe:
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory $(AXE); \
	else echo "npm is missing: the accessibility test will skip (apt-get install npm)"; fi

## Tests run in parallel, one worker per core (pytest-xdist); TEST_WORKERS=0 runs them in one.
TEST_WORKERS ?= auto

test-sqlite: .venv axe
	@echo "== Parley tests on SQLite"
	PARLEY_TEST_BACKEND=sqlite $(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

## On the server PARLEY_TEST_POSTGRES_URL names; without it, on a throwaway server made for the
## run when PostgreSQL's server programs are installed (tests/throwaway_postgres.py says which).
test-postgres: .venv axe
	@echo "== Parley tests on PostgreSQL"
	PARLEY_TEST_BACKEND=postgres $(BIN)/python -m tests.throwaway_postgres \
		$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

## Every page under load (gunicorn, wrk when installed) at medium scale, then the pack and masking.
bench: .venv
	$(BIN)/python -m tests.benchmarks pages --scale medium $(BENCH_ARGS)
	$(BIN)/python -m tests.benchmarks pack
	$(BIN)/python -m tests.bench_masking

## 16 officers writing for 60 s through gunicorn, on SQLite then PostgreSQL; a ledger of saves.
loadtest: .venv
	$(BIN)/python -m tests.load.loadtest $(LOADTEST_ARGS)

## Ruff on the code, tests and migrations, then mypy on app/ (settings in pyproject.toml).
lint: .venv
	$(BIN)/ruff check app tests migrations
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache build *.egg-info tests/browser/node_modules
