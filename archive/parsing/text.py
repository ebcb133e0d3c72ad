"""Bytes to text, and text back into whole paragraphs.

The pages come from a PDF extractor: UTF-8 (sometimes with a BOM) or GB18030, CRLF or LF,
markdown marks (`#`, `**`) around headlines and datelines, and paragraphs that a column
break cut in two with a blank line between the halves. Everything that has to do with
characters rather than with the layout of a page lives here.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Collection

from .result import ParseError

# Control characters that never occur in a text page (tab, LF, VT, FF, CR are allowed).
_CONTROL_BYTES = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x20)) | {0x7F}

# What may close a paragraph: sentence-final punctuation, optionally followed by closing
# quotes or brackets (…发展。” / …到位。）).
_SENTENCE_END = "。！？!?；;…"
_CLOSERS = "”’」』）)》〉】\"'"

# A stray paper name glued to the end of a paragraph by the extractor (…担当。衡阳日报).
_STRAY_PAPER = re.compile(r"(?<=[。！？!?])[\u4e00-\u9fff]{2,4}(?:日报|晚报)$")

# Paragraphs that are sub-headings inside an article: never glued to the next one.
_ENUMERATED = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])")


# Jump markers of an article continued on another page: (下转第2版) (上接第1版) 转2版 （接第一版）.
_PAGE_NO = (r"(?:第\s*[A-DＡ-Ｄ]?\s*[\d０-９一二三四五六七八九十]{1,3}\s*[版面]|[A-DＡ-Ｄ]\s*[\d０-９]{1,2}\s*[版面]?"
            r"|[\d０-９一二三四五六七八九十]{1,3}\s*[版面])")
_JUMP_BRACKETED = re.compile(r"[（(【\[]\s*(?P<dir>下转|上接|紧接|转|接)\s*(?P<page>" + _PAGE_NO + r")\s*[）)】\]]")
_JUMP_BARE = re.compile(r"(?P<dir>下转|上接)\s*(?P<page>" + _PAGE_NO + ")")
_JUMP_BARE_END = re.compile(r"(?P<dir>转)\s*(?P<page>" + _PAGE_NO + r")\s*$")
_JUMP_BARE_START = re.compile(r"^\s*(?P<dir>接)\s*(?P<page>" + _PAGE_NO + ")")


def split_jumps(paragraph: str) -> tuple[str, str, str]:
    """A paragraph without its jump markers → (text, continued_to, continued_from).

    The markers are layout, not prose: left in the body they would also hide the end of a
    sentence and glue the article to whatever follows it on this page. The pages are
    returned as printed (第2版).
    """
    to = source = ""
    text = paragraph
    for pattern in (_JUMP_BRACKETED, _JUMP_BARE, _JUMP_BARE_END, _JUMP_BARE_START):
        while True:
            match = pattern.search(text)
            if not match:
                break
            page = _page_name(match.group("page"))
            if match.group("dir") in ("下转", "转"):
                to = to or page
            else:
                source = source or page
            text = (text[: match.start()] + text[match.end():]).strip()
    return text, to, source


def _page_name(printed: str) -> str:
    """A page as the paper names it: 第2版, 第二版, A2版 (a bare 2版 gets its 第)."""
    page = re.sub(r"\s+", "", printed)
    if page[0] in "ABCDＡＢＣＤ":
        page = fold(page)
        return page if page.endswith(("版", "面")) else page + "版"
    return page if page.startswith("第") else "第" + page


def opens_with_jump(paragraph: str) -> bool:
    """True when a paragraph starts with a (上接第1版) marker: the text after it came from another page."""
    _, _, source = split_jumps(paragraph)
    return bool(source) and any(p.match(paragraph.strip()) for p in (_JUMP_BRACKETED, _JUMP_BARE, _JUMP_BARE_START))


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Decode a page, or raise ParseError; returns (text with \\r\\n → \\n, encoding).

    UTF-8 is tried first because GB18030 accepts almost any byte pair; a GB18030 result
    is only believed when its non-ASCII characters are the common GB2312 ones, which is
    how real Chinese text looks and how latin-1 or random bytes do not.
    """
    if not data.strip():
        raise ParseError(source, "空文件 (empty file)")
    if b"\x00" in data:
        raise ParseError(source, "二进制文件，含 NUL 字节 (binary file)")
    controls = sum(1 for b in data if b in _CONTROL_BYTES)
    if controls * 10 > len(data):
        raise ParseError(source, "二进制文件，控制字符过多 (binary file)")
    if data.startswith(codecs.BOM_UTF8):
        encoding, body = "utf-8-sig", data[len(codecs.BOM_UTF8):]
    else:
        encoding, body = "utf-8", data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        if encoding == "utf-8-sig":
            raise ParseError(source, "有 UTF-8 BOM 但内容不是 UTF-8 (undecodable)") from None
        text = _decode_gb18030(data, source)
        encoding = "gb18030"
    if not text.strip():
        raise ParseError(source, "空文件，只有空白 (empty file)")
    return text.replace("\r\n", "\n"), encoding


def _decode_gb18030(data: bytes, source: str) -> str:
    """GB18030 decoding that rejects bytes which only decode by accident."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise ParseError(source, "编码无法识别，既非 UTF-8 也非 GB18030 (undecodable)") from None
    wide = [ch for ch in text if ord(ch) > 0x7F]
    common = sum(1 for ch in wide if _is_gb2312(ch))
    if not wide or common < 0.9 * len(wide):
        raise ParseError(source, "编码无法识别，既非 UTF-8 也非 GB18030 (undecodable)")
    return text


def _is_gb2312(ch: str) -> bool:
    """True for characters in the GB2312 set (two bytes, both in A1–FE)."""
    try:
        raw = ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(raw) == 2


def strip_marks(line: str) -> str:
    """A line without the extractor's markdown marks and outer white space."""
    line = line.strip()
    line = re.sub(r"^#+\s*", "", line)
    line = line.replace("**", "")
    return re.sub(r"\s+", " ", line).strip()


def is_marked(line: str) -> bool:
    """True when the extractor marked the line as a heading (`#`, `##` …)."""
    return line.lstrip().startswith("#")


def fold(text: str) -> str:
    """Full-width digits, letters and punctuation folded to ASCII, for pattern matching only."""
    return unicodedata.normalize("NFKC", text)


def ends_sentence(text: str) -> bool:
    """True when a paragraph ends a sentence, so the next paragraph is a new one."""
    text = text.rstrip().rstrip(_CLOSERS)
    return bool(text) and text[-1] in _SENTENCE_END


def ends_clause(text: str) -> bool:
    """True when a line ends with any punctuation that a headline never ends with."""
    text = text.rstrip()
    return bool(text) and (ends_sentence(text) or text[-1] in "，,、：:")


def strip_stray_tail(paragraph: str) -> tuple[str, str]:
    """Split off a paper name glued after the last sentence (…担当。衡阳日报) → (text, tail)."""
    match = _STRAY_PAPER.search(paragraph)
    if not match:
        return paragraph, ""
    return paragraph[: match.start()], match.group(0)


def is_subheading(paragraph: str) -> bool:
    """An in-article heading (一、… / （二）…) that stands alone even without punctuation."""
    return bool(_ENUMERATED.match(paragraph)) and len(paragraph) <= 40 and not ends_sentence(paragraph)


def continues(paragraph: str) -> bool:
    """True when a column break cut this paragraph: it ends without closing punctuation."""
    return not ends_sentence(paragraph) and not is_subheading(paragraph)


def join_broken(paragraphs: list[tuple[str, int, int]],
                stops: Collection[int] = ()) -> list[tuple[str, int, int]]:
    """Glue back paragraphs that a column break split: (text, first_line, last_line) items.

    A paragraph that does not end a sentence continues in the next one (宣传思想和意识形态 /
    工作是…, 在17日举行的援疆工作座谈会上, / 王建国…); one that does is never joined. Nor is
    one whose first line is in `stops`: a jump marker (下转第2版 / 上接第1版) put a page
    between the two halves, so they belong to different articles.
    """
    out: list[tuple[str, int, int]] = []
    for text, first, last in paragraphs:
        if out and continues(out[-1][0]) and first not in stops:
            prev, pfirst, _ = out[-1]
            out[-1] = (prev + text, pfirst, last)
        else:
            out.append((text, first, last))
    return out
