"""Stable article identifiers: short random ids that never change once issued.

A permalink must survive every correction (split, merge, move, re-load), so it is not
derived from anything a correction can change. The alphabet leaves out look-alike
characters (0/o, 1/l/i) so an id read aloud or copied by hand stays right.
Pure Python: the model uses `new_uid` as a field default, so every way of creating an
article (save, bulk_create, the loader, a split) gets one.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
# 31**10 ≈ 8e14 ids: among a million articles the chance of any two alike is under 1 in 1,000,
# and the unique constraint refuses the rare one rather than letting two articles share it.
UID_LENGTH = 10
UID_PATTERN = f"[{ALPHABET}]{{{UID_LENGTH}}}"
_UID_RE = re.compile(f"^{UID_PATTERN}$")


def new_uid() -> str:
    """One random number below 31**10 written in the alphabet (one draw, not one per character)."""
    number = secrets.randbelow(len(ALPHABET) ** UID_LENGTH)
    chars = []
    for _ in range(UID_LENGTH):
        number, digit = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[digit])
    return "".join(chars)


def is_uid(text: str) -> bool:
    return bool(_UID_RE.match(text))
