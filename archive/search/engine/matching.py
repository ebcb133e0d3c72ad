"""Which documents a query matches, with whole posting lists at a time (unscored).

The count and the facets need every document a query matches. That is done here on
numpy arrays read by `postings`, never one posting per Python call, so the cost stays in
C as common words reach tens of thousands of documents. A set of documents is a boolean
mask over the searcher's global docnums. (Scores: scoring.py.)

`query_docs` understands the queries translate.py builds (Term, Or, And, AndNot,
constant-score wrappers, Prefix, ExactPhrase) and hands anything else to Whoosh's matcher.
"""

from __future__ import annotations

from array import array

import numpy as np
from whoosh import query as wq
from whoosh.matching import ListMatcher, NullMatcher
from whoosh.searching import Searcher

from . import postings
from .reader import IndexHolder, deleted_docs

POSITION_STRIDE = 1 << 32  # phrase keys: docnum × stride + phrase start


def query_docs(holder: IndexHolder, s: Searcher, q, memo: dict | None = None) -> np.ndarray:
    """The live documents matching `q`, as a mask over global docnums (no scores).

    Pass the same `memo` dict to calls for one request to read each term and phrase once.
    """
    memo = {} if memo is None else memo
    return _docs(holder, s, q, memo) & holder.live(s)


def docnums(mask: np.ndarray) -> list[int]:
    """The docnums a mask holds, ascending."""
    return np.flatnonzero(mask).tolist()


def _docs(holder: IndexHolder, s: Searcher, q, memo: dict) -> np.ndarray:
    key = q
    try:
        found = memo.get(key)
    except TypeError:  # an unhashable query
        key, found = None, None
    if found is None:
        found = _compute(holder, s, q, memo)
        if key is not None:
            memo[key] = found
    return found


def _compute(holder: IndexHolder, s: Searcher, q, memo: dict) -> np.ndarray:
    size = s.doc_count_all()
    if isinstance(q, (wq.ConstantScoreQuery, wq.WrappingQuery)) and hasattr(q, "child"):
        return _docs(holder, s, q.child, memo)
    if isinstance(q, wq.AndNot):
        positive = _docs(holder, s, q.a, memo)
        return positive & ~_docs(holder, s, q.b, memo) if positive.any() else positive
    if isinstance(q, wq.And):
        result = None
        for child in q.subqueries:
            found = _docs(holder, s, child, memo)
            result = found.copy() if result is None else result & found
            if not result.any():
                break
        return result if result is not None else np.zeros(size, dtype=bool)
    if isinstance(q, wq.Or):
        result = np.zeros(size, dtype=bool)
        for child in q.subqueries:
            result |= _docs(holder, s, child, memo)
        return result
    if isinstance(q, wq.Every):
        return holder.live(s).copy()
    if isinstance(q, wq.Term):
        return _term_docs(s, q.fieldname, q.text)
    if isinstance(q, ExactPhrase):
        sure = _docs(holder, s, wq.Term(*q.word), memo) if q.word else None
        return phrase_docs(s, q.fieldname, q.words, sure)
    if isinstance(q, wq.Phrase) and q.slop == 1:
        return phrase_docs(s, q.fieldname, q.words)
    if isinstance(q, wq.Prefix):
        result = np.zeros(size, dtype=bool)
        if q.fieldname in s.schema:
            for text in s.reader().expand_prefix(q.fieldname, q.text):
                result |= _term_docs(s, q.fieldname, text)
        return result
    result = np.zeros(size, dtype=bool)  # anything else: Whoosh's own matcher
    result[np.fromiter(q.matcher(s, s.context()).all_ids(), dtype=np.int64)] = True
    return result


def _term_docs(s: Searcher, fieldname: str, text) -> np.ndarray:
    result = np.zeros(s.doc_count_all(), dtype=bool)
    if fieldname not in s.schema:
        return result
    btext = s.schema[fieldname].to_bytes(text)
    for sub, offset in s.leaf_searchers():
        result[postings.read(sub.reader(), fieldname, btext).ids + offset] = True
    return result


# Phrases ------------------------------------------------------------------------------------------
def phrase_docs(s: Searcher, fieldname: str, words: list[str], sure: np.ndarray | None = None) -> np.ndarray:
    """Documents where the words stand at consecutive positions (deleted ones included).

    For a phrase of overlapping bigrams only every other bigram (and the last) is needed to
    pin the string down. Each word's (document, phrase start) pairs are keys in one sorted
    array; the phrase's documents are the keys every chosen word has. Documents in `sure`
    (known to print the phrase) are taken without looking. Same result as Whoosh's Phrase.
    """
    result = np.zeros(s.doc_count_all(), dtype=bool)
    if fieldname not in s.schema or not words:
        return result
    chosen = _chosen(words)
    field = s.schema[fieldname]
    for sub, offset in s.leaf_searchers():
        reader = sub.reader()
        size = reader.doc_count_all()
        skip = sure[offset : offset + size] if sure is not None else None
        order = sorted(chosen, key=lambda i: reader.doc_frequency(fieldname, field.to_bytes(words[i])))
        keys = None
        for i in order:
            within = None if keys is None else _distinct(keys // POSITION_STRIDE)
            found = postings.read(reader, fieldname, field.to_bytes(words[i]), positions=True, within=within)
            if not len(found.ids):
                keys = None
                break
            docs = found.position_docs()
            here = docs * POSITION_STRIDE + (found.positions - i)
            if keys is None:
                if skip is not None:
                    here = here[~skip[docs]]
                keys = here
            else:
                keys = keys[_contains(here, keys)]
            if not len(keys):
                break
        if keys is not None and len(keys):
            result[keys // POSITION_STRIDE + offset] = True
        if sure is not None:
            result[offset : offset + size] |= skip
    return result


def _distinct(ascending: np.ndarray) -> np.ndarray:
    """The distinct values of an ascending array."""
    if len(ascending) < 2:
        return ascending
    return ascending[np.concatenate(([True], ascending[1:] != ascending[:-1]))]


def _chosen(words: list[str]) -> list[int]:
    if not _overlapping(words):
        return list(range(len(words)))
    chosen = list(range(0, len(words), 2))
    if chosen[-1] != len(words) - 1:
        chosen.append(len(words) - 1)
    return chosen


def _contains(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Which of `keys` are in `sorted_keys` (ascending)."""
    if not len(sorted_keys):
        return np.zeros(len(keys), dtype=bool)
    where = np.searchsorted(sorted_keys, keys)
    where[where == len(sorted_keys)] = 0
    return sorted_keys[where] == keys


def _overlapping(words: list[str]) -> bool:
    """Whether the words are the overlapping bigrams of one string (ab, bc, cd …)."""
    return len(words) > 1 and all(len(w) == 2 for w in words) and all(
        a[1] == b[0] for a, b in zip(words, words[1:], strict=False))


class ExactPhrase(wq.Phrase):
    """A Phrase query (consecutive positions) matched by `phrase_docs`; every match scores `score`."""

    def __init__(self, fieldname, words, score=1.0, boost=1.0, word=None):
        """`word`: (word field, token): documents with that token print the phrase for sure."""
        super().__init__(fieldname, words, boost=boost)
        self.score = score
        self.word = word

    def __eq__(self, other):
        return super().__eq__(other) and (self.score, self.word) == (getattr(other, "score", None),
                                                                      getattr(other, "word", None))

    def __hash__(self):
        return super().__hash__() ^ hash((self.score, self.word))

    def matcher(self, searcher, context=None):
        """For a plain Whoosh searcher (one segment's or a whole index's)."""
        if self.fieldname not in searcher.schema:
            return NullMatcher()
        sure = _term_docs(searcher, *self.word) if self.word else None
        found = phrase_docs(searcher, self.fieldname, self.words, sure)
        reader = searcher.reader()
        if reader.has_deletions():
            found[list(deleted_docs(reader))] = False
        docs = np.flatnonzero(found)
        if not len(docs):
            return NullMatcher()
        return ListMatcher(array("I", docs.tolist()), all_weights=self.score * self.boost)
