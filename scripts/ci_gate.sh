#!/usr/bin/env bash
# The project's own regression gate: scores the baselines on every dataset in datasets/ci/ (one run) and the
# committed Mem-α reference transcript (a second run), stores both in a fresh score store, and compares each with
# its committed expectations (datasets/ci/expected-*.json). Exit 1 on any fall beyond the tolerance.
#
#   scripts/ci_gate.sh            check
#   scripts/ci_gate.sh --update   rewrite the expectations (commit them with the reason for the change)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product evalmem >/dev/null
bin=$(swift build --show-bin-path)/evalmem
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db="$work/ci.sqlite"

# All CI datasets as one (instance ids are unique across them).
cat datasets/ci/*.jsonl.gz > "$work/all.jsonl.gz"
"$bin" --dataset "$work/all.jsonl.gz" --window 4k --db "$db" --run-name ci-baselines >/dev/null
"$bin" datasets/ci/reference/memalpha.transcript.jsonl --baselines none --db "$db" --run-name ci-memalpha >/dev/null

status=0
for run in baselines memalpha; do
    expected="datasets/ci/expected-$run.json"
    if [ "${1:-}" = "--update" ]; then
        "$bin" export --db "$db" --format expected --run "ci-$run" -o "$expected"
        echo "ci gate: wrote $expected"
    else
        echo "ci gate: ci-$run against $expected"
        "$bin" compare --db "$db" --baseline "$expected" --candidate "ci-$run" --tolerance 0.01 || status=1
    fi
done
exit $status
