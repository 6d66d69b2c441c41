# Everything runs inside .venv, created on first use from requirements.lock.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NODE_STAMP := node_modules/.installed-stamp
export NO_MKDOCS_2_WARNING := 1
# The site engine: mkdocs (MkDocs 1.6) or properdocs (ProperDocs, which continues it). Both are installed.
ENGINE ?= mkdocs

.DEFAULT_GOAL := help
.PHONY: help site docs reference links test test-slow fuzz check measure-draft bench bench-large serve cms lint format schema screenshots clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

# The CMS, decap-server and axe-core, pinned in package-lock.json. Without npm the site has no admin/ page and
# the tests that need them are skipped (they fail in CI).
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error && touch $(NODE_STAMP); \
	else echo "npm not found: the accessibility test will be skipped"; fi

site: $(STAMP) $(NODE_STAMP) ## Validate the content and build site/ with ENGINE (the old site/ stays whole if anything fails or is interrupted)
	$(BIN)/factsheet site --engine $(ENGINE)

docs: $(STAMP) ## Build the tool's manual (docs/, manual.yml) into build/manual/ with ENGINE, in strict mode
	$(BIN)/factsheet site --engine $(ENGINE) --config manual.yml

reference: $(STAMP) ## Regenerate the manual's field reference and error codes in docs/reference/ from the model
	$(BIN)/python scripts/write_reference.py

test: $(STAMP) $(NODE_STAMP) lint ## Run linters, type checks and the whole test suite (browser tests need chromium)
	$(BIN)/pytest

test-slow: $(STAMP) ## Run the long property tests (10,000 examples each) and the fuzzer for two minutes
	$(BIN)/pytest -m slow

FUZZ_SECONDS ?= 600
fuzz: $(STAMP) ## Fuzz the loader, validator and renderer for FUZZ_SECONDS (600); failures go to tests/fuzz/crashers/
	FACTSHEET_FUZZ_SECONDS=$(FUZZ_SECONDS) $(BIN)/pytest -m slow tests/test_fuzz.py

check: $(STAMP) ## Validate every sidecar and registry, without building
	$(BIN)/factsheet check

links: $(STAMP) ## Check every URL in the content over the network; dead links fail (results are reused for 24 hours)
	$(BIN)/factsheet links

serve: $(STAMP) ## Serve the site locally, reloading when content or templates change
	$(BIN)/$(ENGINE) serve

CMS_PORT ?= 8000
cms: site ## Edit content/ in a form: the site on localhost:CMS_PORT (8000), its admin/ page on decap-server (Ctrl-C stops)
	@test -f node_modules/decap-server/dist/index.js || { echo "make cms needs npm (it installs the CMS and decap-server)"; exit 1; }
	@echo "The CMS: http://localhost:$(CMS_PORT)/admin/ (it saves into content/ here; review with git diff and make check)"
	@GIT_REPO_DIRECTORY=$(CURDIR) MODE=fs PORT=8081 LOG_LEVEL=error node node_modules/decap-server/dist/index.js & server=$$!; \
	trap 'kill $$server' EXIT; $(BIN)/python -m http.server --bind 127.0.0.1 --directory site $(CMS_PORT)

lint: $(STAMP) ## ruff (lint and format) and mypy
	$(BIN)/ruff check generator tests scripts benchmarks
	$(BIN)/ruff format --check generator tests scripts benchmarks
	$(BIN)/mypy

format: $(STAMP) ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix generator tests scripts benchmarks
	$(BIN)/ruff format generator tests scripts benchmarks

measure-draft: $(STAMP) ## Measure factsheet draft against the answer keys (prints a Markdown table)
	$(BIN)/python scripts/measure_draft.py

screenshots: $(STAMP) ## Retake the screenshots in docs/images/ with the browser tests
	FACTSHEET_SCREENSHOTS=$(CURDIR)/docs/images $(BIN)/pytest -q tests/test_browser.py -k screenshot
	FACTSHEET_SCREENSHOTS=$(CURDIR)/docs/images $(BIN)/pytest -q tests/test_cms_browser.py -k created_in_the_form

bench: $(STAMP) ## Run the scale benchmark at 100, 1,000 and 10,000 sheets (about 30 minutes; see docs/benchmarks.md)
	$(BIN)/python -m benchmarks.run --n 100 1000 10000 --series --markdown benchmarks/results/latest.md

bench-large: $(STAMP) ## The long runs: generator and check at 100,000 sheets, the site at 30,000 (about 45 minutes)
	$(BIN)/python -m benchmarks.run --n 100000 --series --stages floor generate check \
		--out benchmarks/results/large-100000.json --markdown benchmarks/results/large-100000.md
	$(BIN)/python -m benchmarks.run --n 30000 --series --stages site plain \
		--out benchmarks/results/large-30000.json --markdown benchmarks/results/large-30000.md

schema: $(STAMP) ## Regenerate the editor JSON Schemas in schema/
	$(BIN)/factsheet schema --dir schema

clean: ## Remove build output, the virtual environment and node_modules
	rm -rf site .site.factsheet-* $(VENV) node_modules
