# Two entry points for a fresh machine: `make demo` (the main job on the embedded store)
# and `make test` (every test, with the real Bolt server and Chromium the tests start).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= ./clusterkg-data
CLUSTER ?= кластер электроники и беспилотных технологий

.PHONY: demo test install install-dev browser bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'

# Debian's Chromium for the map tests (Playwright cannot download its own browser here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	  else echo "chromium is missing: sudo apt-get install chromium (the browser tests will skip)"; fi; }

demo: install
	$(BIN)/clusterkg ingest examples/ --store $(STORE)
	$(BIN)/clusterkg members "$(CLUSTER)" --store $(STORE)
	$(BIN)/clusterkg map --cluster "$(CLUSTER)" --store $(STORE) --out exports/tomsk_cluster.html
	@echo "map written to exports/tomsk_cluster.html"

test: install-dev browser
	$(BIN)/python -m pytest -q

bench: install-dev
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(STORE) test-output .pytest_cache
