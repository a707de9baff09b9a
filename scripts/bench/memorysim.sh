#!/usr/bin/env bash
# Benchmarks for MemorySim:
#  - BM25 top-20 search over 100,000 items of 30-60 words (Zipf-distributed words from a 20,000-word vocabulary);
#  - replay of 14,000 tool calls (10k inserts, 2k updates, 1k deletes, 1k searches) with a memory-size reading
#    after every 10 calls, through a CallPipeline (texts analysed ahead on a second thread, as evalmem replays)
#    and call by call with Memory.execute, over invented words (the worst case for token counting and postings)
#    and over prose (sentences of mkdataset's instances);
#  - the replay's 1,000 searches alone, over the memory its writes leave (best of ten passes);
#  - for reference, rank_bm25 0.2.2 (what Mem-α uses, rebuilt per search) on a corpus of the same shape.
# To compare two builds (or the two modes) of memkit-bench on the replay, use scripts/bench/ab.py (it alternates them
# pass by pass).
# Usage: scripts/bench/memorysim.sh [ENTRIES]   (default 100000)
set -euo pipefail
cd "$(dirname "$0")/../.."
entries="${1:-100000}"
swift build -c release --product memkit-bench >/dev/null
echo "== memkit BM25, $entries items"
.build/release/memkit-bench bm25 "$entries" 200
for texts in invented prose; do
    for mode in pipelined serial; do
        echo "== memkit replay, $texts texts, $mode (five runs; each reports the best of its seven passes)"
        # This machine's speed swings by up to 1.6x within minutes, so one run's figure says little: the best and
        # the median of five runs are reported as well.
        runs=()
        for k in 1 2 3 4 5; do
            out=$(.build/release/memkit-bench replay "$mode" "$texts" | grep '^mode=')
            echo "$out"
            runs+=("$(echo "$out" | sed -n 's/.*best_s=\([0-9.]*\).*/\1/p')")
        done
        printf '%s\n' "${runs[@]}" | sort -n | awk -v what="$texts $mode" '{v[NR]=$1} END {printf "replay %s over %d runs: best %.4f s (%.0f calls/s), median %.4f s (%.0f calls/s)\n", what, NR, v[1], 14000/v[1], v[int((NR+1)/2)], 14000/v[int((NR+1)/2)]}'
    done
done
echo "== memkit replay's searches over the built memory"
.build/release/memkit-bench replay-search x
if python3 -c "import rank_bm25" 2>/dev/null; then
    echo "== rank_bm25 0.2.2 (index built once, then one query; Mem-α rebuilds it on every search)"
    python3 - "$entries" <<'PY'
import math, random, re, sys, time
from rank_bm25 import BM25Okapi
n = int(sys.argv[1]); rng = random.Random(1)
syll = ["ka", "lo", "mir", "ven", "tas", "dru", "pel", "zor", "qui", "ban", "sel", "tho", "ria", "gun"]
vocab = ["the", "of", "and", "to", "in", "a", "is", "was", "user", "memory"]
while len(vocab) < 20000:
    vocab.append("".join(rng.choice(syll) for _ in range(rng.randrange(2, 5))))
def word():
    return vocab[max(0, min(len(vocab) - 1, int(len(vocab) ** rng.random()) - 1))]
docs = [" ".join(word() for _ in range(rng.randrange(30, 61))) + "." for _ in range(n)]
tok = lambda t: re.findall(r"\b\w+\b", t.lower())
t = time.perf_counter(); bm25 = BM25Okapi([tok(d) for d in docs]); build = time.perf_counter() - t
q = tok(" ".join(word() for _ in range(7)))
t = time.perf_counter(); s = bm25.get_scores(q); top = sorted(range(n), key=lambda i: s[i], reverse=True)[:20]
query = time.perf_counter() - t
print(f"rank_bm25 build_s={build:.2f} query_ms={query*1000:.1f} (build+query per Mem-α search: {(build+query)*1000:.0f} ms)")
PY
else
    echo "(pip install rank_bm25==0.2.2 to compare with rank_bm25)"
fi
