"""Keeping the index in step with the database: one route from a change to one index write.

Every change goes the same way: the ids of the articles it touches are written to the
durable pending table (archive.models.IndexPending) inside the change's own transaction,
and a flush later makes the index show those articles as the database has them, in one
writer pass and one commit, and only then deletes their rows. A process killed anywhere
leaves rows behind, never an index that silently differs from a committed change; the
next flush catches up (load_issues and rebuild_index flush everything pending when they
start; `check_index --repair` too).

When the flush runs:
- `queue(ids)`: at commit (at once outside a transaction); inside a web request, once at
  the end of the request, so an admin correction that saves many rows in several
  transactions is still one index write;
- `batched()`: the bulk loader's scope: nothing is flushed per file; the loader calls
  `flush()` once per batch of files.

Who queues: `ArchiveSignalProcessor` (HAYSTACK_SIGNAL_PROCESSOR) for every saved or deleted
Article, Appearance, ArticleTopic, Person, PersonAlias, Topic, Issue or Paper (the articles
it shows in), `after_load` (the loader's hook, archive.loading.after_load_hooks) and
archive.corrections.sync.

jieba's dictionary: each flush first brings the user dictionary in line with the database,
so the articles it writes are cut with the names and slogans they teach. Whether articles
indexed earlier that print a word added or dropped are re-indexed too depends on who changed
the names: after a correction (a person renamed, merged, given an alias) they are, in the same
commit (made pending before the dictionary file changes, so a kill in between loses nothing);
after a loader batch they are not. The word fields keep a name whole once it is known
(刘越高 one token: better ranking, exact phrases), but recall never depended on it: the
bigram fields find any printed string of two or more characters, whatever the dictionary
said when the article was cut. Re-indexing every earlier article that prints each name or
keyword a batch teaches tripled a first import's indexing work (4,888 documents written for
1,613 articles) for ranking alone; rebuild_index re-cuts everything with the dictionary of
the day.

All writes go through `searcher.writer_lock` (one writer at a time across threads and
processes; a dead holder's lock is gone with it).
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.signals import request_finished, request_started
from django.db import connection, models, transaction
from haystack.constants import DJANGO_ID, ID
from haystack.signals import BaseSignalProcessor
from whoosh import writing
from whoosh.index import LockError

from .engine import matching
from .engine import reader as searcher
from .engine.codec import SEGMENT_OPTIONS
from .engine.merging import merge_small

log = logging.getLogger("archive.search")

WRITER_LIMIT_MB = 512
# Whoosh's own lock is only ever taken under searcher.writer_lock: busy this long, it is a leftover.
WHOOSH_LOCK_WAIT = 5.0
# How long a queued flush (an admin save) waits for another writer (a loader batch, a rebuild)
# before leaving its rows pending for that writer's own catch-up.
FLUSH_WAIT = 60.0
# A flush of at least this many articles writes them as one fresh segment (bulk.py); fewer go
# through Whoosh's writer, which merges small segments as it commits.
BULK_MIN = 50
CT = "archive.article"


def identifier(article_id: int) -> str:
    return f"{CT}.{article_id}"


# Writing ----------------------------------------------------------------------------------------
PARALLEL_MIN = 4000  # a fresh index of at least this many articles is built by several processes
PARALLEL_PROCS = max(1, min(4, os.cpu_count() or 1))
PARALLEL_FLUSH_MIN = 1000  # a flush of at least this many articles is written by several processes too


def index_writer(ix, **kwargs):
    """Whoosh's writer for the index, writing with the archive's codec (codec.py), one file per part
    (see codec.SEGMENT_OPTIONS), merging only small segments (merging.py). The caller holds
    `searcher.writer_lock`.

    Whoosh's own lock file (MAIN_WRITELOCK, an flock) can outlive its writer when a child
    forked while it was held survives a kill. Holding the archive's writer lock means no
    other writer is at work, so a Whoosh lock still busy after the wait is such a leftover:
    its file is removed (a new file, a new lock) and the writer is opened again.
    """
    kwargs.setdefault("timeout", WHOOSH_LOCK_WAIT)
    kwargs.setdefault("delay", 0.05)
    try:
        writer = ix.writer(**SEGMENT_OPTIONS, **kwargs)
    except LockError:
        log.warning("the Whoosh write lock of %s is held by no live writer: cleared", searcher_path(ix))
        with contextlib.suppress(FileNotFoundError):
            os.unlink(os.path.join(searcher_path(ix), f"{ix.indexname}_WRITELOCK"))
        writer = ix.writer(**SEGMENT_OPTIONS, **{**kwargs, "timeout": 0.0})
    writer.mergetype = merge_small  # every commit's merge policy (OPTIMIZE when asked for)
    return writer


def searcher_path(ix) -> str:
    return getattr(ix.storage, "folder", "")


def write_documents(holder: searcher.IndexHolder, docs: Iterable[dict], delete: Iterable[str] = ()) -> int:
    """Add or replace documents (and delete identifiers) in one writer pass with one commit."""
    with searcher.writer_lock(holder.path):
        return _write(holder.open_index(), docs, delete)


def _delete(writer, identifiers: Iterable[str]) -> None:
    """Delete the documents with these identifiers, looking them up through one searcher (Whoosh
    opens a reader of every segment for each one otherwise)."""
    identifiers = list(identifiers)
    if not identifiers:
        return
    with writer.searcher() as searcher:
        for ident in identifiers:
            writer.delete_by_term(ID, ident, searcher=searcher)


def _write(ix, docs: Iterable[dict], delete: Iterable[str] = ()) -> int:
    """One pass of Whoosh's writer; small segments are merged (merging.py). (Whole indexes are written
    by `_build`.)"""
    written = 0
    writer = index_writer(ix, limitmb=WRITER_LIMIT_MB)
    try:
        _delete(writer, delete)
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
    empties the index first, and the archive has nothing to search for minutes).

    Pending rows seen before the articles are read are covered by the rebuild and deleted once
    it has committed; changes made while it ran are flushed before the lock is let go.
    """
    from archive.models import Article, IndexPending

    with searcher.writer_lock(holder.path):
        covered = list(IndexPending.objects.values_list("pk", flat=True))
        ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        written = _build(holder.open_index(), ids)
        _delete_rows(covered)
        _flush_locked(holder, None, dictionary=True)
        return written


MAX_SEGMENTS = 12  # segments a load may leave; search slows with each (one-word p95 159 ms with 30 at 100,000)


def segments_over_limit(holder: searcher.IndexHolder) -> int:
    """How many segments the index has, when that is more than MAX_SEGMENTS (else 0)."""
    count = len(holder.open_index()._segments())
    return count if count > MAX_SEGMENTS else 0


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


def _parallel_segments(ids: list[int], min_share: int = PARALLEL_MIN // 2) -> list[tuple]:
    """One segment per process (each with at least `min_share` articles), each reading its share of
    articles from the database itself."""
    import multiprocessing

    from django.db import connections

    from archive.workers import exit_with_parent

    procs = min(PARALLEL_PROCS, max(1, len(ids) // min_share))
    shares = [sorted(ids[i::procs]) for i in range(procs)]
    connections.close_all()  # never share a database connection across fork
    context = multiprocessing.get_context("fork")
    with context.Pool(procs, initializer=exit_with_parent, initargs=(os.getpid(),)) as pool:
        return pool.map(_worker_segment, shares)


def _worker_segment(share: list[int]) -> tuple:
    """In a worker process: (segment, documents written) for a share of the articles."""
    from django.db import connections

    from archive.collector import freeze

    from .connection import get_holder

    freeze()  # what the parent left in this forked process stays out of its collections
    connections.close_all()
    try:
        return _segment(get_holder().open_index(), share)  # the parent's holder, inherited through fork
    finally:
        connections.close_all()


def _segment(ix, ids: list[int]) -> tuple:
    """(a new segment holding these articles, how many), written beside the index's segments,
    not yet part of it (no index lock: the caller holds the writer lock)."""
    from archive.collector import paused

    from .engine.writer import BulkSegmentWriter

    writer = BulkSegmentWriter(ix, _lk=False)
    written = 0
    try:
        with paused():  # the postings held until the end make no cycles (archive/collector.py)
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
            _delete(writer, identifiers)
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


def _commit_articles(ix, ids: list[int], parallel: bool = True) -> int:
    """One commit that makes the index show these articles as the database has them now: every
    old document of theirs is deleted, the existing ones are written anew (an id that no longer
    exists stays deleted). Returns how many documents were written. The caller holds the lock.
    `parallel`: many articles are written by several processes (one fresh segment each)."""
    from archive.models import Article

    present = sorted(Article.objects.filter(pk__in=ids).values_list("pk", flat=True))
    bulk = len(present) >= BULK_MIN
    # Written before Whoosh's writer opens: each writer destroys the temporary folder they share.
    if not bulk:
        fresh = []
    elif parallel and len(present) >= PARALLEL_FLUSH_MIN and PARALLEL_PROCS > 1 and _can_fork():
        fresh = _parallel_segments(present, PARALLEL_FLUSH_MIN // 2)
    else:
        fresh = [_segment(ix, present)]
    written = sum(n for _, n in fresh)
    writer = index_writer(ix, limitmb=WRITER_LIMIT_MB)
    try:
        _delete(writer, map(identifier, ids))
        if not bulk:
            for doc in article_index().documents(present):
                writer.add_document(**doc)
                written += 1
            writer.commit()
            return written
        # Whoosh's commit, with the fresh segment beside what its merge policy keeps.
        segments = writer._merge_segments(None, None, None)
        if writer._added:
            segments.append(writer._finalize_segment())
        else:
            writer._close_segment()
        writer._commit_toc([*segments, *(segment for segment, n in fresh if n)])
        writer._finish()
        return written
    except BaseException:
        if not writer.is_closed:
            writer.cancel()
        raise


def _delete_rows(pks: list[int]) -> None:
    from archive.models import IndexPending

    for start in range(0, len(pks), 500):
        IndexPending.objects.filter(pk__in=pks[start : start + 500]).delete()


def _mark(ids: Iterable[int]) -> None:
    from archive.models import IndexPending

    IndexPending.objects.bulk_create([IndexPending(article_id=i) for i in sorted(set(ids))], batch_size=500)


def _changing_words() -> set[str]:
    """Words the user dictionary is about to gain or lose (what update_userdict would change)."""
    from .dictionary import SUBWORD_TAG, archive_words, clean_word, read_userdict

    wanted = {w for w in map(clean_word, archive_words()) if w}
    current = {w for w, _, tag in read_userdict() if tag != SUBWORD_TAG}
    return wanted ^ current


def _flush_locked(holder: searcher.IndexHolder, ids: set[int] | None, dictionary: bool, printing: bool = True) -> int:
    """flush() once the writer lock is held."""
    return _write_pending(holder, _pending_pairs(ids, dictionary, printing))


def _pending_pairs(ids: set[int] | None, dictionary: bool, printing: bool) -> list[tuple[int, int]]:
    """(row pk, article id) of the pending rows a flush covers, once the dictionary is in line
    (see flush). The caller holds the writer lock."""
    from archive.models import IndexPending

    from .dictionary import update_userdict

    if dictionary:
        words = _changing_words()
        if words:
            if printing:
                again = articles_printing(words)
                _mark(again)  # durable before the dictionary changes
                ids = None if ids is None else ids | again
            update_userdict()
    rows = IndexPending.objects.all() if ids is None else IndexPending.objects.filter(article_id__in=ids)
    return list(rows.values_list("pk", "article_id"))


def _write_pending(holder: searcher.IndexHolder, pairs: list[tuple[int, int]], parallel: bool = True) -> int:
    """Index the articles of these pending rows in one commit, then delete the rows. The caller holds
    the writer lock."""
    if not pairs:
        return 0
    written = _commit_articles(holder.open_index(), sorted({article_id for _, article_id in pairs}), parallel)
    _delete_rows([pk for pk, _ in pairs])
    return written


def flush(ids: Iterable[int] | None = None, dictionary: bool = True, printing: bool = True,
          wait: float | None = None) -> int:
    """Index the pending articles (all of them, or those among `ids`) in one commit, then clear
    their rows; returns how many documents were written. `dictionary`: first bring jieba's
    dictionary in line, and (`printing`) re-index the articles printing a changed word (see the
    module docstring). Waits for the writer lock (at most `wait` seconds: then
    searcher.WriterBusy, and the rows stay pending)."""
    from .connection import get_holder

    holder = get_holder()
    with searcher.writer_lock(holder.path, timeout=wait):
        return _flush_locked(holder, None if ids is None else {int(i) for i in ids}, dictionary, printing)


def pending_count() -> int:
    from archive.models import IndexPending

    return IndexPending.objects.values("article_id").distinct().count()


def reindex_articles(ids: Iterable[int]) -> None:
    """Make the index show these articles as the database has them now (missing ids are removed)."""
    ids = {int(i) for i in ids}
    if ids:
        _mark(ids)
        flush(ids)


def remove_articles(ids: Iterable[int]) -> None:
    """Delete these articles' documents from the index, whatever the database holds."""
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
    try:
        with holder.searching() as s:
            docs = matching.docnums(matching.query_docs(holder, s, wq.Or(parts)))
            docs = docs[:limit] if limit else docs
            return {int(s.stored_fields(d)["django_id"]) for d in docs}
    except Exception:  # an index that cannot be searched yet: nothing in it to re-index
        log.exception("could not find the articles printing %d changed words", len(parts))
        return set()


# Checking the index against the database --------------------------------------------------------
@dataclass
class IndexCheck:
    """How the index differs from the database, article by article (ids sorted)."""

    articles: int = 0  # in the database
    documents: int = 0  # live in the index
    missing: list[int] = field(default_factory=list)  # in the database, not in the index
    extra: list[int] = field(default_factory=list)  # in the index, no longer in the database
    stale: list[int] = field(default_factory=list)  # in both, the document made from other values
    duplicated: list[int] = field(default_factory=list)  # more than one live document
    pending: int = 0  # articles waiting in the pending table

    @property
    def differences(self) -> list[int]:
        return sorted({*self.missing, *self.extra, *self.stale, *self.duplicated})


def check_index() -> IndexCheck:
    """Compare every article's document as the database would make it now with the index's
    (by the stored source_hash), under the writer lock so no write is half seen."""
    from archive.models import Article
    from archive.search_indexes import document_hash

    from .connection import get_holder

    holder = get_holder()
    with searcher.writer_lock(holder.path):
        wanted: dict[int, str] = {}
        ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        for doc in article_index().documents(ids):
            wanted[int(doc[DJANGO_ID])] = document_hash(doc)
        indexed: dict[int, list[str]] = {}
        with holder.searching() as s:
            reader = s.reader()
            for docnum in range(s.doc_count_all()):
                if reader.is_deleted(docnum):
                    continue
                stored = s.stored_fields(docnum)
                indexed.setdefault(int(stored[DJANGO_ID]), []).append(stored.get("source_hash") or "")
        check = IndexCheck(articles=len(wanted), documents=sum(map(len, indexed.values())), pending=pending_count())
    check.missing = sorted(wanted.keys() - indexed.keys())
    check.extra = sorted(indexed.keys() - wanted.keys())
    check.duplicated = sorted(i for i, hashes in indexed.items() if len(hashes) > 1)
    check.stale = sorted(i for i, hashes in indexed.items() if i in wanted and wanted[i] not in hashes)
    return check


def repair_index(check: IndexCheck) -> int:
    """Write every differing article (and whatever else is pending) anew, in one commit."""
    _mark(check.differences)
    return flush()


# Queued updates ---------------------------------------------------------------------------------
class _Queue(threading.local):
    """This thread's queued articles (flushed together) and the scope deciding when."""

    def __init__(self):
        self.ids: set[int] = set()
        self.dictionary = False
        self.requests = 0  # inside a web request: flush when it ends
        self.batches = 0  # inside batched(): the caller flushes


_queue = _Queue()


def queue(ids: Iterable[int] = (), dictionary: bool = False) -> None:
    """Make these articles pending (in the current transaction) and flush them when the scope
    ends: at commit, at the end of the web request, or at the loader's batch (see the module
    docstring). `dictionary`: names changed, the flush refreshes jieba's dictionary first."""
    ids = {int(i) for i in ids if i is not None}
    if ids:
        _mark(ids)
    _queue.ids |= ids
    _queue.dictionary = _queue.dictionary or dictionary
    if _queue.batches or _queue.requests:
        return
    _flush_at_commit()


def _flush_at_commit() -> None:
    """flush_queued at commit, or now outside a transaction. Registered for every change (a flush
    with nothing queued does nothing), since a rolled-back transaction drops its callbacks."""
    if connection.in_atomic_block:
        transaction.on_commit(flush_queued)
    else:
        flush_queued()


def flush_queued() -> None:
    """Index what this thread queued. The change itself has committed: a failed index write is
    logged, not shown as an error page, and its rows stay pending for the next catch-up."""
    ids, dictionary = _queue.ids, _queue.dictionary
    _queue.ids, _queue.dictionary = set(), False
    if not ids and not dictionary:
        return
    try:
        flush(ids, dictionary=dictionary, wait=FLUSH_WAIT)
    except Exception:
        log.exception("could not index articles %s now; they stay pending for the next catch-up", sorted(ids)[:20])


@contextlib.contextmanager
def batched():
    """The bulk loader's scope: queued articles are only made pending (the loader calls
    flush_batch() per batch of files); everything pending is flushed when the scope ends."""
    _queue.batches += 1
    try:
        yield
    finally:
        _queue.batches -= 1
    if not _queue.batches:
        _queue.ids, _queue.dictionary = set(), False
        flush_batch()


def flush_batch() -> int:
    """The loader's flush of everything pending (earlier articles printing a word it taught are not
    re-indexed: see the module docstring), now, or when the current transaction commits
    (returning 0 then): the index only ever shows committed changes."""
    if connection.in_atomic_block:
        transaction.on_commit(lambda: flush(printing=False))
        return 0
    return flush(printing=False)


class BatchFlush:
    """A batch's index write going on in a forked process (see start_batch_flush), or one already done."""

    def __init__(self, written: int = 0, child=None, receiver=None, articles: int = 0):
        self._written, self._child, self._receiver, self._articles = written, child, receiver, articles

    def ready(self) -> bool:
        """Whether wait() would return at once (the loader goes on storing until then)."""
        return self._receiver is None or self._receiver.poll()

    def wait(self) -> int:
        """The documents the write gave (0 for one that failed: its rows stay pending)."""
        if self._receiver is None:
            return self._written
        try:
            written = self._receiver.recv()
        except EOFError:  # the child died before it answered
            written = None
        finally:
            self._receiver.close()
            self._receiver = None
            self._child.join()
        if written is None:
            log.error("the index write of a batch of %d articles failed (exit code %s); they stay pending",
                      self._articles, self._child.exitcode)
            written = 0
        self._written = written
        return written


def start_batch_flush() -> BatchFlush:
    """flush_batch(), written by a forked process while the loader goes on storing (the index write
    of a batch costs more than storing it: in the loader's own process the parse workers would
    stand idle meanwhile).

    The dictionary is brought in line here, before the fork, so the child cuts with the names the
    batch taught; the child takes the writer lock itself (a forked child does not inherit it) and
    deletes the rows it covered once its commit is done. A child that fails or is killed leaves
    its rows pending: it is logged, and the next flush writes them. Where no process can be forked
    (an in-memory test database, inside a transaction) the flush runs here.
    """
    import multiprocessing

    from django.db import connections

    from .connection import get_holder

    if not _can_fork():  # no database file, or inside a transaction (flush_batch waits for its commit)
        return BatchFlush(flush_batch())
    holder = get_holder()
    with searcher.writer_lock(holder.path):
        pairs = _pending_pairs(None, dictionary=True, printing=False)
    if not pairs:
        return BatchFlush()
    connections.close_all()  # never share a database connection across fork
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_batch_flush_child, args=(pairs, sender, os.getpid()),
                            name="index-batch", daemon=True)
    child.start()
    sender.close()
    return BatchFlush(child=child, receiver=receiver, articles=len(pairs))


def _batch_flush_child(pairs: list[tuple[int, int]], sender, parent: int) -> None:
    from django.db import connections

    from archive.collector import freeze
    from archive.workers import exit_with_parent

    from .connection import get_holder

    exit_with_parent(parent)
    freeze()  # what the parent left in this forked process stays out of its collections
    try:
        holder = get_holder()  # the parent's holder, inherited through fork
        with searcher.writer_lock(holder.path):
            # One process: the loader and its parse workers have the other cores meanwhile.
            sender.send(_write_pending(holder, pairs, parallel=False))
    except Exception:
        log.exception("could not index a batch of %d articles", len(pairs))
    finally:
        sender.close()
        connections.close_all()


def _request_started(**kwargs) -> None:
    _queue.requests += 1


def _request_finished(**kwargs) -> None:
    _queue.requests = max(0, _queue.requests - 1)
    if not _queue.requests and (_queue.ids or _queue.dictionary):
        _flush_at_commit()


def after_load(ids: list[int]) -> None:
    """archive.loading hook: make what a loaded file changed pending, inside the file's transaction
    (after the hooks before it, such as topic assignment, whose rows are bulk-created without
    signals)."""
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


def _article_ids_for(sender, instance, created: bool = False) -> list[int]:
    """The articles whose documents show this object. A person, issue or paper just `created` is
    shown in none yet (nothing can point at a row before it exists): no query."""
    from archive.models import Appearance, Article, ArticleTopic, Issue, Paper, Person

    if sender is Article:
        return [instance.pk]
    if sender in (Appearance, ArticleTopic):
        return [instance.article_id]
    if created:
        return []
    if sender is Person:
        return list(Appearance.objects.filter(person_id=instance.pk).order_by().values_list("article_id", flat=True))
    if sender is Issue:
        return list(Article.objects.filter(issue_id=instance.pk).order_by().values_list("pk", flat=True))
    if sender is Paper:
        return list(Article.objects.filter(issue__paper_id=instance.pk).order_by().values_list("pk", flat=True))
    return []


class ArchiveSignalProcessor(BaseSignalProcessor):
    """Queues the articles a saved or deleted object shows in (see the module docstring)."""

    def _senders(self):
        from archive.models import Appearance, Article, ArticleTopic, Issue, Paper, Person, PersonAlias, Topic

        return (Article, Appearance, ArticleTopic, Issue, Paper, Person, PersonAlias, Topic)

    def setup(self):
        for sender in self._senders():
            models.signals.post_save.connect(self.handle_save, sender=sender)
            models.signals.post_delete.connect(self.handle_delete, sender=sender)
        request_started.connect(_request_started, dispatch_uid="archive-index-request-started")
        request_finished.connect(_request_finished, dispatch_uid="archive-index-request-finished")

    def teardown(self):
        for sender in self._senders():
            models.signals.post_save.disconnect(self.handle_save, sender=sender)
            models.signals.post_delete.disconnect(self.handle_delete, sender=sender)
        request_started.disconnect(dispatch_uid="archive-index-request-started")
        request_finished.disconnect(dispatch_uid="archive-index-request-finished")

    def handle_save(self, sender, instance, raw=False, update_fields=None, created=False, **kwargs):
        if raw:
            return
        name = sender.__name__
        if update_fields is not None and not set(update_fields) & INDEXED_FIELDS.get(name, set()):
            return
        queue(_article_ids_for(sender, instance, created), dictionary=name in DICTIONARY_SENDERS)

    def handle_delete(self, sender, instance, **kwargs):
        self.handle_save(sender, instance)


def check_dictionary() -> None:
    """A name or slogan changed: refresh jieba's dictionary and re-index the articles printing it."""
    try:
        flush(set(), dictionary=True)
    except Exception:
        log.exception("could not refresh the jieba dictionary")


def register_load_hook() -> None:
    """Called at app ready: index what every loaded file changed."""
    from archive.loading import after_load_hooks

    if after_load not in after_load_hooks:
        after_load_hooks.append(after_load)
