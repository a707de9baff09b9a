#!/usr/bin/env bash
# Benchmark: mkdataset throughput against gzip -6 on the same decompressed output, the speed-up of --jobs 2,
# one 421k-token instance, and peak memory as the count grows.
# Usage: scripts/bench/mkdataset.sh [COUNT] [PATTERN]   (defaults 1000, ar-doc)
set -euo pipefail
cd "$(dirname "$0")/../.."
count="${1:-1000}"
pattern="${2:-ar-doc}"
out=bench-out
mkdir -p "$out"
swift build -c release --product mkdataset >/dev/null
bin=.build/release/mkdataset
now() { date +%s.%N; }
command -v /usr/bin/time >/dev/null || { echo "need /usr/bin/time (apt-get install time)"; exit 2; }

echo "== $count instances of $pattern at 30k tokens (best of 3 each, interleaved; the machines are shared and noisy)"
best() {  # best wall time of three runs of the command
    local b=""
    for i in 1 2 3; do
        local s e t
        s=$(now); "$@"; e=$(now)
        t=$(echo "$e - $s" | bc -l)
        if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
    done
    echo "$b"
}
$bin --pattern "$pattern" --tokens 30k --count "$count" --jobs 1 -o "$out/j1.jsonl.gz" 2>/dev/null
zcat "$out/j1.jsonl.gz" > "$out/j1.jsonl"
gzip6() { gzip -6 -c "$out/j1.jsonl" > "$out/j1.gzip6.gz"; }
jobs1() { $bin --pattern "$pattern" --tokens 30k --count "$count" --jobs 1 -o "$out/j1.jsonl.gz" 2>/dev/null; }
# The three runs of each are interleaved (jobs 1, gzip, jobs 1, gzip, ...), so that both bests come from the same
# minutes: measured one block after the other, a change in the machine's speed between the blocks showed up as a
# change in the ratio.
j1=""; g=""
for i in 1 2 3; do
    s=$(now); jobs1; e=$(now); t=$(echo "$e - $s" | bc -l)
    if [ -z "$j1" ] || [ "$(echo "$t < $j1" | bc -l)" = 1 ]; then j1=$t; fi
    s=$(now); gzip6; e=$(now); t=$(echo "$e - $s" | bc -l)
    if [ -z "$g" ] || [ "$(echo "$t < $g" | bc -l)" = 1 ]; then g=$t; fi
done
j2=$(best $bin --pattern "$pattern" --tokens 30k --count "$count" --jobs 2 -o "$out/j2.jsonl.gz" 2>/dev/null)
cmp <(zcat "$out/j1.jsonl.gz") <(zcat "$out/j2.jsonl.gz") && echo "jobs 1 and jobs 2 outputs are identical"
echo "jobs 1: ${j1}s   jobs 2: ${j2}s   gzip -6 on the same $(stat -c %s "$out/j1.jsonl") bytes: ${g}s"
echo "ratio jobs1 / gzip -6: $(echo "$j1 / $g" | bc -l | cut -c1-5)   speed-up jobs 2: $(echo "$j1 / $j2" | bc -l | cut -c1-5)"
# The machine's speed drifts within minutes, so the runs above (three of each, one kind after the other) can catch
# the two commands in different states. Five pairs, each a --jobs 1 run right next to a gzip -6 run, give ratios
# measured in the same moment; their median is the figure least moved by drift.
ratios=()
for i in 1 2 3 4 5; do
    s=$(now); $bin --pattern "$pattern" --tokens 30k --count "$count" --jobs 1 -o "$out/j1.jsonl.gz" 2>/dev/null; e=$(now)
    gs=$(now); gzip6; ge=$(now)
    ratios+=("$(echo "($e - $s) / ($ge - $gs)" | bc -l | cut -c1-5)")
done
sorted=$(printf "%s\n" "${ratios[@]}" | sort -n | tr '\n' ' ')
echo "paired ratios jobs1 / gzip -6: ${sorted}  median: $(printf "%s\n" "${ratios[@]}" | sort -n | sed -n 3p)"

echo "== one 421k-token instance"
s=$(now); $bin --pattern "$pattern" --tokens 421k --count 1 -o "$out/big.jsonl.gz" 2>/dev/null; e=$(now)
echo "421k: $(echo "$e - $s" | bc -l)s"

echo "== peak resident memory as the count grows (30k tokens, jobs 1)"
for n in 10 100 "$count"; do
    rss=$(/usr/bin/time -f "%M" $bin --pattern "$pattern" --tokens 30k --count "$n" -o "$out/rss.jsonl.gz" 2>&1 >/dev/null | tail -1)
    echo "count $n: ${rss} KB"
done
