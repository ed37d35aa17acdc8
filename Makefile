# Bình Đẳng: `make run` serves the demo on the embedded SQLite; `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run setup test lint demo clean messages bench

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Bình Đẳng needs Python >= 3.11 ($(PYTHON) is older)."; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "python3-venv is missing: installing it with apt-get"; \
	    apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); \
	  else echo "Cannot create a virtual environment: run 'sudo apt-get install python3-venv' and retry."; exit 1; fi; }
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)
	@mkdir -p var
	$(MANAGE) compile_translations

demo: setup
	$(MANAGE) migrate --noinput
	$(MANAGE) load_units
	$(MANAGE) load_demo

run: demo
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	$(MANAGE) runserver --noreload $(HOST):$(PORT)

test: setup
	$(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

messages: $(STAMP)
	$(MANAGE) makemessages -l vi --no-obsolete --ignore='.venv/*' --ignore='var/*' --ignore='*/tests/*'
	$(MANAGE) compile_translations

clean:
	rm -rf var $(VENV)

bench: setup
	$(PY) -m pip install -q -e '.[dev,bench]'
	$(PY) bench/bench_forms.py --write
	$(PY) bench/bench_completeness.py --write
	$(PY) bench/bench_import.py --write
	$(PY) bench/bench_national.py --history 10 --write
	$(PY) bench/bench_feedback.py --write
	@if [ -n "$(LOAD_DATABASE_URL)" ]; then DATABASE_URL="$(LOAD_DATABASE_URL)" $(PY) bench/load/run.py --write; \
	  else echo "Set LOAD_DATABASE_URL to a scratch PostgreSQL database to run the deadline-surge load test."; fi
