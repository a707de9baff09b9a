#!/usr/bin/env python3
"""Writes Tests/MemorySimTests/Fixtures/bm25.json: BM25 scores from rank_bm25 for memkit's parity tests.

Produced with rank_bm25 0.2.2 (the version Mem-α pins) and numpy 2.4 on CPython 3.11.7. Tokenization is Mem-α's:
re.findall(r'\\b\\w+\\b', text.lower()). Each case gives a corpus (as the list of live items, in list order), the
operations that built it (so an incremental index can be checked against a from-scratch one), queries, and for
each query rank_bm25's score of every item plus the stable descending order (ties keep list order, as Python's
sort does).

Usage: pip install rank_bm25==0.2.2 && python3 scripts/make_bm25_fixture.py
"""
import json
import os
import random
import re

from rank_bm25 import BM25Okapi

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "MemorySimTests", "Fixtures",
                   "bm25.json")


def tokenize(text):
    return re.findall(r"\b\w+\b", text.lower())


def scores(corpus, query):
    tokenized = [tokenize(t) for t in corpus]
    bm25 = BM25Okapi(tokenized)
    return [float(s) for s in bm25.get_scores(tokenize(query))]


def case(name, corpus, queries, ops=None):
    result = {"name": name, "corpus": corpus, "ops": ops or [{"op": "insert", "text": t} for t in corpus],
              "queries": []}
    for q in queries:
        s = scores(corpus, q)
        order = sorted(range(len(corpus)), key=lambda i: s[i], reverse=True)
        result["queries"].append({"query": q, "query_tokens": tokenize(q), "scores": s, "order": order})
    result["tokens"] = [tokenize(t) for t in corpus]
    return result


def random_history(rng, words, steps):
    """Random inserts, updates and deletes; returns the ops and the final live list."""
    live = []  # list of [key, text]
    ops = []
    key = 0
    for _ in range(steps):
        r = rng.random()
        if r < 0.6 or len(live) < 3:
            text = " ".join(rng.choice(words) for _ in range(rng.randrange(3, 25)))
            live.append([key, text])
            ops.append({"op": "insert", "text": text, "key": key})
            key += 1
        elif r < 0.8:
            i = rng.randrange(len(live))
            text = " ".join(rng.choice(words) for _ in range(rng.randrange(3, 25)))
            live[i][1] = text
            ops.append({"op": "update", "key": live[i][0], "text": text})
        else:
            i = rng.randrange(len(live))
            ops.append({"op": "delete", "key": live[i][0]})
            live.pop(i)
    return ops, [t for _, t in live]


def main():
    rng = random.Random(42)
    cases = [
        case("one entry", ["Paris is the capital of France."], ["capital of France", "Berlin", "paris paris"]),
        case("two entries", ["The cat sat on the mat.", "A dog barked at the cat."],
             ["cat", "dog", "mat cat", "bird"]),
        case("term in half the documents",
             ["apple banana", "apple cherry", "durian elder", "fig grape"],
             ["apple", "banana", "apple durian", "grape grape apple"]),
        case("term in most documents (negative idf)",
             ["red blue", "red green", "red yellow", "red", "purple"],
             ["red", "red purple", "blue red"]),
        case("repeated query terms",
             ["memory agent memory", "agent tools", "memory", "unrelated words here"],
             ["memory memory memory", "agent agent memory", "MEMORY Agent"]),
        case("unicode",
             ["ΟΔΟΣ ΚΑΙ ΣΟΦΙΑ", "Straße und STRASSE", "İstanbul ist groß", "東京 タワー 2024年",
              "مَدْرَسَة كبيرة", "café cafe\u0301 naïve", "snake_case and 42_items", "ǅemal Ǆ ǆ",
              "x\u0301y \u0301z", "½ ² ३४ ٣"],
             ["οδος σοφια", "strasse", "istanbul", "東京", "مدرسة", "café", "snake_case", "ǆemal", "३४", "x y z"]),
        case("empty query tokens", ["alpha beta", "gamma"], ["!!!", "alpha"]),
        case("ties keep list order", ["same text", "other", "same text", "same text"], ["same", "text other"]),
    ]
    words = [f"w{i}" for i in range(300)] + ["the"] * 40 + ["of"] * 20 + ["memory", "agent", "chunk"]
    for n, steps in [(1, 40), (2, 300), (3, 1500)]:
        ops, live = random_history(rng, words, steps)
        queries = [" ".join(rng.choice(words) for _ in range(rng.randrange(1, 6))) for _ in range(15)]
        cases.append(case(f"random history {n}", live, queries, ops))
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump({"generator": "rank_bm25 0.2.2", "cases": cases}, f, ensure_ascii=False, sort_keys=True)
        f.write("\n")
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
