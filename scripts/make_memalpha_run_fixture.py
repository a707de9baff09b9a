#!/usr/bin/env python3
"""Writes Tests/EvaluatorTests/Fixtures/memalpha-run/: a small Mem-α run directory, made by Mem-α's own memory code.

Usage (the same environment as scripts/make_memalpha_semantics_fixture.py):
    /tmp/venv-ma/bin/python scripts/make_memalpha_run_fixture.py PATH/TO/Mem-alpha
Produced at Mem-alpha commit 9c0e1f6 with numpy 1.26.4, rank_bm25 0.2.2, tiktoken 0.9.0, json_repair 0.51.0 on
CPython 3.11.7. Nothing from that checkout is copied into memkit.

A scripted "model" writes raw tool-call text for two instances; each call goes through Mem-α's agent handling (the
json_repair parse, FUNCTION_IMPLS, the four error classes) on Mem-α's `Memory`, and the files are written in the
layout of Mem-α's main.py (memalpha-facts.md §3.5): data_instance_info.json, chunks_and_function_calls.json,
final_responses.json, agent_state.json (json.dump indent=2, ASCII-escaped) and results.json. Memory ids come from
uuid-like 4-hex draws of a seeded generator, so a replay can only match by taking them from the logged results.
"""
import importlib.util
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Tests", "EvaluatorTests", "Fixtures", "memalpha-run")

spec = importlib.util.spec_from_file_location("semantics", os.path.join(HERE, "make_memalpha_semantics_fixture.py"))
semantics = importlib.util.module_from_spec(spec)
spec.loader.exec_module(semantics)

SEM, EPI, CORE = "semantic_memory", "episodic_memory", "core_memory"

# Per instance: (global_idx, data_source, chunks, per-chunk calls as (name, raw argument text), questions).
RUNS = [
    (17, "squad", [
        "[Dialogue between User and Assistant on 2024-01-01 00:00]\n<User>Notes from today.\n"
        "Quillon Marsh is the harbour master of Tevrin. The lighthouse at Tevrin was built in 1911.\n<Assistant>Noted.",
        "[Dialogue between User and Assistant on 2024-01-02 00:00]\n<User>More notes.\n"
        "The ferry to Osk leaves at dawn. Quillon Marsh retired and Ilse Varga became harbour master.\n"
        "<Assistant>Thanks.",
        "[Dialogue between User and Assistant on 2024-01-03 00:00]\n<User>Last one.\n"
        "Tevrin's market sells smoked eel. The ferry to Osk was cancelled on 2024-01-03.\n<Assistant>Got it.",
    ], [
        [("memory_update", '{"memory_type": "core_memory", "new_content": "The user keeps notes about the port town Tevrin."}'),
         ("new_memory_insert", '{"memory_type": "semantic_memory", "content": "Quillon Marsh is the harbour master of Tevrin."}'),
         ("new_memory_insert", '{"memory_type": "semantic_memory", "content": "The lighthouse at Tevrin was built in 1911."}'),
         ("new_memory_insert", '{"memory_type": "semantic_memory", "content": "The lighthouse at Tevrin was built in 1911."}')],
        [("memory_update", '{"memory_type": "semantic_memory", "new_content": "Ilse Varga is the harbour master of Tevrin; Quillon Marsh retired.", "memory_id": "@0"}'),
         ("new_memory_insert", "{'memory_type': 'episodic_memory', 'content': '2024-01-02: the ferry to Osk leaves at dawn.',}"),
         ("memory_update", '{"memory_type": "semantic_memory", "new_content": "x", "memory_id": "zzzz"}'),
         ("forget_everything", '{"memory_type": "semantic_memory"}')],
        [("new_memory_insert", '{"memory_type": "episodic_memory", "content": "2024-01-03: the ferry to Osk was cancelled."}'),
         ("memory_delete", '{"memory_type": "episodic_memory", "memory_id": "@2"}'),
         ("new_memory_insert", '{"memory_type": "semantic_memory", "content": "Tevrin\'s market sells smoked eel'),
         ("memory_delete", '{"memory_type": "semantic_memory", "memory_id": "nope"}')],
    ], [
        ("Who is the harbour master of Tevrin?", "Ilse Varga is the harbour master.", "Ilse Varga"),
        ("When was the lighthouse at Tevrin built?", "<think>hmm</think>It was built in 1911.", "1911"),
        ("What does Tevrin's market sell?", "I do not know.", "smoked eel"),
    ]),
    (4, "booksum", [
        "[Event happened on 2024-01-01 while reading]\n<User> Arden left the mill with the brass key.\n\n<System> Remember it.",
        "[Event happened on 2024-01-03 while reading]\n<User> At the ford Arden met Coyle, who wanted the key.\n\n<System> Remember it.",
    ], [
        [("memory_update", '{"memory_type": "core_memory", "new_content": "Summary: Arden leaves the mill carrying a brass key."}')],
        [("memory_update", '{"memory_type": "core_memory", "new_content": "Summary: Arden leaves the mill carrying a brass key and meets Coyle at the ford."}'),
         ("new_memory_insert", '{"memory_type": "episodic_memory", "content": "2024-01-03: Arden met Coyle at the ford."}')],
    ], [
        ("Summarize the book read from 2024-01-01 to 2024-01-03", "Arden takes a brass key and meets Coyle.",
         "Arden, brass key, Coyle, ford"),
    ]),
]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    checkout = os.path.abspath(sys.argv[1])
    semantics.install_stubs()
    sys.path.insert(0, checkout)
    import memory as memory_module
    import functions

    rng = random.Random(20251129)
    memory_module.Memory._generate_memory_id = lambda self: "".join(rng.choice("0123456789abcdef") for _ in range(4))
    for global_idx, source, chunks, calls, questions in RUNS:
        mem = memory_module.Memory(including_core=True, disabled_memory_types=[])
        inserted = []  # ids in insertion order, for "@k" references in the script
        records, responses = [], []
        for i, (chunk, chunk_calls) in enumerate(zip(chunks, calls)):
            logged, text = [], []
            for name, raw in chunk_calls:
                for k, known in enumerate(inserted):
                    raw = raw.replace(f'"@{k}"', f'"{known}"')
                kind, result = semantics.run_call(mem, functions.FUNCTION_IMPLS, name, raw)
                if name == "new_memory_insert" and kind == "ok":
                    inserted.append(result.split("'new_memory': {'")[1][:4])
                logged.append({"function_call": {"name": name, "arguments": raw}, "tool_result": result,
                               "chunk_idx": i, "timestamp": 1764400000.0 + i})
                text.append(f"✿FUNCTION✿: {name}\n✿ARGS✿: {raw}")
            records.append({"chunk_idx": i, "raw_chunk": chunk, "function_calls": logged})
            responses.append("\n".join(text))
        directory = os.path.join(OUT, str(global_idx))
        os.makedirs(directory, exist_ok=True)

        def dump(name, value, **kw):
            with open(os.path.join(directory, name), "w") as f:
                json.dump(value, f, **kw)

        dump("data_instance_info.json", {"data_source": source, "global_idx": global_idx})
        dump("chunks_and_function_calls.json", records, indent=2)
        dump("final_responses.json", responses, indent=2)
        state = {"semantic": mem.semantic, "episodic": mem.episodic, "conversation_history": [], "step": len(chunks),
                 "semantic_embedding_ids": mem.semantic_embedding_ids, "episodic_embedding_ids": mem.episodic_embedding_ids,
                 "core": mem.core}
        dump("agent_state.json", state, indent=2)
        dump("results.json", [{"question": q, "response": r, "answer": a,
                               "step_info": {"step": len(chunks), "final_response": r, "memory_server_used": True,
                                             "batch_processed": True, "agentic_search_used": False}}
                              for q, r, a in questions], indent=2)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
