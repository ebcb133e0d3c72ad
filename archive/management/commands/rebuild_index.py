"""rebuild_index: the whole search index written anew, replacing the old one in one commit.

Takes the place of haystack's command of the same name (the archive app comes first in
INSTALLED_APPS), which empties the index before filling it again: the archive would have
nothing to search for the minutes a rebuild takes. Here searches go on using the old
index until the new one is complete. `--noinput` is accepted, as haystack's command takes it.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "重建整个搜索索引；新索引写完后一次替换旧索引，重建期间照常可以搜索。"

    def add_arguments(self, parser):
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="不询问（本命令本来就不询问，保留此选项以兼容 haystack）")

    def handle(self, *args, **options):
        from archive.search.connection import get_holder
        from archive.search.indexing import rebuild

        started = time.perf_counter()
        written = rebuild(get_holder())
        if options["verbosity"] >= 1:
            seconds = time.perf_counter() - started
            self.stdout.write(f"搜索索引已重建：{written} 篇文章，用时 {seconds:.1f} 秒")
