# Two commands for a fresh machine:  `make site`  builds the shipped site into site/,
# `make test`  runs every check CI runs. Both create their own virtual environment.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: site test lint typecheck unit serve check browser bench golden lighthouse clean

site: $(STAMP)
	$(BIN)/kbgen build --strict

serve: $(STAMP)
	$(BIN)/kbgen serve

check: $(STAMP)
	$(BIN)/kbgen check

test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check kbgen tests $(wildcard bench)
	$(BIN)/ruff format --check kbgen tests $(wildcard bench)

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP) browser
	$(BIN)/pytest

# Regenerate the reviewed copies of built files (tests/golden/) after a change that is
# meant to change the output; review the diff before committing it.
golden: $(STAMP)
	KBGEN_UPDATE_GOLDEN=1 $(BIN)/pytest -q tests/test_golden.py

# Benchmarks, run on purpose (they print tables; they are not tests).
bench: $(STAMP) browser
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	$(BIN)/python bench/search_bench.py
	$(BIN)/python bench/search_bench.py --entries-per-locale 2000
	$(BIN)/python bench/build_bench.py --sizes 200 2000
	$(BIN)/python bench/scale_bench.py
	$(BIN)/python bench/customer_tasks.py

# Lighthouse over every page type of every locale, phone and desktop (slow; not a test).
# Lighthouse 12.8.2 as bench/lighthouse/package-lock.json pins it, run with Node 20.
lighthouse: $(STAMP) browser bench/lighthouse/node_modules/.package-lock.json
	$(BIN)/python bench/lighthouse_bench.py $(LIGHTHOUSE_ARGS)

bench/lighthouse/node_modules/.package-lock.json: bench/lighthouse/package-lock.json
	cd bench/lighthouse && npm ci --no-audit --no-fund --loglevel=error

# The virtual environment, with the project and its pinned development tools.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

# Browser tests drive Debian's chromium (Playwright cannot download a browser here);
# the search and quiz parity tests run the browser's engines under Node.
browser:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium fonts-liberation"; \
	command -v node >/dev/null 2>&1 || missing="$$missing nodejs"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian's$$missing for the tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

clean:
	rm -rf site .site-* .cache $(VENV) .pytest_cache .mypy_cache .ruff_cache
