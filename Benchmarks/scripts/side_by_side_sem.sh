#!/usr/bin/env bash
# One SEM fit, ClusterStat against lavaan and OpenMx, in one run on the same data:
# `clusterstat bench --against lavaan,openmx` times all three in-process (R's start-up and
# package loading excluded) for each model below, and the SEM section of
# RESULTS.md is rewritten with the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${REPS:-50}
# ClusterStat's fits take 0.1–3 ms, lavaan's and OpenMx's 30 ms to seconds: ClusterStat
# runs more of them (OUR_REPS) so that both sides are timed over a similar stretch of
# seconds, as timings on a shared machine drift over seconds.
OUR_REPS=${OUR_REPS:-1000}
# The programs take turns (ClusterStat, lavaan, OpenMx; ROUNDS times), each timing its share of
# the fits, and each median is over all of its fits: a slow stretch falls on every side.
ROUNDS=${ROUNDS:-3}
ROOT=$(cd .. && pwd)
(cd "$ROOT" && make -s build >/dev/null)
CS="$ROOT/.build/release/clusterstat"
swift build -c release --product make-ingest-data >/dev/null
BIN=$(swift build -c release --show-bin-path)
mkdir -p data
[ -f data/cfa-1000x60.csv ] || "$BIN/make-ingest-data" data/cfa-1000x60.csv 1000
export OPENBLAS_NUM_THREADS=1
OUT=data/sem-bench.jsonl
: > "$OUT"
bench() { # name data model [extra options]
  local name=$1 data=$2 model=$3; shift 3
  local warmup=3 previous="" reference=(--reference-reps "$REPS")
  for a in "$@"; do
    [ "$previous" = "--warmup" ] && warmup=$a
    [ "$a" = "--reference-reps" ] && reference=()
    previous=$a
  done
  echo "bench: $name" >&2
  "$CS" bench --data "$data" --model "$model" --reps "$OUR_REPS" "${reference[@]}" --rounds "$ROUNDS" --against lavaan,openmx --format json "$@" \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); d["case"]=sys.argv[1]; d["warmup"]=int(sys.argv[2]); print(json.dumps(d))' "$name" "$warmup" >> "$OUT"
}
bench "HolzingerSwineford1939 3-factor CFA (N = 301)" "$ROOT/Datasets/reference/HolzingerSwineford1939.csv" models/hs_cfa.lav
bench "PoliticalDemocracy SEM with equality labels (N = 75)" "$ROOT/Datasets/reference/PoliticalDemocracy.csv" models/polidem.lav
# OpenMx takes seconds to tens of seconds per fit of the two large models: three and five timed
# fits of lavaan and OpenMx there (--reference-reps), ClusterStat's $OUR_REPS as everywhere.
bench "10-factor × 6-indicator CFA (N = 1000)" data/cfa-1000x60.csv models/cfa_10x6.lav --reference-reps 3 --warmup 0
bench "The study's full model: 43 items, 14 factors, 2 second-order (N = 270 complete cases of 310 after screening)" \
  "$ROOT/Datasets/cluster-enterprise/responses-wjx.xlsx" models/study_full.lav \
  --codebook "$ROOT/Datasets/cluster-enterprise/codebook.yaml" --screen --reference-reps 5 --warmup 1
bench "FIML, HS CFA on the copy with 5% of cells deleted (N = 301, 28 missing-data patterns)" \
  "$ROOT/Datasets/reference/HolzingerSwineford1939-missing.csv" models/hs_cfa.lav --missing fiml
bench "MLR (robust), HS CFA (N = 301)" "$ROOT/Datasets/reference/HolzingerSwineford1939.csv" models/hs_cfa.lav --estimator mlr
bench "MLR with FIML, HS CFA on the copy with 5% of cells deleted (N = 301)" \
  "$ROOT/Datasets/reference/HolzingerSwineford1939-missing.csv" models/hs_cfa.lav --missing fiml --estimator mlr
bench "Two groups, scalar invariance, HS CFA by school (N = 156 + 145)" \
  "$ROOT/Datasets/reference/HolzingerSwineford1939.csv" models/hs_cfa.lav --group school --group-equal loadings,intercepts
bench "WLSMV, HS CFA with x1–x9 cut into 4 ordered categories (N = 301; polychorics and their Γ in every fit, both sides)" \
  "$ROOT/Datasets/reference/HolzingerSwineford1939-ordinal.csv" models/hs_cfa.lav --ordered all
bench "WLSMV, HS CFA with x1–x3 continuous and x4–x9 ordered (N = 301; polyserial/polychoric and the mixed Γ in every fit, both sides)" \
  "$ROOT/Tests/SEMTests/Fixtures/ordinal/hs_mixed.csv" models/hs_cfa.lav --ordered x4:x9
bench "WLSMV, bfi: 15 six-point items of three factors, C ~ A + E (N = 2,563 complete cases; 105 polychorics and their Γ in every fit, both sides)" \
  "$ROOT/Datasets/reference/bfi.csv" models/bfi_ordinal.lav --ordered A1:A5,C1:C5,E1:E5
# The bootstrap on one thread and on two, each side alike (lavaan: parallel = "multicore", ncpus = 2):
# the ratio of the two rows is each program's speed-up from the second core.
REPS_SAVED=$REPS; OUR_SAVED=$OUR_REPS; REPS=${BOOT_REPS:-3}; OUR_REPS=${OUR_BOOT_REPS:-10}
bench "Bootstrap, B = 1000, HS mediation model (whole run, 1 thread each)" \
  "$ROOT/Datasets/reference/HolzingerSwineford1939.csv" models/hs_mediation.lav --bootstrap 1000 --seed 20180501 --warmup 1 --threads 1
bench "Bootstrap, B = 1000, HS mediation model (whole run, 2 threads each; lavaan parallel = \"multicore\")" \
  "$ROOT/Datasets/reference/HolzingerSwineford1939.csv" models/hs_mediation.lav --bootstrap 1000 --seed 20180501 --warmup 1 --threads 2
REPS=$REPS_SAVED; OUR_REPS=$OUR_SAVED
# The speed-up from the second core, ClusterStat alone and paired: SCALING_PAIRS pairs of whole runs in
# one process, one on 1 thread and one on 2, back to back with the order alternating, so that a slow
# stretch of this shared machine falls on both runs of a pair.
SCALING=data/sem-bench-scaling.json
echo "bench: bootstrap speed-up, pairs of 1- and 2-thread runs" >&2
"$CS" bench --data "$ROOT/Datasets/reference/HolzingerSwineford1939.csv" --model models/hs_mediation.lav \
  --bootstrap 1000 --seed 20180501 --reps "${SCALING_PAIRS:-40}" --warmup 1 --threads 2 --speedup --format json > "$SCALING"
python3 scripts/write_results.py sem "$OUT" "$SCALING"
