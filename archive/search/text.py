"""Text normalisation shared by indexing, querying and highlighting.

`normalize` maps every character to exactly one character, so an offset in the
normalised text is the same offset in the original: highlights found on the
normalised text can be cut out of the printed text as it is. It folds full-width
forms to ASCII, upper to lower case, and traditional characters to simplified
(劉越高 → 刘越高), on both the index side and the query side.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import opencc


def _t2s_table() -> dict[int, str]:
    """Traditional → simplified, character by character (OpenCC's TSCharacters, first choice)."""
    path = Path(opencc.__file__).resolve().parent / "dictionary" / "TSCharacters.txt"
    table: dict[int, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        target = targets.split(" ")[0] if targets else ""
        if len(source) == 1 and len(target) == 1:
            table[ord(source)] = target
    return table


def _build_table() -> dict[int, str]:
    table = _t2s_table()
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
    text = text.translate(_TABLE).lower() if text.isascii() else text.translate(_TABLE)
    return _PLAIN.sub(lambda m: _fold_other(m.group()), text)


def to_simplified(text: str) -> str:
    """Traditional characters → simplified, nothing else changed."""
    return text.translate(_t2s_only())


@lru_cache(maxsize=1)
def _t2s_only() -> dict[int, str]:
    return _t2s_table()
