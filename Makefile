# The README's commands. `make run` sets up and starts the app on the demo district;
# `make test` sets up and runs every test (unit, app, browser in headless Chromium).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DB := $(or $(SCHOOL_GOALS_DB),data/school_goals.duckdb)
PORT ?= 8501

.PHONY: run test setup setup-dev chromium demo lint format bench clean

run: setup $(DB)
	$(PY) -m streamlit run app.py --server.port=$(PORT)

test: setup-dev chromium
	$(PY) -m ruff check .
	$(PY) -m pytest

setup: $(VENV)/.runtime
setup-dev: $(VENV)/.dev

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Browser tests use Debian's Chromium; a browser can't be downloaded on these machines.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Builds the demo district only when the database file is missing.
$(DB):
	$(PY) -m lib.cli demo

demo: setup
	$(PY) -m lib.cli demo

lint: setup-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: setup-dev
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

bench: setup-dev
	$(PY) -m bench

clean:
	rm -rf $(VENV) data/demo bench/out .pytest_cache
