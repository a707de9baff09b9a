#!/usr/bin/env python3
"""memkit instances (JSON Lines, plain or gzip) -> a parquet file in Mem-α's schema, for Mem-α's trainer.

Usage: python3 scripts/to_memalpha_parquet.py IN.jsonl.gz OUT.parquet
Requirements: scripts/interop/requirements.txt (pyarrow 18.1.0).

Columns (memalpha-facts.md §5.1): instance_id (int, the row number), prompt, chunks (json.dumps of the chunk
texts), questions_and_answers (json.dumps of [{"question", "answer"}]: one gold answer as a string, several as
a list, as MemoryAgentBench rows have them), data_source, metadata (json.dumps), num_chunks, num_questions.
Mem-α reads only those; everything else memkit knows (ids, pattern, competency, seed, timestamps, token counts,
question ids, metrics, types, evidence spans, abstention, stats, generator, metadata) goes under
metadata["memkit"], so scripts/from_memalpha_parquet.py restores the instances exactly.
"""
import gzip
import json
import sys


def read_jsonl(path):
    opener = gzip.open if open(path, "rb").read(2) == b"\x1f\x8b" else open
    with opener(path, "rt", encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    yield n, json.loads(line)
                except json.JSONDecodeError as e:
                    raise SystemExit(f"{path}:{n}: not JSON: {e}")


def convert(instance):
    questions = instance["questions"]
    qa = [{"question": q["question"], "answer": q["answers"][0] if len(q["answers"]) == 1 else q["answers"]}
          for q in questions]
    return {
        "prompt": instance["prompt"],
        "chunks": json.dumps([c["text"] for c in instance["chunks"]], ensure_ascii=False),
        "questions_and_answers": json.dumps(qa, ensure_ascii=False),
        "data_source": instance["data_source"],
        "metadata": json.dumps({"memkit": instance}, ensure_ascii=False, sort_keys=True),
        "num_chunks": len(instance["chunks"]),
        "num_questions": len(questions),
    }


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    import pyarrow as pa
    import pyarrow.parquet as pq
    rows = []
    for n, instance in read_jsonl(sys.argv[1]):
        if instance.get("schema") != "memkit.instance/1":
            raise SystemExit(f"{sys.argv[1]}:{n}: not a memkit.instance/1 record")
        row = convert(instance)
        row["instance_id"] = len(rows)
        rows.append(row)
    columns = ["instance_id", "prompt", "chunks", "questions_and_answers", "data_source", "metadata", "num_chunks",
               "num_questions"]
    table = pa.table({c: [r[c] for r in rows] for c in columns})
    tmp = sys.argv[2] + ".tmp"
    pq.write_table(table, tmp)
    import os
    os.replace(tmp, sys.argv[2])
    print(f"to_memalpha_parquet: {len(rows)} instances -> {sys.argv[2]}", file=sys.stderr)


if __name__ == "__main__":
    main()
