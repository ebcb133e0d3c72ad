"""Issues and articles: the home page, the date browser, an issue as printed, one article."""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from django.db.models import Count, Max, Prefetch, QuerySet, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.http import Http404
from django.shortcuts import get_object_or_404

from ..models import Appearance, Article, ArticleRedirect, ArticleTopic, Issue
from ..topics import listed_topics
from .cache import remembered

# The archive's papers start after 1949; "on this day" looks at every year since.
FIRST_YEAR = 1949
# Pages shown with their page image or thumbnail do not need its lines' boxes (archive.pdf).
PAGE_IMAGE_DEFERRED = ("page_image__line_boxes",)


def latest_issues(limit: int = 12) -> QuerySet[Issue]:
    return (Issue.objects.select_related("paper", "page_image").defer(*PAGE_IMAGE_DEFERRED)
            .order_by("-date", "paper__name", "page")[:limit])


def on_this_day(today: datetime.date, limit: int = 20) -> list[Issue]:
    """Issues printed on today's month and day in other years, by the date index (no scan)."""
    dates = []
    for year in range(FIRST_YEAR, today.year):
        try:
            dates.append(datetime.date(year, today.month, today.day))
        except ValueError:  # 29 February in a common year
            continue
    if not dates:
        return []
    return list(Issue.objects.select_related("paper", "page_image").defer(*PAGE_IMAGE_DEFERRED)
                .filter(date__in=dates).order_by("-date", "paper__name", "page")[:limit])


@dataclass
class YearCount:
    year: int
    issues: int
    articles: int


def years_with_counts() -> list[YearCount]:
    """Issues and articles per year, grouped once per state of the archive.

    Grouping reads every issue; the key (how many issues and articles, the latest issue
    saved) is one aggregate over an index, and any page loaded, deleted or re-dated
    changes it.
    """
    state = Issue.objects.aggregate(n=Count("id"), articles=Sum("article_count"), saved=Max("updated_at"))
    return remembered(("years", state["n"], state["articles"], state["saved"]), _years_with_counts)


def _years_with_counts() -> list[YearCount]:
    rows = (
        Issue.objects.annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(issues=Count("id"), articles=Sum("article_count"))
        .order_by("-year")
    )
    return [YearCount(r["year"], r["issues"], r["articles"] or 0) for r in rows]


@dataclass
class MonthCount:
    month: int
    issues: int
    articles: int


def months_of_year(year: int) -> list[MonthCount]:
    """All twelve months, with the count of issues and articles in each (zero where none)."""
    rows = (
        Issue.objects.filter(date__range=(datetime.date(year, 1, 1), datetime.date(year, 12, 31)))
        .annotate(month=ExtractMonth("date"))
        .values("month")
        .annotate(issues=Count("id"), articles=Sum("article_count"))
    )
    found = {r["month"]: r for r in rows}
    return [
        MonthCount(m, found[m]["issues"] if m in found else 0, (found[m]["articles"] or 0) if m in found else 0)
        for m in range(1, 13)
    ]


def neighbour_years(year: int) -> tuple[int | None, int | None]:
    """The nearest earlier and later years that have issues."""
    before = Issue.objects.filter(date__lt=datetime.date(year, 1, 1)).order_by("-date").values_list("date", flat=True)
    after = Issue.objects.filter(date__gt=datetime.date(year, 12, 31)).order_by("date").values_list("date", flat=True)
    prev_date, next_date = before.first(), after.first()
    return (prev_date.year if prev_date else None, next_date.year if next_date else None)


@dataclass
class CalendarDay:
    date: datetime.date
    in_month: bool
    issues: int
    only_issue: Issue | None = None  # a day with one page links straight to it

def month_calendar(year: int, month: int) -> list[list[CalendarDay]]:
    """Weeks (Monday first) of the month, each day with its number of issues, in one query."""
    first = datetime.date(year, month, 1)
    last = datetime.date(year, month, calendar.monthrange(year, month)[1])
    pages: dict[datetime.date, list[Issue]] = {}
    for issue in Issue.objects.select_related("paper").filter(date__range=(first, last)).only(
        "date", "page", "paper__slug", "paper__name"
    ):
        pages.setdefault(issue.date, []).append(issue)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [[_calendar_day(d, d.month == month, pages.get(d, [])) for d in w] for w in weeks]


def _calendar_day(day: datetime.date, in_month: bool, pages: list[Issue]) -> CalendarDay:
    if not in_month:
        return CalendarDay(day, False, 0)
    return CalendarDay(day, True, len(pages), pages[0] if len(pages) == 1 else None)


def neighbour_dates(before: datetime.date, after: datetime.date) -> tuple[datetime.date | None, datetime.date | None]:
    """The nearest issue date before `before` and after `after`."""
    prev_date = Issue.objects.filter(date__lt=before).order_by("-date").values_list("date", flat=True).first()
    next_date = Issue.objects.filter(date__gt=after).order_by("date").values_list("date", flat=True).first()
    return prev_date, next_date


def issues_of_day(date: datetime.date) -> list[Issue]:
    """Every paper's pages of the day, each with its items' headlines (two queries)."""
    headlines = Article.objects.only("id", "uid", "issue_id", "position", "kind", "kicker", "title", "subtitle", "body")
    return list(
        Issue.objects.select_related("paper", "page_image").defer(*PAGE_IMAGE_DEFERRED)
        .filter(date=date)
        .order_by("paper__name", "page")
        .prefetch_related(Prefetch("articles", queryset=headlines.order_by("position")))
    )


def issue_by_key(paper: str, date: datetime.date, page: str) -> Issue:
    return get_object_or_404(Issue.objects.select_related("paper", "page_image").defer(*PAGE_IMAGE_DEFERRED),
                             paper__slug=paper, date=date, page=page)


def running_head(issue: Issue) -> str:
    """The page's running head as printed (2019年5月8日 星期三 · 第一版 · 要闻), from its furniture.

    The parser keeps running heads out of the articles; the issue page shows them above the
    items, its parts separated the same way whatever the extractor left between them.
    """
    parts: list[str] = []
    for entry in issue.furniture or []:
        if entry.get("kind") == "running_head":
            parts.extend(p for p in re.split(r"\s*[·•|｜]\s*|\s{2,}", entry.get("text", "")) if p and p not in parts)
    return " · ".join(parts)


def raw_text_of(paper: str, date: datetime.date, page: str) -> str:
    values = Issue.objects.filter(paper__slug=paper, date=date, page=page).values_list("raw_text", flat=True)
    text = values.first()
    if text is None:
        raise Http404("没有这个版面")
    return text


def page_order(page: str) -> tuple[int, int, str]:
    """Pages as printed: 2 before 10; lettered pages (A1, B2) after the numbered ones."""
    return (0, int(page), "") if page.isdigit() else (1, 0, page)


def neighbour_pages(issue: Issue) -> tuple[str | None, str | None]:
    """The previous and next page (版) of the same paper on the same day: one issue (期)."""
    pages = sorted(
        Issue.objects.filter(paper_id=issue.paper_id, date=issue.date).values_list("page", flat=True), key=page_order
    )
    at = pages.index(issue.page)
    return (pages[at - 1] if at > 0 else None, pages[at + 1] if at + 1 < len(pages) else None)


def neighbour_editions(issue: Issue) -> tuple[Issue | None, Issue | None]:
    """The same paper's previous and next issue (期, another date), each by its first page."""
    same_paper = Issue.objects.select_related("paper").filter(paper_id=issue.paper_id).defer("raw_text", "furniture")
    before = same_paper.filter(date__lt=issue.date).order_by("-date", "page").first()
    after = same_paper.filter(date__gt=issue.date).order_by("date", "page").first()
    return before, after


def _appearances_in_order() -> Prefetch:
    return Prefetch("appearances", queryset=Appearance.objects.select_related("person").order_by("order"))


def articles_of_issue(issue: Issue) -> QuerySet[Article]:
    return issue.articles.defer("machine_values").order_by("position")


def article_by_uid(uid: str) -> Article | None:
    """The article with this permalink id, with what its page shows; None when no article has it now."""
    return (
        Article.objects.select_related("issue__paper", "issue__page_image", "event")
        .defer("issue__raw_text", "machine_values", "issue__page_image__line_boxes")
        .prefetch_related(_appearances_in_order())
        .filter(uid=uid)
        .first()
    )


def redirected_uid(uid: str) -> str | None:
    """Where a permalink of an article merged into another now leads (that article's id)."""
    return ArticleRedirect.objects.filter(uid=uid).values_list("article__uid", flat=True).first()


def article_at_print_position(paper: str, date: datetime.date, page: str, position: int) -> Article:
    """The article an old position URL (/issues/…/<position>/) was made for.

    Those URLs were built from the place on the page as loaded, which is the machine's
    parse position; corrections change `position` but not that. So: the item parsed
    there (wherever it was moved), else the article it was merged into, else (for a
    split-made article, which has no parse position) whatever stands there now.
    """
    articles = list(
        Article.objects.filter(issue__paper__slug=paper, issue__date=date, issue__page=page)
        .only("id", "uid", "position", "parse_position", "absorbed_parse_positions")
    )
    for match in (
        lambda a: a.parse_position == position,
        lambda a: position in a.absorbed_parse_positions,
        lambda a: a.position == position,
    ):
        found = next((a for a in articles if match(a)), None)
        if found is not None:
            return found
    raise Http404("没有这篇文章")


def topics_of(article: Article) -> list[ArticleTopic]:
    topics = article.article_topics.select_related("topic").filter(listed_topics("topic__"))
    return list(topics.order_by("-mentions", "topic__name"))


def siblings_of(article: Article) -> list[Article]:
    """Every item on the article's page, headline fields only, in printed order."""
    siblings = list(
        Article.objects.filter(issue_id=article.issue_id)
        .only("id", "uid", "issue_id", "position", "kind", "title", "body")
        .order_by("position")
    )
    for sibling in siblings:
        sibling.issue = article.issue  # their URLs need the issue; it is already loaded
    return siblings


FRONT_PAGES = ("1", "A1", "01")  # how the papers number their front page


def front_pages_with_images(year: int, month: int) -> QuerySet[Issue]:
    """The month's front pages loaded from their PDFs, with their page images, by date and paper."""
    return (Issue.objects.select_related("paper", "page_image")
            .filter(date__year=year, date__month=month, page_image__isnull=False, page__in=FRONT_PAGES)
            .defer("raw_text").order_by("date", "paper__name"))
