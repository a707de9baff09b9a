#!/usr/bin/env bash
# Renders an evalmem HTML report to PNG with headless Chromium (Debian package `chromium`), to check that it reads
# well in a browser. Without chromium it says so and exits 0.
#   scripts/render_report.sh REPORT.html OUT.png [WIDTH] [HEIGHT]
set -euo pipefail
report=${1:?usage: render_report.sh REPORT.html OUT.png [WIDTH] [HEIGHT]}
png=${2:?usage: render_report.sh REPORT.html OUT.png [WIDTH] [HEIGHT]}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
    echo "render_report: chromium is not installed; skipping the screenshot (apt-get install chromium)"
    exit 0
fi
abs=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --window-size="${3:-1000},${4:-2600}" --screenshot="$png" "file://$abs" >/dev/null 2>&1
test -s "$png" || { echo "render_report: chromium wrote no image" >&2; exit 1; }
if python3 -c "import sys" 2>/dev/null; then
    # A blank page would be one colour: require some variety in the pixels.
    python3 - "$png" <<'PY'
import sys, zlib, struct
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat = 8, b""
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    if kind == b"IDAT":
        idat += data[pos + 8:pos + 8 + n]
    pos += 12 + n
raw = zlib.decompress(idat)
distinct = len(set(raw[i:i + 3] for i in range(0, min(len(raw), 3_000_000), 3)))
assert distinct > 20, f"the page looks blank ({distinct} distinct pixel values)"
print(f"render_report: {sys.argv[1]} rendered, {len(data)} bytes, {distinct} distinct pixel values")
PY
fi
