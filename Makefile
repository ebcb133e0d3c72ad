# make run  — build everything, load and index the seeds, serve http://127.0.0.1:8000
# make test — the same set-up, then the whole test suite (ruff + pytest, browser tests included)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements.stamp
HOST ?= 127.0.0.1
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: venv data run browser test bench clean

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
# Playwright's own browser download is not used.
browser:
	@{ command -v chromium >/dev/null 2>&1 && fc-list :lang=zh | grep -q .; } || { \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		$(SUDO) apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; }

test: data browser
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

bench: venv
	$(PY) bench/search.py 10000

clean:
	rm -rf $(VENV) var
