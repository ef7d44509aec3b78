# Профориентир — two commands for a newcomer: `make site` and `make test`.
# Each creates .venv when it is missing and installs the project into it.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DATA   ?= data

export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve urls test lint validate schemas demo-data screenshots bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## site: validate the data, generate the pages and charts, build the site into site/
site: $(STAMP)
	$(BIN)/proforientir build --data $(DATA) --out site

## serve: preview the site with reload on http://127.0.0.1:8000
serve: $(STAMP)
	$(BIN)/proforientir serve --data $(DATA)

## urls: accept the new URLs of the site into data/urls.lock (after reviewing them)
urls: $(STAMP)
	$(BIN)/proforientir urls accept --data $(DATA)

# The end-to-end tests inject axe-core into the pages and validate the markup with vnu-jar (Java);
# both come from the npm registry. The site itself needs no Node.js.
# Without npm (or Java, or Chromium) `make test` still runs every test it can: the ones that need the
# missing tool skip themselves, and `node-tools` says which they are and which Debian package enables them.
# With CI=true nothing is skipped: `.ci/run` installs the packages and a missing one fails the run.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $(NODE_STAMP)

.PHONY: node-tools
node-tools:
	@if command -v npm >/dev/null 2>&1; then \
	    $(MAKE) --no-print-directory $(NODE_STAMP); \
	elif [ -n "$$CI" ] && [ "$$CI" != "false" ] && [ "$$CI" != "0" ]; then \
	    echo "npm не найден: с CI=true без него нельзя (Debian: apt-get install nodejs npm)" >&2; exit 1; \
	else \
	    echo "*** npm не найден: проверки доступности (axe-core, tests/test_accessibility.py) и разметки" >&2; \
	    echo "*** (vnu-jar, tests/test_html_validity.py) будут пропущены. Включить их: в Debian" >&2; \
	    echo "*** apt-get install nodejs npm default-jre-headless — и снова make test." >&2; \
	fi
	@if ! command -v java >/dev/null 2>&1; then \
	    echo "*** Java не найдена: проверка разметки vnu-jar будет пропущена (Debian: apt-get install default-jre-headless)." >&2; \
	fi
	@if ! command -v "$${PROFORIENTIR_CHROMIUM:-/usr/bin/chromium}" >/dev/null 2>&1; then \
	    echo "*** Chromium не найден: браузерные тесты и PDF будут пропущены (Debian: apt-get install chromium)." >&2; \
	fi

## test: lint and the whole test suite (what cannot run here is skipped, and said so)
test: $(STAMP) node-tools
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup -rs

validate: $(STAMP)
	$(BIN)/proforientir validate --data $(DATA)

## schemas: regenerate the JSON Schemas of the data files (after a catalogue change)
schemas: $(STAMP)
	$(BIN)/proforientir schema --data $(DATA) --out schemas

## demo-data: regenerate the demo region from its fixed seed
demo-data: $(STAMP)
	$(BIN)/python scripts/make_demo_data.py

## screenshots: each page type of the built site at 1280 and 390 px, as PNG in screenshots/
screenshots: $(STAMP)
	test -d site || $(MAKE) site
	$(BIN)/python scripts/screenshots.py --site site --out screenshots

## bench: build a synthetic region (60 municipalities × 5 years), print speed and size beside the goals of issue 15
## (medians of BENCH_RUNS runs, 3 by default; BENCH_RUNS=1 for a quick look)
BENCH_ARGS ?=
BENCH_RUNS ?= 3
bench: $(STAMP)
	BENCH_RUNS=$(BENCH_RUNS) $(BIN)/python scripts/bench.py $(BENCH_ARGS)

clean:
	rm -rf build site .pytest_cache
