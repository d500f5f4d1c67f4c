# policy-briefing: `make run` builds the briefing, `make test` runs the tests.
# Both set up everything first (Debian packages, .venv, the package itself); set-up is idempotent.

PYTHON      ?= python3
VENV        := .venv
BIN         := $(VENV)/bin
DEB_PACKAGES := fonts-noto-cjk libharfbuzz-subset0 poppler-utils
SUDO        := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: setup system-packages run test bench clean help

help:
	@echo "make run    set up, then build the briefing from inputs/ into outputs/"
	@echo "make test   set up, then run the test suite"
	@echo "make bench  set up, then run the benchmarks in benchmarks/"

setup: system-packages $(VENV)/.installed

# Debian packages: fonts for Chinese text, HarfBuzz subsetting for WeasyPrint, pdftotext/pdffonts.
system-packages:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Reinstalls only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@

run: setup
	$(BIN)/briefing run

# The suite on TEST_WORKERS processes, a whole test file to each (its module fixtures are set up once).
TEST_WORKERS ?= 2

test: setup
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

bench: setup
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf outputs/*/ outputs/*.db* outputs/.prefect .pytest_cache
