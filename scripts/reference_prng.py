#!/usr/bin/env python3
"""Reference outputs of memkit's SeededRandom, from a direct transcription of the published algorithms
(SplitMix64 and xoshiro256** by Blackman and Vigna), used as the expected values in
Tests/DatasetBuilderTests/SeededRandomTests.swift. Pure Python 3.11; no packages.

Usage: python3 scripts/reference_prng.py
"""
M = (1 << 64) - 1


def splitmix64(state):
    state = (state + 0x9E3779B97F4A7C15) & M
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
    return state, z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M


class Xoshiro:
    def __init__(self, seed):
        self.s = []
        st = seed
        for _ in range(4):
            st, v = splitmix64(st)
            self.s.append(v)

    def next(self):
        s = self.s
        result = (rotl((s[1] * 5) & M, 7) * 9) & M
        t = (s[1] << 17) & M
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result


if __name__ == "__main__":
    st = 1234567
    out = []
    for _ in range(5):
        st, v = splitmix64(st)
        out.append(v)
    print("splitmix64(1234567):", out)
    for seed in (0, 42):
        x = Xoshiro(seed)
        print(f"xoshiro256**(seed {seed}):", [x.next() for _ in range(5)])
