"""bench/corpus.py: the generated pages parse into the articles they were meant to hold."""

from __future__ import annotations

import csv
import datetime
import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def corpus():
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def pages(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    corpus.generate(20, out)
    return out


def test_every_sampled_page_parses_as_planned(corpus, pages):
    result = corpus.check(pages, 20)
    assert result["mismatches"] == []
    assert result["layout_exact"] == result["pages"] == 20
    assert result["titled_people_found"] == result["titled_people_planned"] > 100


def test_manifest_spans_both_papers_and_three_decades(pages):
    with (pages / "manifest.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 20 and all((pages / row["file"]).exists() for row in rows)
    assert {row["paper"] for row in rows} == {"衡阳晚报", "衡阳日报"}
    dates = [datetime.date.fromisoformat(row["issue_date"]) for row in rows]
    assert datetime.date(1995, 1, 1) <= min(dates) and max(dates) <= datetime.date(2025, 12, 31)
    assert (max(dates) - min(dates)).days > 20 * 365
    assert len({(row["paper"], row["issue_date"], row["page"]) for row in rows}) == 20


def test_pages_carry_every_layout_the_parser_reads(pages):
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(pages.glob("*.txt")))
    for mark in ("——\n", "# ", "衡阳晚报讯 (全媒体记者", "■本报记者", "本报讯 ", " 摄\n", "（下转第2版）",
                 "出席会议。", "责任编辑：", "星期"):
        assert mark in text, mark
    items = [i for line in (pages / "expected.jsonl").read_text(encoding="utf-8").splitlines()
             for i in json.loads(line)["items"]]
    assert {i["kind"] for i in items} == {"news", "photo", "fragment"}


def test_officials_change_titles_over_time(corpus):
    import random

    cast = corpus.make_cast(random.Random(corpus.SEED))
    titles: dict[str, set[str]] = {}
    for post, terms in zip(cast.posts, cast.terms, strict=True):
        for term in terms:
            titles.setdefault(term.person, set()).add(post.title)
    assert len(cast.people) >= 200
    assert sum(len(t) > 1 for t in titles.values()) >= 20  # promoted at least once


def test_the_same_seed_writes_the_same_pages(corpus, pages, tmp_path):
    corpus.generate(20, tmp_path)
    for page in sorted(pages.glob("*.txt"))[:10]:
        assert (tmp_path / page.name).read_bytes() == page.read_bytes()


def test_vocabulary_reaches_well_beyond_the_seeds(corpus, pages):
    nouns, verbs = corpus.jieba_words()
    assert len(nouns) > 10_000 and len(verbs) > 1_000
    text = "".join(p.read_text(encoding="utf-8") for p in pages.glob("*.txt"))
    seeds = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "seeds").glob("*.txt"))
    unseen = [w for w in nouns[:20_000] if w in text and w not in seeds]
    assert len(unseen) > 1_000
