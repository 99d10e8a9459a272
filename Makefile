# Two commands do everything on a fresh machine with only Python >= 3.11:
#   make serve   create .venv, install the runtime, serve the shipped model on 127.0.0.1:$(PORT)
#   make test    install everything (+ Debian chromium for the page tests), lint, type-check, run the tests
PYTHON ?= python3
# Another interpreter gets its own environment: make bench PYTHON=/usr/bin/python3.11 VENV=.venv-system
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
WORKERS ?= 1
DEV_EVAL := training/data/eval/real_descriptions_dev.csv
# Written from the control appendix for the project (training/data/SOURCES.md), judged as of a fixed day.
PROBE_EVALS := $(wildcard training/data/eval/probe_appendix*.csv)

.PHONY: serve compile test lint typecheck train evaluate bench bench-smoke bench-series fuzz browser lock clean help

help:
	@echo "make serve | test | train | evaluate | bench | bench-series | fuzz | lock | clean"

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python >= 3.11 needed, found " + sys.version'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Every install takes the exact versions in constraints.txt (make lock writes it from pyproject.toml's ranges),
# so a fresh machine gets the versions the tests last passed with, not whatever was released since.
# Runtime only (what serving needs): fast to install, no scikit-learn.
$(VENV)/.runtime: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install -q -c constraints.txt -e .
	touch $@

# Everything: training extras and the test tools.
$(VENV)/.dev: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install -q -c constraints.txt -e '.[train,dev]'
	touch $(VENV)/.runtime $@

# Re-resolve the dependencies in a throw-away virtualenv and rewrite constraints.txt; then run make test.
lock:
	PYTHON=$(PYTHON) bash scripts/lock.sh

# The decision modules compiled with mypyc (scripts/build_native.py): a tenth less CPU a decision, about a minute
# to build, again whenever a service source changes. Best effort: without a C compiler the service runs from
# source. NATIVE=0 removes the compiled modules instead. service.native runs them only while they match their
# sources, so an edit never silently does not run.
NATIVE ?= 1
NATIVE_SOURCES := $(filter-out service/api/%,$(wildcard service/*.py service/*/*.py)) scripts/build_native.py

$(VENV)/.native: $(NATIVE_SOURCES) constraints.txt | $(VENV)/.runtime
	$(BIN)/pip install -q -c constraints.txt mypy setuptools
	$(BIN)/python scripts/build_native.py
	touch $@

# Bytecode for the service, written even where PYTHONDONTWRITEBYTECODE is set (this machine, some CI images):
# without it every start compiles the package again, about 0.08 s more to ready (python -m benchmarks.ab on a
# compiled and an uncompiled copy of service/, nine starts each). Up-to-date files are skipped.
# The stamp sees edited sources, not a compiled file deleted by hand: --check finds that, and the build runs again.
ifeq ($(NATIVE),1)
compile: $(VENV)/.runtime $(VENV)/.native
	@$(BIN)/python scripts/build_native.py --check || { rm -f $(VENV)/.native; $(MAKE) --no-print-directory $(VENV)/.native; }
	$(BIN)/python -m compileall -q service
else
compile: $(VENV)/.runtime
	$(BIN)/python scripts/build_native.py --clean
	rm -f $(VENV)/.native
	$(BIN)/python -m compileall -q service
endif

serve: compile
	$(BIN)/hscc serve --host 127.0.0.1 --port $(PORT) --workers $(WORKERS)

browser:
	@bash scripts/ensure-chromium.sh

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/hadolint Dockerfile

typecheck: $(VENV)/.dev
	$(BIN)/mypy

test: $(VENV)/.dev browser lint typecheck compile
	$(BIN)/pytest

train: $(VENV)/.dev
	$(BIN)/hscc train $(addprefix --eval ,$(DEV_EVAL) $(PROBE_EVALS)) --promote

evaluate: $(VENV)/.dev
	$(BIN)/hscc evaluate --data $(DEV_EVAL) --misses benchmarks/out/dev-misses.md
	for f in $(PROBE_EVALS); do \
	  $(BIN)/hscc evaluate --data $$f --misses benchmarks/out/$$(basename $$f .csv)-misses.md --as-of 2026-11-22 || exit 1; \
	done

bench: $(VENV)/.dev compile
	$(BIN)/python -m benchmarks.run

bench-smoke: $(VENV)/.dev compile
	$(BIN)/python -m benchmarks.run --smoke

# make bench RUNS times in a row (about 2.5 min each here), one table: how often each target was met on this
# machine, with the host's state beside each run -> benchmarks/out/series/series.md
RUNS ?= 5
bench-series: $(VENV)/.dev compile
	$(BIN)/python -m benchmarks.series --runs $(RUNS)

fuzz: $(VENV)/.dev
	HSCC_FUZZ_EXAMPLES=20000 $(BIN)/pytest tests/service/api/test_fuzz.py -q

clean:
	$(PYTHON) scripts/build_native.py --clean
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis test-artifacts benchmarks/out
