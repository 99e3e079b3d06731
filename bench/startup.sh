#!/usr/bin/env bash
# Startup alone, without nginx or wrk: process start to the first 200 on `/`, STARTS times,
# the same way vs-nginx.sh measures it (polling with curl). Then, in the same process, the
# first request for the home page's link-preview image (og:image), which is drawn on its
# first request.
#
#   bash bench/startup.sh                     # builds the release binary, 10 starts
#   STARTS=20 BIN=/tmp/other/cir-guide bash bench/startup.sh
#
# Only 127.0.0.1 is contacted; every process started here is stopped on exit.
set -euo pipefail
export LC_ALL=C

STARTS=${STARTS:-10}
if ! [[ $STARTS =~ ^[1-9][0-9]*$ ]]; then
    echo "error: STARTS must be a positive whole number (got '$STARTS')" >&2
    exit 2
fi
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
cd "$ROOT"

ms_since() { awk -v a="$1" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e6 }'; }

PID=""
LOG=$(mktemp)
cleanup() {
    if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
    rm -f "$LOG"
}
trap cleanup EXIT

if [ -z "${BIN:-}" ]; then
    cargo build --release >&2
    BIN="$ROOT/target/release/cir-guide"
fi


# Poll URL until it answers 200, for at most 30 s.
wait_200() {
    local url=$1 deadline=$(( $(now_ms) + 30000 ))
    until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" || true)" = 200 ]; do
        kill -0 "$PID" 2>/dev/null || { cat "$LOG" >&2; echo "error: the server exited" >&2; exit 1; }
        [ "$(now_ms)" -lt "$deadline" ] || { echo "error: no 200 on $url in 30 s" >&2; exit 1; }
    done
}

startups=()
images=()
for i in $(seq 1 "$STARTS"); do
    port=$(free_port)
    t0=$(date +%s%N)
    RUST_LOG=warn "$BIN" serve --addr "127.0.0.1:$port" --content content --static static \
        >>"$LOG" 2>&1 &
    PID=$!
    wait_200 "http://127.0.0.1:$port/"
    startups+=("$(ms_since "$t0")")
    image=$(curl -s --max-time 5 "http://127.0.0.1:$port/" \
        | sed -n 's|.*<meta property="og:image" content="https\?://[^/]*\(/[^"]*\)".*|\1|p')
    line="start $i: ${startups[-1]} ms"
    if [ -n "$image" ]; then
        t1=$(date +%s%N)
        curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$port$image"
        images+=("$(ms_since "$t1")")
        line="$line, first $image: ${images[-1]} ms"
    fi
    echo "$line" >&2
    kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
done

echo "startup to first 200 on /: median $(printf '%s\n' "${startups[@]}" | median) ms, max $(printf '%s\n' "${startups[@]}" | sort -g | tail -n1) ms over $STARTS starts"
if [ ${#images[@]} -gt 0 ]; then
    echo "first request of the home page's preview image: median $(printf '%s\n' "${images[@]}" | median) ms, max $(printf '%s\n' "${images[@]}" | sort -g | tail -n1) ms"
fi
