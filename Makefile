# Everything is idempotent: a second `make test` does no apt and no pip work.
#   make setup     Debian packages (installer/install-deps.sh) + .venv with the project
#   make run       the kiosk demo (ARGS="..." passes options)
#   make lint      ruff + mypy + the import rules (lint-imports, pyproject.toml)
#   make test      lint, then pytest with pcscd (vpcd), cupsd (cups-pdf) and PostgreSQL up (PYTEST_ARGS="...")
#   make bench     benchmarks, with the daemons up
#   make clean     remove .venv and out/

SHELL := /bin/bash
.DEFAULT_GOAL := test

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
ARGS ?=
PYTEST_ARGS ?=

.PHONY: setup deps run lint test bench clean

setup: deps $(STAMP)

# Quiet and fast when nothing is missing.
deps:
	@bash installer/install-deps.sh

# Reinstalls only when pyproject.toml or constraints.txt change (or the venv is gone).
$(STAMP): pyproject.toml constraints.txt | deps
	@test -x $(VENV)/bin/pip || python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q -c constraints.txt -e '.[central,dev]'
	@touch $@

run: setup
	$(VENV)/bin/kiosk demo $(ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache

test: setup lint
	bash tests/daemons.sh $(PY) -m pytest $(PYTEST_ARGS)

# Byte-compiled first, as an installed kiosk is (pip and Debian packages compile at install time):
# start-up is measured without compiling the project's modules from source on every start.
bench: setup
	$(PY) -m compileall -q kiosk devices ui cli central bench >/dev/null
	bash tests/daemons.sh $(PY) -m bench

clean:
	rm -rf $(VENV) out
