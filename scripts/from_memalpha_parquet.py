#!/usr/bin/env python3
"""Mem-α or MemoryAgentBench parquet -> memkit instances (gzip JSON Lines, schema memkit.instance/1).

Usage: python3 scripts/from_memalpha_parquet.py IN.parquet OUT.jsonl.gz [--chunk-tokens N]
Requirements: scripts/interop/requirements.txt (pyarrow 18.1.0, tiktoken 0.9.0; o200k_base is built from
memkit's bundled vocabulary, nothing is downloaded).

A row written by scripts/to_memalpha_parquet.py carries the whole instance in metadata["memkit"] and is
restored exactly. Any other row (columns instance_id, prompt, chunks, questions_and_answers, data_source,
metadata, optional sub_source) becomes instance "<data_source>-<instance_id>": its chunks as they are (o200k
counts), its questions with the gold answer(s) as a list of strings, scored as its data_source, so that evalmem
scores it exactly as Mem-α does. MemoryAgentBench rows whose data_source is a competency name take their
sub_source. The row's metadata is kept under metadata["memalpha"]. Everything that could not be mapped is
reported on stderr with counts and examples; nothing is dropped silently.
"""
import gzip
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "interop"))

COMPETENCIES = {"accurate_retrieval", "test_time_learning", "long_range_understanding", "conflict_resolution"}


def competency(source):
    if source == "pubmed-rct" or "icl" in source or "ttl" in source:
        return "test_time_learning"
    if source in ("booksum", "long_range_understanding") or "infbench_sum" in source:
        return "long_range_understanding"
    return "accurate_retrieval"


def answers(value):
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [a for v in value for a in answers(v)]
    if value is None:
        return []
    return [json.dumps(value) if not isinstance(value, (int, float)) else str(value)]


class Report:
    def __init__(self):
        self.notes = {}

    def note(self, kind, example):
        count, examples = self.notes.get(kind, (0, []))
        self.notes[kind] = (count + 1, examples + [example] if len(examples) < 3 else examples)


def convert(row, n, report):
    def field(name, kind):
        if name not in row or row[name] is None:
            raise SystemExit(f"row {n}: column '{name}' is missing")
        value = row[name]
        if kind == "json":
            try:
                return json.loads(value) if isinstance(value, str) else value
            except json.JSONDecodeError as e:
                raise SystemExit(f"row {n}: column '{name}' is not JSON: {e}")
        return value

    meta = row.get("metadata")
    meta = json.loads(meta) if isinstance(meta, str) and meta else (meta or {})
    if isinstance(meta, dict) and isinstance(meta.get("memkit"), dict):
        return meta["memkit"]
    from o200k import count
    source = field("data_source", "str")
    if source in COMPETENCIES and row.get("sub_source"):
        source = row["sub_source"]
    chunks = field("chunks", "json")
    qa = field("questions_and_answers", "json")
    if not isinstance(chunks, list) or not all(isinstance(c, str) for c in chunks):
        raise SystemExit(f"row {n}: 'chunks' must be a list of strings")
    if not isinstance(qa, list):
        raise SystemExit(f"row {n}: 'questions_and_answers' must be a list")
    instance_id = row.get("instance_id", n - 1)
    iid = f"{source}-{instance_id}"
    questions = []
    for k, item in enumerate(qa):
        if not isinstance(item, dict) or "question" not in item:
            raise SystemExit(f"row {n} (instance {iid}): questions_and_answers[{k}] needs a 'question'")
        golds = answers(item.get("answer"))
        if not golds:
            report.note("question_without_answer_dropped", f"{iid} q{k}")
            continue
        for extra in sorted(set(item) - {"question", "answer"}):
            report.note("question_field_not_imported", f"{iid} q{k}: {extra}")
        questions.append({"id": f"q{k}", "question": item["question"], "answers": golds, "metric": source,
                          "type": "memalpha", "evidence": [], "asked_at": None, "abstain": False})
    memkit_chunks = [{"index": i, "text": t, "timestamp": None, "tokens": count(t)} for i, t in enumerate(chunks)]
    for extra in sorted(set(row) - {"instance_id", "prompt", "chunks", "questions_and_answers", "data_source",
                                    "metadata", "num_chunks", "num_questions", "sub_source"}):
        report.note("column_not_imported", f"{iid}: {extra}")
    return {
        "schema": "memkit.instance/1", "id": iid, "pattern": "memalpha-parquet", "competency": competency(source),
        "data_source": source, "prompt": row.get("prompt") or "", "seed": None, "chunks": memkit_chunks,
        "questions": questions,
        "stats": {"tokenizer": "o200k_base", "total_tokens": sum(c["tokens"] for c in memkit_chunks),
                  "target_tokens": None, "num_chunks": len(memkit_chunks)},
        "generator": {"name": "from_memalpha_parquet.py", "version": "1", "parameters": {}},
        "metadata": {"answers_verbatim": False, "memalpha": meta, "instance_id": instance_id},
    }


def main():
    args = [a for a in sys.argv[1:]]
    if len(args) != 2:
        raise SystemExit(__doc__)
    import pyarrow.parquet as pq
    table = pq.read_table(args[0])
    report = Report()
    ids = set()
    out = args[1] + ".tmp"
    with gzip.open(out, "wt", encoding="utf-8") as f:
        for n, row in enumerate(table.to_pylist(), 1):
            instance = convert(row, n, report)
            if instance["id"] in ids:
                raise SystemExit(f"row {n}: duplicate instance id {instance['id']}")
            ids.add(instance["id"])
            f.write(json.dumps(instance, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n")
    os.replace(out, args[1])
    print(f"from_memalpha_parquet: {len(ids)} instances -> {args[1]}", file=sys.stderr)
    for kind, (count, examples) in sorted(report.notes.items()):
        print(f"  note {kind}: {count} (e.g. {'; '.join(examples)})", file=sys.stderr)


if __name__ == "__main__":
    main()
