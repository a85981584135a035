# Trellis — the two commands are `make run` and `make test`.
GO        ?= go
BIN       ?= bin/trellis
BUILD     ?= build
EXAMPLES  := echo kvcounter pinger ponger randlogger
WASM      := $(patsubst %,$(BUILD)/%_s.wasm,$(EXAMPLES))
# Tests that need PostgreSQL, Redis, NATS… skip when absent unless this is 1 (CI sets it).
TRELLIS_REQUIRE_SERVICES ?=
export TRELLIS_REQUIRE_SERVICES

.PHONY: all build examples chat run test test-race lint bench clean

all: build examples chat

build: $(BIN)

$(BIN): FORCE
	$(GO) build -trimpath -o $(BIN) ./cmd/trellis

# Every example actor is compiled for wasip1, given its wapc_init alias and signed by `trellis build`.
examples: $(BIN)
	@mkdir -p $(BUILD)
	$(BIN) build examples/echo       -o $(BUILD)/echo_s.wasm       --name echo       --cap wasmcloud:httpserver
	$(BIN) build examples/kvcounter  -o $(BUILD)/kvcounter_s.wasm  --name kvcounter  --cap wasmcloud:httpserver --cap wasmcloud:keyvalue
	$(BIN) build examples/pinger     -o $(BUILD)/pinger_s.wasm     --name pinger     --cap wasmcloud:httpserver
	$(BIN) build examples/ponger     -o $(BUILD)/ponger_s.wasm     --name ponger     --call-alias examples/ponger
	$(BIN) build examples/randlogger -o $(BUILD)/randlogger_s.wasm --name randlogger --cap wasmcloud:httpserver --cap wasmcloud:builtin:logging --cap wasmcloud:builtin:numbergen

# The chat application's actors (examples/chat), named as its manifests expect them.
chat: $(BIN)
	@mkdir -p $(BUILD)/chat
	$(BIN) build examples/chat/messages       -o $(BUILD)/chat/messages_s.wasm       --name chat-messages       --call-alias chat/messages       --cap wasmcloud:keyvalue --cap wasmcloud:builtin:logging
	$(BIN) build examples/chat/rooms          -o $(BUILD)/chat/rooms_s.wasm          --name chat-rooms          --call-alias chat/rooms          --cap wasmcloud:keyvalue --cap wasmcloud:builtin:logging
	$(BIN) build examples/chat/presence       -o $(BUILD)/chat/presence_s.wasm       --name chat-presence       --call-alias chat/presence       --cap wasmcloud:keyvalue --cap wasmcloud:builtin:logging
	$(BIN) build examples/chat/channel-telnet -o $(BUILD)/chat/channel-telnet_s.wasm --name chat-channel-telnet --call-alias chat/telnet      --cap wasmcloud:telnet --cap wasmcloud:builtin:logging
	$(BIN) build examples/chat/channel-http   -o $(BUILD)/chat/channel-http_s.wasm   --name chat-channel-http   --call-alias chat/http        --cap wasmcloud:httpserver --cap wasmcloud:builtin:logging
	$(BIN) build examples/chat/channel-nats   -o $(BUILD)/chat/channel-nats_s.wasm   --name chat-channel-nats   --call-alias chat/nats        --cap wasmcloud:messaging --cap wasmcloud:builtin:logging

# `make run` builds everything and starts a lattice of one in the foreground with the chat
# application deployed: the embedded NATS server with JetStream (or the NATS server already on
# 127.0.0.1:4222), a host, the reconciler and the built-in providers. Ctrl-C stops it.
run: all
	@echo
	@echo "Trellis chat: telnet localhost 8500   |   curl localhost:8080/rooms   |   nats sub 'chat.*'"
	@echo "  post: curl -d '{\"nick\":\"ann\",\"text\":\"hello\"}' localhost:8080/rooms/lobby/messages"
	@echo "  state: bin/trellis app status chat   |   bin/trellis get inventory   |   bin/trellis events"
	@echo
	$(BIN) up --manifest examples/chat/app.yaml

test:
	$(GO) vet ./...
	$(GO) test -count=1 ./...

test-race:
	$(GO) test -count=1 -race ./internal/wasmrt/... ./internal/claims/... ./actor/... ./ctl/... ./internal/natsd/... ./internal/lattice/... ./internal/host/... ./provider/... ./providers/... ./internal/deploy/... ./internal/oci/... ./internal/par/...

lint:
	$(GO) vet ./...
	GOOS=wasip1 GOARCH=wasm $(GO) vet ./actor/... ./contract/... ./examples/...
	staticcheck ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 1 ./internal/wasmrt/ ./contract/...

# wrk against echo behind the httpserver provider vs a bare net/http server, and kvcounter behind
# httpserver + keyvalue-redis vs redis-benchmark INCR (BENCHMARKS.md, "Providers"). Needs wrk and,
# for the kvcounter part, Redis on 127.0.0.1:6379 and redis-benchmark.
.PHONY: bench-providers
bench-providers: build examples
	bash bench/providers.sh

clean:
	rm -rf bin $(BUILD)

FORCE:
