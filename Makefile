# make run   — build everything, load and index the seeds, serve http://127.0.0.1:8000 (development)
# make test  — the same set-up, then the whole test suite (ruff + pytest, browser tests included),
#              and the suite again on a throw-away PostgreSQL cluster (browser tests left out)
# make serve — the production set-up: gunicorn workers, WhiteNoise, hashed static files, ARCHIVE_ENV=production

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements.stamp
HOST ?= 127.0.0.1
PORT ?= 8000
DATA := $(or $(ARCHIVE_DATA_DIR),var)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Production as `make serve` runs it: the key kept in the data directory unless one is given.
PRODUCTION_ENV = ARCHIVE_ENV=production DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat $(DATA)/secret_key)}"

.PHONY: venv data run browser test test-sqlite test-postgres audit serve loadtest bench clean

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

venv: $(STAMP)

data: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_issues seeds/
	$(PY) manage.py rebuild_index --noinput

run: data
	$(PY) manage.py runserver --insecure $(HOST):$(PORT)

# Debian's chromium (and a Chinese font for screenshots) for the Playwright browser tests;
# Playwright's own browser download is not used. The same font sets the test page PDFs (tests/pdf).
browser:
	@{ command -v chromium >/dev/null 2>&1 && [ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; } || { \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		$(SUDO) apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; }

test: test-sqlite test-postgres

test-sqlite: data browser
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

# .ci/with-postgres installs Debian's PostgreSQL when missing and runs the command against a
# cluster of its own, deleted afterwards. The browser tests ran once already, on SQLite.
test-postgres: venv
	.ci/with-postgres $(PY) -m pytest -m "not browser"

# Known vulnerabilities in the pinned requirements (needs the package index's vulnerability data).
audit: venv
	$(VENV)/bin/pip-audit --requirement requirements.txt --no-deps --disable-pip --progress-spinner off

$(DATA)/secret_key:
	@mkdir -p $(DATA)
	@umask 077 && $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

serve: data $(DATA)/secret_key
	$(PRODUCTION_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(PRODUCTION_ENV) $(PY) manage.py check --deploy --fail-level WARNING
	$(PRODUCTION_ENV) ARCHIVE_BIND=$(HOST):$(PORT) $(VENV)/bin/gunicorn -c config/gunicorn.py config.wsgi

# wrk against `make serve` on loopback (see bench/loadtest.sh).
loadtest: venv
	bench/loadtest.sh

bench: venv
	$(PY) bench/search.py 10000

clean:
	rm -rf $(VENV) var
