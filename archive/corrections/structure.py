"""Fixing how the machine cut a page into articles: split, merge (into any article of the page), move.

Positions are unique per page, so renumbering first parks the moving rows on high
temporary numbers, then gives every article its place, all in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F, Max

from ..counts import refresh_issue_counts, refresh_person_counts
from ..models import Appearance, Article, ArticleRedirect, ChangeRecord, Event, Issue
from ..pdf.pages import region_of_lines
from ..pdf.regions import union
from ..queries.people import CREDIT_ROLES
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


LINE_PREFIX = 12  # characters of a source line compared with a paragraph's start


# Split ---------------------------------------------------------------------------------------------
@dataclass
class SplitPlan:
    """What a split will make: both parts' text and the source lines each comes from."""

    at: int
    first_body: str
    rest_body: str
    first_lines: tuple[int, int]
    rest_lines: tuple[int, int]


def _squeeze(text: str) -> str:
    return "".join(text.split())


def paragraph_start_line(raw_lines: list[str], first: int, last: int, paragraph: str, after: int) -> int | None:
    """The source line (1-based) in first..last where `paragraph` begins, searching from `after`.

    Paragraphs are joined from wrapped lines with spaces dropped, so lines are compared
    without whitespace: the line that starts the paragraph begins as the paragraph does.
    """
    wanted = _squeeze(paragraph)
    if not wanted:
        return None
    for number in range(max(first, after), last + 1):
        line = _squeeze(raw_lines[number - 1]) if number - 1 < len(raw_lines) else ""
        if line and wanted.startswith(line[:LINE_PREFIX]):
            return number
    return None


def plan_split(article: Article, at: int) -> SplitPlan:
    """Check the cut and work out both parts, without changing anything (the page's preview)."""
    paragraphs = article.paragraphs
    if not 2 <= at <= len(paragraphs):
        raise CorrectionError(f"拆分位置须在第 2 至第 {len(paragraphs)} 段之间")
    first, last = article.first_line, article.last_line
    start = None
    if first and last:
        raw_lines = article.issue.raw_text.split("\n")
        start = paragraph_start_line(raw_lines, first, last, paragraphs[at - 1], first + 1)
    if start is None and first and last > first:  # text edited past recognition: cut the lines in proportion
        share = sum(len(p) for p in paragraphs[: at - 1]) / max(1, sum(len(p) for p in paragraphs))
        start = min(last, max(first + 1, first + round(share * (last - first + 1))))
    if start is None:  # no source lines to cut (a staff-made article, a one-line item): both keep them all
        first_lines = rest_lines = (first, last)
    else:
        first_lines, rest_lines = (first, start - 1), (start, last)
    return SplitPlan(at, "\n\n".join(paragraphs[: at - 1]), "\n\n".join(paragraphs[at - 1:]),
                     first_lines, rest_lines)


def split_article(
    article: Article, at: int, user: AbstractBaseUser | None, title: str = "",
    byline: str | None = None, dateline: str | None = None,
) -> Article:
    """Cut the article before paragraph `at` (1-based: the first paragraph of the new article).

    The new article follows it on the page, with its own source lines and a new permalink
    (the original keeps its own). It takes the people named only in its part (people named
    in both parts appear in both), and the original's byline, dateline and credited
    reporters unless `byline` / `dateline` say otherwise.
    """
    plan = plan_split(article, at)
    with transaction.atomic():
        before = article_state(article)
        issue = article.issue
        top = issue.articles.aggregate(top=Max("position"))["top"]
        new_byline = article.byline if byline is None else byline.strip()[:300]
        new_dateline = article.dateline if dateline is None else dateline.strip()[:100]
        new = Article.objects.create(
            issue=issue, position=top + 1, parse_position=None, kind=article.kind, title=title.strip()[:500],
            body=plan.rest_body, event_date=article.event_date, date_text=article.date_text,
            byline=new_byline, dateline=new_dateline, place=article.place if new_dateline == article.dateline else "",
            first_line=plan.rest_lines[0], last_line=plan.rest_lines[1],
            regions=[] if article.region_cleared else region_of_lines(issue, *plan.rest_lines),
            region_cleared=article.region_cleared,
            corrected_fields=["kind", "title", "dateline", "place", "byline", "body", "position", "persons"],
        )
        article.body = plan.first_body
        article.first_line, article.last_line = plan.first_lines
        if not article.region_cleared:
            article.regions = region_of_lines(issue, *plan.first_lines)
        article.save(update_fields=["body", "first_line", "last_line", "regions", "updated_at"])
        touched = set()
        for order, appearance in enumerate(article.appearances.select_related("person")):
            if appearance.role in CREDIT_ROLES:
                if new_byline == article.byline:  # the same byline: the same credited reporters
                    Appearance.objects.create(article=new, person=appearance.person, title=appearance.title,
                                              role=appearance.role, roles=appearance.roles, order=order)
                    touched.add(appearance.person_id)
                continue
            if not _mentions(appearance, plan.rest_body):
                continue
            touched.add(appearance.person_id)
            if _mentions(appearance, plan.first_body):
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
        new.refresh_from_db()
        record_change(new, user, {"split_from": [None, article.pk]}, ChangeRecord.Action.SPLIT)
        refresh_issue_counts([issue.pk])
        refresh_person_counts(touched)
    sync.articles_changed([article.pk, new.pk, *moved])
    return new


# Merge ---------------------------------------------------------------------------------------------
def next_on_page(article: Article) -> Article | None:
    return article.issue.articles.filter(position__gt=article.position).order_by("position").first()


def previous_on_page(article: Article) -> Article | None:
    return article.issue.articles.filter(position__lt=article.position).order_by("-position").first()


# Headline and credit fields: the surviving article keeps its own, and takes the absorbed
# one's only where its own is empty (a fragment has none; the article it continues has them).
KEPT_FIELDS = ("kicker", "title", "subtitle", "column", "dateline", "place", "byline")


@dataclass
class MergePlan:
    """What a merge will make: the joined body (in page order) and each headline field kept."""

    target: Article
    absorbed: Article
    body: str
    kept: dict[str, str]  # field → value the merged article will have
    taken: list[str]  # fields filled from the absorbed article
    kind: str


def plan_merge(target: Article, absorbed: Article) -> MergePlan:
    """Check the merge and work out its result, without changing anything (the page's preview)."""
    if target.pk == absorbed.pk:
        raise CorrectionError("不能把文章并入它自己")
    if target.issue_id != absorbed.issue_id:
        raise CorrectionError("只能并入同一版面上的文章")
    first, second = sorted((target, absorbed), key=lambda a: a.position)
    body = "\n\n".join(p for p in (first.body, second.body) if p.strip())
    kept, taken = {}, []
    for name in KEPT_FIELDS:
        value = getattr(target, name) or getattr(absorbed, name)
        kept[name] = value
        if value and not getattr(target, name):
            taken.append(name)
    kind = absorbed.kind if target.kind == Article.Kind.FRAGMENT else target.kind
    return MergePlan(target, absorbed, body, kept, taken, kind)


def merge_articles(target: Article, absorbed: Article, user: AbstractBaseUser | None) -> Article:
    """Put `absorbed` into `target` (a fragment the machine cut off, wherever it sits) and delete it.

    The body is joined in page order; headline fields as `plan_merge` says. The absorbed
    item's parse position stays on the survivor so a re-load does not bring it back, and
    its permalink leads to the survivor from now on. People and the event (when the
    survivor has none) move over.
    """
    plan = plan_merge(target, absorbed)
    article = target
    with transaction.atomic():
        before = article_state(article)
        absorbed_state = article_state(absorbed)
        article.body = plan.body
        for name, value in plan.kept.items():
            setattr(article, name, value)
        article.kind = plan.kind
        article.event_date = article.event_date or absorbed.event_date
        article.date_text = article.date_text or absorbed.date_text
        if absorbed.first_line and absorbed.last_line:
            lines = [n for n in (article.first_line, article.last_line, absorbed.first_line, absorbed.last_line) if n]
            article.first_line, article.last_line = min(lines), max(lines)
        article.regions = union(article.regions, absorbed.regions)
        article.absorbed_parse_positions = [
            *article.absorbed_parse_positions,
            *([absorbed.parse_position] if absorbed.parse_position is not None else []),
            *absorbed.absorbed_parse_positions,
        ]
        _move_appearances(absorbed, article)
        if not Event.objects.filter(article=article).exists():
            Event.objects.filter(article=absorbed).update(article=article)
        absorbed.redirects.update(article=article)
        ArticleRedirect.objects.create(uid=absorbed.uid, article=article, parse_position=absorbed.parse_position)
        touched = set(absorbed.appearances.values_list("person_id", flat=True))
        touched |= set(article.appearances.values_list("person_id", flat=True))
        record_change(absorbed, user, {"merged_into": [None, article.pk]}, ChangeRecord.Action.MERGE)
        absorbed_id = absorbed.pk
        absorbed.delete()
        article.save(update_fields=[*KEPT_FIELDS, "kind", "body", "event_date", "date_text", "first_line",
                                    "last_line", "absorbed_parse_positions", "regions", "updated_at"])
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
