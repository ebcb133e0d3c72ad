"""Items from labelled lines: each start's headline, anchor, body and where the body ends.

`lines.py` and `labels.py` have said what every line is and where items start; this module
only assembles. A body runs to the next start, except that a jump marker (下转第2版) always
ends it and a closing line (市领导…出席会议。) ends it when what follows is plainly another
report; the text cut off becomes a fragment, an article continued from another page. Each
item keeps the doubts met on the way as warnings for staff.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from . import furniture, labels, people
from .bylines import Dateline
from .headlines import Headline, split_headline
from .lines import Label, Line
from .result import Reporter
from .text import ends_sentence, join_broken, opens_with_jump, split_jumps, strip_stray_tail

_CLOSING = re.compile(r"(?:出席|参加|陪同)[^。，,；;]{0,12}。$")
# A lead sentence that merely names who attended (…出席并讲话。) is not a closing line.
_NOT_CLOSING = re.compile(r"(?:出席|参加)[^。，,；;]{0,6}(?:讲话|致辞|强调|指出|表示)[^。]{0,6}。$")
_CLOSING_PHRASES = ("会议还研究了其他事项。", "会议还研究了其他有关事项。", "会议还研究了其他工作。")
# A paragraph that plainly goes on with the same report (会上，… / 他强调… / a quotation).
_SAME_REPORT = re.compile(r"^(?:会上|会议|会前|会后|座谈会上|活动中|活动现场|随后|接着|当天|期间|此前|现场"
                          r"|他|她|其|“|「)")
_LEADER_LINE = re.compile(r"^[^，,。；;]{0,12}领导")
# A leader quoted by title (习近平总书记强调… / 李某同志指出…): what the meeting studied, the same report.
_LEADER_QUOTED = re.compile(r"^[\u4e00-\u9fff]{2,4}(?:总书记|主席|总理|同志)[^，,。]{0,6}(?:强调|指出|要求|表示|说)")
# A brief's title printed at the head of its paragraph: 【市政协召开主席会议】… or 市政协召开主席会议　3月5日，…
_LEAD_TITLE = re.compile(r"^[■□●◆▲\s]*(?:【(?P<b>[^】]{4,30})】|(?P<s>[^，,。：:；;\s]{4,30})[\s\u3000]+)(?P<rest>.+)$")

FURNITURE_NEAR = "标题旁有版面元素（{}），请核对标题"
NO_BYLINE = "未找到署名"
WEAK_BOUNDARY = "边界依据较弱：前一条以出席名单结束，此段起另作一条"
NO_TITLE = "未找到标题"
EMPTY_BODY = "正文为空"
NO_CAPTION = "图片缺少说明文字"


class Paragraph(NamedTuple):
    """A body paragraph and the page lines it was printed on."""

    text: str
    first: int
    last: int


class Jump(NamedTuple):
    """Jump markers printed on one line: the page the text goes on to, and the page it came from."""

    to: str
    source: str


@dataclass
class Item:
    """A news article, photo or fragment as laid out on the page, before interpretation."""

    kind: str
    headline: Headline = field(default_factory=Headline)
    headline_lines: list[str] = field(default_factory=list)
    dateline: Dateline | None = None
    byline: str = ""
    reporters: list[Reporter] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    original_titles: list[str] = field(default_factory=list)
    first_line: int = 0
    last_line: int = 0
    warnings: list[str] = field(default_factory=list)
    continues_on: str = ""  # 第2版 when a (下转第2版) marker ends the item
    continued_from: str = ""  # 第1版 when a (上接第1版) marker opens it


@dataclass
class Body:
    """Body lines made paragraphs, plus where items must break.

    `stops` holds the first line of each paragraph that must begin a new item, because a
    jump marker ends the text before it (下转) or opens it (上接); `jumps` maps a line to
    the jump markers printed on it.
    """

    paragraphs: list[Paragraph]
    warnings: list[str] = field(default_factory=list)
    stops: set[int] = field(default_factory=set)
    jumps: dict[int, Jump] = field(default_factory=dict)

    def part(self, start: int, end: int | None = None) -> Body:
        """The same body restricted to paragraphs[start:end]."""
        return Body(self.paragraphs[start:end], self.warnings, self.stops, self.jumps)


def split_items(page_lines: list[Line]) -> list[Item]:
    """The page's items in printed order, from lines already classified by `lines.classify`.

    Furniture lines are left out before items are looked for: a running head printed
    between a headline and its dateline, or inside a paragraph cut by a column break,
    neither ends nor starts anything. Index and weather boxes stay, as the walls they are.
    """
    lines = [line for line in page_lines if line.label != Label.FURNITURE or line.furniture in _BOXES]
    furniture_at = {line.no: line.furniture for line in page_lines if line.label == Label.FURNITURE}
    starts = labels.find_starts(lines)
    n = len(lines)
    if not starts:
        return _fragments(_paragraphs(lines))
    items = _fragments(_paragraphs(lines[: starts[0].head]))
    for index, start in enumerate(starts):
        end = starts[index + 1].head if index + 1 < len(starts) else n
        if isinstance(start, labels.PhotoStart):
            items.extend(_photo(lines, start, end))
        else:
            items.extend(_news(lines, start, end, furniture_at))
    return items


def _news(lines: list[Line], start: labels.NewsStart, end: int, furniture_at: dict[int, str]) -> list[Item]:
    """A news item from its start and the next item's start; plus trailing fragments."""
    head_lines = lines[start.head : start.anchor]
    headline = split_headline(head_lines)
    item = Item(kind="news", headline=headline, first_line=lines[start.head].no)
    item.headline_lines = [line.text for line in head_lines if line.label != Label.ORIGINAL]
    item.warnings.extend(headline.warnings)
    bylines: list[str] = []
    for line in lines[start.anchor : start.body]:
        item.reporters.extend(line.reporters)
        if line.label == Label.DATELINE:
            item.dateline = line.dateline
            if line.dateline.byline:
                bylines.append(line.dateline.byline)
        else:
            bylines.append(line.text)
    body_lines = lines[start.body : end]
    for line in [*head_lines, *body_lines]:
        if line.label == Label.ORIGINAL:
            item.original_titles.append(line.original)
        elif line.credit or line.label in (Label.BYLINE, Label.CREDIT, Label.DATELINE):
            item.reporters.extend(r for r in line.reporters if r not in item.reporters)
            bylines.append(line.credit or line.text)
    item.byline = " ".join(bylines)
    lead = (item.dateline.rest, lines[start.anchor].no) if item.dateline else None
    body = _paragraphs(body_lines, lead)
    item.warnings.extend(body.warnings)
    cut, weak = _split_tail(body, 2)
    item.paragraphs = [p.text for p in body.paragraphs[:cut]]
    item.last_line = body.paragraphs[cut - 1].last if cut else lines[max(start.body - 1, start.head)].no
    if start.brief and not headline.title and item.paragraphs:
        _title_from_lead(item)
    _mark_jumps(item, body)
    _furniture_near(item, lines, start, furniture_at)
    if not item.paragraphs:
        item.warnings.append(EMPTY_BODY)
    if not item.headline.title:
        item.warnings.append(NO_TITLE)
    if not item.reporters and not item.byline:
        item.warnings.append(NO_BYLINE)
    tail = _fragments(body.part(cut))
    if weak and tail:
        tail[0].warnings.insert(0, WEAK_BOUNDARY)
    return [item, *tail]


def _title_from_lead(item: Item) -> None:
    """A brief without a title line: its title is the bracketed or set-off words that open it."""
    match = _LEAD_TITLE.match(item.paragraphs[0])
    if not match:
        return
    title = match.group("b") or match.group("s")
    rest = match.group("rest").strip()
    if match.group("s") and not (labels.opens_with_date(rest) or rest.startswith(("本报", "衡阳"))):
        return
    item.headline = Headline(title=title)
    item.headline_lines = [title]
    item.paragraphs[0] = rest


def _furniture_near(item: Item, lines: list[Line], start: labels.NewsStart, furniture_at: dict[int, str]) -> None:
    """Warn when furniture touches a headline that no `#` mark confirms: a mix-up would show there.

    Furniture printed inside the block (between its lines and the dateline or body) always
    counts; furniture just above it only when the title was read from unmarked lines.
    """
    block = lines[start.head : start.body + 1]
    unmarked = not any(line.marked for line in block[: start.anchor - start.head])
    above = lines[start.head - 1].no if start.head > 0 else 0
    low = above if unmarked else lines[start.head].no
    high = block[-1].no if block else lines[start.head].no
    kinds = sorted({kind for no, kind in furniture_at.items() if low < no < high})
    if kinds and item.headline.title:
        item.warnings.append(FURNITURE_NEAR.format("、".join(_FURNITURE_NAMES.get(k, k) for k in kinds)))


_BOXES = (furniture.INDEX, furniture.WEATHER)
_FURNITURE_NAMES = {furniture.MASTHEAD: "报头", furniture.RUNNING_HEAD: "眉题/页眉", furniture.STAFF: "编辑署名",
                    furniture.PAGE_NUMBER: "版号", furniture.INDEX: "导读", furniture.WEATHER: "天气",
                    furniture.LABEL: "栏目标签"}


def _photo(lines: list[Line], start: labels.PhotoStart, end: int) -> list[Item]:
    """A photo item: caption paragraph(s) and the credit line; stray text after it is a fragment."""
    credit = lines[start.credit]
    caption = _paragraphs(lines[start.caption : start.credit + 1])
    title = lines[start.head].text if start.head < start.caption else ""
    item = Item(kind="photo", headline=Headline(title=title), byline=credit.credit or credit.text,
                reporters=list(credit.reporters), paragraphs=[p.text for p in caption.paragraphs],
                first_line=lines[start.head].no, last_line=credit.no, warnings=caption.warnings)
    if not caption.paragraphs:
        item.warnings.append(NO_CAPTION)
    return [item, *_fragments(_paragraphs(lines[start.credit + 1 : end]))]


def _paragraphs(lines: list[Line], lead: tuple[str, int] | None = None) -> Body:
    """Body lines → paragraphs with column breaks repaired and jump markers taken out."""
    body = Body([])
    raw: list[Paragraph] = []
    if lead and lead[0]:
        raw.append(Paragraph(lead[0], lead[1], lead[1]))
    raw.extend(Paragraph(line.body, line.no, line.no) for line in lines
               if line.label in (Label.BODY, Label.CAPTION, Label.JUMP, Label.TEXT)
               or (line.label == Label.CREDIT and line.caption))
    cleaned: list[Paragraph] = []
    after_jump = False
    pending = ""  # a (上接第1版) alone on its line: the page the next paragraph came from
    for text, first, last in raw:
        leading = opens_with_jump(text)
        text, to, source = split_jumps(text)
        if text and pending:
            source, pending = source or pending, ""
        elif not text and source:
            pending = source
        if to or source:
            body.jumps[first] = Jump(to, source)
        if after_jump or leading:
            body.stops.add(first)
        after_jump = bool(to)
        text, tail = strip_stray_tail(text)
        if tail:
            body.warnings.append(f"第{last}行末尾的“{tail}”疑为版面残字，已去除")
        if text:
            cleaned.append(Paragraph(text, first, last))
        elif to and cleaned:
            # a (下转第2版) alone on its line closes the paragraph above it
            cleaned[-1] = cleaned[-1]._replace(last=last)
        elif after_jump or leading:
            # a marker alone on its line: the break applies to the next line with text
            after_jump = True
    # a bold sub-heading (**抓产业 促增收**) ends without a full stop but stands alone
    bold = {line.no for line in lines if labels.is_bold(line)}
    apart = body.stops | {p.first for before, p in zip(cleaned, cleaned[1:], strict=False) if before.last in bold}
    body.paragraphs = [Paragraph(*p) for p in join_broken(cleaned, apart)]
    return body


def _is_closing(paragraph: str) -> bool:
    """The conventional last line of a report: who else attended (市领导…出席会议。)."""
    if paragraph.endswith(_CLOSING_PHRASES):
        return True
    return len(paragraph) <= 160 and ends_sentence(paragraph) and bool(_CLOSING.search(paragraph)) \
        and not _NOT_CLOSING.search(paragraph) \
        and ("领导" in paragraph or any(suffix in paragraph for suffix in people.TITLE_SUFFIXES))


def _goes_on(paragraph: str, before: str) -> bool:
    """True when a paragraph after a closing line still belongs to the same report.

    会上/会议指出/他… and a quotation continue it, and so does a paragraph that opens with a
    person the report has already named (李强强调… / 习近平强调…): a 出席 line in the middle
    of an article must not cut it.
    """
    if _LEADER_LINE.match(paragraph) or _is_closing(paragraph) or _SAME_REPORT.match(paragraph) \
            or _LEADER_QUOTED.match(paragraph):
        return True
    for size in (4, 3, 2):
        head = paragraph[:size]
        if len(head) == size and head in before and people.read_name(paragraph, 0, {head}) == head:
            return True
    return False


def _split_tail(body: Body, min_before: int) -> tuple[int, bool]:
    """(index where the item ends, whether a closing line decided it), or (len(paragraphs), False).

    A jump marker always ends the item; otherwise the text after a closing line does, from
    `min_before` on, unless it plainly goes on with the same report.
    """
    paragraphs = body.paragraphs
    for i in range(1, len(paragraphs)):
        if paragraphs[i].first in body.stops:
            return i, False
        if i >= min_before and _is_closing(paragraphs[i - 1].text) \
                and not _goes_on(paragraphs[i].text, "".join(p.text for p in paragraphs[:i])):
            return i, True
    return len(paragraphs), False


def _mark_jumps(item: Item, body: Body) -> None:
    """Record the jump markers printed inside the item's line span (下转第2版 → continues_on)."""
    for no, jump in sorted(body.jumps.items()):
        if item.first_line <= no <= item.last_line:
            item.continues_on = item.continues_on or jump.to
            item.continued_from = item.continued_from or jump.source


def _fragments(body: Body) -> list[Item]:
    """Fragment items from stray paragraphs, cut after each closing line and at jump markers."""
    items = []
    weak = False
    while body.paragraphs:
        cut, next_weak = _split_tail(body, 1)
        part, body = body.paragraphs[:cut], body.part(cut)
        item = Item(kind="fragment", paragraphs=[p.text for p in part], first_line=part[0].first,
                    last_line=part[-1].last)
        if weak:
            item.warnings.append(WEAK_BOUNDARY)
        _mark_jumps(item, body)
        items.append(item)
        weak = next_weak
    return items

