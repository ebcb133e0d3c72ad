"""Test settings: everything in a throw-away data directory, fast password hashing."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("ARCHIVE_DATA_DIR", tempfile.mkdtemp(prefix="archive-test-"))

from . import *  # noqa: E402,F403
from . import DATA_DIR  # noqa: E402

WHOOSH_INDEX_PATH = Path(DATA_DIR) / "whoosh"
HAYSTACK_CONNECTIONS["default"]["PATH"] = str(WHOOSH_INDEX_PATH)  # noqa: F405
JIEBA_USER_DICT = Path(DATA_DIR) / "jieba_userdict.txt"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
