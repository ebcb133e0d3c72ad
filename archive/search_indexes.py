"""The search index of articles (haystack).

Each article becomes one document: its headline (kicker, title, subtitle), its text
(column and body) and, apart, its byline and dateline, each twice — as jieba words and as
character bigrams — plus exact values to filter and facet on, and what a result shows.
Each headline line and paragraph is a line of its field (no phrase runs across lines).
The byline and dateline are found only by `记者:` / `电头:` queries, never by plain text:
a reporter's name in a byline is not what the article is about.
Documents are built in bulk by `documents(ids)` (a few queries per 500 articles), which
both haystack's `full_prepare` and the backend's bulk writer use.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator

from haystack import indexes
from haystack.constants import DJANGO_CT, DJANGO_ID, ID

from archive.models import Appearance, Article, ArticleTopic
from archive.search.engine.fields import SEPARATOR
from archive.search.engine.translate import headline_key
from archive.search.schema import (
    BigramField,
    ChineseTextField,
    KeywordField,
    KeywordsField,
    StoredField,
    StoredListField,
)
from archive.topics import listed_topics

CHUNK = 500
# What Article.get_absolute_url reads (anything else it reads costs a query per article: add it here).
URL_FIELDS = ("pk", "uid")


def document_hash(doc: dict) -> str:
    """A digest of every value of a document (but its own hash): equal digests, equal documents."""
    values = {k: v.isoformat() if isinstance(v, datetime.datetime) else v for k, v in doc.items() if k != "source_hash"}
    return hashlib.sha1(json.dumps(values, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _clean(value: str) -> str:
    return value.replace(SEPARATOR, " ")


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    # Searchable text: the body side is the document field (boosts are applied in queries).
    text = ChineseTextField(document=True, stored=True)
    headline = ChineseTextField(stored=False)
    byline = ChineseTextField(stored=False)
    dateline = ChineseTextField(stored=False)
    text_bigrams = BigramField()
    headline_bigrams = BigramField()
    byline_bigrams = BigramField()
    dateline_bigrams = BigramField()
    # The title and the whole headline as keys: "the headline is the query" ranks first.
    title_key = KeywordsField(stored=False)
    # Filters and facets.
    paper = KeywordField()
    kind = KeywordField()
    year = KeywordField()
    date = indexes.DateField()
    person = KeywordsField(stored=False)
    topic = KeywordsField(stored=False)
    issue = KeywordField()
    # Shown in results.
    title = StoredField()
    kicker = StoredField()
    subtitle = StoredField()
    page = StoredField()
    url = StoredField()
    paper_slug = StoredField()
    persons = StoredListField()
    person_slugs = StoredListField()
    # What the document was made from, hashed (document_hash): check_index finds stale documents by it.
    source_hash = StoredField()

    def get_model(self):
        return Article

    def index_queryset(self, using=None):
        # Only the keys: documents() loads what the index needs, in bulk.
        return Article.objects.only("pk")

    def get_updated_field(self):
        return "updated_at"

    def full_prepare(self, obj):
        doc = next(iter(self.documents([obj.pk])), None)
        if doc is None:
            from haystack.exceptions import SkipDocument

            raise SkipDocument(obj.pk)
        self.prepared_data = doc
        return doc

    def documents(self, ids: Iterable[int]) -> Iterator[dict]:
        """One document dict per existing article id, in the order of `ids`."""
        ids = list(ids)
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            yield from self._documents(chunk)

    def _documents(self, ids: list[int]) -> Iterator[dict]:
        rows = {
            row["id"]: row
            for row in Article.objects.filter(pk__in=ids).values(
                "id", "kind", "kicker", "title", "subtitle", "column", "dateline", "byline", "body",
                "position", "issue_id", "issue__date", "issue__page", "issue__paper__name", "issue__paper__slug",
            )
        }
        people: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for article_id, slug, name in (
            Appearance.objects.filter(article_id__in=ids)
            .order_by("article_id", "order", "pk")
            .values_list("article_id", "person__slug", "person__name")
        ):
            people[article_id].append((slug, name))
        # In a fixed order, so an unchanged article always makes the same document (and source_hash).
        topics: dict[int, list[str]] = defaultdict(list)
        # Only the topics readers are shown (archive.topics.listed_topics), so the facet offers no others.
        for article_id, slug in ArticleTopic.objects.filter(listed_topics("topic__"), article_id__in=ids).order_by(
            "article_id", "topic__slug"
        ).values_list("article_id", "topic__slug"):
            topics[article_id].append(slug)
        # Each result links to its article's own URL (get_absolute_url), kept in the index.
        urls = {a.pk: a.get_absolute_url()
                for a in Article.objects.filter(pk__in=ids).only(*URL_FIELDS)}
        ct = "archive.article"
        for pk in ids:
            row = rows.get(pk)
            if row is None:
                continue
            doc = self._document(ct, row, people[pk], topics[pk], urls[pk])
            doc["source_hash"] = document_hash(doc)
            yield doc

    def _document(self, ct: str, row: dict, people: list[tuple[str, str]], topics: list[str], url: str) -> dict:
        paragraphs = [p.strip() for p in row["body"].split("\n\n") if p.strip()]
        unique_people = list(dict.fromkeys(people))
        headline = "\n".join(x for x in (row["kicker"], row["title"], row["subtitle"]) if x)
        text = "\n".join(x for x in (row["column"], *paragraphs) if x)
        date: datetime.date = row["issue__date"]
        title = row["title"] or Article(kind=row["kind"], body=row["body"]).display_title
        keys = (headline_key(row["title"]), headline_key(headline), headline_key(row["title"] + row["subtitle"]))
        return {
            ID: f"{ct}.{row['id']}",
            DJANGO_CT: ct,
            DJANGO_ID: str(row["id"]),
            "text": text,
            "headline": headline,
            "byline": row["byline"],
            "dateline": row["dateline"],
            "text_bigrams": text,
            "headline_bigrams": headline,
            "byline_bigrams": row["byline"],
            "dateline_bigrams": row["dateline"],
            "title_key": SEPARATOR.join(dict.fromkeys(k for k in keys if k)),
            "paper": row["issue__paper__name"],
            "kind": row["kind"],
            "year": str(date.year),
            "date": datetime.datetime(date.year, date.month, date.day),
            "person": SEPARATOR.join(dict.fromkeys(_clean(slug) for slug, _ in people)),
            "topic": SEPARATOR.join(dict.fromkeys(_clean(slug) for slug in topics)),
            "issue": str(row["issue_id"]),
            "title": title,
            "kicker": row["kicker"],
            "subtitle": row["subtitle"],
            "page": row["issue__page"],
            "url": url,
            "paper_slug": row["issue__paper__slug"],
            "persons": [name for _, name in unique_people],
            "person_slugs": [slug for slug, _ in unique_people],
        }

