"""Multi-column page PDFs made from extracted-text pages, as an e-paper system prints them.

Each paragraph of the text (one line between blank lines) is set in a column of a CJK
TrueType font from Debian (WenQuanYi Micro Hei): `#` lines large and bold, `##` lines
larger than the body and bold, `**…**` runs of body text bold, body paragraphs with a
two-character indent and extra space after them. Text flows down the columns and on to the
next, so column breaks split sentences, as on the printed page; a headline is never split
across columns. A photo is an image block set before the lines that caption it. The bold
face is the regular one under a name that says Bold, drawn filled and stroked.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

FONT_FILE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
REGULAR, BOLD = "ArchiveTestRegular", "ArchiveTestBold"
PAGE = (842.0, 1191.0)  # A3 in points
MARGIN = 36.0
GUTTER = 18.0
STYLES = {0: (9.0, 13.0), 2: (14.0, 19.0), 1: (20.0, 27.0)}  # level → (size, leading)
PARAGRAPH_SPACE = 8.0
PHOTO_HEIGHT = 120.0


@dataclass
class Placed:
    """One printed line of the made PDF: the source text line it comes from and its box (top left)."""

    source_line: int
    box: tuple[float, float, float, float]


def register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if REGULAR in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_FILE), subfontIndex=0))
    bold = TTFont(BOLD, str(FONT_FILE), subfontIndex=0)
    bold.face.name = bold.face.name + b"-Bold"
    pdfmetrics.registerFont(bold)


def _runs(line: str) -> tuple[int, list[tuple[str, bool]]]:
    """(level, [(text, bold)]) of one extracted-text line."""
    heading = re.match(r"^(#+)\s*", line)
    if heading:
        return min(len(heading.group(1)), 2), [(line[heading.end():].replace("**", ""), True)]
    parts = line.split("**")
    return 0, [(part, i % 2 == 1) for i, part in enumerate(parts) if part]


def make_page_pdf(text: str, path: Path, columns: int = 4, photos_before: frozenset[int] = frozenset()) -> list[Placed]:
    """Write `text` as a page PDF at `path`; returns where each printed line went.

    `photos_before`: 1-based text line numbers that get an image block set above them.
    A page that does not fit continues in further columns to the right (a wider page).
    """
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    register_fonts()
    width = (PAGE[0] - 2 * MARGIN - (columns - 1) * GUTTER) / columns
    paragraphs = []  # (source line, level, runs, tight)
    previous_blank = True
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            previous_blank = True
            continue
        level, runs = _runs(raw)
        paragraphs.append((number, level, runs, not previous_blank))
        previous_blank = False

    def wrap(level, runs, tight):
        size, _ = STYLES[level]
        indent = 2 * size if level == 0 and not tight else 0.0
        lines, current, used = [], [], indent
        for run_text, bold in runs:
            font = BOLD if bold else REGULAR
            for char in run_text:
                advance = stringWidth(char, font, size)
                if used + advance > width and current:
                    lines.append(current)
                    current, used = [], 0.0
                current.append((char, font, advance))
                used += advance
        if current:
            lines.append(current)
        return indent, lines

    placed: list[Placed] = []
    draws = []  # (column, y top, x offset, chars, size) or ("photo", column, top)
    column, y = 0, MARGIN
    bottom = PAGE[1] - MARGIN
    for number, level, runs, tight in paragraphs:
        size, leading = STYLES[level]
        indent, lines = wrap(level, runs, tight)
        if number in photos_before:
            if y + PHOTO_HEIGHT > bottom:
                column, y = column + 1, MARGIN
            draws.append(("photo", column, y))
            y += PHOTO_HEIGHT + PARAGRAPH_SPACE
        if level and y + leading * len(lines) > bottom:
            column, y = column + 1, MARGIN
        for index, chars in enumerate(lines):
            if y + leading > bottom:
                column, y = column + 1, MARGIN
            x_offset = indent if index == 0 else 0.0
            draws.append(("text", column, y, x_offset, chars, size, leading))
            x0 = MARGIN + column * (width + GUTTER) + x_offset
            placed.append(Placed(number, (x0, y, x0 + sum(c[2] for c in chars), y + leading)))
            y += leading
        next_tight = any(p[0] == number + 1 and p[3] for p in paragraphs)
        y += 0 if next_tight else PARAGRAPH_SPACE

    page_width = max(PAGE[0], MARGIN * 2 + (column + 1) * (width + GUTTER) - GUTTER)
    pdf = canvas.Canvas(str(path), pagesize=(page_width, PAGE[1]))
    photo = ImageReader(io.BytesIO(_photo_png()))
    for draw in draws:
        if draw[0] == "photo":
            _, col, top = draw
            pdf.drawImage(photo, MARGIN + col * (width + GUTTER), PAGE[1] - top - PHOTO_HEIGHT, width, PHOTO_HEIGHT)
            continue
        _, col, top, x_offset, chars, size, leading = draw
        x = MARGIN + col * (width + GUTTER) + x_offset
        baseline = PAGE[1] - top - leading + (leading - size) / 2 + 0.15 * size
        for char, font, advance in chars:
            drawn = pdf.beginText(x, baseline)
            drawn.setFont(font, size)
            drawn.setTextRenderMode(2 if font == BOLD else 0)
            drawn.textOut(char)
            pdf.drawText(drawn)
            x += advance
    pdf.showPage()
    pdf.save()
    return placed


def _photo_png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (160, 120), (120, 140, 160))
    ImageDraw.Draw(image).ellipse((40, 20, 120, 100), fill=(200, 180, 120))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def make_scan_pdf(path: Path) -> None:
    """A page PDF that is only an image (a scan): no text layer."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=PAGE)
    pdf.drawImage(ImageReader(io.BytesIO(_photo_png())), MARGIN, MARGIN, PAGE[0] - 2 * MARGIN, PAGE[1] - 2 * MARGIN)
    pdf.showPage()
    pdf.save()
