"""Keeping the index in step with the database, one writer at a time.

- `reindex_articles(ids)` / `remove_articles(ids)`: write these articles now (what the
  admin and the loader call; an id that no longer exists is removed).
- `ArchiveSignalProcessor` (HAYSTACK_SIGNAL_PROCESSOR): saving or deleting an Article, an
  Appearance, an ArticleTopic, a Person, a PersonAlias, a Topic, an Issue or a Paper
  re-indexes the articles it shows in — at once outside a transaction, when the
  transaction commits inside one (a rolled-back change never reaches the index).
- `after_load`: the loader's hook (archive.loading.after_load_hooks), registered at app
  ready; it indexes what the file changed once the hooks before it (topics) have run.
- `refresh_dictionary()`: when the archive learns a name or slogan, jieba's dictionary is
  rewritten and every article printing a changed word is re-indexed, so the index is
  always cut with the dictionary every process loads.

All writes go through `write_documents` / `delete_documents` under `searcher.writer_lock`
(a file lock: threads and processes queue for it), so no LockError reaches a user.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable

from django.db import connection, models, transaction
from haystack.constants import ID
from haystack.signals import BaseSignalProcessor
from whoosh import writing

from .engine import matching
from .engine import reader as searcher
from .engine.codec import SEGMENT_OPTIONS

log = logging.getLogger("archive.search")

WRITER_LIMIT_MB = 512
WRITER_TIMEOUT = 120.0
CT = "archive.article"


def identifier(article_id: int) -> str:
    return f"{CT}.{article_id}"


# Writing ----------------------------------------------------------------------------------------
PARALLEL_MIN = 4000  # a fresh index of at least this many articles is built by several processes
PARALLEL_PROCS = max(1, min(4, os.cpu_count() or 1))


def index_writer(ix, **kwargs):
    """Whoosh's writer for the index, writing with the archive's codec (codec.py), one file per part
    (see codec.SEGMENT_OPTIONS)."""
    kwargs.setdefault("timeout", WRITER_TIMEOUT)
    kwargs.setdefault("delay", 0.05)
    return ix.writer(**SEGMENT_OPTIONS, **kwargs)


def write_documents(holder: searcher.IndexHolder, docs: Iterable[dict], delete: Iterable[str] = ()) -> int:
    """Add or replace documents (and delete identifiers) in one writer pass with one commit."""
    with searcher.writer_lock(holder.path):
        return _write(holder.open_index(), docs, delete)


def _write(ix, docs: Iterable[dict], delete: Iterable[str] = ()) -> int:
    """One pass of Whoosh's writer; small segments are merged as usual. (Whole indexes are written
    by `_build`.)"""
    written = 0
    writer = index_writer(ix, limitmb=WRITER_LIMIT_MB)
    try:
        for ident in delete:
            writer.delete_by_term(ID, ident)
        for doc in docs:
            writer.update_document(**doc)
            written += 1
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    return written


def write_articles(holder: searcher.IndexHolder, index, ids: list[int]) -> int:
    """Index these articles (haystack's update path); an empty index is built as `rebuild` builds it."""
    with searcher.writer_lock(holder.path):
        ix = holder.open_index()
        if ix.doc_count_all() == 0:
            return _build(ix, ids)
        return _write(ix, index.documents(ids))


def rebuild(holder: searcher.IndexHolder) -> int:
    """Index every article anew. The new segments replace all of the index's in one commit, so
    searches keep finding the old index until the new one is complete (haystack's rebuild_index
    empties the index first, and the archive has nothing to search for minutes)."""
    from archive.models import Article

    with searcher.writer_lock(holder.path):
        ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        return _build(holder.open_index(), ids)


def _build(ix, ids: list[int]) -> int:
    """Write these articles into new segments (in parallel processes when there are many) and make
    them the whole index. The caller holds the writer lock."""
    from .dictionary import update_userdict

    update_userdict()  # the text is cut with the names the database has now
    if len(ids) >= PARALLEL_MIN and PARALLEL_PROCS > 1 and _can_fork():
        results = _parallel_segments(ids)
    else:
        results = [_segment(ix, ids)]
    writer = index_writer(ix)
    try:
        writer._close_segment()  # the writer's own segment stays empty
        writer._commit_toc([segment for segment, written in results if written])
    finally:
        writer._finish()
    return sum(written for _, written in results)


def _can_fork() -> bool:
    """Worker processes need their own connection to a database file (not an in-memory test database)."""
    from django.db import connections

    name = str(connections["default"].settings_dict.get("NAME") or "")
    in_memory = name in ("", ":memory:") or "mode=memory" in name or "memorydb" in name
    return hasattr(os, "fork") and not in_memory and not connection.in_atomic_block


def _parallel_segments(ids: list[int]) -> list[tuple]:
    """One segment per process, each reading its share of articles from the database itself."""
    import multiprocessing

    from django.db import connections

    procs = min(PARALLEL_PROCS, max(1, len(ids) // (PARALLEL_MIN // 2)))
    shares = [sorted(ids[i::procs]) for i in range(procs)]
    connections.close_all()  # never share a database connection across fork
    context = multiprocessing.get_context("fork")
    with context.Pool(procs) as pool:
        return pool.map(_worker_segment, shares)


def _worker_segment(share: list[int]) -> tuple:
    """In a worker process: (segment, documents written) for a share of the articles."""
    from django.db import connections

    from .connection import get_holder

    connections.close_all()
    try:
        return _segment(get_holder().open_index(), share)  # the parent's holder, inherited through fork
    finally:
        connections.close_all()


def _segment(ix, ids: list[int]) -> tuple:
    """(a new segment holding these articles, how many), written beside the index's segments,
    not yet part of it (no index lock: the caller holds the writer lock)."""
    from .engine.writer import BulkSegmentWriter

    writer = BulkSegmentWriter(ix, _lk=False)
    written = 0
    try:
        for doc in article_index().documents(ids):
            writer.add_document(**doc)
            written += 1
        segment = writer._finalize_segment()
    except BaseException:
        writer.cancel()
        raise
    writer._finish()
    return segment, written


def delete_documents(holder: searcher.IndexHolder, identifiers: Iterable[str]) -> None:
    identifiers = list(identifiers)
    if not identifiers:
        return
    with searcher.writer_lock(holder.path):
        ix = holder.open_index()
        writer = index_writer(ix)
        try:
            for ident in identifiers:
                writer.delete_by_term(ID, ident)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()


def clear_index(holder: searcher.IndexHolder) -> None:
    """An empty index with the current schema (the directory is kept; readers notice the change)."""
    with searcher.writer_lock(holder.path):
        holder.storage().create_index(holder.schema)


def optimize_index(holder: searcher.IndexHolder) -> None:
    with searcher.writer_lock(holder.path):
        ix = holder.open_index()
        index_writer(ix).commit(mergetype=writing.OPTIMIZE)


# Articles ---------------------------------------------------------------------------------------
def article_index():
    from haystack import connections

    from archive.models import Article

    return connections["default"].get_unified_index().get_index(Article)


def _reindex(ids: set[int]) -> None:
    from archive.models import Article

    from .connection import get_holder

    if not ids:
        return
    present = set(Article.objects.filter(pk__in=ids).values_list("pk", flat=True))
    gone = [identifier(i) for i in sorted(ids - present)]
    write_documents(get_holder(), article_index().documents(sorted(present)), delete=gone)


def reindex_articles(ids: Iterable[int]) -> None:
    """Make the index show these articles as the database has them now (missing ids are removed).

    The jieba dictionary is brought up to date first: articles printing a newly learned
    or dropped name are re-indexed in the same writer pass.
    """
    ids = {int(i) for i in ids}
    if not ids:
        return
    ids |= refresh_dictionary()
    _reindex(ids)


def remove_articles(ids: Iterable[int]) -> None:
    from .connection import get_holder

    delete_documents(get_holder(), [identifier(int(i)) for i in ids])


def articles_printing(words: Iterable[str], limit: int | None = None) -> set[int]:
    """Ids of the indexed articles that print any of these strings (headline or text)."""
    from whoosh import query as wq

    from .connection import get_holder
    from .engine.syntax import Term
    from .engine.translate import match_query

    parts = [q for q in (match_query(Term(w)) for w in words) if q is not None]
    if not parts:
        return set()
    holder = get_holder()
    with holder.searching() as s:
        docs = matching.docnums(matching.query_docs(holder, s, wq.Or(parts)))
        docs = docs[:limit] if limit else docs
        return {int(s.stored_fields(d)["django_id"]) for d in docs}


def refresh_dictionary() -> set[int]:
    """Bring jieba's user dictionary in line with the database; ids of articles to re-index."""
    from .dictionary import update_userdict

    change = update_userdict()
    if not change.changed:
        return set()
    try:
        return articles_printing(change.words)
    except Exception:  # an index that cannot be searched yet: nothing to re-index
        log.exception("could not find the articles printing %d changed words", len(change.words))
        return set()


# Queued updates (signals) -----------------------------------------------------------------------
_local = threading.local()


def _pending() -> set[int]:
    pending = getattr(_local, "pending", None)
    if pending is None:
        pending = _local.pending = set()
    return pending


def flush() -> set[int]:
    """Index every queued article now; returns their ids."""
    ids = set(_pending())
    _local.pending = set()
    if ids:
        try:
            reindex_articles(ids)
        except Exception:
            # The save itself succeeded; a failed index write is logged, not shown as an error page.
            log.exception("could not re-index articles %s", sorted(ids)[:20])
    return ids


def queue(ids: Iterable[int]) -> None:
    """Re-index these articles at once, or when the current transaction commits."""
    _pending().update(int(i) for i in ids if i is not None)
    if not connection.in_atomic_block:
        flush()
        return
    _on_commit(flush)


def _on_commit(func) -> None:
    """transaction.on_commit(func): registered for every change (a flush with nothing queued does
    nothing), since a rolled-back transaction drops its callbacks and a flag would go stale."""
    transaction.on_commit(func)


def after_load(ids: list[int]) -> None:
    """archive.loading hook: index what a loaded file changed.

    It runs inside the file's transaction, after the hooks before it such as topic
    assignment (whose rows are bulk-created without signals). Queueing joins the ids the
    article saves already queued, so each article is indexed once, complete, at commit.
    """
    queue(ids)


# Which saved fields change what the index shows (None: every save does).
INDEXED_FIELDS = {
    "Article": {"kind", "kicker", "title", "subtitle", "column", "dateline", "byline", "body", "position", "issue",
                "issue_id"},
    "Appearance": {"article", "article_id", "person", "person_id", "order"},
    "ArticleTopic": {"article", "article_id", "topic", "topic_id"},
    "Issue": {"date", "page", "paper", "paper_id"},
    "Paper": {"name", "slug"},
    "Person": {"name", "slug"},
    "PersonAlias": {"name", "person", "person_id"},
    "Topic": {"name", "slug"},
}
# Senders whose names go into jieba's dictionary.
DICTIONARY_SENDERS = {"Person", "PersonAlias", "Topic"}


def _article_ids_for(sender, instance) -> list[int]:
    from archive.models import Appearance, Article, ArticleTopic, Issue, Paper, Person

    if sender is Article:
        return [instance.pk]
    if sender in (Appearance, ArticleTopic):
        return [instance.article_id]
    if sender is Person:
        return list(Appearance.objects.filter(person_id=instance.pk).values_list("article_id", flat=True))
    if sender is Issue:
        return list(Article.objects.filter(issue_id=instance.pk).values_list("pk", flat=True))
    if sender is Paper:
        return list(Article.objects.filter(issue__paper_id=instance.pk).values_list("pk", flat=True))
    return []


class ArchiveSignalProcessor(BaseSignalProcessor):
    """Re-indexes the articles a saved or deleted object shows in (see the module docstring)."""

    def _senders(self):
        from archive.models import Appearance, Article, ArticleTopic, Issue, Paper, Person, PersonAlias, Topic

        return (Article, Appearance, ArticleTopic, Issue, Paper, Person, PersonAlias, Topic)

    def setup(self):
        for sender in self._senders():
            models.signals.post_save.connect(self.handle_save, sender=sender)
            models.signals.post_delete.connect(self.handle_delete, sender=sender)

    def teardown(self):
        for sender in self._senders():
            models.signals.post_save.disconnect(self.handle_save, sender=sender)
            models.signals.post_delete.disconnect(self.handle_delete, sender=sender)

    def handle_save(self, sender, instance, raw=False, update_fields=None, **kwargs):
        if raw:
            return
        name = sender.__name__
        if update_fields is not None and not set(update_fields) & INDEXED_FIELDS.get(name, set()):
            return
        ids = _article_ids_for(sender, instance)
        if ids:
            queue(ids)  # the flush refreshes the dictionary too
        elif name in DICTIONARY_SENDERS:
            _on_commit(check_dictionary) if connection.in_atomic_block else check_dictionary()

    def handle_delete(self, sender, instance, **kwargs):
        self.handle_save(sender, instance)


def check_dictionary() -> None:
    """A name or slogan changed: refresh jieba's dictionary and re-index the articles printing it."""
    try:
        _reindex(refresh_dictionary())
    except Exception:
        log.exception("could not refresh the jieba dictionary")


def reindex_printing(words: Iterable[str]) -> None:
    """Re-index every article that prints one of these words (after the dictionary changed)."""
    try:
        _reindex(articles_printing(words))
    except Exception:
        log.exception("could not re-index the articles printing %d words", len(list(words)))


def register_load_hook() -> None:
    """Called at app ready: index what every loaded file changed."""
    from archive.loading import after_load_hooks

    if after_load not in after_load_hooks:
        after_load_hooks.append(after_load)
