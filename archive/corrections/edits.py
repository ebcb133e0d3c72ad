"""Small article corrections that need no form of their own: kind, paragraphs."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from ..counts import refresh_person_counts
from ..models import Article, ChangeRecord
from . import CorrectionError, sync
from .history import record_edit
from .state import article_state


def normalise_body(text: str) -> str:
    """Paragraphs are separated by one blank line; stray spaces and extra blank lines go."""
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


def change_kind(article: Article, kind: str, user: AbstractBaseUser | None) -> ChangeRecord | None:
    if kind not in Article.Kind.values:
        raise CorrectionError(f"未知的类型：{kind}")
    with transaction.atomic():
        before = article_state(article)
        article.kind = kind
        article.save(update_fields=["kind", "updated_at"])
        record = record_edit(article, user, before)
    sync.articles_changed([article.pk])
    return record


def article_edited(article: Article, user: AbstractBaseUser | None, before: dict) -> ChangeRecord | None:
    """After the admin saved an article with its people and event: mark, record, re-index."""
    record = record_edit(article, user, before)
    if record:
        sync.articles_changed([article.pk])
        if "persons" in record.changes:
            refresh_person_counts(
                {p["person_id"] for side in record.changes["persons"] for p in side or []}
            )
    return record


def mark_reviewed(article: Article, user: AbstractBaseUser | None) -> ChangeRecord | None:
    before = article_state(article)
    article.needs_review = False
    article.save(update_fields=["needs_review", "updated_at"])
    return record_edit(article, user, before)
