"""Re-parsing an issue from the raw text it keeps, with every staff correction left in place.

The preview says what the loader would change; applying it runs the loader itself
(store_page), which already skips corrected fields and merged-away items.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Max

from ..loading import LoadError, LoadResult, apply_machine_values, match_parse, run_load_hooks, store_page
from ..models import Article, ChangeRecord, Issue
from ..parsing import ParsedArticle, ParsedPage, ParseError, parse_page
from . import CorrectionError, sync
from .state import article_state


@dataclass
class ArticleDiff:
    article: Article
    changes: dict[str, list]  # field → [now, after the re-parse]
    kept: dict[str, list]  # corrected field → [staff value, what the parse now says]


@dataclass
class ReparsePreview:
    issue: Issue
    changed: list[ArticleDiff] = field(default_factory=list)
    added: list[ParsedArticle] = field(default_factory=list)
    removed: list[Article] = field(default_factory=list)  # machine-only items the parse no longer has
    orphaned: list[Article] = field(default_factory=list)  # corrected items the parse no longer has: kept

    @property
    def is_empty(self) -> bool:
        return not (self.changed or self.added or self.removed or self.orphaned)


def parse_stored(issue: Issue) -> ParsedPage:
    """Parse the stored text as the file was parsed: the date is passed only if a manifest gave it."""
    given = issue.date_confidence == Issue.DateConfidence.GIVEN
    try:
        parsed = parse_page(
            issue.raw_text.encode("utf-8"), source=issue.source_name,
            paper=issue.paper.name if given else None, issue_date=issue.date if given else None,
        )
    except ParseError as exc:
        raise CorrectionError(f"无法解析保存的原文：{exc.reason}") from exc
    # Same page, same source: the result belongs to this issue whatever the text now suggests.
    parsed.sha256, parsed.encoding = issue.sha256, issue.encoding
    parsed.paper, parsed.issue_date = issue.paper.name, issue.date.isoformat()
    parsed.issue_date_confidence = issue.date_confidence
    return parsed


def reparse_issue_preview(issue: Issue) -> ReparsePreview:
    parsed = parse_stored(issue)
    preview = ReparsePreview(issue)
    articles = list(issue.articles.prefetch_related("appearances__person").select_related("event"))
    pairs, gone = match_parse(articles, parsed)
    for item, values, article in pairs:
        if article is None:
            preview.added.append(item)
            continue
        shadow = Article(**{f.attname: getattr(article, f.attname) for f in Article._meta.concrete_fields})
        changes = apply_machine_values(shadow, values)
        kept = {
            name: [article_state(article).get(name), values[name]]
            for name in article.corrected_fields
            if name in values and values[name] != article.machine_values.get(name)
        }
        if changes or kept:
            preview.changed.append(ArticleDiff(article, changes, kept))
    for article in gone:
        (preview.orphaned if article.corrected_fields else preview.removed).append(article)
    return preview


def reparse_issue_apply(issue: Issue, user: AbstractBaseUser | None) -> LoadResult:
    """Run the loader over the stored text; the same hooks as a file load run once it commits."""
    parsed = parse_stored(issue)
    before = set(issue.articles.values_list("pk", flat=True))
    last_record = ChangeRecord.objects.aggregate(last=Max("pk"))["last"] or 0
    try:
        with transaction.atomic():
            result = store_page(parsed, issue.source_name, page=issue.page, force=True)
            # The loader records the re-parse; it was this person's doing.
            ChangeRecord.objects.filter(pk__gt=last_record, object_id__in=result.changed_article_ids).update(
                user=user if user and user.is_authenticated else None
            )
            run_load_hooks(result.changed_article_ids)
    except LoadError as exc:
        raise CorrectionError(str(exc)) from exc
    after = set(Issue.objects.get(pk=issue.pk).articles.values_list("pk", flat=True))
    sync.articles_removed(before - after)
    return result
