#!/usr/bin/env python3
"""Writes Tests/EvaluatorTests/Fixtures/metrics.json: answer scores computed by Mem-α's own metric code.

Usage: python3 scripts/make_metrics_fixture.py PATH/TO/Mem-alpha
(a checkout of github.com/wangyu-ustc/Mem-alpha; produced at commit 9c0e1f6 on CPython 3.11.7). Nothing from
that checkout is copied into memkit.

It imports Mem-α's `evaluate_agent_results.py` (the per-data-source rules of `_compute_score`) and
`memalpha/llm_agent/metrics.py` (normalize_answer, exact match, substring exact match, F1, parse_output). Modules
those files import but these functions do not use are stubbed: the OpenAI client, dotenv, nltk, editdistance,
tiktoken, and rouge_score (ROUGE is computed alongside but never read by the recorded metrics). The LLM-judged
sources (`lme_train`) are recorded as "judge" without calling a model.
"""
import json
import os
import sys
import types

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "EvaluatorTests", "Fixtures",
                   "metrics.json")


def stub(name, **attrs):
    module = types.ModuleType(name)
    for k, v in attrs.items():
        setattr(module, k, v)
    sys.modules[name] = module
    return module


def install_stubs():
    class Score:
        fmeasure = 0.0
        recall = 0.0
        precision = 0.0

    class RougeScorer:
        def __init__(self, types_, use_stemmer=False):
            self.rouge_types = types_

        def score(self, target=None, prediction=None, *a):
            return {t: Score() for t in self.rouge_types}

    stub("rouge_score")
    stub("rouge_score.rouge_scorer", RougeScorer=RougeScorer)
    sys.modules["rouge_score"].rouge_scorer = sys.modules["rouge_score.rouge_scorer"]
    stub("nltk", download=lambda *a, **k: None, sent_tokenize=lambda t: [t])
    stub("editdistance", eval=lambda a, b: 0)
    stub("tiktoken", encoding_for_model=lambda m: None)
    stub("openai", OpenAI=lambda *a, **k: None)
    stub("dotenv", load_dotenv=lambda *a, **k: None)


CASES = [
    # (prediction, gold answers, data_source)
    ("The capital is Paris.", ["Paris"], "squad"),
    ("the capital is paris", ["PARIS"], "squad"),
    ("<think>hmm</think> It is Lyon", ["Lyon"], "hotpotqa"),
    ("<think>still thinking", ["Lyon"], "hotpotqa"),
    ("a</think>b</think>c Lyon", ["Lyon"], "hotpotqa"),
    ("ÉCOLE Normale", ["école"], "squad"),
    ("Σοφία ΟΔΟΣ", ["οδος"], "squad"),
    ("\\boxed{3}", ["3"], "icl_trec_coarse_6600shot_balance"),
    ("The answer is \\boxed{ 3 }.", ["3"], "icl_memkit_6class"),
    ("\\boxed{'3'}", ["3"], "pubmed-rct"),
    ("3", ["3"], "pubmed-rct"),
    ("Label 3", ["3"], "pubmed-rct"),
    ("\\boxed{٣}", ["3"], "icl_nlu_8296shot_balance"),
    ("\\boxed{12}", ["12"], "icl_banking77_5900shot_balance"),
    ("\\boxed{2}", ["3"], "icl_banking77_5900shot_balance"),
    ("Mira, the lighthouse and Orvale", ["Mira, lighthouse, Orvale, compass"], "booksum"),
    ("mira LIGHTHOUSE", ["Mira", "Lighthouse", "map"], "booksum"),
    ("I went with Bob and ALICE", ["alice; bob"], "perltqa"),
    ("I went with Bob and alice", ["alice; bob"], "perltqa"),
    ("Hiking in the Alps", ["hiking"], "perltqa"),
    ("Answer: The Eiffel Tower\nmore text", ["Eiffel Tower"], "ruler_qa1_197K"),
    ("I think the an answer is: the Eiffel-Tower!", ["Eiffel Tower"], "ruler_qa2_421K"),
    ("nothing here", ["Eiffel Tower"], "ruler_qa2_421K"),
    ("first line\nAnswer: answer: Rome", ["Rome"], "longmemeval_s_-1"),
    ("apples and pears", ["apples", "pears"], "eventqa_full"),
    ("apples only", ["apples", "pears"], "eventqa_full"),
    ("\\boxed{Smith}", ["Smith"], "detectiveqa"),
    ("yes", ["no"], "ruler_qa1_197K"),
    ("The user likes tea", ["likes tea"], "lme_train"),
]

F1_PAIRS = [
    ("The quick brown fox", ["quick brown fox jumps"]),
    ("yes", ["yes"]), ("yes", ["no"]), ("noanswer", ["noanswer"]), ("a an the", ["the"]),
    ("Paris, France!", ["paris france"]), ("tea tea coffee", ["tea coffee coffee"]),
    ("", ["anything"]), ("Théâtre de l'Odéon", ["theatre de lodeon", "Théâtre de lOdéon"]),
    ("snake_case words", ["snake_case"]), ("The the THE cat", ["cat"]),
]

PARSE = ["Answer: Rome", "answer:   answer: Rome  \nnext", "no prefix here\nsecond", "  leading\n", "",
         "ANSWER:Paris", "Some text. Answer: 42 is it\nAnswer: 7", "\nstarts with newline"]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    install_stubs()
    sys.path.insert(0, os.path.abspath(sys.argv[1]))
    import evaluate_agent_results as ear
    from memalpha.llm_agent import metrics as m

    evaluator = object.__new__(ear.AgentResultsEvaluator)
    out = {"generator": "Mem-alpha 9c0e1f6 evaluate_agent_results.py + memalpha/llm_agent/metrics.py",
           "scores": [], "f1": [], "parse_output": []}
    for pred, golds, source in CASES:
        gold = golds if len(golds) > 1 else golds[0]
        if source == "lme_train":
            score = "judge"
        else:
            score = float(evaluator._compute_score(source, pred, gold, question="q"))
        out["scores"].append({"prediction": pred, "answers": golds, "data_source": source, "score": score})
    for pred, golds in F1_PAIRS:
        out["f1"].append({
            "prediction": pred, "answers": golds,
            "f1": m.drqa_metric_max_over_ground_truths(lambda x, y: m.f1_score(x, y)[0], pred, golds),
            "exact_match": float(m.drqa_metric_max_over_ground_truths(m.drqa_exact_match_score, pred, golds)),
            "substring_exact_match": float(m.drqa_metric_max_over_ground_truths(m.substring_exact_match_score, pred, golds)),
            "normalized": m.normalize_answer(pred),
        })
    for text in PARSE:
        out["parse_output"].append({"text": text, "parsed": m.parse_output(text)})
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, sort_keys=True, indent=1)
        f.write("\n")
    print(f"wrote {len(out['scores'])} scores, {len(out['f1'])} F1 cases, {len(out['parse_output'])} parses")


if __name__ == "__main__":
    main()
