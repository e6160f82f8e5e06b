# Polyserial correlations (continuous x, ordinal y), two-step as lavaan's
# lavCor / lav_bvmix_cor_twostep_fit (Olsson, Drasgow & Dorans 1982): x's mean
# and SD by ML (divisor N), y's thresholds qnorm of its cumulative margin, then
# rho maximises sum_i log[pnorm(u_k) - pnorm(u_{k-1})], u = (tau - rho z)/sqrt(1 - rho^2),
# the univariate step on each variable's available cases, the sum over the pair's complete cases.
# The exact optimum here: optimize() on (-0.995, 0.995) with tol 1e-14, then
# Newton steps on the analytic score with a central-difference derivative until
# |step| < 1e-14. Also lavaan's own lavCor(ordered = ...) values (nlminb stops
# short by up to ~1e-6) for comparison.
# Data: (1) HS: x1..x3 continuous (Datasets/reference/HolzingerSwineford1939.csv)
# with x4..x9 ordinal (hs_ordinal.csv); (2) bfi: age with A1..A5 (pairwise complete).
# Run from this folder:  Rscript polyserial.R   -> polyserial.json
source("_ordinal_common.R")

ps_exact <- function(x, y) {
  # Univariate step on each variable's own available cases (as lavaan with
  # missing = "pairwise" and psych), the likelihood on the pair's complete cases.
  lev <- sort(unique(y[!is.na(y)])); K <- length(lev)
  tau <- c(-Inf, qnorm(cumsum(tabulate(match(y[!is.na(y)], lev), K))[-K] / sum(!is.na(y))), Inf)
  mx <- mean(x, na.rm = TRUE); sx <- sqrt(mean((x[!is.na(x)] - mx)^2))
  ok <- !is.na(x) & !is.na(y); x <- x[ok]; y <- y[ok]
  k <- match(y, lev)
  z <- (x - mx) / sx
  ll <- function(r) { s <- sqrt(1 - r^2); sum(log(pnorm((tau[k + 1] - r * z) / s) - pnorm((tau[k] - r * z) / s))) }
  sc <- function(r) {
    s2 <- 1 - r^2; s <- sqrt(s2); hi <- tau[k + 1]; lo <- tau[k]
    uh <- (hi - r * z) / s; ul <- (lo - r * z) / s
    p <- pnorm(uh) - pnorm(ul)
    dh <- ifelse(is.finite(hi), dnorm(uh) * (r * hi - z), 0); dl <- ifelse(is.finite(lo), dnorm(ul) * (r * lo - z), 0)
    sum((dh - dl) / (s2 * s * p))
  }
  r <- optimize(function(r) -ll(r), c(-0.995, 0.995), tol = 1e-14)$minimum
  for (i in 1:50) { h <- 1e-6; d <- (sc(r + h) - sc(r - h)) / (2 * h); step <- sc(r) / d; r <- r - step; if (abs(step) < 1e-14) break }
  list(rho = r, n = length(k), score_over_n = sc(r) / length(k), thresholds = tau[2:K])
}

hs0 <- read.csv(file.path(DATA_DIR, "HolzingerSwineford1939.csv"))
hso <- read.csv("hs_ordinal.csv")
hs <- data.frame(x1 = hs0$x1, x2 = hs0$x2, x3 = hs0$x3, hso[paste0("x", 4:9)])
ords <- paste0("x", 4:9)
lc <- lavCor(hs, ordered = ords)
pairs_hs <- list()
for (a in c("x1", "x2", "x3")) for (b in ords) {
  e <- ps_exact(hs[[a]], hs[[b]])
  pairs_hs[[length(pairs_hs) + 1]] <- list(x = a, y = b, rho = e$rho, n = e$n, score_over_n = e$score_over_n, lavCor = unname(lc[a, b]))
}
bfi <- read.csv(file.path(DATA_DIR, "bfi.csv"))
pairs_bfi <- list()
for (b in paste0("A", 1:5)) {
  e <- ps_exact(bfi$age, bfi[[b]])
  pairs_bfi[[length(pairs_bfi) + 1]] <- list(x = "age", y = b, rho = e$rho, n = e$n, score_over_n = e$score_over_n)
}
lcb <- lavCor(bfi[c("age", paste0("A", 1:5))], ordered = paste0("A", 1:5), missing = "pairwise")
for (i in seq_along(pairs_bfi)) pairs_bfi[[i]]$lavCor <- unname(lcb["age", pairs_bfi[[i]]$y])
write_json_file(list(R = R.version.string, lavaan = as.character(packageVersion("lavaan")),
                     method = "two-step ML polyserial, exact optimum (see header)",
                     hs = list(data = "x1..x3 of Datasets/reference/HolzingerSwineford1939.csv, x4..x9 of hs_ordinal.csv", pairs = pairs_hs,
                               pearson_x1_x2 = cor(hs$x1, hs$x2)),
                     bfi = list(data = "age and A1..A5 of Datasets/reference/bfi.csv, pairwise complete", pairs = pairs_bfi)),
                "polyserial.json")
