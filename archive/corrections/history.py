"""Recording who changed what, and marking the fields a re-load must leave alone."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from ..models import Article, ChangeRecord, Person
from .state import diff_states, state_of

# Names in change records that are not model fields.
EXTRA_LABELS = {
    "persons": "人物", "event": "事件", "needs_review": "待核对", "aliases": "别名",
    "split_into": "拆出", "split_from": "拆自", "merged": "并入", "merged_into": "已并入",
    "split_to": "拆出人物", "appearance_titles": "职务", "report": "读者报告", "merged_topic": "并入主题",
}
# What the loader records; everything else is a person's correction.
MACHINE_ACTIONS = (ChangeRecord.Action.MACHINE, ChangeRecord.Action.RELOAD)
PUBLIC_NOTE_RECORDS = 20


def field_label(model: type[models.Model], name: str) -> str:
    if name in EXTRA_LABELS:
        return EXTRA_LABELS[name]
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def record_change(
    obj: models.Model, user: AbstractBaseUser | None, changes: dict,
    action: str = ChangeRecord.Action.EDIT,
) -> ChangeRecord:
    """One history row: the changes and the object's state after them (for reverting to it).

    An article's or person's snapshot also holds which fields were marked corrected then,
    so reverting to it restores exactly those marks.
    """
    snapshot = state_of(obj)
    if hasattr(obj, "corrected_fields"):
        snapshot["corrected_fields"] = list(obj.corrected_fields)
    return ChangeRecord.objects.create(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk,
        user=user if user and user.is_authenticated else None,
        action=action, changes=changes, snapshot=snapshot,
    )


def history_of(model: type[models.Model], object_id: int) -> QuerySet[ChangeRecord]:
    return ChangeRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=object_id
    ).select_related("user")


def mark_corrected(obj: Article | Person, fields: list[str] | set[str]) -> None:
    """Add the fields to corrected_fields (kept in the model's field order where it has one)."""
    names = set(obj.corrected_fields) | {f for f in fields if f in editable_fields(obj)}
    order = editable_fields(obj)
    obj.corrected_fields = sorted(names, key=order.index)


def editable_fields(obj: Article | Person) -> tuple[str, ...]:
    return Article.EDITABLE_FIELDS if isinstance(obj, Article) else PERSON_EDITABLE_FIELDS


PERSON_EDITABLE_FIELDS = ("name", "kind", "note", "aliases")


def record_edit(
    obj: Article | Person, user: AbstractBaseUser | None, before: dict,
    action: str = ChangeRecord.Action.EDIT,
) -> ChangeRecord | None:
    """After an edit: mark what changed as corrected and record it; None when nothing changed."""
    changes = diff_states(before, state_of(obj))
    if not changes:
        return None
    mark_corrected(obj, changes)
    type(obj).objects.filter(pk=obj.pk).update(corrected_fields=obj.corrected_fields)
    return record_change(obj, user, changes, action)


def public_corrections(article: Article) -> list[dict]:
    """What readers are told about staff corrections: when, and what kind (never who).

    One entry per day, newest first: the kinds of correction (拆分, 合并, 人工修改 …) and
    the fields they touched.
    """
    records = (
        history_of(Article, article.pk)
        .exclude(action__in=(*MACHINE_ACTIONS, ChangeRecord.Action.REPORT))
        .select_related(None).only("action", "changes", "created_at")[:PUBLIC_NOTE_RECORDS]
    )
    days: dict = {}
    for record in records:
        date = timezone.localdate(record.created_at)
        day = days.setdefault(date, {"date": date, "kinds": [], "fields": []})
        label = record.get_action_display()
        if label not in day["kinds"]:
            day["kinds"].append(label)
        for name in record.changes:
            label = field_label(Article, name)
            if name not in ("split_into", "split_from", "merged", "needs_review") and label not in day["fields"]:
                day["fields"].append(label)
    return list(days.values())
