"""Topics and events corrected on their own admin pages: recorded, redirected, re-indexed.

A topic's URL name is part of its public address and of the search index's topic facet,
so renaming it leaves the old URL leading to the topic and re-indexes its articles.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from ..counts import refresh_topic_counts
from ..models import Article, ChangeRecord, Event, Topic, TopicRedirect
from . import CorrectionError, sync
from .history import mark_corrected, record_change
from .state import diff_states, event_state, topic_state


def _keep_old_slug(topic: Topic, old_slug: str) -> None:
    """The old URL name leads to `topic`; a live topic's own slug never redirects."""
    TopicRedirect.objects.filter(slug=topic.slug).delete()
    if old_slug and old_slug != topic.slug and not Topic.objects.filter(slug=old_slug).exists():
        TopicRedirect.objects.update_or_create(slug=old_slug, defaults={"topic": topic})


def topic_edited(topic: Topic, user: AbstractBaseUser | None, before: dict) -> ChangeRecord | None:
    """After the admin saved a topic: record the change; a new URL name keeps the old one working."""
    changes = diff_states(before, topic_state(topic))
    if not changes:
        return None
    if "slug" in changes:
        _keep_old_slug(topic, before["slug"])
    record = record_change(topic, user, changes)
    if {"slug", "name", "hidden"} & set(changes):  # the search facet lists only shown topics
        sync.articles_changed(topic.article_topics.values_list("article_id", flat=True))
    return record


def merge_topics(keep: Topic, other: Topic, user: AbstractBaseUser | None) -> Topic:
    """Give `other`'s articles to `keep` and delete `other`; its URL (and old URLs) lead to `keep`."""
    if keep.pk == other.pk:
        raise CorrectionError("不能把主题与自己合并")
    with transaction.atomic():
        article_ids = set(other.article_topics.values_list("article_id", flat=True))
        kept = {at.article_id: at for at in keep.article_topics.filter(article_id__in=article_ids)}
        for link in other.article_topics.all():
            if link.article_id in kept:
                kept[link.article_id].mentions += link.mentions
                kept[link.article_id].save(update_fields=["mentions"])
        other.article_topics.filter(article_id__in=kept).delete()
        other.article_topics.update(topic=keep)
        other.redirects.update(topic=keep)
        record_change(other, user, {"merged_into": [None, {"id": keep.pk, "name": keep.name}]},
                      ChangeRecord.Action.MERGE)
        old_slug = other.slug
        other.delete()
        TopicRedirect.objects.update_or_create(slug=old_slug, defaults={"topic": keep})
        record_change(keep, user, {"merged_topic": [None, {"name": other.name, "slug": old_slug}]},
                      ChangeRecord.Action.MERGE)
        refresh_topic_counts([keep.pk])
    sync.articles_changed(article_ids)
    return keep


def event_edited(event: Event, user: AbstractBaseUser | None, before: dict | None) -> ChangeRecord | None:
    """After the admin saved an event: record it on the event and on its article, whose event is
    then marked corrected so a re-load leaves it alone."""
    after = event_state(event)
    changes = diff_states(before or {}, after)
    if not changes:
        return None
    record = record_change(event, user, changes)
    article = Article.objects.get(pk=event.article_id)
    mark_corrected(article, ["event"])
    article.save(update_fields=["corrected_fields"])
    record_change(article, user, {"event": [before, after]})
    sync.articles_changed([article.pk])
    return record
