# Профориентир — two commands for a newcomer: `make site` and `make test`.
# Each creates .venv when it is missing and installs the project into it.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DATA   ?= data

export NO_MKDOCS_2_WARNING := 1

.PHONY: site test lint validate schemas demo-data clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## site: validate the data, compute the indicators (the site build arrives with the site issue)
site: $(STAMP)
	$(BIN)/proforientir validate --data $(DATA)
	$(BIN)/proforientir compute --data $(DATA) --out build/indicators.csv

## test: lint and the whole test suite
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

validate: $(STAMP)
	$(BIN)/proforientir validate --data $(DATA)

## schemas: regenerate the JSON Schemas of the data files (after a catalogue change)
schemas: $(STAMP)
	$(BIN)/proforientir schema --data $(DATA) --out schemas

## demo-data: regenerate the demo region from its fixed seed
demo-data: $(STAMP)
	$(BIN)/python scripts/make_demo_data.py

clean:
	rm -rf build site .pytest_cache
