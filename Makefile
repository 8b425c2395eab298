# Two commands matter (see README): `make demo` and `make check`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo up check test lint system-deps bench clean

$(BIN)/ndxp-sim: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

## Set up and run the demo: the whole stack, a burst of requests, a summary.
demo: $(BIN)/ndxp-sim
	$(BIN)/ndxp-sim demo

## Set up and run the stack until Ctrl-C.
up: $(BIN)/ndxp-sim
	$(BIN)/ndxp-sim up

system-deps:
	scripts/install-system-deps

## Set up and run every check: format, types, lint, tests.
check: $(BIN)/ndxp-sim system-deps
	scripts/check

test: $(BIN)/ndxp-sim system-deps
	$(BIN)/pytest

bench: $(BIN)/ndxp-sim system-deps
	$(BIN)/python -m bench.bench_gateway
	$(BIN)/python -m bench.bench_instructions
	$(BIN)/python -m bench.bench_mocks

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
