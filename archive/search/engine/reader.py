"""One Whoosh index and one searcher per process, kept open and refreshed only when the index changed.

haystack's Whoosh backend reopens the index for every query (≈300 ms at 10,000 documents);
here the searcher stays open and each query only checks whether the table of contents on
disk is still the one it read (a directory listing and a stat).

Also here: what the engine keeps per segment as numpy arrays (cached by segment id, so a
refresh after a small commit only reads the new segment): live documents, facet values
coded for counting, dates for sorting and filtering, field lengths for BM25.
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from whoosh import columns, index
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3PerDocReader, _lenfield
from whoosh.filedb.filestore import FileStorage
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from . import postings
from .fields import KEYWORDS

log = logging.getLogger("archive.search")
OPEN_ATTEMPTS = 5  # commits by other processes that an open may race with before it gives up
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


class IndexUnavailable(Exception):
    """The index cannot be searched: there is none at the path, or it cannot be read."""


class IndexHolder:
    """The open index and searcher for one index directory (one per process and path)."""

    def __init__(self, path: str, schema):
        self.path = path
        self.schema = schema
        self._lock = threading.RLock()
        self._searcher: Searcher | None = None
        self._stamp = None
        self._columns: dict[tuple, object] = {}  # (segment id, what): per-segment arrays
        self._arrays: dict[tuple, object] = {}  # what: arrays over the current searcher

    # The index ---------------------------------------------------------------------------
    def storage(self) -> FileStorage:
        os.makedirs(self.path, exist_ok=True)
        return FileStorage(self.path)

    def open_index(self):
        """The index as it is on disk now; an empty one is created when there is none.

        An index written by an older version of the engine (its schema names classes that
        no longer exist) cannot be read: it is replaced by an empty one, and the log says
        to run rebuild_index. The index only mirrors the database, so nothing is lost.
        """
        storage = self.storage()
        if self._exists():
            return storage.open_index(schema=self.schema)
        with writer_lock(self.path):
            if self._exists():
                return storage.open_index(schema=self.schema)
            return storage.create_index(self.schema)

    def _exists(self) -> bool:
        try:
            return index.exists_in(self.path)
        except (AttributeError, ImportError) as error:
            log.error("the search index at %s was written by an older version (%s): it is emptied; "
                      "run `manage.py rebuild_index --noinput` to fill it again", self.path, error)
            with writer_lock(self.path):
                self.storage().create_index(self.schema)
            return True

    # The searcher ------------------------------------------------------------------------
    @contextmanager
    def searching(self):
        """The current searcher, held under this process's search lock (searchers are not thread-safe)."""
        with self._lock:
            yield self.searcher()

    def searcher(self) -> Searcher:
        """The searcher of the index as it is on disk now (IndexUnavailable: none, or unreadable).

        Searching never creates or replaces an index: a missing or unreadable one is reported
        (the site says search is unavailable) until a rebuild writes it.
        """
        with self._lock:
            stamp = toc_stamp(self.path)
            if stamp is None:
                raise IndexUnavailable(f"no search index at {self.path}")
            if self._searcher is None or stamp != self._stamp:
                old = self._searcher
                try:
                    self._searcher, self._stamp = self._open(stamp)
                except IndexUnavailable:
                    self._searcher = None
                    if old is not None:
                        old.close()
                    raise
                self._arrays = {}
                if old is not None:
                    old.close()
            return self._searcher

    def _open(self, stamp: tuple) -> tuple[Searcher, tuple]:
        """A searcher of the newest commit, with its stamp.

        A writer in another process may commit between the listing and the open, and then
        delete the files of the commit just listed: the open is tried again on the newer one.
        """
        attempts = 0
        while True:
            try:
                return FileStorage(self.path).open_index(schema=self.schema).searcher(), stamp
            except FileNotFoundError as error:
                attempts += 1
                newer = toc_stamp(self.path)
                if attempts >= OPEN_ATTEMPTS or newer is None or newer == stamp:
                    raise IndexUnavailable(f"the search index at {self.path} cannot be read: {error!r}") from error
                stamp = newer
            except Exception as error:  # whatever Whoosh or pickle raise on a damaged or old index
                raise IndexUnavailable(f"the search index at {self.path} cannot be read: {error!r}") from error

    def check(self) -> str | None:
        """Why the index cannot be searched, or None when it can (opens it if need be)."""
        try:
            with self.searching() as s:
                s.doc_count_all()
        except IndexUnavailable as error:
            return str(error)
        return None

    # Arrays over the searcher's documents ---------------------------------------------------
    def cached(self, searcher: Searcher, name: tuple, compute):
        """A value computed once per searcher (dropped when the index changes)."""
        with self._lock:
            if searcher is self._searcher and name in self._arrays:
                return self._arrays[name]
            value = compute()
            if searcher is self._searcher:
                self._arrays[name] = value
            return value

    def _per_segment(self, searcher: Searcher, name: tuple, compute) -> list:
        """compute(segment reader) for each segment, cached by segment id (kept while the segment lives)."""
        parts, live = [], set()
        for sub, _offset in searcher.leaf_searchers():
            reader = sub.reader()
            key = (_segment_key(reader), *name)
            live.add(key)
            value = self._columns.get(key)
            if value is None:
                value = self._columns[key] = compute(reader)
            parts.append(value)
        for key in [k for k in self._columns if k[1:] == name and k not in live]:
            del self._columns[key]  # segments merged away
        return parts

    def live(self, searcher: Searcher) -> np.ndarray:
        """Whether each global docnum is a live (not deleted) document."""
        def compute():
            parts = []
            for sub, _offset in searcher.leaf_searchers():
                reader = sub.reader()
                mask = np.ones(reader.doc_count_all(), dtype=bool)
                if reader.has_deletions():
                    mask[list(deleted_docs(reader))] = False
                parts.append(mask)
            return _concat(parts, bool)

        return self.cached(searcher, ("_live",), compute)

    def dates(self, searcher: Searcher) -> np.ndarray:
        """Every document's date as the column stores it (sortable integers; 0 for none)."""
        return self._joined(searcher, ("_dates",), lambda reader: _numeric_column(reader, "date"), np.int64)

    def lengths(self, searcher: Searcher, fieldname: str) -> np.ndarray:
        """Every document's length of a scorable field as BM25 reads it (Whoosh's one-byte lengths)."""
        return self._joined(searcher, ("_lengths", fieldname), lambda reader: _lengths(reader, fieldname),
                            np.float64)

    def _joined(self, searcher: Searcher, name: tuple, compute, dtype) -> np.ndarray:
        """The per-segment arrays of compute(segment reader) joined in global docnum order, once per searcher."""
        return self.cached(searcher, name, lambda: _concat(self._per_segment(searcher, name, compute), dtype))

    def codes(self, searcher: Searcher, fieldname: str) -> tuple:
        """A facet field coded for counting: (labels, codes) for a field of one value per document,
        where codes[d] indexes labels (-1: no value); for a field of several (KEYWORDS),
        (labels, owners, codes), one entry per (document, value). Read from the field's terms
        and their posting lists."""
        multi = isinstance(self.schema[fieldname], KEYWORDS)

        def segment(reader):
            field = self.schema[fieldname]
            labels, owners, codes = [], [], []
            for btext in reader.lexicon(fieldname) if fieldname in reader.schema else ():
                ids = postings.read(reader, fieldname, btext).ids
                owners.append(ids)
                codes.append(np.full(len(ids), len(labels), dtype=np.int64))
                labels.append(field.from_bytes(btext))
            owners, codes = _concat(owners, np.int64), _concat(codes, np.int64)
            if multi:
                return labels, owners, codes
            single = np.full(reader.doc_count_all(), -1, dtype=np.int64)
            single[owners] = codes
            return labels, single

        def compute():
            labels: dict = {}
            owners_parts, codes_parts = [], []
            parts = self._per_segment(searcher, ("codes", fieldname, multi), segment)
            for (_sub, offset), part in zip(searcher.leaf_searchers(), parts, strict=True):
                remap = np.array([labels.setdefault(x, len(labels)) for x in part[0]] + [-1], dtype=np.int64)
                codes_parts.append(remap[part[-1]])  # -1 (no value) picks remap's last entry: -1
                if multi:
                    owners_parts.append(part[1] + offset)
            codes = _concat(codes_parts, np.int64)
            if multi:
                return list(labels), _concat(owners_parts, np.int64), codes
            return list(labels), codes

        return self.cached(searcher, ("_codes", fieldname, multi), compute)


def deleted_docs(reader):
    """The segment-local docnums deleted in a segment reader."""
    segment = reader.segment() if hasattr(reader, "segment") else None
    if segment is not None:
        return segment.deleted_docs()
    return (d for d in range(reader.doc_count_all()) if reader.is_deleted(d))


def _numeric_column(reader, fieldname: str) -> np.ndarray:
    """A numeric column's raw values (int64; 0 where none), read in one piece when it is Whoosh's
    fixed-width NumericColumn, value by value otherwise."""
    count = reader.doc_count_all()
    if not reader.has_column(fieldname):
        return np.zeros(count, dtype=np.int64)
    column = reader.column_reader(fieldname, translate=False)
    if isinstance(column, columns.NumericColumn.Reader):
        return _fixed_width(column, count)
    return np.array([v or 0 for v in column], dtype=np.int64)


def _lengths(reader, fieldname: str) -> np.ndarray:
    """Every document's field length as `doc_field_length` decodes it (from its one-byte column)."""
    count = reader.doc_count_all()
    perdoc = getattr(reader, "_perdoc", None)
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN) \
        if isinstance(perdoc, W3PerDocReader) else None
    if column is None or not isinstance(column, columns.NumericColumn.Reader):
        return np.array([reader.doc_field_length(d, fieldname, 0) for d in range(count)], dtype=np.float64)
    return _BYTE_LENGTHS[_fixed_width(column, count)]


_BYTE_LENGTHS = np.array([0.0] + [float(byte_to_length(b)) for b in range(1, 256)])


def _fixed_width(column, count: int) -> np.ndarray:
    """All values of a NumericColumn reader (documents past the written ones have the default)."""
    stored = min(column._count, count)
    raw = column._dbfile.get(column._basepos, stored * column._fixedlen) if stored else b""
    values = np.frombuffer(raw, dtype=">" + column._typecode).astype(np.int64)
    if stored < count:
        values = np.concatenate([values, np.full(count - stored, column._default or 0, dtype=np.int64)])
    return values


def _concat(parts: list, dtype) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)


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
_held = 0  # how deeply this process's holding thread has entered writer_lock (guarded by the RLock)


class WriterBusy(Exception):
    """The index writer lock was not free within the time asked for."""


@contextmanager
def writer_lock(path: str, timeout: float | None = None):
    """Exclusive right to write the index at `path`, across threads and processes; waits its turn
    (at most `timeout` seconds, then WriterBusy).

    A POSIX record lock (lockf), not flock: the kernel drops it when its process dies, and a
    child forked by the holder does not inherit it, so a killed writer (or the orphaned worker
    of a killed rebuild) never leaves the index locked. Re-entered by the holding thread, it
    touches the file no more (closing any descriptor of it would drop the process's lock).
    The holder's pid is written in the file for the message of whoever waits.
    """
    global _held
    if not _thread_write_lock.acquire(timeout=-1 if timeout is None else timeout):
        raise WriterBusy(path)
    try:
        if _held:
            _held += 1
            try:
                yield
            finally:
                _held -= 1
            return
        lock_path = Path(str(path).rstrip("/") + ".writelock")
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        with open(lock_path, "a+") as handle:
            _lock_file(handle, timeout, lock_path)
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
            _held = 1
            try:
                yield
            finally:
                _held = 0
                fcntl.lockf(handle, fcntl.LOCK_UN)
    finally:
        _thread_write_lock.release()


def _lock_file(handle, timeout: float | None, lock_path: Path) -> None:
    if timeout is None:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError:
            log.info("the search index is being written by process %s: waiting", _holder_pid(lock_path))
        fcntl.lockf(handle, fcntl.LOCK_EX)
        return
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError as error:
            if time.monotonic() >= deadline:
                raise WriterBusy(f"{lock_path} (process {_holder_pid(lock_path)})") from error
            time.sleep(0.05)


def _holder_pid(lock_path: Path) -> str:
    try:
        return lock_path.read_text().strip() or "?"
    except OSError:
        return "?"
