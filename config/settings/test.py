"""Test settings: everything in a throw-away data directory, fast password hashing.

The package's settings are read before this module runs, so every path made from the
data directory is made again here; tests never touch the development data in var/.
"""

import os
import tempfile
from pathlib import Path

from . import *  # noqa: F403
from . import DATABASES, HAYSTACK_CONNECTIONS

DATA_DIR = Path(os.environ.get("ARCHIVE_TEST_DATA_DIR") or tempfile.mkdtemp(prefix="archive-test-"))
os.environ["ARCHIVE_TEST_DATA_DIR"] = str(DATA_DIR)  # the same directory in processes started by tests

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["NAME"] = DATA_DIR / "archive.sqlite3"
STATIC_ROOT = DATA_DIR / "static"
WHOOSH_INDEX_PATH = DATA_DIR / "whoosh"
HAYSTACK_CONNECTIONS["default"]["PATH"] = str(WHOOSH_INDEX_PATH)
JIEBA_USER_DICT = DATA_DIR / "jieba_userdict.txt"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
