#!/usr/bin/env bash
# Kill tests: SIGKILL mkdataset, evalmem --db and the JSON Lines writer at random moments, N times each (default
# 100), and check after every kill that
#   - no partial output exists at the destination (the file is absent, or complete and byte-identical to a
#     reference run);
#   - the score store passes PRAGMA integrity_check and holds only whole runs;
#   - a rerun completes.
# Usage: scripts/kill_test.sh [N] [SEED]        (needs sqlite3 for the integrity check, else Python's sqlite3)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100}
RANDOM=${2:-20261129}
swift build --product mkdataset >/dev/null
swift build --product evalmem >/dev/null
swift build --product memkit-bench >/dev/null
bin=$(swift build --show-bin-path)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sql() {
    if command -v sqlite3 >/dev/null; then sqlite3 "$1" "$2"; else
        python3 -c "import sqlite3,sys; print('\n'.join('|'.join(map(str,r)) for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])))" "$1" "$2"
    fi
}

# Kills "$@" after a random delay of 0 to $max_ms milliseconds (it may already have finished).
kill_at_random() {
    local max_ms=$1; shift
    "$@" >/dev/null 2>&1 &
    local pid=$!
    local ms=$((RANDOM % max_ms))
    sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

fail() { echo "kill test: FAILED: $*" >&2; exit 1; }

# 1. mkdataset
"$bin/mkdataset" --tokens 30k --count 6 --seed 5 -o "$work/ref.jsonl.gz" >/dev/null 2>&1
start=$(date +%s%N); "$bin/mkdataset" --tokens 30k --count 6 --seed 5 -o "$work/t.jsonl.gz" >/dev/null 2>&1
span=$(( ($(date +%s%N) - start) / 1000000 + 50 )); rm -f "$work/t.jsonl.gz"*
complete=0
for i in $(seq "$n"); do
    rm -f "$work/out.jsonl.gz" "$work/out.jsonl.gz.manifest.json"
    kill_at_random "$span" "$bin/mkdataset" --tokens 30k --count 6 --seed 5 -o "$work/out.jsonl.gz"
    if [ -e "$work/out.jsonl.gz" ]; then
        cmp -s "$work/out.jsonl.gz" "$work/ref.jsonl.gz" || fail "mkdataset left a partial file (kill $i)"
        complete=$((complete + 1))
    fi
done
"$bin/mkdataset" --tokens 30k --count 6 --seed 5 -o "$work/out.jsonl.gz" >/dev/null 2>&1
cmp -s "$work/out.jsonl.gz" "$work/ref.jsonl.gz" || fail "mkdataset rerun differs"
echo "kill test: mkdataset killed $n times (${span} ms runs; $complete finished first): no partial file; rerun ok"

# 2. evalmem --db
db="$work/s.sqlite"
"$bin/evalmem" --dataset datasets/ci/ar-doc-sweep.jsonl.gz --db "$db" --run-name first >/dev/null
rows=$(sql "$db" "SELECT count(*) FROM results")
start=$(date +%s%N); "$bin/evalmem" --dataset datasets/ci/ar-doc-sweep.jsonl.gz >/dev/null
span=$(( ($(date +%s%N) - start) / 1000000 + 50 ))
for i in $(seq "$n"); do
    kill_at_random "$span" "$bin/evalmem" --dataset datasets/ci/ar-doc-sweep.jsonl.gz --db "$db" --run-name k
    [ "$(sql "$db" "PRAGMA integrity_check")" = "ok" ] || fail "integrity_check after kill $i"
    bad=$(sql "$db" "SELECT count(*) FROM runs WHERE (SELECT count(*) FROM results r WHERE r.run_id = runs.id) != $rows")
    [ "$bad" = "0" ] || fail "a half-written run after kill $i"
done
"$bin/evalmem" --dataset datasets/ci/ar-doc-sweep.jsonl.gz --db "$db" --run-name after >/dev/null || fail "evalmem rerun"
runs=$(sql "$db" "SELECT count(*) FROM runs")
echo "kill test: evalmem --db killed $n times: integrity ok, only whole runs ($runs stored); rerun ok"

# 3. the JSON Lines writer (memkit-bench write-jsonl: 2,000 records of about 2 KB, gzip level 6)
"$bin/memkit-bench" write-jsonl 2000 "$work/ref.jsonl.gz" >/dev/null 2>&1
start=$(date +%s%N); "$bin/memkit-bench" write-jsonl 2000 "$work/t.jsonl.gz" >/dev/null 2>&1
span=$(( ($(date +%s%N) - start) / 1000000 + 50 )); rm -f "$work/t.jsonl.gz"
for i in $(seq "$n"); do
    rm -f "$work/w.jsonl.gz"
    kill_at_random "$span" "$bin/memkit-bench" write-jsonl 2000 "$work/w.jsonl.gz"
    if [ -e "$work/w.jsonl.gz" ]; then
        cmp -s "$work/w.jsonl.gz" "$work/ref.jsonl.gz" || fail "the writer left a partial file (kill $i)"
    fi
done
"$bin/memkit-bench" write-jsonl 2000 "$work/w.jsonl.gz" >/dev/null 2>&1
cmp -s "$work/w.jsonl.gz" "$work/ref.jsonl.gz" || fail "writer rerun differs"
echo "kill test: JSON Lines writer killed $n times: no partial file; rerun ok"
