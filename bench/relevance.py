"""Relevance benchmark: what search finds, against a brute-force scan of the database.

    python bench/relevance.py [--n N] [--samples K] [--seed S] [--data-dir DIR] [--out FILE]

On the seed pages (N = 0, the default) or on bench/search.py's synthetic corpus of N
articles, strings are sampled from the articles and searched for; a brute-force scan of
every article's headline lines and paragraphs (normalised like the index, white space
ignored, never across a line; bylines and datelines left out) says which articles match.

Two oracles, as the search box reads a query:
- exact: the articles that print the string within a line;
- unquoted: those, plus the articles that print every one of its words (jieba's words of
  the query of two or more characters, when there are at least two different ones and no
  punctuation between them) as substrings, each within a line, anywhere in the article.

Measured, precision and recall of the whole result set:
- printed strings of 2–8 characters: as typed (unquoted oracle), the exact tier alone and
  in quotes (exact oracle);
- strings with quotes or brackets printed in them (在“, 了“中心化”的, 海), （一）), the same;
- multi-word queries: two or three words of an article typed together without spaces
  (unquoted oracle; the article they were taken from must be found);
- strings across a break (the end of one line and the start of the next): every result
  must print the string within a line (false matches across breaks);
- known items: an exact title, a title fragment, a rare body string (printed in at most
  three articles); the rank of the article: MRR, recall@1, recall@10. For an exact title,
  another article with the very same headline in first place counts as found.

A sample is typed as printed, without its white space (a space in the search box separates
pieces); a sample wholly inside a pair of quotes (“两个确立”) is left out of the quotes
samples, since quotes around a whole piece mark a phrase and are not searched for.
Prints a table and writes JSON (bench/results/relevance-N.json unless --out is given).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import search as speed  # noqa: E402  (bench/search.py: the corpus and Django set-up)

QUOTES = "“”「」『』\"()（）《》"
PAIRS = {'"': '"', "“": "”", "「": "」", "『": "』"}
WORDLIKE = re.compile(r"[0-9a-z\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=0, help="synthetic articles (0: the seed pages)")
    parser.add_argument("--samples", type=int, default=300, help="queries of each kind")
    parser.add_argument("--seed", type=int, default=20230323, help="random seed of the samples")
    parser.add_argument("--data-dir", type=Path, help="scratch data directory (default: a temporary one)")
    parser.add_argument("--out", type=Path, help="JSON output (default: bench/results/relevance-N.json)")
    parser.add_argument("--reuse", action="store_true",
                        help="measure the corpus and index a kept --data-dir already holds (bench/search.py --keep)")
    return parser.parse_args(argv)


# The brute-force scan -----------------------------------------------------------------------------
class Corpus:
    """Every article's lines as the index reads them (normalised, white space removed)."""

    def __init__(self):
        from archive.models import Article
        from archive.search.engine.text import normalize

        self.normalize = normalize
        self.lines: dict[int, list[str]] = {}
        self.headlines: dict[int, str] = {}
        self.titles: dict[int, str] = {}
        self.raw_lines: dict[int, list[str]] = {}
        for a in Article.objects.only("pk", "kicker", "title", "subtitle", "column", "body").iterator():
            head = [x for x in (a.kicker, a.title, a.subtitle) if x]
            text = [x for x in (a.column, *a.paragraphs) if x]
            raw = [line for part in head + text for line in part.split("\n") if line.strip()]
            self.raw_lines[a.pk] = raw
            self.lines[a.pk] = ["".join(normalize(line).split()) for line in raw]
            self.headlines[a.pk] = "".join(normalize("".join(head)).split())
            self.titles[a.pk] = a.title
        self.joined = {pk: "\n".join(lines) for pk, lines in self.lines.items()}

    def squeeze(self, text: str) -> str:
        return "".join(self.normalize(text).split())

    def printing(self, needle: str) -> set[int]:
        squeezed = self.squeeze(needle)
        return {pk for pk, text in self.joined.items() if squeezed in text}

    def words(self, query: str) -> list[str]:
        """The words an unquoted query is also found by (none: only as printed); see the docstring."""
        from archive.search.engine.tokens import tokenizer

        cut = [w for w in tokenizer().cut(self.squeeze(query), HMM=True) if not w.isspace()]
        if any(not WORDLIKE.search(w) for w in cut):  # punctuation between the words
            return []
        found = list(dict.fromkeys(w for w in cut if len(w) >= 2))
        return found if len(found) >= 2 else []

    def unquoted(self, query: str) -> set[int]:
        """The unquoted oracle: printed as one string, or every one of its words printed."""
        found = self.printing(query)
        words = self.words(query)
        if words:
            found |= set.intersection(*(self.printing(w) for w in words))
        return found


# The engine's answers -------------------------------------------------------------------------------
class Engine:
    def __init__(self):
        from archive.search.connection import get_holder

        self.holder = get_holder()

    def ids(self, q) -> set[int]:
        from archive.search.engine import matching

        with self.holder.searching() as s:
            if q is None:
                return set()
            docs = matching.docnums(matching.query_docs(self.holder, s, q))
            return {int(s.stored_fields(d)["django_id"]) for d in docs}

    def found(self, text: str) -> set[int]:
        from archive.search.engine import syntax, translate

        return self.ids(translate.match_tree(syntax.parse(text)))

    def exact(self, text: str) -> set[int]:
        from archive.search.engine import translate

        return self.ids(translate.printed_query(text, None))

    def ranked(self, text: str, k: int = 100) -> list[int]:
        from archive.search import service

        response = service.search(service.SearchRequest(q=text, per_page=k), with_facets=False)
        return [r["id"] for r in response.results]


def pr(pairs: list[tuple[set, set]]) -> dict:
    """Micro-averaged precision and recall of (found, expected) pairs."""
    tp = sum(len(f & e) for f, e in pairs)
    found = sum(len(f) for f, _ in pairs)
    expected = sum(len(e) for _, e in pairs)
    return {"queries": len(pairs), "precision": round(tp / found, 4) if found else 1.0,
            "recall": round(tp / expected, 4) if expected else 1.0,
            "exact_queries": sum(1 for f, e in pairs if f == e)}


# Samples ----------------------------------------------------------------------------------------------
def sample_strings(corpus: Corpus, rng: random.Random, k: int, with_quotes: bool) -> list[str]:
    out: list[str] = []
    pks = list(corpus.raw_lines)
    tries = 0
    while len(out) < k and tries < k * 200:
        tries += 1
        lines = corpus.raw_lines[rng.choice(pks)]
        if not lines:
            continue
        line = rng.choice(lines)
        if with_quotes:
            marks = [i for i, c in enumerate(line) if c in QUOTES]
            if not marks:
                continue
            i = rng.choice(marks)
            size = rng.randint(2, 6)
            start = max(0, min(i - rng.randint(0, size - 1), len(line) - size))
        else:
            size = rng.randint(2, 8)
            if len(line) < size:
                continue
            start = rng.randint(0, len(line) - size)
        s = "".join(line[start : start + size].split())
        if len(s) >= 2 and '"' not in s and not (s[0] in PAIRS and s[-1] == PAIRS[s[0]]):
            out.append(s)
    return out


def sample_breaks(corpus: Corpus, rng: random.Random, k: int) -> list[str]:
    out = []
    pks = [pk for pk, lines in corpus.raw_lines.items() if len(lines) > 1]
    while pks and len(out) < k:
        lines = corpus.raw_lines[rng.choice(pks)]
        i = rng.randrange(len(lines) - 1)
        left, right = lines[i].strip(), lines[i + 1].strip()
        a, b = rng.randint(1, 4), rng.randint(1, 4)
        if len(left) >= a and len(right) >= b:
            out.append(left[-a:] + right[:b])
    return out


def sample_multiword(corpus: Corpus, rng: random.Random, k: int) -> list[tuple[str, int]]:
    from archive.search.engine.analyzers import segments

    out = []
    pks = list(corpus.raw_lines)
    tries = 0
    while len(out) < k and tries < k * 50:
        tries += 1
        pk = rng.choice(pks)
        words = [w for line in corpus.raw_lines[pk] for w in segments(line) if len(w) >= 2]
        if len(set(words)) < 4:
            continue
        query = "".join(rng.sample(sorted(set(words)), rng.randint(2, 3)))
        own = corpus.words(query)  # the query's own words, as jieba cuts it
        if own and all(corpus.squeeze(w) in corpus.joined[pk] for w in own):
            out.append((query, pk))
    return out


def known_items(corpus: Corpus, rng: random.Random, k: int) -> dict[str, list[tuple[str, int]]]:
    titled = [pk for pk, t in corpus.titles.items() if len("".join(t.split())) >= 4]
    exact = [(corpus.titles[pk], pk) for pk in rng.sample(titled, min(k, len(titled)))]
    fragments = []
    for pk in rng.sample(titled, min(k, len(titled))):
        title = "".join(corpus.titles[pk].split())
        size = rng.randint(4, min(8, len(title)))
        start = rng.randint(0, len(title) - size)
        fragments.append((title[start : start + size], pk))
    rare = []
    pks = list(corpus.raw_lines)
    tries = 0
    while len(rare) < k and tries < k * 20:
        tries += 1
        pk = rng.choice(pks)
        body = [line for line in corpus.raw_lines[pk][1:] if len(line) >= 12]
        if not body:
            continue
        line = rng.choice(body)
        start = rng.randint(0, len(line) - 8)
        s = line[start : start + rng.randint(6, 8)]
        if "".join(s.split()) == s and len(corpus.printing(s)) <= 3:
            rare.append((s, pk))
    return {"exact_title": exact, "title_fragment": fragments, "rare_body_string": rare}


def ranks(engine: Engine, corpus: Corpus, items: list[tuple[str, int]], same_headline: bool) -> dict:
    rr, at1, at10 = [], 0, 0
    for text, pk in items:
        ranked = engine.ranked(text)
        hits = [i for i, r in enumerate(ranked) if r == pk
                or (same_headline and corpus.headlines.get(r) == corpus.headlines[pk])]
        rank = hits[0] + 1 if hits else None
        rr.append(1 / rank if rank else 0.0)
        at1 += rank == 1
        at10 += bool(rank and rank <= 10)
    n = max(len(items), 1)
    # How many articles print the string in their headline: a known item among that many equals.
    rivals = sorted(sum(corpus.squeeze(text) in h for h in corpus.headlines.values()) for text, _ in items)
    return {"queries": len(items), "mrr": round(sum(rr) / n, 4), "recall@1": round(at1 / n, 4),
            "recall@10": round(at10 / n, 4), "median headlines printing it": rivals[len(rivals) // 2] if rivals else 0}


def measure(samples: int, seed: int) -> dict:
    rng = random.Random(seed)
    corpus = Corpus()
    engine = Engine()
    report: dict = {"articles": len(corpus.lines), "samples": samples, "seed": seed}
    strings = sample_strings(corpus, rng, samples, with_quotes=False)
    quoted = sample_strings(corpus, rng, samples, with_quotes=True)
    exact = {s: corpus.printing(s) for s in strings + quoted}
    unquoted = {s: corpus.unquoted(s) for s in strings + quoted}
    for group, sampled in (("printed_strings", strings), ("quotes_and_brackets", quoted)):
        report[group] = {
            "as typed (whole result)": pr([(engine.found(s), unquoted[s]) for s in sampled]),
            "exact tier": pr([(engine.exact(s), exact[s]) for s in sampled]),
            "in quotes": pr([(engine.found(f'"{s}"'), exact[s]) for s in sampled]),
        }
        report[group]["as typed, found by their words"] = sum(unquoted[s] != exact[s] for s in sampled)
    breaks = sample_breaks(corpus, rng, samples)
    false = 0
    for s in breaks:
        false += len(engine.found(f'"{s}"') - corpus.printing(s))
    report["across_breaks"] = {"queries": len(breaks), "false_matches": false}
    multi = sample_multiword(corpus, rng, samples)
    results = {q: engine.found(q) for q, _ in multi}
    missed = [q for q, pk in multi if pk not in results[q]]
    report["multi_word"] = {"queries": len(multi), "found": len(multi) - len(missed), "missed": missed[:10],
                            "whole result": pr([(results[q], corpus.unquoted(q)) for q, _ in multi])}
    items = known_items(corpus, rng, samples)
    report["known_items"] = {
        name: ranks(engine, corpus, found, same_headline=name == "exact_title") for name, found in items.items()
    }
    return report


def print_report(report: dict) -> None:
    print(f"\nrelevance at {report['articles']} articles ({report['samples']} samples of each kind, "
          f"seed {report['seed']})")
    for group in ("printed_strings", "quotes_and_brackets"):
        for name, row in report[group].items():
            if isinstance(row, dict):
                print(f"  {group:20} {name:24} P {row['precision']:.3f}  R {row['recall']:.3f}  "
                      f"({row['queries']} queries, {row['exact_queries']} with exactly the expected set)")
        print(f"  {group:20} ({report[group]['as typed, found by their words']} of them also found by their words)")
    b = report["across_breaks"]
    print(f"  across breaks: {b['false_matches']} false matches in {b['queries']} queries")
    m = report["multi_word"]
    w = m["whole result"]
    print(f"  multi-word unspaced: {m['found']} / {m['queries']} found; whole result P {w['precision']:.3f}  "
          f"R {w['recall']:.3f}")
    for name, row in report["known_items"].items():
        print(f"  {name:18} MRR {row['mrr']:.3f}  recall@1 {row['recall@1']:.3f}  recall@10 {row['recall@10']:.3f}"
              f"  ({row['queries']} queries; median {row['median headlines printing it']} headlines print it)")


def main(argv=None) -> dict:
    args = parse_args(argv)
    scratch = args.data_dir or Path(tempfile.mkdtemp(prefix=f"archive-relevance-{args.n}-"))
    reuse = args.reuse and args.data_dir is not None and (scratch / "whoosh").exists()
    if not reuse and scratch.exists() and any(scratch.iterdir()):
        shutil.rmtree(scratch)
    scratch.mkdir(parents=True, exist_ok=True)
    speed.setup_django(scratch)
    from django.core.management import call_command

    from archive.search.dictionary import update_userdict

    started = time.perf_counter()
    if reuse:
        pass
    elif args.n:
        speed.build_corpus(args.n)
    else:
        call_command("migrate", "--noinput", verbosity=0)
        call_command("load_issues", str(ROOT / "seeds"), verbosity=0)
    if not reuse:
        update_userdict()
        call_command("rebuild_index", "--noinput", verbosity=0)
    print(f"corpus and index: {time.perf_counter() - started:.0f} s", flush=True)
    report = measure(args.samples, args.seed)
    print_report(report)
    out = args.out or ROOT / "bench" / "results" / f"relevance-{args.n}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"wrote {out}")
    if not args.data_dir:
        shutil.rmtree(scratch, ignore_errors=True)
    return report


if __name__ == "__main__":
    main()
