"""Whoosh analyzers for Chinese: jieba words and character bigrams.

Both analyzers work on `text.normalize(value)`, which keeps one character for one, so
the character offsets they report are offsets in the printed text.

- `WordAnalyzer`: jieba (with the archive's user dictionary) in search mode — each word,
  preceded by the dictionary words inside it (衡阳算力中心 → 衡阳 算力 中心 衡阳算力中心) —
  with sequential positions and character offsets.
- `BigramAnalyzer`: every pair of neighbouring characters inside a line, white space
  removed (形象 为加快 → 形象 象为 为加 加快), plus the last character of each line alone,
  so a single-character prefix query finds characters at the end of a line too. A phrase
  of the bigrams of any string of two or more characters finds exactly the documents
  that print that string within one line.

Lines are paragraphs and headline lines. Both analyzers leave LINE_GAP unused positions
after each line, so no phrase, however long and whatever its parity, can run on from one
line into the next: the engine matches a long phrase by every other bigram (matching.py),
and without the gap the bigrams on either side of a break would stand two positions apart
as they do inside a line.

A span is (token, start, end, position); offsets are into the normalised text, which has
the printed text's offsets (text.normalize keeps one character for one).

The classes are pickled into the index's schema: keep them importable under these names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache

from whoosh.analysis import Token, Tokenizer

from . import tokens
from .text import normalize

# A word token must contain a letter, digit or ideograph: punctuation is left to the bigrams.
_WORDLIKE = re.compile(r"[0-9a-z\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u202f\u205f]+")
MAX_SUBWORD = 4
LINE_GAP = 2

Span = tuple[str, int, int, int]


def _word_tokens(text: str) -> Iterator[tuple[str, int, int]]:
    """(word, start, position) in search mode for already normalised text: each jieba word, preceded
    by the dictionary words inside it; no position for punctuation, LINE_GAP of them at a line break."""
    tk = tokens.tokenizer()
    freq = tk.FREQ
    start = 0
    pos = 0
    for word in tk.cut(text, HMM=True):
        width = len(word)
        if not _WORDLIKE.search(word):
            if "\n" in word:
                pos += LINE_GAP
            start += width
            continue
        if width > 2:
            for size in range(2, min(width - 1, MAX_SUBWORD) + 1):
                for i in range(width - size + 1):
                    gram = word[i : i + size]
                    if freq.get(gram):
                        yield gram, start + i, pos
                        pos += 1
        yield word, start, pos
        pos += 1
        start += width


def word_spans(text: str) -> list[Span]:
    """(word, start, end, position) in search mode for already normalised text."""
    return [(word, start, start + len(word), pos) for word, start, pos in _word_tokens(text)]


def word_positions(text: str) -> dict[str, list[int]]:
    """Each word of `word_spans(text)` with its positions, without the offsets (what the index writes)."""
    poses: defaultdict[str, list[int]] = defaultdict(list)
    for word, _start, pos in _word_tokens(text):
        poses[word].append(pos)
    return poses


def words(text: str) -> list[str]:
    """The word tokens of `text` (normalised here), in order."""
    return list(_query_words(normalize(text), tokens.tokenizer()))


def segments(text: str) -> list[str]:
    """jieba's words of `text` (normalised here) as it cuts them, without the search-mode sub-words."""
    return [w for w in _cut(normalize(text), tokens.tokenizer()) if _WORDLIKE.search(w)]


def has_punctuation(text: str) -> bool:
    """Whether jieba's cut of `text` has a piece without a letter, digit or ideograph (“ 》 ， …).

    Punctuation inside a word (2.2, 50%) does not count: jieba keeps it in the word.
    """
    return any(not _WORDLIKE.search(w) and not w.isspace() for w in _cut(normalize(text), tokens.tokenizer()))


# A query's terms are cut several times per request (matching, ranking, highlighting): once is
# enough for each tokenizer (a changed user dictionary makes a new one, so nothing stale is kept).
@lru_cache(maxsize=4096)
def _query_words(text: str, tokenizer) -> tuple[str, ...]:
    return tuple(w for w, _, _, _ in word_spans(text))


@lru_cache(maxsize=4096)
def _cut(text: str, tokenizer) -> tuple[str, ...]:
    return tuple(tokenizer.cut(text, HMM=True))


def bigram_spans(text: str) -> list[Span]:
    """(bigram, start, end, position) for already normalised text; see the module docstring."""
    spans: list[Span] = []
    offset = 0
    pos = 0
    for line in text.split("\n"):
        kept = [(i, c) for i, c in enumerate(line) if not c.isspace()]
        for (i, a), (j, b) in zip(kept, kept[1:], strict=False):
            spans.append((a + b, offset + i, offset + j + 1, pos))
            pos += 1
        if kept:
            i, c = kept[-1]
            spans.append((c, offset + i, offset + i + 1, pos))
            pos += 1 + LINE_GAP
        offset += len(line) + 1
    return spans


def bigram_positions(text: str) -> dict[str, list[int]]:
    """Each term of `bigram_spans(text)` with its positions, without the offsets (what the index writes)."""
    poses: defaultdict[str, list[int]] = defaultdict(list)
    pos = 0
    for line in text.split("\n"):
        squeezed = "".join(line.split())  # str.split drops what str.isspace calls space, as bigram_spans does
        if not squeezed:
            continue
        for i, gram in enumerate(map(str.__add__, squeezed, squeezed[1:]), pos):
            poses[gram].append(i)
        pos += len(squeezed)
        poses[squeezed[-1]].append(pos - 1)  # the line's last character alone
        pos += LINE_GAP
    return poses


def bigrams(text: str) -> list[str]:
    """The bigrams of a query string (normalised here, white space removed): a phrase of them."""
    squeezed = "".join(normalize(text).split())
    if len(squeezed) < 2:
        return [squeezed] if squeezed else []
    return [squeezed[i : i + 2] for i in range(len(squeezed) - 1)]


class _SpanTokenizer(Tokenizer):
    """Turns (text, start, end) spans into Whoosh tokens with sequential positions."""

    def spans(self, text: str) -> list[Span]:
        raise NotImplementedError

    def __eq__(self, other):
        return other is not None and self.__class__ is other.__class__

    def __hash__(self):
        return hash(self.__class__.__name__)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = normalize(value)
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        for text, start, end, pos in self.spans(normalize(value)):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = value[start:end]
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


class WordTokenizer(_SpanTokenizer):
    def spans(self, text):
        return word_spans(text)

    def positions(self, text):
        return word_positions(text)


class BigramTokenizer(_SpanTokenizer):
    def spans(self, text):
        return bigram_spans(text)

    def positions(self, text):
        return bigram_positions(text)


def WordAnalyzer():  # noqa: N802 (Whoosh's naming of analyzer factories)
    return WordTokenizer()


def BigramAnalyzer():  # noqa: N802
    return BigramTokenizer()
