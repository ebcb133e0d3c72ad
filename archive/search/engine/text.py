"""Text normalisation shared by indexing, querying and highlighting.

`normalize` maps every character to exactly one character, so an offset in the
normalised text is the same offset in the original: highlights found on the
normalised text can be cut out of the printed text as it is. It folds full-width
forms to ASCII, upper to lower case, and traditional characters to simplified
(劉越高 → 刘越高), on both the index side and the query side.

Traditional characters are converted phrase by phrase where OpenCC's phrase table says
a character reads differently inside a phrase (瞭解 → 了解, 反覆 → 反复: alone, 瞭 and
覆 stay as they are), and character by character elsewhere. Only phrases whose
conversion keeps their length are used, so the one-for-one rule holds.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import numpy as np
import opencc

_DICTIONARIES = Path(opencc.__file__).resolve().parent / "dictionary"


def _opencc_table(name: str) -> list[tuple[str, str]]:
    """(source, first choice) pairs of one of OpenCC's dictionary files."""
    pairs = []
    for line in (_DICTIONARIES / name).read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        target = targets.split(" ")[0] if targets else ""
        if source and target:
            pairs.append((source, target))
    return pairs


def _build_table() -> dict[int, str]:
    """One character → one character: traditional → simplified, full-width → ASCII, lower case."""
    table = {ord(s): t for s, t in _opencc_table("TSCharacters.txt") if len(s) == 1 and len(t) == 1}
    # Full-width ASCII variants (Ａ１，！…) → ASCII; the ideographic space → space.
    for code in range(0xFF01, 0xFF5F):
        table[code] = chr(code - 0xFEE0)
    table[0x3000] = " "
    # Lower case, where it keeps one character for one.
    for code in range(0x41, 0x5B):
        table[code] = chr(code + 32)
    for code, target in list(table.items()):
        lowered = target.lower()
        if len(lowered) == 1:
            table[code] = lowered
    return table


_TABLE = _build_table()
# The same table as an array of code points, for every character up to the last one it changes:
# one numpy lookup over the text's UTF-32 code points in place of str.translate, which looks
# each non-ASCII character up in the dict one at a time (several times slower on a page of text).
_CODES = np.arange(max(_TABLE) + 1, dtype=np.uint32)
for _code, _target in _TABLE.items():
    _CODES[_code] = ord(_target)


_SHORT = 200  # below this many characters str.translate is the quicker of the two


def _translate(text: str) -> str:
    """text.translate(_TABLE), for text that is not ASCII."""
    if len(text) < _SHORT:
        return text.translate(_TABLE)
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    inside = codes < len(_CODES)
    if inside.all():
        codes = _CODES[codes]
    else:
        codes = np.where(inside, _CODES[np.minimum(codes, len(_CODES) - 1)], codes)
    return codes.astype("<u4").tobytes().decode("utf-32-le", "surrogatepass")


def _build_phrases() -> dict[str, dict[tuple[int, int], dict[str, str]]]:
    """The phrase conversions the character table gets wrong, keyed for a scan of converted text.

    A phrase is looked up by its character-converted form (so traditional, simplified and
    mixed spellings of it all convert). Each is filed under the converted character that
    the phrase changes ("trigger"), with that character's offset in the phrase and the
    phrase's length: text[i - offset : i - offset + length] is looked up where a trigger is.
    """
    phrases: dict[str, dict[tuple[int, int], dict[str, str]]] = {}
    for source, target in _opencc_table("TSPhrases.txt"):
        if len(source) != len(target) or len(source) < 2:
            continue
        converted = source.translate(_TABLE)
        target = target.translate(_TABLE)
        if converted == target:
            continue
        for offset, (a, b) in enumerate(zip(converted, target, strict=True)):
            if a != b:
                phrases.setdefault(a, {}).setdefault((offset, len(converted)), {})[converted] = target
                break
    return phrases


_PHRASES = _build_phrases()
_TRIGGERS = re.compile("[" + re.escape("".join(_PHRASES)) + "]") if _PHRASES else None


def _convert_phrases(text: str) -> str:
    """Apply the phrase conversions to character-converted text (same length in, same length out)."""
    if _TRIGGERS is None or not _TRIGGERS.search(text):
        return text
    chars = None
    for m in _TRIGGERS.finditer(text):
        i = m.start()
        for (offset, length), table in _PHRASES[m.group()].items():
            start = i - offset
            if start < 0:
                continue
            target = table.get(text[start : start + length])
            if target is not None:
                if chars is None:
                    chars = list(text)
                chars[start : start + length] = target
                break
    return "".join(chars) if chars is not None else text


@lru_cache(maxsize=4096)
def _fold_other(char: str) -> str:
    """Characters the table does not cover: NFKC and lower case when that stays one character."""
    folded = unicodedata.normalize("NFKC", char).lower()
    return folded if len(folded) == 1 else char


# Characters that need no folding beyond the table: ASCII, CJK ideographs, CJK punctuation,
# general punctuation. Anything else (accented Latin, compatibility forms) goes through NFKC.
_PLAIN = re.compile(r"[^\x00-\x7f\u4e00-\u9fff\u3000-\u303f\u2000-\u206f\uff00-\uffef]")


def normalize(text: str) -> str:
    """Fold `text` for matching; len(normalize(t)) == len(t) always."""
    if text.isascii():
        return text.translate(_TABLE).lower()
    text = _PLAIN.sub(lambda m: _fold_other(m.group()), _translate(text))
    return _convert_phrases(text)
