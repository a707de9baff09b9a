#!/usr/bin/env bash
# Benchmark: memkit's tokenizer against tiktoken, single thread, on the same text of at least 50 MB, in one run.
# The text is the parity fixture's texts (prose, code, numbers, whitespace, CJK, Arabic, Devanagari, emoji…)
# repeated to 50 MB. Needs `pip install tiktoken` (measured with 0.14.0). Prints both speeds and the ratio.
# Usage: scripts/bench/tokenizer.sh [o200k_base|cl100k_base] [KIND]
#   KIND limits the text to one section of the fixture (prose, code, cjk, …), repeated to 50 MB.
set -euo pipefail
cd "$(dirname "$0")/../.."
encoding="${1:-o200k_base}"
export BENCH_KIND="${2:-}"
mkdir -p bench-out
python3 - <<'PY'
import os
kind = os.environ.get("BENCH_KIND")
import gzip, json
rows = [json.loads(l) for l in gzip.open("Tests/TokenizerTests/Fixtures/parity.jsonl.gz", "rt", encoding="utf-8")]
texts = [r["text"] for r in rows if not kind or r["kind"] == kind]
blob = "".join(texts)
data = blob.encode("utf-8")
reps = 50_000_000 // len(data) + 1
open("bench-out/tokenizer-text.txt", "wb").write(data * reps)
PY
swift build -c release --product memkit-bench >/dev/null
memkit=$(.build/release/memkit-bench tokens bench-out/tokenizer-text.txt "$encoding")
echo "memkit:   $memkit"
tik=$(RAYON_NUM_THREADS=1 python3 - "$encoding" <<'PY'
import sys, time, gzip, base64, tiktoken, tiktoken_ext.openai_public as public
name = sys.argv[1]
ranks = {}
for line in gzip.open(f"Sources/Tokenizer/Resources/{name}.tiktoken.gz", "rb").read().splitlines():
    tok, rank = line.split(); ranks[base64.b64decode(tok)] = int(rank)
public.load_tiktoken_bpe = lambda *a, **k: ranks
spec = getattr(public, name)()
enc = tiktoken.Encoding(spec["name"], pat_str=spec["pat_str"], mergeable_ranks=spec["mergeable_ranks"], special_tokens=spec["special_tokens"])
text = open("bench-out/tokenizer-text.txt", "rb").read().decode("utf-8")
best = float("inf")
for _ in range(3):
    t = time.perf_counter(); ids = enc.encode_ordinary(text); best = min(best, time.perf_counter() - t)
mb = len(text.encode("utf-8")) / 1e6
print(f"tiktoken={tiktoken.__version__} tokens={len(ids)} encode_s={best:.3f} encode_MBps={mb/best:.1f}")
PY
)
echo "tiktoken: $tik"
ours=$(echo "$memkit" | sed -E 's/.*encode_MBps=([0-9.]+).*/\1/')
theirs=$(echo "$tik" | sed -E 's/.*encode_MBps=([0-9.]+).*/\1/')
t1=$(echo "$memkit" | sed -E 's/.* tokens=([0-9]+).*/\1/')
t2=$(echo "$tik" | sed -E 's/.* tokens=([0-9]+).*/\1/')
[ "$t1" = "$t2" ] && echo "token counts agree: $t1" || echo "TOKEN COUNTS DIFFER: memkit $t1 tiktoken $t2"
echo "ratio memkit/tiktoken (encode, one thread): $(echo "$ours / $theirs" | bc -l | cut -c1-5)"
