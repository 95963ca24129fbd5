# 智慧党建平台 Dangjian — the two commands of the README are `make run` and `make test`.
SHELL := /bin/bash
BIN := bin/dangjian
WEB_SRC := $(shell find web/src web/index.html web/package.json web/vite.config.ts -type f 2>/dev/null)

.PHONY: run test web build go-test web-test e2e bench clean

# Build the UI when its sources are newer than the build, then serve the demo city on SQLite.
run: build
	$(BIN) serve --demo

build: web/dist/index.html
	go build -o $(BIN) ./cmd/dangjian

web/dist/index.html: $(WEB_SRC) web/package-lock.json
	cd web && npm ci --no-audit --no-fund && npm run build

web: web/dist/index.html

# All tests: Go on SQLite (and PostgreSQL when DANGJIAN_TEST_POSTGRES is set), web unit tests,
# browser end-to-end tests in Chromium.
test: go-test web-test e2e

go-test:
	go vet ./...
	go test -count=1 ./...

web-test: web/dist/index.html
	cd web && npm test

e2e: build
	bash scripts/e2e.sh

bench:
	bash scripts/bench.sh

clean:
	rm -rf bin web/dist/assets web/dist/index.html
