# marsad: two commands on a fresh machine with only Python.
#   make run   set up, then extract the bundled sample article to out/sample.json
#   make test  set up, then run the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup run test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	@mkdir -p out
	$(BIN)/marsad extract marsad/data/samples/ --format json --output out/sample.json
	$(BIN)/marsad extract marsad/data/samples/ --format table

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) out .pytest_cache
