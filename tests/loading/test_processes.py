"""Loads, rebuilds and saves in processes of their own: killed at any moment, or run at the same
time, they never leave the index and the database apart.

Each test runs manage.py in its own data directory (a real SQLite file, as in production).
Kills are SIGKILL at a random point (chosen by a seed: after a random number of committed
files, or a random moment into the writing of the new index); then the database and the
index are compared article by article: right after the kill, every difference is covered by
a pending row; after the next run, there is none.
"""

from __future__ import annotations

import csv
import datetime
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archive.parsing import parse_page

ROOT = Path(__file__).resolve().parent.parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
PAGES = 8
NEW_NAMES = ("欧阳明辉", "司马春燕", "上官建国", "诸葛晓峰", "东方丽娟", "慕容志强", "皇甫海波", "尉迟文静")

STATE = """
import json
from archive.models import Article, IndexPending
from archive.search.connection import get_holder
from archive.search.engine.reader import IndexUnavailable
db = {a.pk: a.display_title for a in Article.objects.select_related("issue")}
try:
    with get_holder().searching() as s:
        reader = s.reader()
        docs = [s.stored_fields(d) for d in range(s.doc_count_all()) if not reader.is_deleted(d)]
except IndexUnavailable:  # killed before its first index commit: no index yet
    docs = []
print(json.dumps({"db": db, "index": [[int(d["django_id"]), d["title"]] for d in docs],
                  "pending": sorted(set(IndexPending.objects.values_list("article_id", flat=True)))}))
"""


def env(data: Path) -> dict:
    environ = {**os.environ, "ARCHIVE_DATA_DIR": str(data), "DJANGO_SETTINGS_MODULE": "config.settings"}
    # Always a SQLite file of the test's own (even when the suite runs on another database).
    for name in ("ARCHIVE_DB_PATH", "ARCHIVE_WHOOSH_PATH", "ARCHIVE_TEST_DATA_DIR", "ARCHIVE_DB_ENGINE",
                 "DATABASE_URL"):
        environ.pop(name, None)
    return environ


def manage(data: Path, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env(data), capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def start(data: Path, *args: str, output: bool = False) -> subprocess.Popen:
    pipe = subprocess.PIPE if output else subprocess.DEVNULL
    return subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=env(data), stdout=pipe,
                            stderr=pipe, text=True)


def state(data: Path) -> dict:
    found = json.loads(manage(data, "shell", "--no-imports", "-c", STATE).stdout)
    found["db"] = {int(k): v for k, v in found["db"].items()}
    return found


def assert_in_step(found: dict) -> None:
    """The index holds each article of the database once, as it is there, and nothing else."""
    ids = [i for i, _ in found["index"]]
    assert len(ids) == len(set(ids))
    assert dict(found["index"]) == found["db"]
    assert found["pending"] == []


def assert_covered(found: dict) -> None:
    """Right after a kill: whatever differs between the two is waiting in the pending table."""
    indexed = dict(found["index"])
    differing = {i for i in found["db"].keys() | indexed.keys() if found["db"].get(i) != indexed.get(i)}
    assert differing <= set(found["pending"])


def kill(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """PAGES pages made from the seeds, each on its own date, people renamed from the second round
    on (so the loader learns new names, and re-indexes what prints them, as it goes)."""
    out = tmp_path_factory.mktemp("pages")
    rows = []
    for i in range(PAGES):
        seed = SEEDS[i % len(SEEDS)]
        text = seed.read_text(encoding="utf-8")
        if i >= len(SEEDS):
            parsed = parse_page(seed.read_bytes(), seed.name)
            names = sorted({p.name for a in parsed.articles for p in a.persons if len(p.name) >= 2}, key=len)[::-1]
            mapping = {name: NEW_NAMES[(i + k) % len(NEW_NAMES)] for k, name in enumerate(names[:4])}
            if mapping:
                text = re.sub("|".join(map(re.escape, mapping)), lambda m, mp=mapping: mp[m.group(0)], text)
        name = f"{i:03d}.txt"
        (out / name).write_text(text, encoding="utf-8")
        day = datetime.date(2001, 1, 1) + datetime.timedelta(i)
        rows.append((name, ("衡阳晚报", "衡阳日报")[i % 2], day.isoformat()))
    with open(out / "manifest.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([("file", "paper", "issue_date"), *rows])
    return out


@pytest.fixture(scope="module")
def empty(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("empty")
    manage(data, "migrate", "--noinput", "-v", "0")
    return data


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, empty, corpus) -> Path:
    data = tmp_path_factory.mktemp("loaded")
    shutil.copytree(empty, data, dirs_exist_ok=True)
    manage(data, "load_issues", str(corpus))
    return data


def copy_of(template: Path, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(template, data)
    return data


def committed_issues(data: Path) -> int:
    try:
        with sqlite3.connect(f"file:{data / 'archive.sqlite3'}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT count(*) FROM archive_issue").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_killed_load_is_caught_up_by_the_next_one(empty, corpus, tmp_path, seed):
    rng = random.Random(seed)
    data = copy_of(empty, tmp_path)
    after = rng.randint(1, PAGES - 2)  # committed files before the kill
    proc = start(data, "load_issues", str(corpus), "--batch-files", "3", "--workers", "1")
    deadline = time.monotonic() + 240
    while committed_issues(data) < after and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(rng.uniform(0, 0.3))
    kill(proc)
    found = state(data)
    assert found["db"], "killed before anything was committed"
    assert_covered(found)
    manage(data, "load_issues", str(corpus), "--batch-files", "3")
    assert committed_issues(data) == PAGES
    assert_in_step(state(data))


@pytest.mark.parametrize("seed", [1, 2])
def test_a_killed_rebuild_leaves_the_old_index_whole(loaded, tmp_path, seed):
    rng = random.Random(seed)
    data = copy_of(loaded, tmp_path)
    before = set(os.listdir(data / "whoosh"))
    proc = start(data, "rebuild_index", "--noinput")
    deadline = time.monotonic() + 240
    while not set(os.listdir(data / "whoosh")) - before and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)  # the new segment is being written
    time.sleep(rng.uniform(0, 0.2))
    kill(proc)
    assert_in_step(state(data))
    manage(data, "rebuild_index", "--noinput")
    assert_in_step(state(data))


def test_check_index_reports_and_repairs(loaded, tmp_path):
    data = copy_of(loaded, tmp_path)
    assert "索引与数据库一致" in manage(data, "check_index").stdout
    with sqlite3.connect(data / "archive.sqlite3") as db:  # what a crash of another writer could leave
        gone = db.execute("SELECT min(id) FROM archive_article").fetchone()[0]
        db.execute("DELETE FROM archive_appearance WHERE article_id = ?", (gone,))
        db.execute("DELETE FROM archive_event WHERE article_id = ?", (gone,))
        db.execute("DELETE FROM archive_articletopic WHERE article_id = ?", (gone,))
        db.execute("DELETE FROM archive_article WHERE id = ?", (gone,))
        renamed = db.execute("SELECT max(id) FROM archive_article").fetchone()[0]
        db.execute("UPDATE archive_article SET title = '改过的标题' WHERE id = ?", (renamed,))
    report = subprocess.run([sys.executable, "manage.py", "check_index"], cwd=ROOT, env=env(data),
                            capture_output=True, text=True, timeout=300)
    assert report.returncode == 1
    assert f"索引多余 1 篇：{gone}" in report.stdout and f"索引过期 1 篇：{renamed}" in report.stdout
    assert "已修复" in manage(data, "check_index", "--repair").stdout
    found = state(data)
    assert_in_step(found)
    assert found["db"][renamed] == "改过的标题"


SAVES = """
import time
from django.db import transaction
from archive.models import Article
ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
for i in range(20):
    with transaction.atomic():
        article = Article.objects.get(pk=ids[i * 7 % len(ids)])
        article.title = f"并发修改{i}"
        article.save()
    time.sleep(0.05)
print("saved", i + 1)
"""


def test_concurrent_loads_queue_and_each_loads_all_its_files(empty, corpus, tmp_path):
    data = copy_of(empty, tmp_path)
    files = [str(p) for p in sorted(corpus.glob("*.txt"))]
    manifest = ("--manifest", str(corpus / "manifest.csv"))
    runs = [start(data, "load_issues", str(corpus), output=True),
            start(data, "load_issues", *files[:4], *manifest, output=True),
            start(data, "load_issues", *files[3:], *manifest, output=True)]
    results = [proc.communicate(timeout=300) for proc in runs]
    for proc, (out, err) in zip(runs, results, strict=True):
        assert proc.returncode == 0, err[-2000:]
        assert "Traceback" not in err and "locked" not in err
        assert "失败 0" in out
    assert any("另一个导入正在进行" in err for _, err in results)  # the others waited their turn
    assert committed_issues(data) == PAGES
    assert_in_step(state(data))


def test_admin_saves_during_a_load_neither_fail_nor_lose_an_index_update(loaded, corpus, tmp_path):
    data = copy_of(loaded, tmp_path)
    changed = tmp_path / "changed"
    shutil.copytree(corpus, changed)
    for page in changed.glob("*.txt"):  # every page changed: the load rewrites every article
        page.write_text(page.read_text(encoding="utf-8").replace("。", "。 ", 3), encoding="utf-8")
    load = start(data, "load_issues", str(changed), "--batch-files", "2", output=True)
    saves = start(data, "shell", "--no-imports", "-c", SAVES, output=True)
    (load_out, load_err), (saves_out, saves_err) = load.communicate(timeout=300), saves.communicate(timeout=300)
    assert load.returncode == 0 and "失败 0" in load_out, load_err[-2000:]
    assert saves.returncode == 0 and "saved 20" in saves_out, saves_err[-2000:]
    assert_in_step(state(data))


HOLD = """
import os, sys, time
from archive.search.engine import reader as searcher
from archive.search.connection import get_holder
holder = get_holder()
index = holder.open_index()
ours = searcher.writer_lock(holder.path)
ours.__enter__()
whooshs = index.lock("WRITELOCK")
assert whooshs.acquire()
child = os.fork()
if child == 0:  # a child outliving its parent with the parent's descriptors (a worker of a killed rebuild)
    time.sleep(120)
    os._exit(0)
print(child, flush=True)
time.sleep(120)
"""


def test_a_writer_killed_with_the_locks_held_does_not_block_the_next(loaded, tmp_path):
    data = copy_of(loaded, tmp_path)
    holder = start(data, "shell", "--no-imports", "-c", HOLD, output=True)
    child = int(holder.stdout.readline())
    try:
        kill(holder)
        started = time.monotonic()
        done = manage(data, "rebuild_index", "--noinput")
        assert time.monotonic() - started < 60
        assert "held by no live writer: cleared" in done.stderr  # Whoosh's flock, kept by the child
        assert_in_step(state(data))
    finally:
        os.kill(child, signal.SIGKILL)


LOAD_WITH_SEGMENT_LIMIT = """
from django.core.management import call_command
from archive.search import indexing
indexing.MAX_SEGMENTS = 0  # whatever the batches leave is too many
call_command("load_issues", {corpus!r}, "--batch-files", "2", "--workers", "1")
"""


def test_a_load_that_leaves_too_many_segments_rebuilds_the_index(empty, corpus, tmp_path):
    data = copy_of(empty, tmp_path)
    done = manage(data, "shell", "--no-imports", "-c", LOAD_WITH_SEGMENT_LIMIT.format(corpus=str(corpus)))
    assert "重建为整体" in done.stderr
    rebuilt = re.search(r"段数过多后重建（(\d+) 篇）", done.stdout)
    found = state(data)
    assert rebuilt and int(rebuilt.group(1)) == len(found["db"])
    assert_in_step(found)
    segments = manage(data, "shell", "--no-imports", "-c", "from archive.search.connection import get_holder; "
                      "print(len(get_holder().open_index()._segments()))").stdout
    assert int(segments) == 1  # one per core, and these few articles take one
