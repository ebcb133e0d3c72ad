"""Recording who changed what, and marking the fields a re-load must leave alone."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from ..models import Article, ChangeRecord, Person
from .state import diff_states, state_of


def record_change(
    obj: Article | Person, user: AbstractBaseUser | None, changes: dict,
    action: str = ChangeRecord.Action.EDIT,
) -> ChangeRecord:
    """One history row: the changes and the object's state after them (for reverting to it)."""
    return ChangeRecord.objects.create(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk,
        user=user if user and user.is_authenticated else None,
        action=action, changes=changes, snapshot=state_of(obj),
    )


def history_of(model: type[Article | Person], object_id: int) -> QuerySet[ChangeRecord]:
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
