"""A search request → one page of results with facets and highlights (the page, the API, the feeds).

The engine (engine/execute.py) finds, ranks and counts; here the request's parameters
are read, filters made, and nothing found turned into something to try. Nothing here
touches the database except to name papers, people and topics.
"""

from __future__ import annotations

import datetime
import logging
import math
import re
import threading
import time
from dataclasses import dataclass, field
from itertools import combinations

from haystack.models import SearchResult

from archive.models import Article, Paper, Person, Topic
from archive.parsing.text import printable  # control characters never reach a query, a page or a feed
from archive.topics import listed_topics

from .connection import get_holder
from .engine import execute, highlight, syntax, translate
from .engine.execute import FACETS, DateSpan, exact_filter
from .engine.reader import IndexHolder, IndexUnavailable
from .engine.syntax import And, Not, Term

log = logging.getLogger("archive.search")

PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 500
SORTS = ("relevance", "newest", "oldest")
MAX_LEFT_OUT = 3  # at most this many words are left out when all of them find nothing


class InvalidParameter(ValueError):
    """A query-string parameter that cannot be read (the API answers 400 with the message)."""


class SearchUnavailable(RuntimeError):
    """The index cannot be searched (the page and the API answer 503; the rest of the site works)."""


_reported: set[str] = set()


def _unavailable(error: Exception) -> SearchUnavailable:
    """The error to raise for an index that cannot be searched, logged once per cause."""
    reason = str(error)
    if reason not in _reported:
        _reported.add(reason)
        log.error("search is unavailable: %s (run `manage.py rebuild_index --noinput`)", reason)
    return SearchUnavailable(reason)


def _int(name: str, value, default: int, low: int, high: int, errors: list[str]) -> int:
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors.append(f"参数 {name} 应为整数：{str(value)[:40]}")
        return default
    if not low <= number <= high:
        errors.append(f"参数 {name} 应在 {low} 到 {high} 之间：{number}")
    return min(max(number, low), high)


def _date(name: str, value, errors: list[str]) -> datetime.date | None:
    if not value:
        return None
    text = str(value).strip()
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        pass
    if text.isdigit() and len(text) == 4 and int(text) >= 1:  # a bare year
        return datetime.date(int(text), 1, 1) if name == "from" else datetime.date(int(text), 12, 31)
    errors.append(f"参数 {name} 应为日期 YYYY-MM-DD：{text[:40]}")
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
    issue: str = ""  # an Issue's id: search within one printed page
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    @classmethod
    def from_params(cls, params, strict: bool = False) -> SearchRequest:
        """Read the query string. A bad value is ignored, or with `strict` raises InvalidParameter."""
        get = params.get
        errors: list[str] = []
        sort = get("sort") or "relevance"
        if sort not in SORTS:
            errors.append(f"参数 sort 应为 {' / '.join(SORTS)} 之一：{str(sort)[:40]}")
            sort = "relevance"
        year = str(get("year") or "").strip()
        if year and not (year.isdigit() and len(year) == 4):
            errors.append(f"参数 year 应为四位年份：{year[:40]}")
            year = ""
        issue = str(get("issue") or "").strip()
        if issue and not issue.isdigit():
            errors.append(f"参数 issue 应为整数：{issue[:40]}")
            issue = ""
        req = cls(
            q=printable(str(get("q") or ""))[:2000],
            page=_int("page", get("page"), 1, 1, MAX_PAGE, errors),
            per_page=_int("per_page", get("per_page"), PER_PAGE, 1, MAX_PER_PAGE, errors),
            sort=sort,
            paper=printable(str(get("paper") or "")).strip()[:100],
            kind=printable(str(get("kind") or "")).strip()[:20],
            year=year,
            person=printable(str(get("person") or "")).strip()[:100],
            topic=printable(str(get("topic") or "")).strip()[:100],
            issue=issue,
            date_from=_date("from", get("from") or get("date_from"), errors),
            date_to=_date("to", get("to") or get("date_to"), errors),
        )
        if strict and errors:
            raise InvalidParameter("；".join(errors))
        return req

    @property
    def filtered(self) -> bool:
        return bool(self.paper or self.kind or self.year or self.person or self.topic or self.issue
                    or self.date_from or self.date_to)

    def params(self, **changes) -> dict:
        """The query-string parameters of this request (for links), with changes applied."""
        values = {
            "q": self.q, "sort": "" if self.sort == "relevance" else self.sort, "paper": self.paper,
            "kind": self.kind, "year": self.year, "person": self.person, "topic": self.topic,
            "issue": self.issue,
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
        }
        values.update(changes)
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
    notes: tuple[str, ...] = ()  # how the query was read (syntax's notes)
    relaxed: bool = False  # nothing was found as typed: these results are for a looser reading
    left_out: list[str] = field(default_factory=list)  # words left out because all of them found nothing
    took_ms: float = 0.0


def _paper_names(value: str) -> list[str]:
    names = list(Paper.objects.filter(slug=value).values_list("name", flat=True))
    return names or [value]


def filter_queries(req: SearchRequest) -> list:
    """The request's filters: exact-value queries (adding nothing to scores), a DateSpan for dates."""
    parts = []
    if req.paper:
        parts.append(exact_filter("paper", _paper_names(req.paper)))
    for name in ("kind", "year", "person", "topic", "issue"):
        value = getattr(req, name)
        if value:
            parts.append(exact_filter(name, [value]))
    if req.date_from or req.date_to:
        parts.append(DateSpan(req.date_from, req.date_to))
    return parts


def _labels(name: str, keys: list[str]) -> dict[str, str]:
    if name == "person":
        return dict(Person.objects.filter(slug__in=keys).values_list("slug", "name"))
    if name == "topic":  # only the topics readers are shown (archive.topics.listed_topics)
        return dict(Topic.objects.filter(listed_topics(), slug__in=keys).values_list("slug", "name"))
    if name == "kind":
        return {k: str(Article.Kind(k).label) for k in keys if k in Article.Kind.values}
    return {}


def _label_facets(facets: dict[str, list[dict]]) -> None:
    for name, entries in facets.items():
        labels = _labels(name, [e["value"] for e in entries]) if entries else {}
        if name == "topic":
            entries[:] = [e for e in entries if e["value"] in labels]
        for entry in entries:
            entry["label"] = labels.get(entry["value"], entry["value"])


def chinese_date(date: datetime.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


def result_dict(fields: dict, score: float, needles: list[str]) -> dict:
    date = fields.get("date")
    day = date.date() if isinstance(date, datetime.datetime) else None
    title = fields.get("title") or ""
    return {
        "id": int(fields["django_id"]),
        "url": fields.get("url") or "",
        "title": title,
        "kicker": fields.get("kicker") or "",
        "subtitle": fields.get("subtitle") or "",
        "paper": fields.get("paper") or "",
        "paper_slug": fields.get("paper_slug") or "",
        "date": day.isoformat() if day else "",
        "date_text": chinese_date(day) if day else "",
        "page": fields.get("page") or "",
        "kind": fields.get("kind") or "",
        "snippet": highlight.snippet(fields.get("text") or "", needles),
        "title_html": highlight.highlight(title, needles),
        "kicker_html": highlight.highlight(fields.get("kicker") or "", needles),
        "subtitle_html": highlight.highlight(fields.get("subtitle") or "", needles),
        "persons": list(fields.get("persons") or []),
        "people": list(zip(fields.get("person_slugs") or [], fields.get("persons") or [], strict=False)),
        "score": round(float(score), 4),
    }


def _run(holder: IndexHolder, node, filters: list, sort: str, start: int, stop: int, with_facets: bool):
    try:
        return execute.execute(holder, node, filters, sort, start, stop, with_facets=with_facets)
    except (IndexUnavailable, OSError, EOFError) as error:
        raise _unavailable(error) from error


_PUNCTUATION = re.compile(r"[^0-9a-z\u3400-\u9fff\uf900-\ufaff]+")


def _pieces(term: Term) -> list[str]:
    """What a term falls back to: its words, or else its runs of letters and ideographs (punctuation dropped)."""
    found = translate.term_words(term)
    if found:
        return found
    runs = [r for r in _PUNCTUATION.split(translate.squeeze(term.text)) if r]
    long_runs = [r for r in runs if len(r) >= 2]
    return long_runs or runs or [term.text]


def _relaxed(node, holder: IndexHolder, filters: list) -> tuple[object, list[str]] | None:
    """When all the words find nothing: the tree with the fewest words left out that finds something.

    Only for a query of plain terms (and exclusions): each term's words (or its text without
    punctuation) become exact strings; first all of them, then up to MAX_LEFT_OUT left out,
    the choice that finds most articles winning. (tree, words left out), or None when
    nothing can be loosened or nothing is found anyway.
    """
    children = node.children if isinstance(node, And) else (node,)
    if not all(isinstance(c, (Term, Not)) for c in children):
        return None
    excluded = [c for c in children if isinstance(c, Not)]
    terms = [c for c in children if isinstance(c, Term)]
    pieces = list(dict.fromkeys(Term(p, t.field, phrase=True) for t in terms for p in _pieces(t)))
    first = 0 if [p.text for p in pieces] != [t.text for t in terms] else 1
    for drop in range(first, min(MAX_LEFT_OUT, len(pieces) - 1) + 1):
        best = None
        for left in combinations(range(len(pieces)), drop):
            kept = [p for i, p in enumerate(pieces) if i not in left]
            tree = syntax.And((*kept, *excluded)) if len(kept) + len(excluded) > 1 else kept[0]
            try:
                found = execute.count(holder, tree, filters)
            except (IndexUnavailable, OSError, EOFError) as error:
                raise _unavailable(error) from error
            if found and (best is None or found > best[0]):
                best = (found, tree, [pieces[i].text for i in left])
        if best:
            return best[1], best[2]
    return None


def search(req: SearchRequest, holder: IndexHolder | None = None, with_facets: bool = True) -> SearchResponse:
    """One page of results for a request. Raises SearchUnavailable when the index cannot be searched,
    never anything for what a user typed."""
    started = time.perf_counter()
    holder = holder or get_holder()
    response = SearchResponse(request=req, page=req.page)
    reading = syntax.read(req.q)
    node = reading.node
    response.notes = reading.notes
    filters = filter_queries(req)
    if translate.match_tree(node) is None and not filters:
        response.searched = bool(req.q.strip())
        response.took_ms = (time.perf_counter() - started) * 1000
        return response
    response.searched = True
    start = (req.page - 1) * req.per_page
    sort = req.sort if node is not None else ("oldest" if req.sort == "oldest" else "newest")
    outcome = _run(holder, node, filters, sort, start, start + req.per_page, with_facets)
    if not outcome.count and node is not None:
        relaxed = _relaxed(node, holder, filters)
        if relaxed is not None:
            node, response.left_out = relaxed
            response.relaxed = True
            outcome = _run(holder, node, filters, sort, start, start + req.per_page, with_facets)
    needles = translate.needles(node)
    response.count = outcome.count
    response.num_pages = math.ceil(outcome.count / req.per_page) if outcome.count else 0
    response.results = [result_dict(f, score, needles) for f, score in outcome.page]
    if outcome.facets is not None:
        _label_facets(outcome.facets)
        response.facets = outcome.facets
    response.took_ms = (time.perf_counter() - started) * 1000
    return response


def count(text: str, req: SearchRequest | None = None, holder: IndexHolder | None = None) -> int:
    """How many articles a query finds (with the filters of `req`, if given)."""
    try:
        return execute.count(holder or get_holder(), syntax.parse(text), filter_queries(req) if req else [])
    except (IndexUnavailable, OSError, EOFError) as error:
        raise _unavailable(error) from error


def suggestions(req: SearchRequest, holder: IndexHolder | None = None) -> dict:
    """What to try when nothing was found: each piece alone, the query without filters, topics."""
    reading = syntax.read(req.q)
    terms = list(dict.fromkeys(t.text for t in syntax.positive_terms(reading.node)))
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
    topics = list(Topic.objects.filter(listed_topics(), article_count__gt=0).order_by("-article_count", "name")[:8])
    return {"alone": alone, "unfiltered": unfiltered, "topics": topics,
            "short": len("".join(req.q.split())) > 12}


# Before the first request ---------------------------------------------------------------------------
def warm() -> None:
    """Load what every search needs: jieba's dictionaries, the searcher and its arrays (facet
    codes, dates, field lengths). About two seconds at 100,000 articles, which the first
    search after a start would otherwise wait for."""
    translate.words("衡阳")
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
        except IndexUnavailable as error:  # the first search reports it to the user
            _unavailable(error)
        except Exception:
            log.exception("could not prepare the search index")

    thread = threading.Thread(target=run, name="search-warm", daemon=True)
    thread.start()
    return thread


# haystack's SearchQuerySet path ------------------------------------------------------------------
def _haystack_groups(text: str) -> str:
    """haystack's query strings group with brackets, `(刘越高)`: spaced out, the archive's syntax reads
    them as a group (a bracket touching its text on both sides is printed text there)."""
    return re.sub(r"([()])", r" \1 ", text)


def run_haystack_search(holder: IndexHolder, query_string: str, sort_by=None, start_offset=0, end_offset=None,
                        highlight=False, facets=None, narrow_queries=None, result_class=None) -> dict:
    """The backend's search(): haystack's query string and narrow queries read by the archive's syntax."""
    result_class = result_class or SearchResult
    text = (query_string or "").strip()
    if text in ("*", "*:*", "(*)"):
        text = ""
    node = syntax.parse(_haystack_groups(text))
    filters = []
    for narrow in narrow_queries or ():
        field_name, _, value = str(narrow).partition(":")
        value = value.strip().strip("()").strip('"')
        if field_name in ("paper", "kind", "year", "person", "topic", "issue") and value:
            filters.append(exact_filter(field_name, [value]))
        elif field_name != "django_ct":
            narrowed = translate.match_tree(syntax.parse(_haystack_groups(str(narrow))))
            if narrowed is not None:
                filters.append(narrowed)
    sort = "relevance"
    for key in sort_by or ():
        if key.lstrip("-") == "date":
            sort = "newest" if key.startswith("-") else "oldest"
    if node is not None and translate.match_tree(node) is None:
        return {"results": [], "hits": 0, "facets": {}, "spelling_suggestion": None}
    if node is None:
        sort = "oldest" if sort == "oldest" else "newest"
    stop = end_offset if end_offset is not None else start_offset + PER_PAGE
    outcome = _run(holder, node, filters, sort, start_offset, stop, bool(facets))
    needles = translate.needles(node)
    results = []
    for fields, score in outcome.page:
        extra = {k: v for k, v in fields.items() if k not in ("django_ct", "django_id", "id")}
        if highlight:
            extra["highlighted"] = {"text": [highlight_snippet(fields, needles)]}
        results.append(result_class("archive", "article", fields["django_id"], score, **extra))
    facet_dict = {"fields": {}, "dates": {}, "queries": {}}
    if outcome.facets:
        for name in facets or ():
            if name in outcome.facets:
                facet_dict["fields"][name] = [(e["value"], e["count"]) for e in outcome.facets[name]]
    return {"results": results, "hits": outcome.count, "facets": facet_dict, "spelling_suggestion": None}


def highlight_snippet(fields: dict, needles: list[str]) -> str:
    return highlight.snippet(fields.get("text") or "", needles)
