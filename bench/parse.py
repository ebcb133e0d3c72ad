"""Parser benchmark: pages per second on the seeds and the invented pages, and runaway input.

    python bench/parse.py [--repeat 20]

Bulk import wants tens of pages a second on two cores; the parser is pure Python, so this
times `archive.parsing.parse_page` alone (no database). It also times inputs that would
expose a catastrophic pattern: a 200 KB page and 1 MB lines with and without punctuation.
Prints one line per measurement (best of three for the single inputs).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.parsing import ParseError, parse_page  # noqa: E402

RUNAWAY = {
    "1 MB line with commas": ("全市经济运行稳中向好，" * 90000 + "。").encode(),
    "1 MB line without punctuation": ("全市经济运行稳中向好" * 100000).encode(),
    "1 MB line of bylines": ("■本报记者 王某 " * 60000).encode(),
    "1 MB line of open brackets": ("（记者 王某（" * 60000).encode(),
}


def best_of_three(data: bytes) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        try:
            parse_page(data, "bench.txt")
        except ParseError:
            pass
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    pages = [p.read_bytes() for folder in (ROOT / "seeds", ROOT / "tests" / "data" / "invented")
             for p in sorted(folder.glob("*.txt"))]
    start = time.perf_counter()
    for _ in range(args.repeat):
        for page in pages:
            parse_page(page, "bench.txt")
    elapsed = time.perf_counter() - start
    print(f"{len(pages)} pages × {args.repeat}: {len(pages) * args.repeat / elapsed:.1f} pages/s")
    lines = [line for p in sorted((ROOT / "seeds").glob("*.txt")) for line in p.read_text().split("\n") if line]
    big = ("\n".join(lines) + "\n").encode()
    print(f"200 KB page: {best_of_three(big * (200_000 // len(big) + 1)):.2f} s")
    head = "# 标题\n\n本报讯 3月5日，".encode()
    for name, data in RUNAWAY.items():
        print(f"{name}: {best_of_three(head + data):.2f} s")


if __name__ == "__main__":
    main()
