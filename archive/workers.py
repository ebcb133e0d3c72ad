"""The bulk loader's work per file before the database: parse the page, detect its topics.

Runs in worker processes started with "spawn" (a fresh interpreter: no database connection,
lock or thread of the loader is inherited, so a killed loader leaves no worker holding its
locks). This module imports nothing of Django at import time, so a fresh worker can load it;
`init_worker` then sets Django up (topic detection reads the models' constants) and makes the
worker end with its parent.
"""

from __future__ import annotations

import datetime
import os
import threading
import time
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Job:
    """One file to prepare: its bytes and what the manifest says of it."""

    source: str
    data: bytes
    paper: str | None = None
    issue_date: datetime.date | None = None


@dataclass
class Prepared:
    """A parsed page (or the reason it cannot be parsed) and its articles' topics, worked out ahead."""

    source: str
    parsed: object | None = None  # archive.parsing.ParsedPage
    error: str | None = None
    topics: dict = field(default_factory=dict)  # archive.topics.detected_ahead entries


def exit_with_parent(parent: int) -> None:
    """End this process when the process that started it is gone (killed), instead of waiting
    forever for work that will not come."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def init_worker(parent: int) -> None:
    import django

    from .collector import freeze

    django.setup()
    exit_with_parent(parent)
    freeze()


def prepare(job: Job) -> Prepared:
    """Parse one file's bytes and detect its articles' topics (what the loader's topic hook will ask)."""
    from .parsing import ParseError, parse_page

    try:
        parsed = parse_page(job.data, source=job.source, paper=job.paper, issue_date=job.issue_date)
    except ParseError as exc:
        return Prepared(job.source, error=exc.reason)
    return Prepared(job.source, parsed=parsed, topics=detect_topics(parsed))


def detect_topics(parsed) -> dict:
    """archive.topics.detect for each article as the loader will store it (a corrected article
    or a name resolved to another person misses, and is detected again at storing)."""
    from .models import Article
    from .topics import detect

    found = {}
    for item in parsed.articles:
        article = Article(kicker=item.kicker, title=item.title, subtitle=item.subtitle,
                          body="\n\n".join(item.paragraphs))
        headline = " ".join(p for p in (article.kicker, article.title, article.subtitle) if p)
        names = frozenset([*(p.name for p in item.persons), *(r.name for r in item.reporters)])
        found[(headline, article.body, names)] = detect(article, names)
    return found
