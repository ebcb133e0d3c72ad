#!/usr/bin/env bash
# Load test: gunicorn as `make serve` runs it (production settings, several workers, WhiteNoise),
# driven by wrk on loopback with a mix of pages and searches; bounded in time and connections.
#
#   bench/loadtest.sh [ARTICLES]     (default 10000; 0 = the five seed pages only)
#
# Environment: LOADTEST_PORT (8106), LOADTEST_SECONDS (30), LOADTEST_CONNECTIONS (8),
# LOADTEST_THREADS (2), LOADTEST_WARMUP (10 s, untimed), WEB_CONCURRENCY (gunicorn workers; config/gunicorn.py's default),
# LOADTEST_DATA_DIR (kept and reused; default /tmp/archive-loadtest-ARTICLES).
# The archive is made once (bench/search.py's synthetic corpus, or the seeds) and reused.
# Prints wrk's report and one JSON line, which also goes to bench/results/loadtest-ARTICLES.json.
set -euo pipefail
cd "$(dirname "$0")/.."

ARTICLES="${1:-10000}"
PORT="${LOADTEST_PORT:-8106}"
SECONDS_="${LOADTEST_SECONDS:-30}"
CONNECTIONS="${LOADTEST_CONNECTIONS:-8}"
THREADS="${LOADTEST_THREADS:-2}"
DATA="${LOADTEST_DATA_DIR:-/tmp/archive-loadtest-$ARTICLES}"
PY=.venv/bin/python

command -v wrk >/dev/null || {
	SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
	$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
}

export ARCHIVE_DATA_DIR="$DATA"
unset DATABASE_URL ARCHIVE_DB_PATH ARCHIVE_WHOOSH_PATH
if [ ! -e "$DATA/whoosh" ]; then
	echo "making the archive in $DATA …"
	if [ "$ARTICLES" -gt 0 ]; then
		$PY bench/search.py "$ARTICLES" --repeat 1 --data-dir "$DATA" --keep --out "$DATA/search.json" >/dev/null
	else
		$PY manage.py migrate --noinput -v0
		$PY manage.py load_issues seeds/ -v0
		$PY manage.py rebuild_index --noinput -v0
	fi
fi

export ARCHIVE_ENV=production ARCHIVE_BIND="127.0.0.1:$PORT" ARCHIVE_ACCESS_LOG="$DATA/access.log"
rm -f "$DATA/access.log"
export DJANGO_SECRET_KEY="${DJANGO_SECRET_KEY:-$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')}"
$PY manage.py collectstatic --noinput -v0
$PY bench/loadtest_paths.py "$DATA/paths.tsv"

.venv/bin/gunicorn -c config/gunicorn.py config.wsgi 2>"$DATA/gunicorn.log" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 120); do
	curl -fs -o /dev/null -H "X-Forwarded-Proto: https" -H "Host: localhost" "http://127.0.0.1:$PORT/" && break
	sleep 0.5
done
# Warm every worker (jieba, the index's arrays) before timing: some seconds of the same mix.
LOADTEST_PATHS="$DATA/paths.tsv" wrk -t1 -c"$CONNECTIONS" -d"${LOADTEST_WARMUP:-10}s" -s bench/loadtest.lua \
	"http://127.0.0.1:$PORT" >/dev/null
: >"$DATA/access.log"  # from here on, the timed run only

LOADTEST_PATHS="$DATA/paths.tsv" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_}s" --timeout 10s \
	--latency -s bench/loadtest.lua "http://127.0.0.1:$PORT" >"$DATA/wrk.txt"
grep -v '^RESULT ' "$DATA/wrk.txt"
echo "slowest answers (gunicorn's access log):"
sed -n 's/^.*"GET \([^ ]*\) [^"]*" \([0-9]*\) [0-9-]* \([0-9]*\)ms$/\3 ms  \2  \1/p' "$DATA/access.log" | sort -rn | head -n 8
RESULT="$(sed -n 's/^RESULT //p' "$DATA/wrk.txt")"
mkdir -p bench/results
WORKERS="$(pgrep -P "$SERVER" | wc -l)"
OUT="bench/results/loadtest-$ARTICLES.json"
$PY - "$RESULT" "$OUT" "$ARTICLES" "$WORKERS" "$CONNECTIONS" <<'PYEOF'
import datetime, json, os, sys
result, out, articles, workers, connections = sys.argv[1:]
report = {"articles": int(articles), "workers": int(workers), "connections": int(connections),
          "cpus": os.cpu_count(), "load_average_1min": round(os.getloadavg()[0], 1),
          "date": datetime.date.today().isoformat(), **json.loads(result)}
open(out, "w").write(json.dumps(report, indent=2) + "\n")
print(json.dumps(report))
errors = sum(report["errors"].values()) + sum(n for s, n in report["by_status"].items() if int(s) >= 400)
sys.exit(1 if errors or not report["requests"] else 0)
PYEOF
