"""Several server processes share one index: one writer at a time across processes, readers see whole commits.

Every write goes through archive.search.engine.reader.writer_lock (an flock on <index>.writelock:
the kernel drops it when the holding process dies, so a killed writer never leaves it held).
A commit writes its segment files first and the table of contents last, under a new
generation number, so a reader opening the index meanwhile reads the previous commit whole.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from whoosh import index
from whoosh.fields import ID, Schema

from archive.search.engine.reader import writer_lock

ROOT = Path(__file__).resolve().parent.parent.parent
BATCH, COMMITS = 300, 4

HOLD = """
import sys, time
from archive.search.engine.reader import writer_lock
with writer_lock(sys.argv[1]):
    print("held", flush=True)
    time.sleep(1.5)
"""

WRITE = """
import sys
from whoosh import index
from archive.search.engine.reader import writer_lock
path, batch, commits = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for commit in range(commits):
    with writer_lock(path):
        writer = index.open_dir(path).writer()
        for n in range(batch):
            writer.add_document(key=f"{commit}-{n}")
        writer.commit()
"""


def child(code: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_a_writer_in_another_process_makes_this_one_wait(tmp_path):
    path = str(tmp_path / "whoosh")
    holder = child(HOLD, path)
    assert holder.stdout.readline().strip() == "held"
    started = time.monotonic()
    with writer_lock(path):
        waited = time.monotonic() - started
    holder.wait(timeout=30)
    assert waited > 0.8


def test_readers_in_other_processes_see_whole_commits_only(tmp_path):
    path = tmp_path / "whoosh"
    path.mkdir()
    index.create_in(path, Schema(key=ID(stored=True)))
    writer = child(WRITE, str(path), str(BATCH), str(COMMITS))
    seen = set()
    while writer.poll() is None:
        try:
            ix = index.open_dir(path)
        except FileNotFoundError:  # a commit replaced the files just listed: open the newer one (as the site does)
            continue
        seen.add(ix.doc_count())
        ix.close()
    assert writer.returncode == 0
    seen.add(index.open_dir(path).doc_count())
    assert seen <= {BATCH * n for n in range(COMMITS + 1)}
    assert BATCH * COMMITS in seen
