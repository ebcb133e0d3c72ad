"""The parser's output: plain dataclasses, the only thing the rest of the archive sees.

They mirror the `parse_issue --json` contract (docs/parse-output.md) so that the JSON
printed for outside checks and the objects the loader stores can never drift apart.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


class ParseError(Exception):
    """A file that cannot become a page: empty, not text, undecodable, no article."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


@dataclass
class Reporter:
    name: str
    role: str  # as printed: 全媒体记者, 本报记者, 通讯员, 见习记者, 首席记者, 摄 …


@dataclass
class PersonMention:
    name: str
    titles: list[str] = field(default_factory=list)  # each title printed with the name
    roles: list[str] = field(default_factory=list)  # presided, spoke, attended, met, visited, mentioned


@dataclass
class EventInfo:
    kind: str  # meeting, inspection, signing, meeting_guests, award, visit, launch, other
    name: str
    date: str | None  # ISO date, or --MM-DD when the year is unknown
    place: str = ""


@dataclass
class ParsedArticle:
    position: int
    kind: str  # news / photo / fragment
    kicker: str = ""
    title: str = ""
    subtitle: str = ""
    column: str = ""
    dateline: str = ""
    place: str = ""
    byline: str = ""  # the byline / photo credit line as printed, markdown marks removed
    reporters: list[Reporter] = field(default_factory=list)
    date: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    persons: list[PersonMention] = field(default_factory=list)
    event: EventInfo | None = None
    warnings: list[str] = field(default_factory=list)
    first_line: int = 0  # 1-based line span of the item in ParsedPage.text
    last_line: int = 0
    original_title: str = ""  # a 原标题：… line printed with the item, kept out of the body
    continues_on: str = ""  # 第2版 / A2版: the item goes on on that page (下转第2版), marker taken out of the body
    continued_from: str = ""  # 第1版: the item began on that page (上接第1版)
    needs_review: bool = False  # the parser had doubts: see warnings



@dataclass
class Furniture:
    """A line of page furniture (masthead, running head, staff line, index or weather box, box label)."""

    kind: str  # masthead / running_head / staff / page_number / index / weather / label
    text: str
    line: int  # 1-based line number in ParsedPage.text


@dataclass
class ParsedPage:
    source: str
    sha256: str
    encoding: str  # utf-8, utf-8-sig, gb18030, utf-16-le or utf-16-be: how the bytes were decoded
    text: str  # the decoded text, cleaned (text.clean_text: line breaks \n, no control characters, NFC)
    paper: str
    issue_date: str | None  # ISO date
    issue_date_confidence: str  # given / inferred / unknown
    event_dates: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    articles: list[ParsedArticle] = field(default_factory=list)
    furniture: list[Furniture] = field(default_factory=list)

    def to_contract(self) -> dict:
        """The JSON object of docs/parse-output.md (the raw text is left out)."""
        data = asdict(self)
        data.pop("text")
        return data
