#!/usr/bin/env bash
# PROCESS model 7 with a 5000-resample percentile bootstrap on the
# Holzinger–Swineford data (N = 301): ClusterStat's whole `process` command
# (start-up, reading and output included) against the same bootstrap in R
# (lm.fit on resampled rows, the least an R user's loop can cost; R's start-up
# not counted), in one run. Prints the median of REPS runs of each and the ratio.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPS=${REPS:-5}
swift build -c release --product clusterstat >/dev/null
BIN=.build/release/clusterstat
DATA=Datasets/reference/HolzingerSwineford1939.csv
export OPENBLAS_NUM_THREADS=1
ours=()
for _ in $(seq "$REPS"); do
  s=$(date +%s.%N); "$BIN" process --data "$DATA" --model 7 --x x1 --m x4 --w x7 --y x9 --bootstrap 5000 --format json >/dev/null; e=$(date +%s.%N)
  ours+=("$(python3 -c "print($e - $s)")")
done
theirs=$(Rscript -e '
d <- read.csv("Datasets/reference/HolzingerSwineford1939.csv"); n <- nrow(d); w <- mean(d$x7) + c(-1, 0, 1) * sd(d$x7)
stat <- function(dd) { a <- coef(lm.fit(cbind(1, dd$x1, dd$x7, dd$x1 * dd$x7), dd$x4)); b <- coef(lm.fit(cbind(1, dd$x1, dd$x4), dd$x9)); c((a[2] + a[4] * w) * b[3], a[4] * b[3]) }
t <- replicate('"$REPS"', { set.seed(1); system.time(replicate(5000, stat(d[sample.int(n, n, replace = TRUE), ])))[["elapsed"]] })
cat(median(t))')
median=$(printf "%s\n" "${ours[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "ClusterStat process (whole command, 2 threads): ${median} s; R lm.fit loop: ${theirs} s; ratio $(python3 -c "print(round($theirs / $median, 1))")×"
