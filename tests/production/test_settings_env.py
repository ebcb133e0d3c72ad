"""The settings as a server reads them: imported in a fresh process with the environment of a deployment."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SECRET = "prod-" + "k3y-Xq9" * 10


def run(code_or_args: str | list[str], env: dict[str, str], cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """A fresh interpreter with only these variables set (no test settings, no DATABASE_URL inherited)."""
    base = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    args = ["-c", code_or_args] if isinstance(code_or_args, str) else code_or_args
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=180,
        env={**base, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "config.settings", **env},
    )


def production(data_dir: Path, **extra: str) -> dict[str, str]:
    return {"ARCHIVE_ENV": "production", "DJANGO_SECRET_KEY": SECRET, "ARCHIVE_DATA_DIR": str(data_dir), **extra}


SHOW = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({name: getattr(s, name, None) for name in [
    "DEBUG", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
    "DATABASE_ROUTERS"]} | {"static": s.STORAGES["staticfiles"]["BACKEND"], "databases": {
    alias: [db["ENGINE"], str(db["NAME"]), db.get("TEST", {}).get("MIRROR")] for alias, db in s.DATABASES.items()}}))
"""


def test_importing_the_settings_creates_nothing(tmp_path):
    data_dir = tmp_path / "not-yet"
    for env in ({"ARCHIVE_DATA_DIR": str(data_dir)}, production(data_dir)):
        result = run("import config.settings", env, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert not data_dir.exists()
        assert list(tmp_path.iterdir()) == []


def test_manage_py_prepares_the_data_directory(tmp_path):
    data_dir = tmp_path / "data"
    # diffsettings needs no database: the directory is made all the same, and nothing in it
    result = run([str(ROOT / "manage.py"), "diffsettings"], {"ARCHIVE_DATA_DIR": str(data_dir)})
    assert result.returncode == 0, result.stderr
    assert data_dir.is_dir() and list(data_dir.iterdir()) == []  # the directory only: no key file


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run("import config.settings", {"ARCHIVE_ENV": "production", "ARCHIVE_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_an_unknown_environment_is_refused(tmp_path):
    result = run("import config.settings", {"ARCHIVE_ENV": "prod", "ARCHIVE_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0 and "ARCHIVE_ENV must be development or production" in result.stderr


def test_production_settings(tmp_path):
    result = run(SHOW, production(tmp_path))
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False
    assert values["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]  # no testserver
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SECURE_HSTS_SECONDS"] == 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is values["SECURE_HSTS_PRELOAD"] is True
    assert values["SESSION_COOKIE_SECURE"] is values["CSRF_COOKIE_SECURE"] is True
    assert values["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert values["DATABASE_ROUTERS"] == []


def test_development_settings_stay_plain(tmp_path):
    values = json.loads(run(SHOW, {"ARCHIVE_DATA_DIR": str(tmp_path)}).stdout)
    assert "testserver" in values["ALLOWED_HOSTS"]
    assert values["SECURE_SSL_REDIRECT"] is False and values["SECURE_HSTS_SECONDS"] == 0
    assert values["SECURE_PROXY_SSL_HEADER"] is None
    assert values["databases"] == {"default": ["django.db.backends.sqlite3", str(tmp_path / "archive.sqlite3"), None]}


def test_database_url_and_read_replicas(tmp_path):
    env = production(
        tmp_path, DATABASE_URL="postgresql://archive:pw@db1.internal:5432/archive",
        DATABASE_REPLICA_URLS="postgresql://archive:pw@db2.internal/archive, postgresql://archive:pw@db3.internal/archive",
    )
    values = json.loads(run(SHOW, env).stdout)
    assert values["databases"] == {
        "default": ["django.db.backends.postgresql", "archive", None],
        "replica1": ["django.db.backends.postgresql", "archive", "default"],
        "replica2": ["django.db.backends.postgresql", "archive", "default"],
    }
    assert values["DATABASE_ROUTERS"] == ["archive.db_router.PrimaryReplicaRouter"]


def test_check_deploy_is_clean_in_production(tmp_path):
    env = production(tmp_path)
    for command in (["migrate", "--noinput"], ["rebuild_index", "--noinput"]):  # a database and an index to check
        assert run([str(ROOT / "manage.py"), *command], env).returncode == 0
    result = run([str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_flags_the_development_settings(tmp_path):
    result = run([str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
                 {"ARCHIVE_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W009", "security.W012", "security.W016"):
        assert warning in result.stderr


SERVE = """
import django, hashlib, json
django.setup()
from django.test import Client
from django.contrib.staticfiles.storage import staticfiles_storage
client = Client()
plain = client.get("/", HTTP_HOST="localhost")
secure = client.get("/", HTTP_HOST="localhost", HTTP_X_FORWARDED_PROTO="https")
css = staticfiles_storage.url("archive/site.css")
static = client.get(css, HTTP_HOST="localhost", HTTP_X_FORWARDED_PROTO="https")
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location")],
    "secure": [secure.status_code, secure.get("Strict-Transport-Security"), secure.get("Content-Security-Policy")],
    "css": css,
    "static": [static.status_code, static.get("Cache-Control"),
               hashlib.sha256(b"".join(static.streaming_content)).hexdigest()],
    "testserver": client.get("/", HTTP_X_FORWARDED_PROTO="https").status_code,
}))
"""


def test_production_serves_hashed_static_files_over_https_only(tmp_path):
    env = production(tmp_path)
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        done = run([str(ROOT / "manage.py"), *command], env)
        assert done.returncode == 0, done.stderr
    result = run(SERVE, env)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["plain"] == [301, "https://localhost/"]
    status, hsts, csp = values["secure"]
    assert status == 200
    assert hsts == "max-age=31536000; includeSubDomains; preload"
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp
    assert values["css"].startswith("/static/archive/site.") and values["css"] != "/static/archive/site.css"
    status, cache, digest = values["static"]
    assert status == 200 and "max-age=315360000" in cache and "immutable" in cache
    assert digest == hashlib.sha256((ROOT / "static/archive/site.css").read_bytes()).hexdigest()
    assert values["testserver"] == 400  # not an allowed host in production
