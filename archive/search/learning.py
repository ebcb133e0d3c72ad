"""When the archive's names change: rewrite the jieba dictionary and re-index what prints them.

The corrections call `rebuild_userdict()` after a person, alias or topic changed name.
"""

from __future__ import annotations

import logging

from .dictionary import archive_words
from .engine.tokens import DictionaryChange, build_entries, write_userdict
from .indexing import reindex_printing

log = logging.getLogger("archive.search")


def rebuild_userdict() -> DictionaryChange:
    """Rewrite the user dictionary from the database (persons, aliases, topics, with sub-words).

    Call it when names change. Articles printing an added or dropped word are re-indexed,
    so the index stays cut the way every process now cuts text. Returns the change.
    """
    change = write_userdict(build_entries({w: t for w, t in archive_words().items()}))
    if change.changed:
        log.info("jieba user dictionary: %d added, %d dropped", len(change.added), len(change.removed))
        reindex_printing(change.words)
    return change
