"""`{{ text|full_width }}` for printed text, `{{ html|no_orphan }}` last on headlines (archive.typography)."""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from archive import typography

register = template.Library()


@register.filter
def full_width(text) -> str:
    return typography.full_width("" if text is None else str(text))


@register.filter
def no_orphan(value) -> SafeString:
    """Escapes plain text first; HTML already made safe (search marks) is kept as it is."""
    html = conditional_escape("" if value is None else value)
    return mark_safe(typography.no_orphan(str(html)))  # noqa: S308 — escaped text, marks and one span
