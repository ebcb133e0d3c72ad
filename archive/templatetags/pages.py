"""The printed page in the reading pages: the page image with its article regions, an article's
clipping, front-page thumbnails, and 原版图像未收录 where a page was loaded from text alone."""

from __future__ import annotations

from django import template
from django.urls import reverse

from ..models import Article, Issue, PageImage
from ..queries import issues as q
from ..views.pages import file_url

register = template.Library()


def page_of(issue: Issue) -> PageImage | None:
    try:
        return issue.page_image
    except PageImage.DoesNotExist:
        return None


def _rects(regions: list) -> list[dict]:
    return [{"x": r[0], "y": r[1], "width": round(r[2] - r[0], 1), "height": round(r[3] - r[1], 1)} for r in regions]


@register.inclusion_tag("archive/_page_image.html")
def page_view(issue: Issue, articles) -> dict:
    """The page image, an SVG whose viewBox is the page in PDF points, each region a link."""
    page = page_of(issue)
    if page is None:
        return {"page": None}
    return {
        "page": page,
        "image_url": file_url(page.pdf_sha256, "image"),
        "pdf_url": file_url(page.pdf_sha256, "pdf"),
        "manifest_url": reverse("archive:iiif_manifest", args=[issue.paper.slug, issue.date, issue.page]),
        "regions": [{"article": a, "rects": _rects(a.regions)} for a in articles if a.regions],
    }


@register.inclusion_tag("archive/_article_clip.html")
def article_clip(article: Article, photo: bool = False) -> dict:
    """The article's region cut from the page, one piece per rectangle (column), in reading order."""
    page = page_of(article.issue)
    return {
        "page": page,
        "photo": photo,
        "image_url": file_url(page.pdf_sha256, "image") if page else "",
        "pieces": _rects(article.regions) if page else [],
        "article": article,
    }


@register.inclusion_tag("archive/_page_thumb.html")
def page_thumb(issue: Issue) -> dict:
    page = page_of(issue)
    return {"issue": issue, "page": page, "thumb_url": file_url(page.pdf_sha256, "thumb") if page else ""}


@register.inclusion_tag("archive/_front_pages.html")
def month_front_pages(year: int, month: int) -> dict:
    """The month's front pages that have an image, as thumbnails (the calendar gives the rest)."""
    return {"issues": [
        {"issue": issue, "page": issue.page_image, "thumb_url": file_url(issue.page_image.pdf_sha256, "thumb")}
        for issue in q.front_pages_with_images(year, month)
    ]}
