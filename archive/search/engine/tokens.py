"""jieba for the archive: its own dictionary plus a user dictionary file of learned names and slogans.

jieba splits names it does not know (刘越/高, 邓/群策, 于/新/凡), and a word added on its
own hides its parts in search mode (after adding 衡阳算力中心, 算力 is no longer a token).
So every learned word goes into the user dictionary together with the pieces jieba cut
it into before (its sub-words), sub-words first, with frequencies computed once when the
file is written: every process that loads the file segments text the same way.

Where the file lives is told once by the application (`configure`); `tokenizer()` returns
this process's tokenizer and reloads it when the file changed.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from math import log
from pathlib import Path

import jieba

from .text import normalize

jieba.setLogLevel(logging.WARNING)

MIN_WORD, MAX_WORD = 2, 20


@dataclass(frozen=True)
class _Loaded:
    tokenizer: jieba.Tokenizer
    stamp: tuple | None


_lock = threading.RLock()
_loaded: _Loaded | None = None
_base: jieba.Tokenizer | None = None


def _no_userdict() -> Path | None:
    return None


_userdict: Callable[[], Path | None] = _no_userdict


def configure(userdict: Callable[[], Path | None]) -> None:
    """Tell where the user dictionary file is (a function: the place may depend on settings read later)."""
    global _userdict
    _userdict = userdict


def userdict_path() -> Path | None:
    return _userdict()


def _stamp(path: Path) -> tuple | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


SUBWORD_TAG = "sub"


def _base_tokenizer() -> jieba.Tokenizer:
    """jieba with its own dictionary only (initialised once per process)."""
    global _base
    with _lock:
        if _base is None:
            _base = jieba.Tokenizer()
            _base.initialize()
        return _base


def _copy(tk: jieba.Tokenizer) -> jieba.Tokenizer:
    """An independent copy of an initialised tokenizer (much faster than initialising one)."""
    clone = jieba.Tokenizer.__new__(jieba.Tokenizer)
    clone.__dict__.update(tk.__dict__)
    for name in ROUTE_METHODS:  # fast_routes' own work on `tk`'s tables: the copy gets jieba's
        clone.__dict__.pop(name, None)
    clone.lock = threading.RLock()
    clone.FREQ = dict(tk.FREQ)
    clone.user_word_tag_tab = dict(tk.user_word_tag_tab)
    return clone


def read_userdict(path: Path | None = None) -> list[tuple[str, int, str]]:
    """(word, freq, tag) lines of the user dictionary file, in file order."""
    path = path or userdict_path()
    entries = []
    if path is None:
        return []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    for line in lines:
        parts = line.split()
        if len(parts) >= 2 and parts[1].isdigit():
            entries.append((parts[0], int(parts[1]), parts[2] if len(parts) > 2 else ""))
    return entries

def tokenizer() -> jieba.Tokenizer:
    """This process's jieba tokenizer, with the user dictionary as it is on disk now."""
    global _loaded
    path = userdict_path()
    stamp = _stamp(path) if path is not None else None
    loaded = _loaded
    if loaded is not None and loaded.stamp == stamp:
        return loaded.tokenizer
    tk = _copy(_base_tokenizer())
    for word, freq, tag in (read_userdict(path) if path is not None else ()):
        tk.add_word(word, freq, tag or None)
    fast_routes(tk)
    _memoise_runs(tk)
    with _lock:
        _loaded = _Loaded(tk, stamp)
    return tk


# What the route search's table holds for a fragment that is only the beginning of words, and for
# one that is not in the dictionary at all (a word's own entry is its log-probability, never above 0).
_PREFIX, _ABSENT = 1.0, 2.0
FRAGMENT_CACHE = 400_000  # fragments whose dictionary entry the route search keeps (about 40 MB)


class _Graph(Mapping):
    """The word graph of a run of characters (start → ends of the words starting there), worked out
    only if something reads it: jieba's own cuts hand it straight to `calc`, which finds the best
    route without building it (see fast_routes); its full mode reads it."""

    def __init__(self, sentence: str, build: Callable[[str], dict[int, list[int]]]):
        self.sentence = sentence
        self._build = build
        self._graph: dict[int, list[int]] | None = None

    def _built(self) -> dict[int, list[int]]:
        if self._graph is None:
            self._graph = self._build(self.sentence)
        return self._graph

    def __getitem__(self, start: int) -> list[int]:
        return self._built()[start]

    def __iter__(self):
        return iter(self._built())

    def __len__(self) -> int:
        return len(self.sentence)


ROUTE_METHODS = ("add_word", "get_DAG", "calc")  # what fast_routes sets on a tokenizer


def fast_routes(tk: jieba.Tokenizer) -> None:
    """Give this tokenizer a faster word graph and best-route search, with the same results.

    Every run of characters jieba has not seen before costs a word graph (get_DAG) and a
    best route through it (calc), in pure Python: most of the time of indexing an article
    and of tagging it for topics. Here the route search walks each start's dictionary
    fragments itself, right to left, keeping the best so far: the same sums in the same
    order (so the same floats, the same cuts) and ties broken as jieba's tuples break them,
    without building the graph (get_DAG hands calc a `_Graph` that is built only when read).
    What the dictionary says of each fragment met (a word's log-probability, a prefix, not
    in it) is kept, so a fragment costs one lookup once seen; the table starts again when
    it is full or the dictionary changes (add_word, which del_word and suggest_freq use too).
    """
    table: dict[str, float] = {}
    source = (None, None)  # the dictionary the table was filled from (set_dictionary replaces it)
    add_word = tk.add_word

    def added(word, freq=None, tag=None):
        table.clear()
        return add_word(word, freq, tag)

    def get_dag(sentence: str) -> dict[int, list[int]]:
        tk.check_initialized()
        get = tk.FREQ.get
        n = len(sentence)
        dag = {}
        for k in range(n):
            ends = []
            i = k
            freq = get(sentence[k])
            while freq is not None:
                if freq:
                    ends.append(i)
                i += 1
                if i == n:
                    break
                freq = get(sentence[k : i + 1])
            dag[k] = ends or [k]
        return dag

    def lazy_dag(sentence: str) -> _Graph:
        return _Graph(sentence, get_dag)

    def calc(sentence: str, dag: Mapping[int, list[int]], route: dict) -> None:
        if not isinstance(dag, _Graph) or dag.sentence != sentence:
            return jieba.Tokenizer.calc(tk, sentence, dag, route)
        nonlocal source
        tk.check_initialized()
        if len(table) > FRAGMENT_CACHE or source != (id(tk.FREQ), tk.total):
            table.clear()
            source = (id(tk.FREQ), tk.total)
        get, known = tk.FREQ.get, table.get
        logtotal = log(tk.total)
        n = len(sentence)
        scores = [0.0] * (n + 1)
        route[n] = (0, 0)
        for idx in range(n - 1, -1, -1):
            best = None
            i = idx
            fragment = sentence[idx]
            while True:
                entry = known(fragment)
                if entry is None:
                    freq = get(fragment)
                    entry = table[fragment] = _ABSENT if freq is None else log(freq) - logtotal if freq else _PREFIX
                if entry == _ABSENT:
                    break
                if entry != _PREFIX:
                    score = entry + scores[i + 1]
                    # jieba compares (score, end) tuples: on equal scores the later end wins.
                    if best is None or score >= best:
                        best, end = score, i
                i += 1
                if i == n:
                    break
                fragment = sentence[idx : i + 1]
            if best is None:  # no word starts here: the character alone
                best, end = log(get(sentence[idx]) or 1) - logtotal + scores[idx + 1], idx
            scores[idx] = best
            route[idx] = (best, end)

    tk.add_word = added
    tk.get_DAG = lazy_dag
    tk.calc = calc


RUN_CACHE = 50_000


def _memoise_runs(tk: jieba.Tokenizer) -> None:
    """Cache how this tokenizer cuts each run of characters between punctuation: set phrases recur
    from article to article, and a run's words depend on the run and the dictionary alone (fixed
    for this tokenizer: a changed user dictionary makes a new one)."""
    cut_run = tk._Tokenizer__cut_DAG
    tk._Tokenizer__cut_DAG = functools.lru_cache(maxsize=RUN_CACHE)(lambda run: tuple(cut_run(run)))


def clean_word(word: str) -> str:
    word = normalize("".join(word.split()))
    return word if MIN_WORD <= len(word) <= MAX_WORD else ""


def build_entries(words: dict[str, str], after: list[tuple[str, int, str]] = ()) -> list[tuple[str, int, str]]:
    """User dictionary lines for `words` (word → tag: nr for names, nz for slogans).

    Sub-words (how jieba's own dictionary cuts each word) come first, tagged "sub", and the
    words after them, shortest first, each with a frequency that keeps it whole once the
    lines before it (`after`, then these) are loaded.
    """
    base = _base_tokenizer()
    scratch = _copy(base)
    known = set()
    for word, freq, tag in after:
        scratch.add_word(word, freq, tag or None)
        known.add(word)
    wanted = {clean_word(w): tag for w, tag in words.items()}
    wanted.pop("", None)
    for word in known:
        wanted.pop(word, None)
    subwords: dict[str, None] = {}
    for word in sorted(wanted):
        for piece in base.cut(word, HMM=True):
            if (len(piece) >= MIN_WORD and piece != word and piece not in wanted and piece not in known
                    and not base.FREQ.get(piece)):
                subwords[piece] = None
    entries = []
    for piece in sorted(subwords):
        entries.append((piece, scratch.suggest_freq(piece, tune=True), SUBWORD_TAG))
    for word in sorted(wanted, key=lambda w: (len(w), w)):
        entries.append((word, scratch.suggest_freq(word, tune=True), wanted[word]))
    return entries


@dataclass
class DictionaryChange:
    added: set[str]
    removed: set[str]

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)

    @property
    def words(self) -> set[str]:
        return self.added | self.removed


def write_userdict(entries: list[tuple[str, int, str]], path: Path | None = None) -> DictionaryChange:
    path = path or userdict_path()
    old = {w for w, _, _ in read_userdict(path)}
    new = {w for w, _, _ in entries}
    text = "".join(f"{w} {f} {t}".rstrip() + "\n" for w, f, t in entries)
    try:
        if path.read_text(encoding="utf-8") == text:
            return DictionaryChange(set(), set())
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return DictionaryChange(new - old, old - new)


