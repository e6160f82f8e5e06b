#!/usr/bin/env bash
# Records the JSON output of cfa / sem / invariance / growth / bench on the SEM
# reference cases and the study's results.json, so that a restructure of the
# SEM engine can show that it changed no number:
#   scripts/sem_outputs.sh record DIR        write DIR/<case>.json
#   scripts/sem_outputs.sh compare OLD NEW   compare two recordings
# compare passes when every number is identical or within 1e-12 relative
# (an operation order that changed); timings (bench) and paths are ignored.
set -euo pipefail
B=${CLUSTERSTAT:-.build/release/clusterstat}
HS=Datasets/reference/HolzingerSwineford1939.csv
HSM=Datasets/reference/HolzingerSwineford1939-missing.csv
PD=Datasets/reference/PoliticalDemocracy.csv
HSMODEL='visual =~ x1+x2+x3; textual =~ x4+x5+x6; speed =~ x7+x8+x9'
cases() {
  echo "hs_ml|cfa --data $HS --syntax '$HSMODEL' --modindices"
  echo "hs_gls|cfa --data $HS --syntax '$HSMODEL' --estimator gls"
  echo "hs_uls|cfa --data $HS --syntax '$HSMODEL' --estimator uls"
  echo "hs_mlm|cfa --data $HS --syntax '$HSMODEL' --estimator mlm"
  echo "hs_mlr|cfa --data $HS --syntax '$HSMODEL' --estimator mlr"
  echo "hs_stdlv|cfa --data $HS --syntax '$HSMODEL' --std-lv --orthogonal"
  echo "hs_means|cfa --data $HS --syntax '$HSMODEL' --meanstructure --estimator mlr --modindices"
  echo "hs_fiml|cfa --data $HSM --syntax '$HSMODEL' --missing fiml --modindices"
  echo "hs_fiml_mlr|cfa --data $HSM --syntax '$HSMODEL' --missing fiml --estimator mlr"
  echo "hs_second|cfa --data $HS --syntax '$HSMODEL; g =~ visual + textual + speed'"
  echo "hs_markers|cfa --data $HS --syntax 'visual =~ x1+x2+x3; textual =~ x4+x5+x6; speed =~ x7+x8+x9; x1 ~ 0*1; x4 ~ 0*1; x7 ~ 0*1; visual ~ 1; textual ~ 1; speed ~ 1'"
  echo "hs_equality|cfa --data $HS --syntax 'visual =~ x1+a*x2+a*x3; textual =~ x4+x5+x6; speed =~ x7+x8+x9'"
  echo "hs_inequality|cfa --data $HS --syntax 'visual =~ x1+a*x2+b*x3; textual =~ x4+x5+x6; speed =~ x7+x8+x9; b > 1.2; a == 2*b - 1.5'"
  echo "hs_covariates|sem --data $HS --syntax '$HSMODEL; visual ~ ageyr + sex' --modindices"
  echo "hs_mediation|sem --data $HS --syntax 'visual =~ x1+x2+x3; textual =~ x4+x5+x6; speed =~ x7+x8+x9; textual ~ a*visual; speed ~ b*textual + c*visual; ab := a*b; total := c + a*b' --se bootstrap --bootstrap 200 --seed 7 --threads 1"
  echo "hs_interaction|sem --data $HS --syntax 'visual =~ x1+x2+x3; textual =~ x4+x5+x6; speed =~ x7+x8+x9; speed ~ visual + textual' --interaction visual:textual"
  echo "hs_group_scalar|cfa --data $HS --syntax '$HSMODEL' --group school --group-equal loadings,intercepts --estimator mlr --modindices"
  echo "hs_group_partial|cfa --data $HS --syntax '$HSMODEL' --group school --group-equal loadings,intercepts --group-partial 'x3~1'"
  echo "hs_group_fiml|cfa --data $HSM --syntax '$HSMODEL' --group school --missing fiml --estimator mlr"
  echo "hs_invariance|invariance --data $HS --syntax '$HSMODEL' --group school"
  echo "hs_invariance_mlr|invariance --data $HS --syntax '$HSMODEL' --group school --estimator mlr"
  echo "polidem|sem --data $PD --model Benchmarks/models/polidem.lav --modindices"
  echo "polidem_bs|sem --data $PD --model Benchmarks/models/polidem.lav --se bootstrap --bootstrap 100 --seed 3 --threads 1 --bollen-stine"
  echo "growth|growth --data Datasets/reference/Demo.growth.csv --syntax 'i =~ 1*t1 + 1*t2 + 1*t3 + 1*t4; s =~ 0*t1 + 1*t2 + 2*t3 + 3*t4; i ~ x1 + x2; s ~ x1 + x2'"
  echo "bench_hs|bench --data $HS --model Benchmarks/models/hs_cfa.lav --reps 3 --warmup 1"
  echo "bench_fiml|bench --data $HSM --model Benchmarks/models/hs_cfa.lav --missing fiml --estimator mlr --reps 3 --warmup 1"
}
record() {
  local dir=$1; mkdir -p "$dir"
  cases | while IFS='|' read -r name args; do
    eval "$B $args --format json" > "$dir/$name.json" 2> "$dir/$name.err" || echo "exit $? $name" >> "$dir/$name.err"
  done
  rm -rf "$dir/study"
  $B study --out "$dir/study" --format json > /dev/null 2>&1 || $B study --out "$dir/study" > /dev/null
  cp "$dir/study/results.json" "$dir/study.json"; rm -rf "$dir/study"
  echo "recorded $(ls "$dir"/*.json | wc -l) outputs in $dir"
}
case "${1:-}" in
  record) record "$2" ;;
  compare) python3 "$(dirname "$0")/sem_outputs_compare.py" "$2" "$3" ;;
  *) echo "usage: $0 record DIR | compare OLD NEW" >&2; exit 2 ;;
esac
