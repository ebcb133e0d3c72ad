"""`manage.py check`: the search index is there and can be read.

A missing or unreadable index does not stop the site (every page but search works, and
search says it is unavailable), so it is a warning: `migrate` and `runserver` go on (a
fresh install migrates before it builds the index), and `check` reports it.
"""

from __future__ import annotations

from django.core import checks

from .connection import get_holder


@checks.register("search")
def index_readable(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A warning when the search index is missing or cannot be read."""
    try:
        problem = get_holder().check()
    except Exception as error:  # the connection itself cannot be set up
        problem = f"the search index cannot be opened: {error!r}"
    if problem is None:
        return []
    return [checks.Warning(
        f"搜索索引不可用：{problem}",
        hint="运行 `manage.py rebuild_index --noinput` 重建索引。",
        id="archive.search.W001",
    )]
