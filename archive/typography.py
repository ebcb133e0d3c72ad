"""How printed text is shown: full-width punctuation inside Chinese, headlines without a lone last character.

Display only. The database keeps the text as printed (and as imported: many pages came
with half-width commas, 据了解,此次), the search index is built from that, and citations
quote it; the templates pass it through these functions on the way to the reader.
"""

from __future__ import annotations

import re

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Before a half-width mark, any of these says the sentence is Chinese: a character, Chinese
# punctuation, a closing quote.
CHINESE_BEFORE = re.compile(f"[{HAN}\u3000-\u303f\uff01-\uff60“”‘’]")
CHINESE_AFTER = re.compile(f"[{HAN}“‘]")
FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
MARK = re.compile(r" *([,;:?!]) *")
# A full stop only right after a character and before a break or more Chinese: 3.5, www.a.com, .NET stay.
FULL_STOP = re.compile(f"(?<=[{HAN}])\\.(?=$|\\s|[{HAN}“‘])")
BRACKETS = re.compile(r"\(([^()]*)\)")
HAS_HAN = re.compile(f"[{HAN}]")
# The last two characters of a headline's HTML, then closing punctuation and closing tags.
LAST_CHARACTERS = re.compile(f"([{HAN}\\w][{HAN}])([^\\w<>&]*(?:</[a-z]+>)*)$")


def full_width(text: str) -> str:
    """Half-width , ; : ? ! . ( ) that stand in Chinese text, in their full-width forms.

    A mark counts as Chinese when a Chinese character (or Chinese punctuation) stands just
    before it, or a Chinese character just after it; spaces around it go, as the full-width
    form carries its own. Between digits or Latin letters (10:30, 3,000, a.com) it stays.
    """
    if not HAS_HAN.search(text):
        return text

    def mark(match: re.Match) -> str:
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if CHINESE_BEFORE.match(before) or CHINESE_AFTER.match(after):
            return FULL_WIDTH[match[1]]
        return match[0]

    text = MARK.sub(mark, text)
    text = FULL_STOP.sub("。", text)
    return BRACKETS.sub(lambda m: f"（{m[1]}）" if HAS_HAN.search(m[1]) else m[0], text)


def no_orphan(html: str) -> str:
    """The headline's last two characters kept on one line (a nowrap span), so no line holds one alone.

    `html` is escaped text, perhaps with search marks. Browsers may break a line between any
    two Chinese characters; text-wrap: balance (site.css) evens the lines where it is
    supported, this keeps the last two together everywhere. A span, not a joining character,
    so the text (its accessible name, find in page, copying) stays as it is. Punctuation after
    them already travels with them (no line starts with 。 or ”).
    """
    return LAST_CHARACTERS.sub(r'<span class="nobr">\1</span>\2', html, count=1)
