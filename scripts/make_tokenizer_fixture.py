#!/usr/bin/env python3
"""Writes Tests/TokenizerTests/Fixtures/parity.jsonl.gz: texts with the token ids that tiktoken gives them.

Produced with tiktoken 0.14.0 (`encode_ordinary`, which treats special-token text as ordinary text) on
CPython 3.11.7. tiktoken is built offline from the vocabulary files bundled in Sources/Tokenizer/Resources/
(the same bytes as OpenAI's published files; their SHA-256 is checked) with the pattern and special tokens of
the installed `tiktoken_ext.openai_public`, so nothing is downloaded.

Each line: {"kind": str, "text": str, "o200k_base": [ids], "cl100k_base": [ids]}.
Content (about 5.5 MB of text): English prose (Python's pydoc topics and the system's license texts), source
code (Python standard library and C headers), numbers and dates, whitespace runs (spaces, tabs, newlines, CRLF,
Unicode spaces), contractions in both cases, CJK, Arabic with harakat, Devanagari with combining marks, emoji ZWJ
sequences, mixed-script words, and 10,000 random strings of assigned Unicode 14 scalars. Random parts use a
fixed seed.

Usage: pip install tiktoken==0.14.0 && python3 scripts/make_tokenizer_fixture.py
"""
import glob
import gzip
import hashlib
import json
import os
import random
import sys
import unicodedata

import tiktoken
import tiktoken_ext.openai_public as public
import tiktoken.load

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
RES = os.path.join(ROOT, "Sources", "Tokenizer", "Resources")
OUT = os.path.join(ROOT, "Tests", "TokenizerTests", "Fixtures", "parity.jsonl.gz")
HASHES = {
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
}


def offline_encoding(name):
    raw = gzip.decompress(open(os.path.join(RES, name + ".tiktoken.gz"), "rb").read())
    assert hashlib.sha256(raw).hexdigest() == HASHES[name], name
    ranks = {}
    for line in raw.splitlines():
        token, rank = line.split()
        import base64
        ranks[base64.b64decode(token)] = int(rank)
    original = tiktoken.load.load_tiktoken_bpe
    public.load_tiktoken_bpe = lambda *a, **k: ranks
    try:
        spec = getattr(public, name)()
    finally:
        public.load_tiktoken_bpe = original
    return tiktoken.Encoding(spec["name"], pat_str=spec["pat_str"], mergeable_ranks=spec["mergeable_ranks"],
                             special_tokens=spec["special_tokens"])


def chunks(text, size=16000):
    for i in range(0, len(text), size):
        yield text[i:i + size]


def prose():
    import pydoc_data.topics as topics
    parts = [topics.topics[k] for k in sorted(topics.topics)]
    for path in sorted(glob.glob("/usr/share/common-licenses/*")):
        if os.path.isfile(path):
            parts.append(open(path, encoding="utf-8", errors="replace").read())
    return "\n\n".join(parts)[:1_600_000]


def code():
    lib = os.path.dirname(os.__file__)
    files = sorted(glob.glob(os.path.join(lib, "*.py")))[:120]
    text = "".join(open(f, encoding="utf-8", errors="replace").read() for f in files)[:1_100_000]
    headers = sorted(glob.glob("/usr/include/*.h"))[:80]
    text += "".join(open(f, encoding="utf-8", errors="replace").read() for f in headers)[:400_000]
    return text


def numbers(rng):
    out = []
    for _ in range(30000):
        k = rng.randrange(8)
        if k == 0:
            out.append(str(rng.randrange(10 ** rng.randrange(1, 15))))
        elif k == 1:
            out.append(f"{rng.randrange(1900, 2100)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}")
        elif k == 2:
            out.append(f"{rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}")
        elif k == 3:
            out.append(f"{rng.uniform(-1e6, 1e6):.{rng.randrange(0, 8)}f}")
        elif k == 4:
            out.append(f"{rng.randrange(1000):,}".replace(",", rng.choice([",", ".", " "])) + rng.choice(["%", "$", "€", ""]))
        elif k == 5:
            out.append(f"+1 ({rng.randrange(100, 999)}) {rng.randrange(100, 999)}-{rng.randrange(1000, 9999)}")
        elif k == 6:
            out.append(f"v{rng.randrange(10)}.{rng.randrange(30)}.{rng.randrange(100)}")
        else:
            out.append(rng.choice(["١٢٣", "४५६", "৭৮", "²³", "½", "Ⅻ", "①②", "１２３"]) + str(rng.randrange(100)))
        out.append(rng.choice([" ", ", ", "\n", "; ", "/", "-"]))
    return "".join(out)


def whitespace(rng):
    spaces = [" ", "  ", "   ", "\t", "\t\t", "\n", "\n\n", "\r\n", "\r\n\r\n", " \n", "\n ", "\u00a0", "\u3000",
              "\u2003", "\u2028", "\u0085", " \t \n", "\r", "\x0b", "\x0c", "        "]
    words = ["alpha", "Beta", "GAMMA", "x", "42", "!", "é", "中文", "--", "def", "(", ")"]
    out = []
    for _ in range(25000):
        out.append(rng.choice(words))
        out.append(rng.choice(spaces) * rng.choice([1, 1, 1, 2, 5]))
    return "".join(out)


def contractions(rng):
    subjects = ["I", "you", "we", "they", "she", "he", "it", "THEY", "We", "YOU", "ſhe"]
    tails = ["'s", "'S", "'t", "'T", "'re", "'RE", "'Re", "'ve", "'VE", "'m", "'M", "'ll", "'LL", "'Ll", "'d", "'D",
             "'ſ", "'x", "'", "''", "’s", "'sam", "'tis", "'LLama"]
    out = []
    for _ in range(20000):
        out.append(rng.choice(subjects) + rng.choice(tails) + rng.choice([" ", "\n", ". ", "! ", " 'quoted' "]))
    out.append("don't DON'T Don'T can't I'm I'M you're YOU'RE we've WE'VE they'll THEY'LL he'd HE'D ")
    return "".join(out)


def script_text(rng, letters, marks=(), space=" ", punct=("。", "、", ".", ",", "!", "?", "\n")):
    out = []
    for _ in range(60000):
        word = []
        for _ in range(rng.randrange(1, 7)):
            word.append(rng.choice(letters))
            if marks and rng.random() < 0.5:
                word.append(rng.choice(marks))
        out.append("".join(word))
        out.append(space if rng.random() < 0.85 else rng.choice(punct))
    return "".join(out)


def cjk(rng):
    han = [chr(c) for c in range(0x4E00, 0x9FA5, 7)]
    kana = [chr(c) for c in range(0x3041, 0x3097)] + [chr(c) for c in range(0x30A1, 0x30FB)]
    hangul = [chr(c) for c in range(0xAC00, 0xD7A4, 13)]
    return script_text(rng, han + kana + hangul, space="", punct=("。", "、", "！", "？", "「", "」", " ", "\n"))


def arabic(rng):
    letters = [chr(c) for c in range(0x0621, 0x064B)]
    harakat = [chr(c) for c in range(0x064B, 0x0653)]
    return script_text(rng, letters, harakat, punct=("،", ".", "؟", "\n", "٣"))


def devanagari(rng):
    consonants = [chr(c) for c in range(0x0915, 0x093A)]
    signs = [chr(c) for c in list(range(0x093E, 0x094E)) + [0x0901, 0x0902, 0x0903, 0x093C]]
    return script_text(rng, consonants, signs, punct=("।", ",", "?", "\n", "॥"))


def emoji(rng):
    zwj = ["👩‍👩‍👧‍👦", "👨‍💻", "🏳️‍🌈", "🧑🏽‍🚀", "👁️‍🗨️", "❤️‍🔥", "🐻‍❄️", "👩🏻‍❤️‍💋‍👨🏼", "🇫🇷", "🇯🇵", "✌🏿", "1️⃣", "#️⃣",
           "😀", "🙂", "🎉", "🚀"]
    out = []
    for _ in range(12000):
        out.append(rng.choice(zwj) * rng.choice([1, 1, 2]))
        out.append(rng.choice([" ", "", "\n", " ok ", "!"]))
    return "".join(out)


def mixed(rng):
    parts = ["abc", "Δέλτα", "Москва", "東京", "café", "naïve", "ABCdef", "xYz", "ǅemal", "ᾈ", "ﬁne", "İstanbul",
             "ß", "ʰʲ", "Ⅻ", "٣", "ğ", "Ǆ", "ſ", "k̈", "e\u0301", "\u0301x", "ⓐ", "𝐀𝐁𝐂", "𐐀𐐨", "ꝏ"]
    out = []
    for _ in range(20000):
        out.append("".join(rng.choice(parts) for _ in range(rng.randrange(1, 4))))
        out.append(rng.choice([" ", "-", "_", "'s ", "\n", ". "]))
    return "".join(out)


def random_strings(rng, count):
    assigned = [c for c in range(0x110000)
                if unicodedata.category(chr(c)) not in ("Cn", "Cs", "Co")]
    ascii_pool = [chr(c) for c in range(0x20, 0x7F)] + ["\n", "\t", "\r", "\r\n", "  "]
    special = ["ſ", "'", "'s", "'LL", "\u0301", "\u200d", "\u00a0", "\u3000", "ǅ", "ʰ", "中", "Ａ", "１", "\x00", "/"]
    out = []
    for _ in range(count):
        n = rng.randrange(1, 40)
        s = []
        for _ in range(n):
            r = rng.random()
            if r < 0.4:
                s.append(rng.choice(ascii_pool))
            elif r < 0.6:
                s.append(rng.choice(special))
            else:
                s.append(chr(rng.choice(assigned)))
        out.append("".join(s))
    return out


def main():
    print(f"tiktoken {tiktoken.__version__}, python {sys.version.split()[0]}, unicode {unicodedata.unidata_version}")
    encodings = {name: offline_encoding(name) for name in HASHES}
    assert encodings["o200k_base"].encode_ordinary("hello world") == [24912, 2375]
    rng = random.Random(20261125)
    sections = [("prose", prose()), ("code", code()), ("numbers", numbers(rng)), ("whitespace", whitespace(rng)),
                ("contractions", contractions(rng)), ("cjk", cjk(rng)), ("arabic", arabic(rng)),
                ("devanagari", devanagari(rng)), ("emoji", emoji(rng)), ("mixed", mixed(rng))]
    records = []
    total = 0
    for kind, text in sections:
        total += len(text.encode("utf-8"))
        for part in chunks(text):
            records.append((kind, part))
    for s in random_strings(rng, 10000):
        records.append(("random", s))
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    tmp = OUT + ".tmp"
    with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=9) as f:
        for kind, text in records:
            row = {"kind": kind, "text": text}
            for name, enc in encodings.items():
                row[name] = enc.encode_ordinary(text)
            f.write(json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n")
    os.replace(tmp, OUT)
    print(f"wrote {len(records)} records, {total} bytes of section text, {os.path.getsize(OUT)} bytes gzip")


if __name__ == "__main__":
    main()
