"""Page images: what each PDF-loaded page keeps (read-only; the loader makes them)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html

from ..models import PageImage
from ..views.pages import file_url


@admin.register(PageImage)
class PageImageAdmin(admin.ModelAdmin):
    list_display = ("issue", "pdf_sha256", "image_width", "image_height")
    list_select_related = ("issue__paper",)
    search_fields = ("pdf_sha256",)
    fields = ("issue", "pdf_sha256", "files", "width", "height", "image_width", "image_height")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # made by load_issues from a page PDF

    @admin.display(description="文件")
    def files(self, page: PageImage) -> str:
        thumb = file_url(page.pdf_sha256, "thumb")
        return format_html('<a href="{}">PDF</a> · <a href="{}">版面图</a> · <img src="{}" alt="缩略图">',
                           file_url(page.pdf_sha256, "pdf"), file_url(page.pdf_sha256, "image"), thumb)
