#!/usr/bin/env bash
# The real-browser check of `clusterstat serve` (#27): starts the server on a
# free port, then scripts/check_serve.py drives headless Chromium through the
# page as a researcher would: open the printed URL (token → cookie), upload the
# shipped 问卷星 export and its codebook, see the valid responses, run
# reliability and a CFA, run the whole study, download report.docx and
# report.xlsx and check them. Also: a request without the token gets 401.
# Stops the server with SIGINT and checks that its session directory is gone.
# Screenshots of each step: report/check-serve/.
# Installs chromium and chromium-driver (Debian) and selenium (pip) when missing;
# builds the release binary when CLUSTERSTAT does not name one.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
need=""
for p in chromium chromium-driver fonts-noto-cjk; do dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"; done
if [ -n "$need" ]; then
  echo "installing:$need"
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
fi
python3 -c 'import selenium' 2>/dev/null || python3 -m pip install -q 'selenium>=4.10'
bin=${CLUSTERSTAT:-.build/release/clusterstat}
if [ -z "${CLUSTERSTAT:-}" ]; then swift build -c release --product clusterstat; fi

keep=report/check-serve
rm -rf "$keep" && mkdir -p "$keep"
"$bin" serve --port 0 >"$keep/url.txt" 2>"$keep/serve.log" &
pid=$!
stop() { kill -INT "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
trap stop EXIT
for _ in $(seq 1 300); do
  [ -s "$keep/url.txt" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$keep/serve.log"; echo "check-serve: the server did not start"; exit 1; }
  sleep 0.1
done
url=$(head -n 1 "$keep/url.txt")
[ -n "$url" ] || { cat "$keep/serve.log"; echo "check-serve: no URL printed"; exit 1; }
session=$(sed -n 's/.*uploads are kept in \([^ ]*\) until.*/\1/p' "$keep/serve.log")

start=$(date +%s)
python3 scripts/check_serve.py "$url" "$keep"

# Ctrl-C ends the server and takes its session directory (the uploads) with it.
kill -INT "$pid"
wait "$pid" || true
trap - EXIT
if [ -n "$session" ] && [ -e "$session" ]; then echo "check-serve: the session directory $session was left behind"; exit 1; fi
echo "check-serve: passed in $(( $(date +%s) - start )) s (screenshots in $keep/)"
