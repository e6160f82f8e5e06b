#!/usr/bin/env bash
# `clusterstat describe` on a large CSV against pandas, in one run on one file:
# generates data/describe-1000000x60.csv if missing (52 rating items 1–7 and 8
# continuous columns, 1–2 % of cells empty), then REPS rounds, each timing
# both as whole processes (start-up, reading, output; /usr/bin/time for the
# wall clock and the peak resident memory): `clusterstat describe --data FILE`
# (release build, the table on stdout) and scripts/pandas_describe.py
# (read_csv, describe(), skew(), kurt(); once more with the MAD, which
# ClusterStat reports too). BEFORE=path/to/an/older
# clusterstat times that binary too. Checks that the numbers agree and rewrites
# the describe section of RESULTS.md with the medians and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
REPS=${REPS:-3}
# FILE=data/ingest-1000000x60.csv (make-ingest-data: 60 continuous columns) measures the other extreme.
FILE=${FILE:-"data/describe-${ROWS}x60.csv"}
python3 -c 'import pandas' 2>/dev/null || pip install -q pandas
(cd .. && swift build -c release --product clusterstat >/dev/null)
OURS=$(cd .. && swift build -c release --show-bin-path)/clusterstat
swift build -c release --product make-describe-data >/dev/null
BIN=$(swift build -c release --show-bin-path)
mkdir -p data
[ -f "$FILE" ] || "$BIN/make-describe-data" "$FILE" "$ROWS"
export OPENBLAS_NUM_THREADS=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# One whole-process run: "seconds peak_kB" on stdout.
timed() { /usr/bin/time -f "%e %M" -o "$tmp/t" "$@" >"$tmp/out" && cat "$tmp/t"; }
ours=() theirs=() mad=() before=()
for _ in $(seq "$REPS"); do
  ours+=("$(timed "$OURS" describe --data "$FILE")")
  theirs+=("$(timed python3 scripts/pandas_describe.py "$FILE")")
  mad+=("$(timed python3 scripts/pandas_describe.py "$FILE" --mad)")
  cp "$tmp/out" "$tmp/pandas.json"
  if [ -n "${BEFORE:-}" ]; then before+=("$(timed "$BEFORE" describe --data "$FILE")"); fi
done
# The numbers, once more as JSON (not timed), against pandas'.
"$OURS" describe --data "$FILE" --format json --out "$tmp/ours.json" 2>/dev/null
python3 scripts/write_results.py describe "$FILE" "$tmp/ours.json" "$tmp/pandas.json" \
  "$(printf '%s\n' "${ours[@]}")" "$(printf '%s\n' "${theirs[@]}")" "$(printf '%s\n' "${mad[@]}")" \
  "$(printf '%s\n' "${before[@]+"${before[@]}"}")"
