"""How a page falls into items: headlines, bylines, datelines, bodies, photos, fragments.

A news item is anchored by its dateline (衡阳晚报讯, 本报讯, 衡阳日报3月3日讯) or by a ■ byline
line before it. The one to six short lines just above the anchor (no sentence-final
punctuation) are its headline; the paragraphs after it are its body, up to the next item.
A photo is the caption paragraph just above a ■…摄 credit line. Text that belongs to no
headline — at the top of the page, or after an article has plainly ended with its list of
attending officials — continues an article printed on another page: a fragment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import people
from .result import Reporter
from .text import (
    ends_clause,
    ends_sentence,
    fold,
    is_marked,
    is_subheading,
    join_broken,
    opens_with_jump,
    split_jumps,
    strip_marks,
    strip_stray_tail,
)

_ROLE = (r"(?:本报记者|本报通讯员|全媒体记者|融媒体记者|首席记者|见习记者|实习记者|特约记者|摄影记者|驻站记者|记者"
         r"|特约通讯员|通讯员|实习生|见习生|摄影|编辑)")
_ROLE_AT = re.compile(r"(?:(?!本报)[\u4e00-\u9fff]{2,6}?(?:日报|晚报|报社))?(?P<role>" + _ROLE + ")")
_DATELINE = re.compile(
    r"^(?P<label>(?P<paper>本报|新华社|中新社|[\u4e00-\u9fff]{2,6}?(?:日报|晚报|晨报|时报|商报|都市报))"
    r"(?P<place>(?:(?![社通记者报])[\u4e00-\u9fff]){0,8}?)(?P<date>\d{1,2}月\d{1,2}日)?"
    r"(?P<place2>(?:(?![社通记者报])[\u4e00-\u9fff]){0,8}?)[讯电])"
    r"\s*(?:[（(](?P<by>[^（()）]{2,60})[）)])?\s*(?P<rest>.*)$"
)
_CREDIT = re.compile(r"^(?P<spec>.+?)\s*/?\s*(?:摄影|摄)\s*$")
_ORIGINAL = re.compile(r"^原标题\s*[:：]\s*(?P<title>.+)$")
_BULLETS = "■□●◆▲"
# Running heads (2023年3月23日 星期四 …) and staff credits (责任编辑：…) are neither headline nor body.
_RUNNING_HEAD = re.compile(r"(?:19|20)\d{2}年\d{1,2}月\d{1,2}日\s*(?:星期|周)[一二三四五六日天]")
_STAFF = re.compile(r"^(?:责任编辑|责编|编辑|校对|美编|版式|审核|审读|组版|统筹|策划|监制|主编)\s*[:：]")
_KICKER_END = ("——", "—", ":", "：")
_LABEL = re.compile(r"[\u4e00-\u9fff]{2,5}(?: [\u4e00-\u9fff]{2,5})+")
_CLOSING = re.compile(r"(?:出席|参加|陪同)[^。，,；;]{0,12}。$")
# A lead sentence that merely names who attended (…出席并讲话。) is not a closing line.
_NOT_CLOSING = re.compile(r"(?:出席|参加)[^。，,；;]{0,6}(?:讲话|致辞|强调|指出|表示)[^。]{0,6}。$")
# Other conventional last lines of a report.
_CLOSING_PHRASES = ("会议还研究了其他事项。", "会议还研究了其他有关事项。", "会议还研究了其他工作。")
# A paragraph that plainly goes on with the same report (会上，… / 他强调…), never a fragment.
_SAME_REPORT = re.compile(r"^(?:会上|会议|会前|会后|座谈会上|活动中|活动现场|随后|接着|当天|期间|此前|现场|他|她|其)")
# A paragraph that opens with when it happened: what follows a bare headline line.
_DATE_LEAD = re.compile(r"^(?:(?:19|20)\d{2}年)?\d{1,2}月\d{1,2}日(?:[—–\-~至到、]\d{1,2}日)?"
                        r"(?:上午|下午|晚上|晚间|晚|早上|早晨|中午|凌晨|傍晚)?[，,、 ]"
                        r"|^(?:昨天|昨日|昨晚|今天|今日|近日|日前|近期|连日来|前不久|今年以来|当天)"
                        r"(?:上午|下午|晚上|晚间|晚|早上|中午|凌晨)?[，,]")
# The tail of a report that lost its final 。 (市领导张明、李华出席会议) is no headline line.
_UNPUNCTUATED_CLOSING = re.compile(r"(?:领导|、)[^，,。]{2,40}(?:出席|参加|陪同)"
                                   r"(?:会议|活动|调研|考察|签约仪式|仪式)?$")
_LEADER_LINE = re.compile(r"^[^，,。；;]{0,12}领导")
_MAX_HEADLINE_LINES = 6


@dataclass
class Dateline:
    """The 讯 line: label as printed, paper and place named in it, and what follows it."""

    label: str
    paper: str
    place: str = ""
    month_day: str = ""
    byline: str = ""
    reporters: list[Reporter] = field(default_factory=list)
    rest: str = ""


@dataclass
class Line:
    """One non-blank line of the page, classified."""

    no: int  # 1-based line number in the page text
    raw: str
    kind: str  # text / dateline / byline / credit / original / furniture
    dateline: Dateline | None = None
    reporters: list[Reporter] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The line as a headline: marks gone, white space collapsed."""
        return strip_marks(self.raw)

    @property
    def body(self) -> str:
        """The line as body text: marks gone, inner white space kept."""
        return re.sub(r"^#+\s*", "", self.raw.strip()).replace("**", "").strip()

    @property
    def marked(self) -> bool:
        return is_marked(self.raw)


@dataclass
class Headline:
    kicker: str = ""
    title: str = ""
    subtitle: str = ""
    column: str = ""


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
    continued_to: str = ""  # 第2版 when a (下转第2版) marker ends the item
    continued_from: str = ""  # 第1版 when a (上接第1版) marker opens it


@dataclass
class Body:
    """Body lines made paragraphs: (text, first line, last line), plus where items must break.

    `stops` holds the first line of each paragraph that must begin a new item, because a
    jump marker ends the text before it (下转) or opens it (上接); `jumps` maps a line to
    the (continued_to, continued_from) pages printed on it.
    """

    paragraphs: list[tuple[str, int, int]]
    warnings: list[str] = field(default_factory=list)
    stops: set[int] = field(default_factory=set)
    jumps: dict[int, tuple[str, str]] = field(default_factory=dict)

    def part(self, start: int, end: int | None = None) -> Body:
        """The same body restricted to paragraphs[start:end]."""
        return Body(self.paragraphs[start:end], self.warnings, self.stops, self.jumps)


def parse_reporters(spec: str) -> list[Reporter] | None:
    """Reporters of a byline (全媒体记者 周敏 / 通讯员 罗小兰 见习记者 何晓蓉 / 记者杨帆张珺), or None.

    None when the text is not a byline: it must open with a role and every name after a
    role must look like a name.
    """
    spec = spec.strip().lstrip(_BULLETS).strip()
    spec = re.sub(r"^[（(]|[）)]$", "", spec).strip()
    roles = list(_ROLE_AT.finditer(spec))
    if not roles or roles[0].start() != 0:
        return None
    found: list[Reporter] = []
    for i, match in enumerate(roles):
        end = roles[i + 1].start() if i + 1 < len(roles) else len(spec)
        tokens = [t for t in re.split(r"[\s、，,/]+", spec[match.end():end]) if t]
        if not tokens:
            return None
        for token in tokens:
            names = people.split_run(token) if re.fullmatch(r"[\u4e00-\u9fff·]{2,12}", token) else []
            if not names:
                return None
            found.extend(Reporter(name=name, role=match.group("role")) for name in names)
    return found


def parse_dateline(line: str) -> Dateline | None:
    """The dateline at the start of a line (**衡阳晚报讯** (全媒体记者 周敏) 10月25—26日,…), or None."""
    clean = line.replace("**", "").strip().lstrip(_BULLETS).strip()
    match = _DATELINE.match(clean)
    if not match:
        return None
    dateline = Dateline(label=match.group("label"), paper=match.group("paper"),
                        place=match.group("place") or match.group("place2") or "",
                        month_day=match.group("date") or "", rest=match.group("rest").strip())
    if match.group("by"):
        opened, closed = match.start("by") - 1, match.end("by") + 1
        reporters = parse_reporters(match.group("by"))
        if reporters is None:
            dateline.rest = clean[opened:].strip()
        else:
            dateline.reporters = reporters
            dateline.byline = clean[opened:closed]
    return dateline


def read_lines(text: str) -> list[Line]:
    """The page's non-blank lines, each classified (dateline, byline, credit, original title, text)."""
    lines: list[Line] = []
    for no, raw in enumerate(text.split("\n"), start=1):
        raw = raw.rstrip("\r")
        if not raw.strip():
            continue
        plain = strip_marks(raw)
        if _STAFF.match(plain) or (len(plain) <= 60 and _RUNNING_HEAD.search(plain)):
            lines.append(Line(no, raw, "furniture"))
            continue
        dateline = parse_dateline(raw)
        if dateline:
            lines.append(Line(no, raw, "dateline", dateline=dateline, reporters=dateline.reporters))
            continue
        credit = _CREDIT.match(plain)
        if credit and (plain[0] in _BULLETS or _ROLE_AT.match(plain)):
            reporters = parse_reporters(credit.group("spec"))
            if reporters:
                lines.append(Line(no, raw, "credit", reporters=reporters))
                continue
        if len(plain) <= 40:
            reporters = parse_reporters(plain)
            if reporters:
                lines.append(Line(no, raw, "byline", reporters=reporters))
                continue
        kind = "original" if _ORIGINAL.match(plain) else "text"
        lines.append(Line(no, raw, kind))
    return lines


def headline_like(line: Line) -> bool:
    """A line that can be part of a headline block: short and without closing punctuation."""
    if line.kind == "original":
        return True
    if line.kind != "text":
        return False
    text = line.text
    if not text or len(text) > (100 if line.marked else 64) or "。" in text:
        return False
    if text.endswith(_KICKER_END):
        return True
    if text[-1] in "！？!?":
        return len(text) <= 30
    return not ends_clause(text)


def split_headline(lines: list[Line]) -> Headline:
    """Kicker, title, subtitle and column of a headline block.

    A `#` line is the title. Otherwise a line ending with —— or ： is a kicker, a line that
    names people and what they did (李强主持) is a subtitle, and the first line with no such
    signal is the title; with two unsignalled lines the first is the title.
    """
    lines = [line for line in lines if line.kind != "original"]
    column = _column(lines)
    lines = lines[: len(lines) - len(column)]
    if not lines:
        return Headline(column=" ".join(line.text for line in column))
    marked = [i for i, line in enumerate(lines) if line.marked]
    if marked:
        at = marked[0]
    else:
        signals = [_signal(line.text) for line in lines]
        candidates = [i for i, s in enumerate(signals) if s == ""] \
            or [i for i, s in enumerate(signals) if s != "kicker"]
        at = candidates[0] if candidates else len(lines) - 1
    return Headline(
        kicker=" ".join(line.text for line in lines[:at]),
        title=lines[at].text,
        subtitle=" ".join(line.text for line in lines[at + 1 :]),
        column=" ".join(line.text for line in column),
    )


def _column(lines: list[Line]) -> list[Line]:
    """The running column label that closes a headline block (two label lines, or one even line)."""
    if not lines or not _LABEL.fullmatch(lines[-1].text) or people.looks_like_byname(lines[-1].text):
        return []
    group = [lines[-1]]
    while len(lines) > len(group) and lines[-len(group) - 1].no == group[0].no - 1 \
            and _LABEL.fullmatch(lines[-len(group) - 1].text):
        group.insert(0, lines[-len(group) - 1])
    return group if len(group) >= 2 or (len(lines) > 1 and _even_label(group[0].text)) else []


def _signal(text: str) -> str:
    if text.endswith(_KICKER_END):
        return "kicker"
    if people.looks_like_byname(text):
        return "subtitle"
    return ""


def _even_label(text: str) -> bool:
    """A one-line column label: two or more groups of the same 3–4 characters (守初心 担使命)."""
    sizes = {len(part) for part in text.split()}
    return len(sizes) == 1 and sizes <= {3, 4}


def _is_closing(paragraph: str) -> bool:
    """The conventional last line of a report: who else attended (市领导…出席会议。)."""
    if paragraph.endswith(_CLOSING_PHRASES):
        return True
    return len(paragraph) <= 160 and ends_sentence(paragraph) and bool(_CLOSING.search(paragraph)) \
        and not _NOT_CLOSING.search(paragraph) \
        and ("领导" in paragraph or any(suffix in paragraph for suffix in people.TITLE_SUFFIXES))


def _goes_on(paragraph: str, closing: str) -> bool:
    """True when a paragraph after a closing line still belongs to the same report.

    会上/他… continue it, and so does a paragraph that opens with a person the closing line
    named (李强强调…): a 出席 line in the middle of an article must not cut it.
    """
    if _LEADER_LINE.match(paragraph) or _is_closing(paragraph) or _SAME_REPORT.match(paragraph):
        return True
    for size in (4, 3, 2):
        head = paragraph[:size]
        if len(head) == size and head in closing and people.read_name(paragraph, 0, {head}) == head:
            return True
    return False


def _paragraphs(lines: list[Line], lead: tuple[str, int] | None = None) -> Body:
    """Body lines → paragraphs (text, first, last) with column breaks repaired and jump markers taken out."""
    body = Body([])
    raw: list[tuple[str, int, int]] = []
    if lead and lead[0]:
        raw.append((lead[0], lead[1], lead[1]))
    raw.extend((line.body, line.no, line.no) for line in lines if line.kind == "text")
    cleaned = []
    after_jump = False
    for text, first, last in raw:
        leading = opens_with_jump(text)
        text, to, source = split_jumps(text)
        if to or source:
            body.jumps[first] = (to, source)
        if after_jump or leading:
            body.stops.add(first)
        after_jump = bool(to)
        text, tail = strip_stray_tail(text)
        if tail:
            body.warnings.append(f"第{last}行末尾的“{tail}”疑为版面残字，已去除")
        if text:
            cleaned.append((text, first, last))
        elif to and cleaned:
            # a (下转第2版) alone on its line closes the paragraph above it
            cleaned[-1] = (cleaned[-1][0], cleaned[-1][1], last)
        elif after_jump or leading:
            # a marker alone on its line: the break applies to the next line with text
            after_jump = True
    body.paragraphs = join_broken(cleaned, body.stops)
    return body


def _split_tail(body: Body, min_before: int) -> int:
    """Index where the item ends and the next one (a fragment) starts, or len(paragraphs).

    A jump marker always ends the item; otherwise the text after a closing line does,
    from `min_before` on, unless it plainly goes on with the same report.
    """
    paragraphs = body.paragraphs
    for i in range(1, len(paragraphs)):
        if paragraphs[i][1] in body.stops:
            return i
        if i >= min_before and _is_closing(paragraphs[i - 1][0]) \
                and not _goes_on(paragraphs[i][0], paragraphs[i - 1][0]):
            return i
    return len(paragraphs)


def _mark_jumps(item: Item, body: Body) -> None:
    """Record the jump markers printed inside the item's line span (下转第2版 → continued_to)."""
    for no, (to, source) in sorted(body.jumps.items()):
        if item.first_line <= no <= item.last_line:
            item.continued_to = item.continued_to or to
            item.continued_from = item.continued_from or source


def _fragments(body: Body) -> list[Item]:
    """Fragment items from stray paragraphs, cut after each closing line and at jump markers."""
    items = []
    while body.paragraphs:
        cut = _split_tail(body, 1)
        part, body = body.paragraphs[:cut], body.part(cut)
        item = Item(kind="fragment", paragraphs=[p[0] for p in part], first_line=part[0][1], last_line=part[-1][2])
        _mark_jumps(item, body)
        items.append(item)
    return items


def split_items(lines: list[Line]) -> list[Item]:
    """The page's items in printed order."""
    n = len(lines)
    anchors: list[tuple[int, int, int]] = []  # (headline start, anchor start, anchor end)
    credits: list[tuple[int, int]] = []  # (caption start, credit index)
    floor = -1
    i = 0
    while i < n:
        kind = lines[i].kind
        if kind in ("byline", "dateline"):
            j = i
            while kind == "byline" and j + 1 < n and lines[j + 1].kind == "byline":
                j += 1
            if lines[j].kind == "byline" and j + 1 < n and lines[j + 1].kind == "dateline":
                j += 1
            h = i
            while h - 1 > floor and i - h < _MAX_HEADLINE_LINES and headline_like(lines[h - 1]) \
                    and not _tail_of_previous(lines, h - 1, floor):
                h -= 1
            if lines[j].kind == "dateline" or h < i or lines[i].raw.lstrip().startswith(tuple(_BULLETS)):
                anchors.append((h, i, j))
                floor = j
            i = j + 1
            continue
        bare = _bare_headline(lines, i, floor) if kind == "text" else None
        if bare is not None:
            anchors.append((i, bare, bare - 1))
            floor = bare - 1
            i = bare
            continue
        if kind == "text" and _stands_alone(lines, i, floor):
            j = i + 1
            while j < n and j - i <= 3 and headline_like(lines[j]) and not lines[j].marked:
                j += 1
            if j < n and lines[j].kind == "text":
                h = i
                while h - 1 > floor and i - h < 2 and headline_like(lines[h - 1]) and not lines[h - 1].marked:
                    h -= 1
                anchors.append((h, j, j - 1))
                floor = j - 1
                i = j
                continue
        if kind == "credit":
            k = i
            if k - 1 > floor and lines[k - 1].kind == "text":
                k -= 1
                while k - 1 > floor and lines[k - 1].kind == "text" and not ends_sentence(lines[k - 1].body):
                    k -= 1
            credits.append((k, i))
            floor = i
        i += 1

    starts = sorted([(a[0], "news", a) for a in anchors] + [(c[0], "photo", c) for c in credits])
    items: list[Item] = []
    if not starts:
        return _fragments(_paragraphs(lines))
    items.extend(_fragments(_paragraphs(lines[: starts[0][0]])))
    for index, (_, kind, spec) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else n
        if kind == "news":
            items.extend(_news(lines, spec, end))
        else:
            items.extend(_photo(lines, spec, end))
    return items


def _closed(line: Line) -> bool:
    """True when a line ends what was before it: a finished sentence or a (下转第2版) marker."""
    text, to, _ = split_jumps(line.body)
    return bool(to) or ends_sentence(text)


def _tail_of_previous(lines: list[Line], k: int, floor: int) -> bool:
    """True when line k, above a headline block, is the last line of the article before it.

    Its final 。 lost, a closing line (市领导张明、李华出席会议) looks like a headline line; it
    is one only when nothing but a finished paragraph could precede it, which is not the case
    when it reads as a list of attending officials.
    """
    return bool(_UNPUNCTUATED_CLOSING.search(lines[k].text)) and k - 1 > floor \
        and lines[k - 1].kind == "text" and not headline_like(lines[k - 1])


def _bare_headline(lines: list[Line], i: int, floor: int) -> int | None:
    """Where the body starts when line i opens an unmarked headline with no dateline, else None.

    Such a headline is one to three short unpunctuated lines that follow a finished paragraph
    (or the top of the page) and precede a paragraph that opens with a date (3月2日，… /
    昨天上午，…), the way a news item without 本报讯 begins. The last line of an article ends
    with 。！？”, so it is never taken for one.
    """
    line = lines[i]
    if not headline_like(line) or line.kind != "text" or len(line.text) < 4 or is_subheading(line.text):
        return None
    before = lines[i - 1] if i - 1 > floor else None
    if before is not None and before.kind == "text" and not _closed(before):
        return None
    j = i + 1
    while j < len(lines) and j - i < 3 and headline_like(lines[j]) and lines[j].kind in ("text", "original"):
        j += 1
    if j >= len(lines) or lines[j].kind != "text" or headline_like(lines[j]):
        return None
    return j if _DATE_LEAD.match(fold(lines[j].body)) else None


def _stands_alone(lines: list[Line], i: int, floor: int) -> bool:
    """A `#` title with no dateline: marked, not an in-article 一、… heading, after a finished paragraph."""
    line = lines[i]
    if not (line.marked and headline_like(line) and len(line.text) >= 4 and not is_subheading(line.text)):
        return False
    before = lines[i - 1] if i - 1 > floor else None
    return before is None or before.kind != "text" or ends_sentence(before.body) or headline_like(before)


def _news(lines: list[Line], spec: tuple[int, int, int], end: int) -> list[Item]:
    """A news item from its headline start, anchor and the next item's start; plus trailing fragments."""
    h, a, b = spec
    head_lines = lines[h:a]
    headline = split_headline(head_lines)
    item = Item(kind="news", headline=headline, first_line=lines[h].no)
    item.headline_lines = [line.text for line in head_lines if line.kind != "original"]
    bylines = []
    for line in lines[a : b + 1]:
        item.reporters.extend(line.reporters)
        if line.kind == "dateline":
            item.dateline = line.dateline
            if line.dateline.byline:
                bylines.append(line.dateline.byline)
        else:
            bylines.append(line.text)
    body_lines = lines[b + 1 : end]
    for line in [*head_lines, *body_lines]:
        if line.kind == "original":
            item.original_titles.append(_ORIGINAL.match(line.text).group("title"))
        elif line.kind in ("byline", "credit", "dateline"):
            item.reporters.extend(r for r in line.reporters if r not in item.reporters)
            bylines.append(line.text)
    item.byline = " ".join(bylines)
    lead = (item.dateline.rest, lines[b].no) if item.dateline else None
    body = _paragraphs(body_lines, lead)
    paragraphs = body.paragraphs
    item.warnings.extend(body.warnings)
    cut = _split_tail(body, 2)
    item.paragraphs = [p[0] for p in paragraphs[:cut]]
    item.last_line = paragraphs[cut - 1][2] if cut else lines[b].no
    _mark_jumps(item, body)
    if not item.paragraphs:
        item.warnings.append("正文为空")
    if not headline.title:
        item.warnings.append("未找到标题")
    if a > b:
        item.warnings.append("无电头和署名")
    return [item, *_fragments(body.part(cut))]


def _photo(lines: list[Line], spec: tuple[int, int], end: int) -> list[Item]:
    """A photo item: caption paragraph(s) and the credit line; stray text after it is a fragment."""
    k, c = spec
    credit = lines[c]
    caption = _paragraphs(lines[k:c])
    item = Item(kind="photo", byline=credit.text, reporters=list(credit.reporters),
                paragraphs=[p[0] for p in caption.paragraphs], first_line=lines[k].no, last_line=credit.no,
                warnings=caption.warnings)
    if not caption.paragraphs:
        item.warnings.append("图片缺少说明文字")
    return [item, *_fragments(_paragraphs(lines[c + 1 : end]))]
