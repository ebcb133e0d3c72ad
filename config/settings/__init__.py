"""Settings for the Hengyang newspaper archive.

Everything that differs between a laptop, CI and a server comes from environment
variables, with defaults that are safe to run: DEBUG is off unless asked for, the
database and the search index live in one data directory, and outside development
the secret key must be given.
"""

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# "development" (the default: make run, tests) or "production".
ENVIRONMENT = os.environ.get("ARCHIVE_ENV", "development")
DEBUG = env_bool("DJANGO_DEBUG", False)

DATA_DIR = Path(os.environ.get("ARCHIVE_DATA_DIR", BASE_DIR / "var"))
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    key = os.environ.get("DJANGO_SECRET_KEY")
    if key:
        return key
    if ENVIRONMENT == "production":
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when ARCHIVE_ENV=production")
    # Development: one random key per data directory, so sessions survive restarts.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "archive",  # before haystack: its rebuild_index command replaces haystack's
    "haystack",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "archive.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite by default; DATABASE_URL-style settings for PostgreSQL at scale.
if os.environ.get("ARCHIVE_DB_ENGINE", "sqlite") == "postgresql":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ.get("ARCHIVE_DB_NAME", "archive"),
            "USER": os.environ.get("ARCHIVE_DB_USER", ""),
            "PASSWORD": os.environ.get("ARCHIVE_DB_PASSWORD", ""),
            "HOST": os.environ.get("ARCHIVE_DB_HOST", ""),
            "PORT": os.environ.get("ARCHIVE_DB_PORT", ""),
        }
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("ARCHIVE_DB_PATH", DATA_DIR / "archive.sqlite3"),
            # Concurrent writers (loads, admin saves) queue instead of failing with "database is
            # locked": each transaction takes the write lock as it begins, readers never block (WAL).
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE = ENVIRONMENT == "production"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

LOGIN_URL = "admin:login"

# Search: haystack over Whoosh with the archive's jieba analyzer.
WHOOSH_INDEX_PATH = Path(os.environ.get("ARCHIVE_WHOOSH_PATH", DATA_DIR / "whoosh"))
HAYSTACK_CONNECTIONS = {
    "default": {
        # haystack's Whoosh backend with jieba words, character bigrams, one writer and a kept searcher.
        "ENGINE": "archive.search.backend.ArchiveWhooshEngine",
        "PATH": str(WHOOSH_INDEX_PATH),
    }
}
HAYSTACK_SEARCH_RESULTS_PER_PAGE = 20
# Saving an article (or a person, topic, appearance …) re-indexes what it shows in.
HAYSTACK_SIGNAL_PROCESSOR = "archive.search.indexing.ArchiveSignalProcessor"
# The user dictionary jieba loads in every process (learned names and slogans).
JIEBA_USER_DICT = DATA_DIR / "jieba_userdict.txt"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "archive": {"handlers": ["console"], "level": os.environ.get("ARCHIVE_LOG_LEVEL", "INFO")},
        "django.request": {"handlers": ["console"], "level": "ERROR"},
    },
}
