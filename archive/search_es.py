"""The search index on Elasticsearch, for an archive past one machine: index settings, mapping, query.

NOT RUN AGAINST A LIVE CLUSTER HERE: this machine has no Elasticsearch. What is tested
(tests/production/test_search_es.py) is the shape of what would be sent: the analyzers,
the mapping of every field of the haystack index (archive/search_indexes.py), a document
in that mapping, and the query body a search builds. No Elasticsearch client is imported.

The Chinese analysis mirrors the Whoosh index (archive/search/): a word field (the
official analysis-smartcn plugin's tokenizer, standing in for jieba) and a character-bigram
field (Elasticsearch's own cjk_bigram filter) for every printed string of two or more
characters, both folding traditional characters to simplified (analysis-icu's
Traditional-Simplified transform) and full-width forms to half-width. Queries are folded
client-side too (archive.search.engine.text.normalize), so the word tokenizer sees simplified
text. Headline fields are boosted over the body, as in the Whoosh index.

Cluster plugins: analysis-smartcn, analysis-icu (both maintained by Elastic).
"""

from __future__ import annotations

import datetime
import re

from archive.search.engine.fields import SEPARATOR
from archive.search.engine.text import normalize

HEADLINE_BOOST = 4
PER_PAGE = 20
FACETS = ("year", "paper", "kind", "person", "topic")
SORTS = {"relevance": ["_score", {"date": "desc"}], "newest": [{"date": "desc"}, "_score"],
         "oldest": [{"date": "asc"}, "_score"]}
HIGHLIGHT_TAGS = {"pre_tags": ["<mark>"], "post_tags": ["</mark>"]}

_FOLDING = ["cjk_width", "lowercase", "traditional_to_simplified"]
INDEX_SETTINGS: dict = {
    "settings": {
        "number_of_shards": 1,
        "number_of_replicas": 1,
        "analysis": {
            "filter": {
                "traditional_to_simplified": {"type": "icu_transform", "id": "Traditional-Simplified"},
                "bigrams_only": {"type": "cjk_bigram", "output_unigrams": False},
            },
            "analyzer": {
                # words: smartcn's dictionary segmentation, folded
                "archive_words": {"type": "custom", "tokenizer": "smartcn_tokenizer", "filter": _FOLDING},
                # bigrams: the standard tokenizer gives one token per ideograph, cjk_bigram pairs them
                "archive_bigrams": {"type": "custom", "tokenizer": "standard", "filter": [*_FOLDING, "bigrams_only"]},
            },
        },
    },
}

_WORDS = {"type": "text", "analyzer": "archive_words"}
_BIGRAMS = {"type": "text", "analyzer": "archive_bigrams"}
_STORED = {"type": "keyword", "index": False, "doc_values": False}
MAPPING: dict = {
    "dynamic": "strict",
    "properties": {
        "id": {"type": "keyword"},
        "django_ct": {"type": "keyword"},
        "django_id": {"type": "keyword"},
        "text": _WORDS, "headline": _WORDS, "byline": _WORDS, "dateline": _WORDS,
        "text_bigrams": _BIGRAMS, "headline_bigrams": _BIGRAMS,
        "byline_bigrams": _BIGRAMS, "dateline_bigrams": _BIGRAMS,
        # the printed title and headline as exact keys: "the headline is the query" ranks first
        "title_key": {"type": "keyword"},
        "paper": {"type": "keyword"}, "kind": {"type": "keyword"}, "year": {"type": "keyword"},
        "date": {"type": "date", "format": "strict_date"},
        "person": {"type": "keyword"}, "topic": {"type": "keyword"}, "issue": {"type": "keyword"},
        "title": _STORED, "kicker": _STORED, "subtitle": _STORED, "page": _STORED, "paper_slug": _STORED,
        "url": _STORED,
        "persons": _STORED, "person_slugs": _STORED, "source_hash": _STORED,
    },
}
SEARCH_FIELDS = [f"headline^{HEADLINE_BOOST}", f"headline_bigrams^{HEADLINE_BOOST}", "text", "text_bigrams"]


def es_document(doc: dict) -> dict:
    """An index document (ArticleIndex.documents) as Elasticsearch stores it: lists, not joined values."""
    out = {}
    for name, value in doc.items():
        if name in ("person", "topic", "title_key"):
            value = [v for v in (value or "").split(SEPARATOR) if v]
        elif isinstance(value, datetime.datetime | datetime.date):
            value = value.strftime("%Y-%m-%d")
        out[name] = value
    return out


_OR = re.compile(r"\s+OR\s+", re.IGNORECASE)  # normalize() lower-cases: or, OR, ＯＲ
_TITLE = re.compile(r'title:("[^"]*"|\S+)')


def build_query(q: str, *, filters: dict[str, str] | None = None, date_from: datetime.date | None = None,
                date_to: datetime.date | None = None, sort: str = "relevance", page: int = 1,
                per_page: int = PER_PAGE, facets: bool = True) -> dict:
    """The search body for the archive's query syntax: "phrase", -exclude, A OR B, title:word.

    The text goes to simple_query_string (its own |, - and "…" operators, all terms
    required), which never raises on what it cannot read: such text is searched as plain
    words, as on the Whoosh side. `title:` terms must match the headline. Filters are exact
    keyword terms; facets are terms aggregations over the same hits; highlights mark both
    the word and the bigram fields with <mark>.
    """
    q = normalize(q).strip()
    titles = [term.strip('"') for term in _TITLE.findall(q)]
    rest = " ".join(_OR.sub(" | ", _TITLE.sub(" ", q)).split())
    must: list[dict] = []
    if rest:
        must.append({"simple_query_string": {
            "query": rest, "fields": SEARCH_FIELDS, "default_operator": "and", "flags": "OR|NOT|PHRASE|WHITESPACE",
        }})
    for term in filter(None, titles):
        must.append({"multi_match": {"query": term, "type": "phrase", "fields": ["headline", "headline_bigrams"]}})
    filter_clauses = [{"term": {name: value}} for name, value in sorted((filters or {}).items()) if name in FACETS]
    if date_from or date_to:
        bounds = {key: day.isoformat() for key, day in (("gte", date_from), ("lte", date_to)) if day}
        filter_clauses.append({"range": {"date": bounds}})
    body: dict = {
        "query": {"bool": {"must": must or [{"match_all": {}}], "filter": filter_clauses}},
        "sort": SORTS.get(sort, SORTS["relevance"]),
        "from": (max(page, 1) - 1) * per_page,
        "size": per_page,
        "track_total_hits": True,
        "_source": ["title", "kicker", "subtitle", "url", "paper", "paper_slug", "date", "persons", "person_slugs"],
        "highlight": {
            **HIGHLIGHT_TAGS, "encoder": "html", "number_of_fragments": 2, "fragment_size": 80,
            "fields": {name: {} for name in ("headline", "headline_bigrams", "text", "text_bigrams")},
        },
    }
    if facets:
        body["aggs"] = {name: {"terms": {"field": name, "size": 50}} for name in FACETS}
    return body
