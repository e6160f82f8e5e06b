# The psych side of scripts/side_by_side_psych.sh: the same work as time-psych,
# timed inside R after the data are read and psych is loaded.
#   Rscript psych_side.R FILE REPS   → one JSON line
suppressPackageStartupMessages({ library(psych); library(GPArotation) })
args <- commandArgs(trailingOnly = TRUE)
X <- read.csv(args[1]); reps <- as.integer(args[2])
once <- function() {
  s <- 0
  for (k in 0:9) s <- s + psych::alpha(X[, (6 * k + 1):(6 * k + 6)], warnings = FALSE)$total$raw_alpha
  f <- fa(X, nfactors = 10, fm = "minres", rotate = "oblimin", warnings = FALSE)
  s + sum(diag(f$Phi %*% t(unclass(f$loadings)) %*% unclass(f$loadings)))
}
checksum <- once()
times <- numeric(reps)
for (i in seq_len(reps)) { t0 <- as.numeric(Sys.time()); checksum <- once(); times[i] <- as.numeric(Sys.time()) - t0 }
cat(sprintf('{"median_s": %.6f, "min_s": %.6f, "reps": %d, "checksum": %.10f, "psych": "%s"}\n',
            median(times), min(times), reps, checksum, as.character(packageVersion("psych"))))
