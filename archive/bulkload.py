"""Loading many files at once: fast, one load at a time, and never an index update lost.

- Unchanged files are skipped by their hash before anything is parsed (`already_loaded`).
- The others are parsed, and their topics detected, in worker processes (archive/workers.py),
  while this process stores the results in file order, each file in its own transaction
  (archive.loading.store_parsed: a bad file leaves nothing behind).
- The search index is written once per batch of files (`BATCH_FILES` files or
  `BATCH_SECONDS` seconds), as one fresh segment swapped in with one commit, from the
  pending table each file's transaction filled (archive.search.indexing), by a forked
  process while this one goes on storing: killed at any point, the next run first
  catches the index up with every committed file. A batch whose time has come while the
  one before is still being written grows until that write ends (the loader never stands
  waiting for it), and the first batch is a quarter of the others (until the first write
  starts, a core stands idle). What is left when the storing ends is written by every core;
  a batch due when fewer files are left to store than it holds joins it (its write would
  otherwise go on alone after the storing, one core idle).
- A load that leaves the index in more than `indexing.MAX_SEGMENTS` segments (a first import
  of thousands of pages: commits never merge big segments, archive.search.engine.merging)
  ends by rebuilding it into one per core; searches go on meanwhile.
- Concurrent loads queue on a lock in the data directory (`load_lock`).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing import get_context
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError

from .collector import paused
from .loading import LoadError, already_loaded, read_file, store_parsed
from .manifest import ManifestEntry
from .models import Issue
from .search import indexing
from .search.connection import get_holder
from .topics import detected_ahead
from .workers import Job, Prepared, init_worker, prepare

WORKERS = max(1, min(2, os.cpu_count() or 1))
PARALLEL_MIN = 24  # files to parse before worker processes are worth their start (about a second)
READ_AHEAD = 32  # files handed to the workers ahead of the one being stored (bounds memory)
BATCH_FILES = 400
FIRST_BATCH_SHARE = 4  # the first batch is BATCH_FILES / 4 files
BATCH_SECONDS = 60.0
HASH_CHUNK = 500

Files = list[tuple[Path, ManifestEntry | None]]


@dataclass(frozen=True)
class Outcome:
    """What happened to one file: created, updated, unchanged (parsed, same content), skipped
    (unchanged, known by its hash without parsing) or failed (with the reason)."""

    path: Path
    status: str
    reason: str = ""


@dataclass
class LoadSummary:
    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(("created", "updated", "unchanged", "skipped", "failed"), 0))
    failures: list[Outcome] = field(default_factory=list)
    index_writes: int = 0  # commits to the search index
    documents: int = 0  # documents they wrote
    rebuilt: int = 0  # documents of the rebuild that joined the segments (0: none was needed)
    seconds: float = 0.0

    @property
    def files(self) -> int:
        return sum(self.counts.values())

    @property
    def rate(self) -> float:
        """Files per second."""
        return self.files / self.seconds if self.seconds else 0.0

    def add(self, outcome: Outcome) -> None:
        self.counts[outcome.status] += 1
        if outcome.status == "failed":
            self.failures.append(outcome)


def load_files(
    files: Files,
    on_file: Callable[[Outcome], None] | None = None,
    on_wait: Callable[[str], None] | None = None,
    on_rebuild: Callable[[int], None] | None = None,
    workers: int = WORKERS,
    batch_files: int = BATCH_FILES,
    batch_seconds: float = BATCH_SECONDS,
) -> LoadSummary:
    """Load these files (see the module docstring); `on_file` hears of every file as it is done,
    `on_wait` (with the holder's pid) when another load holds the lock, `on_rebuild` (with the
    number of segments) before the index is rebuilt."""
    summary = LoadSummary()
    started = time.perf_counter()

    def done(outcome: Outcome) -> None:
        summary.add(outcome)
        if on_file:
            on_file(outcome)

    # Persons resolved by committed files ((name, kind) → Person), so each name costs its queries
    # once per batch rather than once per article; dropped at every batch, so a merge or an alias
    # staff make during a long load is seen by the next batch.
    people: dict = {}

    def count(written: int) -> None:
        if written:
            summary.index_writes += 1
            summary.documents += written

    # The index write of the batch before, going on in a forked process while this one stores.
    writing = indexing.BatchFlush()

    def flush() -> None:
        nonlocal writing
        people.clear()
        count(writing.wait())  # one batch's index write at a time, and the dictionary file left alone meanwhile
        writing = indexing.start_batch_flush()

    with load_lock(on_wait):
        count(indexing.flush_batch())  # what a killed run committed but did not index
        with indexing.batched():
            try:
                to_parse = [item for item in _check_hashes(files, done) if item]
                since, batch_started = 0, time.monotonic()
                wanted = max(1, batch_files // FIRST_BATCH_SHARE)
                for number, (path, entry, prepared) in enumerate(_prepare_all(to_parse, workers), 1):
                    with paused():  # a file's objects are freed by their counts: collect between files
                        outcome = _store(path, entry, prepared, people)
                    done(outcome)
                    since += outcome.status in ("created", "updated")
                    # The last batch is written below, by every core (nothing is left to parse then);
                    # so is a batch due when fewer files are left to store than it holds: storing
                    # them takes about as long as storing it did, and its write would go on alone
                    # on one core after the storing ends.
                    due = since >= wanted or time.monotonic() - batch_started >= batch_seconds
                    if since and due and len(to_parse) - number > since and writing.ready():
                        flush()
                        since, batch_started, wanted = 0, time.monotonic(), batch_files
            finally:
                count(writing.wait())
            count(indexing.flush_batch())  # the last batch, and any a failed index write left pending
        holder = get_holder()
        if summary.documents and (segments := indexing.segments_over_limit(holder)):
            if on_rebuild:
                on_rebuild(segments)
            summary.rebuilt = indexing.rebuild(holder)
    summary.seconds = time.perf_counter() - started
    return summary


def _check_hashes(files: Files, done: Callable[[Outcome], None]) -> Iterator[tuple[Path, ManifestEntry | None]]:
    """The files to parse: those not stored unchanged (the others are reported skipped, or failed
    when they cannot be read)."""
    iterator = iter(files)
    while chunk := list(islice(iterator, HASH_CHUNK)):
        hashes: dict[Path, str] = {}
        for path, entry in chunk:
            if entry and entry.refused:  # a manifest row that failed validation
                done(Outcome(path, "failed", entry.refused))
                continue
            try:
                hashes[path] = hashlib.sha256(read_file(path)).hexdigest()
            except LoadError as exc:
                done(Outcome(path, "failed", str(exc)))
        stored: dict[str, list[tuple]] = {}
        for sha, *issue in Issue.objects.filter(sha256__in=set(hashes.values())).values_list(
            "sha256", "paper__name", "date", "page", "date_confidence"
        ):
            stored.setdefault(sha, []).append(tuple(issue))
        for path, entry in chunk:
            if path not in hashes:
                continue
            if already_loaded(hashes[path], entry, stored.get(hashes[path], ())):
                done(Outcome(path, "skipped"))
            else:
                yield path, entry


def _job(path: Path, entry: ManifestEntry | None) -> Job:
    return Job(path.name, read_file(path), entry.paper if entry else None, entry.issue_date if entry else None)


def _prepare_all(items: Files, workers: int) -> Iterator[tuple[Path, ManifestEntry | None, Prepared | LoadError]]:
    """Each file prepared (parsed, topics detected), in file order: in worker processes when
    there are enough files, else here."""
    if workers < 2 or len(items) < PARALLEL_MIN:
        for path, entry in items:
            try:
                yield path, entry, prepare(_job(path, entry))
            except LoadError as exc:
                yield path, entry, exc
        return
    pool = ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=init_worker,
                               initargs=(os.getpid(),))
    try:
        window: deque = deque()
        pending = iter(items)

        def submit_next() -> None:
            for path, entry in islice(pending, 1):
                try:
                    job = _job(path, entry)
                except LoadError as exc:
                    window.append((path, entry, None, exc))
                    return
                window.append((path, entry, job, pool.submit(prepare, job)))

        for _ in range(READ_AHEAD):
            submit_next()
        while window:
            path, entry, job, future = window.popleft()
            submit_next()
            if job is None:
                yield path, entry, future
                continue
            try:
                prepared = future.result()
            except Exception:  # a worker that died: prepare the file here instead
                prepared = prepare(job)
            yield path, entry, prepared
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _store(path: Path, entry: ManifestEntry | None, prepared: Prepared | LoadError, people: dict) -> Outcome:
    """Store one prepared file; `people` gains the persons it resolved once it has committed (a
    file rolled back leaves behind no person to point at)."""
    if isinstance(prepared, LoadError):
        return Outcome(path, "failed", str(prepared))
    if prepared.error is not None:
        return Outcome(path, "failed", prepared.error)
    detected_ahead.update(prepared.topics)
    resolved = dict(people)
    try:
        result = store_parsed(prepared.parsed, path.name, entry, resolved)
    except LoadError as exc:
        return Outcome(path, "failed", str(exc))
    except DatabaseError as exc:
        return Outcome(path, "failed", f"数据库拒绝写入：{exc}")
    finally:
        detected_ahead.clear()
    people.update(resolved)
    return Outcome(path, result.status)


# One load at a time ---------------------------------------------------------------------------
_thread_lock = threading.Lock()


def lock_path() -> Path:
    return Path(settings.DATA_DIR) / "load.lock"


@contextmanager
def load_lock(on_wait: Callable[[str], None] | None = None):
    """The right to load, across processes: a second load waits for the first to finish.

    A POSIX record lock (lockf) in the data directory: the kernel drops it when its holder
    dies, so a killed load never blocks the next one. The holder's pid is kept in the file
    for the message of whoever waits.
    """
    path = lock_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with _thread_lock, open(path, "a+") as handle:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            if on_wait:
                handle.seek(0)
                on_wait(handle.read().strip() or "?")
            fcntl.lockf(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.lockf(handle, fcntl.LOCK_UN)

