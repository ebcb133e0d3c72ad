"""When things happened: the date an article reports, the page's year, the issue date.

Pages rarely print their own date. An article's first sentence does (3月22日上午, 8月17—18日,
昨天上午); the year is only printed in passing (市政府2023年第23次常务会议), and the issue
comes out the day after the latest event it reports. Dates without a known year are kept
as --MM-DD rather than guessed.
"""

from __future__ import annotations

import datetime
import re

from .text import fold

# 3月22日 / 8月17—18日 / 2月6日至7日 / 5月26日、27日 / 2023年3月3日: the first day counts.
_DATE = re.compile(r"(?:(?P<y>(?:19|20)\d{2})年)?(?P<m>1[0-2]|0?[1-9])月(?P<d>3[01]|[12]\d|0?[1-9])"
                   r"(?:日|[—–\-~至到]\d{1,2}日)")
_RELATIVE = (("前天", -2), ("昨天", -1), ("昨日", -1), ("昨晚", -1), ("昨", -1), ("今天", 0), ("今日", 0))
# 5日上午， — a lead that gives only the day: the month is the dateline's or the issue's.
_DAY_ONLY = re.compile(r"^(3[01]|[12]\d|0?[1-9])日(?:[—–\-~至到、]\d{1,2}日)?"
                       r"(?:上午|下午|晚上|晚间|晚|早上|早晨|中午|凌晨|傍晚)?[，, ]")
_VAGUE = re.compile(r"^(?:近日|日前|近期|连日来|近年来|目前|当前)")

# 20xx年 printed as the year of something current, not as history (自1998年以来, 2020年至今)
# and not as a target (到2035年, 2025年底前, 力争2025年, 2021—2025年).
_YEAR = re.compile(r"(?<![\d.])(20\d{2})年(?!以来|至今|至|到|代|—|-|度以来|底|末|以前|左右|远景|目标|将|要|内"
                   r"|前(?![一二三四五六七八九十两几半]|季))")
_YEAR_HISTORY_BEFORE = ("自", "从", "到", "至", "截至", "截止", "迄", "早在", "于", "—", "-", "~", "～", "–",
                        "力争", "争取", "预计", "计划", "确保", "将在", "将于", "有望", "目标", "展望", "面向")
# “十四五”(2021-2025) and other spans of planned years.
_YEAR_SPAN = re.compile(r"(?:19|20)\d{2}\s*[—–\-~～至到]\s*(?:19|20)\d{2}")


def event_date(first_paragraph: str, year: int | None, issue: datetime.date | None,
               filed: datetime.date | None = None) -> str | None:
    """The date an article reports, read from the start of its first paragraph.

    ISO when the year is known (from the text, the issue date or the dateline's day), else
    --MM-DD; None when the text gives none (近日) or only a relative day (昨天) and no day is
    known to count from. A relative day counts from the dateline's day (衡阳日报11月3日讯
    昨天… → 11月2日) before the issue's.
    """
    reference = filed or issue
    head = fold(first_paragraph.strip()[:200])
    sentence = re.split(r"[。!?;]", head, maxsplit=1)[0][:60]
    if _VAGUE.match(sentence):
        return None
    day_only = _DAY_ONLY.match(sentence)
    if day_only and reference is not None:
        return _day_in_month_of(int(day_only.group(1)), reference)
    match = _DATE.search(sentence)
    if match and match.start() <= 25:
        month, day = int(match.group("m")), int(match.group("d"))
        y = int(match.group("y")) if match.group("y") else year
        if y is None and reference is not None:
            y = nearest_year(month, day, reference)
        return format_date(y, month, day)
    for word, offset in _RELATIVE:
        at = sentence.find(word)
        if 0 <= at <= 20:
            return (reference + datetime.timedelta(days=offset)).isoformat() if reference else None
    return None


def _day_in_month_of(day: int, reference: datetime.date) -> str | None:
    """5日 in a lead: that day of the reference's month, or of the month before when it is later."""
    month, year = reference.month, reference.year
    if day > reference.day:
        month, year = (month - 1, year) if month > 1 else (12, year - 1)
    return format_date(year, month, day)


def nearest_year(month: int, day: int, reference: datetime.date) -> int:
    """The year that puts month/day nearest the reference day.

    A January page reports December's events of the year before, and a December page
    announces January's of the year after; on a tie the past wins, as news reports it.
    """
    best = reference.year
    best_gap = None
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            gap = abs((datetime.date(year, month, day) - reference).days)
        except ValueError:
            continue
        if best_gap is None or gap < best_gap:
            best, best_gap = year, gap
    return best


def dateline_day(month_day: str, year: int | None, issue: datetime.date | None) -> datetime.date | None:
    """The full day a dateline was filed on (衡阳日报11月3日讯), when its year can be known."""
    match = re.match(r"(\d{1,2})月(\d{1,2})日", fold(month_day))
    if not match:
        return None
    month, day = int(match.group(1)), int(match.group(2))
    y = year or (nearest_year(month, day, issue) if issue else None)
    try:
        return datetime.date(y, month, day) if y else None
    except ValueError:
        return None


def dateline_date(month_day: str, year: int | None, issue: datetime.date | None = None) -> str | None:
    """The date printed in a dateline (衡阳日报3月3日讯) as an event date of last resort."""
    match = re.match(r"(\d{1,2})月(\d{1,2})日", fold(month_day))
    if not match:
        return None
    month, day = int(match.group(1)), int(match.group(2))
    return format_date(year or (nearest_year(month, day, issue) if issue else None), month, day)


def format_date(year: int | None, month: int, day: int) -> str | None:
    """YYYY-MM-DD, or --MM-DD without a year; None for an impossible date."""
    try:
        datetime.date(year or 2000, month, day)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


_WIDE = re.compile(r"[０-９－～]")


def page_year(text: str, today: datetime.date | None = None) -> int | None:
    """The year a page was printed in, when the page prints one in passing.

    The latest 20xx年 that is neither history (自…以来, …至今) nor a target (到2025年) nor
    in the future; None when the page prints no such year.
    """
    limit = (today or datetime.date.today()).year
    years = []
    # folding a whole page is slow; only full-width digits and dashes need it here
    folded = _YEAR_SPAN.sub("", fold(text) if _WIDE.search(text) else text)
    for match in _YEAR.finditer(folded):
        before = folded[max(0, match.start() - 4) : match.start()].rstrip()
        if before.endswith(_YEAR_HISTORY_BEFORE):
            continue
        year = int(match.group(1))
        if 2000 <= year <= limit:
            years.append(year)
    return max(years) if years else None


_PRINTED_ISSUE = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日\s*(?:星期|周)[一二三四五六日天]")


def printed_issue_date(text: str) -> datetime.date | None:
    """The issue date of a running head (2023年3月23日 星期四) left on the page, if any."""
    for line in text.split("\n"):
        if len(line.strip()) > 60:
            continue
        match = _PRINTED_ISSUE.search(fold(line))
        if match:
            try:
                return datetime.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                continue
    return None


_HEAD_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def head_date(heads: list[str]) -> datetime.date | None:
    """The issue date printed in a running head without its weekday (2019年5月8日 · A1 · 要闻)."""
    for head in heads:
        match = _HEAD_DATE.search(fold(head))
        if match:
            try:
                return datetime.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                continue
    return None


def infer_issue_date(dates: list[str]) -> datetime.date | None:
    """The day after the latest full (ISO) event date: papers report yesterday's news."""
    full = [datetime.date.fromisoformat(d) for d in dates if d and not d.startswith("--")]
    return max(full) + datetime.timedelta(days=1) if full else None
