"""One person printed under two names, or two people sharing one name: merge and split.

After either, every article naming them is re-indexed and jieba learns the names again.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from ..counts import refresh_person_counts
from ..models import Appearance, Article, ChangeRecord, Person, PersonAlias
from ..people import unique_slug
from . import CorrectionError, sync
from .history import mark_corrected, record_change, record_edit
from .state import article_state


def merge_persons(keep: Person, other: Person, user: AbstractBaseUser | None) -> Person:
    """Move `other`'s appearances to `keep`; `other`'s name becomes an alias and its URL redirects."""
    if keep.pk == other.pk:
        raise CorrectionError("不能把人物与自己合并")
    with transaction.atomic():
        article_ids = set(other.appearances.values_list("article_id", flat=True))
        existing = {a.article_id: a for a in keep.appearances.filter(article_id__in=article_ids)}
        for appearance in other.appearances.all():
            kept = existing.get(appearance.article_id)
            if kept is None:
                continue
            kept.roles = [*kept.roles, *(r for r in appearance.roles if r not in kept.roles)]
            kept.title = kept.title or appearance.title
            kept.save(update_fields=["roles", "title"])
        other.appearances.filter(article_id__in=existing).delete()
        other.appearances.update(person=keep)
        # The old name and URL; aliases of the merged person come along with their own URLs.
        for alias in other.aliases.all():
            if not keep.aliases.filter(name=alias.name).exists():
                PersonAlias.objects.filter(pk=alias.pk).update(person=keep)
        alias, _ = PersonAlias.objects.get_or_create(person=keep, name=other.name)
        merged = {"id": other.pk, "name": other.name, "slug": other.slug}
        record_change(other, user, {"merged_into": [None, keep.pk]}, ChangeRecord.Action.MERGE)
        other.delete()
        alias.slug = merged["slug"]
        alias.save(update_fields=["slug"])
        if keep.kind == Person.Kind.OTHER and other.kind != Person.Kind.OTHER:
            keep.kind = other.kind
        mark_corrected(keep, ["aliases"])
        keep.save(update_fields=["kind", "corrected_fields"])
        record_change(keep, user, {"merged": [None, merged]}, ChangeRecord.Action.MERGE)
        refresh_person_counts([keep.pk])
    sync.names_changed()
    sync.articles_changed(article_ids)
    return keep


def split_person(
    person: Person, appearance_ids: list[int], name: str, note: str, kind: str, user: AbstractBaseUser | None,
) -> Person:
    """Give the chosen appearances to a new person (a namesake, or a name the machine misread).

    Those articles' people are marked corrected, so a re-load does not hand them back
    to the first person of that name.
    """
    name, note = name.strip(), note.strip()
    if not name:
        raise CorrectionError("请填写新人物的姓名")
    if kind not in Person.Kind.values:
        raise CorrectionError(f"未知的类别：{kind}")
    moving = list(person.appearances.filter(pk__in=appearance_ids))
    if not moving:
        raise CorrectionError("请至少选择一处出现，转给新人物")
    with transaction.atomic():
        new = Person.objects.create(
            name=name[:50], slug=unique_slug(name[:50]), kind=kind, note=note[:200],
            corrected_fields=["name", "kind", "note"],
        )
        Appearance.objects.filter(pk__in=[a.pk for a in moving]).update(person=new)
        article_ids = {a.article_id for a in moving}
        for article in Article.objects.filter(pk__in=article_ids):
            if "persons" not in article.corrected_fields:
                mark_corrected(article, ["persons"])
                article.save(update_fields=["corrected_fields"])
        record_change(person, user, {"split_to": [None, {"id": new.pk, "name": new.name,
                                                          "articles": sorted(article_ids)}]},
                      ChangeRecord.Action.SPLIT)
        record_change(new, user, {"split_from": [None, {"id": person.pk, "name": person.name}]},
                      ChangeRecord.Action.SPLIT)
        refresh_person_counts([person.pk, new.pk])
    sync.names_changed()
    sync.articles_changed(article_ids)
    return new


def person_edited(person: Person, user: AbstractBaseUser | None, before: dict) -> ChangeRecord | None:
    """After the admin saved a person and their aliases: record, and teach the index the names."""
    record = record_edit(person, user, before)
    if record and {"name", "aliases"} & set(record.changes):
        sync.names_changed()
        sync.articles_changed(person.appearances.values_list("article_id", flat=True))
    return record


def retitle_appearances(
    person: Person, appearance_ids: list[int], title: str, user: AbstractBaseUser | None,
) -> list[int]:
    """Set the printed title of many of a person's appearances at once (市领导 → 副市长).

    Each article's people are marked corrected and recorded, so a re-load keeps the new
    title; the person's record lists every article changed. Returns the article ids.
    """
    title = title.strip()[:200]
    if not title:
        raise CorrectionError("请填写新的职务")
    chosen = list(person.appearances.filter(pk__in=appearance_ids).exclude(title=title).select_related("article"))
    if not chosen:
        raise CorrectionError("请至少选择一处职务不同的出现")
    with transaction.atomic():
        for appearance in chosen:
            article = appearance.article
            before = article_state(article)
            Appearance.objects.filter(pk=appearance.pk).update(title=title)
            record_edit(article, user, before)
        record_change(person, user, {"appearance_titles": [
            sorted({a.title for a in chosen}), {"title": title, "articles": sorted(a.article_id for a in chosen)},
        ]})
    article_ids = sorted({a.article_id for a in chosen})
    sync.articles_changed(article_ids)
    return article_ids
