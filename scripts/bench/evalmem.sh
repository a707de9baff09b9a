#!/usr/bin/env bash
# Benchmarks for evalmem (release build):
#  - end to end on one 421k-token instance with about 2,000 tool calls and 100 questions, plus all 5 baselines;
#  - peak resident memory on a transcript of 1M tokens (the store-all policy on a 1M-token instance, which puts
#    every token of the history into the transcript and into memory), plus all 5 baselines.
#  - the score store: 1M per-question rows stored in one run, and `evalmem compare` on that file.
# Usage: scripts/bench/evalmem.sh        (needs python3 and GNU time at /usr/bin/time for the memory figures)
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product evalmem >/dev/null
swift build -c release --product mkdataset >/dev/null
out=bench-out/evalmem
mkdir -p "$out"
.build/release/mkdataset --pattern ar-doc --tokens 421k --seed 7 -o "$out/base-421k.jsonl.gz" >/dev/null
.build/release/mkdataset --pattern ar-doc --tokens 1m --seed 8 -o "$out/data-1m.jsonl.gz" >/dev/null

# 100 questions (each of the 20 generated ones five times, new ids) and a scripted agent of about 2,000 calls.
python3 - "$out" <<'PY'
import gzip, hashlib, json, re, sys
out = sys.argv[1]
inst = json.loads(gzip.open(f"{out}/base-421k.jsonl.gz", "rt").readline())
qs = inst["questions"]
inst["questions"] = [dict(q, id=f"{q['id']}-{k}") for k in range(5) for q in qs]
with gzip.open(f"{out}/data-421k.jsonl.gz", "wt") as f:
    f.write(json.dumps(inst, sort_keys=True, ensure_ascii=False) + "\n")
sha = hashlib.sha256(open(f"{out}/data-421k.jsonl.gz", "rb").read()).hexdigest()
iid = inst["id"]
lines = [{"type": "header", "schema": "memkit.transcript/1", "agent": "scripted",
          "dataset": {"path": "data-421k.jsonl.gz", "sha256": sha}}, {"type": "instance", "instance": iid}]
calls, live = 0, []
for c in inst["chunks"]:
    i = c["index"]
    lines.append({"type": "chunk", "instance": iid, "index": i})
    sentences = [s for s in re.split(r"(?<=\.) ", c["text"]) if len(s) > 20][:9]
    for n, s in enumerate(sentences):
        kind = "episodic_memory" if n % 4 == 3 else "semantic_memory"
        content = (f"{c.get('timestamp') or ''}: " if kind == "episodic_memory" else "") + s
        mid = f"m{i}-{n}"
        lines.append({"type": "tool_call", "instance": iid, "chunk": i, "name": "new_memory_insert",
                      "arguments": {"memory_type": kind, "content": content}, "memory_id": mid})
        live.append((kind, mid))
        calls += 1
    if i % 3 == 0 and live:
        kind, mid = live[len(live) // 2]
        lines.append({"type": "tool_call", "instance": iid, "chunk": i, "name": "memory_update",
                      "arguments": json.dumps({"memory_type": kind, "memory_id": mid, "new_content": "revised " + mid})})
        calls += 1
    if i % 5 == 0 and len(live) > 10:
        kind, mid = live.pop(3)
        lines.append({"type": "tool_call", "instance": iid, "chunk": i, "name": "memory_delete",
                      "arguments": {"memory_type": kind, "memory_id": mid}})
        calls += 1
    if i % 10 == 0:
        lines.append({"type": "tool_call", "instance": iid, "chunk": i, "name": "memory_update",
                      "arguments": {"memory_type": "core_memory", "new_content": c["text"][:400]}})
        calls += 1
for n, q in enumerate(inst["questions"]):
    lines.append({"type": "answer", "instance": iid, "question": q["id"],
                  "response": q["answers"][0] if n % 2 == 0 else "I do not know."})
with open(f"{out}/agent-421k.jsonl", "w") as f:
    for l in lines:
        f.write(json.dumps(l, sort_keys=True, ensure_ascii=False) + "\n")
print(f"421k instance: {len(inst['chunks'])} chunks, {len(inst['questions'])} questions, {calls} tool calls")
PY

measure() {
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "  wall %e s, peak resident %M KB" "$@" >/dev/null
    else
        local t0=$(date +%s.%N); "$@" >/dev/null; echo "  wall $(echo "$(date +%s.%N) - $t0" | bc) s"
    fi
}
echo "== 421k tokens, ~2k calls, 100 questions, agent + 5 baselines (best of 3)"
for run in 1 2 3; do measure .build/release/evalmem "$out/agent-421k.jsonl" --json; done
echo "== 421k tokens, agent only"
measure .build/release/evalmem "$out/agent-421k.jsonl" --baselines none --json
echo "== 1M-token transcript (store-all on a 1M-token instance) + 5 baselines"
.build/release/evalmem baseline --agent store-all "$out/data-1m.jsonl.gz" -o "$out/store-all-1m.jsonl"
ls -l "$out/store-all-1m.jsonl" | awk '{print "  transcript bytes: " $5}'
measure .build/release/evalmem "$out/store-all-1m.jsonl" --json
echo "== score store: 1,000,000 per-question rows in one run, then compare two such runs"
swift build -c release --product memkit-bench >/dev/null
.build/release/memkit-bench store 1000000 "$out/store.sqlite"
echo "== evalmem compare on that file (whole command)"
measure .build/release/evalmem compare --db "$out/store.sqlite" --baseline a --candidate b
