#!/usr/bin/env python3
"""Writes Tests/MemorySimTests/Fixtures/semantics.json by running Mem-α's own memory code on scripted tool calls.

Usage (in an environment with Mem-α's pinned versions, so that reprs match its logs):
    python3 -m venv /tmp/venv-ma
    /tmp/venv-ma/bin/pip install numpy==1.26.4 rank_bm25==0.2.2 tiktoken==0.9.0 json_repair==0.51.0 python-dotenv
    /tmp/venv-ma/bin/python scripts/make_memalpha_semantics_fixture.py PATH/TO/Mem-alpha
PATH/TO/Mem-alpha is a checkout of github.com/wangyu-ustc/Mem-alpha; the fixture was produced at its commit
9c0e1f6 with numpy 1.26.4, rank_bm25 0.2.2, tiktoken 0.9.0 and json_repair 0.51.0 on CPython 3.11.7. Nothing from that checkout is
copied into memkit.

Mem-α's `memory.py` and `functions.py` are imported as they are. Their network and heavy dependencies are
replaced before import: the OpenAI client (embeddings) fails, so Mem-α falls back to its zero vector, as it does
offline; scikit-learn's cosine similarity, nltk and rapidfuzz are unused by these paths and stubbed; tiktoken's
`encoding_for_model` returns o200k_base built from memkit's bundled vocabulary (same bytes, SHA-256 checked), so
no download happens. Ids come from a counter (0001, 0002, …) instead of uuid4, so the fixture is deterministic;
the Swift test gives the same ids to its inserts.

Each scenario records, per call: the outcome class (ok, skipped, or the exception class the agent maps to an
error), the exact result line the agent would log, the state after the call and Mem-α's total_length().
`text_is_interface` marks lines made only of interface facts (no Mem-α prose), which memkit must match byte for
byte; for the others memkit uses its own wording and only the class must match.
"""
import base64
import gzip
import hashlib
import json
import os
import sys
import types

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..")
OUT = os.path.join(ROOT, "Tests", "MemorySimTests", "Fixtures", "semantics.json")


def install_stubs():
    openai = types.ModuleType("openai")

    class OpenAI:
        def __init__(self, *a, **k):
            raise RuntimeError("no network in fixture generation")

    openai.OpenAI = OpenAI
    sys.modules["openai"] = openai
    for name in ["sklearn", "sklearn.metrics", "sklearn.metrics.pairwise"]:
        sys.modules[name] = types.ModuleType(name)
    sys.modules["sklearn.metrics.pairwise"].cosine_similarity = lambda *a, **k: None
    for name in ["nltk", "nltk.metrics", "nltk.metrics.distance"]:
        sys.modules[name] = types.ModuleType(name)
    sys.modules["nltk.metrics.distance"].edit_distance = lambda *a, **k: 0
    if "json_repair" not in sys.modules:
        try:
            import json_repair  # noqa: F401
        except ImportError:
            jr = types.ModuleType("json_repair")
            jr.repair_json = lambda s, **k: s
            sys.modules["json_repair"] = jr
    if "dotenv" not in sys.modules:
        try:
            import dotenv  # noqa: F401
        except ImportError:
            d = types.ModuleType("dotenv")
            d.load_dotenv = lambda *a, **k: None
            sys.modules["dotenv"] = d

    import tiktoken
    import tiktoken_ext.openai_public as public
    raw = gzip.decompress(open(os.path.join(ROOT, "Sources/Tokenizer/Resources/o200k_base.tiktoken.gz"), "rb").read())
    assert hashlib.sha256(raw).hexdigest() == "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"
    ranks = {base64.b64decode(t): int(r) for t, r in (line.split() for line in raw.splitlines())}
    public.load_tiktoken_bpe = lambda *a, **k: ranks
    spec = public.o200k_base()
    enc = tiktoken.Encoding(spec["name"], pat_str=spec["pat_str"], mergeable_ranks=spec["mergeable_ranks"],
                            special_tokens=spec["special_tokens"])
    tiktoken.encoding_for_model = lambda model: enc


def run_call(memory, impls, name, arguments):
    """The agent's handling of one call: repair and parse text arguments as Mem-α does
    (json.loads(json_repair.repair_json(text))), dispatch, and map exceptions to the four error classes."""
    if isinstance(arguments, str):
        try:
            import json_repair
            arguments = json.loads(json_repair.repair_json(arguments))
        except json.JSONDecodeError as e:
            return "invalid_json", f"[tool {name} error] Invalid JSON arguments: {e}"
    try:
        result = impls[name](memory, arguments)
    except KeyError as e:
        return "missing_argument", f"[tool {name} error] Missing required argument: {e}"
    except ValueError as e:
        return "invalid_value", f"[tool {name} error] Invalid argument value: {e}"
    except Exception as e:  # noqa: BLE001 - the agent catches everything
        return "unexpected", f"[tool {name} error] Unexpected error: {e}"
    kind = "skipped" if result.get("status") == "skipped" else "ok"
    return kind, f"[tool {name} executed successfully] → {result}"


def snapshot(memory):
    def items(lst):
        return [[k, v] for d in lst for k, v in d.items()]
    return {"core": memory.core, "semantic": items(memory.semantic), "episodic": items(memory.episodic)}


def long_text(words):
    base = ["memory", "agents", "store", "facts", "about", "users", "and", "their", "travels", "in", "Orvale,",
            "Brintmoor", "or", "Caskey;", "dates", "like", "2024-01-03", "matter."]
    return " ".join(base[i % len(base)] + ("\n" if i % 37 == 36 else "") for i in range(words))


def scenarios():
    sem, epi, core = "semantic_memory", "episodic_memory", "core_memory"
    ins = lambda t, c: ("new_memory_insert", {"memory_type": t, "content": c})
    upd = lambda t, c, i=None: ("memory_update", {"memory_type": t, "new_content": c, **({"memory_id": i} if i else {})})
    dele = lambda t, i=None: ("memory_delete", {"memory_type": t, **({"memory_id": i} if i else {})})
    srch = lambda t, q, **kw: ("search_memory", {"memory_type": t, "query": q, **kw})
    return [
        ("inserts, duplicates and types", {}, [
            ins(sem, "Paris is the capital of France."), ins(sem, "Paris is the capital of France."),
            ins(epi, "Paris is the capital of France."), ins(sem, "paris is the capital of france."),
            ins(core, "not allowed"), ins("semantic", "bare type"), ins("procedural_memory", "x"),
            ("new_memory_insert", {"memory_type": sem}), ("new_memory_insert", {"content": "no type"}),
            ("new_memory_insert", {"memory_type": 5, "content": "x"}),
        ]),
        ("updates", {}, [
            ins(sem, "The user owns a red bicycle."), ins(sem, "The user lives in Orvale."),
            upd(sem, "The user owns a blue bicycle.", "0001"), upd(sem, "x", "zzzz"), upd(sem, "x"),
            upd(epi, "nothing there", "0001"), upd(core, "The user is a cartographer.", "ignored"),
            upd(core, ""), upd("core", "bare"), ("memory_update", {"memory_type": sem, "memory_id": "0001"}),
            upd(sem, "The user lives in Orvale.", "0001"),
        ]),
        ("deletes", {}, [
            ins(epi, "On 2024-01-02 the user flew to Lyon."), ins(epi, "On 2024-01-05 the user came home."),
            upd(core, "Some core text."), dele(epi, "zzzz"), dele(epi, "0001"), dele(epi),
            dele(core), dele("episodic", "0002"), dele("foo_memory", "0001"), ("memory_delete", {}),
            dele(sem, "0001"),
        ]),
        ("core truncation", {}, [
            upd(core, long_text(600)), upd(core, long_text(380)), upd(core, "  spaced   out\ttext  " * 200),
            upd(core, "<|endoftext|> " + long_text(700)), upd(core, "word" * 3000),
        ]),
        ("search", {}, [
            srch(sem, "anything"), ins(sem, "The user likes green tea."), srch(sem, "green tea"),
            srch(sem, "coffee"), ins(sem, "The user dislikes coffee."), ins(sem, "Green tea is from China."),
            srch(sem, "green tea"), srch(sem, "   "), srch(sem, "!!!"), srch(core, "tea"),
            srch("foo_memory", "tea"), srch(sem, "tea", search_method="text-embedding"),
            ("search_memory", {"memory_type": sem}), ins(epi, "???"), srch(epi, "tea"),
            srch(sem, "the user"),
        ]),
        ("disabled semantic", {"disabled": ["semantic"]}, [
            ins(sem, "x"), upd(sem, "x", "0001"), dele(sem, "0001"), srch(sem, "x"), ins(epi, "ok"),
            upd(core, "fine"),
        ]),
        ("disabled core and episodic", {"disabled": ["core", "episodic"]}, [
            upd(core, "x"), dele(core), ins(epi, "x"), srch(epi, "x"), ins(sem, "kept"),
        ]),
        ("unknown tools and raw arguments", {}, [
            ("bad_tool", {"memory_type": sem}), ("new_memory_insert", '{"memory_type": "semantic_memory", "content": "raw"}'),
            ("new_memory_insert", '{"memory_type": "semantic_memory", "content": '), ("memory_delete", "[1, 2]"),
            ("new_memory_insert", "{'memory_type': 'episodic_memory', 'content': 'single quoted',}"),
            ("new_memory_insert", "no json here"),
        ]),
        ("reprs", {}, [
            ins(sem, "It's \"quoted\""), ins(sem, "It's single"), ins(sem, "tab\there\nnewline \\ back"),
            ins(sem, "ctrl \x01 and \x7f and \u00a0 nbsp and \u200b zwsp and \u2028 ls"), ins(sem, "emoji 👩‍👩‍👧 ok"),
            srch(sem, "it s quoted single tab"),
        ]),
    ]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    checkout = os.path.abspath(sys.argv[1])
    install_stubs()
    sys.path.insert(0, checkout)
    import memory as memory_module
    import functions

    out = []
    for name, config, calls in scenarios():
        counter = {"n": 0}

        def next_id(self, counter=counter):
            counter["n"] += 1
            return f"{counter['n']:04x}"

        memory_module.Memory._generate_memory_id = next_id
        mem = memory_module.Memory(including_core=True, disabled_memory_types=config.get("disabled", []))
        steps = []
        for tool, args in calls:
            before = counter["n"]
            kind, text = run_call(mem, functions.FUNCTION_IMPLS, tool, args)
            assigned = f"{counter['n']:04x}" if counter["n"] != before else None
            interface = kind in ("ok",) or text.endswith("is not in list") or "Missing required argument" in text \
                or text.endswith("Unexpected error: ") or "division by zero" in text
            if tool == "memory_delete" and kind == "unexpected":
                interface = False
            steps.append({"tool": tool, "arguments": args, "kind": kind, "text": text, "text_is_interface": interface,
                          "assigned_id": assigned, "state": snapshot(mem), "total_length": mem.total_length()})
        out.append({"name": name, "disabled": config.get("disabled", []), "steps": steps})
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump({"generator": "Mem-alpha 9c0e1f6 memory.py + functions.py", "scenarios": out}, f,
                  ensure_ascii=False, sort_keys=True, indent=1)
        f.write("\n")
    print(f"wrote {sum(len(s['steps']) for s in out)} calls in {len(out)} scenarios to {OUT}")


if __name__ == "__main__":
    main()
