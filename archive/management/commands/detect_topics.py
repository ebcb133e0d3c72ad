"""Recompute every article's topics (after changing the rules, or to repair counts)."""

from django.core.management.base import BaseCommand

from archive.topics import detect_all_topics


class Command(BaseCommand):
    help = "重新识别全部文章的主题（口号、领域、关键词），人工指定的主题保持不变"

    def handle(self, *args, **options) -> None:
        def progress(done: int, total: int) -> None:
            if options["verbosity"] > 1:
                self.stdout.write(f"{done}/{total}")

        total = detect_all_topics(progress)
        self.stdout.write(self.style.SUCCESS(f"已识别 {total} 篇文章的主题"))
