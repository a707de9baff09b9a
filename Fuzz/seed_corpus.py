#!/usr/bin/env python3
"""Writes Fuzz/Corpus/<target>/: small seed inputs for each fuzz target, taken from the test fixtures.

Usage: python3 Fuzz/seed_corpus.py   (from the repository root; rerun when the fixtures change)
"""
import gzip
import hashlib
import json
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "Fuzz", "Corpus")
TOOLS = ["new_memory_insert", "memory_update", "memory_delete", "search_memory", "no_such_tool"]


def put(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > 4096:
        data = data[:4096]
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()[:16]), "wb") as f:
        f.write(data)


def fixture(*parts):
    return os.path.join(ROOT, "Tests", *parts)


def main():
    records = open(fixture("JSONLinesTests", "Fixtures", "records.jsonl"), encoding="utf-8").read().splitlines()
    for line in records[:12]:
        put("fuzz-json", line)
    for case in json.load(open(fixture("JSONLinesTests", "Fixtures", "json_repair.json")))["cases"][:30]:
        put("fuzz-json", case["text"])
    put("fuzz-jsonl", "\n".join(records[:6]) + "\n")
    put("fuzz-jsonl", open(fixture("JSONLinesTests", "Fixtures", "multimember.jsonl.gz"), "rb").read())
    put("fuzz-jsonl", gzip.compress(b'{"a":1}\n{"b":[2,3]}\n'))
    for name in ["longmemeval", "locomo"]:
        for record in json.load(open(fixture("DatasetBuilderTests", "Fixtures", name + ".json"))):
            put("fuzz-instance", json.dumps(record, sort_keys=True))
    with gzip.open(os.path.join(ROOT, "datasets", "ci", "ar-sessions-8k.jsonl.gz"), "rt", encoding="utf-8") as f:
        instance = json.loads(f.readline())
        instance["chunks"] = instance["chunks"][:1]
        put("fuzz-instance", json.dumps(instance, sort_keys=True, ensure_ascii=False))
    for line in open(os.path.join(ROOT, "datasets", "ci", "reference", "memalpha.transcript.jsonl"), encoding="utf-8"):
        put("fuzz-transcript", line.strip())
    for case in json.load(open(fixture("EvaluatorTests", "Fixtures", "fncall.json")))["cases"][:20]:
        put("fuzz-transcript", case["text"])
    for scenario in json.load(open(fixture("MemorySimTests", "Fixtures", "semantics.json")))["scenarios"]:
        lines = []
        for step in scenario["steps"]:
            tool = TOOLS.index(step["tool"]) if step["tool"] in TOOLS else 4
            args = step["arguments"] if isinstance(step["arguments"], str) else json.dumps(step["arguments"])
            lines.append(chr(tool) + args)
        put("fuzz-memory", "\n".join(lines))
    with gzip.open(fixture("TokenizerTests", "Fixtures", "parity.jsonl.gz"), "rt", encoding="utf-8") as f:
        for n, line in enumerate(f):
            if n >= 24:
                break
            put("fuzz-tokenizer", json.loads(line)["text"][:1500])
    for target in sorted(os.listdir(OUT)):
        files = os.listdir(os.path.join(OUT, target))
        print(target, len(files), sum(os.path.getsize(os.path.join(OUT, target, x)) for x in files), "bytes")


if __name__ == "__main__":
    main()
