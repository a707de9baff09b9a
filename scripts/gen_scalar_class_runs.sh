#!/usr/bin/env bash
# Regenerates Sources/Tokenizer/ScalarClassRuns.swift: the pre-tokenizers' character classes below U+40000 as
# runs, computed from the Swift standard library's Unicode properties (ScalarClass.compute). Produced with
# Swift 6.3.1 on Debian 12; `ScalarClassTests` fails when the committed runs and the toolchain's disagree.
set -euo pipefail
cd "$(dirname "$0")/.."
out=Sources/Tokenizer/ScalarClassRuns.swift
# A placeholder lets the benchmark tool build when the file is missing.
[ -f "$out" ] || printf 'extension ScalarClass {\n    static let runs: [UInt32] = [0]\n}\n' > "$out"
swift build -c release --product memkit-bench >/dev/null
tmp=$(mktemp)
.build/release/memkit-bench scalar-class-runs - > "$tmp"
mv "$tmp" "$out"
echo "wrote $out ($(grep -c 0x "$out") lines)"
