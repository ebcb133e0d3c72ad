"""Bytes to text, and text back into whole paragraphs.

The pages come from a PDF extractor: UTF-8 (sometimes with a BOM), GB18030 or UTF-16, CRLF,
LF or a lone CR, now and then a stray control character, markdown marks (`#`, `**`) around
headlines and datelines, and paragraphs that a column break cut in two with a blank line
between the halves. Everything that has to do with
characters rather than with the layout of a page lives here.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Collection

from .result import ParseError

# Control characters that never occur in a text page (tab, LF, VT, FF, CR are allowed):
# a file with many of them is binary, not text.
_BINARY_CONTROLS = frozenset(map(chr, [*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F]))
# Everything a page may use to end a line; all of it becomes LF.
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c]")
# Control and format characters (Unicode 14 categories Cc and Cf) other than tab and LF.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
# The longest line a page may have. A column of text printed as one line is a few thousand
# characters; a longer one is not a page but a dump, and would only slow the parser.
MAX_LINE_CHARS = 20_000

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
    """Decode a page, or raise ParseError; returns (clean text, encoding).

    UTF-8 is tried first because GB18030 accepts almost any byte pair; a GB18030 result
    is only believed when its non-ASCII characters are the common GB2312 ones, which is
    how real Chinese text looks and how latin-1 or random bytes do not. UTF-16 (with or
    without a byte order mark) is recognised by its byte order mark or its NUL bytes and
    decoded. A refusal names the line and byte offset of the first byte that does not
    decode. The text is then cleaned (see `clean_text`) and its lines are held to
    MAX_LINE_CHARS.
    """
    if not data.strip():
        raise ParseError(source, "空文件 (empty file)")
    decoded = _decode_utf16(data, source)
    if decoded is None:
        if b"\x00" in data:
            raise ParseError(source, "二进制文件，含 NUL 字节 (binary file)")
        decoded = _decode_8bit(data, source)
    text, encoding = decoded
    controls = sum(1 for ch in text if ch in _BINARY_CONTROLS)
    if controls * 10 > len(text):
        raise ParseError(source, "二进制文件，控制字符过多 (binary file)")
    text = clean_text(text)
    if not text.strip():
        raise ParseError(source, "空文件，只有空白 (empty file)")
    check_line_lengths(text, source)
    return text, encoding


def _decode_8bit(data: bytes, source: str) -> tuple[str, str]:
    """UTF-8 (with or without BOM), else GB18030; the error names the first bad byte of UTF-8."""
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[bom:].decode("utf-8"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError as exc:
        where = _byte_position(data, bom + exc.start)
        if bom:
            raise ParseError(source, f"有 UTF-8 BOM 但内容不是 UTF-8：{where} (undecodable)") from None
        return _decode_gb18030(data, source, where), "gb18030"


def _byte_position(data: bytes, offset: int) -> str:
    """Where a byte is, as a person looks for it: the line, and the byte offset for a hex editor."""
    line = data.count(b"\n", 0, offset) + 1
    return f"第 {line} 行，字节偏移 {offset} 处的字节 0x{data[offset]:02X} 无法解码"


def _decode_utf16(data: bytes, source: str) -> tuple[str, str] | None:
    """(text, utf-16-le / utf-16-be) when the bytes are UTF-16, else None.

    A byte order mark says so; without one, Chinese text in UTF-16 has a NUL in every
    ASCII character (line breaks, digits, spaces), all on the high side of the pair (even
    offsets for big-endian, odd for little), and on the other side only in the few
    characters U+xx00; and it decodes to letters, not
    to unassigned code points. Bytes that only look like BOM-less UTF-16 are left to the
    binary check; a file with the mark that does not decode is refused as UTF-16.
    """
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), encoding
            except UnicodeDecodeError as exc:
                offset = len(bom) + exc.start
                line = data[len(bom):offset].decode(encoding, errors="replace").count("\n") + 1
                raise ParseError(source, f"文件是 {encoding.upper()} 编码（有 BOM），但第 {line} 行，字节偏移 {offset} "
                                         "处无法解码 (undecodable)") from None
    if len(data) % 2 or data.count(0) * 200 < len(data):
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    encoding = "utf-16-le" if odd > 4 * even else "utf-16-be" if even > 4 * odd else None
    if encoding is None:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    if sum(1 for ch in text if unicodedata.category(ch) in ("Cn", "Co", "Cs")) * 100 > len(text):
        return None
    return text, encoding


def _decode_gb18030(data: bytes, source: str, where: str) -> str:
    """GB18030 decoding that rejects bytes which only decode by accident."""
    refusal = f"编码无法识别，既非 UTF-8 也非 GB18030：{where} (undecodable)"
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise ParseError(source, refusal) from None
    wide = [ch for ch in text if ord(ch) > 0x7F]
    common = sum(1 for ch in wide if _is_gb2312(ch))
    if not wide or common < 0.9 * len(wide):
        raise ParseError(source, refusal)
    return text


def clean_text(text: str) -> str:
    """Text as the archive stores it: one kind of line break, no control characters, NFC.

    CRLF, a lone CR (old Mac files), U+2028/U+2029 and the form feed of pdftotext's page
    breaks become LF. Other control and format characters are removed: C0 controls, DEL,
    the C1 controls (a NEL, U+0085, is a mis-decoded byte here, never a line break the
    extractor meant, and read as one it pushed a byline into the body), zero-width and
    bidirectional marks. Unicode is normalised to NFC so that the same characters are
    always stored, searched and linked as the same code points.
    """
    text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    return unicodedata.normalize("NFC", text)


def printable(text: str) -> str:
    """One line of clean text (a name, a title): clean_text, and line breaks become spaces."""
    return clean_text(text).replace("\n", " ").replace("\t", " ")


def check_line_lengths(text: str, source: str) -> None:
    """Refuse a page with a line over MAX_LINE_CHARS characters: no printed page has one."""
    for no, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise ParseError(source, f"第 {no} 行过长：{len(line)} 字，上限 {MAX_LINE_CHARS} 字 (line too long)")


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
