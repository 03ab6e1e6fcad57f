# Products API — every command a developer or CI needs. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_VERSION := 3.12
PYTHON := $(shell scripts/find-python $(PYTHON_VERSION))
VENV := .venv
SAM_VENV := .venv-sam
# The client generators (openapi-python-client) live in their own virtualenv.
CLIENTS_VENV := .venv-clients
# The load test's locust (make load) lives in its own virtualenv too: gevent, flask and their pins.
LOAD_VENV := .venv-load
BIN := $(VENV)/bin
# sam build looks for the runtime's interpreter (python3.12) on PATH.
SAM := PATH="$(dir $(PYTHON)):$$PATH" SAM_CLI_TELEMETRY=0 AWS_DEFAULT_REGION=$${AWS_DEFAULT_REGION:-us-east-1} $(SAM_VENV)/bin/sam
export PYTHONPATH := layers/common:.

.PHONY: help deps run test lint format typecheck validate build check-build pure component tooling http unit integration coverage fuzz browser clients client-typescript client-python bench-cold-start bench-imports bench-warm bench-wire bench-cost bench-compression bench-listing load clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements-dev.txt layers/common/requirements.txt layers/common/requirements-tracing.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

$(SAM_VENV)/.installed: requirements-sam.txt
	$(PYTHON) -m venv $(SAM_VENV)
	$(SAM_VENV)/bin/pip install --quiet --upgrade pip
	$(SAM_VENV)/bin/pip install --quiet -r requirements-sam.txt
	touch $@

$(CLIENTS_VENV)/.installed: requirements-clients.txt
	$(PYTHON) -m venv $(CLIENTS_VENV)
	$(CLIENTS_VENV)/bin/pip install --quiet --upgrade pip
	$(CLIENTS_VENV)/bin/pip install --quiet -r requirements-clients.txt
	touch $@

$(LOAD_VENV)/.installed: requirements-load.txt
	$(PYTHON) -m venv $(LOAD_VENV)
	$(LOAD_VENV)/bin/pip install --quiet --upgrade pip
	$(LOAD_VENV)/bin/pip install --quiet -r requirements-load.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

deps: $(VENV)/.installed $(SAM_VENV)/.installed $(CLIENTS_VENV)/.installed node_modules/.installed ## Install everything (virtualenvs, npm packages, DynamoDB Local)

run: $(VENV)/.installed node_modules/.installed ## Serve the API on http://127.0.0.1:3000 (PORT overrides) on DynamoDB Local
	$(BIN)/python -m local_api

test: lint typecheck validate build check-build pure component tooling http ## Everything CI runs

# Every OpenAPI document the generator writes: the canonical one and each seed door's.
OPENAPI_DOCS = docs/openapi.json $(sort $(wildcard docs/compat/*.openapi.json))
# Redocly CLI (redocly.yaml) offline: no telemetry, no update check.
REDOCLY := REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true node_modules/.bin/redocly

lint: $(VENV)/.installed $(CLIENTS_VENV)/.installed node_modules/.installed ## ruff, the import rules (README, "Architecture"), the OpenAPI documents (current, Redocly, valid), the generated clients (current)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python scripts/check_handler_imports.py
	$(BIN)/python scripts/generate_openapi.py --check
	$(REDOCLY) lint $(OPENAPI_DOCS)
	$(BIN)/openapi-spec-validator $(OPENAPI_DOCS)
	node scripts/generate_typescript_client.mjs --check
	$(BIN)/python scripts/generate_python_client.py --check

clients: client-typescript client-python ## Regenerate every client from docs/openapi.json

client-typescript: node_modules/.installed ## Regenerate the TypeScript client's types (clients/typescript/src/schema.ts) from docs/openapi.json
	node scripts/generate_typescript_client.mjs

client-python: $(VENV)/.installed $(CLIENTS_VENV)/.installed ## Regenerate clients/python/products_api_client from docs/openapi.json (openapi-python-client)
	$(BIN)/python scripts/generate_python_client.py

format: $(VENV)/.installed ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: $(VENV)/.installed ## mypy (strict)
	$(BIN)/mypy .

validate: $(SAM_VENV)/.installed ## sam validate --lint
	$(SAM) validate --lint

build: $(SAM_VENV)/.installed ## sam build (arm64 layer and functions)
	$(SAM) build --parallel

check-build: $(VENV)/.installed ## Check the built artifacts (arm64 wheels, small function packages)
	$(BIN)/pytest -q tests/build

pure: $(VENV)/.installed ## Pure tier: models, money, cursors, words, the listing planner (no moto, no AWS; seconds)
	$(BIN)/pytest -q tests/pure

component: $(VENV)/.installed ## Component tier: handlers, authorizer and layer on moto, through the local gateway
	$(BIN)/pytest -q -n auto tests/component

tooling: $(VENV)/.installed ## Tooling tests: local gateway, server, scheduler, instances, admin CLI, Python client, generated files
	$(BIN)/pytest -q -n auto tests/tooling

http: $(VENV)/.installed node_modules/.installed browser ## HTTP tier: the local API on DynamoDB Local, schemathesis with 10 examples per operation
	$(BIN)/pytest -q tests/http

unit: pure component tooling ## Every in-process tier (pure, component, tooling)

integration: http ## Same as `make http`

coverage: $(VENV)/.installed ## Line coverage of the layer and functions by the pure and component tiers
	$(BIN)/pytest -q -n auto --cov=layers/common/common --cov=functions --cov-report=term:skip-covered tests/pure tests/component

fuzz: $(VENV)/.installed node_modules/.installed ## schemathesis on the local API, 100 examples per operation (FUZZ_EXAMPLES)
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-100} $(BIN)/pytest -q -s tests/http/test_fuzz_schemathesis.py

browser: ## Install Debian's chromium (the docs page test's headless browser) unless present
	@if [ -x /usr/bin/chromium ]; then /usr/bin/chromium --version; else \
	  sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$sudo apt-get update && \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium; \
	fi

bench-cold-start: $(VENV)/.installed ## Cold start per function vs a bare boto3 handler (docs/api.md#performance-targets; not in `make test`)
	$(BIN)/python -m bench.cold_start

bench-imports: $(VENV)/.installed ## Where the heaviest functions' cold starts go: -X importtime by package (docs/performance.md#cold-start; not in `make test`)
	$(BIN)/python -m bench.import_contributors

bench-warm: $(VENV)/.installed node_modules/.installed ## Warm overhead per request on top of DynamoDB (docs/api.md#performance-targets; not in `make test`)
	$(BIN)/python -m bench.warm_overhead

bench-wire: $(VENV)/.installed ## A DynamoDB call's client time, botocore's client vs the layer's, side by side (docs/performance.md#items-on-the-wire; not in `make test`)
	$(BIN)/python -m bench.dynamodb_wire

bench-cost: $(VENV)/.installed node_modules/.installed ## DynamoDB capacity and dollars per million requests, per request kind (docs/performance.md#cost-per-request; not in `make test`)
	$(BIN)/python -m bench.cost

bench-compression: $(VENV)/.installed node_modules/.installed ## Bytes a 100-product page takes with and without gzip (docs/performance.md#compression; not in `make test`)
	$(BIN)/python -m bench.compression

bench-listing: $(VENV)/.installed node_modules/.installed ## Listing cost at 1,000 and 100,000 products (docs/api.md#listing; ~25 min; not in `make test`)
	$(BIN)/python -m bench.listing

load: $(VENV)/.installed $(LOAD_VENV)/.installed node_modules/.installed ## Locust load test: a shop's traffic mix on a local API of its own (LOAD_USERS 20, LOAD_SECONDS 60), then invariant checks (docs/performance.md#load-test; not in `make test`)
	$(BIN)/python -m bench.load.runner

clean: ## Remove build output and local data (not the virtualenvs)
	rm -rf .aws-sam .local .bench .pytest_cache .mypy_cache .ruff_cache .coverage .coverage.* htmlcov
