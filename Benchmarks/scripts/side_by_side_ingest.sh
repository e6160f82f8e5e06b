#!/usr/bin/env bash
# CSV ingest, ClusterStat against pandas, in one run on one file:
# generates data/ingest-1000000x60.csv if missing, times both, and rewrites the
# ingest section of RESULTS.md with the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
REPS=${REPS:-3}
FILE="data/ingest-${ROWS}x60.csv"
python3 -c 'import pandas' 2>/dev/null || pip install -q pandas
swift build -c release --product make-ingest-data >/dev/null
swift build -c release --product time-ingest >/dev/null
BIN=$(swift build -c release --show-bin-path)
mkdir -p data
[ -f "$FILE" ] || "$BIN/make-ingest-data" "$FILE" "$ROWS"
export OPENBLAS_NUM_THREADS=1
ours=$("$BIN/time-ingest" "$FILE" "$REPS")
theirs=$(python3 scripts/pandas_ingest.py "$FILE" "$REPS")
python3 scripts/write_results.py ingest "$FILE" "$ours" "$theirs"
