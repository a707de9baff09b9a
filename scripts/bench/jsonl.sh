#!/usr/bin/env bash
# Benchmark: JSON Lines reading+parsing and gzip writing on 100k records of about 2 KB.
# Compares memkit with `gzip -6` (writing) and Python's json+gzip (reading and writing).
# Two corpora: "prose" (a newline per sentence, a few quotes and non-ASCII words, like dataset chunks) and
# "heavy" (an escape every ~30 bytes, a stress case).
# Usage: scripts/bench/jsonl.sh [COUNT]   (default 100000). Files go to bench-out/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/../.."
count="${1:-100000}"
out=bench-out
mkdir -p "$out"
swift build -c release --product memkit-bench >/dev/null
bench=.build/release/memkit-bench
now() { date +%s.%N; }

for corpus in prose heavy; do
    echo "== corpus $corpus, $count records"
    $bench write-jsonl "$count" "$out/$corpus.jsonl" 6 "$corpus" >/dev/null
    best_write=""
    for i in 1 2 3; do
        line=$($bench write-jsonl "$count" "$out/$corpus.jsonl.gz" 6 "$corpus")
        w=$(echo "$line" | sed -E 's/.*write_s=([0-9.]+).*/\1/')
        if [ -z "$best_write" ] || [ "$(echo "$w < $best_write" | bc -l)" = 1 ]; then best_write=$w; fi
    done
    best_gzip=""
    for i in 1 2 3; do
        s=$(now); gzip -6 -c "$out/$corpus.jsonl" > "$out/$corpus.gzip6.gz"; e=$(now)
        g=$(echo "$e - $s" | bc -l)
        if [ -z "$best_gzip" ] || [ "$(echo "$g < $best_gzip" | bc -l)" = 1 ]; then best_gzip=$g; fi
    done
    echo "memkit write level 6: ${best_write}s   gzip -6: ${best_gzip}s   ratio: $(echo "$best_write / $best_gzip" | bc -l | cut -c1-5)"
    for i in 1 2 3; do $bench read-jsonl "$out/$corpus.jsonl.gz"; done
    python3 - "$out/$corpus.jsonl.gz" <<'PY'
import gzip, json, sys, time
t = time.perf_counter(); n = 0; b = 0
with gzip.open(sys.argv[1], "rb") as f:
    for line in f:
        b += len(line); json.loads(line); n += 1
dt = time.perf_counter() - t
print(f"python json+gzip read: {dt:.3f}s {b/dt/1e6:.1f} MB/s")
with gzip.open(sys.argv[1], "rb") as f:
    values = [json.loads(line) for line in f]
t = time.perf_counter()
with gzip.open(sys.argv[1] + ".py.gz", "wt", compresslevel=6, encoding="utf-8") as f:
    for v in values: f.write(json.dumps(v, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n")
dt = time.perf_counter() - t
print(f"python json+gzip write: {dt:.3f}s {b/dt/1e6:.1f} MB/s")
PY
done
