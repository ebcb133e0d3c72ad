"""Putting an article back to an earlier recorded version, or to what the machine parsed."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from ..counts import refresh_person_counts
from ..loading import apply_machine_values, store_appearances, store_event
from ..models import Appearance, Article, ChangeRecord, Event, Person
from ..people import resolve_person
from . import CorrectionError, sync
from .history import record_change
from .reparse import reparse_issue_apply
from .state import ARTICLE_TEXT_FIELDS, article_state, diff_states

MACHINE = "machine"
# Records whose snapshot is a machine parse (the loader writes them) rather than a staff state.
MACHINE_ACTIONS = (ChangeRecord.Action.MACHINE, ChangeRecord.Action.RELOAD)


def revert_article(article: Article, to: ChangeRecord | str, user: AbstractBaseUser | None) -> ChangeRecord:
    """Restore the text, people and event of a version; the page order is left as it is.

    Reverting to the machine's parse also forgets that those fields were corrected, so
    later re-loads refresh them again. A staff-made article (a split) has no parse.
    """
    if to == MACHINE:
        if not article.machine_values:
            raise CorrectionError("这篇文章由人工拆分产生，没有机器解析结果可恢复")
        snapshot, machine = article.machine_values, True
    elif isinstance(to, ChangeRecord) and to.object_id == article.pk and to.content_type.model == "article":
        snapshot, machine = to.snapshot, to.action in MACHINE_ACTIONS
    else:
        raise CorrectionError("这条记录不属于这篇文章")
    with transaction.atomic():
        before = article_state(article)
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
            article.refresh_from_db()
        after = article_state(article)
        changes = diff_states(before, after)
        if to == MACHINE:
            article.corrected_fields = [f for f in article.corrected_fields if f == "position"]
        else:
            article.corrected_fields = sorted(
                set(article.corrected_fields) | set(changes) & set(Article.EDITABLE_FIELDS),
                key=Article.EDITABLE_FIELDS.index,
            )
        article.save(update_fields=["corrected_fields"])
        record = record_change(article, user, changes, ChangeRecord.Action.REVERT)
        refresh_person_counts(touched)
    sync.articles_changed([article.pk])
    return record


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
