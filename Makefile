# Two entry points for a fresh machine: `make demo` (the main job on the embedded store)
# and `make test` (every test, with the real Bolt server and Chromium the tests start).
# `make check` is the edit-test loop: the fast part, without browser, servers, packaging or slow tests.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= ./clusterkg-data
CLUSTER ?= кластер электроники и беспилотных технологий

.PHONY: demo test check install install-dev browser bench clean model

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'

# Debian's Chromium for the map tests (Playwright cannot download its own browser here).
# As root, or through password-less sudo (a CI runner's usual user); otherwise it says what to run.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif sudo -n true 2>/dev/null; then SUDO=sudo; \
	  else echo "chromium is missing: sudo apt-get install chromium (the browser tests skip; with CI=true they fail)"; exit 0; fi; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

demo: install
	$(BIN)/clusterkg ingest examples/ --store $(STORE)
	$(BIN)/clusterkg members "$(CLUSTER)" --store $(STORE)
	$(BIN)/clusterkg map --cluster "$(CLUSTER)" --store $(STORE) --out exports/tomsk_cluster.html
	@echo "map written to exports/tomsk_cluster.html"

test: install-dev browser
	$(BIN)/python -m pytest -q

FAST := not browser and not bolt and not sparql and not slow and not packaging

# one pytest worker per core (pytest-xdist)
check:
	$(BIN)/python -m pytest -q -n auto -m "$(FAST)"

bench: install-dev
	$(BIN)/python bench/run_all.py

# The learned layer shipped in the package, refitted on the shared annotated articles (deterministic:
# the same rules and data give the same file; tests/test_learning.py checks the shipped one matches).
SHARED ?= ../shared/data
MODEL  := loaders/extraction/learned/default_model.json
model: $(BIN)/python
	CLUSTERKG_MODEL=none $(BIN)/clusterkg train $(SHARED)/train.jsonl $(SHARED)/dev.jsonl --out $(MODEL)

clean:
	rm -rf $(STORE) test-output .pytest_cache
