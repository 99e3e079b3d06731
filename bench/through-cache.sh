#!/usr/bin/env bash
# The main pages through the production nginx cache (deploy/nginx.conf, in front of two
# instances) against one instance answering directly: same URLs, same encodings.
#
#   bash bench/through-cache.sh                     # full run: 3 rounds of 10 s per URL, encoding and path
#   DURATION=2 ROUNDS=1 bash bench/through-cache.sh # quick smoke run
#
# Environment: DURATION (seconds per wrk run, default 10), ROUNDS (default 3), THREADS (2),
# CONNECTIONS (64), WARMUP (seconds of wrk per path before round one, default 2, 0 for none),
# NGINX_WORKERS (nginx worker_processes, default the number of CPUs, as Debian's `auto`).
#
# Only 127.0.0.1 is ever contacted. Every process started here is stopped on exit, and the
# temporary folder (nginx's configuration, cache and logs) is removed. See bench/README.md.
set -euo pipefail
export LC_ALL=C   # decimal points in printf and awk

DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
WARMUP=${WARMUP:-2}
NGINX_WORKERS=${NGINX_WORKERS:-$(nproc)}

for v in DURATION ROUNDS THREADS CONNECTIONS NGINX_WORKERS; do
    if ! [[ ${!v} =~ ^[1-9][0-9]*$ ]]; then
        echo "error: $v must be a positive whole number (got '${!v}')" >&2
        exit 2
    fi
done
if ! [[ $WARMUP =~ ^[0-9]+$ ]]; then
    echo "error: WARMUP must be a whole number of seconds (got '$WARMUP')" >&2
    exit 2
fi
if [ "$#" -gt 0 ]; then
    echo "error: no arguments are taken (got '$*'); settings are environment variables" >&2
    echo "usage: [DURATION=10] [ROUNDS=3] [THREADS=2] [CONNECTIONS=64] [WARMUP=2] [NGINX_WORKERS=N] bash bench/through-cache.sh" >&2
    exit 2
fi

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
cd "$ROOT"

URLS=(/ /statistics '/statistics?sort=cirs&dir=desc' /ja/ /ja/statistics /trends)
ENCODINGS=(plain br)
# Above this share of what the same requests cost the instances when sent to them directly,
# the instances' CPU time during the cached runs is reported as not near zero.
NEAR_ZERO_PERCENT=5


# ---------------------------------------------------------------------------------------------
# Cleanup: every process started here, the temporary folder, the apt policy file if ours.
SUDO=""
TMP=""
NGINX_PID=""
CIR_PIDS=()
POLICY_RC_CREATED=0


stop_nginx() {
    [ -n "$NGINX_PID" ] || return 0
    local workers w
    workers=$(pgrep -P "$NGINX_PID" 2>/dev/null || true)
    stop_pid "$NGINX_PID" QUIT
    # Workers of a master that had to be killed: only the children of our own master.
    for w in $workers; do
        if kill -0 "$w" 2>/dev/null; then kill -s KILL "$w" 2>/dev/null || true; fi
    done
    NGINX_PID=""
}

cleanup() {
    local rc=$? pid
    trap - EXIT INT TERM
    set +e
    stop_nginx
    for pid in "${CIR_PIDS[@]}"; do stop_pid "$pid"; done
    if [ "$POLICY_RC_CREATED" = 1 ]; then $SUDO rm -f /usr/sbin/policy-rc.d; fi
    if [ -n "$TMP" ] && [ -d "$TMP" ]; then rm -rf -- "$TMP"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------
# 1. Tools.
if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null; then SUDO=sudo; fi
fi

missing=()
command -v nginx >/dev/null || missing+=(nginx)
command -v wrk >/dev/null || missing+=(wrk)
for tool in curl sha256sum awk sort pgrep timeout getconf; do
    command -v "$tool" >/dev/null || die "$tool is needed"
done
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" != 0 ] && [ -z "$SUDO" ]; then
        die "missing ${missing[*]}; run as root or install them with apt-get"
    fi
    nginx_was_installed=0
    command -v nginx >/dev/null && nginx_was_installed=1
    log "installing ${missing[*]} with apt-get"
    # Keep the Debian nginx service from starting on port 80 during the install (the
    # standard policy-rc.d mechanism, only if there is no such file already).
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\n# created by cir-guide bench/through-cache.sh during apt-get install\nexit 101\n' \
            | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
        $SUDO chmod 755 /usr/sbin/policy-rc.d
        POLICY_RC_CREATED=1
    fi
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >&2
    if [ "$POLICY_RC_CREATED" = 1 ]; then
        $SUDO rm -f /usr/sbin/policy-rc.d
        POLICY_RC_CREATED=0
    fi
    # The Debian package enables its service (port 80): stop it if it started anyway, and
    # keep it from starting at boot, for the nginx this run installed only.
    if [ "$nginx_was_installed" = 0 ]; then
        if [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
            $SUDO systemctl stop nginx >/dev/null 2>&1 || true
        elif command -v service >/dev/null; then
            $SUDO service nginx stop >/dev/null 2>&1 || true
        fi
        if command -v systemctl >/dev/null; then
            $SUDO systemctl disable nginx >/dev/null 2>&1 || true
        fi
        log "note: the Debian nginx service is installed but stopped and disabled"
    fi
fi
if ! command -v nginx >/dev/null || ! command -v wrk >/dev/null; then die "nginx or wrk still missing"; fi
NGINX=$(command -v nginx)

# Some other nginx (the Debian service, say) would share the CPU; say so.
if pgrep -x nginx >/dev/null; then
    log "note: an nginx not started by this script is running:"
    pgrep -a -x nginx | sed 's/^/  /' >&2 || true
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/cir-cache-bench.XXXXXX")
mkdir -p "$TMP/logs" "$TMP/wrk" "$TMP/cmp" "$TMP/cache"

# A free port on 127.0.0.1: nothing listens there (checked with ss, then with a connect).

# ---------------------------------------------------------------------------------------------
# 2. Build.
if ! command -v cargo >/dev/null && [ -f "$HOME/.cargo/env" ]; then
    # shellcheck disable=SC1091
    . "$HOME/.cargo/env"
fi
command -v cargo >/dev/null || die "cargo is needed (https://rustup.rs)"
log "building: cargo build --release"
cargo build --release >&2
BIN="$ROOT/target/release/cir-guide"
[ -x "$BIN" ] || die "$BIN was not built"

# Poll until URL answers 200 (deadline in ms); fail if PID dies first.
wait_200() {
    local url=$1 pid=$2 deadline_ms=$3 what=$4 code
    while :; do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" 2>/dev/null || true)
        [ "$code" = 200 ] && return 0
        if ! kill -0 "$pid" 2>/dev/null; then
            log "--- logs:"; tail -n 20 "$TMP/logs/"*.log >&2 || true
            die "$what exited before answering $url"
        fi
        [ "$(now_ms)" -lt "$deadline_ms" ] || die "$what did not answer 200 on $url in time"
        sleep 0.02
    done
}

# ---------------------------------------------------------------------------------------------
# 3. Two instances with the real content/ and static/, as in production (default settings:
#    pages may be kept by a shared cache for 60 s, then revalidated).
start_cir() { # name port -> sets CIR_PID
    local name=$1 port=$2
    RUST_LOG=${RUST_LOG:-warn} "$BIN" serve --addr "127.0.0.1:$port" --content content \
        --static static >>"$TMP/logs/$name.log" 2>&1 &
    CIR_PID=$!
    CIR_PIDS+=("$CIR_PID")
}
PORT_A=$(free_port)
start_cir instance-a "$PORT_A"
PID_A=$CIR_PID
PORT_B=$(free_port)
while [ "$PORT_B" = "$PORT_A" ]; do PORT_B=$(free_port); done
start_cir instance-b "$PORT_B"
PID_B=$CIR_PID
DIRECT="http://127.0.0.1:$PORT_A"   # the instance measured directly is instance A
wait_200 "$DIRECT/" "$PID_A" $(( $(now_ms) + 30000 )) "instance A"
wait_200 "http://127.0.0.1:$PORT_B/" "$PID_B" $(( $(now_ms) + 30000 )) "instance B"

# ---------------------------------------------------------------------------------------------
# 4. nginx running deploy/nginx.conf itself, changed exactly as the tests change it
#    (tests/common/nginx.rs): the listening address, the two instances' addresses and the
#    cache folder, each of which must occur exactly once.
NGINX_PORT=$(free_port)
while [ "$NGINX_PORT" = "$PORT_A" ] || [ "$NGINX_PORT" = "$PORT_B" ]; do NGINX_PORT=$(free_port); done
CACHED="http://127.0.0.1:$NGINX_PORT"
SITE=$(<deploy/nginx.conf)
replace_once() { # from to: in SITE
    local n
    n=$(printf '%s\n' "$SITE" | grep -o -F -- "$1" | wc -l)
    [ "$n" -eq 1 ] || die "deploy/nginx.conf should contain '$1' exactly once (found $n)"
    SITE=${SITE/"$1"/"$2"}
}
replace_once "listen 80;" "listen 127.0.0.1:$NGINX_PORT;"
replace_once "server 127.0.0.1:8080 " "server 127.0.0.1:$PORT_A "
replace_once "server 127.0.0.1:8081 " "server 127.0.0.1:$PORT_B "
replace_once "/var/cache/nginx/cir-guide" "$TMP/cache"
printf '%s\n' "$SITE" >"$TMP/cir-guide.conf"

# The main configuration: the tests' minimal one (every path in the temporary folder, as root
# the workers run as root so they may enter it), with what Debian's main nginx.conf sets
# that matters for this file (worker_processes auto, worker_connections 768, sendfile,
# tcp_nopush). Instead of Debian's access log of every request, only the responses that were
# not cache hits are logged, with their cache status: nginx's own count of what reached the
# instances, at no cost for the hits.
user_line=""
if [ "$(id -u)" = 0 ]; then user_line="user root;"; fi
cat >"$TMP/nginx.conf" <<EOF
$user_line
daemon off;
master_process on;
worker_processes $NGINX_WORKERS;
pid $TMP/nginx.pid;
error_log $TMP/logs/nginx-error.log warn;

events {
    worker_connections 768;
}

http {
    sendfile on;
    tcp_nopush on;
    client_body_temp_path $TMP/nginx-body;
    proxy_temp_path $TMP/nginx-proxy;
    fastcgi_temp_path $TMP/nginx-fastcgi;
    uwsgi_temp_path $TMP/nginx-uwsgi;
    scgi_temp_path $TMP/nginx-scgi;

    map \$upstream_cache_status \$bench_not_hit {
        HIT      "";
        default  1;
    }
    log_format bench_cache '\$upstream_cache_status \$status "\$http_accept_encoding" \$request_uri';
    access_log $TMP/logs/not-hit.log bench_cache if=\$bench_not_hit;

    include $TMP/cir-guide.conf;
}
EOF
NOT_HIT_LOG="$TMP/logs/not-hit.log"

"$NGINX" -t -q -e "$TMP/logs/nginx-error.log" -p "$TMP/" -c "$TMP/nginx.conf" \
    || { cat "$TMP/logs/nginx-error.log" >&2 || true; die "nginx rejected $TMP/nginx.conf"; }
"$NGINX" -e "$TMP/logs/nginx-error.log" -p "$TMP/" -c "$TMP/nginx.conf" &
NGINX_PID=$!
# /healthz is never cached: waiting on it leaves the cache empty for the checks below.
wait_200 "$CACHED/healthz" "$NGINX_PID" $(( $(now_ms) + 15000 )) nginx

nginx_workers_running() {
    local n=0 p
    for p in $(pgrep -P "$NGINX_PID" || true); do
        if tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -q 'worker process'; then n=$((n + 1)); fi
    done
    echo "$n"
}
cir_workers() { # pid -> actix worker threads (named actix-rt|system:0|arbiter:N, cut to 15)
    cat "/proc/$1/task/"*/comm 2>/dev/null | grep -c '^actix-rt|system' || true
}
deadline=$(( $(now_ms) + 5000 ))
while [ "$(nginx_workers_running)" -lt "$NGINX_WORKERS" ] && [ "$(now_ms)" -lt "$deadline" ]; do sleep 0.05; done
WORKERS_NGINX=$(nginx_workers_running)
WORKERS_A=$(cir_workers "$PID_A")
WORKERS_B=$(cir_workers "$PID_B")

# ---------------------------------------------------------------------------------------------
# 5. Warm the cache and check it: each URL and encoding twice through nginx (the second must
#    be a HIT), both answers byte for byte the direct answer of instance A, and instance B
#    the same as instance A.
get() { # URL ENC BODYFILE HDRFILE -> prints the status; the body as sent (no decoding)
    local url=$1 enc=$2 body=$3 hdr=$4 args=()
    [ "$enc" = plain ] || args=(-H "Accept-Encoding: $enc")
    curl -s --max-time 10 "${args[@]}" -D "$hdr" -o "$body" -w '%{http_code}' "$url" || true
}
header_value() { # name (lower case) HDRFILE -> value, names matched in any case, CR removed
    tr -d '\r' <"$2" | awk -v n="$1" -F': *' \
        'tolower($1) == n { sub(/^[^:]*: */, ""); v = $0 } END { print v }'
}
sha() { sha256sum <"$1" | cut -c1-64; }

log ""
log "warming the cache and checking it against the instances"
printf '%-31s %-5s %-4s %7s  %-16s %-6s %-6s %s\n' URL enc CE bytes sha256 first second verdict >&2
bad=0
first_misses=0
for u in "${URLS[@]}"; do
    for enc in "${ENCODINGS[@]}"; do
        c0=$(get "$DIRECT$u" "$enc" "$TMP/cmp/direct" "$TMP/cmp/direct.h")
        cb=$(get "http://127.0.0.1:$PORT_B$u" "$enc" "$TMP/cmp/b" "$TMP/cmp/b.h")
        c1=$(get "$CACHED$u" "$enc" "$TMP/cmp/first" "$TMP/cmp/first.h")
        c2=$(get "$CACHED$u" "$enc" "$TMP/cmp/second" "$TMP/cmp/second.h")
        ce0=$(header_value content-encoding "$TMP/cmp/direct.h")
        ce1=$(header_value content-encoding "$TMP/cmp/first.h")
        ce2=$(header_value content-encoding "$TMP/cmp/second.h")
        x1=$(header_value x-cache-status "$TMP/cmp/first.h")
        x2=$(header_value x-cache-status "$TMP/cmp/second.h")
        s0=$(sha "$TMP/cmp/direct"); sb=$(sha "$TMP/cmp/b")
        s1=$(sha "$TMP/cmp/first"); s2=$(sha "$TMP/cmp/second")
        verdict=ok
        if [ "$c0" != 200 ] || [ "$cb" != 200 ] || [ "$c1" != 200 ] || [ "$c2" != 200 ]; then
            verdict="FAILED: status $c0 direct, $cb instance B, $c1 / $c2 through nginx"
        elif [ "$enc" = plain ] && [ -n "$ce0" ]; then
            verdict="FAILED: Content-Encoding '$ce0' without Accept-Encoding"
        elif [ "$enc" != plain ] && [ "$ce0" != "$enc" ]; then
            verdict="FAILED: Content-Encoding '$ce0' to Accept-Encoding: $enc"
        elif [ "$ce1" != "$ce0" ] || [ "$ce2" != "$ce0" ]; then
            verdict="FAILED: Content-Encoding '$ce0' direct, '$ce1' / '$ce2' through nginx"
        elif [ "$sb" != "$s0" ]; then
            verdict="FAILED: instance B sends other bytes (sha256 ${sb:0:16})"
        elif [ "$s1" != "$s0" ] || [ "$s2" != "$s0" ]; then
            verdict="FAILED: sha256 through nginx ${s1:0:16} / ${s2:0:16}"
        elif [ "$x2" != HIT ]; then
            verdict="FAILED: second request not a cache HIT (Cache-Control: $(header_value cache-control "$TMP/cmp/second.h"))"
        fi
        [ "$verdict" = ok ] || bad=$((bad + 1))
        [ "$x1" != MISS ] || first_misses=$((first_misses + 1))
        printf '%-31s %-5s %-4s %7s  %-16s %-6s %-6s %s\n' "$u" "$enc" "${ce0:--}" \
            "$(wc -c <"$TMP/cmp/direct" | tr -d ' ')" "${s0:0:16}" "${x1:--}" "${x2:--}" "$verdict" >&2
    done
done
[ "$bad" = 0 ] || die "$bad of $(( ${#URLS[@]} * ${#ENCODINGS[@]} )) checks failed; no benchmark"
log "all $(( ${#URLS[@]} * ${#ENCODINGS[@]} )) answers through nginx are cache hits with the direct bytes"
# The log of answers that were not hits must have seen those first MISSes, or its count of
# the load's non-HIT answers below would mean nothing.
logged_misses=$(grep -c '^MISS ' "$NOT_HIT_LOG" 2>/dev/null || true)
[ "${logged_misses:-0}" = "$first_misses" ] \
    || die "nginx logged ${logged_misses:-0} MISS answers while warming, not $first_misses"
log "nginx logged the $first_misses MISS answers of the warming: its count of non-HIT answers works"

# ---------------------------------------------------------------------------------------------
# 6. Load: wrk, direct and cached interleaved for each URL and encoding, ROUNDS rounds.
TICKS=$(getconf CLK_TCK)
cpu_ticks() { # pid...: user + system time of these processes (all their threads), in ticks
    local t=0 p v
    for p in "$@"; do
        v=$(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)
        t=$(( t + v ))
    done
    echo "$t"
}
nginx_pids() { echo "$NGINX_PID"; pgrep -P "$NGINX_PID" || true; }   # one a line
not_hit_lines() { if [ -f "$NOT_HIT_LOG" ]; then wc -l <"$NOT_HIT_LOG" | tr -d ' '; else echo 0; fi; }
run_wrk() { # base url enc seconds outfile
    local base=$1 url=$2 enc=$3 secs=$4 out=$5 args=()
    [ "$enc" = plain ] || args=(-H "Accept-Encoding: $enc")
    timeout $(( secs + 30 )) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${secs}s" --latency \
        "${args[@]}" "$base$url" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed on $base$url"; }
}

RESULTS="$TMP/results.tsv"
# path url-index enc round rps p50 p99 errors requests cpu-ticks-A cpu-ticks-B cpu-ticks-nginx not-hit
: >"$RESULTS"

LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)
if awk -v l="${LOADAVG%% *}" 'BEGIN { exit !(l > 0.5) }'; then
    log ""
    log "note: load average $LOADAVG before the load: something else is using the CPU; the"
    log "      numbers below will be noisy (run on a quiet machine to record them)"
fi
if [ "$WARMUP" -gt 0 ]; then
    log ""
    log "warming up (${WARMUP} s each)"
    run_wrk "$DIRECT" / plain "$WARMUP" "$TMP/wrk/warmup"
    run_wrk "$CACHED" / plain "$WARMUP" "$TMP/wrk/warmup"
fi

LOG_AT_LOAD=$(not_hit_lines)   # the warming's lines are not the load's
total=$(( ROUNDS * ${#URLS[@]} * ${#ENCODINGS[@]} * 2 ))
log ""
log "load: $total wrk runs of ${DURATION} s (-t$THREADS -c$CONNECTIONS), about $(( total * DURATION / 60 + 1 )) min"
n=0
for r in $(seq 1 "$ROUNDS"); do
    for i in "${!URLS[@]}"; do
        u=${URLS[$i]}
        for enc in "${ENCODINGS[@]}"; do
            # Each path goes first in every other round.
            order=(direct cached)
            [ $(( r % 2 )) = 1 ] || order=(cached direct)
            for path in "${order[@]}"; do
                n=$((n + 1))
                if [ "$path" = direct ]; then base=$DIRECT; else base=$CACHED; fi
                out="$TMP/wrk/$path-$i-$enc-$r"
                # shellcheck disable=SC2046
                ng0=$(cpu_ticks $(nginx_pids))
                a0=$(cpu_ticks "$PID_A"); b0=$(cpu_ticks "$PID_B"); l0=$(not_hit_lines)
                run_wrk "$base" "$u" "$enc" "$DURATION" "$out"
                a1=$(cpu_ticks "$PID_A"); b1=$(cpu_ticks "$PID_B"); l1=$(not_hit_lines)
                # shellcheck disable=SC2046
                ng1=$(cpu_ticks $(nginx_pids))
                rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
                reqs=$(awk '/requests in/ { print $1 }' "$out")
                p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
                p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
                errs=$(awk '/Non-2xx or 3xx responses:/ { e += $NF }
                    /Socket errors:/ { gsub(/,/, ""); e += $4 + $6 + $8 + $10 } END { print e + 0 }' "$out")
                if [ -z "$rps" ] || [ -z "$reqs" ]; then cat "$out" >&2; die "no Requests/sec in the wrk output"; fi
                printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$path" "$i" "$enc" "$r" \
                    "$rps" "$p50" "$p99" "$errs" "$reqs" $((a1 - a0)) $((b1 - b0)) $((ng1 - ng0)) \
                    $((l1 - l0)) >>"$RESULTS"
                printf '  [%3d/%d] round %d %-6s %-31s %-5s %10s req/s  p50 %7s ms  p99 %7s ms  cpu ms A %s B %s nginx %s%s%s\n' \
                    "$n" "$total" "$r" "$path" "$u" "$enc" "$rps" "$p50" "$p99" \
                    $(( (a1 - a0) * 1000 / TICKS )) $(( (b1 - b0) * 1000 / TICKS )) \
                    $(( (ng1 - ng0) * 1000 / TICKS )) \
                    "$([ "$path" = direct ] || echo "  not-hit $((l1 - l0))")" \
                    "$([ "$errs" = 0 ] || echo "  ERRORS: $errs")" >&2
            done
        done
    done
done

# ---------------------------------------------------------------------------------------------
# 7. Report.
field() { # path idx enc column -> median over rounds
    awk -F'\t' -v s="$1" -v i="$2" -v e="$3" -v c="$4" '$1 == s && $2 == i && $3 == e { print $c }' \
        "$RESULTS" | median
}
paired_ratio() { # idx enc -> median over rounds of cached/direct req/s, each round's runs paired
    awk -F'\t' -v i="$1" -v e="$2" '$2 == i && $3 == e { rps[$1, $4] = $5; rounds[$4] = 1 }
        END { for (r in rounds) if (rps["direct", r] > 0) print rps["cached", r] / rps["direct", r] }' \
        "$RESULTS" | median
}
sum_col() { # path idx enc column -> sum over rounds ("" idx = every row)
    awk -F'\t' -v s="$1" -v i="$2" -v e="$3" -v c="$4" \
        '$1 == s && (i == "" || $2 == i) && (e == "" || $3 == e) { t += $c } END { print t + 0 }' "$RESULTS"
}

cpu=$(lscpu 2>/dev/null | awk -F': *' '/^Model name/ { print $2; exit }' || true)
[ -n "$cpu" ] || cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null || true)" ]; then commit="$commit (with uncommitted changes)"; fi

echo
echo "cir-guide through the nginx cache (deploy/nginx.conf, two instances) vs one instance directly, on 127.0.0.1"
echo "  date      $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "  commit    $commit"
echo "  cpu       ${cpu:-unknown}, nproc $(nproc)"
echo "  kernel    $(uname -sr)"
echo "  load avg  $LOADAVG before the load, $(cut -d' ' -f1-3 /proc/loadavg) after"
echo "  nginx     $("$NGINX" -v 2>&1 | sed 's/^nginx version: //'), worker_processes $NGINX_WORKERS ($WORKERS_NGINX worker processes running), worker_connections 768"
echo "  instances 2 (A :$PORT_A, B :$PORT_B), actix workers: A $WORKERS_A, B $WORKERS_B; direct = instance A"
echo "  wrk       $( (wrk -v 2>&1 || true) | head -n1)"
echo "  rustc     $(rustc --version 2>/dev/null || echo unknown)"
echo "  load      wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency, $ROUNDS round(s), medians over rounds"
echo "  ratio     median over rounds of cached/direct req/s, each round's two runs side by side"
echo "  note      one machine: wrk, nginx and the instances share these $(nproc) cores, so this is what"
echo "            one box does (nginx's work and wrk's take CPU from each other), not a cluster"
echo
echo "| URL | encoding | direct req/s | cached req/s | ratio | direct p50 ms | cached p50 ms | direct p99 ms | cached p99 ms |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
logsum=0; count=0
declare -A LOGSUM=([plain]=0 [br]=0)
declare -A COUNT=([plain]=0 [br]=0)
for i in "${!URLS[@]}"; do
    u=${URLS[$i]}
    for enc in "${ENCODINGS[@]}"; do
        dr=$(field direct "$i" "$enc" 5); cr=$(field cached "$i" "$enc" 5)
        d50=$(field direct "$i" "$enc" 6); c50=$(field cached "$i" "$enc" 6)
        d99=$(field direct "$i" "$enc" 7); c99=$(field cached "$i" "$enc" 7)
        pr=$(paired_ratio "$i" "$enc")
        logsum=$(awk -v s="$logsum" -v x="$pr" 'BEGIN { printf "%.10f", s + log(x) }')
        count=$((count + 1))
        LOGSUM[$enc]=$(awk -v s="${LOGSUM[$enc]}" -v x="$pr" 'BEGIN { printf "%.10f", s + log(x) }')
        COUNT[$enc]=$(( COUNT[$enc] + 1 ))
        printf '| %s | %s | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f |\n' "\`$u\`" "$enc" \
            "$dr" "$cr" "$pr" "$d50" "$c50" "$d99" "$c99"
    done
done
geo() { awk -v s="$1" -v n="$2" 'BEGIN { printf "%.2f", exp(s / n) }'; }
echo
echo "geometric mean of the ratios (cached/direct req/s): $(geo "$logsum" "$count") over all $count rows;" \
    "plain $(geo "${LOGSUM[plain]}" "${COUNT[plain]}"), br $(geo "${LOGSUM[br]}" "${COUNT[br]}")"

# Served from the cache? nginx's log of the responses that were not hits, and the instances'
# CPU time during the cached runs against what the same requests cost them directly.
echo
echo "served from the cache (sums over the rounds; CPU time user + system from /proc, ${TICKS} ticks/s)"
echo
echo "| URL | encoding | requests through nginx | not HIT (nginx log) | instances' CPU ms while cached | instances' CPU µs/request cached / direct | nginx CPU µs/request |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
for i in "${!URLS[@]}"; do
    u=${URLS[$i]}
    for enc in "${ENCODINGS[@]}"; do
        creq=$(sum_col cached "$i" "$enc" 9)
        nothit=$(sum_col cached "$i" "$enc" 13)
        cinst=$(( $(sum_col cached "$i" "$enc" 10) + $(sum_col cached "$i" "$enc" 11) ))
        dreq=$(sum_col direct "$i" "$enc" 9)
        dinst=$(( $(sum_col direct "$i" "$enc" 10) + $(sum_col direct "$i" "$enc" 11) ))
        cngx=$(sum_col cached "$i" "$enc" 12)
        awk -v u="$u" -v e="$enc" -v cr="$creq" -v nh="$nothit" -v ci="$cinst" -v dr="$dreq" \
            -v di="$dinst" -v cn="$cngx" -v hz="$TICKS" 'BEGIN {
            printf "| `%s` | %s | %d | %d | %d | %.2f / %.1f | %.1f |\n", u, e, cr, nh, ci * 1000 / hz,
                (cr > 0 ? ci / hz * 1e6 / cr : 0), (dr > 0 ? di / hz * 1e6 / dr : 0),
                (cr > 0 ? cn / hz * 1e6 / cr : 0) }'
    done
done
CREQ=$(sum_col cached "" "" 9)
NOTHIT=$(sum_col cached "" "" 13)
CINST=$(( $(sum_col cached "" "" 10) + $(sum_col cached "" "" 11) ))
DREQ=$(sum_col direct "" "" 9)
DINST=$(( $(sum_col direct "" "" 10) + $(sum_col direct "" "" 11) ))
SHARE=$(awk -v ci="$CINST" -v cr="$CREQ" -v di="$DINST" -v dr="$DREQ" \
    'BEGIN { if (cr > 0 && di > 0 && dr > 0) printf "%.2f", 100 * ci / (di / dr * cr); else print "nan" }')
echo
echo "all cached runs: $CREQ requests, $NOTHIT not served as cache HITs by nginx$(
    [ "$NOTHIT" = 0 ] || printf ' (%s)' "$(tail -n +$(( LOG_AT_LOAD + 1 )) "$NOT_HIT_LOG" \
        | awk '{ print $1 }' | sort | uniq -c \
        | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $2, $1 }')")"
echo "  the instances used $(( CINST * 1000 / TICKS )) ms of CPU during them: $SHARE % of what the same requests"
echo "  cost them when sent directly ($(awk -v di="$DINST" -v dr="$DREQ" -v hz="$TICKS" \
    'BEGIN { printf "%.1f", (dr > 0 ? di / hz * 1e6 / dr : 0) }') µs each)"
if awk -v s="$SHARE" -v t="$NEAR_ZERO_PERCENT" 'BEGIN { exit !(s == "nan" || s > t) }'; then
    echo "  WARNING: more than $NEAR_ZERO_PERCENT %: the load was not served from the cache alone"
else
    echo "  near zero (at most $NEAR_ZERO_PERCENT %): the load was served from the cache"
fi
echo "  (pages may be kept 60 s, then nginx revalidates them with the instances: over a long run a"
echo "  few UPDATING, STALE, EXPIRED or REVALIDATED answers per entry and minute are expected)"

errors_total=$(awk -F'\t' '{ e += $8 } END { print e + 0 }' "$RESULTS")
if [ "$errors_total" != 0 ]; then
    echo
    echo "WARNING: wrk counted $errors_total non-2xx responses or socket errors; see the runs above"
fi
if [ "$DURATION" -lt 10 ] || [ "$ROUNDS" -lt 3 ]; then
    echo
    echo "note: a short run (DURATION=$DURATION, ROUNDS=$ROUNDS); record only runs of at least 10 s x 3 rounds"
fi
