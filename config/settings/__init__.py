"""Settings for the Hengyang newspaper archive.

Everything that differs between a laptop, CI and a server comes from environment
variables, with defaults that are safe to run: DEBUG is off unless asked for, the
database and the search index live in one data directory, and outside development
the secret key must be given. `ARCHIVE_ENV=production` turns on what a public site
behind a TLS proxy needs (HSTS, SSL redirect, secure cookies, hashed static files).

Importing this module has no side effects: it creates no directory and no file
(`config.prepare` makes the data directory, for the commands that write there).
"""

import hashlib
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
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
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured(f"ARCHIVE_ENV must be development or production, not {ENVIRONMENT!r}")
PRODUCTION = ENVIRONMENT == "production"
DEBUG = env_bool("DJANGO_DEBUG", False)

DATA_DIR = Path(os.environ.get("ARCHIVE_DATA_DIR", BASE_DIR / "var"))


def _secret_key() -> str:
    key = os.environ.get("DJANGO_SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when ARCHIVE_ENV=production")
    # Development: derived from the data directory, so sessions survive restarts and no key
    # file is written; `check --deploy` rejects it, and production never uses it.
    return "django-insecure-dev-" + hashlib.sha256(str(DATA_DIR.resolve()).encode()).hexdigest()


SECRET_KEY = _secret_key()
# The test client's "testserver" only outside production.
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" + ("" if PRODUCTION else ",testserver"))
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "archive",  # before haystack: its rebuild_index command replaces haystack's
    "haystack",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "archive.db_router.PinToPrimaryMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
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

# SQLite in the data directory by default; DATABASE_URL (postgresql://user:password@host:port/name,
# or a unix socket directory as the host, percent-encoded) selects another database.
if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"], conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        )
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
# Read replicas (several app servers): DATABASE_REPLICA_URLS=url1,url2 — reads go to a replica,
# writes and everything after a write in the same request to the primary (archive/db_router.py).
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS", ""), start=1):
    DATABASES[f"replica{_number}"] = {
        **dj_database_url.parse(_url, conn_max_age=DATABASES["default"].get("CONN_MAX_AGE", 0)),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["archive.db_router.PrimaryReplicaRouter"] if len(DATABASES) > 1 else []

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
STATIC_ROOT = Path(os.environ.get("ARCHIVE_STATIC_ROOT", DATA_DIR / "static"))
# Production serves what collectstatic wrote, under hashed names (cached for a year) and
# compressed, through WhiteNoise; development serves the source folders as they change.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage" if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = not PRODUCTION

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE = PRODUCTION
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Production runs behind a TLS proxy that sets X-Forwarded-Proto (and drops a client's own):
# plain-HTTP requests are redirected, and browsers are told to use HTTPS for a year, on every
# subdomain, and may preload it (the archive's domain serves nothing over plain HTTP).
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", PRODUCTION)
# How many proxies in front of the site append to X-Forwarded-For (the client address the
# login limits count is the one the nearest of them saw); 0 reads the socket's address.
ARCHIVE_PROXY_COUNT = int(os.environ.get("ARCHIVE_PROXY_COUNT", 1 if PRODUCTION else 0))

# Every page, the admin included: scripts and styles from our own static files only (no
# inline script or style anywhere), nothing framed, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Login attempts (django-axes): five failures lock an account, and lock an address, for an
# hour; a success clears the count. Staff can unlock at once with `manage.py axes_reset`.
AUTHENTICATION_BACKENDS = [
    "archive.security.LoginLimitBackend",  # django-axes' backend
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("ARCHIVE_LOGIN_FAILURE_LIMIT", "5"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = 1  # hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "archive.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "archive.security.client_ip"

LOGIN_URL = "admin:login"

# The largest page file load_issues accepts, in bytes (default 5 MB): the text of a printed
# page is well under 100 KB, so a bigger file is a mistake, refused before it is read.
ARCHIVE_MAX_FILE_BYTES = int(os.environ.get("ARCHIVE_MAX_FILE_BYTES", 5 * 1024 * 1024))

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
