"""A search request → one page of results with facets and highlights (the search page and the API).

Runs on the process's kept-open searcher: every match is collected unscored (for the
count and the facet counts, taken from cached columns), the page is picked from the
matches by relevance (`rank`) or by date, and only that page's documents are read and
highlighted. Nothing here touches the database except to name people and topics in the
facets (and to read a paper's name from its slug).
"""

from __future__ import annotations

import datetime
import logging
import math
import threading
import time
from dataclasses import dataclass, field

import numpy as np
from django.http import QueryDict
from whoosh import query as wq

from . import highlight, matching, query
from .highlight import snippet
from .searcher import IndexHolder

log = logging.getLogger("archive.search")

PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 500
SORTS = ("relevance", "newest", "oldest")
FACETS = ("year", "paper", "kind", "person", "topic")
FACET_LIMITS = {"year": 50, "paper": 20, "kind": 10, "person": 15, "topic": 15}


def _int(value, default: int, low: int, high: int) -> int:
    try:
        return min(max(int(value), low), high)
    except (TypeError, ValueError):
        return default


def _date(value) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        try:  # a bare year
            year = int(str(value).strip()[:4])
            return datetime.date(year, 1, 1) if 1 <= year <= 9999 else None
        except ValueError:
            return None


@dataclass
class SearchRequest:
    q: str = ""
    page: int = 1
    per_page: int = PER_PAGE
    sort: str = "relevance"
    paper: str = ""
    kind: str = ""
    year: str = ""
    person: str = ""
    topic: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    @classmethod
    def from_params(cls, params: QueryDict | dict) -> SearchRequest:
        """Read the query string leniently: a bad value is ignored, never an error."""
        get = params.get
        sort = get("sort") or "relevance"
        year = str(get("year") or "").strip()
        return cls(
            q=str(get("q") or "")[:2000],
            page=_int(get("page"), 1, 1, MAX_PAGE),
            per_page=_int(get("per_page"), PER_PAGE, 1, MAX_PER_PAGE),
            sort=sort if sort in SORTS else "relevance",
            paper=str(get("paper") or "").strip()[:100],
            kind=str(get("kind") or "").strip()[:20],
            year=year if year.isdigit() and len(year) == 4 else "",
            person=str(get("person") or "").strip()[:100],
            topic=str(get("topic") or "").strip()[:100],
            date_from=_date(get("from") or get("date_from")),
            date_to=_date(get("to") or get("date_to")),
        )

    @property
    def filtered(self) -> bool:
        return bool(self.paper or self.kind or self.year or self.person or self.topic
                    or self.date_from or self.date_to)

    def params(self, **changes) -> dict:
        """The query-string parameters of this request (for links), with changes applied."""
        values = {
            "q": self.q, "sort": "" if self.sort == "relevance" else self.sort, "paper": self.paper,
            "kind": self.kind, "year": self.year, "person": self.person, "topic": self.topic,
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
        }
        values.update({k: v for k, v in changes.items()})
        return {k: v for k, v in values.items() if v not in ("", None)}


@dataclass
class SearchResponse:
    request: SearchRequest
    count: int = 0
    page: int = 1
    num_pages: int = 0
    results: list[dict] = field(default_factory=list)
    facets: dict[str, list[dict]] = field(default_factory=dict)
    searched: bool = False  # False: nothing to search for (empty box, no filter)
    plain_text: bool = False  # the query was read as plain text
    took_ms: float = 0.0


def _paper_names(value: str) -> list[str]:
    from archive.models import Paper

    names = list(Paper.objects.filter(slug=value).values_list("name", flat=True))
    return names or [value]


def filter_queries(req: SearchRequest) -> list:
    """The request's filters: Whoosh queries for exact values (adding nothing to scores), a DateSpan for dates."""
    parts = []
    if req.paper:
        names = _paper_names(req.paper)
        parts.append(wq.Or([wq.Term("paper", n, boost=0.0) for n in names]) if len(names) > 1
                     else wq.Term("paper", names[0], boost=0.0))
    if req.kind:
        parts.append(wq.Term("kind", req.kind, boost=0.0))
    if req.year:
        parts.append(wq.Term("year", req.year, boost=0.0))
    if req.person:
        parts.append(wq.Term("person", req.person, boost=0.0))
    if req.topic:
        parts.append(wq.Term("topic", req.topic, boost=0.0))
    if req.date_from or req.date_to:
        parts.append(DateSpan(req.date_from, req.date_to))
    return parts


@dataclass(frozen=True)
class DateSpan:
    """A date filter, applied to the matches with the cached date column (no posting lists)."""

    start: datetime.date | None
    end: datetime.date | None

    def whoosh(self):
        """The same filter as a Whoosh query (for running it on a plain Whoosh searcher)."""
        start = datetime.datetime.combine(self.start, datetime.time.min) if self.start else None
        end = datetime.datetime.combine(self.end, datetime.time.max) if self.end else None
        return wq.DateRange("date", start, end)

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


def rank(holder: IndexHolder, s, node, docs: np.ndarray, k: int, memo: dict | None = None) -> list[tuple[int, float]]:
    """The first k of the matches (a mask) by relevance, best first: [(docnum, score)].

    Order: how many of the query's terms the headline prints (a strict tier), then BM25 of
    jieba's words for the terms (headline boosted over text), then newest. Word scores are
    computed only for the tiers that can reach the first k.
    """
    terms = query.positive_terms(node)
    tiers = np.zeros(len(docs), dtype=np.int64)
    for term in terms:
        if term.field != "text":
            headline = query.match_query(query.Term(term.text, "headline", term.phrase))
            if headline is not None:
                tiers += matching.query_docs(holder, s, query.unwrap(headline), memo) & docs
    # The lowest tier still needed to fill k places; only it and the tiers above are scored.
    threshold, covered = 0, 0
    sizes = np.bincount(tiers[docs]) if docs.any() else np.zeros(1, dtype=np.int64)
    for tier in range(len(sizes) - 1, 0, -1):
        covered += int(sizes[tier])
        if covered >= k:
            threshold = tier
            break
    candidates = docs & (tiers >= threshold) if threshold else docs
    scores = np.zeros(len(docs), dtype=np.float64)
    scored = np.zeros(len(docs), dtype=bool)
    for term in terms:
        tokens = dict.fromkeys(query.words(term.text))
        for name, boost, _score in query.fields_for(term.field):
            lengths = holder.lengths(s, name)
            for token in tokens:
                matching.add_bm25(s, name, token, boost, candidates, lengths, scores, scored)
    ranked = candidates if threshold else docs & ((tiers > 0) | scored)
    dates = holder.dates(s)
    chosen = np.flatnonzero(ranked)
    # Best first: tier, score, date (newest), then the lower docnum.
    order = np.lexsort((chosen, -dates[chosen], -scores[chosen], -tiers[chosen]))[:k]
    best = chosen[order]
    top = [(int(d), query.HEADLINE_MATCH_SCORE * int(tiers[d]) + float(scores[d])) for d in best]
    if len(top) < k:
        rest = _by_date(holder, s, docs & ~ranked, "newest", k - len(top))
        top += [(d, query.TEXT_MATCH_SCORE) for d in rest]
    return top


def _by_date(holder: IndexHolder, s, docs: np.ndarray, sort: str, k: int) -> list[int]:
    """The first k documents of the mask newest (or oldest) first, ties by docnum."""
    if k <= 0:
        return []
    chosen = np.flatnonzero(docs)
    dates = holder.dates(s)[chosen]
    order = np.lexsort((chosen, dates if sort == "oldest" else -dates))[:k]
    return chosen[order].tolist()


def _labels(name: str, keys: list[str]) -> dict[str, str]:
    from archive.models import Article, Person, Topic

    if name == "person":
        return dict(Person.objects.filter(slug__in=keys).values_list("slug", "name"))
    if name == "topic":
        return dict(Topic.objects.filter(slug__in=keys).values_list("slug", "name"))
    if name == "kind":
        return {k: str(Article.Kind(k).label) for k in keys if k in Article.Kind.values}
    return {}


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


def _label_facets(facets: dict[str, list[dict]]) -> None:
    for name, entries in facets.items():
        labels = _labels(name, [e["value"] for e in entries])
        for entry in entries:
            entry["label"] = labels.get(entry["value"], entry["value"])


def result_dict(fields: dict, score: float, needles: list[str], with_highlights: bool = True) -> dict:
    date = fields.get("date")
    title = fields.get("title") or ""
    text = fields.get("text") or ""
    return {
        "id": int(fields["django_id"]),
        "url": fields.get("url", ""),
        "title": title,
        "kicker": fields.get("kicker") or "",
        "subtitle": fields.get("subtitle") or "",
        "paper": fields.get("paper") or "",
        "paper_slug": fields.get("paper_slug") or "",
        "date": date.date().isoformat() if isinstance(date, datetime.datetime) else "",
        "kind": fields.get("kind") or "",
        "snippet": highlight.snippet(text, needles) if with_highlights else highlight.snippet(text, []),
        "title_html": highlight.highlight(title, needles) if with_highlights else highlight.highlight(title, []),
        "kicker_html": highlight.highlight(fields.get("kicker") or "", needles),
        "subtitle_html": highlight.highlight(fields.get("subtitle") or "", needles),
        "persons": list(fields.get("persons") or []),
        "people": list(zip(fields.get("person_slugs") or [], fields.get("persons") or [], strict=False)),
        "score": round(float(score), 4),
    }


def execute(holder: IndexHolder, node, filters: list, sort: str, start: int, stop: int,
            with_facets: bool = True):
    """Run a parse tree on the kept searcher: (count, [(stored fields, score)] for start:stop, facets or None).

    Three steps: every matching document (exact, unscored: query.match_tree and the
    filters, read a posting block at a time); the facets counted over them; the page, by
    `rank` (headline tier, BM25, date) or by date alone.
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
            top = [(d, 0.0) for d in _by_date(holder, s, docs, "oldest" if sort == "oldest" else "newest", stop)]
        page = [(s.stored_fields(d), score) for d, score in top[start:stop]]
        facets = facet_counts(holder, s, docs) if with_facets else None
        count = int(np.count_nonzero(docs))
    return count, page, facets


def search(req: SearchRequest, holder: IndexHolder | None = None, with_facets: bool = True) -> SearchResponse:
    """One page of results for a request. Never raises on what a user typed."""
    from .backend import get_holder

    started = time.perf_counter()
    holder = holder or get_holder()
    response = SearchResponse(request=req, page=req.page)
    node, response.plain_text = query.read(req.q)
    filters = filter_queries(req)
    if query.match_tree(node) is None and not filters:
        response.searched = bool(req.q.strip())
        response.took_ms = (time.perf_counter() - started) * 1000
        return response
    response.searched = True
    start = (req.page - 1) * req.per_page
    sort = req.sort if node is not None else ("oldest" if req.sort == "oldest" else "newest")
    count, page, facets = execute(holder, node, filters, sort, start, start + req.per_page, with_facets=with_facets)
    needles = [t.text for t in query.positive_terms(node)]
    response.count = count
    response.num_pages = math.ceil(count / req.per_page) if count else 0
    response.results = [result_dict(fields, score, needles) for fields, score in page]
    if facets is not None:
        _label_facets(facets)
        response.facets = facets
    response.took_ms = (time.perf_counter() - started) * 1000
    return response


# Before the first request ---------------------------------------------------------------------------
def warm() -> None:
    """Load what every search needs: jieba's dictionaries, the searcher and its arrays (facet
    codes, dates, field lengths). About two seconds at 100,000 articles, which the first
    search after a start would otherwise wait for."""
    from .backend import get_holder

    query.words("衡阳")
    holder = get_holder()
    with holder.searching() as s:
        holder.live(s)
        holder.dates(s)
        for name in ("headline", "text"):
            holder.lengths(s, name)
        for name in FACETS:
            holder.codes(s, name)


def warm_in_background() -> threading.Thread:
    """`warm()` in a daemon thread (a server process calls this at start; requests share its work)."""
    def run():
        try:
            warm()
        except Exception:  # a missing or unreadable index: the first search reports it
            log.exception("could not prepare the search index")

    thread = threading.Thread(target=run, name="search-warm", daemon=True)
    thread.start()
    return thread


# haystack's SearchQuerySet path ------------------------------------------------------------------
def run_haystack_search(holder: IndexHolder, query_string: str, sort_by=None, start_offset=0, end_offset=None,
                        highlight=False, facets=None, narrow_queries=None, result_class=None) -> dict:
    """The backend's search(): haystack's query string and narrow queries read by query.py."""
    from haystack.models import SearchResult

    result_class = result_class or SearchResult
    text = (query_string or "").strip()
    if text in ("*", "*:*", "(*)"):
        text = ""
    node = query.parse(text)
    filters = []
    for narrow in narrow_queries or ():
        field_name, _, value = str(narrow).partition(":")
        value = value.strip().strip("()").strip('"')
        if field_name in ("paper", "kind", "year", "person", "topic") and value:
            filters.append(wq.Term(field_name, value, boost=0.0))
        elif field_name == "django_ct":
            continue
        else:
            _n, narrowed = query.build(str(narrow))
            if narrowed is not None:
                filters.append(narrowed)
    sort = "relevance"
    for key in sort_by or ():
        if key.lstrip("-") == "date":
            sort = "newest" if key.startswith("-") else "oldest"
    if node is not None and query.match_tree(node) is None:
        return {"results": [], "hits": 0, "facets": {}, "spelling_suggestion": None}
    if node is None:
        sort = "oldest" if sort == "oldest" else "newest"
    stop = end_offset if end_offset is not None else start_offset + PER_PAGE
    count, page, counted = execute(holder, node, filters, sort, start_offset, stop, with_facets=bool(facets))
    needles = [t.text for t in query.positive_terms(node)]
    results = []
    for fields, score in page:
        extra = {k: v for k, v in fields.items() if k not in ("django_ct", "django_id", "id")}
        if highlight:
            extra["highlighted"] = {"text": [snippet(fields.get("text") or "", needles)]}
        results.append(result_class("archive", "article", fields["django_id"], score, **extra))
    facet_dict = {"fields": {}, "dates": {}, "queries": {}}
    if counted:
        for name in facets or ():
            if name in counted:
                facet_dict["fields"][name] = [(e["value"], e["count"]) for e in counted[name]]
    return {"results": results, "hits": count, "facets": facet_dict, "spelling_suggestion": None}


def count(text: str, req: SearchRequest | None = None, holder: IndexHolder | None = None) -> int:
    """How many articles a query finds (with the filters of `req`, if given)."""
    from .backend import get_holder

    node = query.parse(text)
    if query.match_tree(node) is None:
        return 0
    filters = filter_queries(req) if req else []
    total, _page, _facets = execute(holder or get_holder(), node, filters, "relevance", 0, 0, with_facets=False)
    return total


def suggestions(req: SearchRequest, holder: IndexHolder | None = None) -> dict:
    """What to try when nothing was found: each word alone, the query without filters, topics."""
    from archive.models import Topic

    node, plain = query.read(req.q)
    terms = list(dict.fromkeys(t.text for t in query.positive_terms(node)))
    alone = []
    if len(terms) > 1:
        for text in terms[:6]:
            n = count(text, req, holder)
            if n:
                alone.append({"q": text, "count": n, "params": req.params(q=text)})
    unfiltered = None
    if req.filtered and req.q.strip():
        n = count(req.q, None, holder)
        if n:
            unfiltered = {"count": n, "params": {"q": req.q}}
    topics = list(Topic.objects.filter(article_count__gt=0).order_by("-article_count", "name")[:8])
    return {"alone": alone, "unfiltered": unfiltered, "plain": plain, "topics": topics,
            "short": len("".join(req.q.split())) > 12}
