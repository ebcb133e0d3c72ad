"""The search box's syntax, and its translation into a Whoosh query. Pure functions: text in, query out.

Syntax people know from other search engines:

    刘越高 物流            both (every word must be printed in the article)
    "区域物流中心"         an exact string (also “…” and 「…」)
    刘越高 -物流           the first and not the second
    物流 OR 算力           either (OR binds looser than the implied AND)
    title:算力             only in the headline (kicker, title, subtitle); 标题: too
    (物流 OR 算力) 刘越高  grouping

Anything the grammar cannot read (an unclosed quote or bracket, a dangling OR, `title:`
with nothing after it, a query of exclusions only) is searched as plain text: every
white-space separated piece as a literal term. Nothing here raises on user input.

Each term must be printed in the article: the character bigrams of the term, as a phrase,
match exactly the articles that print it (headline or text). Articles printing it in the
headline come first; within that, how well an article ranks comes from jieba's words for
the term (BM25, the headline boosted over the body), so an article where the term is a word
ranks above one where its characters only happen to stand side by side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from whoosh import query as wq

from .analysis import bigrams, words
from .matching import ExactPhrase
from .text import normalize

MAX_QUERY_CHARS = 200
MAX_TERMS = 16
HEADLINE_BOOST = 4.0
# Scores of the exact-string part. Printed in the headline: far above any word score, so
# headline matches come first; printed in the text only: tiny, so that an article where the
# term is a word (BM25 > 0) ranks above one where its characters only stand side by side.
HEADLINE_MATCH_SCORE = 1000.0
TEXT_MATCH_SCORE = 0.01

FIELD_ALIASES = {
    "title": "headline", "headline": "headline", "标题": "headline", "题": "headline",
    "text": "text", "body": "text", "正文": "text",
}
OPEN_QUOTES = {'"': '"', "“": "”", "「": "」", "『": "』"}


# The parse tree ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Term:
    text: str
    field: str | None = None  # None: headline and text; "headline"; "text"
    phrase: bool = False


@dataclass(frozen=True)
class Not:
    child: object


@dataclass(frozen=True)
class And:
    children: tuple


@dataclass(frozen=True)
class Or:
    children: tuple


class ParseError(ValueError):
    pass


# Lexing -------------------------------------------------------------------------------------
_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<open>\()
  | (?P<close>\))
  | (?P<quote>["“「『])
  | (?P<word>[^\s()"“「『]+)
    """,
    re.VERBOSE,
)


def _lex(text: str) -> list[tuple[str, str]]:
    """(kind, value) tokens; a quoted string is one 'phrase' token (unclosed quote → ParseError)."""
    tokens: list[tuple[str, str]] = []
    i = 0
    while i < len(text):
        m = _TOKEN.match(text, i)
        kind, value = m.lastgroup, m.group()
        if kind == "quote":
            close = OPEN_QUOTES[value]
            end = text.find(close, m.end())
            if end < 0:
                raise ParseError("unclosed quote")
            tokens.append(("phrase", text[m.end() : end]))
            i = end + 1
            continue
        if kind != "space":
            tokens.append((kind, value))
        i = m.end()
    return tokens


# Parsing ------------------------------------------------------------------------------------
class _Parser:
    def __init__(self, tokens):
        self.tokens = tokens
        self.i = 0

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, None)

    def take(self):
        token = self.peek()
        self.i += 1
        return token

    def parse(self):
        node = self.or_expr()
        if self.i != len(self.tokens):
            raise ParseError("unexpected )")
        return node

    def or_expr(self):
        parts = [self.and_expr()]
        while self.peek() == ("word", "OR"):
            self.take()
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def and_expr(self):
        parts = []
        while True:
            kind, value = self.peek()
            if kind is None or kind == "close" or (kind, value) == ("word", "OR"):
                break
            if (kind, value) == ("word", "AND"):
                self.take()
                continue
            parts.append(self.unary())
        if not parts:
            raise ParseError("empty expression")
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def unary(self):
        kind, value = self.peek()
        if (kind, value) == ("word", "NOT"):
            self.take()
            return Not(self.atom())
        if kind == "word" and value.startswith("-") and len(value) > 1 and not value[1].isdigit():
            self.tokens[self.i] = ("word", value[1:])
            return Not(self.atom())
        if kind == "word" and value == "-" and self.i + 1 < len(self.tokens):
            nxt = self.tokens[self.i + 1]
            if nxt[0] in ("phrase", "open"):
                self.take()
                return Not(self.atom())
        return self.atom()

    def atom(self, field=None):
        kind, value = self.take()
        if kind == "open":
            node = self.or_expr()
            if self.take()[0] != "close":
                raise ParseError("unclosed (")
            return _scope(node, field) if field else node
        if kind == "phrase":
            if not value.strip():
                raise ParseError("empty phrase")
            return Term(value, field, phrase=True)
        if kind == "word":
            name, sep, rest = value.partition(":")
            if sep and field is None and name.lower() in FIELD_ALIASES:
                scoped = FIELD_ALIASES[name.lower()]
                if rest:
                    return Term(rest, scoped)
                nxt = self.peek()[0]
                if nxt in ("phrase", "open"):
                    return self.atom(scoped)
                raise ParseError("field with nothing after it")
            return Term(value, field)
        raise ParseError(f"unexpected {kind}")


def _scope(node, field):
    if isinstance(node, Term):
        return Term(node.text, node.field or field, node.phrase)
    if isinstance(node, Not):
        return Not(_scope(node.child, field))
    return type(node)(tuple(_scope(c, field) for c in node.children))


def _only_exclusions(node) -> bool:
    if isinstance(node, Not):
        return True
    if isinstance(node, And):
        return all(isinstance(c, Not) for c in node.children)
    if isinstance(node, Or):
        return any(_only_exclusions(c) for c in node.children)
    return False


_PLAIN_BREAKS = re.compile(r'[\s"()“”「」『』]+')


def plain(text: str):
    """The fallback reading: the pieces between white space, quotes and brackets, all required.

    Each piece is printed wherever the whole text is, so nothing the text would find is lost.
    """
    pieces = [p.lstrip("-") or p for p in _PLAIN_BREAKS.split(text) if p][:MAX_TERMS]
    if not pieces:
        pieces = text.split()[:MAX_TERMS]
    if not pieces:
        return None
    terms = tuple(Term(p) for p in pieces)
    return terms[0] if len(terms) == 1 else And(terms)


def read(text: str):
    """(parse tree or None, whether the grammar gave up and the text was read as plain text)."""
    text = (text or "")[:MAX_QUERY_CHARS].strip()
    if not text:
        return None, False
    try:
        tokens = _lex(text)
        node = _Parser(tokens).parse() if tokens else None
    except (ParseError, RecursionError):
        return plain(text), True
    if node is None:
        return None, False
    if _only_exclusions(node) or _count_terms(node) > MAX_TERMS:
        return plain(text), True
    return node, False


def parse(text: str):
    """The parse tree of a search box entry (None for an empty one). Never raises."""
    return read(text)[0]


def _count_terms(node) -> int:
    if isinstance(node, Term):
        return 1
    if isinstance(node, Not):
        return _count_terms(node.child)
    return sum(_count_terms(c) for c in node.children)


def positive_terms(node) -> list[Term]:
    """The terms a matching article prints (for highlighting): all but the excluded ones."""
    if node is None:
        return []
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Not):
        return []
    return [t for c in node.children for t in positive_terms(c)]


# Translation to Whoosh ----------------------------------------------------------------------
def fields_for(field):
    if field == "headline":
        return (("headline", HEADLINE_BOOST, HEADLINE_MATCH_SCORE),)
    if field == "text":
        return (("text", 1.0, TEXT_MATCH_SCORE),)
    return (("headline", HEADLINE_BOOST, HEADLINE_MATCH_SCORE), ("text", 1.0, TEXT_MATCH_SCORE))


def match_query(term: Term):
    """Articles that print the term (exact string, white space ignored): a bigram phrase."""
    grams = bigrams(term.text)
    if not grams:
        return None
    whole = "".join(normalize(term.text).split())
    kept_whole = whole in words(whole)  # jieba keeps it as one word: that word's documents print it
    parts = []
    for name, _boost, score in fields_for(term.field):
        fieldname = f"{name}_bigrams"
        if len(grams[0]) == 1:
            q = wq.Prefix(fieldname, grams[0])
        elif len(grams) == 1:
            q = wq.Term(fieldname, grams[0])
        else:
            q = ExactPhrase(fieldname, grams, word=(name, whole) if kept_whole else None)
        parts.append(wq.ConstantScoreQuery(q, score))
    return parts[0] if len(parts) == 1 else wq.Or(parts)


def word_query(term: Term):
    """jieba's words for the term, scored by BM25 in the headline (boosted) and the text."""
    tokens = list(dict.fromkeys(words(term.text)))
    if not tokens:
        return None
    parts = [wq.Term(name, w, boost=boost) for name, boost, _ in fields_for(term.field) for w in tokens]
    return parts[0] if len(parts) == 1 else wq.Or(parts)


def term_query(term: Term):
    match = match_query(term)
    if match is None:
        return None
    ranking = word_query(term)
    return wq.AndMaybe(match, ranking) if ranking is not None else match


def to_whoosh(node):
    """One Whoosh query with the same matches and a like order (None when nothing searchable is left).

    The service runs `match_tree` and ranks separately (service.rank), which is faster; this
    single query is what a plain Whoosh searcher runs (bench/search.py's baseline, haystack).
    """
    if node is None:
        return None
    if isinstance(node, Term):
        return term_query(node)
    if isinstance(node, Not):
        raise ValueError("a lone exclusion has no Whoosh query")  # parse() never returns one
    if isinstance(node, Or):
        parts = [q for q in (to_whoosh(c) for c in node.children if not isinstance(c, Not)) if q is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else wq.Or(parts)
    positives = [c for c in node.children if not isinstance(c, Not)]
    negatives = [c.child for c in node.children if isinstance(c, Not)]
    parts = [q for q in (to_whoosh(c) for c in positives) if q is not None]
    if not parts:
        return None
    positive = parts[0] if len(parts) == 1 else wq.And(parts)
    excluded = [q for q in (_exclusion(c) for c in negatives) if q is not None]
    if excluded:
        return wq.AndNot(positive, excluded[0] if len(excluded) == 1 else wq.Or(excluded))
    return positive


def _exclusion(node):
    """What an excluded part rules out: the articles that print it (no scores needed)."""
    if isinstance(node, Term):
        return match_query(node)
    return to_whoosh(node)


def build(text: str):
    """Search box text → (parse tree, Whoosh query or None)."""
    node = parse(text)
    return node, to_whoosh(node)


# Matching and ranking separately (what the service runs) -------------------------------------------
def match_tree(node):
    """The unscored query of the articles that match (every positive term printed, exclusions not)."""
    if node is None:
        return None
    if isinstance(node, Term):
        return unwrap(match_query(node))
    if isinstance(node, Not):
        raise ValueError("a lone exclusion has no Whoosh query")
    if isinstance(node, Or):
        parts = [q for q in (match_tree(c) for c in node.children if not isinstance(c, Not)) if q is not None]
        return None if not parts else parts[0] if len(parts) == 1 else wq.Or(parts)
    parts = [q for q in (match_tree(c) for c in node.children if not isinstance(c, Not)) if q is not None]
    if not parts:
        return None
    positive = parts[0] if len(parts) == 1 else wq.And(parts)
    excluded = [q for q in (match_tree(c.child) for c in node.children if isinstance(c, Not)) if q is not None]
    if excluded:
        return wq.AndNot(positive, excluded[0] if len(excluded) == 1 else wq.Or(excluded))
    return positive


def unwrap(q):
    """The query without its constant-score wrappers (as match_tree has it)."""
    if isinstance(q, wq.ConstantScoreQuery):
        return q.child
    if isinstance(q, wq.Or):
        return wq.Or([unwrap(c) for c in q.subqueries])
    return q
