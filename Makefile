# Two commands for a fresh machine:  `make site`  builds the shipped site into site/,
# `make test`  runs every check CI runs. Both create their own virtual environment.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: site test lint typecheck unit serve check browser clean

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

# The virtual environment, with the project and its pinned development tools.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

# Browser tests drive Debian's chromium (Playwright cannot download a browser here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null; }

clean:
	rm -rf site .site-* $(VENV) .pytest_cache .mypy_cache .ruff_cache
