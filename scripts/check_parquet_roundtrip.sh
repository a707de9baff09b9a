#!/usr/bin/env bash
# memkit -> Mem-α parquet -> memkit must give identical instances, for every dataset in datasets/ci/ and for the
# imported LongMemEval and LoCoMo fixtures; and a parquet written without memkit's metadata (as Mem-α's own files
# are) must import into a dataset that `mkdataset validate` accepts and `evalmem` scores.
# Installs scripts/interop/requirements.txt into a throwaway virtual environment; when that is impossible
# (no venv module, no registry), it says so and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! python3 -m venv "$work/venv" >/dev/null 2>&1 \
    || ! "$work/venv/bin/python" -m pip install -q -r scripts/interop/requirements.txt >/dev/null 2>&1; then
    echo "parquet round trip: skipped (pyarrow could not be installed here)"
    exit 0
fi
py="$work/venv/bin/python"
bin=$(swift build --show-bin-path)
swift build --product mkdataset >/dev/null
swift build --product evalmem >/dev/null
"$bin/mkdataset" import --from longmemeval Tests/DatasetBuilderTests/Fixtures/longmemeval.json -o "$work/lme.jsonl.gz" 2>/dev/null
"$bin/mkdataset" import --from locomo Tests/DatasetBuilderTests/Fixtures/locomo.json -o "$work/locomo.jsonl.gz" 2>/dev/null
n=0
for f in datasets/ci/*.jsonl.gz "$work/lme.jsonl.gz" "$work/locomo.jsonl.gz"; do
    "$py" scripts/to_memalpha_parquet.py "$f" "$work/x.parquet" 2>/dev/null
    "$py" scripts/from_memalpha_parquet.py "$work/x.parquet" "$work/back.jsonl.gz" 2>/dev/null
    "$py" - "$f" "$work/back.jsonl.gz" <<'PY'
import gzip, json, sys
a = [json.loads(l) for l in gzip.open(sys.argv[1], "rt", encoding="utf-8") if l.strip()]
b = [json.loads(l) for l in gzip.open(sys.argv[2], "rt", encoding="utf-8") if l.strip()]
assert a == b, f"{sys.argv[1]}: the round trip changed the instances"
PY
    n=$((n + 1))
done
echo "parquet round trip: $n datasets identical after memkit -> parquet -> memkit"
# A parquet as Mem-α writes it (no memkit metadata).
"$py" - "$work/foreign.parquet" <<'PY'
import json, sys
import pyarrow as pa, pyarrow.parquet as pq
rows = [
    {"instance_id": 0, "prompt": "Remember the chunks.", "data_source": "squad", "metadata": json.dumps({"origin": "x"}),
     "chunks": json.dumps(["[Dialogue between User and Assistant on 2024-01-01 00:00]\n<User>Paris is in France.\n<Assistant>Noted."]),
     "questions_and_answers": json.dumps([{"question": "Which country is Paris in?", "answer": "France"}]),
     "num_chunks": 1, "num_questions": 1},
    {"instance_id": 1, "prompt": "", "data_source": "accurate_retrieval", "sub_source": "ruler_qa1_197K", "metadata": "{}",
     "chunks": json.dumps(["Doc one.", "Doc two mentions Kesh."]),
     "questions_and_answers": json.dumps([{"question": "Where?", "answer": ["Kesh", "kesh town"]}]),
     "num_chunks": 2, "num_questions": 1},
]
pq.write_table(pa.table({k: [r.get(k) for r in rows] for k in rows[1]}), sys.argv[1])
PY
"$py" scripts/from_memalpha_parquet.py "$work/foreign.parquet" "$work/foreign.jsonl.gz"
"$bin/mkdataset" validate "$work/foreign.jsonl.gz"
"$bin/evalmem" --dataset "$work/foreign.jsonl.gz" --baselines store-all,no-memory --json >/dev/null
echo "parquet import: a Mem-α-shaped parquet validates and scores"
