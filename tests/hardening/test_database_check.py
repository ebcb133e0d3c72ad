"""A missing or empty database stops every command and the server with the reason; migrate still creates one."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys

import pytest
from django.core.management import call_command

from .conftest import ROOT

# The test run's own data directory and database choice are not the subprocesses' (a fresh SQLite one is).
OWN_SETTINGS = ("ARCHIVE_TEST_DATA_DIR", "ARCHIVE_DB_PATH", "ARCHIVE_WHOOSH_PATH", "ARCHIVE_DB_ENGINE", "DATABASE_URL")


def environment(data_dir, **env: str) -> dict[str, str]:
    values = {k: v for k, v in os.environ.items() if k not in OWN_SETTINGS}
    values.update(DJANGO_SETTINGS_MODULE="config.settings", ARCHIVE_DATA_DIR=str(data_dir), **env)
    return values


def manage(data_dir, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment(data_dir, **env),
                          capture_output=True, text=True, timeout=180)


def test_missing_database_fails_check_commands_and_server_without_creating_it(tmp_path):
    database = tmp_path / "archive.sqlite3"
    for args in (("check",), ("load_issues", "seeds/"), ("runserver", "--noreload", "127.0.0.1:8107")):
        result = manage(tmp_path, *args)
        assert result.returncode == 1, args
        assert "archive.E001" in result.stderr and f"数据库文件不存在：{database}" in result.stderr
        assert "Traceback" not in result.stderr
        assert not database.exists()


def test_wsgi_refuses_to_start_without_a_database(tmp_path):
    result = subprocess.run([sys.executable, "-c", "import config.wsgi"], cwd=ROOT, env=environment(tmp_path),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "ImproperlyConfigured: 数据库文件不存在" in result.stderr
    assert not (tmp_path / "archive.sqlite3").exists()


def test_empty_file_and_unmigrated_database_are_reported(tmp_path):
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    result = manage(tmp_path, "check", ARCHIVE_DB_PATH=str(empty))
    assert result.returncode == 1 and "数据库文件是空的（0 字节）" in result.stderr
    sqlite3.connect(tmp_path / "other.sqlite3").execute("create table t (x)").connection.commit()
    result = manage(tmp_path, "check", ARCHIVE_DB_PATH=str(tmp_path / "other.sqlite3"))
    assert result.returncode == 1 and "还没有档案的表" in result.stderr


@pytest.mark.django_db
def test_the_test_database_passes_the_check():
    call_command("check", stdout=open(os.devnull, "w"))


@pytest.mark.django_db
def test_rows_stored_before_validation_are_reported():
    from archive.models import Issue, Paper

    paper = Paper.objects.create(name="衡阳\x07晚报", slug="legacy")
    issue = Issue.objects.create(paper=paper, date="2023-08-19", page="1/2", date_confidence="given",
                                 source_name="old.txt", sha256="0" * 64, encoding="utf-8", raw_text="旧")
    Issue.objects.create(paper=paper, date="9999-12-31", page="1", date_confidence="given",
                         source_name="old2.txt", sha256="1" * 64, encoding="utf-8", raw_text="旧")
    err = io.StringIO()
    call_command("check", databases=["default"], stdout=io.StringIO(), stderr=err)
    assert "archive.W001" in err.getvalue()
    assert f"版面 #{issue.pk}（2023-08-19 第 '1/2' 版）" in err.getvalue()
    assert "9999-12-31" in err.getvalue() and "'衡阳\\x07晚报'" in err.getvalue()
