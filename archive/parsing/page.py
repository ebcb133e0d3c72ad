"""parse_page: bytes of one printed page → ParsedPage. Ties the other modules together."""

from __future__ import annotations

import datetime
import hashlib
import re
from collections import Counter

from . import dates, events, layout, lines, people
from .furniture import RUNNING_HEAD
from .result import Furniture, ParsedArticle, ParsedPage, ParseError
from .text import decode

# 本报讯 pages name their paper only in passing (衡阳日报社组织…); this finds the mention.
_PAPER_NAME = re.compile(r"[\u4e00-\u9fff]{2}(?:日报|晚报)")
# The archive's two papers: 衡阳晚报 signs 衡阳晚报讯, so an unsigned 本报讯 is 衡阳日报's style.
_DEFAULT_PAPER = "衡阳日报"


def parse_page(data: bytes, source: str, paper: str | None = None,
               issue_date: datetime.date | None = None) -> ParsedPage:
    """Parse one page of extracted newspaper text; raises ParseError for a page that is not one.

    `paper` and `issue_date` come from a manifest when there is one and then win over what
    the text suggests (confidence "given").
    """
    text, encoding = decode(data, source)
    labelled = lines.classify(text)
    items = layout.split_items(labelled)
    if not any(item.kind in ("news", "photo") for item in items):
        raise ParseError(source, "未找到任何文章 (no article found)")
    furniture = [Furniture(line.furniture, line.text, line.no) for line in labelled
                 if line.label in (lines.Label.FURNITURE, lines.Label.BOX)]

    warnings: list[str] = []
    heads = [f.text for f in furniture if f.kind == RUNNING_HEAD]
    printed = None if issue_date else dates.printed_issue_date(text) or dates.head_date(heads)
    year = None if issue_date or printed else dates.page_year(text)
    if issue_date is None and printed is None and year is None:
        warnings.append("页面未印年份，日期只给出月日 (--MM-DD)，出版日期未知")
    known = people.known_names(p for item in items for p in item.paragraphs)

    reference = issue_date or printed
    articles = [_article(position, item, known, year, reference) for position, item in enumerate(items, start=1)]
    event_dates = sorted({a.date for a in articles if a.date})
    if issue_date:
        issue, confidence = issue_date.isoformat(), "given"
    elif printed:
        issue, confidence = printed.isoformat(), "inferred"
    else:
        inferred = dates.infer_issue_date(event_dates)
        issue, confidence = (inferred.isoformat(), "inferred") if inferred else (None, "unknown")
    if paper is None:
        paper, guessed = detect_paper(items, text)
        if guessed:
            warnings.append(f"报名由正文推断为{paper or '（未知）'}")
    return ParsedPage(
        source=source,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        text=text,
        paper=paper,
        issue_date=issue,
        issue_date_confidence=confidence,
        event_dates=event_dates,
        warnings=warnings,
        articles=articles,
        furniture=furniture,
    )


def _article(position: int, item: layout.Item, known: set[str], year: int | None,
             issue_date: datetime.date | None) -> ParsedArticle:
    """One item interpreted: date, persons and event on top of its layout."""
    dateline = item.dateline
    article = ParsedArticle(
        position=position,
        kind=item.kind,
        kicker=item.headline.kicker,
        title=item.headline.title,
        subtitle=item.headline.subtitle,
        column=item.headline.column,
        dateline=dateline.label if dateline else "",
        place=dateline.place if dateline else "",
        byline=item.byline,
        reporters=list(item.reporters),
        paragraphs=list(item.paragraphs),
        warnings=list(item.warnings),
        first_line=item.first_line,
        last_line=item.last_line,
        original_title=" ".join(item.original_titles),
        continues_on=item.continues_on,
        continued_from=item.continued_from,
        needs_review=bool(item.warnings),
    )
    first = item.paragraphs[0] if item.paragraphs else ""
    if item.kind != "fragment":
        filed = dates.dateline_day(dateline.month_day, year, issue_date) if dateline and dateline.month_day else None
        article.date = dates.event_date(first, year, issue_date, filed)
        if article.date is None and dateline and dateline.month_day:
            article.date = dates.dateline_date(dateline.month_day, year, issue_date)
    headlines = [h for h in (item.headline.kicker, item.headline.title, item.headline.subtitle) if h]
    article.persons = people.find_persons("\n".join(item.paragraphs), headlines, known)
    if item.kind == "news":
        article.event = events.describe(item.headline_lines, first, article.date, article.place)
    return article


def detect_paper(items: list[layout.Item], text: str) -> tuple[str, bool]:
    """The paper a page belongs to, and whether that is a guess.

    A signed dateline (衡阳晚报讯, 衡阳日报3月3日讯) says it; 本报讯 pages are read from the
    paper the text names most (衡阳日报社…), else taken to be the archive's 本报 paper.
    """
    signed = Counter(item.dateline.paper for item in items
                     if item.dateline and _PAPER_NAME.fullmatch(item.dateline.paper))
    if signed:
        return signed.most_common(1)[0][0], False
    named = Counter(_PAPER_NAME.findall(text))
    if named:
        return named.most_common(1)[0][0], not any(item.dateline and item.dateline.paper == "本报" for item in items)
    return _DEFAULT_PAPER, True
