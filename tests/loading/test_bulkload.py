"""The bulk loader: unchanged files skipped before parsing, worker processes giving what this
process would, the summary and the index written once per batch."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from archive import bulkload
from archive.loading import already_loaded, collect_files
from archive.manifest import ManifestEntry
from archive.models import Issue
from archive.workers import Job, prepare

ROOT = Path(__file__).resolve().parent.parent.parent
SEEDS = ROOT / "seeds"

pytestmark = pytest.mark.django_db

GIVEN = ("衡阳晚报", datetime.date(2023, 8, 19), "1", "given")
INFERRED = ("衡阳晚报", datetime.date(2023, 8, 19), "1", "inferred")


@pytest.mark.parametrize(
    "entry, issues, expected",
    [
        (ManifestEntry("衡阳晚报", datetime.date(2023, 8, 19), "1"), [GIVEN], True),
        (ManifestEntry("衡阳晚报", datetime.date(2023, 8, 20), "1"), [GIVEN], False),  # another date given
        (ManifestEntry("衡阳日报", datetime.date(2023, 8, 19), "1"), [GIVEN], False),  # another paper given
        (ManifestEntry("衡阳晚报", datetime.date(2023, 8, 19), "2"), [GIVEN], False),  # another page
        (ManifestEntry("衡阳晚报", datetime.date(2023, 8, 19), "1"), [INFERRED], False),  # now given, was inferred
        (None, [INFERRED], True),
        (None, [GIVEN], False),  # the text alone may say another date
        (ManifestEntry(None, None, "1"), [INFERRED], True),
        (None, [], False),
    ],
)
def test_already_loaded_is_what_parsing_and_storing_would_find(entry, issues, expected):
    assert already_loaded("0" * 64, entry, issues) is expected


def test_an_unchanged_rerun_parses_nothing(monkeypatch):
    def refuse(job):
        raise AssertionError(f"{job.source} was parsed")

    monkeypatch.setattr(bulkload, "prepare", refuse)
    summary = bulkload.load_files(collect_files([SEEDS]))
    assert summary.counts == {"created": 0, "updated": 0, "unchanged": 0, "skipped": 5, "failed": 0}


def test_a_changed_file_is_parsed_and_updated(tmp_path):
    for seed in SEEDS.glob("*"):
        shutil.copy(seed, tmp_path / seed.name)
    page = tmp_path / "001_a192f4ec0cc23092.txt"
    page.write_text(page.read_text(encoding="utf-8").replace("携手同心", "携手并肩"), encoding="utf-8")
    seen = []
    summary = bulkload.load_files(collect_files([tmp_path]), on_file=seen.append)
    assert summary.counts["skipped"] == 4 and summary.counts["updated"] == 1
    assert [o.status for o in seen if o.path == page] == ["updated"]
    assert Issue.objects.get(source_name=page.name).raw_text.count("携手并肩") >= 1


def test_worker_processes_prepare_what_this_process_would(monkeypatch):
    files = collect_files([SEEDS])
    monkeypatch.setattr(bulkload, "PARALLEL_MIN", 2)
    in_workers = list(bulkload._prepare_all(files, workers=2))
    assert [path for path, _, _ in in_workers] == [path for path, _ in files]  # in file order
    for (path, entry), (_, _, prepared) in zip(files, in_workers, strict=True):
        here = prepare(Job(path.name, path.read_bytes(), entry.paper, entry.issue_date))
        assert prepared.parsed == here.parsed
        assert prepared.topics == here.topics and prepared.topics
