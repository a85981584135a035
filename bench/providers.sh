#!/usr/bin/env bash
# Provider benchmarks (BENCHMARKS.md, "Providers"): wrk against the echo actor behind the built-in
# httpserver provider, side by side with a bare net/http server (bench/barehttp) that answers the
# same JSON; then wrk against kvcounter behind httpserver + keyvalue-redis, with
# `redis-benchmark -t incr` as the ceiling.
#
# Usage: bash bench/providers.sh        (or: make bench-providers)
#
# Needs Go, wrk, curl and, for the kvcounter part, a Redis server at $REDIS_URL (default
# redis://127.0.0.1:6379) plus redis-benchmark; without them that part is skipped. Everything runs
# in an isolated lattice: embedded NATS on a free port, a temporary data, keys and cache directory,
# a unique lattice name and free HTTP ports. Every process it starts is stopped on exit.
#
# Tunables (environment): DURATION (10s), WARMUP (3s), THREADS (2), CONNS (32), ECHO_COUNT (2),
# KV_COUNT (4) — actor instances, i.e. each actor's concurrency on the host —, REDIS_N (200000).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-3s}
THREADS=${THREADS:-2}
CONNS=${CONNS:-32}
ECHO_COUNT=${ECHO_COUNT:-2}
KV_COUNT=${KV_COUNT:-4}
REDIS_N=${REDIS_N:-200000}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
GO=${GO:-go}

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'providers.sh: %s\n' "$*" >&2; exit 1; }

command -v wrk >/dev/null || die "wrk is not installed"
command -v curl >/dev/null || die "curl is not installed"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/trellis-bench.XXXXXX")
PIDS=()
REDIS_KEY_PATH="/trellis-bench-$$-$RANDOM"

cleanup() {
	local rc=$?
	set +e
	# Stop in reverse start order: SIGTERM, a grace period, then SIGKILL.
	for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
		kill -TERM "${PIDS[i]}" 2>/dev/null
	done
	for pid in "${PIDS[@]}"; do
		for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	if [[ -n ${REDIS_CLI:-} ]]; then
		"${REDIS_CLI[@]}" DEL "counter::${REDIS_KEY_PATH#/}" >/dev/null 2>&1
	fi
	if ((rc != 0)) && [[ -f $WORK/up.log ]]; then
		echo "--- last lines of the host log ($WORK/up.log) ---" >&2
		tail -n 30 "$WORK/up.log" >&2
	fi
	rm -rf "$WORK"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Keys (actor signing, cluster key) stay in the temporary directory, not ~/.trellis/keys.
export TRELLIS_KEYS_DIR=$WORK/keys

log "building bin/trellis, the examples and bench/barehttp"
make -s GO="$GO" build examples >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; die "make build examples failed"; }
"$GO" build -trimpath -o "$WORK/barehttp" ./bench/barehttp
TRELLIS=$ROOT/bin/trellis

# freeport prints a TCP port that was free on 127.0.0.1 a moment ago.
if command -v python3 >/dev/null; then
	freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
else
	mkdir -p "$WORK/freeport"
	cat >"$WORK/freeport/main.go" <<'EOF'
package main

import (
	"fmt"
	"net"
)

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	fmt.Println(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
}
EOF
	"$GO" build -o "$WORK/freeport/freeport" "$WORK/freeport/main.go"
	freeport() { "$WORK/freeport/freeport"; }
fi

# wait_for CMD... retries CMD for up to 60 s.
wait_for() {
	local what=$1
	shift
	for _ in $(seq 300); do
		if "$@" >/dev/null 2>&1; then return 0; fi
		if [[ -n ${UP_PID:-} ]] && ! kill -0 "$UP_PID" 2>/dev/null; then die "trellis up exited while waiting for $what"; fi
		sleep 0.2
	done
	die "timed out waiting for $what"
}

http_ok() { [[ $(curl -s -o /dev/null -w '%{http_code}' "$1") == 200 ]]; }

NATS_PORT=$(freeport)
export TRELLIS_NATS_URL=nats://127.0.0.1:$NATS_PORT
export TRELLIS_LATTICE=bench_$$_$RANDOM

log "starting trellis up (NATS 127.0.0.1:$NATS_PORT, lattice $TRELLIS_LATTICE)"
# The compilation cache goes to the temporary directory too (XDG_CACHE_HOME only for the host, so
# the Go build cache stays where it is).
# TRELLIS_NATS_URL (exported for the CLI commands below) would make `up` join instead of serve.
env -u TRELLIS_NATS_URL XDG_CACHE_HOME="$WORK/cache" "$TRELLIS" up --nats-listen "127.0.0.1:$NATS_PORT" --data-dir "$WORK/data" \
	--lattice "$TRELLIS_LATTICE" --log-level warn >"$WORK/up.log" 2>&1 &
PIDS+=($!)
UP_PID=$!
wait_for "the host to join the lattice" bash -c '"$0" get hosts -o json | grep -q "\"id\""' "$TRELLIS"

# run_wrk NAME URL: a warm-up, then the measured run; the output is kept in $WORK/NAME.wrk.
run_wrk() {
	local name=$1 url=$2
	log "wrk $name: warm-up $WARMUP, then -t$THREADS -c$CONNS -d$DURATION $url"
	wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" "$url" >/dev/null
	wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$url" | tee "$WORK/$name.wrk" >&2
}

# wrk_field NAME FIELD: rps, p50, p99 (milliseconds) or errors (non-2xx + socket errors).
wrk_field() {
	local f=$WORK/$1.wrk
	case $2 in
	rps) awk '/^Requests\/sec:/ {print $2}' "$f" ;;
	p50 | p99)
		local pct=${2#p}
		awk -v p="$pct%" '$1 == p {v=$2; u=v; sub(/[a-z]+$/, "", v); sub(/^[0-9.]+/, "", u);
			if (u == "us") v /= 1000; else if (u == "s") v *= 1000; else if (u == "m") v *= 60000; printf "%.2f\n", v}' "$f" ;;
	errors) awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(/,/, ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$f" ;;
	esac
}

# --- echo via httpserver vs bare net/http -------------------------------------------------------
ECHO_PORT=$(freeport)
log "starting echo ($ECHO_COUNT instances) and the httpserver provider, link PORT=$ECHO_PORT"
"$TRELLIS" start actor "file://$ROOT/build/echo_s.wasm" --count "$ECHO_COUNT" --wait >&2
"$TRELLIS" start provider httpserver >&2
"$TRELLIS" link put echo httpserver wasmcloud:httpserver "PORT=$ECHO_PORT" >&2
ECHO_URL=http://127.0.0.1:$ECHO_PORT/bench
wait_for "echo to answer on $ECHO_URL" http_ok "$ECHO_URL"

BARE_PORT=$(freeport)
"$WORK/barehttp" -addr "127.0.0.1:$BARE_PORT" 2>"$WORK/barehttp.log" &
PIDS+=($!)
BARE_URL=http://127.0.0.1:$BARE_PORT/bench
wait_for "barehttp to answer on $BARE_URL" http_ok "$BARE_URL"

echo_body=$(curl -s "$ECHO_URL")
bare_body=$(curl -s "$BARE_URL")
log "echo answers:     $echo_body"
log "barehttp answers: $bare_body"
[[ $echo_body == "$bare_body" ]] || die "barehttp does not answer what echo answers"

run_wrk echo "$ECHO_URL"
run_wrk bare "$BARE_URL"

# --- kvcounter via httpserver + keyvalue-redis vs redis-benchmark INCR ----------------------------
KV=no
redis_hostport=${REDIS_URL#*://}
redis_hostport=${redis_hostport##*@}
redis_hostport=${redis_hostport%%/*}
REDIS_HOST=${redis_hostport%:*}
REDIS_PORT=${redis_hostport##*:}
if ! command -v redis-benchmark >/dev/null; then
	log "redis-benchmark is not installed: skipping kvcounter"
elif ! (exec 3<>"/dev/tcp/$REDIS_HOST/$REDIS_PORT") 2>/dev/null; then
	log "no Redis at $REDIS_HOST:$REDIS_PORT: skipping kvcounter"
else
	KV=yes
	if command -v redis-cli >/dev/null; then REDIS_CLI=(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT"); fi
	KV_PORT=$(freeport)
	log "starting kvcounter ($KV_COUNT instances) and keyvalue-redis ($REDIS_URL), httpserver link PORT=$KV_PORT"
	"$TRELLIS" start actor "file://$ROOT/build/kvcounter_s.wasm" --count "$KV_COUNT" --wait >&2
	"$TRELLIS" start provider keyvalue-redis >&2
	"$TRELLIS" link put kvcounter keyvalue-redis wasmcloud:keyvalue "URL=$REDIS_URL" >&2
	"$TRELLIS" link put kvcounter httpserver wasmcloud:httpserver "PORT=$KV_PORT" >&2
	# A path of its own, so the counter (counter::<path>) does not touch anyone else's keys.
	KV_URL=http://127.0.0.1:$KV_PORT$REDIS_KEY_PATH
	wait_for "kvcounter to answer on $KV_URL" http_ok "$KV_URL"
	log "kvcounter answers: $(curl -s "$KV_URL")"
	run_wrk kvcounter "$KV_URL"

	log "redis-benchmark -q -t incr -n $REDIS_N -c $CONNS"
	redis-benchmark -h "$REDIS_HOST" -p "$REDIS_PORT" -q -t incr -n "$REDIS_N" -c "$CONNS" 2>&1 |
		tr '\r' '\n' | grep -E '^INCR: .*per second' | tail -n 1 | tee "$WORK/redis.out" >&2
fi

# --- summary ----------------------------------------------------------------------------------------
bare_rps=$(wrk_field bare rps)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "–" }'; }
row() { # NAME LABEL BASELINE_RPS
	printf '| %s | %s | %s | %s | %s | %s |\n' "$2" "$(wrk_field "$1" rps)" "$(wrk_field "$1" p50)" \
		"$(wrk_field "$1" p99)" "$(wrk_field "$1" errors)" "$(ratio "$(wrk_field "$1" rps)" "$3")"
}
echo
echo "wrk -t$THREADS -c$CONNS -d$DURATION (after a $WARMUP warm-up), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| target | req/s | p50 ms | p99 ms | errors | vs baseline |"
echo "|---|---:|---:|---:|---:|---:|"
row bare "bare net/http (bench/barehttp) — baseline" "$bare_rps"
row echo "echo via httpserver ($ECHO_COUNT instances)" "$bare_rps"
if [[ $KV == yes ]]; then
	redis_rps=$(sed -E 's/^INCR: ([0-9.]+) requests per second.*/\1/' "$WORK/redis.out")
	redis_p50=$(sed -nE 's/.*p50=([0-9.]+) msec.*/\1/p' "$WORK/redis.out")
	printf '| %s | %s | %s | %s | %s | %s |\n' "redis-benchmark INCR -c $CONNS — ceiling" "$redis_rps" "${redis_p50:-–}" "–" "–" "1.00×"
	row kvcounter "kvcounter via httpserver + keyvalue-redis ($KV_COUNT instances)" "$redis_rps"
fi
echo
echo_ratio=$(awk -v a="$(wrk_field echo rps)" -v b="$bare_rps" 'BEGIN { printf "%.2f", a / b }')
if awk -v r="$echo_ratio" 'BEGIN { exit !(r >= 0.5) }'; then
	echo "echo via httpserver: ${echo_ratio}× bare net/http (goal ≥ 0.5×: met)"
else
	echo "echo via httpserver: ${echo_ratio}× bare net/http (goal ≥ 0.5×: NOT met)"
fi
