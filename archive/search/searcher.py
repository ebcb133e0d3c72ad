"""One Whoosh index and one searcher per process, kept open and refreshed only when the index changed.

haystack's Whoosh backend reopens the index for every query (≈300 ms at 10,000 documents);
here the searcher stays open and each query only checks whether the table of contents on
disk is still the one it read (a directory listing and a stat).

Also here: the per-segment caches of column values used for facets and date sorting,
and a collector that keeps every matching document (for facet counts) with its score.
"""

from __future__ import annotations

import fcntl
import os
import re
import threading
from contextlib import contextmanager
from pathlib import Path

from whoosh import collectors, index
from whoosh.filedb.filestore import FileStorage
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

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = None
            self._stamp = None
            self._arrays = {}
            self._columns = {}

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


# Collecting every match ----------------------------------------------------------------------
class AllMatchesCollector(collectors.Collector):
    """Collects every matching document (global docnum) and, when scored, its score."""

    def __init__(self, scored: bool = True):
        self.scored = scored

    def prepare(self, top_searcher, q, context):
        super().prepare(top_searcher, q, context)
        self.ids: list[int] = []
        self.scores: list[float] = []

    def collect_matches(self):
        matcher, offset = self.matcher, self.offset
        ids = self.ids
        if not self.scored:
            ids.extend(offset + d for d in matcher.all_ids())
            return
        scores = self.scores
        while matcher.is_active():
            ids.append(offset + matcher.id())
            scores.append(matcher.score())
            matcher.next()

    def collect(self, sub_docnum):  # not used: collect_matches does the work
        raise NotImplementedError

    def sort_key(self, sub_docnum):
        return 0

    def count(self):
        return len(self.ids)

    def results(self):
        return self
