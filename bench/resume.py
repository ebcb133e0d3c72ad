"""Import killed half way, then resumed: `load_issues` on a folder, killed once it has stored
`--kill-at` pages, run again to the end, then run a third time on the unchanged folder.

    python bench/resume.py --corpus DIR [--kill-at N] [--signal KILL|INT] [--data-dir DIR]

Each run is `manage.py load_issues DIR` in a process of its own on one scratch data
directory (migrated first). Reports wall and CPU time per run (the CPU time of the command
and its worker processes), the load average, and `check_index` at the end: every stored
article is in the index exactly once, as the database has it. JSON to bench/results/.
"""

from __future__ import annotations

import argparse
import datetime
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from search import save_report  # noqa: E402  (bench/search.py)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True, help="a folder of raw pages with manifest.csv")
    parser.add_argument("--kill-at", type=int, help="pages stored before the kill (default: half the folder)")
    parser.add_argument("--signal", choices=("KILL", "INT"), default="KILL")
    parser.add_argument("--data-dir", type=Path, required=True, help="scratch data directory (emptied first)")
    parser.add_argument("--out", type=Path, help="JSON output (default: bench/results/resume-N.json)")
    return parser.parse_args(argv)


def environment(data_dir: Path) -> dict:
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "config.settings"}
    for name in ("ARCHIVE_DB_PATH", "ARCHIVE_WHOOSH_PATH", "DATABASE_URL"):
        env.pop(name, None)
    return env


def stored_pages(data_dir: Path) -> int:
    try:
        with sqlite3.connect(f"file:{data_dir / 'archive.sqlite3'}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT COUNT(*) FROM archive_issue").fetchone()[0]
    except sqlite3.Error:
        return 0


def run(data_dir: Path, args: list[str], kill_at: int | None = None, sig: int = signal.SIGKILL) -> dict:
    """One manage.py command: wall and CPU seconds, load average, output; killed once `kill_at` pages are stored."""
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), *args], env=environment(data_dir),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    killed_at = None
    if kill_at is not None:
        while child.poll() is None:
            if stored_pages(data_dir) >= kill_at:
                killed_at = stored_pages(data_dir)
                if sig == signal.SIGKILL:  # the command and its workers, as a crash would
                    os.killpg(child.pid, sig)
                else:  # Ctrl-C reaches the command; its workers end with it
                    child.send_signal(sig)
                break
            time.sleep(0.2)
    out, err = child.communicate()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"seconds": round(seconds, 1), "cpu_s": round(after.ru_utime + after.ru_stime - before.ru_utime
                                                          - before.ru_stime, 1),
            "load_average": [round(load, 2), round(os.getloadavg()[0], 2)], "returncode": child.returncode,
            "killed_at_pages": killed_at, "stdout": out.strip()[-2000:], "stderr_tail": err.strip()[-600:]}


def main(argv=None) -> dict:
    args = parse_args(argv)
    data_dir = args.data_dir
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    pages = len(list(args.corpus.glob("*.txt")))
    kill_at = args.kill_at or pages // 2
    sig = getattr(signal, f"SIG{args.signal}")
    run(data_dir, ["migrate", "--noinput", "-v", "0"])
    report: dict = {"pages": pages, "cpus": os.cpu_count(), "corpus": str(args.corpus), "signal": args.signal,
                    "started": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")}
    for name, kill in (("killed", kill_at), ("resumed", None), ("unchanged", None)):
        result = run(data_dir, ["load_issues", str(args.corpus)], kill, sig)
        report[name] = result
        print(f"{name:>9}: {result['seconds']} s wall, {result['cpu_s']} s CPU, load average "
              f"{result['load_average'][0]} → {result['load_average'][1]}, exit {result['returncode']}"
              + (f", killed at {result['killed_at_pages']} pages stored" if result["killed_at_pages"] else "")
              + f"\n           {result['stdout'].splitlines()[-1] if result['stdout'] else result['stderr_tail']}",
              flush=True)
    first = report["killed"]["seconds"] + report["resumed"]["seconds"]
    report["first_import"] = {"seconds": round(first, 1), "pages_per_s": round(pages / first, 2),
                              "cpu_s": round(report["killed"]["cpu_s"] + report["resumed"]["cpu_s"], 1)}
    report["unchanged"]["pages_per_s"] = round(pages / report["unchanged"]["seconds"], 1)
    check = run(data_dir, ["check_index"])
    report["check_index"] = {"returncode": check["returncode"], "output": check["stdout"][-600:]}
    print(f"first import (killed + resumed): {first:.1f} s = {pages / first:.2f} pages/s; unchanged re-run "
          f"{report['unchanged']['pages_per_s']} pages/s\ncheck_index (exit {check['returncode']}): "
          f"{check['stdout'][-300:]}", flush=True)
    save_report(report, args.out or ROOT / "bench" / "results" / f"resume-{pages}.json")
    return report


if __name__ == "__main__":
    main()
