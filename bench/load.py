"""Import benchmark: `load_issues` on N raw pages, first import and unchanged re-run, in pages/s.

    python bench/load.py --pages 2000 [--corpus DIR] [--data-dir DIR] [--keep]

Without `--corpus`, N pages are generated, deterministically, from the seed pages: each
page is a seed page with its people renamed from a pool of generated names (so the
archive learns new names as it goes, as it does on real pages), with its own paper,
date and page in a manifest.csv. `--corpus DIR` loads a folder made elsewhere instead
(e.g. `bench/corpus.py N DIR`). Both runs are `manage.py load_issues DIR` in a fresh
process on a fresh data directory (migrated first); the second run finds every file
unchanged. Prints the rates and the loader's own summary; writes JSON to
bench/results/load-N.json.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search import save_report  # noqa: E402  (bench/search.py)

SEED = 20260101
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建新国文光辉志宏海波斌俊峰鹏飞云凯健春晓东荣林"
PAPERS = ("衡阳晚报", "衡阳日报")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000, help="pages to generate (ignored with --corpus)")
    parser.add_argument("--corpus", type=Path, help="a folder of raw pages (with manifest.csv) to load instead")
    parser.add_argument("--data-dir", type=Path, help="scratch data directory (default: a temporary one)")
    parser.add_argument("--out", type=Path, help="JSON output (default: bench/results/load-N.json)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch data directory")
    return parser.parse_args(argv)


def seed_pages() -> list[tuple[str, list[str]]]:
    """(text, names printed on it) of each seed page, longest names first."""
    from archive.parsing import parse_page

    pages = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        parsed = parse_page(path.read_bytes(), path.name)
        names = {p.name for a in parsed.articles for p in a.persons}
        names |= {r.name for a in parsed.articles for r in a.reporters}
        pages.append((parsed.text, sorted((n for n in names if len(n) >= 2), key=len, reverse=True)))
    return pages


def generate(n: int, out: Path) -> Path:
    """N pages from the seeds, people renamed, one manifest row each (deterministic)."""
    rng = random.Random(SEED)
    pool: dict[str, None] = {}
    while len(pool) < max(300, n // 4):
        pool["".join((rng.choice(SURNAMES), *(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))))] = None
    names = list(pool)
    pages = seed_pages()
    out.mkdir(parents=True, exist_ok=True)
    start = datetime.date(1995, 1, 1)
    rows = []
    for i in range(n):
        text, printed = pages[i % len(pages)]
        if printed:
            mapping = dict(zip(printed, rng.sample(names, len(printed)), strict=True))
            text = re.sub("|".join(map(re.escape, printed)), lambda m, mp=mapping: mp[m.group(0)], text)
        name = f"{i:06d}.txt"
        (out / name).write_text(text, encoding="utf-8")
        date = start + datetime.timedelta(days=i // 4)
        rows.append((name, PAPERS[i % 2], date.isoformat(), str(1 + (i // 2) % 2)))
    with open(out / "manifest.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(("file", "paper", "issue_date", "page"))
        writer.writerows(rows)
    return out


def manage(data_dir: Path, *args: str) -> tuple[float, str, str, float]:
    """(wall seconds, stdout, stderr, CPU seconds of the command and its worker processes)."""
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "config.settings"}
    for name in ("ARCHIVE_DB_PATH", "ARCHIVE_WHOOSH_PATH"):
        env.pop(name, None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if done.returncode not in (0, 1):
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return seconds, done.stdout.strip(), done.stderr, cpu


def main(argv=None) -> dict:
    args = parse_args(argv)
    scratch = args.data_dir or Path(tempfile.mkdtemp(prefix="archive-load-"))
    data_dir = scratch / "data"
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    corpus = args.corpus or generate(args.pages, scratch / "pages")
    pages = len(list(corpus.glob("*.txt")))
    manage(data_dir, "migrate", "--noinput", "-v", "0")
    report: dict = {"pages": pages, "cpus": os.cpu_count(), "corpus": str(corpus),
                    "started": datetime.datetime.now().isoformat(timespec="seconds")}
    for run in ("first", "unchanged"):
        load = os.getloadavg()[0]
        seconds, summary, _, cpu = manage(data_dir, "load_issues", str(corpus))
        report[run] = {"seconds": round(seconds, 1), "pages_per_s": round(pages / seconds, 1),
                       "cpu_s": round(cpu, 1), "cpu_ms_per_page": round(1000 * cpu / pages, 1),
                       "load_average": [round(load, 2), round(os.getloadavg()[0], 2)], "summary": summary}
        print(f"{run:>9}: {pages} pages in {seconds:.1f} s = {pages / seconds:.1f} pages/s, CPU {cpu:.1f} s "
              f"({1000 * cpu / pages:.0f} ms/page), load average {load:.2f} → {os.getloadavg()[0]:.2f}\n"
              f"           {summary}", flush=True)
    save_report(report, args.out or ROOT / "bench" / "results" / f"load-{pages}.json")
    if not args.keep and not args.data_dir:
        shutil.rmtree(scratch, ignore_errors=True)
    return report


if __name__ == "__main__":
    main()
