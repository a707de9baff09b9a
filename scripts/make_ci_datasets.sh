#!/usr/bin/env bash
# Regenerates the small canonical datasets in datasets/ci/ (each well under 1 MB) that CI validates and that the
# regression gate scores. Every file is deterministic: the test suite regenerates each one and compares bytes,
# so a change to the generator that changes them must come with regenerated files in the same commit.
# Usage: scripts/make_ci_datasets.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product mkdataset >/dev/null
bin=.build/release/mkdataset
mkdir -p datasets/ci
for pattern in $($bin patterns | cut -f1); do
    $bin --pattern "$pattern" --tokens 8k --count 2 --seed 20261125 -o "datasets/ci/$pattern-8k.jsonl.gz" 2>/dev/null
done
$bin --pattern ar-doc --lengths 4k,8k,16k --count 1 --seed 20261125 -o datasets/ci/ar-doc-sweep.jsonl.gz 2>/dev/null
for f in datasets/ci/*.jsonl.gz; do $bin validate "$f"; done
ls -l datasets/ci
