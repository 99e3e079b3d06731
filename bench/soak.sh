#!/usr/bin/env bash
# Soak: the release binary under mixed traffic for DURATION seconds while its content changes
# every INTERVAL seconds, its memory sampled as it goes. Does the resident memory stay flat?
#
#   bash bench/soak.sh                    # an hour
#   DURATION=300 bash bench/soak.sh       # five minutes
#
# Environment: DURATION (seconds, 3600), INTERVAL (seconds between a content change and the
# next, and between memory samples, 10), THREADS (wrk threads, 2), CONNECTIONS (16), DELAY_MS
# (wait before each request, per connection, 0: as fast as it goes), CSV (where the samples
# go, default target/soak/soak-DATE.csv), BIN (a binary to use instead of building one).
#
# Traffic (bench/soak.lua): every page in both languages, all 324 views of the statistics
# table as pages, CSV and JSON in both languages, the other downloads, the stylesheet, link
# previews, and addresses that do not exist, each plain, brotli and gzip. The content is a
# copy, whose role.toml is saved (write and rename, as editors do) in one of two versions in
# turn, so that every change is a real one and the server loads and renders everything again.
#
# Verdict: "growing" if the median resident memory (VmRSS) of the last quarter of the samples
# is more than 5 % above the median of the second quarter (25 to 50 % of the run: after start
# and warm-up), else "flat".
#
# Only 127.0.0.1 is contacted; every process started here is stopped on exit.
set -euo pipefail
export LC_ALL=C

DURATION=${DURATION:-3600}
INTERVAL=${INTERVAL:-10}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
DELAY_MS=${DELAY_MS:-0}
for v in DURATION INTERVAL THREADS CONNECTIONS; do
    if ! [[ ${!v} =~ ^[1-9][0-9]*$ ]]; then
        echo "error: $v must be a positive whole number (got '${!v}')" >&2
        exit 2
    fi
done
if ! [[ $DELAY_MS =~ ^[0-9]+$ ]]; then
    echo "error: DELAY_MS must be a whole number of milliseconds (got '$DELAY_MS')" >&2
    exit 2
fi
if [ "$DURATION" -lt $(( 4 * INTERVAL )) ]; then
    echo "error: DURATION must be at least 4 x INTERVAL, for four quarters of samples" >&2
    exit 2
fi
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
cd "$ROOT"
for tool in wrk curl awk sort; do
    command -v "$tool" >/dev/null || { echo "error: $tool is needed (apt-get install $tool)" >&2; exit 1; }
done


PID=""
WRK_PID=""
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cir-soak.XXXXXX")
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    set +e
    for pid in "$WRK_PID" "$PID"; do
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null
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

CSV=${CSV:-$ROOT/target/soak/soak-$(date -u +%Y%m%dT%H%M%SZ).csv}
mkdir -p "$(dirname "$CSV")"

# The content, copied, and the two versions of role.toml it alternates between.
cp -R content "$TMP/content"
ROLE="$TMP/content/role.toml"
cp "$ROLE" "$TMP/role-a.toml"
sed 's/^title = "The CIR role"$/title = "The CIR role (soak)"/' "$ROLE" >"$TMP/role-b.toml"
cmp -s "$TMP/role-a.toml" "$TMP/role-b.toml" && { log "error: role.toml has no 'title = \"The CIR role\"' line to change"; exit 1; }

PORT=$(free_port)
URL="http://127.0.0.1:$PORT"
RUST_LOG=info "$BIN" serve --addr "127.0.0.1:$PORT" --content "$TMP/content" \
    --static static >"$TMP/server.log" 2>&1 &
PID=$!
deadline=$(( $(now_ms) + 30000 ))
until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$URL/" || true)" = 200 ]; do
    kill -0 "$PID" 2>/dev/null || { cat "$TMP/server.log" >&2; log "error: the server exited"; exit 1; }
    [ "$(now_ms)" -lt "$deadline" ] || { log "error: no 200 on / in 30 s"; exit 1; }
    sleep 0.05
done

log "soak: $DURATION s of mixed traffic on $URL (wrk -t$THREADS -c$CONNECTIONS, delay $DELAY_MS ms)," \
    "a content change and a memory sample every $INTERVAL s; samples in $CSV"
DELAY_MS=$DELAY_MS wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s \
    -s bench/soak.lua "$URL" >"$TMP/wrk.out" 2>&1 &
WRK_PID=$!

echo "elapsed_s,vm_rss_kb,vm_hwm_kb,reloads,reload_failures" >"$CSV"
sample() { # elapsed seconds -> one CSV row
    local rss hwm health reloads failures
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$PID/status")
    hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$PID/status")
    health=$(curl -s --max-time 5 "$URL/healthz" || true)
    reloads=$(printf '%s' "$health" | sed -n 's/.*"reloads": *\([0-9]*\).*/\1/p')
    failures=$(printf '%s' "$health" | sed -n 's/.*"reload_failures": *\([0-9]*\).*/\1/p')
    echo "$1,$rss,$hwm,${reloads:-},${failures:-}" >>"$CSV"
}

start=$(now_ms)
edits=0
next=$INTERVAL
while [ "$next" -le "$DURATION" ]; do
    # Sleep until the next mark, whatever the loop itself took.
    wait_ms=$(( start + next * 1000 - $(now_ms) ))
    [ "$wait_ms" -le 0 ] || sleep "$(awk -v m="$wait_ms" 'BEGIN { printf "%.3f", m / 1000 }')"
    kill -0 "$PID" 2>/dev/null || { tail -n 20 "$TMP/server.log" >&2; log "error: the server died"; exit 1; }
    sample "$next"
    if [ "$next" -lt "$DURATION" ]; then
        edits=$(( edits + 1 ))
        version=$([ $(( edits % 2 )) = 1 ] && echo b || echo a)
        cp "$TMP/role-$version.toml" "$ROLE.tmp" && mv "$ROLE.tmp" "$ROLE"
    fi
    log "  $(tail -n 1 "$CSV")"
    next=$(( next + INTERVAL ))
done
wait "$WRK_PID" || true
WRK_PID=""

# ---------------------------------------------------------------------------------------------
rows=$(tail -n +2 "$CSV")
n=$(printf '%s\n' "$rows" | wc -l)
rss() { printf '%s\n' "$rows" | cut -d, -f2; }
quarter() { # from to (fractions of n, 1-based rows): their RSS values
    printf '%s\n' "$rows" | awk -F, -v n="$n" -v a="$1" -v b="$2" \
        'NR > n * a && NR <= n * b { print $2 }'
}
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
first=$(rss | head -n 1)
last=$(rss | tail -n 1)
max=$(rss | sort -g | tail -n 1)
med=$(rss | median)
second_q=$(quarter 0.25 0.5 | median)
last_q=$(quarter 0.75 1 | median)
hwm=$(printf '%s\n' "$rows" | tail -n 1 | cut -d, -f3)
verdict=$(awk -v a="$second_q" -v b="$last_q" 'BEGIN { print (b > a * 1.05) ? "growing" : "flat" }')
change=$(awk -v a="$second_q" -v b="$last_q" 'BEGIN { printf "%+.1f", (b - a) * 100 / a }')
reloads=$(printf '%s\n' "$rows" | tail -n 1 | cut -d, -f4)
failures=$(printf '%s\n' "$rows" | tail -n 1 | cut -d, -f5)
summary=$(grep '^soak:' "$TMP/wrk.out" || true)
field() { printf '%s\n' "$summary" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

echo
sed -n '/^Running/,/^Transfer/p' "$TMP/wrk.out"
echo
echo "machine: $(nproc) cores, load average before the summary: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "binary: $BIN ($(git rev-parse --short HEAD 2>/dev/null || echo '?'))"
echo "samples: $n, every $INTERVAL s over $DURATION s ($CSV)"
echo "resident memory (VmRSS): first $(mb "$first") MB, median $(mb "$med") MB, last $(mb "$last") MB, max $(mb "$max") MB; peak (VmHWM) $(mb "$hwm") MB"
echo "requests: $(field requests) done: $(field 2xx) 2xx, $(( $(field requests) - $(field 2xx) )) not 2xx ($(field 404) 404 for $(field sent_404) addresses that do not exist, $(field other) other); socket errors: connect $(field connect_errors), read $(field read_errors), write $(field write_errors), timeouts $(field timeouts)"
echo "content changes: $edits saved, $reloads reloads, $failures failed"
echo "verdict: $verdict (median of the last quarter $(mb "$last_q") MB against $(mb "$second_q") MB for the second: ${change} %; growing above +5 %)"
