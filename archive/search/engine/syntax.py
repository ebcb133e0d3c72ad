"""What people type in the search box → a parse tree. Pure functions: text in, tree out; never raises.

    刘越高讲话             a printed string, or failing that all of its words (query.py)
    刘越高 物流            both (every piece must be found in the article)
    "区域物流中心"         only the exact string (also “…” 「…」 『…』)
    刘越高 -物流           the first and not the second (also －物流, NOT 物流)
    物流 OR 算力           either (also or, ＯＲ; OR binds looser than the implied AND)
    title:算力             only in the headline (kicker, title, subtitle); 标题: too
    记者:张三              only in the byline (reporter: too); 电头:衡阳 only in the dateline
    (物流 OR 算力) 刘越高  grouping

Quotes and brackets delimit only where they clearly do: an opening quote at the start of
a piece whose closing quote ends a piece, a bracket at the start of a piece that a
bracket at the end of a later piece closes. Anywhere else they are printed text, part of
the string (在“, 了“中心化”的, 海)). An operator with nothing to work on is text (物流 OR),
a lone exclusion (-物流, NOT 物流) has nothing to exclude from and is searched for, and
`10 家` is the printed 10 家. `read` says in `notes` whenever it read something other
than the way it was typed, so the page can say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import normalize

MAX_QUERY_CHARS = 500
MAX_TERMS = 16

FIELD_ALIASES = {
    "title": "headline", "headline": "headline", "标题": "headline", "题": "headline",
    "text": "text", "body": "text", "正文": "text",
    "reporter": "byline", "byline": "byline", "记者": "byline", "作者": "byline",
    "dateline": "dateline", "电头": "dateline",
}
OPEN_QUOTES = {'"': '"', "“": "”", "「": "」", "『": "』", "＂": "＂"}
OPEN_BRACKETS = "(（"
CLOSE_BRACKETS = ")）"

# Notes: how the query was read, when not as typed.
TRUNCATED = "truncated"  # longer than MAX_QUERY_CHARS: the rest was left out
TOO_MANY_TERMS = "too_many_terms"  # more than MAX_TERMS pieces: the rest were left out
OPERATOR_AS_TEXT = "operator_as_text"  # an operator with nothing to work on was read as text
LONE_EXCLUSION = "lone_exclusion"  # only exclusions: searched for instead


# The parse tree ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Term:
    text: str
    field: str | None = None  # None: headline and text; "headline", "text", "byline", "dateline"
    phrase: bool = False  # True: only the exact string, never its words


@dataclass(frozen=True)
class Not:
    child: object


@dataclass(frozen=True)
class And:
    children: tuple


@dataclass(frozen=True)
class Or:
    children: tuple


@dataclass(frozen=True)
class Reading:
    """A search box entry as read: the tree (None: nothing to search for) and notes on the reading."""

    node: object | None
    notes: tuple[str, ...] = ()


# Lexing -------------------------------------------------------------------------------------
@dataclass
class _Token:
    kind: str  # word, phrase, open, close, or, and, not, minus, field
    value: str
    start: int
    end: int


_SPACE = re.compile(r"\s+")
_NUMBER = re.compile(r"^[0-9０-９.．%％]+$")
_CJK_START = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff]")
_FIELD = re.compile(r"[^\s:：()（）\"“「『]{1,10}[:：]")


def _closing_quote(text: str, i: int) -> int:
    """Where the quote opened at text[i] closes at the end of a piece (-1: it does not)."""
    close = OPEN_QUOTES[text[i]]
    j = text.find(close, i + 1)
    while j >= 0:
        after = text[j + 1 : j + 2]
        if j > i + 1 and (not after or after.isspace() or after in CLOSE_BRACKETS):
            return j
        j = text.find(close, j + 1)
    return -1


def _field_prefix(text: str, i: int) -> tuple[str, int] | None:
    """(field, end of the prefix) when text[i:] starts with a field name and a colon."""
    m = _FIELD.match(text, i)
    if not m:
        return None
    name = normalize(m.group()[:-1])
    field = FIELD_ALIASES.get(name)
    return (field, m.end()) if field else None


def _lex(text: str) -> list[_Token]:
    """Tokens with their places in the text; brackets not yet known to pair up are tentative."""
    tokens: list[_Token] = []
    i, n = 0, len(text)
    piece_start = True
    while i < n:
        m = _SPACE.match(text, i)
        if m:
            i, piece_start = m.end(), True
            continue
        c = text[i]
        if piece_start and c in OPEN_QUOTES:
            j = _closing_quote(text, i)
            if j > 0:
                tokens.append(_Token("phrase", text[i + 1 : j], i, j + 1))
                i, piece_start = j + 1, False
                continue
        if piece_start and c in OPEN_BRACKETS:
            tokens.append(_Token("open", c, i, i + 1))
            i += 1
            continue
        if piece_start and c in "-－" and i + 1 < n and not text[i + 1].isspace() and not text[i + 1].isdigit():
            tokens.append(_Token("minus", c, i, i + 1))
            i += 1
            continue
        if piece_start:
            prefix = _field_prefix(text, i)
            if prefix and prefix[1] < n and not text[prefix[1]].isspace():
                tokens.append(_Token("field", prefix[0], i, prefix[1]))
                i = prefix[1]
                continue
        j = i
        while j < n and not text[j].isspace():
            j += 1
        word = text[i:j]
        # Closing brackets at the end of the piece are tentative group ends.
        k = len(word)
        while k > 0 and word[k - 1] in CLOSE_BRACKETS:
            k -= 1
        if k:
            tokens.append(_Token("word", word[:k], i, i + k))
        for offset in range(k, len(word)):
            tokens.append(_Token("close", word[offset], i + offset, i + offset + 1))
        i, piece_start = j, False
    return _operators(_pair_brackets(tokens, text))


def _pair_brackets(tokens: list[_Token], text: str) -> list[_Token]:
    """Brackets that pair up across pieces stay grouping; the others are printed text, joined to
    what they touch: （一） and (物流) in one piece are printed, (物流 OR 算力) groups."""
    stack: list[int] = []
    paired: set[int] = set()
    for index, token in enumerate(tokens):
        if token.kind == "open":
            stack.append(index)
        elif token.kind == "close" and stack:
            opened = stack.pop()
            if any(c.isspace() for c in text[tokens[opened].end : token.start]):
                paired.update((opened, index))
    out: list[_Token] = []
    for index, token in enumerate(tokens):
        if token.kind in ("open", "close") and index not in paired:
            token = _Token("word", token.value, token.start, token.end)
        if token.kind == "word" and out and out[-1].kind == "word" and out[-1].end == token.start:
            out[-1] = _Token("word", out[-1].value + token.value, out[-1].start, token.end)
        else:
            out.append(token)
    return out


def _operators(tokens: list[_Token]) -> list[_Token]:
    """OR / AND / NOT in the forms people type them (or, ＯＲ …), then `10 家` joined."""
    out: list[_Token] = []
    for token in tokens:
        if token.kind == "word":
            folded = normalize(token.value)
            if folded in ("or", "and", "not", "|", "||"):
                token = _Token({"|": "or", "||": "or"}.get(folded, folded), token.value, token.start, token.end)
            elif (out and out[-1].kind == "word" and _NUMBER.match(out[-1].value)
                  and _CJK_START.match(token.value)):
                previous = out.pop()
                token = _Token("word", f"{previous.value} {token.value}", previous.start, token.end)
        out.append(token)
    return out


# Parsing ------------------------------------------------------------------------------------
class _Parser:
    """Recursive descent over the tokens; whatever has nothing to work on becomes text."""

    def __init__(self, tokens: list[_Token]):
        self.tokens = tokens
        self.i = 0
        self.notes: list[str] = []

    def peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def as_text(self, token: _Token, field: str | None = None) -> Term:
        self.notes.append(OPERATOR_AS_TEXT)
        return Term(token.value if token.kind != "field" else token.value + ":", field)

    def parse(self):
        parts = []
        while self.peek() is not None:
            node = self.or_expr()
            if node is not None:
                parts.append(node)
            token = self.peek()
            if token is not None and token.kind == "close":  # a close the pairing left unmatched
                parts.append(self.as_text(self.take()))
        return _and(parts)

    def or_expr(self, field=None):
        parts = []
        first = self.and_expr(field)
        if first is not None:
            parts.append(first)
        while (token := self.peek()) is not None and token.kind == "or":
            self.take()
            nxt = self.and_expr(field)
            if not parts or nxt is None:  # OR with nothing on one side: text
                parts = [_and([*parts, self.as_text(token, field), *([nxt] if nxt else [])])]
                continue
            parts.append(nxt)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def and_expr(self, field=None):
        parts = []
        while (token := self.peek()) is not None and token.kind not in ("close", "or"):
            if token.kind == "and":
                self.take()
                if not parts or self.peek() is None or self.peek().kind in ("close", "or"):
                    parts.append(self.as_text(token, field))
                continue
            parts.append(self.unary(field))
        return _and(parts)

    def unary(self, field=None):
        token = self.peek()
        if token.kind in ("not", "minus"):
            self.take()
            nxt = self.peek()
            if nxt is None or nxt.kind in ("close", "or", "and", "not", "minus"):
                return self.as_text(token, field)
            return Not(self.atom(field))
        return self.atom(field)

    def atom(self, field=None):
        token = self.take()
        if token.kind == "open":
            node = self.or_expr(field)
            if self.peek() is not None and self.peek().kind == "close":
                self.take()
            return node if node is not None else self.as_text(token, field)
        if token.kind == "phrase":
            text = token.value.strip()
            return Term(text, field, phrase=True) if text else self.as_text(token, field)
        if token.kind == "field":
            nxt = self.peek()
            if nxt is None or nxt.kind in ("close", "or", "and"):
                return self.as_text(token, field)
            return self.atom(field or token.value)
        if token.kind == "word":
            return Term(token.value, field)
        return self.as_text(token, field)


def _and(parts: list):
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    flat = []
    for p in parts:
        flat.extend(p.children if isinstance(p, And) else (p,))
    return flat[0] if len(flat) == 1 else And(tuple(flat))


# The whole reading --------------------------------------------------------------------------
def _positive(node):
    """The tree with exclusions turned into what they name (for a query of exclusions only)."""
    if isinstance(node, Not):
        return _positive(node.child)
    if isinstance(node, Term):
        return node
    return type(node)(tuple(_positive(c) for c in node.children))


def _only_exclusions(node) -> bool:
    if isinstance(node, Not):
        return True
    if isinstance(node, And):
        return all(_only_exclusions(c) for c in node.children)
    if isinstance(node, Or):
        return any(_only_exclusions(c) for c in node.children)
    return False


def _first_terms(node, budget: list[int]):
    """The tree cut to its first MAX_TERMS terms (None when nothing is left)."""
    if isinstance(node, Term):
        if budget[0] <= 0:
            return None
        budget[0] -= 1
        return node
    if isinstance(node, Not):
        child = _first_terms(node.child, budget)
        return Not(child) if child is not None else None
    children = tuple(c for c in (_first_terms(c, budget) for c in node.children) if c is not None)
    if not children:
        return None
    return children[0] if len(children) == 1 else type(node)(children)


def count_terms(node) -> int:
    if node is None:
        return 0
    if isinstance(node, Term):
        return 1
    if isinstance(node, Not):
        return count_terms(node.child)
    return sum(count_terms(c) for c in node.children)


def read(text: str) -> Reading:
    """The parse tree of a search box entry and notes on how it was read. Never raises."""
    text = text or ""
    notes: list[str] = []
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notes.append(TRUNCATED)
    text = text.strip()
    if not text:
        return Reading(None, tuple(notes))
    parser = _Parser(_lex(text))
    try:
        node = parser.parse()
    except RecursionError:  # brackets nested thousands deep: read as plain text
        node = _and([Term(p) for p in text.split()])
    notes.extend(dict.fromkeys(parser.notes))
    if node is not None and _only_exclusions(node):
        node = _positive(node)
        notes.append(LONE_EXCLUSION)
    if count_terms(node) > MAX_TERMS:
        node = _first_terms(node, [MAX_TERMS])
        notes.append(TOO_MANY_TERMS)
    return Reading(node, tuple(notes))


def parse(text: str):
    """The parse tree alone (None for an empty entry)."""
    return read(text).node


def positive_terms(node) -> list[Term]:
    """The terms a matching article prints (for ranking and highlighting): all but the excluded ones."""
    if node is None:
        return []
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Not):
        return []
    return [t for c in node.children for t in positive_terms(c)]
