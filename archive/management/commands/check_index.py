"""check_index: is every article in the search index, as the database has it, and nothing else?"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

SHOWN = 20  # ids listed per kind of difference


class Command(BaseCommand):
    help = "逐篇比较数据库与搜索索引（缺失、多余、过期、重复、待索引），--repair 一次写入修复。"

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="把有差异的文章重新写入索引（一次提交）")

    def handle(self, *args, **options):
        from archive.search.indexing import check_index, repair_index

        check = check_index()
        self.stdout.write(f"数据库 {check.articles} 篇，索引 {check.documents} 篇，待索引 {check.pending} 篇")
        labels = (("missing", "索引缺失"), ("extra", "索引多余"), ("stale", "索引过期"), ("duplicated", "索引重复"))
        for name, label in labels:
            ids = getattr(check, name)
            if ids:
                more = f" 等 {len(ids)} 篇" if len(ids) > SHOWN else ""
                self.stdout.write(f"{label} {len(ids)} 篇：{', '.join(map(str, ids[:SHOWN]))}{more}")
        if not check.differences and not check.pending:
            self.stdout.write("索引与数据库一致")
            return
        if not options["repair"]:
            raise CommandError("索引与数据库不一致；用 --repair 修复", returncode=1)
        written = repair_index(check)
        after = check_index()
        if after.differences or after.pending:
            raise CommandError(f"修复后仍有 {len(after.differences)} 篇不一致", returncode=1)
        self.stdout.write(f"已修复：重新写入 {written} 篇，索引与数据库一致")
