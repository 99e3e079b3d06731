#!/usr/bin/env bash
# SIGTERM to exit under load: ROUNDS times, start the release binary, put it under LOAD seconds
# of wrk, send SIGTERM SIGNAL_AT seconds in, and time it until the process has exited.
#
#   bash bench/shutdown.sh                   # 10 rounds
#   LOAD=0 bash bench/shutdown.sh            # the same with no load: an idle server
#
# Environment: ROUNDS (10), LOAD (seconds of wrk, 5; 0 for none), SIGNAL_AT (seconds, 3),
# THREADS (2), CONNECTIONS (32), BIN (a binary to use instead of building one).
#
# The time runs from just before kill(1) to the moment `wait` returns for the process, so it
# includes the shell's own few milliseconds. The server logs its own figure, from the signal
# to its last line ("stopped in N ms"), which is printed too. Only 127.0.0.1 is contacted;
# every process started here is stopped on exit.
set -euo pipefail
export LC_ALL=C

ROUNDS=${ROUNDS:-10}
LOAD=${LOAD:-5}
SIGNAL_AT=${SIGNAL_AT:-3}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
for v in ROUNDS SIGNAL_AT THREADS CONNECTIONS; do
    if ! [[ ${!v} =~ ^[1-9][0-9]*$ ]]; then
        echo "error: $v must be a positive whole number (got '${!v}')" >&2
        exit 2
    fi
done
if ! [[ $LOAD =~ ^[0-9]+$ ]]; then
    echo "error: LOAD must be a whole number of seconds (got '$LOAD')" >&2
    exit 2
fi
if [ "$LOAD" -gt 0 ] && [ "$LOAD" -le "$SIGNAL_AT" ]; then
    echo "error: LOAD ($LOAD s) must outlast SIGNAL_AT ($SIGNAL_AT s)" >&2
    exit 2
fi
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
cd "$ROOT"
tools=(curl awk sort)
[ "$LOAD" = 0 ] || tools+=(wrk)
for tool in "${tools[@]}"; do
    command -v "$tool" >/dev/null || { echo "error: $tool is needed (apt-get install $tool)" >&2; exit 1; }
done


PID=""
WRK_PID=""
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cir-shutdown.XXXXXX")
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    set +e
    for pid in "$WRK_PID" "$PID"; do
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
            kill -KILL "$pid" 2>/dev/null
            wait "$pid" 2>/dev/null
        fi
    done
    rm -rf -- "$TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ -z "${BIN:-}" ]; then
    log "building: cargo build --release"
    cargo build --release >&2
    BIN="$ROOT/target/release/cir-guide"
fi
[ -x "$BIN" ] || { log "error: $BIN is not an executable"; exit 1; }

# A few kinds of response, each as fast as wrk can ask.
cat >"$TMP/mixed.lua" <<'EOF'
local paths = { "/", "/statistics?sort=cirs&dir=desc", "/ja/statistics", "/statistics.csv",
                "/trends.json", "/static/css/site.css" }
local i = 0
function request()
    i = i % #paths + 1
    return wrk.format("GET", paths[i], { ["Accept-Encoding"] = (i % 2 == 0) and "br" or nil })
end
EOF


times=()
server_times=()
for round in $(seq 1 "$ROUNDS"); do
    port=$(free_port)
    url="http://127.0.0.1:$port"
    RUST_LOG=info "$BIN" serve --addr "127.0.0.1:$port" --content content --static static \
        >"$TMP/server.log" 2>&1 &
    PID=$!
    deadline=$(( $(now_ms) + 30000 ))
    until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url/" || true)" = 200 ]; do
        kill -0 "$PID" 2>/dev/null || { cat "$TMP/server.log" >&2; log "error: the server exited"; exit 1; }
        [ "$(now_ms)" -lt "$deadline" ] || { log "error: no 200 on / in 30 s"; exit 1; }
        sleep 0.05
    done
    if [ "$LOAD" -gt 0 ]; then
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"${LOAD}s" -s "$TMP/mixed.lua" "$url" \
            >"$TMP/wrk.out" 2>&1 &
        WRK_PID=$!
    fi
    sleep "$SIGNAL_AT"
    t0=$(date +%s%N)
    kill -TERM "$PID"
    status=0
    wait "$PID" || status=$?
    t1=$(date +%s%N)
    PID=""
    if [ -n "$WRK_PID" ]; then wait "$WRK_PID" || true; WRK_PID=""; fi
    ms=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e6 }')
    own=$(sed -n 's/.*stopped in \([0-9]*\) ms.*/\1/p' "$TMP/server.log")
    times+=("$ms")
    [ -z "$own" ] || server_times+=("$own")
    requests=""
    [ "$LOAD" = 0 ] || requests=", $(awk '/requests in/ { print $1 }' "$TMP/wrk.out") requests answered"
    log "round $round: exit status $status after $ms ms (the server's log: ${own:-no 'stopped in' line} ms)$requests"
    if [ "$status" != 0 ]; then
        tail -n 20 "$TMP/server.log" >&2
        log "error: the server exited with status $status"
        exit 1
    fi
done

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); binary $BIN ($(git rev-parse --short HEAD 2>/dev/null || echo '?'))"
echo "load: $([ "$LOAD" = 0 ] && echo none || echo "wrk -t$THREADS -c$CONNECTIONS for $LOAD s"), SIGTERM at $SIGNAL_AT s, $ROUNDS rounds, every exit status 0"
echo "SIGTERM to exit: median $(printf '%s\n' "${times[@]}" | median) ms, max $(printf '%s\n' "${times[@]}" | sort -g | tail -n 1) ms"
if [ ${#server_times[@]} -gt 0 ]; then
    echo "as the server logs it (signal to 'stopped'): median $(printf '%s\n' "${server_times[@]}" | median) ms, max $(printf '%s\n' "${server_times[@]}" | sort -g | tail -n 1) ms"
fi
