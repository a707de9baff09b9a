#!/usr/bin/env python3
"""Regenerates Tests/JSONLinesTests/Fixtures/ with Python's own gzip and json modules.

Produced with CPython 3.11.7 (gzip and json from its standard library). The files are the reference that the
Swift reader must accept: a gzip file of several members (one per group of records, as
`cat a.gz b.gz > c.gz` or Python's append mode produce), and the same records as plain JSON Lines.

Usage: python3 scripts/make_jsonlines_fixtures.py
"""
import gzip
import io
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Tests", "JSONLinesTests", "Fixtures")


def records():
    texts = ["plain ascii", "naïve café", "東京 and 北京", "emoji 👩‍👩‍👧 family", "slash / and back\\slash",
             "quote \" inside", "tab\tnew\nline", "\u2028 line separator", "null \u0000 byte"]
    for i in range(30):
        yield {"i": i, "text": texts[i % len(texts)], "big": 2**62 + i, "neg": -(2**63) + i, "f": i / 7,
               "list": [True, False, None, i * 1.5], "nested": {"k": str(i)}}


def main():
    os.makedirs(OUT, exist_ok=True)
    lines = [json.dumps(r, ensure_ascii=(r["i"] % 2 == 0)) + "\n" for r in records()]
    with open(os.path.join(OUT, "records.jsonl"), "w", encoding="utf-8") as f:
        f.writelines(lines)
    # Three members of 10 lines each, concatenated; mtime pinned so the bytes are reproducible.
    data = b"".join(
        gzip.compress("".join(lines[k:k + 10]).encode("utf-8"), compresslevel=9, mtime=0) for k in (0, 10, 20))
    with open(os.path.join(OUT, "multimember.jsonl.gz"), "wb") as f:
        f.write(data)
    print(f"wrote {len(lines)} records; python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
