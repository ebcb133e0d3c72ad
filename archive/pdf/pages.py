"""The loader's side of page PDFs: read a PDF's text for the parser, then, once its page is
stored, keep the PDF, its images and its lines' boxes, and give each article its region.

The loader reads a file once to hash it and once more to parse it, and stores it later; the
extracted page is kept meanwhile (a bounded cache by path and mtime), so a PDF is read once.
"""

from __future__ import annotations

import codecs
import hashlib
from collections import OrderedDict
from pathlib import Path

from ..models import Article, Issue, PageImage
from .reader import ExtractedPage, PdfRefused, read_page_pdf
from .regions import lines_region
from .storage import store_pdf

# Before a PDF's text: the parser reads it as UTF-8 all the same, and the hash sets the PDF's text
# apart from the same text loaded from a .txt file, so a page loaded from its text and then from
# its PDF is updated (and gets its image), not skipped as unchanged.
PDF_TEXT_MARK = codecs.BOM_UTF8
MAX_PDF_BYTES = 64 * 1024 * 1024  # a page PDF with its photos; larger is refused before it is read
CACHE_SIZE = 256  # PDFs read and not yet stored (the loader reads at most a few dozen ahead)
NOT_FOUND = "版面 PDF 上未找到本文的文字行，未标出版面区域"
_read: OrderedDict[tuple[Path, int, int], tuple[str, ExtractedPage]] = OrderedDict()


def is_pdf(path: Path) -> bool:
    return path.suffix.lower() == ".pdf"


def read_pdf_text(path: Path) -> bytes:
    """The PDF's text in the parser's form, UTF-8 (reader.PdfRefused for a scan or a broken file)."""
    stat = path.stat()
    if stat.st_size > MAX_PDF_BYTES:
        raise PdfRefused(f"PDF 超过 {MAX_PDF_BYTES // (1024 * 1024)} MB，未读取")
    key = (path.resolve(), stat.st_mtime_ns, stat.st_size)
    if key in _read:
        _read.move_to_end(key)
        return PDF_TEXT_MARK + _read[key][1].text.encode()
    extracted = read_page_pdf(path)
    data = PDF_TEXT_MARK + extracted.text.encode()
    _read[key] = (hashlib.sha256(data).hexdigest(), extracted)
    while len(_read) > CACHE_SIZE:
        _read.popitem(last=False)
    return data


def _take(text_sha256: str) -> tuple[Path, ExtractedPage] | None:
    for key, (sha, extracted) in _read.items():
        if sha == text_sha256:
            del _read[key]
            return key[0], extracted
    return None


def attach(issue: Issue, parsed) -> None:
    """Keep the page PDF whose text this parse read (none: a text file) and set the regions.

    `parsed`: the archive.parsing.ParsedPage just stored for `issue`.
    """
    found = _take(parsed.sha256)
    if found is None:
        return
    path, extracted = found
    stored = store_pdf(path)
    line_boxes = {str(number): [list(box) for box in boxes] for number, boxes in extracted.line_boxes.items()}
    PageImage.objects.update_or_create(issue=issue, defaults={
        "pdf_sha256": stored.sha256, "width": extracted.width, "height": extracted.height,
        "image_width": stored.image_size[0], "image_height": stored.image_size[1],
        "thumb_width": stored.thumb_size[0], "thumb_height": stored.thumb_size[1],
        "line_boxes": line_boxes,
    })
    lines = {item.position: (item.first_line, item.last_line) for item in parsed.articles}
    changed = []
    for article in issue.articles.exclude(parse_position=None):
        if article.region_cleared:
            continue
        positions = [article.parse_position, *article.absorbed_parse_positions]
        region = [rect for p in positions if p in lines for rect in lines_region(line_boxes, *lines[p])]
        warnings = [w for w in article.parse_warnings if w != NOT_FOUND] + ([] if region else [NOT_FOUND])
        if region != article.regions or warnings != article.parse_warnings:
            article.regions, article.parse_warnings = region, warnings
            changed.append(article)
    Article.objects.bulk_update(changed, ["regions", "parse_warnings"])


def region_of_lines(issue: Issue, first: int, last: int) -> list[list[float]]:
    """The region of the issue's text lines first..last (a split part); [] without a page PDF."""
    page = PageImage.objects.filter(issue=issue).only("line_boxes").first()
    return lines_region(page.line_boxes, first, last) if page and first and last else []


def clear_regions(articles) -> int:
    """Empty the articles' regions for good (staff found them wrong): re-loads leave them empty."""
    return articles.update(regions=[], region_cleared=True)
