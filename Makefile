# Trellis — the two commands are `make run` and `make test`.
GO        ?= go
BIN       := bin/trellis
EXAMPLES  := echo kvcounter pinger ponger randlogger
WASM      := $(patsubst %,build/%_s.wasm,$(EXAMPLES))
# Tests that need PostgreSQL, Redis, NATS… skip when absent unless this is 1 (CI sets it).
TRELLIS_REQUIRE_SERVICES ?=
export TRELLIS_REQUIRE_SERVICES

.PHONY: all build examples run test test-race lint bench clean

all: build examples

build: $(BIN)

$(BIN): FORCE
	$(GO) build -trimpath -o $(BIN) ./cmd/trellis

# Every example actor is compiled for wasip1, given its wapc_init alias and signed by `trellis build`.
examples: $(BIN)
	@mkdir -p build
	$(BIN) build examples/echo       -o build/echo_s.wasm       --name echo       --cap wasmcloud:httpserver
	$(BIN) build examples/kvcounter  -o build/kvcounter_s.wasm  --name kvcounter  --cap wasmcloud:httpserver --cap wasmcloud:keyvalue
	$(BIN) build examples/pinger     -o build/pinger_s.wasm     --name pinger     --cap wasmcloud:httpserver
	$(BIN) build examples/ponger     -o build/ponger_s.wasm     --name ponger     --call-alias examples/ponger
	$(BIN) build examples/randlogger -o build/randlogger_s.wasm --name randlogger --cap wasmcloud:httpserver --cap wasmcloud:builtin:logging --cap wasmcloud:builtin:numbergen

# `make run` builds everything and starts a lattice of one in the foreground: a host with the
# embedded NATS server (or joining the one on 127.0.0.1:4222). Ctrl-C stops it. The demo app and
# its manifest come with the deployment issues; until then start actors with `bin/trellis start actor`.
run: all
	@echo "Example actors: $(WASM)"
	@echo "In another terminal: bin/trellis start actor file://$(CURDIR)/build/echo_s.wasm --wait"
	$(BIN) up

test:
	$(GO) vet ./...
	$(GO) test -count=1 ./...

test-race:
	$(GO) test -count=1 -race ./internal/wasmrt/... ./internal/claims/... ./actor/... ./ctl/... ./internal/natsd/... ./internal/lattice/... ./internal/host/... ./provider/... ./providers/...

lint:
	$(GO) vet ./...
	GOOS=wasip1 GOARCH=wasm $(GO) vet ./actor/... ./contract/... ./examples/...
	staticcheck ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 1 ./internal/wasmrt/ ./contract/...

clean:
	rm -rf bin build

FORCE:
