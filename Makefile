# The three commands of README.md. Each installs what it needs first.
SWIFT ?= swift

.PHONY: run test bench deps build

deps:
	./deploy/local/install-deps.sh

build: deps
	$(SWIFT) build

## Builds, then starts all six services with embedded defaults (SQLite + ./data); Ctrl-C stops them.
run: build
	./deploy/local/run-all.sh

## Every test, on SQLite and on a throwaway PostgreSQL cluster started and stopped here; then
## schemathesis against every binary's OpenAPI document.
test: deps
	$(SWIFT) build --build-tests
	./deploy/local/with-test-postgres.sh $(SWIFT) test --skip-build
	./deploy/local/schemathesis.sh

## Throughput and latency of the services against their own /health, on SQLite and PostgreSQL;
## /events over HTTP, and the astronomy computations and stored-JSON reading in-process.
bench: deps
	$(SWIFT) build -c release
	./deploy/bench/run-all.sh
	PTR_BENCH_SKIP_BUILD=1 ./deploy/bench/events.sh
	.build/release/AstronomyBench 200
	.build/release/JSONBench
