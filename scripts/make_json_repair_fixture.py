#!/usr/bin/env python3
"""Writes Tests/JSONLinesTests/Fixtures/json_repair.json: how Mem-α reads broken tool arguments,
`json.loads(json_repair.repair_json(text))`, with json_repair 0.51.0 (the version Mem-α pins) on CPython 3.11.7.
A case whose repair does not load records "invalid".

Usage: pip install json_repair==0.51.0 && python3 scripts/make_json_repair_fixture.py
"""
import json
import os

import json_repair

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "JSONLinesTests", "Fixtures",
                   "json_repair.json")
CASES = [
    '{"memory_type": "semantic_memory", "content": "Paris is in France."}',
    '{"memory_type": "semantic_memory", "content": "Paris is in France.",}',
    "{'memory_type': 'semantic_memory', 'content': 'single quotes'}",
    '{memory_type: "episodic_memory", content: "unquoted keys"}',
    '{"memory_type": "semantic_memory", "content": "unterminated',
    '{"memory_type": "semantic_memory", "content": "missing brace"',
    '{"a": [1, 2',
    'not json',
    '',
    '{"content": "He said "hi" to me", "memory_type": "semantic_memory"}',
    '{"a": True, "b": False}',
    '{"memory_type": "core_memory", "new_content": "x"} trailing commentary',
    '```json\n{"memory_type": "semantic_memory", "content": "fenced"}\n```',
    '{"content": "line\nbreak", "memory_type": "episodic_memory"}',
    '{"a": 1 "b": 2}',
    '{"a": .5}',
    '{"content": "x" // a comment\n}',
    '{"content": "tab\there"}',
    '"just a string"',
    '{"content": \'mixed "quotes" inside\'}',
    '{"a": 1}}',
    '{"a":}',
    'Sure! Here are the arguments: {"memory_type": "semantic_memory", "content": "prose before"}',
    '{"memory_type": "semantic_memory", "content": "Dates: 2024-01-03, 2024-02-05."}',
    '{"memory_type": "semantic_memory", "content": "Unicode: café, 東京, emoji 😀"}',
    '{"memory_type": "semantic_memory", "content": "escaped \\"quote\\" kept"}',
    '{"memory_type": "semantic_memory", "content": "a, b, and c"}',
    '{"memory_type":"semantic_memory","content":"no spaces"}',
    '{\n  "memory_type": "episodic_memory",\n  "content": "pretty printed"\n}',
    '{"memory_type": "semantic_memory", "content": "ends with brace }"}',
    '[{"a": 1}, {"b": 2}]',
    '{"n": -3, "f": 2.5e3, "z": 0}',
    '{"nested": {"k": [1, {"x": "y"}]}}',
    '{"memory_id": "ab12", "memory_type": "semantic_memory", "new_content": "updated"',
]


def main():
    out = []
    for text in CASES:
        try:
            value = json.loads(json_repair.repair_json(text))
        except json.JSONDecodeError:
            value = "invalid"
            out.append({"text": text, "invalid": True})
            continue
        out.append({"text": text, "invalid": False, "value": value})
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump({"generator": f"json_repair {json_repair.__version__ if hasattr(json_repair, '__version__') else '0.51.0'}",
                   "cases": out}, f, ensure_ascii=False, sort_keys=True, indent=1)
        f.write("\n")
    print(f"wrote {len(out)} cases")


if __name__ == "__main__":
    main()
