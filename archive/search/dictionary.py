"""The archive's jieba user dictionary: the names and slogans the database knows, in a file.

The file lives at settings.JIEBA_USER_DICT (the data directory by default); `install()`
(at app start) tells the engine's tokenizer where it is. `update_userdict()` brings the
file in line with the database and says which words changed: text printing them must be
re-indexed (archive.search.indexing.flush does that, with `dictionary=True`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings

from archive.models import Person, PersonAlias, Topic

from .engine import tokens
from .engine.tokens import SUBWORD_TAG, DictionaryChange, build_entries, clean_word, read_userdict, write_userdict


def userdict_path() -> Path:
    return _path(getattr(settings, "JIEBA_USER_DICT", None), settings.DATA_DIR)


@lru_cache(maxsize=8)
def _path(configured, data_dir) -> Path:
    """The file's path for these settings (the tokenizer asks for it many times a search)."""
    return Path(configured) if configured else Path(data_dir) / "jieba_userdict.txt"


def install() -> None:
    """Make the engine's tokenizer read the archive's user dictionary (called at app start)."""
    tokens.configure(userdict_path)


def archive_words() -> dict[str, str]:
    """The names and slogans the archive knows: persons, their aliases, topics."""
    words: dict[str, str] = {}
    for name in Topic.objects.values_list("name", flat=True):
        words[name] = "nz"
    for name in PersonAlias.objects.values_list("name", flat=True):
        words[name] = "nr"
    for name in Person.objects.values_list("name", flat=True):
        words[name] = "nr"
    return words


def update_userdict() -> DictionaryChange:
    """Bring the user dictionary in line with the database, appending when words were only added.

    Cheap when nothing changed (three queries and a file read), which is the usual case.
    """
    wanted = {w: t for w, t in ((clean_word(w), t) for w, t in archive_words().items()) if w}
    entries = read_userdict()
    current = {w for w, _, t in entries if t != SUBWORD_TAG}
    if current == set(wanted):
        return DictionaryChange(set(), set())
    if current - set(wanted):
        return write_userdict(build_entries(wanted))
    added = {w: t for w, t in wanted.items() if w not in current}
    return write_userdict(entries + build_entries(added, after=entries))


