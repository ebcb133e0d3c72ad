"""Running a parse tree on the kept-open searcher: matches, ranking, facet counts, one page.

Every match is collected unscored (for the count and the facet counts, taken from cached
columns), the page is picked from the matches by relevance (`rank`) or by date, and only
that page's documents are read.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import numpy as np
from whoosh import query as wq

from . import matching, scoring
from . import translate as query
from .analyzers import words
from .reader import IndexHolder
from .syntax import positive_terms

FACET_LIMITS = {"year": 50, "paper": 20, "kind": 10, "person": 15, "topic": 15}
FACETS = tuple(FACET_LIMITS)
# Ranking tiers: a headline that is the query above everything; then, for each term, the exact
# string in the headline, in the text, all its words in the headline, all its words anywhere.
EQUAL_HEADLINE = 1000
EXACT_HEADLINE, EXACT_TEXT, WORDS_HEADLINE = 3, 2, 1


@dataclass(frozen=True)
class DateSpan:
    """A date filter, applied to the matches with the cached date column (no posting lists)."""

    start: datetime.date | None
    end: datetime.date | None

    def keep(self, holder: IndexHolder, s, docs: np.ndarray | None) -> np.ndarray:
        """The documents of the mask `docs` (every live one when None) dated within the span."""
        field = holder.schema["date"]
        dates = holder.dates(s)
        keep = (dates != 0) & (holder.live(s) if docs is None else docs)
        if self.start:
            keep &= dates >= field.to_column_value(datetime.datetime.combine(self.start, datetime.time.min))
        if self.end:
            keep &= dates <= field.to_column_value(datetime.datetime.combine(self.end, datetime.time.max))
        return keep


def exact_filter(fieldname: str, values: list[str]):
    """A filter on exact values (adding nothing to scores): any of `values`."""
    parts = [wq.Term(fieldname, v, boost=0.0) for v in values]
    return parts[0] if len(parts) == 1 else wq.Or(parts)


def tiers(holder: IndexHolder, s, node, docs: np.ndarray, memo: dict) -> np.ndarray:
    """Each document's ranking tier (see the constants above); higher first."""
    tier = np.zeros(len(docs), dtype=np.int64)

    def add(q, points: int, where: np.ndarray) -> np.ndarray:
        if q is None:
            return where
        found = matching.query_docs(holder, s, q, memo) & where
        tier[found] += points
        return where & ~found

    for term in positive_terms(node):
        left = docs
        if term.field in (None, "headline"):
            left = add(query.printed_query(term.text, "headline"), EXACT_HEADLINE, left)
        left = add(query.printed_query(term.text, term.field), EXACT_TEXT, left)
        if term.field in (None, "headline"):
            add(query.words_query(term, "headline"), WORDS_HEADLINE, left)
    key = query.query_key(node)
    if key:
        add(wq.Term("title_key", key), EQUAL_HEADLINE, docs)
    return tier


def rank(holder: IndexHolder, s, node, docs: np.ndarray, k: int, memo: dict | None = None) -> list[tuple[int, float]]:
    """The first k of the matches (a mask) by relevance, best first: [(docnum, score)].

    Order: the tier (see `tiers`), then BM25 of jieba's words for the terms (headline
    boosted over text), then newest. Word scores are computed only for the tiers that can
    reach the first k.
    """
    memo = {} if memo is None else memo
    tier = tiers(holder, s, node, docs, memo)
    # The lowest tier still needed to fill k places; only it and the tiers above are scored.
    chosen = np.flatnonzero(docs)
    levels, counts = np.unique(tier[chosen], return_counts=True)
    threshold = levels[0] if len(levels) else 0
    covered = 0
    for level, count in zip(levels[::-1], counts[::-1], strict=True):
        covered += int(count)
        if covered >= k:
            threshold = level
            break
    candidates = docs & (tier >= threshold)
    scores = np.zeros(len(docs), dtype=np.float64)
    scored = np.zeros(len(docs), dtype=bool)
    for term in positive_terms(node):
        tokens = dict.fromkeys(words(term.text))
        for word_field, _bigrams in query.FIELDS[term.field]:
            lengths = holder.lengths(s, word_field)
            for token in tokens:
                scoring.add_bm25(s, word_field, token, query.BOOSTS[word_field], candidates, lengths, scores,
                                  scored)
    dates = holder.dates(s)
    chosen = np.flatnonzero(candidates)
    # Best first: tier, score, date (newest), then the lower docnum.
    order = np.lexsort((chosen, -dates[chosen], -scores[chosen], -tier[chosen]))[:k]
    best = chosen[order]
    return [(int(d), float(EQUAL_HEADLINE * 10 * tier[d] + scores[d])) for d in best]


def by_date(holder: IndexHolder, s, docs: np.ndarray, sort: str, k: int) -> list[int]:
    """The first k documents of the mask newest (or oldest) first, ties by docnum."""
    if k <= 0:
        return []
    chosen = np.flatnonzero(docs)
    dates = holder.dates(s)[chosen]
    order = np.lexsort((chosen, dates if sort == "oldest" else -dates))[:k]
    return chosen[order].tolist()


def facet_counts(holder: IndexHolder, s, docs: np.ndarray) -> dict[str, list[dict]]:
    """Counts of each facet's values among the matches (a mask), from the coded columns."""
    facets = {}
    for name in FACETS:
        coded = holder.codes(s, name)
        if len(coded) == 3:  # several values per document: (labels, owners, codes)
            labels, owners, codes = coded
            picked = codes[docs[owners]]
        else:
            labels, codes = coded
            picked = codes[docs & (codes >= 0)]
        counts = np.bincount(picked, minlength=len(labels)) if len(labels) else np.zeros(0, dtype=np.int64)
        limit = FACET_LIMITS[name]
        present = np.flatnonzero(counts)
        if name != "year" and len(present) > limit:
            # Only values as frequent as the limit-th one can be listed (ties are settled by name).
            least = np.partition(counts[present], len(present) - limit)[len(present) - limit]
            present = present[counts[present] >= least]
        found = [(labels[i], int(counts[i])) for i in present]
        if name == "year":
            top = sorted(found, key=lambda kv: kv[0], reverse=True)[:limit]
        else:
            top = sorted(found, key=lambda kv: (-kv[1], kv[0]))[:limit]
        facets[name] = [{"value": k, "label": k, "count": c} for k, c in top]
    return facets


@dataclass
class Outcome:
    count: int
    page: list[tuple[dict, float]]  # (stored fields, score) for the requested slice
    facets: dict[str, list[dict]] | None


def execute(holder: IndexHolder, node, filters: list, sort: str, start: int, stop: int,
            with_facets: bool = True) -> Outcome:
    """Run a parse tree with filters (exact-value queries and DateSpans) on the kept searcher.

    Three steps: every matching document (exact, unscored: query.match_tree and the
    filters, read a posting block at a time); the facets counted over them; the page, by
    `rank` or by date alone.
    """
    match = query.match_tree(node)
    spans = [f for f in filters if isinstance(f, DateSpan)]
    parts = ([match] if match is not None else []) + [f for f in filters if not isinstance(f, DateSpan)]
    memo: dict = {}  # each term's documents are read once per request
    with holder.searching() as s:
        docs = None
        if parts:
            docs = matching.query_docs(holder, s, wq.And(parts) if len(parts) > 1 else parts[0], memo)
        for span in spans:
            docs = span.keep(holder, s, docs)
        if docs is None:
            docs = holder.live(s)
        if sort == "relevance" and node is not None and stop > 0 and docs.any():
            top = rank(holder, s, node, docs, stop, memo)
        else:
            top = [(d, 0.0) for d in by_date(holder, s, docs, "oldest" if sort == "oldest" else "newest", stop)]
        page = [(s.stored_fields(d), score) for d, score in top[start:stop]]
        facets = facet_counts(holder, s, docs) if with_facets else None
        count = int(np.count_nonzero(docs))
    return Outcome(count, page, facets)


def count(holder: IndexHolder, node, filters: list) -> int:
    """How many articles a tree finds with these filters."""
    if query.match_tree(node) is None and not filters:
        return 0
    return execute(holder, node, filters, "relevance", 0, 0, with_facets=False).count
