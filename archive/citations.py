"""Citing an article: GB/T 7714-2015, RIS, BibTeX, CSL-JSON and the meta tags reference managers read.

Pure Python (no Django): a `Citation` holds what a reference needs, and each format is a
function of it, so every format says the same thing and each is tested on its own.
An item printed without a headline (a photo, a continued fragment) is cited under a
bracketed description — the cataloguer's convention for a supplied title — never under
the machine's stand-in as if it were printed.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field

GBT_MAX_AUTHORS = 3  # GB/T 7714-2015 8.1.2: the first three, then ",等"
LANGUAGE = "zh-CN"
# Characters BibTeX would read as markup, escaped so a value round-trips as printed.
_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "#": r"\#",
                   "$": r"\$", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


@dataclass(frozen=True)
class Citation:
    """One article as a reference: everything is text as printed, except the supplied title."""

    title: str  # the printed headline, or a bracketed description when there is none
    title_printed: bool
    newspaper: str
    date: datetime.date
    page: str  # the page label as printed (版次)
    url: str  # the canonical permalink, absolute
    key: str  # a stable id for the reference (the permalink id)
    authors: list[str] = field(default_factory=list)
    section: str = ""  # the column (栏目), or the page when there is none
    subtitle: str = ""
    accessed: datetime.date | None = None


def supplied_title(label: str) -> str:
    """A title the archive supplies for an untitled item, bracketed as cataloguers do: [图片，无题]."""
    return f"[{label}]"


def _one_line(text: str) -> str:
    return _CONTROL.sub(" ", text).strip()


def full_title(c: Citation) -> str:
    """Headline and subtitle joined the way GB/T 7714 joins other title information (':')."""
    title = _one_line(c.title)
    subtitle = _one_line(c.subtitle)
    return f"{title}:{subtitle}" if subtitle and c.title_printed else title


# GB/T 7714-2015 (4.5: 责任者.题名[N].报纸名,出版日期(版次).) --------------------------------
def _gbt_authors(authors: list[str]) -> str:
    names = [_one_line(a) for a in authors if _one_line(a)]
    if len(names) > GBT_MAX_AUTHORS:
        return ",".join(names[:GBT_MAX_AUTHORS]) + ",等"
    return ",".join(names)


def gbt7714(c: Citation) -> str:
    """The print reference, e.g. 王明.市政府召开常务会议[N].衡阳晚报,2023-03-23(1)."""
    authors = _gbt_authors(c.authors)
    head = f"{authors}." if authors else ""
    return f"{head}{full_title(c)}[N].{_one_line(c.newspaper)},{c.date.isoformat()}({_one_line(c.page)})."


def gbt7714_online(c: Citation) -> str:
    """The same reference read online ([N/OL], with the date cited and the permalink)."""
    authors = _gbt_authors(c.authors)
    head = f"{authors}." if authors else ""
    accessed = f"[{c.accessed.isoformat()}]" if c.accessed else ""
    return (f"{head}{full_title(c)}[N/OL].{_one_line(c.newspaper)},{c.date.isoformat()}({_one_line(c.page)})"
            f"{accessed}.{c.url}.")


# RIS -----------------------------------------------------------------------------------------------
def ris(c: Citation) -> str:
    """A RIS record of type NEWS (one tag per line, 'TAG  - value', ending with 'ER  - ')."""
    lines = [("TY", "NEWS"), ("TI", full_title(c))]
    lines += [("AU", _one_line(a)) for a in c.authors if _one_line(a)]
    lines += [
        ("T2", _one_line(c.newspaper)),
        ("PY", str(c.date.year)),
        ("DA", c.date.strftime("%Y/%m/%d")),
        ("SP", _one_line(c.page)),
    ]
    if c.section:
        lines.append(("SE", _one_line(c.section)))
    if not c.title_printed:
        lines.append(("N1", "原文无标题，题名为档案馆所加"))
    lines += [("UR", c.url), ("LA", LANGUAGE), ("DB", "衡阳报纸档案馆"), ("ID", c.key)]
    return "\r\n".join(f"{tag}  - {value}" for tag, value in lines) + "\r\nER  - \r\n"


# BibTeX --------------------------------------------------------------------------------------------
def bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in _one_line(text))


def bibtex_key(c: Citation) -> str:
    return "hy" + c.date.strftime("%Y%m%d") + re.sub(r"[^0-9A-Za-z]", "", c.key)


def bibtex(c: Citation) -> str:
    """A biblatex-style @article with entrysubtype newspaper (what Zotero and JabRef import as one)."""
    fields = [("title", full_title(c))]
    if c.authors:
        # Braced: a Chinese name is one unit, not "family, given" to be re-ordered.
        fields.append(("author", " and ".join("{" + bibtex_escape(a) + "}" for a in c.authors if _one_line(a))))
    fields += [
        ("journal", c.newspaper),
        ("entrysubtype", "newspaper"),
        ("date", c.date.isoformat()),
        ("year", str(c.date.year)),
        ("month", str(c.date.month)),
        ("day", str(c.date.day)),
        ("pages", c.page),
    ]
    if c.section:
        fields.append(("section", c.section))
    fields += [("url", c.url), ("langid", "chinese")]
    if not c.title_printed:
        fields.append(("note", "原文无标题，题名为档案馆所加"))
    body = ",\n".join(
        f"  {name} = {{{value if name == 'author' else bibtex_escape(value)}}}" for name, value in fields
    )
    return f"@article{{{bibtex_key(c)},\n{body}\n}}\n"


# CSL-JSON ------------------------------------------------------------------------------------------
def csl_item(c: Citation) -> dict:
    """One CSL-JSON item of type article-newspaper (names as literals: no family/given guess)."""
    item: dict = {
        "id": c.key,
        "type": "article-newspaper",
        "title": full_title(c),
        "container-title": _one_line(c.newspaper),
        "issued": {"date-parts": [[c.date.year, c.date.month, c.date.day]]},
        "page": _one_line(c.page),
        "URL": c.url,
        "language": LANGUAGE,
    }
    if c.section:
        item["section"] = _one_line(c.section)
    if c.authors:
        item["author"] = [{"literal": _one_line(a)} for a in c.authors if _one_line(a)]
    if c.accessed:
        item["accessed"] = {"date-parts": [[c.accessed.year, c.accessed.month, c.accessed.day]]}
    if not c.title_printed:
        item["note"] = "原文无标题，题名为档案馆所加"
    return item


def csl_json(c: Citation) -> str:
    """A CSL-JSON document: a list of items, as citeproc and Zotero read it."""
    return json.dumps([csl_item(c)], ensure_ascii=False, indent=2)


# Embedded metadata ---------------------------------------------------------------------------------
def meta_tags(c: Citation) -> list[tuple[str, str]]:
    """(name, content) pairs: Highwire Press citation_* and Dublin Core, read by Zotero as a newspaper article."""
    tags = [("citation_title", full_title(c))]
    tags += [("citation_author", _one_line(a)) for a in c.authors if _one_line(a)]
    tags += [
        ("citation_publication_date", c.date.strftime("%Y/%m/%d")),
        ("citation_date", c.date.strftime("%Y/%m/%d")),
        ("citation_journal_title", _one_line(c.newspaper)),
        ("citation_firstpage", _one_line(c.page)),
        ("citation_language", LANGUAGE),
        ("citation_public_url", c.url),
        ("DC.type", "newspaperArticle"),
        ("DC.title", full_title(c)),
    ]
    tags += [("DC.creator", _one_line(a)) for a in c.authors if _one_line(a)]
    tags += [
        ("DC.date", c.date.isoformat()),
        ("DC.source", _one_line(c.newspaper)),
        ("DC.relation.isPartOf", _one_line(c.newspaper)),
        ("DC.identifier", c.url),
        ("DC.language", LANGUAGE),
    ]
    if c.section:
        tags.append(("citation_section", _one_line(c.section)))
    return tags


FORMATS = {
    # name → (function, media type, file extension)
    "ris": (ris, "application/x-research-info-systems", "ris"),
    "bib": (bibtex, "application/x-bibtex", "bib"),
    "json": (csl_json, "application/vnd.citationstyles.csl+json", "json"),
}
