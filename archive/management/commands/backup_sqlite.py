"""backup_sqlite FILE: a consistent copy of the live SQLite database, taken while the site runs."""

import sqlite3
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection


class Command(BaseCommand):
    help = "在网站运行时复制一份一致的 SQLite 数据库（SQLite 在线备份接口），搜索索引可随时重建，不必备份。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("target", type=Path, help="备份文件（不能已存在）")

    def handle(self, *args, **options) -> None:
        if connection.vendor != "sqlite":
            raise CommandError("数据库不是 SQLite：请用数据库自己的备份工具（如 pg_dump），或 export_archive")
        target: Path = options["target"]
        if target.exists():
            raise CommandError(f"{target} 已存在，不会覆盖")
        source = sqlite3.connect(Path(connection.settings_dict["NAME"]).resolve().as_uri() + "?mode=ro", uri=True)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)  # page by page; writers may go on meanwhile
        except sqlite3.Error as exc:
            copy.close()
            target.unlink(missing_ok=True)
            raise CommandError(f"备份失败：{exc}") from exc
        finally:
            source.close()
        copy.close()
        self.stdout.write(f"已备份到 {target}（{target.stat().st_size:,} 字节）")
