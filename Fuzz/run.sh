#!/usr/bin/env bash
# Builds the libFuzzer targets (address sanitizer) and runs each until RUNS executions or SECONDS, whichever comes
# first, starting from the committed corpus (Fuzz/Corpus/<target>, copied; new inputs stay in the work folder).
# Crashing inputs are saved under Fuzz/artifacts/<target>/ and make the script exit 1.
# Release build (optimised) with the address sanitizer.
# Usage: Fuzz/run.sh [SECONDS] [RUNS] [TARGET…]     defaults: 1800 s, 10,000,000 runs, every target
set -uo pipefail
cd "$(dirname "$0")"
seconds=${1:-1800}
runs=${2:-10000000}
shift 2 2>/dev/null || shift $#
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz-json fuzz-jsonl fuzz-instance fuzz-transcript fuzz-memory fuzz-tokenizer)
swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library >/dev/null || exit 2
bin=$(swift build -c release --show-bin-path)
status=0
for t in "${targets[@]}"; do
    work=$(mktemp -d)
    cp -r "Corpus/$t" "$work/corpus"
    mkdir -p "artifacts/$t"
    "$bin/$t" "$work/corpus" -runs="$runs" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 \
        -print_final_stats=1 -artifact_prefix="artifacts/$t/" >"$work/log" 2>&1
    rc=$?
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/log" | grep -o '[0-9]*$')
    rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$work/log" | grep -o '[0-9]*$')
    time=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$work/log" | grep -o 'in [0-9]*' | grep -o '[0-9]*')
    if [ $rc -ne 0 ]; then
        status=1
        echo "$t: FAILED after ${execs:-?} executions (exit $rc); see artifacts/$t/"
        grep -E "property violated|ERROR|Fatal error" "$work/log" | head -3
        cp "$work/log" "artifacts/$t/log"
    else
        echo "$t: ${execs:-?} executions, 0 crashes (${rate:-?}/s, ${time:-?} s)"
    fi
    rm -rf "$work"
done
exit $status
