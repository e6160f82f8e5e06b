#!/usr/bin/env bash
# Reliability + EFA on 10,000 × 60, ClusterStat against psych, in one run on
# one file (both in-process, start-up and data reading not counted), and the
# psych section of RESULTS.md rewritten with the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${REPS:-5}
FILE=data/psych-10000x60.csv
swift build -c release --product make-ingest-data >/dev/null
swift build -c release --product time-psych >/dev/null
BIN=$(swift build -c release --show-bin-path)
mkdir -p data
[ -f "$FILE" ] || "$BIN/make-ingest-data" "$FILE" 10000
export OPENBLAS_NUM_THREADS=1
ours=$("$BIN/time-psych" "$FILE" "$REPS")
theirs=$(Rscript scripts/psych_side.R "$FILE" "$REPS")
python3 scripts/write_results.py psych "$FILE" "$ours" "$theirs"
