"""Highlighting for Chinese: marks every printed occurrence of what was searched.

Matching uses the index's own reading of the text — `normalize` (traditional → simplified,
full-width → half-width, lower case; one character for one) with white space inside a line
ignored, as the bigram field does — so a query that found an article also finds where in
it. Everything around the marks is HTML-escaped; the output is safe to insert as HTML.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from html import escape

from .text import normalize

MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"


_INLINE_SPACE = re.compile(r"[^\S\n]")


def _squeeze(text: str) -> tuple[str, list[int]]:
    """`text` normalised with white space (not line breaks) removed, and where the removed characters
    were, as positions in the squeezed text (sorted; see `_original`)."""
    norm = normalize(text)
    removed = [m.start() for m in _INLINE_SPACE.finditer(norm)]
    if not removed:
        return norm, []
    return _INLINE_SPACE.sub("", norm), [r - k for k, r in enumerate(removed)]


def _original(index: int, gaps: list[int]) -> int:
    """The offset in the original text of a character at `index` in the squeezed text."""
    return index + bisect_right(gaps, index) if gaps else index


@lru_cache(maxsize=1024)
def _prepared(needles: tuple[str, ...]) -> tuple[str, ...]:
    """The needles as the squeezed text reads them (a page's results all search for the same ones)."""
    return tuple(n for n in dict.fromkeys("".join(normalize(n).split()) for n in needles) if n)


def find_spans(text: str, needles: list[str]) -> list[tuple[int, int]]:
    """Sorted, merged (start, end) offsets in `text` of every occurrence of every needle."""
    if not text:
        return []
    needles = _prepared(tuple(needles))
    if not needles:
        return []
    squeezed, gaps = _squeeze(text)
    spans = []
    for needle in needles:
        start = squeezed.find(needle)
        while start >= 0:
            end = start + len(needle)
            if "\n" not in squeezed[start:end]:
                spans.append((_original(start, gaps), _original(end - 1, gaps) + 1))
            start = squeezed.find(needle, start + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mark(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None) -> str:
    """text[start:end] as escaped HTML with <mark> around the spans (clipped to the window)."""
    end = len(text) if end is None else end
    out, pos = [], start
    for s, e in spans:
        s, e = max(s, start), min(e, end)
        if s >= e:
            continue
        out.append(escape(text[pos:s]))
        out.append(MARK_OPEN + escape(text[s:e]) + MARK_CLOSE)
        pos = e
    out.append(escape(text[pos:end]))
    return "".join(out)


def highlight(text: str, needles: list[str]) -> str:
    """The whole of `text`, escaped, with every occurrence of the needles marked."""
    return mark(text, find_spans(text, needles))


def snippet(text: str, needles: list[str], size: int = 120) -> str:
    """An escaped excerpt of about `size` characters around the densest cluster of matches (a match at
    either edge is shown whole)."""
    spans = find_spans(text, needles)  # within lines; the excerpt then shows a break as a space
    text = text.replace("\n", " ")
    if not spans:
        cut = text[:size]
        return escape(cut) + ("…" if len(text) > size else "")
    best, best_count = spans[0], 0
    for i, (s, _e) in enumerate(spans):
        count = sum(1 for s2, _ in spans[i:] if s2 < s + size)
        if count > best_count:
            best, best_count = spans[i], count
    lead = min(size // 4, best[0])
    start = best[0] - lead
    end = min(len(text), start + size)
    start = max(0, min(start, end - size))
    # Never cut a marked string: the window grows to take in a match it would cut, or (a run of
    # matches longer than half the window) shrinks to leave it out.
    for s, e in spans:
        if s < start < e:
            start = s if start - s <= size // 2 or e >= end else e
        if s < end < e:
            end = e if e - end <= size // 2 or s <= start else s
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return prefix + mark(text, spans, start, end) + suffix
