"""Search latency of this checkout and an earlier one side by side, on one corpus, alternating.

    python bench/search_side.py --data-dir DIR --baseline CHECKOUT [--rounds 5] [--repeat 3] [--reuse-baseline]

DIR is a corpus kept by `bench/search.py N --data-dir DIR --keep`. The baseline checkout
(e.g. `git worktree add ../old <commit>`, with its own `make venv`) gets a copy of DIR's
database and user dictionary in DIR-baseline and builds its own index from them; both
indexes hold the same articles. Then, round after round, each checkout in a process of
its own (its own venv and code) runs bench/search.py's 50-query mix through
`/api/search/` after a warm-up, and this checkout also times the raw Whoosh searcher on
its index, as bench/search.py does. A noisy machine slows both alike within a round;
the medians over the rounds are what to quote. Prints the table and writes JSON
(bench/results/search-side.json unless --out is given).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="a corpus kept by bench/search.py --keep")
    parser.add_argument("--baseline", type=Path, required=True, help="the earlier checkout (with its own .venv)")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of the mix in each round")
    parser.add_argument("--reuse-baseline", action="store_true",
                        help="keep the baseline's index DIR-baseline already holds (built by an earlier run)")
    parser.add_argument("--out", type=Path, help="JSON output (default: bench/results/search-side.json)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)  # run one round for this checkout
    return parser.parse_args(argv)


def _bench_module():
    """bench/search.py of this checkout (its query mix and timing), whichever code is imported."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_search", ROOT / "bench" / "search.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def child(checkout: Path, data_dir: Path, repeat: int) -> dict:
    """One round in this process: the site (and, for this checkout, raw Whoosh) on `checkout`'s code."""
    bench = _bench_module()
    os.environ["ARCHIVE_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    for name in ("ARCHIVE_DB_PATH", "ARCHIVE_WHOOSH_PATH"):
        os.environ.pop(name, None)
    sys.path.insert(0, str(checkout))
    import django

    django.setup()
    corpus = json.loads((data_dir / "corpus.json").read_text(encoding="utf-8"))
    mix = bench.query_mix(corpus["pool"], corpus["papers"])
    # CPU time as well as wall time: on a machine other work keeps busy, the wall time of a query
    # includes the time it waited for a core, its CPU time does not.
    site = bench.site_runner()
    for item in mix:  # jieba's dictionary, the searcher's arrays: loaded before the clock starts
        site(item)
    cpu = time.process_time()
    out = {"site": bench.time_runs(site, mix, repeat)["all"]}
    out["site"]["cpu_ms"] = (time.process_time() - cpu) * 1000 / (len(mix) * (repeat + 1))
    if checkout.resolve() == ROOT:
        raw, searcher = bench.raw_runner()
        out["raw"] = bench.time_runs(raw, mix, repeat)["all"]
        searcher.close()
    return out


def prepare_baseline(data_dir: Path, baseline: Path) -> Path:
    """DIR-baseline: DIR's database and dictionary, indexed by the baseline's own rebuild_index."""
    target = data_dir.with_name(data_dir.name + "-baseline")
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in ("archive.sqlite3", "corpus.json", "jieba_userdict.txt"):
        if (data_dir / name).exists():
            shutil.copy2(data_dir / name, target / name)
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(target), "DJANGO_SETTINGS_MODULE": "config.settings"}
    subprocess.run([str(baseline / ".venv" / "bin" / "python"), "manage.py", "rebuild_index", "--noinput"],
                   cwd=baseline, env=env, check=True)
    return target


def run_round(checkout: Path, data_dir: Path, repeat: int) -> dict:
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(data_dir)}
    done = subprocess.run(
        [str(checkout / ".venv" / "bin" / "python"), str(Path(__file__).resolve()), "--data-dir", str(data_dir),
         "--baseline", str(checkout), "--repeat", str(repeat), "--child", str(checkout)],
        cwd=checkout, env=env, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None) -> dict:
    args = parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.data_dir, args.repeat)))
        return {}
    baseline = args.baseline.resolve()
    baseline_dir = args.data_dir.resolve().with_name(args.data_dir.resolve().name + "-baseline")
    if not (args.reuse_baseline and (baseline_dir / "whoosh").exists()):
        baseline_dir = prepare_baseline(args.data_dir.resolve(), baseline)
    rounds = []
    for number in range(args.rounds):
        previous = run_round(baseline, baseline_dir, args.repeat)
        current = run_round(ROOT, args.data_dir.resolve(), args.repeat)
        rounds.append({"previous": previous["site"], "current": current["site"], "raw": current["raw"],
                       "load": os.getloadavg()[0]})
        row = rounds[-1]
        print(f"round {number + 1}: previous {row['previous']['p50']:.1f} / {row['previous']['p95']:.1f} "
              f"(CPU {row['previous']['cpu_ms']:.1f})   this {row['current']['p50']:.1f} / {row['current']['p95']:.1f} "
              f"(CPU {row['current']['cpu_ms']:.1f})   "
              f"raw Whoosh {row['raw']['p50']:.1f} / {row['raw']['p95']:.1f}   load {row['load']:.2f}", flush=True)
    median = {name: {key: round(statistics.median(r[name][key] for r in rounds), 1) for key in keys}
              for name, keys in (("previous", ("p50", "p95", "cpu_ms")), ("current", ("p50", "p95", "cpu_ms")),
                                 ("raw", ("p50", "p95")))}
    print(f"\nmedians over {args.rounds} rounds, ms (p50 / p95; mean CPU time a query), {args.repeat} timed runs "
          "of the mix each:")
    for name, label in (("previous", "previous version"), ("current", "this version"), ("raw", "raw Whoosh")):
        cpu = f"   CPU {median[name]['cpu_ms']:.1f}" if "cpu_ms" in median[name] else ""
        print(f"  {label:18} {median[name]['p50']:6.1f} / {median[name]['p95']:6.1f}{cpu}")
    report = {"started": datetime.datetime.now().isoformat(timespec="seconds"), "baseline": str(baseline),
              "rounds": rounds, "median": median, "load_average": os.getloadavg()}
    out = args.out or ROOT / "bench" / "results" / "search-side.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"wrote {out}")
    return report


if __name__ == "__main__":
    main()
