"""Fixing how the machine cut a page into articles: split, merge with the next, move.

Positions are unique per page, so renumbering first parks the moving rows on high
temporary numbers, then gives every article its place, all in one transaction.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F, Max

from ..counts import refresh_issue_counts, refresh_person_counts
from ..models import Appearance, Article, ChangeRecord, Event, Issue
from . import CorrectionError, sync
from .history import mark_corrected, record_change, record_edit
from .state import article_state, diff_states

PARKING_OFFSET = 16000  # above any real position, below PositiveSmallIntegerField's limit


def page_order(issue: Issue) -> list[Article]:
    return list(issue.articles.order_by("position"))


def renumber(ordered: list[Article]) -> list[int]:
    """Give the articles consecutive positions in this order; returns the ids whose position changed."""
    if not ordered:
        return []
    base = min(a.position for a in ordered)
    moves = {a.pk: base + i for i, a in enumerate(ordered) if a.position != base + i}
    if moves:
        Article.objects.filter(pk__in=moves).update(position=F("position") + PARKING_OFFSET)
        for pk, position in moves.items():
            Article.objects.filter(pk=pk).update(position=position)
    for article in ordered:
        article.position = moves.get(article.pk, article.position)
    return list(moves)


def _mentions(appearance: Appearance, text: str) -> bool:
    return appearance.person.name in text


def split_article(article: Article, at: int, user: AbstractBaseUser | None, title: str = "") -> Article:
    """Cut the article before paragraph `at` (1-based: the first paragraph of the new article).

    The new article follows it on the page and takes the people named only in its part
    (people named in both parts appear in both).
    """
    paragraphs = article.paragraphs
    if not 2 <= at <= len(paragraphs):
        raise CorrectionError(f"拆分位置须在第 2 至第 {len(paragraphs)} 段之间")
    first, rest = "\n\n".join(paragraphs[: at - 1]), "\n\n".join(paragraphs[at - 1:])
    with transaction.atomic():
        before = article_state(article)
        issue = article.issue
        top = issue.articles.aggregate(top=Max("position"))["top"]
        new = Article.objects.create(
            issue=issue, position=top + 1, parse_position=None, kind=article.kind, title=title.strip()[:500],
            body=rest, event_date=article.event_date, date_text=article.date_text,
            corrected_fields=["kind", "title", "body", "position", "persons"],
        )
        article.body = first
        article.save(update_fields=["body", "updated_at"])
        touched = set()
        for order, appearance in enumerate(article.appearances.select_related("person")):
            reporter = appearance.role in (Appearance.Role.REPORTED, Appearance.Role.PHOTOGRAPHED)
            if reporter or not _mentions(appearance, rest):
                continue
            touched.add(appearance.person_id)
            if _mentions(appearance, first):
                Appearance.objects.create(
                    article=new, person=appearance.person, title=appearance.title, role=appearance.role,
                    roles=appearance.roles, order=order,
                )
            else:
                appearance.article = new
                appearance.save(update_fields=["article"])
        ordered = page_order(issue)
        ordered.remove(new)
        ordered.insert(ordered.index(article) + 1, new)
        moved = renumber(ordered)
        article.refresh_from_db()
        after = article_state(article)
        changes = diff_states(before, after)
        mark_corrected(article, [*changes, "body"])
        article.save(update_fields=["corrected_fields"])
        changes["split_into"] = [None, new.pk]
        record_change(article, user, changes, ChangeRecord.Action.SPLIT)
        record_change(new, user, {"split_from": [None, article.pk]}, ChangeRecord.Action.SPLIT)
        refresh_issue_counts([issue.pk])
        refresh_person_counts(touched)
    sync.articles_changed([article.pk, new.pk, *moved])
    return new


def next_on_page(article: Article) -> Article | None:
    return article.issue.articles.filter(position__gt=article.position).order_by("position").first()


def merge_with_next(article: Article, user: AbstractBaseUser | None) -> Article:
    """Append the next article on the page to this one (a fragment the machine cut off) and delete it.

    The merged-away item's parse position is kept on the survivor so a re-load does not
    bring it back; people and the event (when the survivor has none) move over.
    """
    absorbed = next_on_page(article)
    if absorbed is None:
        raise CorrectionError("本版在这篇之后没有文章，无法合并")
    with transaction.atomic():
        before = article_state(article)
        absorbed_state = article_state(absorbed)
        article.body = "\n\n".join(p for p in (article.body, absorbed.body) if p.strip())
        article.absorbed_parse_positions = [
            *article.absorbed_parse_positions,
            *([absorbed.parse_position] if absorbed.parse_position is not None else []),
            *absorbed.absorbed_parse_positions,
        ]
        _move_appearances(absorbed, article)
        if not Event.objects.filter(article=article).exists():
            Event.objects.filter(article=absorbed).update(article=article)
        touched = set(absorbed.appearances.values_list("person_id", flat=True))
        touched |= set(article.appearances.values_list("person_id", flat=True))
        record_change(absorbed, user, {"merged_into": [None, article.pk]}, ChangeRecord.Action.MERGE)
        absorbed_id = absorbed.pk
        absorbed.delete()
        article.save(update_fields=["body", "absorbed_parse_positions", "updated_at"])
        article = Article.objects.get(pk=article.pk)
        changes = diff_states(before, article_state(article))
        mark_corrected(article, [*changes, "body"])
        article.save(update_fields=["corrected_fields"])
        changes["merged"] = [None, {"id": absorbed_id, "title": absorbed_state["title"]}]
        record_change(article, user, changes, ChangeRecord.Action.MERGE)
        moved = renumber(page_order(article.issue))
        refresh_issue_counts([article.issue_id])
        refresh_person_counts(touched)
    sync.articles_removed([absorbed_id])
    sync.articles_changed([article.pk, *moved])
    return article


def _move_appearances(source: Article, target: Article) -> None:
    existing = {a.person_id: a for a in target.appearances.all()}
    order = max((a.order for a in existing.values()), default=-1) + 1
    for appearance in source.appearances.order_by("order"):
        kept = existing.get(appearance.person_id)
        if kept:
            kept.roles = [*kept.roles, *(r for r in appearance.roles if r not in kept.roles)]
            kept.title = kept.title or appearance.title
            kept.save(update_fields=["roles", "title"])
        else:
            Appearance.objects.filter(pk=appearance.pk).update(article=target, order=order)
            order += 1


def move_article(article: Article, place: int, user: AbstractBaseUser | None) -> ChangeRecord | None:
    """Put the article at `place` (1-based) in the page's order; the others close up around it."""
    ordered = page_order(article.issue)
    if not 1 <= place <= len(ordered):
        raise CorrectionError(f"位置须在 1 至 {len(ordered)} 之间")
    with transaction.atomic():
        before = article_state(article)
        ordered.remove(next(a for a in ordered if a.pk == article.pk))
        ordered.insert(place - 1, article)
        moved = renumber(ordered)
        record = record_edit(article, user, before)
    sync.articles_changed(moved)
    return record
