"""The staff side of the archive: Chinese admin pages for every model, and the correction tools."""

from django.contrib import admin

from . import articles, history, indexing, issues, pages, people, reports, topics  # noqa: F401  (each module registers its models)

admin.site.site_header = "衡阳报纸档案 · 管理"
admin.site.site_title = "衡阳报纸档案管理"
admin.site.index_title = "档案管理"
