"""The archive end to end at scale: corpus, import, rebuild, search and every page.

    python bench/run.py --pages N [--repeat R] [--data-dir DIR] [--keep] [--reuse] [--steps a,b]

Steps, each in a child process of its own so that its time and peak RSS are its own
(os.wait4 reports the child's resource usage):

- corpus:  bench/corpus.py's N raw pages and manifest, and a parse check of a sample;
- import:  `load_issues` on the folder: parser, loader, topics and search index end to end;
- rebuild: `rebuild_index --noinput` (documents/s, index size);
- serve:   what one server process does — bench/search.py's query mix through
           /api/search/ (facets and highlights), then every page: p50/p95 over --repeat
           requests after a warm-up (wall time and the process's CPU time, which a
           shared machine disturbs less), the first (cold) request, and the SQL query
           count of the page built with an empty cache;
- compare: the same query mix on a raw Whoosh searcher and on SQLite FTS5 (trigram).

Everything lives in a scratch data directory (ARCHIVE_DATA_DIR), a temporary one unless
--data-dir; --reuse keeps a data directory's corpus, database and index and runs only
serve and compare (or the --steps named). Prints tables and writes bench/results/run-N.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import search as search_bench  # noqa: E402  (bench/search.py: query mix, timing, raw Whoosh, FTS5)

STEPS = ("corpus", "import", "rebuild", "serve", "compare")
CHECKED_PAGES = 200


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, required=True, help="raw pages in the corpus")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page (after one warm-up)")
    parser.add_argument("--search-repeat", type=int, default=3, help="timed runs of the search mix")
    parser.add_argument("--data-dir", type=Path, help="scratch data directory (default: a temporary one)")
    parser.add_argument("--out", type=Path, help="JSON output (default: bench/results/run-N.json)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch data directory")
    parser.add_argument("--reuse", action="store_true",
                        help="keep what the data directory holds (corpus, database, index, earlier steps' figures)")
    parser.add_argument("--steps", help="steps to run, comma-separated (default: all; with --reuse: serve,compare)")
    parser.add_argument("--step", choices=STEPS, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# Child steps ------------------------------------------------------------------------------------
def step_corpus(args: argparse.Namespace, data: Path) -> dict:
    import corpus

    summary = corpus.generate(args.pages, data / "pages")
    summary["check"] = corpus.check(data / "pages", CHECKED_PAGES)
    summary["check"].pop("mismatches")
    return summary


def step_import(args: argparse.Namespace, data: Path) -> dict:
    from django.core.management import call_command

    from archive.models import Appearance, Article, Issue, Person

    call_command("migrate", "--noinput", verbosity=0)
    started = time.perf_counter()
    call_command("load_issues", str(data / "pages"), verbosity=0)
    seconds = time.perf_counter() - started
    pages, articles = Issue.objects.count(), Article.objects.count()
    return {"seconds": round(seconds, 1), "pages": pages, "articles": articles, "people": Person.objects.count(),
            "appearances": Appearance.objects.count(), "pages_per_s": round(pages / seconds, 2),
            "articles_per_s": round(articles / seconds, 1)}


def step_rebuild(args: argparse.Namespace, data: Path) -> dict:
    from django.core.management import call_command

    from archive.models import Article

    started = time.perf_counter()
    call_command("rebuild_index", "--noinput", verbosity=0)
    seconds = time.perf_counter() - started
    total = Article.objects.count()
    size = sum(f.stat().st_size for f in (data / "whoosh").iterdir())
    return {"seconds": round(seconds, 1), "documents": total, "docs_per_s": round(total / seconds, 1),
            "index_mb": round(size / 2**20, 1)}


def search_mix() -> list[dict]:
    from archive.models import Paper, Person

    officials = Person.objects.filter(kind=Person.Kind.OFFICIAL).order_by("-appearance_count", "name")
    pool = list(officials.values_list("name", flat=True)[:200])
    return search_bench.query_mix(pool, list(Paper.objects.order_by("pk").values_list("name", flat=True)))


def page_urls() -> dict[str, str]:
    """The pages to time, chosen from what the archive holds (the busiest and a rare case)."""
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from archive.models import Article, Issue, Person, Topic
    from archive.sitemaps import PAGE_SIZE
    from archive.views.topics import PER_PAGE as TOPIC_PER_PAGE

    latest = Issue.objects.order_by("-date").first()
    busiest_year = (Issue.objects.annotate(y=ExtractYear("date")).values("y").annotate(n=Count("id"))
                    .order_by("-n", "-y").first()["y"])
    biggest_issue = Issue.objects.order_by("-article_count", "-date").first()
    articles = Article.objects.count()
    middle = Article.objects.select_related("issue__paper").order_by("pk")[articles // 2]
    people = Person.objects.exclude(kind=Person.Kind.JOURNALIST)
    busiest_person = people.order_by("-appearance_count", "pk").first()
    rare_person = (people.filter(appearance_count=1).order_by("pk").first()
                   or people.order_by("appearance_count", "pk").first())
    busiest_topic = Topic.objects.order_by("-article_count", "pk").first()
    sitemap_pages = max(1, -(-articles // PAGE_SIZE))
    last_topic_page = max(1, -(-busiest_topic.article_count // TOPIC_PER_PAGE))
    return {
        "home": "/",
        "dates": "/dates/",
        "year": f"/dates/{busiest_year}/",
        "month": f"/dates/{latest.date.year}/{latest.date.month}/",
        "day": f"/dates/{latest.date.isoformat()}/",
        "issue": biggest_issue.get_absolute_url(),
        "article": middle.get_absolute_url(),
        "people": "/people/",
        "busiest person": busiest_person.get_absolute_url(),
        "rare person": rare_person.get_absolute_url(),
        "topics": "/topics/",
        "busiest topic": busiest_topic.get_absolute_url(),
        "busiest topic, last page": f"{busiest_topic.get_absolute_url()}?page={last_topic_page}",
        "events": "/events/",
        "sitemap": "/sitemap.xml",
        "sitemap, articles page": f"/sitemap-articles.xml?p={(sitemap_pages + 1) // 2}",
        "feed": "/feeds/latest.atom",
    }


def time_page(client, url: str, repeat: int) -> dict:
    """The first request (cold caches), then `repeat` timed ones (wall and CPU), and the query count."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    started = time.perf_counter()
    response = client.get(url)
    first = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{url}: HTTP {response.status_code}")
    timings, cpu = [], []
    for _ in range(repeat):
        started, used = time.perf_counter(), time.process_time()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    cache.clear()  # the count of a page built afresh: the most it ever runs
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    ms = search_bench.percentile
    return {"url": url, "first": round(first, 1), "p50": round(ms(timings, 50), 1), "p95": round(ms(timings, 95), 1),
            "cpu_p50": round(ms(cpu, 50), 1), "cpu_p95": round(ms(cpu, 95), 1), "queries": len(queries),
            "bytes": len(response.content)}


def step_serve(args: argparse.Namespace, data: Path) -> dict:
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", "--noinput", verbosity=0)  # a reused data directory may predate a migration

    mix = search_mix()
    search = search_bench.time_runs(search_bench.site_runner(), mix, args.search_repeat)
    client = Client()
    pages = {name: time_page(client, url, args.repeat) for name, url in page_urls().items()}
    return {"search": search, "pages": pages}


def step_compare(args: argparse.Namespace, data: Path) -> dict:
    mix = search_mix()
    raw, searcher = search_bench.raw_runner()
    raw_times = search_bench.time_runs(raw, mix, args.search_repeat)
    searcher.close()
    (data / "fts5.sqlite3").unlink(missing_ok=True)
    db, seconds, rows = search_bench.build_fts5(data / "fts5.sqlite3")
    fts5 = search_bench.time_runs(search_bench.fts5_runner(db), mix, args.search_repeat)
    db.close()
    return {"raw": raw_times, "fts5": fts5, "fts5_build": {"seconds": round(seconds, 1),
                                                           "docs_per_s": round(rows / seconds, 1)}}


def run_step(name: str, args: argparse.Namespace, data: Path) -> None:
    if name != "corpus":
        search_bench.setup_django(data)
    result = globals()[f"step_{name}"](args, data)
    (data / f"step-{name}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


# The parent -------------------------------------------------------------------------------------
def spawn(name: str, args: argparse.Namespace, data: Path) -> dict:
    """Run one step in a child process: its result, wall time and peak RSS."""
    command = [sys.executable, __file__, "--step", name, "--pages", str(args.pages), "--repeat", str(args.repeat),
               "--search-repeat", str(args.search_repeat), "--data-dir", str(data)]
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(data)}
    load = os.getloadavg()[0]
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"step {name} failed (exit status {os.waitstatus_to_exitcode(status)})")
    result = json.loads((data / f"step-{name}.json").read_text(encoding="utf-8"))
    # CPU time of the step and the worker processes it waited for: what a shared machine disturbs least.
    cpu = usage.ru_utime + usage.ru_stime
    result["step"] = {"wall_s": round(seconds, 1), "cpu_s": round(cpu, 1),
                      "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
                      "load_average": [round(load, 2), round(os.getloadavg()[0], 2)]}
    print(f"{name}: {seconds:.1f} s, CPU {cpu:.1f} s, peak RSS {usage.ru_maxrss / 1024:.0f} MB, "
          f"load average {load:.2f} → {os.getloadavg()[0]:.2f}", flush=True)
    return result


def machine() -> dict:
    def first_line(path: str, key: str) -> str:
        try:
            for line in Path(path).read_text().splitlines():
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
        except OSError:
            pass
        return "?"

    return {"nproc": os.cpu_count(), "cpu": first_line("/proc/cpuinfo", "model name"),
            "ram": first_line("/proc/meminfo", "MemTotal"), "python": platform.python_version(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
            "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")}


def print_report(report: dict) -> None:
    steps = report["steps"]
    print(f"\n{report['pages']} pages at {report['machine']['date']}, {report['machine']['nproc']} cores")
    print(f"{'step':10}{'wall s':>10}{'CPU s':>10}{'peak RSS MB':>14}  figures")
    figures = {
        "corpus": lambda r: f"{r['articles']} items, {r['officials']} officials; parse check: "
                            f"{r['check']['layout_exact']}/{r['check']['pages']} pages exact",
        "import": lambda r: f"{r['pages']} pages, {r['articles']} articles: {r['pages_per_s']} pages/s, "
                            f"{r['articles_per_s']} articles/s",
        "rebuild": lambda r: f"{r['docs_per_s']} documents/s, index {r['index_mb']} MB",
        "serve": lambda r: "search + every page in one process",
        "compare": lambda r: f"FTS5 build {r['fts5_build']['docs_per_s']} rows/s",
    }
    for name in STEPS:
        if name in steps:
            row = steps[name]
            print(f"{name:10}{row['step']['wall_s']:>10}{row['step'].get('cpu_s', '?'):>10}"
                  f"{row['step']['peak_rss_mb']:>14}  {figures[name](row)}")
    kinds = ["all", "one-word", "name", "phrase", "faceted", "highlighted"]
    print("\nsearch, ms (p50 / p95)")
    print(f"{'':8}" + "".join(f"{k:>20}" for k in kinds))
    systems = [("site", steps.get("serve", {}).get("search")), ("raw", steps.get("compare", {}).get("raw")),
               ("fts5", steps.get("compare", {}).get("fts5"))]
    for system, row in systems:
        if row:
            print(f"{system:8}" + "".join(f"{row[k]['p50']:>9.1f} /{row[k]['p95']:>8.1f}" for k in kinds))
    if "serve" not in steps:
        return
    print(f"\npages, ms ({report['repeat']} requests after a warm-up)")
    print(f"{'page':26}{'p50':>8}{'p95':>8}{'cpu p50':>9}{'cpu p95':>9}{'first':>8}{'queries':>9}  url")
    for name, row in steps["serve"]["pages"].items():
        print(f"{name:26}{row['p50']:>8}{row['p95']:>8}{row['cpu_p50']:>9}{row['cpu_p95']:>9}{row['first']:>8}"
              f"{row['queries']:>9}  {row['url']}")


def main(argv=None) -> dict | None:
    args = parse_args(argv)
    if args.step:
        run_step(args.step, args, args.data_dir)
        return None
    data = args.data_dir or Path(tempfile.mkdtemp(prefix=f"archive-run-{args.pages}-"))
    if not args.reuse and data.exists() and any(data.iterdir()):
        shutil.rmtree(data)
    data.mkdir(parents=True, exist_ok=True)
    report: dict = {"pages": args.pages, "repeat": args.repeat, "machine": machine(), "steps": {}}
    wanted = set(args.steps.split(",")) if args.steps else {"serve", "compare"} if args.reuse else set(STEPS)
    if unknown := wanted - set(STEPS):
        raise SystemExit(f"unknown steps: {', '.join(sorted(unknown))}")
    steps = [name for name in STEPS if name in wanted]
    for name in STEPS:
        saved = data / f"step-{name}.json"
        if name not in wanted and saved.exists():
            report["steps"][name] = json.loads(saved.read_text(encoding="utf-8"))
    for name in steps:
        report["steps"][name] = spawn(name, args, data)
        (data / f"step-{name}.json").write_text(json.dumps(report["steps"][name], ensure_ascii=False), "utf-8")
    print_report(report)
    search_bench.save_report(report, args.out or ROOT / "bench" / "results" / f"run-{args.pages}.json")
    if not args.keep and not args.data_dir:
        shutil.rmtree(data, ignore_errors=True)
    return report


if __name__ == "__main__":
    main()
