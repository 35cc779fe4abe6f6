"""What an article is compared by: the numbers it states, the keys of its names, and the MinHash
signature of its body's word shingles. All of them are the same in an article's copies; the numbers and
name keys are also the same in its translation (see :mod:`.translations`)."""

from __future__ import annotations

import re
import zlib

import numpy as np

from .. import analysis

SHINGLE_WORDS = 5
PERMUTATIONS = 256
_CHUNK = 50_000  # shingles hashed at once, so a 5 MB article needs no gigabyte of hashes

# Multiply-shift hashing: ((a·x + b) mod 2**64) >> 32 for odd random a, one (a, b) per permutation,
# fixed so that every build and every process computes the same signature for the same text.
_rng = np.random.default_rng(20261202)
_A = (_rng.integers(1, 2**63, PERMUTATIONS, dtype=np.uint64) << np.uint64(1)) | np.uint64(1)
_B = _rng.integers(0, 2**63, PERMUTATIONS, dtype=np.uint64)

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# 1 000 000 and 1 000 (Russian), 1,000,000 (English), 2,5 and 2.5.
_NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,])|\d+(?:[.,]\d+)*")


def numbers(text: str) -> set[str]:
    """The numbers a text states, written one way whatever the language's separators: "1,500" and
    "1 500" are 1500, "2,5" and "2.5" are 2.5. Numbers under 10 are left out: a translation writes
    them in words as often as in figures."""
    found = set()
    for match in _NUMBER.finditer(text):
        token = re.sub(r"[ \u00a0\u202f]", "", match.group())
        parts = re.split(r"[.,]", token)
        if len(parts) == 1:
            pass
        elif all(len(p) == 3 for p in parts[1:]) and len(parts[0]) <= 3:
            token = "".join(parts)  # thousands separators
        elif len(parts) == 2:
            token = f"{parts[0]}.{parts[1]}"  # a decimal point or comma
        else:
            continue  # a version, a phone number, a date written with dots
        try:
            value = float(token)
        except ValueError:
            continue
        if value >= 10 or "." in token:
            found.add(token.lstrip("0") or "0")
    return found


def name_keys(names_text: str) -> set[str]:
    """Script-independent keys of the name words of an article (:func:`searchapp.analysis.name_keys`)."""
    return {key for word in _WORD.findall(names_text) for key in analysis.name_keys(word)}


def shingles(text: str) -> np.ndarray:
    """The distinct hashes of a text's runs of SHINGLE_WORDS folded words (fewer for a shorter text)."""
    words = _WORD.findall(analysis.fold(text))
    if not words:
        return np.zeros(0, dtype=np.uint64)
    size = min(SHINGLE_WORDS, len(words))
    hashes = {zlib.crc32(" ".join(words[i:i + size]).encode("utf-8")) for i in range(len(words) - size + 1)}
    return np.fromiter(hashes, dtype=np.uint64, count=len(hashes))


def signature(hashes: np.ndarray) -> np.ndarray | None:
    """The MinHash signature of a text's shingles (PERMUTATIONS 32-bit values), None for a text without
    words. The share of positions where two signatures agree estimates the Jaccard similarity of the
    two shingle sets."""
    if not len(hashes):
        return None
    result = np.full(PERMUTATIONS, np.iinfo(np.uint64).max, dtype=np.uint64)
    for start in range(0, len(hashes), _CHUNK):
        chunk = hashes[start:start + _CHUNK]
        permuted = (_A[:, None] * chunk[None, :] + _B[:, None]) >> np.uint64(32)
        result = np.minimum(result, permuted.min(axis=1))
    return result.astype(np.uint32)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The estimated Jaccard similarity of two signatures' shingle sets."""
    return float(np.count_nonzero(a == b)) / len(a)


def containment(jaccard: float, size_a: int, size_b: int) -> float:
    """The estimated share of the smaller shingle set that is in the larger one, from their Jaccard
    similarity and sizes: |A∩B| = J·(|A|+|B|)/(1+J). A copy with a paragraph added or cut, or one
    that a later version extends, keeps most of its shingles in the other, however different in size."""
    if not size_a or not size_b:
        return 0.0
    return min(1.0, jaccard * (size_a + size_b) / ((1 + jaccard) * min(size_a, size_b)))
