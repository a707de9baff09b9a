#!/usr/bin/env python3
"""Writes Tests/EvaluatorTests/Fixtures/fncall.json: tool calls extracted from raw model outputs by Python's own
`re` engine running the pattern that Mem-α's agent uses (an interface fact recorded in memalpha-facts.md §3.3),
followed by its trailing-comment rule. CPython 3.11.7, standard library only.

Usage: python3 scripts/make_fncall_fixture.py
"""
import json
import os
import re

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "EvaluatorTests", "Fixtures",
                   "fncall.json")
F, A, R, X = "✿FUNCTION✿", "✿ARGS✿", "✿RESULT✿", "✿RETURN✿"
PATTERN = re.compile(
    re.escape(F) + r":\s*([^\n]+)\s*" + re.escape(A) + r":\s*([^✿]+?)(?=" + "|".join(map(re.escape, [R, X, F]))
    + r"|$)", re.DOTALL)


def cleanup(args):
    args = args.strip()
    if args.startswith("{"):
        k = args.rfind("}")
        if k > 0:
            args = args[:k + 1]
    if args.startswith("```"):
        k = args.rfind("\n```")
        if k > 0:
            args = args[:k + 4]
    return args


def extract(text):
    calls = [{"name": m.group(1).strip(), "arguments": cleanup(m.group(2))} for m in PATTERN.finditer(text)]
    first = text.find(F)
    return calls, (text[:first] if first >= 0 else text).strip()


INS = '{"memory_type": "semantic_memory", "content": "Paris is in France."}'
CASES = [
    f"{F}: new_memory_insert\n{A}: {INS}",
    f"Thinking first.\n{F}: new_memory_insert\n{A}: {INS}\n{F}: memory_update\n{A}: "
    '{"memory_type": "core_memory", "new_content": "User likes tea."}',
    f"{F}: memory_delete {A}: {{\"memory_type\": \"episodic_memory\", \"memory_id\": \"ab12\"}}",
    f"{F}: new_memory_insert\n{A}: {INS} and then some commentary\n{R}: ok\n{X}: done",
    f"{F}: new_memory_insert\n{A}: {{\"memory_type\": \"semantic_memory\", \"content\": \"unterminated",
    f"{F}:\n\n  new_memory_insert  \n\n{A}:\n\n{INS}\n",
    f"{F}: new_memory_insert\n{A}: ```json\n{INS}\n```\ntrailing words",
    f"{F}: no_args_here\nsome text\n{F}: memory_delete\n{A}: {{\"memory_type\": \"core_memory\"}}",
    f"{F}: new_memory_insert\n{A}: {{\"content\": \"a ✿ flower\"}}",
    f"{F}: new_memory_insert\n{A}:   \n",
    f"{F}: new_memory_insert\n{A}:",
    f"{F}: a {A}: x {A}: {{\"k\": 1}}",
    f"{F}: new_memory_insert\n{A}: {INS}{F}: memory_update\n{A}: {{}}",
    "no calls at all, just text",
    f"{F}: search_memory\n{A}: {{\"memory_type\": \"semantic_memory\", \"query\": \"tea\"}} // comment",
    f"{F}: new_memory_insert\r\n{A}: {INS}\r\n",
    f"{F}: new_memory_insert\n{A}: {{'memory_type': 'semantic_memory', 'content': 'single quotes'}}",
]


def main():
    out = []
    for text in CASES:
        calls, preamble = extract(text)
        out.append({"text": text, "calls": calls, "preamble": preamble})
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump({"generator": "CPython 3.11.7 re, Mem-α's ✿FUNCTION✿ pattern", "cases": out}, f,
                  ensure_ascii=False, sort_keys=True, indent=1)
        f.write("\n")
    print(f"wrote {len(out)} cases")


if __name__ == "__main__":
    main()
