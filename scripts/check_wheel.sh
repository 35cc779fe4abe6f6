#!/usr/bin/env bash
# Install searchapp the way a deployment does (a built wheel in a fresh environment, gunicorn), index
# the bundled corpus with it and fetch its pages: a wheel that lacks templates or static files fails here.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
work=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$work"; echo "$work"' EXIT

python3.11 -m pip wheel --no-deps -q . -w "$work/dist"
python3.11 -m venv "$work/venv"
wheel=$(ls "$work"/dist/searchapp-*.whl)
"$work/venv/bin/pip" install -q "$wheel[server]"

# Run from an empty folder, so nothing of the checkout can stand in for what the wheel lacks.
mkdir "$work/run"
cd "$work/run"
"$work/venv/bin/searchapp" index --corpus "$repo/corpus" --index "$work/index" --workers 1 --quiet
port=$("$work/venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
SEARCHAPP_INDEX="$work/index" "$work/venv/bin/gunicorn" -w 1 -b "127.0.0.1:$port" 'searchapp.web:create_app()' \
  > "$work/gunicorn.log" 2>&1 &
server=$!

"$work/venv/bin/python" - "$port" <<'EOF'
import sys
import time
import urllib.error
import urllib.request

base = f"http://127.0.0.1:{sys.argv[1]}"
for _ in range(100):
    try:
        urllib.request.urlopen(base + "/static/app.css", timeout=2)
        break
    except OSError:
        time.sleep(0.2)

checks = [  # path, status, text the page must contain
    ("/", 200, "Archive"),
    ("/?q=Gorelov", 200, "Gorelov"),
    ("/doc/en/2019-04-kemerovo-lawyers.txt", 200, "Kemerovo"),
    ("/opensearch.xml", 200, "OpenSearchDescription"),
    ("/embed?lang=ru", 200, "Поиск по архиву"),
    ("/embed.js", 200, "ArchiveSearch"),
    ("/static/vendor/htmx/htmx.min.js", 200, "htmx"),
    ("/api/search?q=court", 200, '"total"'),
    ("/doc/no-such-article.txt", 404, "Not found"),
]
failed = 0
for path, status, text in checks:
    try:
        response = urllib.request.urlopen(base + path, timeout=10)
        code, body = response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        code, body = exc.code, exc.read().decode("utf-8")
    ok = code == status and text in body
    failed += not ok
    print(f"wheel check: GET {path} -> {code} {'ok' if ok else 'FAILED (wanted ' + str(status) + ' with ' + repr(text) + ')'}")
sys.exit(1 if failed else 0)
EOF
