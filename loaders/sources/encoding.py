"""Bytes to text for Russian news: BOMs, strict UTF-8, then cp1251/KOI8-R chosen by plausibility.

charset-normalizer proposes candidates; a Cyrillic-plausibility score picks among them, because
cp1251 and KOI8-R both decode any byte string and only the letters tell which one was meant.
"""

from __future__ import annotations

import codecs
import math
import re
from collections import Counter

from charset_normalizer import from_bytes

from graph.errors import ClusterKGError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CYRILLIC_FALLBACKS = ("cp1251", "koi8_r", "cp866", "iso8859_5")
# Letter frequencies of Russian prose (per cent): a right decoding has letters distributed like this.
_RUSSIAN_FREQUENCY = dict(zip(
    "оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё",
    (10.97, 8.45, 8.01, 7.35, 6.70, 6.26, 5.47, 4.73, 4.54, 4.40, 3.49, 3.21, 2.98, 2.81, 2.62, 2.01,
     1.90, 1.74, 1.70, 1.65, 1.59, 1.44, 1.21, 0.97, 0.94, 0.73, 0.64, 0.48, 0.36, 0.32, 0.26, 0.04, 0.04),
))
_REFERENCE_NORM = math.sqrt(sum(v * v for v in _RUSSIAN_FREQUENCY.values()))
# A symbol between two letters ("ћикран", "“”—”–") is the mark of a wrong single-byte code page.
_SYMBOL_IN_WORD = re.compile(r"(?<=[^\W\d_])[^\w\s\-'’.,](?=[^\W\d_])")
# Cyrillic letters of other languages: in a Russian text they betray a wrong code page.
_NOT_RUSSIAN = set("ђѓєѕіїјљњћќўџґЂЃЄЅІЇЈЉЊЋЌЎЏҐ")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class UndecodableText(ClusterKGError, ValueError):
    """The bytes are not text in any encoding we accept."""


def cyrillic_plausibility(text: str) -> float:
    """Score in [0, 1]: how much ``text`` looks like Russian prose (letter frequencies, case, symbols).

    >>> cyrillic_plausibility("Томский кластер электроники и беспилотных технологий") > 0.8
    True
    >>> cyrillic_plausibility("Ьшъ№рэ ш вгбга яюфяшёрыш ёюуырјхэшх.") < 0.7
    True
    """
    letters = [c for c in text if c.isalpha()]
    cyrillic = [c for c in letters if "\u0400" <= c <= "\u04ff"]
    if not cyrillic:
        return 0.0
    counts = Counter(c.lower() for c in cyrillic)
    dot = sum(counts[c] * f for c, f in _RUSSIAN_FREQUENCY.items())
    norm = math.sqrt(sum(v * v for v in counts.values()))
    similarity = dot / (norm * _REFERENCE_NORM) if norm else 0.0
    lower = sum(1 for c in cyrillic if c.islower()) / len(cyrillic)
    share = len(cyrillic) / len(letters)
    odd = len(_SYMBOL_IN_WORD.findall(text)) + sum(
        1 for c in text if "\u2500" <= c <= "\u259f" or c in _NOT_RUSSIAN or c in "“”„"
    )
    return max(0.0, 0.6 * similarity + 0.2 * lower + 0.2 * share - 5.0 * odd / max(len(letters), 1))


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``; raise UndecodableText for binary junk."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _strict(data, encoding)
            if text is not None:
                return _checked(text, encoding)
    text = _strict(data, "utf-8")
    if text is not None:
        return _checked(text, "utf-8")
    candidates: list[str] = []
    if declared:
        candidates.append(declared)
    sample = data[:200_000]
    best = from_bytes(sample).best()
    if best is not None:
        candidates.append(best.encoding)
    candidates.extend(_CYRILLIC_FALLBACKS)
    scored: list[tuple[float, int, str, str]] = []
    for rank, encoding in enumerate(dict.fromkeys(candidates)):
        decoded = _strict(data, encoding)
        if decoded is None:
            continue
        score = cyrillic_plausibility(decoded[:200_000])
        if encoding == declared and score > 0.6:
            score += 0.1  # a plausible declared charset wins ties
        scored.append((score, -rank, encoding, decoded))
    if not scored:
        raise UndecodableText("not text in any known encoding")
    score, _, encoding, decoded = max(scored)
    if score == 0.0 and best is not None:
        decoded = _strict(data, best.encoding) or decoded
        encoding = best.encoding
    return _checked(decoded, encoding)


def _checked(text: str, encoding: str) -> tuple[str, str]:
    if text and len(_CONTROL.findall(text[:20_000])) > max(8, len(text[:20_000]) // 100):
        raise UndecodableText(f"control characters everywhere after decoding as {encoding}: not text")
    return text, encoding
