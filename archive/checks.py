"""Start-up checks: the archive's database must exist and be built before anything runs on it.

SQLite makes a new, empty file when asked to open one that is missing, so a deleted or
mislaid database would otherwise come back as an empty archive (every page a 500, or
worse, a site that looks as if nothing was ever loaded). The check looks at the file
before connecting, and at the applied migrations after; it runs with `manage.py check`,
before every management command and runserver (Django's system checks), and when a
WSGI server loads config.wsgi (`require_database`).
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.recorder import MigrationRecorder

from . import validation
from .models import Issue, Paper

# Commands that run before there is a database (the migration commands make it) or never
# open it (parse_issue reads a file; static files and messages are files too).
NO_DATABASE_COMMANDS = frozenset({
    "migrate", "makemigrations", "squashmigrations", "sqlmigrate", "showmigrations", "optimizemigration",
    "parse_issue", "collectstatic", "findstatic", "diffsettings", "makemessages", "compilemessages",
})
HINT = (
    "新建档案请运行 manage.py migrate（make run 会先运行它）；恢复备份请先 migrate 再 import_archive；"
    "数据库若在别处，请设置 ARCHIVE_DATA_DIR 或 ARCHIVE_DB_PATH。"
)


def database_problem(alias: str = DEFAULT_DB_ALIAS) -> str | None:
    """What is wrong with the database (missing file, no tables, cannot connect), or None."""
    connection = connections[alias]
    if connection.vendor == "sqlite" and not connection.is_in_memory_db():
        path = Path(connection.settings_dict["NAME"])
        if not path.exists():
            return f"数据库文件不存在：{path}"
        if path.stat().st_size == 0:
            return f"数据库文件是空的（0 字节）：{path}"
    try:
        applied = MigrationRecorder(connection).applied_migrations()
    except DatabaseError as exc:
        return f"无法打开数据库 {connection.settings_dict['NAME']}：{exc}"
    if not any(app == "archive" for app, _ in applied):
        return f"数据库 {connection.settings_dict['NAME']} 中还没有档案的表（从未运行 migrate）"
    return None


def _needs_no_database() -> bool:
    return len(sys.argv) > 1 and sys.argv[1] in NO_DATABASE_COMMANDS


@register()  # untagged, so a plain `manage.py check` runs it too
def check_database(app_configs=None, **kwargs) -> list[CheckMessage]:
    if _needs_no_database():
        return []
    problem = database_problem()
    return [Error(problem, hint=HINT, id="archive.E001")] if problem else []


@register(Tags.database)  # reads the tables: `manage.py check --database default`
def check_stored_values(app_configs=None, databases=None, **kwargs) -> list[CheckMessage]:
    """Rows stored before validation existed that pages cannot show (their URLs cannot be built)."""
    if DEFAULT_DB_ALIAS not in (databases or ()) or database_problem():
        return []
    issues = Issue.objects.exclude(page__regex=rf"^{validation.PAGE_LABEL_PATTERN}$") | Issue.objects.exclude(
        date__range=(validation.FIRST_DATE, validation.last_date()))
    papers = [p for p in Paper.objects.all() if not _valid_paper_name(p.name)]
    found = [f"版面 #{i.pk}（{i.date} 第 {i.page[:20]!r} 版）" for i in issues.only("pk", "date", "page")[:20]]
    found += [f"报纸 #{p.pk}（{p.name[:40]!r}）" for p in papers[:20]]
    if not found:
        return []
    return [Warning(
        "库中有导入校验之前存入、如今不会被接受的数据：" + "；".join(found),
        hint="在管理后台改正这些版次、日期或报名，或删除后用 load_issues 重新导入。", id="archive.W001",
    )]


def _valid_paper_name(name: str) -> bool:
    try:
        return validation.paper_name(name) == name
    except validation.Refused:
        return False


def require_database() -> None:
    """For the WSGI entry point: refuse to serve without a built database."""
    problem = database_problem()
    connections.close_all()  # a server that forks workers must not share this connection
    if problem:
        raise ImproperlyConfigured(f"{problem}。{HINT}")
