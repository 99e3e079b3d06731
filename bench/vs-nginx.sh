#!/usr/bin/env bash
# cir-guide against nginx serving the very same bytes from disk.
#
#   bash bench/vs-nginx.sh                     # full run: 3 rounds of 10 s per URL and encoding
#   DURATION=2 ROUNDS=1 bash bench/vs-nginx.sh # quick smoke run
#
# Environment: DURATION (seconds per wrk run, default 10), ROUNDS (default 5), THREADS (2),
# CONNECTIONS (64), STARTS (startup measurements, 5), WARMUP (seconds per server before round
# one, default 2, 0 for none), MIRROR_HEADERS=1 (nginx also sends cir-guide's security and
# cache headers, so both send responses of about the same size; off by default).
#
# Only 127.0.0.1 is ever contacted. Every process started here is stopped on exit, and the
# temporary folder is removed. See bench/README.md for what is measured and the targets.
set -euo pipefail
export LC_ALL=C   # decimal points in printf and awk

DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-5}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
STARTS=${STARTS:-5}
WARMUP=${WARMUP:-2}
MIRROR_HEADERS=${MIRROR_HEADERS:-0}

for v in DURATION ROUNDS THREADS CONNECTIONS STARTS; do
    if ! [[ ${!v} =~ ^[1-9][0-9]*$ ]]; then
        echo "error: $v must be a positive whole number (got '${!v}')" >&2
        exit 2
    fi
done
if ! [[ $WARMUP =~ ^[0-9]+$ ]]; then
    echo "error: WARMUP must be a whole number of seconds (got '$WARMUP')" >&2
    exit 2
fi

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
cd "$ROOT"

# Targets.
TARGET_PLAIN=1.2        # cir-guide req/s / nginx req/s, geometric mean over URLs, no compression
TARGET_COMPRESSED=1.0   # the same with Accept-Encoding: br
TARGET_RSS_MB=30        # cir-guide peak RSS (VmHWM) after the load
TARGET_STARTUP_MS=100   # start of the process to the first 200 on /, every start

PAGES=(/ /role /duties /employers /applying /statistics '/statistics?sort=cirs&dir=desc' /trends
       /sources /statistics.csv /trends.json
       /ja/ /ja/role /ja/statistics '/ja/statistics?sort=name&dir=asc' /ja/trends /ja/statistics.csv)
# plus the stylesheet; the Japanese pages, whose text compresses less, against their twins
BENCH_PAGES=(/ /statistics '/statistics?sort=cirs&dir=desc' /trends /statistics.csv
             /ja/ /ja/statistics)
ENCODINGS=(plain br gzip)       # checked byte for byte
BENCH_ENCODINGS=(plain br)      # measured


# ---------------------------------------------------------------------------------------------
# Cleanup: every process started here, the temporary folder, the apt policy file if ours.
SUDO=""
TMP=""
NGINX_PID=""
CIR_PIDS=()
POLICY_RC_CREATED=0


stop_nginx() {
    [ -n "$NGINX_PID" ] || return 0
    local workers
    workers=$(pgrep -P "$NGINX_PID" 2>/dev/null || true)
    stop_pid "$NGINX_PID" QUIT
    # Workers of a master that had to be killed: only the children of our own master.
    for w in $workers; do kill -0 "$w" 2>/dev/null && kill -s KILL "$w" 2>/dev/null || true; done
    NGINX_PID=""
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    set +e
    for pid in "${CIR_PIDS[@]}"; do stop_pid "$pid"; done
    stop_nginx
    if [ "$POLICY_RC_CREATED" = 1 ]; then $SUDO rm -f /usr/sbin/policy-rc.d; fi
    if [ -n "$TMP" ] && [ -d "$TMP" ]; then rm -rf -- "$TMP"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------
# 1. Tools.
SUDO=""
if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null; then SUDO=sudo; fi
fi

missing=()
command -v nginx >/dev/null || missing+=(nginx)
command -v wrk >/dev/null || missing+=(wrk)
dpkg -s libnginx-mod-http-brotli-static >/dev/null 2>&1 || missing+=(libnginx-mod-http-brotli-static)
for tool in curl sha256sum awk sort pgrep timeout; do
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
        printf '#!/bin/sh\n# created by cir-guide bench/vs-nginx.sh during apt-get install\nexit 101\n' \
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
command -v nginx >/dev/null && command -v wrk >/dev/null || die "nginx or wrk still missing"

# The brotli_static module, by its real path (Debian's modules-available conf names it
# relative to the default prefix, which is not ours).
BROTLI_SO=$(dpkg -L libnginx-mod-http-brotli-static 2>/dev/null | grep -m1 'ngx_http_brotli_static_module\.so$' || true)
if [ -z "$BROTLI_SO" ] || [ ! -f "$BROTLI_SO" ]; then
    BROTLI_SO=$(find /usr/lib/nginx/modules /usr/share/nginx/modules /usr/lib64/nginx/modules \
        -name 'ngx_http_brotli_static_module.so' 2>/dev/null | head -n1 || true)
fi
[ -n "$BROTLI_SO" ] && [ -f "$BROTLI_SO" ] || die "ngx_http_brotli_static_module.so not found"

# Some other nginx (the Debian service, say) would share the CPU; say so.
if pgrep -x nginx >/dev/null; then
    log "note: an nginx not started by this script is running:"
    pgrep -a -x nginx | sed 's/^/  /' >&2 || true
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/cir-bench.XXXXXX")
chmod 755 "$TMP"   # nginx workers run as an unprivileged user and read www/ below
mkdir -p "$TMP/www" "$TMP/logs" "$TMP/wrk" "$TMP/cmp"

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

# Start cir-guide on a port; sets CIR_PID. Its log goes to the temp folder.
start_cir() {
    local port=$1
    RUST_LOG=${RUST_LOG:-warn} "$BIN" serve --addr "127.0.0.1:$port" --content content \
        --static static >>"$TMP/logs/cir-guide.log" 2>&1 &
    CIR_PID=$!
    CIR_PIDS+=("$CIR_PID")
}
forget_cir() { # pid: stop it and drop it from the cleanup list
    local pid=$1 keep=() p
    stop_pid "$pid"
    for p in "${CIR_PIDS[@]}"; do [ "$p" = "$pid" ] || keep+=("$p"); done
    CIR_PIDS=("${keep[@]+"${keep[@]}"}")
}

# Poll until URL answers 200 (tight loop, deadline in ms); fail if PID dies first.
wait_200() {
    local url=$1 pid=$2 deadline_ms=$3 what=$4 code
    while :; do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" 2>/dev/null || true)
        [ "$code" = 200 ] && return 0
        if ! kill -0 "$pid" 2>/dev/null; then
            log "--- $what log:"; tail -n 20 "$TMP/logs/"*.log >&2 || true
            die "$what exited before answering $url"
        fi
        [ "$(now_ms)" -lt "$deadline_ms" ] || die "$what did not answer 200 on $url in time"
    done
}


# ---------------------------------------------------------------------------------------------
# 3. Startup: process start to the first 200 on /, STARTS times.
log "measuring startup ($STARTS starts)"
startups=()
for i in $(seq 1 "$STARTS"); do
    port=$(free_port)
    t0=$(date +%s%N)
    start_cir "$port"
    wait_200 "http://127.0.0.1:$port/" "$CIR_PID" $(( t0 / 1000000 + 30000 )) cir-guide
    t1=$(date +%s%N)
    ms=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e6 }')
    startups+=("$ms")
    log "  start $i: $ms ms"
    forget_cir "$CIR_PID"
done
STARTUP_MEDIAN=$(printf '%s\n' "${startups[@]}" | median)
STARTUP_MAX=$(printf '%s\n' "${startups[@]}" | sort -g | tail -n1)

# ---------------------------------------------------------------------------------------------
# 4. cir-guide for the rest of the run; save what it sends, byte for byte.
CIR_PORT=$(free_port)
start_cir "$CIR_PORT"
CIR_MAIN_PID=$CIR_PID
CIR="http://127.0.0.1:$CIR_PORT"
wait_200 "$CIR/" "$CIR_MAIN_PID" $(( $(now_ms) + 30000 )) cir-guide

home=$(curl -sf --max-time 10 "$CIR/") || die "cannot read / from cir-guide"
CSS=$(printf '%s' "$home" | grep -o '<link[^>]*rel="stylesheet"[^>]*>' | head -n1 \
    | grep -o 'href="[^"]*"' | sed 's/^href="//; s/"$//' || true)
[ -n "$CSS" ] || die "no <link rel=\"stylesheet\" href=...> in the HTML of /"
CSS=$(printf '%s' "$CSS" | sed -E 's#^[a-z]+://[^/]+##')   # keep the path if absolute
case "$CSS" in /*) ;; *) die "unexpected stylesheet address: $CSS" ;; esac
URLS=("${PAGES[@]}" "$CSS")
BENCH_URLS=("${BENCH_PAGES[@]}" "$CSS")
log "stylesheet: $CSS"

url_file() { # URL -> path of its file under www/, by a name that keeps the type
    local u=$1 ext=html s
    case "${u%%\?*}" in
        *.css) ext=css ;; *.js) ext=js ;; *.svg) ext=svg ;; *.csv) ext=csv ;; *.json) ext=json ;;
    esac
    s=$(printf '%s' "$u" | tr -c 'A-Za-z0-9' '-' | sed 's/^-*//; s/-*$//')
    [ -n "$s" ] || s=index
    printf '/%s.%s' "$s" "$ext"
}
# fetch URL ENC BODYFILE HDRFILE -> prints "status size_header"; no decoding: curl leaves the
# content encoding alone without --compressed (and --raw would keep chunk framing, so no --raw)
fetch() {
    local url=$1 enc=$2 body=$3 hdr=$4 args=()
    [ "$enc" = plain ] || args=(-H "Accept-Encoding: $enc")
    curl -s --max-time 10 "${args[@]}" -D "$hdr" -o "$body" -w '%{http_code} %{size_header}' "$url"
}
header_value() { # HDRFILE NAME -> value, lower-cased name match, CR removed
    tr -d '\r' <"$2" | awk -v n="$(printf '%s' "$1" | tr 'A-Z' 'a-z')" -F': *' \
        'tolower($1) == n { sub(/^[^:]*: */, ""); v = $0 } END { print v }'
}

declare -A HEADER_MIRROR=()
log "saving the responses of cir-guide for nginx"
for u in "${URLS[@]}"; do
    f=$(url_file "$u")
    for enc in "${ENCODINGS[@]}"; do
        read -r code _ < <(fetch "$CIR$u" "$enc" "$TMP/cmp/body" "$TMP/cmp/hdr") || true
        [ "$code" = 200 ] || die "cir-guide answered $code for $u ($enc)"
        ce=$(tr -d '\r' <"$TMP/cmp/hdr" | awk -F': *' 'tolower($1) == "content-encoding" { print tolower($2) }')
        case $enc in
            plain)
                [ -z "$ce" ] || die "cir-guide sent Content-Encoding: $ce for $u without Accept-Encoding"
                cp "$TMP/cmp/body" "$TMP/www$f" ;;
            *)
                if [ "$ce" = "$enc" ]; then
                    cp "$TMP/cmp/body" "$TMP/www$f.${enc/gzip/gz}"
                elif [ -z "$ce" ]; then
                    log "  note: cir-guide sends $u uncompressed to Accept-Encoding: $enc"
                else
                    die "cir-guide sent Content-Encoding: $ce for $u to Accept-Encoding: $enc"
                fi ;;
        esac
    done
    # Sanity: the .gz must really be gzip of the plain body (i.e. saved undecoded).
    if [ -f "$TMP/www$f.gz" ] && command -v gzip >/dev/null; then
        gzip -dc "$TMP/www$f.gz" | cmp -s - "$TMP/www$f" \
            || die "the gzip body of $u does not decode to its plain body"
    fi
    if [ -f "$TMP/www$f.br" ] && cmp -s "$TMP/www$f.br" "$TMP/www$f"; then
        die "the br body of $u equals its plain body: it was saved decoded"
    fi
done
# The headers cir-guide adds, for MIRROR_HEADERS=1 (taken from / and the stylesheet).
fetch "$CIR/" plain /dev/null "$TMP/cmp/hdr-page" >/dev/null
fetch "$CIR$CSS" plain /dev/null "$TMP/cmp/hdr-css" >/dev/null
find "$TMP/www" -type f -exec chmod 644 {} +
chmod 755 "$TMP/www"

# ---------------------------------------------------------------------------------------------
# nginx: own config, prefix, pid and logs in the temp folder.
NGINX_PORT=$(free_port)
NGX="http://127.0.0.1:$NGINX_PORT"
user_line=""
if [ "$(id -u)" = 0 ]; then
    group=nogroup
    getent group nogroup >/dev/null || group=nobody
    user_line="user nobody $group;"
fi
mirror_lines() { # HDRFILE -> add_header lines for cir-guide's own headers
    [ "$MIRROR_HEADERS" = 1 ] || return 0
    tr -d '\r' <"$1" | awk -F': ' '
        { n = tolower($1) }
        n ~ /^(content-security-policy|x-content-type-options|permissions-policy|cross-origin-opener-policy|referrer-policy|cross-origin-resource-policy|cache-control)$/ {
            v = substr($0, length($1) + 3); gsub(/"/, "\\\"", v)
            printf "            add_header %s \"%s\" always;\n", n, v }'
}
{
    cat <<EOF
$user_line
worker_processes 2;
master_process on;
daemon off;
pid $TMP/nginx.pid;
error_log $TMP/logs/nginx-error.log warn;
load_module $BROTLI_SO;

events {
    worker_connections 1024;
}

http {
    access_log off;
    types {
        text/html html;
        text/css css;
        application/javascript js;
        image/svg+xml svg;
    }
    default_type text/html;
    charset utf-8;
    charset_types text/css application/javascript image/svg+xml;

    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_requests 100000;
    open_file_cache max=100 inactive=60s;
    open_file_cache_valid 60s;

    gzip off;            # never compress on the fly: only the saved .gz and .br are sent
    gzip_static on;
    brotli_static on;
    gzip_vary on;

    client_body_temp_path $TMP/nginx-body;
    proxy_temp_path $TMP/nginx-proxy;
    fastcgi_temp_path $TMP/nginx-fastcgi;
    uwsgi_temp_path $TMP/nginx-uwsgi;
    scgi_temp_path $TMP/nginx-scgi;

    map \$request_uri \$bench_file {
        default "";
EOF
    for u in "${URLS[@]}"; do
        printf '        "%s" "%s";\n' "$u" "$(url_file "$u")"
    done
    cat <<EOF
    }

    server {
        listen 127.0.0.1:$NGINX_PORT;
        server_name localhost;
        root $TMP/www;

        location / {
            default_type text/html;
            try_files \$bench_file =404;
$(mirror_lines "$TMP/cmp/hdr-page")
        }
        location = $CSS {
            try_files \$bench_file =404;
$(mirror_lines "$TMP/cmp/hdr-css")
        }
    }
}
EOF
} >"$TMP/nginx.conf"

nginx -t -q -e "$TMP/logs/nginx-error.log" -p "$TMP/" -c "$TMP/nginx.conf" \
    || { cat "$TMP/logs/nginx-error.log" >&2 || true; die "nginx rejected $TMP/nginx.conf"; }
nginx -e "$TMP/logs/nginx-error.log" -p "$TMP/" -c "$TMP/nginx.conf" &
NGINX_PID=$!
wait_200 "$NGX/" "$NGINX_PID" $(( $(now_ms) + 15000 )) nginx

# ---------------------------------------------------------------------------------------------
# 5. Same bytes from both, for every URL, plain, br and gzip.
log ""
log "checking that both servers send the same bytes"
printf '%-34s %-6s %-5s %8s  %-16s %s\n' URL enc CE bytes sha256 "header bytes cir/nginx" >&2
bad=0
for u in "${URLS[@]}"; do
    for enc in "${ENCODINGS[@]}"; do
        read -r c1 h1 < <(fetch "$CIR$u" "$enc" "$TMP/cmp/b1" "$TMP/cmp/h1") || true
        read -r c2 h2 < <(fetch "$NGX$u" "$enc" "$TMP/cmp/b2" "$TMP/cmp/h2") || true
        ce1=$(header_value content-encoding "$TMP/cmp/h1"); ce2=$(header_value content-encoding "$TMP/cmp/h2")
        ct1=$(header_value content-type "$TMP/cmp/h1" | tr 'A-Z' 'a-z' | tr -d ' ')
        ct2=$(header_value content-type "$TMP/cmp/h2" | tr 'A-Z' 'a-z' | tr -d ' ')
        s1=$(sha256sum <"$TMP/cmp/b1" | cut -c1-64); s2=$(sha256sum <"$TMP/cmp/b2" | cut -c1-64)
        n1=$(wc -c <"$TMP/cmp/b1" | tr -d ' ')
        verdict=same
        if [ "$c1" != 200 ] || [ "$c2" != 200 ]; then verdict="DIFFERENT: status $c1 / $c2"
        elif [ "$ce1" != "$ce2" ]; then verdict="DIFFERENT: Content-Encoding '$ce1' / '$ce2'"
        elif [ "$s1" != "$s2" ]; then verdict="DIFFERENT: sha256 ${s1:0:16} / ${s2:0:16}"
        fi
        [ "$verdict" = same ] || bad=$((bad + 1))
        printf '%-34s %-6s %-5s %8s  %-16s %s/%s %s\n' "$u" "$enc" "${ce1:--}" "$n1" "${s1:0:16}" \
            "$h1" "$h2" "$verdict" >&2
        if [ "$verdict" = same ] && [ "$ct1" != "$ct2" ]; then
            log "  note: Content-Type differs: '$ct1' / '$ct2'"
        fi
    done
done
[ "$bad" = 0 ] || die "$bad response(s) differ between cir-guide and nginx; no benchmark"
log "all $(( ${#URLS[@]} * ${#ENCODINGS[@]} )) responses identical"

# ---------------------------------------------------------------------------------------------
# 6. Load: wrk, interleaved cir-guide / nginx, per URL and encoding, ROUNDS rounds.
RESULTS="$TMP/results.tsv"   # server  url-index  enc  round  rps  p50  p99  errors  cpu-us/req
TICKS=$(getconf CLK_TCK)
cpu_ticks() { # pid...: user + system time of these processes (all their threads), in ticks
    local t=0 p v
    for p in "$@"; do
        v=$(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)
        t=$(( t + v ))
    done
    echo "$t"
}
server_pids() { # server -> its processes
    if [ "$1" = cir ]; then echo "$CIR_MAIN_PID"; else echo "$NGINX_PID" $(pgrep -P "$NGINX_PID" || true); fi
}
: >"$RESULTS"
run_wrk() { # server base url enc seconds outfile
    local base=$2 url=$3 enc=$4 secs=$5 out=$6 args=()
    [ "$enc" = plain ] || args=(-H "Accept-Encoding: $enc")
    timeout $(( secs + 30 )) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${secs}s" --latency \
        "${args[@]}" "$base$url" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed on $base$url"; }
}

LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)
if awk -v l="${LOADAVG%% *}" 'BEGIN { exit !(l > 0.5) }'; then
    log ""
    log "note: load average $LOADAVG before the load: something else is using the CPU; the"
    log "      numbers below will be noisy (run on a quiet machine to record them)"
fi
if [ "$WARMUP" -gt 0 ]; then
    log ""
    log "warming up (${WARMUP} s each)"
    run_wrk cir "$CIR" / plain "$WARMUP" "$TMP/wrk/warmup"
    run_wrk nginx "$NGX" / plain "$WARMUP" "$TMP/wrk/warmup"
fi

total=$(( ROUNDS * ${#BENCH_URLS[@]} * ${#BENCH_ENCODINGS[@]} * 2 ))
log ""
log "load: $total wrk runs of ${DURATION} s (-t$THREADS -c$CONNECTIONS), about $(( total * DURATION / 60 + 1 )) min"
n=0
for r in $(seq 1 "$ROUNDS"); do
    for i in "${!BENCH_URLS[@]}"; do
        u=${BENCH_URLS[$i]}
        for enc in "${BENCH_ENCODINGS[@]}"; do
            # Each server goes first in every other round, so neither always runs right
            # after the other (or right after a change of address).
            order=(cir nginx)
            [ $(( r % 2 )) = 1 ] || order=(nginx cir)
            for srv in "${order[@]}"; do
                n=$((n + 1))
                if [ "$srv" = cir ]; then base=$CIR; else base=$NGX; fi
                out="$TMP/wrk/$srv-$i-$enc-$r"
                # shellcheck disable=SC2046
                t0=$(cpu_ticks $(server_pids "$srv"))
                run_wrk "$srv" "$base" "$u" "$enc" "$DURATION" "$out"
                # shellcheck disable=SC2046
                t1=$(cpu_ticks $(server_pids "$srv"))
                rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
                reqs=$(awk '/requests in/ { print $1 }' "$out")
                cpu_us=$(awk -v a="$t0" -v b="$t1" -v n="${reqs:-0}" -v hz="$TICKS" \
                    'BEGIN { if (n > 0) printf "%.2f", (b - a) / hz * 1e6 / n; else print "nan" }')
                p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
                p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
                errs=$(awk '/Non-2xx or 3xx responses:/ { e += $NF }
                    /Socket errors:/ { gsub(/,/, ""); e += $4 + $6 + $8 + $10 } END { print e + 0 }' "$out")
                [ -n "$rps" ] || { cat "$out" >&2; die "no Requests/sec in the wrk output"; }
                printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$srv" "$i" "$enc" "$r" "$rps" "$p50" "$p99" "$errs" "$cpu_us" >>"$RESULTS"
                printf '  [%3d/%d] round %d %-9s %-34s %-5s %10s req/s  p50 %7s ms  p99 %7s ms  cpu %6s us/req%s\n' \
                    "$n" "$total" "$r" "$([ "$srv" = cir ] && echo cir-guide || echo nginx)" "$u" "$enc" \
                    "$rps" "$p50" "$p99" "$cpu_us" "$([ "$errs" = 0 ] || echo "  ERRORS: $errs")" >&2
            done
        done
    done
done

# Peak RSS after the load.
RSS_KB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$CIR_MAIN_PID/status" 2>/dev/null || true)
[ -n "$RSS_KB" ] || die "cannot read VmHWM of cir-guide (pid $CIR_MAIN_PID)"
RSS_MB=$(awk -v k="$RSS_KB" 'BEGIN { printf "%.1f", k / 1024 }')
NGINX_RSS_KB=0
for p in "$NGINX_PID" $(pgrep -P "$NGINX_PID" || true); do
    k=$(awk '/^VmHWM:/ { print $2 }' "/proc/$p/status" 2>/dev/null || echo 0)
    NGINX_RSS_KB=$(( NGINX_RSS_KB + ${k:-0} ))
done
NGINX_RSS_MB=$(awk -v k="$NGINX_RSS_KB" 'BEGIN { printf "%.1f", k / 1024 }')

# ---------------------------------------------------------------------------------------------
# 7. Report.
field() { # server idx enc column -> median over rounds
    awk -F'\t' -v s="$1" -v i="$2" -v e="$3" -v c="$4" '$1 == s && $2 == i && $3 == e { print $c }' \
        "$RESULTS" | median
}
paired_ratio() { # idx enc -> median over rounds of cir-guide/nginx req/s, each round's runs paired
    awk -F'\t' -v i="$1" -v e="$2" '$2 == i && $3 == e { rps[$1, $4] = $5; rounds[$4] = 1 }
        END { for (r in rounds) if (rps["nginx", r] > 0) print rps["cir", r] / rps["nginx", r] }' \
        "$RESULTS" | median
}
cpu=$(lscpu 2>/dev/null | awk -F': *' '/^Model name/ { print $2; exit }' || true)
[ -n "$cpu" ] || cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null || true)" ]; then commit="$commit (with uncommitted changes)"; fi

echo
echo "cir-guide vs nginx, same bytes from 127.0.0.1"
echo "  date     $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "  commit   $commit"
echo "  cpu      ${cpu:-unknown}, nproc $(nproc)"
echo "  kernel   $(uname -sr)"
echo "  load avg $LOADAVG before the load, $(cut -d' ' -f1-3 /proc/loadavg) after"
echo "  nginx    $(nginx -v 2>&1 | sed 's/^nginx version: //'), worker_processes 2, brotli_static $(basename "$BROTLI_SO")"
echo "  wrk      $( (wrk -v 2>&1 || true) | head -n1)"
echo "  rustc    $(rustc --version 2>/dev/null || echo unknown)"
echo "  load     wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency, $ROUNDS round(s), medians over rounds$([ "$MIRROR_HEADERS" = 1 ] && echo ", nginx mirrors cir-guide's headers")"
echo "  ratio    median over rounds of cir-guide/nginx req/s, each round's two runs side by side"
echo "  cpu      server CPU time (user + system, all threads or processes) per request"
echo
printf '%-34s %-5s %10s %10s %6s %14s %14s %13s  %s\n' URL enc "cir req/s" "ngx req/s" ratio \
    "cir p50/p99" "ngx p50/p99" "cpu us cir/ngx" "p99 ok"
printf '%s\n' "$(printf '%.0s-' $(seq 1 126))"
p99_fail=0
errors_total=$(awk -F'\t' '{ e += $8 } END { print e + 0 }' "$RESULTS")
declare -A LOGSUM=([plain]=0 [br]=0)
declare -A COUNT=([plain]=0 [br]=0)
for enc in "${BENCH_ENCODINGS[@]}"; do
    for i in "${!BENCH_URLS[@]}"; do
        u=${BENCH_URLS[$i]}
        cr=$(field cir "$i" "$enc" 5); nr=$(field nginx "$i" "$enc" 5)
        c50=$(field cir "$i" "$enc" 6); c99=$(field cir "$i" "$enc" 7)
        n50=$(field nginx "$i" "$enc" 6); n99=$(field nginx "$i" "$enc" 7)
        pr=$(paired_ratio "$i" "$enc")
        ratio=$(awk -v x="$pr" 'BEGIN { printf "%.2f", x }')
        ccpu=$(field cir "$i" "$enc" 9); ncpu=$(field nginx "$i" "$enc" 9)
        ok=$(awk -v a="$c99" -v b="$n99" 'BEGIN { print (a <= b) ? "yes" : "NO" }')
        [ "$ok" = yes ] || p99_fail=$((p99_fail + 1))
        LOGSUM[$enc]=$(awk -v s="${LOGSUM[$enc]}" -v x="$pr" 'BEGIN { printf "%.10f", s + log(x) }')
        COUNT[$enc]=$(( COUNT[$enc] + 1 ))
        printf '%-34s %-5s %10.0f %10.0f %6s %14s %14s %13s  %s\n' "$u" "$enc" "$cr" "$nr" "$ratio" \
            "$(printf '%.2f/%.2f' "$c50" "$c99")" "$(printf '%.2f/%.2f' "$n50" "$n99")" \
            "$(printf '%.1f/%.1f' "$ccpu" "$ncpu")" "$ok"
    done
done
geo() { awk -v s="${LOGSUM[$1]}" -v n="${COUNT[$1]}" 'BEGIN { printf "%.2f", exp(s / n) }'; }
GEO_PLAIN=$(geo plain); GEO_BR=$(geo br)
verdict() { if [ "$1" = 1 ]; then echo PASS; else echo FAIL; fi; }

echo
echo "overall (geometric mean of the ratios over the ${#BENCH_URLS[@]} URLs)"
echo "  plain       $GEO_PLAIN"
echo "  compressed  $GEO_BR   (Accept-Encoding: br)"
echo
echo "targets"
printf '  %-44s %-34s %s\n' "throughput plain >= $TARGET_PLAIN x nginx" "$GEO_PLAIN" \
    "$(verdict "$(awk -v a="$GEO_PLAIN" -v t="$TARGET_PLAIN" 'BEGIN { print (a >= t) }')")"
printf '  %-44s %-34s %s\n' "throughput compressed >= $TARGET_COMPRESSED x nginx" "$GEO_BR" \
    "$(verdict "$(awk -v a="$GEO_BR" -v t="$TARGET_COMPRESSED" 'BEGIN { print (a >= t) }')")"
printf '  %-44s %-34s %s\n' "p99 <= nginx p99, every row" \
    "$(( COUNT[plain] + COUNT[br] - p99_fail ))/$(( COUNT[plain] + COUNT[br] )) rows" \
    "$(verdict "$([ "$p99_fail" = 0 ] && echo 1 || echo 0)")"
printf '  %-44s %-34s %s\n' "peak RSS (VmHWM) < $TARGET_RSS_MB MB" "$RSS_MB MB (nginx procs sum $NGINX_RSS_MB)" \
    "$(verdict "$(awk -v a="$RSS_MB" -v t="$TARGET_RSS_MB" 'BEGIN { print (a < t) }')")"
printf '  %-44s %-34s %s\n' "startup < $TARGET_STARTUP_MS ms (every one of $STARTS)" \
    "median $STARTUP_MEDIAN, max $STARTUP_MAX ms" \
    "$(verdict "$(awk -v a="$STARTUP_MAX" -v t="$TARGET_STARTUP_MS" 'BEGIN { print (a < t) }')")"
if [ "$errors_total" != 0 ]; then
    echo
    echo "WARNING: wrk counted $errors_total non-2xx responses or socket errors; see the runs above"
fi
if [ "$DURATION" -lt 10 ] || [ "$ROUNDS" -lt 3 ]; then
    echo
    echo "note: a short run (DURATION=$DURATION, ROUNDS=$ROUNDS); record only runs of at least 10 s x 3 rounds"
fi
