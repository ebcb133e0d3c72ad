"""A parse tree (syntax.py) → the Whoosh queries the engine runs. Pure functions: tree in, queries out.

A term is found where it is printed: the character bigrams of the term, as a phrase, match
exactly the articles that print it (white space ignored). A term typed without quotes is
also found, where it is not printed as one string, by all of its words (the archive's
jieba words of two or more characters, each printed somewhere in the same fields):
刘越高讲话 finds 刘越高 … 讲话. A term with punctuation in it is found only as printed.
Ranking (execute.rank) puts the exact string above the words, the headline above the body,
and a headline that is the query first.
"""

from __future__ import annotations

from functools import lru_cache

from whoosh import query as wq

from . import tokens
from .analyzers import bigrams, has_punctuation, segments, words
from .matching import ExactPhrase
from .syntax import And, Not, Or, Term
from .text import normalize

# (word field, bigram field) of each field a term can be searched in; None: the default two.
FIELDS = {
    "headline": (("headline", "headline_bigrams"),),
    "text": (("text", "text_bigrams"),),
    "byline": (("byline", "byline_bigrams"),),
    "dateline": (("dateline", "dateline_bigrams"),),
}
FIELDS[None] = FIELDS["headline"] + FIELDS["text"]
# BM25 weight of each word field: the headline over the body.
BOOSTS = {"headline": 4.0, "text": 1.0, "byline": 1.0, "dateline": 1.0}


def squeeze(text: str) -> str:
    """The text as the bigram field reads it: normalised, white space removed."""
    return "".join(normalize(text).split())


def term_words(term: Term) -> list[str]:
    """The words an unquoted term is also found by (none: only its exact string finds it).

    jieba's words of two or more characters, when there are at least two different ones;
    single characters (的, 在) are left out, they are printed nearly everywhere. A term with
    punctuation between its words (了“中心化”的, 海)) is printed text copied as it is: only its
    exact string (a number such as 2.2 or 50% is one word, not punctuation).
    """
    return list(_term_words(term, tokens.tokenizer()))


# A request builds the same queries several times (matching, ranking tiers, highlighting), and
# the same query comes again and again: they are built once for each tokenizer (a changed user
# dictionary makes a new one, so nothing stale is kept).
@lru_cache(maxsize=4096)
def _term_words(term: Term, tokenizer) -> tuple[str, ...]:
    squeezed = squeeze(term.text)
    if term.phrase or has_punctuation(squeezed):
        return ()
    found = tuple(dict.fromkeys(w for w in segments(squeezed) if len(w) >= 2))
    return found if len(found) >= 2 else ()


def printed_query(text: str, field: str | None):
    """Articles that print `text` in the field(s) (exact string, white space ignored)."""
    return _printed_query(text, field, tokens.tokenizer())


@lru_cache(maxsize=4096)
def _printed_query(text: str, field: str | None, tokenizer):
    grams = bigrams(text)
    if not grams:
        return None
    whole = squeeze(text)
    kept_whole = whole in words(whole)  # jieba keeps it as one word: that word's documents print it
    parts = []
    for word_field, fieldname in FIELDS[field]:
        if len(grams[0]) == 1:
            parts.append(wq.Prefix(fieldname, grams[0]))
        elif len(grams) == 1:
            parts.append(wq.Term(fieldname, grams[0]))
        else:
            parts.append(ExactPhrase(fieldname, grams, word=(word_field, whole) if kept_whole else None))
    return parts[0] if len(parts) == 1 else wq.Or(parts)


def words_query(term: Term, field: str | None = "same"):
    """Articles that print every one of the term's words in the field(s) (None: no words)."""
    found = term_words(term)
    if not found:
        return None
    field = term.field if field == "same" else field
    return wq.And([printed_query(w, field) for w in found])


def match_query(term: Term):
    """Articles a term finds: its exact string, or all of its words."""
    exact = printed_query(term.text, term.field)
    if exact is None:
        return None
    alternative = words_query(term)
    return wq.Or([exact, alternative]) if alternative is not None else exact


def match_tree(node):
    """The unscored query of the articles that match (every positive term found, exclusions not)."""
    if node is None:
        return None
    return _match_tree(node, tokens.tokenizer())


@lru_cache(maxsize=4096)
def _match_tree(node, tokenizer):
    if isinstance(node, Term):
        return match_query(node)
    if isinstance(node, Not):
        raise ValueError("a lone exclusion has no query")  # syntax.read never returns one
    positives = [q for q in (match_tree(c) for c in node.children if not isinstance(c, Not)) if q is not None]
    if not positives:
        return None
    if isinstance(node, Or):
        return positives[0] if len(positives) == 1 else wq.Or(positives)
    positive = positives[0] if len(positives) == 1 else wq.And(positives)
    # An exclusion rules out the articles that print what it names, in its exact form.
    excluded = [q for q in (_excluded(c.child) for c in node.children if isinstance(c, Not)) if q is not None]
    if excluded:
        return wq.AndNot(positive, excluded[0] if len(excluded) == 1 else wq.Or(excluded))
    return positive


def _excluded(node):
    if isinstance(node, Term):
        return printed_query(node.text, node.field)
    return match_tree(node)


def headline_key(text: str) -> str:
    """A headline or a query reduced to its letters, digits and ideographs (for "the headline is the query")."""
    return "".join(c for c in squeeze(text) if c.isalnum())


def query_key(node) -> str:
    """The key a headline equal to the query has ("" when the query is not a plain string of terms)."""
    if isinstance(node, Term) and node.field in (None, "headline"):
        return headline_key(node.text)
    if isinstance(node, And) and all(isinstance(c, Term) and c.field in (None, "headline") for c in node.children):
        return headline_key("".join(c.text for c in node.children))
    return ""


def needles(node) -> list[str]:
    """What to highlight: each positive term and the words it was found by."""
    found: dict[str, None] = {}
    for term in _positive(node):
        found[term.text] = None
        for w in term_words(term):
            found[w] = None
    return list(found)


def _positive(node) -> list[Term]:
    if node is None or isinstance(node, Not):
        return []
    if isinstance(node, Term):
        return [node]
    return [t for c in node.children for t in _positive(c)]
