"""One Whoosh index and one searcher per process, kept open and refreshed only when the index changed.

haystack's Whoosh backend reopens the index for every query (≈300 ms at 10,000 documents);
here the searcher stays open and each query only checks whether the table of contents on
disk is still the one it read (a directory listing and a stat).

Also here: the per-segment caches of column values used for facets and date sorting,
and `query_docs`, every document a query matches (for counts and facets), read a
posting block at a time.
"""

from __future__ import annotations

import fcntl
import os
import re
import threading
from contextlib import contextmanager
from pathlib import Path

from whoosh import index
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.filedb.filestore import FileStorage
from whoosh.matching.wrappers import FilterMatcher, WrappingMatcher
from whoosh.searching import Searcher

_TOC = re.compile(r"^_MAIN_(\d+)\.toc$")


def toc_stamp(path: str) -> tuple | None:
    """Identifies the newest table of contents of the index at `path` (None: no index)."""
    try:
        names = os.listdir(path)
    except FileNotFoundError:
        return None
    best = None
    for name in names:
        m = _TOC.match(name)
        if m and (best is None or int(m.group(1)) > best[0]):
            best = (int(m.group(1)), name)
    if best is None:
        return None
    try:
        st = os.stat(os.path.join(path, best[1]))
    except FileNotFoundError:
        return None
    return (best[0], st.st_ino, st.st_mtime_ns, st.st_size)


class IndexHolder:
    """The open index and searcher for one index directory (one per process and path)."""

    def __init__(self, path: str, schema):
        self.path = path
        self.schema = schema
        self._lock = threading.RLock()
        self._searcher: Searcher | None = None
        self._stamp = None
        self._columns: dict[tuple[str, str], list] = {}
        self._arrays: dict[str, list] = {}

    # The index ---------------------------------------------------------------------------
    def storage(self) -> FileStorage:
        os.makedirs(self.path, exist_ok=True)
        return FileStorage(self.path)

    def open_index(self):
        """The index as it is on disk now; an empty one is created when there is none."""
        storage = self.storage()
        if index.exists_in(self.path):
            return storage.open_index(schema=self.schema)
        with writer_lock(self.path):
            if index.exists_in(self.path):
                return storage.open_index(schema=self.schema)
            return storage.create_index(self.schema)

    # The searcher ------------------------------------------------------------------------
    @contextmanager
    def searching(self):
        """The current searcher, held under this process's search lock (searchers are not thread-safe)."""
        with self._lock:
            yield self.searcher()

    def searcher(self) -> Searcher:
        with self._lock:
            stamp = toc_stamp(self.path)
            if self._searcher is None or stamp != self._stamp or stamp is None:
                old = self._searcher
                self._searcher = self.open_index().searcher()
                self._stamp = toc_stamp(self.path)
                self._arrays = {}
                if old is not None:
                    old.close()
            return self._searcher

    # Column values for facets and sorting --------------------------------------------------
    def array(self, searcher: Searcher, fieldname: str, translate: bool = True) -> list:
        """Every document's value of a column field, indexed by global docnum.

        Values are cached per segment, so a refresh after a small commit only reads the new
        segment. `translate=False` gives the raw column values (integers for dates: sortable).
        """
        with self._lock:
            name = (fieldname, translate)
            values = self._arrays.get(name)
            if values is not None and searcher is self._searcher:
                return values
            values = []
            live = set()
            for sub, _offset in searcher.leaf_searchers():
                reader = sub.reader()
                key = (_segment_key(reader), fieldname, translate)
                live.add(key)
                segment_values = self._columns.get(key)
                if segment_values is None:
                    if reader.has_column(fieldname):
                        segment_values = list(reader.column_reader(fieldname, translate=translate))
                    else:
                        segment_values = [None] * reader.doc_count_all()
                    self._columns[key] = segment_values
                values.extend(segment_values)
            for key in [k for k in self._columns if k[1:] == name and k not in live]:
                del self._columns[key]  # segments merged away
            if searcher is self._searcher:
                self._arrays[name] = values
            return values


    def cached(self, searcher: Searcher, name: tuple, compute):
        """A value computed once per searcher (dropped when the index changes)."""
        with self._lock:
            if searcher is self._searcher and name in self._arrays:
                return self._arrays[name]
            value = compute()
            if searcher is self._searcher:
                self._arrays[name] = value
            return value

    def live_docs(self, searcher: Searcher) -> set[int]:
        """Every live (not deleted) global docnum."""
        return self.cached(searcher, ("_live",), lambda: query_docs(searcher, wq.Every()))

    def lengths(self, searcher: Searcher, fieldname: str) -> list:
        """Every document's length of a scorable field (as BM25 reads it), indexed by global docnum."""
        with self._lock:
            name = ("_length", fieldname)
            values = self._arrays.get(name)
            if values is not None and searcher is self._searcher:
                return values
            values = []
            for sub, _offset in searcher.leaf_searchers():
                reader = sub.reader()
                key = (_segment_key(reader), "_length", fieldname)
                segment_values = self._columns.get(key)
                if segment_values is None:
                    count = reader.doc_count_all()
                    segment_values = [reader.doc_field_length(d, fieldname, 0) for d in range(count)]
                    self._columns[key] = segment_values
                values.extend(segment_values)
            if searcher is self._searcher:
                self._arrays[name] = values
            return values


def _segment_key(reader) -> str:
    segment = reader.segment() if hasattr(reader, "segment") else None
    return segment.segment_id() if segment is not None else f"reader-{id(reader)}"


_holders: dict[str, IndexHolder] = {}
_holders_lock = threading.Lock()


def holder(path: str, schema) -> IndexHolder:
    with _holders_lock:
        h = _holders.get(path)
        if h is None:
            h = _holders[path] = IndexHolder(path, schema)
        return h


# One writer at a time ------------------------------------------------------------------------
_thread_write_lock = threading.RLock()


@contextmanager
def writer_lock(path: str):
    """Exclusive right to write the index at `path`, across threads and processes; waits its turn."""
    lock_path = Path(str(path).rstrip("/") + ".writelock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with _thread_write_lock:
        with open(lock_path, "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


# Every matching document, fast ---------------------------------------------------------------------
def query_docs(searcher: Searcher, q, memo: dict | None = None) -> set[int]:
    """Global docnums of the live documents matching `q` (no scores).

    Terms read whole posting blocks at a time; Or / And / AndNot are set operations;
    anything else (phrases, ranges) goes through Whoosh's own matcher. Pass the same
    `memo` dict to calls for one request to read each term and phrase only once.
    """
    found: set[int] = set()
    for sub, offset in searcher.leaf_searchers():
        local = _local_docs(sub, q, memo if memo is not None else {})
        found.update(local if not offset else (d + offset for d in local))
    return found


def _local_docs(sub: Searcher, q, memo: dict | None = None) -> set[int]:
    if memo is None:
        return _compute_local_docs(sub, q, {})
    key = (id(sub), q)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _compute_local_docs(sub, q, memo)
    return found


def _compute_local_docs(sub: Searcher, q, memo: dict) -> set[int]:
    if isinstance(q, (wq.ConstantScoreQuery, wq.WrappingQuery)) and hasattr(q, "child"):
        return _local_docs(sub, q.child, memo)
    if isinstance(q, wq.AndMaybe):
        return _local_docs(sub, q.a, memo)
    if isinstance(q, wq.AndNot):
        positive = _local_docs(sub, q.a, memo)
        return positive - _local_docs(sub, q.b, memo) if positive else positive
    if isinstance(q, wq.And):
        result = None
        for child in q.subqueries:
            docs = _local_docs(sub, child, memo)
            result = docs if result is None else result & docs
            if not result:
                return set()
        return result or set()
    if isinstance(q, wq.Or):
        result: set[int] = set()
        for child in q.subqueries:
            result |= _local_docs(sub, child, memo)
        return result
    if isinstance(q, wq.Every):
        reader = sub.reader()
        return {d for d in range(reader.doc_count_all()) if not reader.is_deleted(d)}
    if isinstance(q, ExactPhrase):
        return phrase_docs(sub, q.fieldname, q.words, q.sure_docs(sub, memo))
    if isinstance(q, wq.Phrase) and q.slop == 1:
        return phrase_docs(sub, q.fieldname, q.words)
    if isinstance(q, wq.Prefix):
        reader = sub.reader()
        result = set()
        for text in reader.expand_prefix(q.fieldname, q.text):
            result |= _local_docs(sub, wq.Term(q.fieldname, text), memo)
        return result
    return set(_matcher_ids(q.matcher(sub, sub.context())))


def _matcher_ids(matcher) -> list[int]:
    exclude = None
    while True:
        if type(matcher) is WrappingMatcher:
            matcher = matcher.child
        elif type(matcher) is FilterMatcher and matcher._exclude and exclude is None:
            exclude, matcher = matcher._ids, matcher.child
        else:
            break
    if isinstance(matcher, W3LeafMatcher):
        ids: list[int] = []
        while matcher.is_active():
            if matcher._ids is None:
                matcher._read_ids()
            ids.extend(matcher._ids[matcher._i :])
            matcher._next_block()
    else:
        ids = list(matcher.all_ids()) if matcher.is_active() else []
    return [d for d in ids if d not in exclude] if exclude else ids


def _postings(sub: Searcher, fieldname: str, text: str):
    """(ids, values) of a term's live postings, a block at a time; None when the term is absent."""
    reader = sub.reader()
    field = sub.schema[fieldname]
    btext = field.to_bytes(text)
    if (fieldname, btext) not in reader:
        return None
    matcher = reader.postings(fieldname, btext)
    exclude = None
    if type(matcher) is FilterMatcher and matcher._exclude:
        exclude, matcher = matcher._ids, matcher.child
    return matcher, exclude


def phrase_docs(sub: Searcher, fieldname: str, words: list[str], sure: set[int] = frozenset()) -> set[int]:
    """Docnums (in this segment) where the words stand at consecutive positions.

    For a phrase of overlapping bigrams only every other bigram (and the last) is needed to
    pin the string down. The rarest of them goes first and gives the candidates with the
    phrase starts it allows; each further one keeps only the candidates (and starts) its
    positions agree with, so positions are decoded only for documents still in the running.
    Documents in `sure` (known to print the phrase) are taken without looking. Same result
    as Whoosh's Phrase query, several times faster.
    """
    reader = sub.reader()
    field = sub.schema[fieldname]
    chosen = list(range(0, len(words), 2))
    if len(words) > 1 and chosen[-1] != len(words) - 1 and _overlapping(words):
        chosen.append(len(words) - 1)
    elif not _overlapping(words):
        chosen = list(range(len(words)))
    order = sorted(chosen, key=lambda i: reader.doc_frequency(fieldname, field.to_bytes(words[i])))
    decode = field.format.decode_positions
    starts: dict[int, set[int]] | None = None
    for i in order:
        opened = _postings(sub, fieldname, words[i])
        if opened is None:
            return set(sure)
        matcher, exclude = opened
        found: dict[int, set[int]] = {}
        if not isinstance(matcher, W3LeafMatcher):  # an inlined or unusual posting list
            while matcher.is_active():
                doc = matcher.id()
                if (doc in starts if starts is not None else doc not in sure) and not (exclude and doc in exclude):
                    here = {p - i for p in decode(matcher.value())}
                    here = here if starts is None else here & starts[doc]
                    if here:
                        found[doc] = here
                matcher.next()
        else:
            while matcher.is_active():
                if matcher._ids is None:
                    matcher._read_ids()
                ids = matcher._ids
                values = None
                for k in range(matcher._i, len(ids)):
                    doc = ids[k]
                    if starts is not None:
                        if doc not in starts:
                            continue
                    elif doc in sure:
                        continue
                    if exclude and doc in exclude:
                        continue
                    if values is None:
                        matcher._read_values()
                        values = matcher._values
                    here = {p - i for p in decode(values[k])}
                    if starts is not None:
                        here &= starts[doc]
                    if here:
                        found[doc] = here
                matcher._next_block()
        starts = found
        if not starts:
            break
    return set(starts or ()) | set(sure)


def _overlapping(words: list[str]) -> bool:
    """Whether the words are the overlapping bigrams of one string (ab, bc, cd …)."""
    return all(len(w) == 2 for w in words) and all(a[1] == b[0] for a, b in zip(words, words[1:], strict=False))


class ExactPhrase(wq.Phrase):
    """A Phrase query (consecutive positions) matched by `phrase_docs`; every match scores `score`."""

    def __init__(self, fieldname, words, score=1.0, boost=1.0, word=None):
        """`word`: (word field, token) — documents with that token print the phrase for sure."""
        super().__init__(fieldname, words, boost=boost)
        self.score = score
        self.word = word

    def __eq__(self, other):
        return super().__eq__(other) and (self.score, self.word) == (getattr(other, "score", None),
                                                                      getattr(other, "word", None))

    def __hash__(self):
        return super().__hash__() ^ hash((self.score, self.word))

    def sure_docs(self, searcher, memo: dict | None = None) -> set[int]:
        if not self.word:
            return set()
        return _local_docs(searcher, wq.Term(*self.word), memo)

    def matcher(self, searcher, context=None):
        from array import array

        from whoosh.matching import ListMatcher, NullMatcher

        if self.fieldname not in searcher.schema:
            return NullMatcher()
        docs = sorted(phrase_docs(searcher, self.fieldname, self.words, self.sure_docs(searcher)))
        if not docs:
            return NullMatcher()
        return ListMatcher(array("I", docs), all_weights=self.score * self.boost)


# BM25 over a known set of documents -------------------------------------------------------------------
BM25_B, BM25_K1 = 0.75, 1.2  # Whoosh's BM25F defaults


def add_bm25(searcher: Searcher, fieldname: str, text: str, boost: float, docs: set[int], lengths: list,
             scores: dict[int, float]) -> None:
    """Add boost × BM25 of one term to the scores of those of `docs` that contain it (Whoosh's formula
    and global statistics). A long posting list is read a block at a time; for a few documents the
    postings are skipped to instead."""
    field = searcher.schema[fieldname]
    btext = field.to_bytes(text)
    idf = searcher.idf(fieldname, text)
    avgfl = searcher.avg_field_length(fieldname) or 1
    k1, b = BM25_K1, BM25_B
    norm = k1 * (1 - b)
    slope = k1 * b / avgfl
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        if (fieldname, btext) not in reader:
            continue
        matcher = reader.postings(fieldname, btext)
        while type(matcher) in (FilterMatcher, WrappingMatcher):
            matcher = matcher.child
        few = len(docs) * 16 < reader.doc_frequency(fieldname, btext)
        pairs = []
        if few:
            for doc in sorted(d - offset for d in docs if offset <= d < offset + reader.doc_count_all()):
                if not matcher.is_active():
                    break
                matcher.skip_to(doc)
                if matcher.is_active() and matcher.id() == doc:
                    pairs.append((doc, matcher.weight()))
        elif not isinstance(matcher, W3LeafMatcher):
            while matcher.is_active():
                pairs.append((matcher.id(), matcher.weight()))
                matcher.next()
        else:
            while matcher.is_active():
                if matcher._ids is None:
                    matcher._read_ids()
                if matcher._weights is None:
                    matcher._read_weights()
                start = matcher._i
                pairs.extend(zip(matcher._ids[start:], matcher._weights[start:], strict=False))
                matcher._next_block()
        for doc, tf in pairs:
            doc += offset
            if doc in docs:
                score = boost * idf * (tf * (k1 + 1)) / (tf + norm + slope * lengths[doc])
                scores[doc] = scores.get(doc, 0.0) + score
