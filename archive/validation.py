"""What the archive accepts before anything is stored: one clear reason for each refusal.

A value that reaches the database ends up in URLs, feeds, charts and the search index, so
it is checked once here, on the way in, rather than guarded against on every page:
paper names are printable and short, dates lie between the founding of the People's
Republic (the papers' earliest possible issue) and tomorrow, page labels are short runs of
letters and digits, files are no bigger than ARCHIVE_MAX_FILE_BYTES. The text of a page
itself is cleaned and held to its line limit by the parser (archive.parsing.text).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import replace

from django.conf import settings
from django.utils import timezone

from .models import Appearance, Article, Person
from .parsing import ParsedArticle, ParsedPage
from .parsing.text import printable

FIRST_DATE = datetime.date(1949, 10, 1)
MAX_PAPER_NAME = 40
# A page label as printed in a folio: 1, 01, A1, B12. Also the URL converter's pattern.
PAGE_LABEL_PATTERN = r"[0-9A-Za-z]{1,8}"
_PAGE_LABEL = re.compile(PAGE_LABEL_PATTERN)
# Article fields that are single lines with a column limit in the database.
_SHORT_FIELDS = ("kicker", "title", "subtitle", "column", "dateline", "place", "byline")


class Refused(ValueError):
    """A value or file the archive does not take, with the reason to show."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def last_date() -> datetime.date:
    """The latest date an issue can have: tomorrow's paper may be loaded the evening before."""
    return timezone.localdate() + datetime.timedelta(days=1)


def in_range(day: datetime.date) -> bool:
    return FIRST_DATE <= day <= last_date()


def check_date(day: datetime.date, what: str = "出版日期") -> datetime.date:
    if not in_range(day):
        raise Refused(f"{what} {day.isoformat()} 超出范围（{FIRST_DATE.isoformat()} 至 {last_date().isoformat()}）")
    return day


def parse_date(value: str) -> datetime.date:
    """A YYYY-MM-DD date within the archive's range."""
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise Refused(f"日期格式应为 YYYY-MM-DD：{value[:40]!r}") from None
    return check_date(day)


def paper_name(value: str) -> str:
    """A paper name: printable, at most MAX_PAPER_NAME characters (NFC)."""
    name = unicodedata.normalize("NFC", value.strip())
    if printable(name) != name:
        raise Refused(f"报名含控制字符或换行：{name[:MAX_PAPER_NAME]!r}")
    if not name:
        raise Refused("报名为空")
    if len(name) > MAX_PAPER_NAME:
        raise Refused(f"报名过长：{len(name)} 字，上限 {MAX_PAPER_NAME} 字")
    return name


def page_label(value: str) -> str:
    """A page label (1, 01, A1); full-width letters and digits are read as their ASCII forms."""
    label = unicodedata.normalize("NFKC", value).strip()
    if not _PAGE_LABEL.fullmatch(label):
        shown = label if len(label) <= 20 else f"{label[:20]}…（共 {len(label)} 字）"
        raise Refused(f"版次应为 1 至 8 个字母或数字（如 1、01、A1）：{shown!r}")
    return label


def max_file_bytes() -> int:
    return settings.ARCHIVE_MAX_FILE_BYTES


def check_file_size(size: int) -> None:
    limit = max_file_bytes()
    if size > limit:
        raise Refused(
            f"文件过大：{size:,} 字节，上限 {limit:,} 字节（ARCHIVE_MAX_FILE_BYTES）；一版的文本远小于此，请检查文件"
        )


def person_name_fits(name: str) -> bool:
    """A name that can be a person's slug (/people/<name>/): short, one printable line, no slash."""
    fits_column = 0 < len(name) <= Person._meta.get_field("name").max_length
    return fits_column and printable(name).strip() == name and "/" not in name


def _outside(iso: str | None) -> bool:
    """True for a full ISO date outside the archive's range (None and --MM-DD are not dates to check)."""
    return bool(iso) and not iso.startswith("--") and not in_range(datetime.date.fromisoformat(iso))


def clean_page(parsed: ParsedPage, page: str) -> tuple[ParsedPage, str]:
    """The parse and page label as they may be stored, or Refused.

    The paper, the issue date (given or inferred from the text) and the page label are
    refused when out of bounds; an event date outside the archive's range is dropped
    and a field too long for its column is shortened, each with a warning on the article.
    """
    name = paper_name(parsed.paper or "")
    if parsed.issue_date:
        check_date(datetime.date.fromisoformat(parsed.issue_date))
    articles = [_clean_article(article) for article in parsed.articles]
    event_dates = [d for d in parsed.event_dates if not _outside(d)]
    return replace(parsed, paper=name, articles=articles, event_dates=event_dates), page_label(page)


def _clean_article(article: ParsedArticle) -> ParsedArticle:
    warnings: list[str] = []
    changes: dict = {}
    if _outside(article.date):
        warnings.append(f"事件日期 {article.date} 超出范围，已略去")
        changes["date"] = None
    if article.event and _outside(article.event.date):
        changes["event"] = replace(article.event, date=None)
    for name in _SHORT_FIELDS:
        column = Article._meta.get_field(name)
        value, limit = getattr(article, name), column.max_length
        if len(value) > limit:
            warnings.append(f"{column.verbose_name}过长（{len(value)} 字），已截为 {limit} 字")
            changes[name] = value[: limit - 1] + "…"
    title_limit = Appearance._meta.get_field("title").max_length
    persons = [p for p in article.persons if person_name_fits(p.name) and len("、".join(p.titles)) <= title_limit]
    reporters = [r for r in article.reporters if person_name_fits(r.name) and len(r.role) <= title_limit]
    if len(persons) < len(article.persons) or len(reporters) < len(article.reporters):
        warnings.append("略去了姓名不能作人物网址或职务过长的人物")
        changes.update(persons=persons, reporters=reporters)
    if not changes:
        return article
    return replace(article, **changes, warnings=[*article.warnings, *warnings])
