#!/usr/bin/env python3
"""Compares the replay benchmark of two memkit-bench builds, pass by pass.

usage: scripts/bench/ab.py BENCH_A[@MODE] BENCH_B[@MODE] [ROUNDS] [texts=invented|prose]

MODE is `serial` (the default: Memory.execute call by call) or `pipelined` (a CallPipeline, texts analysed ahead
on a second thread); the same binary may be given twice with two modes. `texts=prose` replays sentences of
mkdataset's instances instead of the invented words (see `memkit-bench replay`).

On a shared machine the speed of one run can move by 1.5x within minutes, so two builds timed one after the
other compare the machine's states as much as the code. Here both builds run as servers (`memkit-bench
replay-serve`), and each round times one replay pass (a fresh memory, 14,000 calls) of each, in alternating order,
seconds apart. Printed: each build's best and median pass, the median of the per-round ratios B/A, and how many
rounds each build won. The size checksums of the two builds must agree (the same results).
"""
import statistics
import subprocess
import sys


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    bins = sys.argv[1:3]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    texts = [a.split("=", 1)[1] for a in sys.argv[4:] if a.startswith("texts=")] or ["invented"]
    procs = [subprocess.Popen([b.split("@")[0], "replay-serve", (b.split("@") + ["serial"])[1], texts[0]],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
             for b in bins]

    def one(k):
        procs[k].stdin.write("\n")
        procs[k].stdin.flush()
        seconds, checksum = procs[k].stdout.readline().split()
        return float(seconds), checksum

    for k in (0, 1):  # warm-up: vocabulary and code paged in
        one(k)
    times = [[], []]
    sums = set()
    for r in range(rounds):
        for k in ((0, 1) if r % 2 == 0 else (1, 0)):
            t, c = one(k)
            times[k].append(t)
            sums.add((k, c))
    for p in procs:
        p.stdin.close()
        p.wait()
    ratios = [b / a for a, b in zip(*times)]
    wins_b = sum(1 for x in ratios if x < 1)
    for k, name in enumerate(("A", "B")):
        print(f"{name} {bins[k]}: best {min(times[k]):.4f} s ({14000 / min(times[k]):,.0f} calls/s), "
              f"median {statistics.median(times[k]):.4f} s")
    print(f"B/A per round: median {statistics.median(ratios):.3f}, "
          f"range {min(ratios):.2f}-{max(ratios):.2f}; B faster in {wins_b} of {rounds} rounds")
    checks = {c for _, c in sums}
    print("size checksums agree" if len(checks) == 1 else f"size checksums DIFFER: {sorted(sums)}")


if __name__ == "__main__":
    main()
