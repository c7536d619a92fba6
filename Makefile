# Two commands on a fresh machine:
#   make run    set up, then open the app on the built-in sample (http://localhost:8501)
#   make test   set up (Chromium too), then run every test
# Everything is installed from the package registries at the versions pinned in
# requirements*.txt and package-lock.json.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup setup-test run test chromium postgis gazetteer clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test: requirements-test.txt $(VENV)/.runtime
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund

static/vendor/.built: node_modules/.package-lock.json geo/render/assets.py $(VENV)/.runtime
	$(BIN)/python -m geo.render.assets
	touch $@

# Builds the gazetteer index once (about 20-25 s); later loads take about 1 s.
gazetteer: $(VENV)/.runtime
	$(BIN)/python -c "from geo.gazetteer import load_gazetteer; load_gazetteer()"

setup: $(VENV)/.runtime static/vendor/.built gazetteer

setup-test: setup $(VENV)/.test chromium postgis

# Debian's Chromium for the browser tests (Playwright never downloads a browser here).
chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update && \
	  $(SUDO) apt-get install -y --no-install-recommends chromium; }

# Debian's PostgreSQL and PostGIS for the store's PostgreSQL tests; they start a throwaway cluster
# of their own (tests/postgres_server.py), so no server is set up or started here.
postgis:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { $(SUDO) apt-get update && \
	  $(SUDO) apt-get install -y --no-install-recommends postgresql; }
	@major=$$(ls /usr/lib/postgresql | sort -n | tail -1); \
	  [ -e /usr/share/postgresql/$$major/extension/postgis.control ] || { $(SUDO) apt-get update && \
	  $(SUDO) apt-get install -y --no-install-recommends postgresql-$$major-postgis-3; }

run: setup
	$(BIN)/streamlit run app.py

# The import contract first (.importlinter: each stage imports only those below it; geo never
# imports streamlit), then every test.
test: setup-test
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) node_modules static/vendor .cache test-output
