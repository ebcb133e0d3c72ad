"""Search benchmark: build rate and query latency on a synthetic archive of N articles.

    python bench/search.py 10000 [--repeat 3] [--data-dir DIR] [--out FILE] [--keep] [--reuse-corpus]

The corpus is made, deterministically, from the seed pages' own text: the seeds are
loaded, their sentences are recombined into N articles whose lengths follow the seed
articles', with names from a pool of generated names standing in for the seeds' people,
spread over 2016–2024 and both papers. Then:

- build: `manage.py rebuild_index --noinput` (documents/s), and the same texts into
  SQLite FTS5 with the trigram tokenizer (rows/s);
- search: a fixed mix of one-word, name, phrase, faceted and highlighted queries, each
  run `--repeat` times after a warm-up, timed three ways:
    site  — GET /api/search/ through Django (query parsing, facets, highlights, JSON);
    raw   — the same Whoosh query on a Whoosh searcher kept open (facets with Whoosh's
            FieldFacet for faceted queries, Whoosh's highlighter for highlighted ones);
    fts5  — SQLite FTS5 trigram: MATCH ordered by bm25 with a count (LIKE for strings
            shorter than three characters, which trigrams cannot index).

Prints a table and writes JSON (bench/results/search-N.json unless --out is given).
Everything lives in a scratch data directory (a temporary one unless --data-dir).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 20230323
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚"
    "卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建新国文光辉志宏海波斌俊峰鹏飞云凯健春晓东荣林"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of synthetic articles")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each query (after one warm-up)")
    parser.add_argument("--data-dir", type=Path, help="scratch data directory (default: a temporary one)")
    parser.add_argument("--out", type=Path, help="JSON output (default: bench/results/search-N.json)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch data directory")
    parser.add_argument("--reuse-corpus", action="store_true",
                        help="use the corpus a kept --data-dir already holds (the index is rebuilt all the same)")
    return parser.parse_args(argv)


def setup_django(data_dir: Path) -> None:
    os.environ["ARCHIVE_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.pop("ARCHIVE_DB_PATH", None)
    os.environ.pop("ARCHIVE_WHOOSH_PATH", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# The corpus --------------------------------------------------------------------------------------
def name_pool(rng: random.Random, size: int) -> list[str]:
    names: dict[str, None] = {}
    while len(names) < size:
        given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        names[rng.choice(SURNAMES) + given] = None
    return list(names)


def build_corpus(n: int) -> dict:
    """N synthetic articles in the database, made from the seeds' text (deterministic)."""
    from django.core.management import call_command

    from archive.counts import refresh_issue_counts
    from archive.models import Appearance, Article, ArticleTopic, Issue, Paper, Person, Topic

    call_command("migrate", "--noinput", verbosity=0)
    call_command("load_issues", str(ROOT / "seeds"), verbosity=0)
    rng = random.Random(SEED)
    seeds = list(Article.objects.order_by("pk"))
    seed_names = sorted(set(Person.objects.values_list("name", flat=True)), key=len, reverse=True)
    sentences = []
    for article in seeds:
        for paragraph in article.paragraphs:
            sentences += [s for s in re.findall(r"[^。！？]+[。！？]?", paragraph) if len(s) > 4]
    titles = [a.title for a in seeds if a.title]
    title_parts = [p for t in titles for p in re.split(r"[ ，,]", t) if len(p) >= 4]
    lengths = [len(a.body) for a in seeds if a.kind == "news"]
    pool = name_pool(rng, max(200, n // 50))
    topics = list(Topic.objects.values_list("name", "pk"))
    name_re = re.compile("|".join(map(re.escape, seed_names))) if seed_names else None
    papers = list(Paper.objects.order_by("pk"))
    if len(papers) < 2:
        papers.append(Paper.objects.create(name="衡阳日报", slug="hyrb"))

    persons = {p.name: p for p in Person.objects.filter(name__in=pool)}
    new = [Person(name=name, slug=f"bench-{i}", kind=Person.Kind.OFFICIAL)
           for i, name in enumerate(pool) if name not in persons]
    for person in Person.objects.bulk_create(new, batch_size=2000):
        persons[person.name] = person

    start = datetime.date(2016, 1, 1)
    per_issue = 8
    issues = Issue.objects.bulk_create(
        [Issue(paper=papers[i % len(papers)], date=start + datetime.timedelta(days=i // 4), page=str(10 + i % 4),
               date_confidence="given", source_name=f"bench-{i}.txt", sha256=f"{i:064x}", encoding="utf-8",
               raw_text="") for i in range((n + per_issue - 1) // per_issue)],
        batch_size=2000,
    )
    articles, mentions = [], []
    for i in range(n):
        target = int(rng.choice(lengths) * rng.uniform(0.6, 1.4))
        names_here = rng.sample(pool, 4)

        def rename(text: str, names=names_here) -> str:
            text = re.sub(r"\d", lambda _m: str(rng.randint(0, 9)), text)
            return name_re.sub(lambda _m: rng.choice(names), text) if name_re else text

        paragraphs, size = [], 0
        while size < target:
            paragraph = rename("".join(rng.choice(sentences) for _ in range(rng.randint(2, 4))))
            paragraphs.append(paragraph)
            size += len(paragraph)
        title = rename(rng.choice(title_parts) + " " + rng.choice(title_parts))
        body = "\n\n".join(paragraphs)
        articles.append(Article(issue=issues[i // per_issue], position=i % per_issue + 1, kind="news",
                                title=title, dateline="衡阳晚报讯", body=body))
        mentions.append(([nm for nm in names_here if nm in body or nm in title],
                         [pk for name, pk in topics if name in body]))
    created = Article.objects.bulk_create(articles, batch_size=1000)
    Appearance.objects.bulk_create(
        (Appearance(article=a, person=persons[nm], role="mentioned", roles=["mentioned"], order=k)
         for a, (names, _) in zip(created, mentions, strict=True) for k, nm in enumerate(names)),
        batch_size=5000,
    )
    ArticleTopic.objects.bulk_create(
        (ArticleTopic(article=a, topic_id=pk) for a, (_, tps) in zip(created, mentions, strict=True) for pk in tps),
        batch_size=5000,
    )
    refresh_issue_counts(i.pk for i in issues)
    return {"pool": pool, "papers": [p.name for p in papers]}


# Queries -----------------------------------------------------------------------------------------
def query_mix(pool: list[str], papers: list[str]) -> list[dict]:
    rng = random.Random(SEED + 1)
    names = ["刘越高", "朱健", "邓群策"] + rng.sample(pool, 7)
    one_word = ["物流", "经济", "会议", "文旅", "招商", "乡村振兴", "高质量发展", "数字经济", "项目", "企业"]
    phrases = ['"区域中心化"', '"制造立市"', '"持续深化"', '"衡阳算力中心"', '"新时代文明实践"',
               '"营商环境"', '"安全生产"', '"重点项目"', '"产业发展"', '"民生实事"']
    faceted = [
        {"q": "经济", "person": names[3]}, {"q": "会议", "year": "2020"}, {"q": "项目", "paper": papers[-1]},
        {"q": "物流", "kind": "news", "sort": "newest"}, {"q": "发展", "from": "2018-01-01", "to": "2018-12-31"},
        {"q": "招商", "year": "2022", "paper": papers[0]}, {"q": names[4]}, {"q": "文旅", "sort": "oldest"},
        {"q": "企业", "person": names[5]}, {"q": "乡村振兴", "year": "2019"},
    ]
    highlighted = ["刘越高 物流", f"{names[3]} 招商", "title:物流", "文旅 -会议", "物流 OR 算力",
                   "劉越高", "高质量 发展", "\"区域物流中心\" 建设", f"{names[6]} 会议", "产业 项目 企业"]
    mix = [{"kind": "one-word", "params": {"q": q}} for q in one_word]
    mix += [{"kind": "name", "params": {"q": q}} for q in names]
    mix += [{"kind": "phrase", "params": {"q": q}} for q in phrases]
    mix += [{"kind": "faceted", "params": p} for p in faceted]
    mix += [{"kind": "highlighted", "params": {"q": q}} for q in highlighted]
    return mix


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def time_runs(fn, items: list, repeat: int) -> dict:
    for item in items:  # warm-up
        fn(item)
    timings: dict[str, list[float]] = {}
    for _ in range(repeat):
        for item in items:
            started = time.perf_counter()
            fn(item)
            timings.setdefault(item["kind"], []).append((time.perf_counter() - started) * 1000)
    every = [t for ts in timings.values() for t in ts]
    summary = {"all": {"p50": percentile(every, 50), "p95": percentile(every, 95), "n": len(every)}}
    for kind, ts in timings.items():
        summary[kind] = {"p50": percentile(ts, 50), "p95": percentile(ts, 95), "n": len(ts)}
    return summary


def site_runner():
    from django.test import Client

    client = Client()

    def run(item):
        response = client.get("/api/search/", item["params"])
        assert response.status_code == 200, response.status_code
        return response.json()["count"]

    return run


def raw_query(node):
    """The query a plain Whoosh searcher runs for a parse tree: each term's bigram phrase in the headline
    or the text (the engine's phrase matcher), ranked by Whoosh's BM25 of its jieba words."""
    from whoosh import query as wq

    from archive.search.engine import syntax, translate

    if isinstance(node, syntax.Term):
        match = translate.match_query(node)
        words = list(dict.fromkeys(translate.words(node.text)))
        ranking = [wq.Term(name, w, boost=translate.BOOSTS[name]) for name, _ in translate.FIELDS[node.field]
                   for w in words]
        return wq.AndMaybe(match, wq.Or(ranking)) if ranking else match
    positives = [raw_query(c) for c in node.children if not isinstance(c, syntax.Not)]
    if isinstance(node, syntax.Or):
        return wq.Or(positives)
    negatives = [translate.match_tree(c.child) for c in node.children if isinstance(c, syntax.Not)]
    positive = positives[0] if len(positives) == 1 else wq.And(positives)
    return wq.AndNot(positive, wq.Or(negatives)) if negatives else positive


def raw_runner():
    """The same query on a Whoosh searcher kept open, with Whoosh's own facets and highlighter."""
    from whoosh import highlight as wh
    from whoosh import query as wq
    from whoosh import sorting

    from archive.search.connection import get_holder
    from archive.search.engine import syntax
    from archive.search.engine.execute import DateSpan
    from archive.search.service import SearchRequest, filter_queries

    holder = get_holder()
    searcher = holder.open_index().searcher()
    facets = [sorting.FieldFacet(name) for name in ("year", "paper", "kind")]

    def whoosh_filter(f):
        if not isinstance(f, DateSpan):
            return f
        start = datetime.datetime.combine(f.start, datetime.time.min) if f.start else None
        end = datetime.datetime.combine(f.end, datetime.time.max) if f.end else None
        return wq.DateRange("date", start, end)

    def run(item):
        req = SearchRequest.from_params(item["params"])
        q = raw_query(syntax.parse(req.q))
        filters = [whoosh_filter(f) for f in filter_queries(req)]
        if filters:
            q = wq.And([q, *filters])
        kwargs = {"limit": 20}
        if item["kind"] == "faceted":
            kwargs["groupedby"] = facets
        if req.sort != "relevance":
            kwargs["sortedby"] = sorting.FieldFacet("date", reverse=req.sort == "newest")
        results = searcher.search(q, **kwargs)
        if item["kind"] == "highlighted":
            results.fragmenter = wh.ContextFragmenter(maxchars=120, surround=40)
            for hit in results:
                hit.highlights("text")
        return len(results)

    return run, searcher


def build_fts5(path: Path) -> tuple[sqlite3.Connection, float, int]:
    from archive.models import Article
    from archive.search_indexes import ArticleIndex

    db = sqlite3.connect(str(path))
    db.execute("CREATE VIRTUAL TABLE fts USING fts5(headline, body, paper UNINDEXED, year UNINDEXED, "
               "kind UNINDEXED, day UNINDEXED, tokenize='trigram')")
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    docs = list(ArticleIndex().documents(ids))
    started = time.perf_counter()
    with db:
        db.executemany(
            "INSERT INTO fts(rowid, headline, body, paper, year, kind, day) VALUES (?, ?, ?, ?, ?, ?, ?)",
            ((int(d["django_id"]), d["headline"], d["text"], d["paper"], d["year"], d["kind"],
              d["date"].date().isoformat()) for d in docs),
        )
    return db, time.perf_counter() - started, len(docs)


def fts5_runner(db: sqlite3.Connection):
    from archive.search.engine.syntax import parse, positive_terms

    def run(item):
        p = item["params"]
        terms = [t.text.replace('"', "") for t in positive_terms(parse(p.get("q", "")))]
        where, args = [], []
        match = " AND ".join(f'"{t}"' for t in terms if len(t) >= 3)
        if match:
            where.append("fts MATCH ?")
            args.append(match)
        for t in terms:
            if len(t) < 3:
                where.append("(headline LIKE ? OR body LIKE ?)")
                args += [f"%{t}%", f"%{t}%"]
        for key, column in (("paper", "paper"), ("year", "year"), ("kind", "kind")):
            if p.get(key):
                where.append(f"{column} = ?")
                args.append(p[key])
        if p.get("from"):
            where.append("day >= ?")
            args.append(p["from"])
        if p.get("to"):
            where.append("day <= ?")
            args.append(p["to"])
        clause = " AND ".join(where) or "1"
        order = "rank" if match else "rowid DESC"
        snippet = "snippet(fts, 1, '<mark>', '</mark>', '…', 24)" if item["kind"] == "highlighted" else "''"
        rows = db.execute(f"SELECT rowid, {snippet} FROM fts WHERE {clause} ORDER BY {order} LIMIT 20",
                          args).fetchall()
        count = db.execute(f"SELECT count(*) FROM fts WHERE {clause}", args).fetchone()[0]
        if item["kind"] == "faceted":
            for column in ("year", "paper", "kind"):
                db.execute(f"SELECT {column}, count(*) FROM fts WHERE {clause} GROUP BY {column}", args).fetchall()
        return count, rows

    return run


def save_report(report: dict, out: Path) -> None:
    """A benchmark's figures as JSON (bench/results/ by default; the other benchmarks use this too)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"wrote {out}")


def main(argv=None) -> dict:
    args = parse_args(argv)
    scratch = args.data_dir or Path(tempfile.mkdtemp(prefix=f"archive-bench-{args.n}-"))
    saved = scratch / "corpus.json"
    reuse = args.reuse_corpus and saved.exists() and json.loads(saved.read_text(encoding="utf-8"))["n"] == args.n
    if not reuse and scratch.exists() and any(scratch.iterdir()):
        shutil.rmtree(scratch)
    scratch.mkdir(parents=True, exist_ok=True)
    setup_django(scratch)
    from django.core.management import call_command

    from archive.models import Article
    from archive.search.dictionary import update_userdict

    report: dict = {"n": args.n, "repeat": args.repeat, "cpus": os.cpu_count(),
                    "started": datetime.datetime.now().isoformat(timespec="seconds")}
    t0 = time.perf_counter()
    if reuse:
        corpus = json.loads(saved.read_text(encoding="utf-8"))
    else:
        corpus = build_corpus(args.n)
        saved.write_text(json.dumps({"n": args.n, **corpus}, ensure_ascii=False), encoding="utf-8")
    total = Article.objects.count()
    chars = sum(len(b) for b in Article.objects.values_list("body", flat=True).iterator())
    report["corpus"] = {"articles": total, "avg_body_chars": round(chars / max(total, 1)),
                        "seconds": round(time.perf_counter() - t0, 1)}
    print(f"corpus: {total} articles, {chars / max(total, 1):.0f} characters of body on average "
          f"({report['corpus']['seconds']} s{', reused' if reuse else ''})", flush=True)

    update_userdict()
    started = time.perf_counter()
    call_command("rebuild_index", "--noinput", verbosity=0)
    build_s = time.perf_counter() - started
    index_bytes = sum(f.stat().st_size for f in (scratch / "whoosh").iterdir())
    report["build"] = {"seconds": round(build_s, 1), "docs_per_s": round(total / build_s, 1),
                       "index_mb": round(index_bytes / 2**20, 1)}
    print(f"rebuild_index: {build_s:.1f} s, {total / build_s:.0f} documents/s, index {index_bytes / 2**20:.0f} MB",
          flush=True)

    (scratch / "fts5.sqlite3").unlink(missing_ok=True)
    db, fts_s, fts_n = build_fts5(scratch / "fts5.sqlite3")
    report["fts5_build"] = {"seconds": round(fts_s, 1), "docs_per_s": round(fts_n / fts_s, 1)}
    print(f"fts5 trigram: {fts_s:.1f} s, {fts_n / fts_s:.0f} rows/s", flush=True)

    mix = query_mix(corpus["pool"], corpus["papers"])
    report["queries"] = [m["params"] for m in mix]
    raw, searcher = raw_runner()
    report["search"] = {
        "site": time_runs(site_runner(), mix, args.repeat),
        "raw": time_runs(raw, mix, args.repeat),
        "fts5": time_runs(fts5_runner(db), mix, args.repeat),
    }
    searcher.close()
    site, rawr = report["search"]["site"]["all"], report["search"]["raw"]["all"]
    report["ratio_site_to_raw"] = {key: round(site[key] / rawr[key], 2) for key in ("p50", "p95")}

    kinds = ["all", "one-word", "name", "phrase", "faceted", "highlighted"]
    print(f"\nsearch latency at {total} articles, ms (p50 / p95), {args.repeat} timed runs of {len(mix)} queries")
    print(f"{'':12}" + "".join(f"{k:>20}" for k in kinds))
    for system in ("site", "raw", "fts5"):
        row = report["search"][system]
        print(f"{system:12}" + "".join(f"{row[k]['p50']:>9.1f} /{row[k]['p95']:>8.1f}" for k in kinds))
    print(f"site/raw: p50 {report['ratio_site_to_raw']['p50']}×, p95 {report['ratio_site_to_raw']['p95']}×")

    save_report(report, args.out or ROOT / "bench" / "results" / f"search-{args.n}.json")
    db.close()
    if not args.keep and not args.data_dir:
        shutil.rmtree(scratch, ignore_errors=True)
    return report


if __name__ == "__main__":
    main()
