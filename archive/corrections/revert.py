"""Putting an article back to an earlier recorded version, or to what the machine parsed."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from ..counts import refresh_person_counts
from ..loading import apply_machine_values, store_appearances, store_event
from ..models import Appearance, Article, ArticleRedirect, ChangeRecord, Event, Person
from ..people import resolve_person
from . import CorrectionError, sync
from .history import MACHINE_ACTIONS, record_change
from .reparse import reparse_issue_apply
from .state import ARTICLE_TEXT_FIELDS, article_state, diff_states

MACHINE = "machine"


class _Preview(Exception):
    """Raised inside the preview's transaction to roll the trial revert back."""


def _target(article: Article, to: ChangeRecord | str) -> tuple[dict, bool]:
    if to == MACHINE:
        if not article.machine_values:
            raise CorrectionError("这篇文章由人工拆分产生，没有机器解析结果可恢复")
        return article.machine_values, True
    if isinstance(to, ChangeRecord) and to.object_id == article.pk and to.content_type.model == "article":
        return to.snapshot, to.action in MACHINE_ACTIONS
    raise CorrectionError("这条记录不属于这篇文章")


def marks_after(article: Article, to: ChangeRecord | str, changes: dict) -> list[str]:
    """The corrected-field marks the reverted state had.

    The machine's parse had none; a recorded version had those in its snapshot (records
    made before snapshots kept the marks fall back to adding what the revert changed). The
    page order is not reverted, so a 'position' mark stays as it is now.
    """
    if to == MACHINE or to.action in MACHINE_ACTIONS:
        marks = set()
    elif "corrected_fields" in to.snapshot:
        marks = set(to.snapshot["corrected_fields"])
    else:
        marks = set(article.corrected_fields) | set(changes)
    marks.discard("position")
    if "position" in article.corrected_fields:
        marks.add("position")
    return [name for name in Article.EDITABLE_FIELDS if name in marks]


def revert_article(article: Article, to: ChangeRecord | str, user: AbstractBaseUser | None) -> ChangeRecord:
    """Restore the text, people and event of a version; the page order is left as it is.

    Afterwards the corrected-field marks are those of the restored state: none for the
    machine's parse (so later re-loads refresh every field again). A staff-made article
    (a split) has no parse. Undoing a merge brings the merged-away items back with their
    own permalinks.
    """
    snapshot, machine = _target(article, to)
    with transaction.atomic():
        before = article_state(article)
        marks_before = list(article.corrected_fields)
        touched = set(article.appearances.values_list("person_id", flat=True))
        if machine:
            touched |= _restore_machine(article, snapshot)
        else:
            touched |= _restore_state(article, snapshot)
        unmerge = to == MACHINE and bool(article.absorbed_parse_positions)
        article.absorbed_parse_positions = [] if unmerge else article.absorbed_parse_positions
        article.save()
        if unmerge:  # the parse has the merged-away items again: bring them back from the stored text
            reparse_issue_apply(article.issue, user)
            _give_back_permalinks(article)
            article.refresh_from_db()
        after = article_state(article)
        changes = diff_states(before, after)
        article.corrected_fields = marks_after(article, to, changes)
        article.save(update_fields=["corrected_fields"])
        if article.corrected_fields != marks_before:
            changes["corrected_fields"] = [marks_before, article.corrected_fields]
        record = record_change(article, user, changes, ChangeRecord.Action.REVERT)
        refresh_person_counts(touched)
    sync.articles_changed([article.pk])
    return record


def preview_revert(article: Article, to: ChangeRecord | str) -> dict[str, list]:
    """field → [now, after] for what `revert_article` would change, by trying it and rolling back."""
    changes: dict[str, list] = {}
    try:
        with transaction.atomic():
            changes = revert_article(Article.objects.get(pk=article.pk), to, None).changes
            raise _Preview
    except _Preview:
        pass
    return changes


def _give_back_permalinks(article: Article) -> None:
    """The items a merge took in are back as new rows: give each the permalink it had before."""
    for redirect in ArticleRedirect.objects.filter(article=article, parse_position__isnull=False):
        restored = article.issue.articles.filter(parse_position=redirect.parse_position).first()
        if restored is not None:
            uid = redirect.uid
            redirect.delete()
            Article.objects.filter(pk=restored.pk).update(uid=uid)


def _restore_machine(article: Article, values: dict) -> set[int]:
    saved_corrections, article.corrected_fields = article.corrected_fields, []
    apply_machine_values(article, values)
    article.corrected_fields = saved_corrections
    store_event(article, values.get("event"))
    return store_appearances(article, values.get("persons", []), values.get("reporters", []))


def _restore_state(article: Article, state: dict) -> set[int]:
    for name in ARTICLE_TEXT_FIELDS:
        if name in state:
            setattr(article, name, state[name])
    article.event_date = datetime.date.fromisoformat(state["event_date"]) if state.get("event_date") else None
    article.needs_review = state.get("needs_review", article.needs_review)
    article.appearances.all().delete()
    people = Person.objects.in_bulk([p["person_id"] for p in state.get("persons", [])])
    appearances = []
    for order, mention in enumerate(state.get("persons", [])):
        person = people.get(mention["person_id"]) or resolve_person(mention["name"], Person.Kind.OTHER)
        appearances.append(Appearance(
            article=article, person=person, title=mention["title"], role=mention["role"],
            roles=mention["roles"], order=order,
        ))
    Appearance.objects.bulk_create(appearances)
    event = state.get("event")
    if event is None:
        Event.objects.filter(article=article).delete()
    else:
        Event.objects.update_or_create(article=article, defaults={
            **event, "date": datetime.date.fromisoformat(event["date"]) if event["date"] else None,
        })
    return {a.person_id for a in appearances}
