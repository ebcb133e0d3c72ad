"""An article's citation: the Citation the page's cite box and meta tags show, and its downloads."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from .. import citations
from ..models import Appearance, Article
from ..queries import issues as q
from ..queries.people import CREDIT_ROLES


def citation_of(article: Article, request: HttpRequest, credits: list[Appearance] | None = None) -> citations.Citation:
    """The reference for an article: its credited reporters and photographers are the authors."""
    if credits is None:
        credits = [a for a in article.appearances.all() if a.role in CREDIT_ROLES]
    issue = article.issue
    return citations.Citation(
        title=article.title or citations.supplied_title(article.standin_label),
        title_printed=bool(article.title),
        subtitle=article.subtitle,
        newspaper=issue.paper.name,
        date=issue.date,
        page=issue.page,
        section=article.column,
        url=request.build_absolute_uri(article.get_absolute_url()),
        key=article.uid,
        authors=[a.person.name for a in credits],
        accessed=timezone.localdate(),
    )


def download(request: HttpRequest, uid: str, fmt: str) -> HttpResponse:
    """The citation as a file a reference manager imports (RIS, BibTeX or CSL-JSON)."""
    if fmt not in citations.FORMATS:
        raise Http404("没有这种引用格式")
    article = q.article_by_uid(uid)
    if article is None:
        target = q.redirected_uid(uid)
        if target is None:
            raise Http404("没有这篇文章")
        return redirect("archive:article_cite", uid=target, fmt=fmt, permanent=True)
    render, media_type, extension = citations.FORMATS[fmt]
    response = HttpResponse(render(citation_of(article, request)), content_type=f"{media_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{article.uid}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
