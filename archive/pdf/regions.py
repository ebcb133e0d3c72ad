"""An article's region on its page: the boxes of its text lines, joined into one rectangle per
column run. The boxes are those the PDF reader kept for each extracted line, so a region is
found by the article's printed lines themselves (its headline, byline and paragraphs), never
guessed: an article whose lines have no boxes gets no region."""

from __future__ import annotations

Rect = list[float]


def lines_region(line_boxes: dict[str, list], first: int, last: int) -> list[Rect]:
    """The rectangles covering text lines first..last (1-based, inclusive)."""
    boxes = [box for number in range(first, last + 1) for box in line_boxes.get(str(number), ())]
    return join_boxes(boxes)


def join_boxes(boxes: list) -> list[Rect]:
    """Boxes in reading order → rectangles: a box directly below the last one, in the same
    column, widens it; any other starts a new one."""
    rects: list[Rect] = []
    for x0, top, x1, bottom in boxes:
        if rects:
            last = rects[-1]
            height = bottom - top
            same_column = x0 < last[2] and x1 > last[0]
            if same_column and -height <= top - last[3] <= 1.5 * height:
                last[0], last[2], last[3] = min(last[0], x0), max(last[2], x1), max(last[3], bottom)
                continue
        rects.append([x0, top, x1, bottom])
    return [[round(v, 1) for v in rect] for rect in rects]


def union(*regions: list[Rect]) -> list[Rect]:
    """Several articles' regions as one (a merge), without repeating a rectangle."""
    out: list[Rect] = []
    for region in regions:
        out.extend(rect for rect in region if rect not in out)
    return out
