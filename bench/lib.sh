# shellcheck shell=bash
# Helpers the benchmark scripts share; sourced by each of them, never run on its own.

log() { printf '%s\n' "$*" >&2; }
die() { printf '\nerror: %s\n' "$*" >&2; exit 1; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# The median of the numbers on standard input, one a line; "nan" for none.
median() { sort -g | awk '{a[NR]=$1} END { if (NR == 0) { print "nan"; exit }
    if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2] + a[NR/2+1]) / 2 }'; }

# A port of 127.0.0.1 that nothing listens on (the test and a bind race are small windows).
free_port() {
    local p
    for _ in $(seq 1 200); do
        p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
        if ss -Htln "sport = :$p" 2>/dev/null | grep -q .; then continue; fi
        if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then continue; fi
        echo "$p"
        return 0
    done
    die "no free port found"
}

stop_pid() { # pid [signal]: signal it, wait up to 5 s, then SIGKILL
    local pid=$1 sig=${2:-TERM} deadline
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    kill -s "$sig" "$pid" 2>/dev/null || true
    deadline=$(( $(now_ms) + 5000 ))
    while kill -0 "$pid" 2>/dev/null && [ "$(now_ms)" -lt "$deadline" ]; do sleep 0.05; done
    if kill -0 "$pid" 2>/dev/null; then
        log "process $pid did not stop on SIG$sig; killing it"
        kill -s KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

to_ms() { # wrk latency like 512.00us, 1.20ms, 2.00s, 1.00m -> ms
    awk -v x="$1" 'BEGIN {
        if (match(x, /us$/)) printf "%.3f", substr(x, 1, length(x) - 2) / 1000
        else if (match(x, /ms$/)) printf "%.3f", substr(x, 1, length(x) - 2)
        else if (match(x, /s$/)) printf "%.3f", substr(x, 1, length(x) - 1) * 1000
        else if (match(x, /m$/)) printf "%.3f", substr(x, 1, length(x) - 1) * 60000
        else if (match(x, /h$/)) printf "%.3f", substr(x, 1, length(x) - 1) * 3600000
        else printf "nan" }'
}
