"""o200k_base token counts for the interop scripts, exactly as memkit counts them.

tiktoken (pinned in requirements.txt) is built from the vocabulary that ships inside memkit
(Sources/Tokenizer/Resources/o200k_base.tiktoken.gz, SHA-256 checked), so nothing is downloaded.
"""
import base64
import gzip
import hashlib
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
VOCAB = os.path.join(ROOT, "Sources", "Tokenizer", "Resources", "o200k_base.tiktoken.gz")
SHA256 = "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"
_encoding = None


def encoding():
    global _encoding
    if _encoding is None:
        import tiktoken
        import tiktoken_ext.openai_public as public
        raw = gzip.decompress(open(VOCAB, "rb").read())
        if hashlib.sha256(raw).hexdigest() != SHA256:
            raise SystemExit(f"{VOCAB}: unexpected SHA-256")
        ranks = {base64.b64decode(t): int(r) for t, r in (line.split() for line in raw.splitlines())}
        original = public.load_tiktoken_bpe
        public.load_tiktoken_bpe = lambda *a, **k: ranks
        try:
            spec = public.o200k_base()
        finally:
            public.load_tiktoken_bpe = original
        _encoding = tiktoken.Encoding(spec["name"], pat_str=spec["pat_str"], mergeable_ranks=spec["mergeable_ranks"],
                                      special_tokens=spec["special_tokens"])
    return _encoding


def count(text):
    """Tokens of `text` with special-token text counted as ordinary text (memkit's Encoding.count)."""
    return len(encoding().encode_ordinary(text))
