"""`{{ text|marked:request }}`: the article page marks what the reader searched for.

Search results link to articles with `?hl=<query>`; the article page passes the request
(whose `hl` parameter is that query) to this filter, which reads it as the search box does and marks every printed
occurrence of its terms (and the words they were found by). Everything is escaped.
"""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from archive.search.engine import highlight, syntax, translate

register = template.Library()


@register.filter
def marked(text, request=None) -> SafeString:
    text = "" if text is None else str(text)
    query = request.GET.get("hl", "") if request is not None else ""
    needles = translate.needles(syntax.parse(query[: syntax.MAX_QUERY_CHARS]))
    if not needles:
        return conditional_escape(text)
    return mark_safe(highlight.highlight(text, needles))  # noqa: S308 — escaped text and <mark> only
