# Nonparametric bootstrap references with ordered indicators (lavaan
# se = "bootstrap" with the DWLS/WLSMV point estimator). In every replicate
# lavaan (lav_bootstrap_internal, type "ordinary") resamples the rows with
# replacement, recomputes the sample statistics from the resampled rows
# (thresholds, polychoric correlations, the NACOV and the diagonal DWLS weight
# matrix) and refits the model (se = "none", test = "none", started from the
# full-sample estimates). Replicates that fail or do not converge are listed in
# attr(lavInspect(fit, "boot"), "error.idx") and dropped.
# Run from this folder:  Rscript bootstrap_ordinal.R   → bootstrap_ordinal.json
# R 4.2.2, lavaan 0.6.14. Runs serially (no parallel = ...), about 4-6 minutes
# on a 2-core machine.
#
# IMPORTANT, lavaan 0.6.14: the calls as one would first write them,
#   cfa(model, data = d, ordered = ..., se = "bootstrap", bootstrap = 1000)
# stop with "lavaan ERROR: use (D)WLS estimator for bootstrap", because with
# ordered data estimator "default" becomes "WLSMV", and lav_options_set refuses
# se = "bootstrap" for WLSM/WLSMV/WLSMVS (likewise MLR/MLM for ML). The
# bootstrap is therefore run with estimator = "DWLS", which has the same
# discrepancy function and hence the same point estimates as WLSMV (checked:
# max_abs_est_diff_vs_wlsmv); only SEs/CIs (bootstrap) and the test
# (standard, not scaled.shifted) differ. The error text is stored as
# requested_call_error.
#
# Exact calls (seed 20261202 set immediately before each bootstrap call):
#  case "hs": d = hs_ordinal.csv (this folder; x1..x9 integers 1..4), n = 301
#    set.seed(20261202)
#    cfa(model, data = d, ordered = paste0("x", 1:9), estimator = "DWLS",
#        se = "bootstrap", bootstrap = 1000)
#    comparison: cfa(model, data = d, ordered = paste0("x", 1:9))  (WLSMV, robust.sem SEs)
#  case "bfi_mediation": d = Datasets/reference/bfi.csv restricted to rows
#    complete on A1..A5, C1..C5, E1..E5 (listwise, before fitting; n stored),
#    only those 15 columns kept
#    set.seed(20261202)
#    sem(model, data = d, ordered = items, estimator = "DWLS",
#        se = "bootstrap", bootstrap = 200)
#    comparison: sem(model, data = d, ordered = items)  (WLSMV, robust.sem SEs)
#    B = 200, not 500: a 10-replicate pilot took ~0.87 s per replicate on this
#    (shared, 2-core) machine, i.e. ~7.3 min for 500, over the ~6 min budget;
#    full 200-replicate runs took 121 s and 181 s elapsed (load-dependent),
#    i.e. 5-7.5 min for 500.
#
# How lavaan 0.6.14 turns the replicates into SEs and CIs (verified below,
# "checks"): with BOOT = the successful replicate rows (free parameters),
#  * replicates flagged nonadmissible (attr "nonadmissible") are NOT
#    dropped; they count as successful;
#  * se of a free parameter = sqrt(N / (N - G) * cov(BOOT) * (B - 1) / B):
#    the replicate standard deviation with denominator B
#    (lav_model_nvcov_bootstrap returns N * cov * (B-1)/B), times
#    sqrt(N / (N - G)) because lav_model_vcov divides that by N - G (N = ntotal,
#    G = ngroups) for every estimator other than normal-likelihood ML
#    (so here, for DWLS: a factor 1.00166 for N = 301);
#  * se of a ":=" parameter = sd of def.function(BOOT row) with denominator
#    B - 1 (lav_model_vcov_se uses plain cov() there);
#  * percentile CI (parameterEstimates' default boot.ci.type = "perc", level
#    0.95) = boot::norm.inter on each column with alpha = (0.025, 0.975):
#    rk = (B + 1) * alpha, k = trunc(rk); if rk is an integer the k-th order
#    statistic, else t_(k) + (qnorm(alpha) - qnorm(k/(B+1))) /
#    (qnorm((k+1)/(B+1)) - qnorm(k/(B+1))) * (t_(k+1) - t_(k))
#    (interpolation on the normal-quantile scale); ":=" rows use the same on
#    the defined parameters computed per replicate.
#  Fixed parameters: se 0, CI (est, est).
#
# Monte-Carlo error: the relative Monte-Carlo standard error of a bootstrap SE
# from B replicates is about 1/sqrt(2B) (2.2 % for B = 1000, 5.0 % for
# B = 200, 3.2 % for B = 500); percentile CI endpoints are noisier still
# (tail order statistics). A Swift bootstrap with its own RNG can only be
# compared within a few times that tolerance; the robust.sem SEs are the
# asymptotic values the bootstrap SEs should approach.
#
# JSON: { lavaan, R, note_monte_carlo, note_estimator, cases: [ per case:
#   case, data, model, call, comparison_call, requested_call, requested_call_error,
#   seed, bootstrap_requested, bootstrap_successful (= rows without error),
#   boot_rows (nrow(lavInspect(fit, "boot"))), error_idx, nonadmissible_idx,
#   n_listwise / n_raw (bfi), nobs, npar, bootstrap_time_seconds {user, system, elapsed},
#   mc_relative_se_error (= 1/sqrt(2 B_successful)),
#   parameterEstimates       rows of parameterEstimates(fit): lhs, op, rhs, group, label,
#                            est, se, z, pvalue, ci.lower, ci.upper (percentile)
#   parameterEstimates_perc  parameterEstimates(fit, boot.ci.type = "perc") (same columns)
#   robust                   parameterEstimates(fit_wlsmv) rows: est, se, z, pvalue,
#                            ci.lower, ci.upper (Wald, robust.sem)
#   rows                     per parameter: lhs, op, rhs, group, label, est,
#                            se_boot, se_robust, ci_perc_lower, ci_perc_upper,
#                            boot_mean (mean of the replicates), se_ratio (boot/robust)
#   checks                   max diffs of the recomputations above, max_abs_est_diff_vs_wlsmv
#   warnings                 warnings of the bootstrap fit, warnings_robust ] }
source("_ordinal_common.R")

SEED <- 20261202L
options(width = 200)
pe_cols <- c("lhs", "op", "rhs", "group", "label", "est", "se", "z", "pvalue", "ci.lower", "ci.upper")
pe_std <- function(pe) {
  if (!"label" %in% names(pe)) pe$label <- ""
  if (!"group" %in% names(pe)) pe$group <- 1L
  pe <- as.data.frame(pe)[, pe_cols]
  rownames(pe) <- NULL
  pe
}

# boot::norm.inter as in lavaan 0.6.14's parameterEstimates (for the check)
norm_inter <- function(t, alpha) {
  t <- sort(t[is.finite(t)]); R <- length(t); rk <- (R + 1) * alpha; k <- trunc(rk)
  vapply(seq_along(alpha), function(i) {
    if (k[i] == rk[i]) return(t[k[i]])
    if (k[i] == 0) return(t[1]); if (k[i] == R) return(t[R])
    z1 <- qnorm(alpha[i]); z2 <- qnorm(k[i] / (R + 1)); z3 <- qnorm((k[i] + 1) / (R + 1))
    t[k[i]] + (z1 - z2) / (z3 - z2) * (t[k[i] + 1] - t[k[i]])
  }, 0)
}

run_case <- function(case, data_desc, model, fitfun, B, call, comparison_call, requested_call, extra = list()) {
  cat("case", case, "B =", B, "\n")
  req_err <- tryCatch({ fitfun(se = "bootstrap", bootstrap = 2L); NA_character_ },
                      error = function(e) conditionMessage(e))
  rob <- catch_warnings(fitfun())
  frob <- rob$value
  stopifnot(lavInspect(frob, "converged"), lavInspect(frob, "options")$se == "robust.sem")
  set.seed(SEED)
  tm <- system.time(bt <- catch_warnings(fitfun(estimator = "DWLS", se = "bootstrap", bootstrap = B)))
  fit <- bt$value
  stopifnot(lavInspect(fit, "converged"))
  cat(sprintf("  bootstrap elapsed %.1f s\n", tm[["elapsed"]]))
  BOOT <- lavInspect(fit, "boot")
  err <- attr(BOOT, "error.idx"); nonadm <- attr(BOOT, "nonadmissible")
  BOK <- if (length(err)) BOOT[-err, , drop = FALSE] else BOOT
  nb <- nrow(BOK)

  pe <- pe_std(parameterEstimates(fit))
  pe_perc <- pe_std(parameterEstimates(fit, boot.ci.type = "perc"))
  pr <- pe_std(parameterEstimates(frob))
  stopifnot(identical(pe[, 1:5], pr[, 1:5]), identical(pe[, 1:5], pe_perc[, 1:5]))

  # recompute se / percentile CI / bootstrap means from the replicates
  pt <- parTable(fit)
  free_idx <- which(pt$free > 0 & !duplicated(pt$free))
  def_idx <- which(pt$op == ":=")
  se_re <- ifelse(pt$free > 0 | pt$op == ":=", NA_real_, 0)
  ci_re <- cbind(pt$est, pt$est); bmean <- rep(NA_real_, nrow(pe))
  alpha <- c(0.025, 0.975)
  N <- lavInspect(fit, "ntotal"); G <- lavInspect(fit, "ngroups")
  se_re[free_idx] <- apply(BOK, 2, function(x) sqrt(sum((x - mean(x))^2) / nb * N / (N - G)))
  ci_re[free_idx, ] <- t(apply(BOK, 2, norm_inter, alpha))
  bmean[free_idx] <- colMeans(BOK)
  if (length(def_idx)) {
    D <- t(apply(BOK, 1, fit@Model@def.function))
    if (length(def_idx) == 1L) D <- t(D)
    se_re[def_idx] <- apply(D, 2, sd)
    ci_re[def_idx, ] <- t(apply(D, 2, norm_inter, alpha))
    bmean[def_idx] <- colMeans(D)
  }
  # rows of pe (parameterEstimates) are the parTable's user rows in the same order
  stopifnot(nrow(pe) <= nrow(pt), identical(pe$lhs, pt$lhs[seq_len(nrow(pe))]),
            identical(pe$op, pt$op[seq_len(nrow(pe))]), identical(pe$rhs, pt$rhs[seq_len(nrow(pe))]))
  k <- seq_len(nrow(pe))
  fixed <- pt$free[k] == 0 & pt$op[k] != ":="
  bmean[k][fixed] <- pt$est[k][fixed]

  rows <- data.frame(pe[, c("lhs", "op", "rhs", "group", "label", "est")],
                     se_boot = pe$se, se_robust = pr$se,
                     ci_perc_lower = pe$ci.lower, ci_perc_upper = pe$ci.upper,
                     boot_mean = bmean[k], se_ratio = ifelse(pr$se > 0, pe$se / pr$se, NA_real_))
  mx <- function(a, b) max(abs(a - b), na.rm = TRUE)
  checks <- list(
    max_abs_est_diff_vs_wlsmv = mx(pe$est, pr$est),
    max_abs_se_diff_recomputed = mx(pe$se, se_re[k]),
    max_abs_ci_diff_recomputed = mx(c(pe$ci.lower, pe$ci.upper), c(ci_re[k, 1], ci_re[k, 2])),
    max_abs_diff_default_vs_perc = mx(c(pe$ci.lower, pe$ci.upper), c(pe_perc$ci.lower, pe_perc$ci.upper)),
    se_free = "sd(denominator B) * sqrt(N / (N - G))", se_defined = "sd(denominator B - 1)")
  stopifnot(checks$max_abs_se_diff_recomputed < 1e-10, checks$max_abs_ci_diff_recomputed < 1e-10,
            checks$max_abs_diff_default_vs_perc == 0, checks$max_abs_est_diff_vs_wlsmv < 1e-6)
  opts <- lavInspect(fit, "options")
  c(list(case = case, data = data_desc, model = model, call = call, comparison_call = comparison_call,
         requested_call = requested_call, requested_call_error = req_err,
         lavaan = as.character(packageVersion("lavaan")),
         estimator = opts$estimator, se_type = opts$se, test_type = I(opts$test),
         comparison_estimator = "WLSMV", comparison_se_type = lavInspect(frob, "options")$se,
         seed = SEED, bootstrap_requested = B, boot_rows = nrow(BOOT),
         bootstrap_successful = nb, error_idx = I(as.integer(err)), nonadmissible_idx = I(as.integer(nonadm)),
         nobs = lavInspect(fit, "nobs"), npar = lavInspect(fit, "npar")),
    extra,
    list(bootstrap_time_seconds = list(user = tm[["user.self"]], system = tm[["sys.self"]], elapsed = tm[["elapsed"]]),
         mc_relative_se_error = 1 / sqrt(2 * nb),
         parameterEstimates = pe, parameterEstimates_perc = pe_perc, robust = pr, rows = rows,
         checks = checks, warnings = I(unique(bt$warnings)), warnings_robust = I(unique(rob$warnings))))
}

# ---- case hs
hs <- read.csv("hs_ordinal.csv", stringsAsFactors = FALSE)
ov <- paste0("x", 1:9)
stopifnot(all(unlist(hs[ov]) %in% 1:4))
model_hs <- 'visual =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
speed =~ x7 + x8 + x9'
case_hs <- run_case("hs", "Tests/SEMTests/Fixtures/ordinal/hs_ordinal.csv", model_hs,
  function(...) cfa(model_hs, data = hs, ordered = ov, ...), 1000L,
  call = "set.seed(20261202); cfa(model, data = hs_ordinal, ordered = paste0('x', 1:9), estimator = 'DWLS', se = 'bootstrap', bootstrap = 1000)",
  comparison_call = "cfa(model, data = hs_ordinal, ordered = paste0('x', 1:9))",
  requested_call = "cfa(model, data = hs_ordinal, ordered = paste0('x', 1:9), se = 'bootstrap', bootstrap = 1000)")

# ---- case bfi_mediation
bfi <- read.csv(file.path(DATA_DIR, "bfi.csv"))
items <- c(paste0("A", 1:5), paste0("C", 1:5), paste0("E", 1:5))
cc <- complete.cases(bfi[items])
bd <- bfi[cc, items]
model_bfi <- 'A =~ A1 + A2 + A3 + A4 + A5
C =~ C1 + C2 + C3 + C4 + C5
E =~ E1 + E2 + E3 + E4 + E5
C ~ a*A
E ~ b*C + c*A
ind := a*b
total := c + a*b'
case_bfi <- run_case("bfi_mediation", "Datasets/reference/bfi.csv (rows complete on A1-A5, C1-C5, E1-E5)", model_bfi,
  function(...) sem(model_bfi, data = bd, ordered = items, ...), 200L,
  call = "set.seed(20261202); sem(model, data = bfi[complete.cases(bfi[items]), items], ordered = items, estimator = 'DWLS', se = 'bootstrap', bootstrap = 200)",
  comparison_call = "sem(model, data = bfi[complete.cases(bfi[items]), items], ordered = items)",
  requested_call = "sem(model, data = bfi_complete, ordered = items, se = 'bootstrap', bootstrap = 500)",
  extra = list(n_raw = nrow(bfi), n_listwise = nrow(bd),
               bootstrap_note = paste("B = 200 instead of 500: a 10-replicate pilot took ~0.87 s per replicate",
                                      "on the 2-core shared machine (~7.3 min for 500 > ~6 min budget).")))

out <- list(R = R.version.string, lavaan = as.character(packageVersion("lavaan")),
            note_monte_carlo = paste("The relative Monte-Carlo error of a bootstrap SE from B replicates is about 1/sqrt(2B)",
                                     "(B = 1000: 2.2%, B = 200: 5.0%); percentile CI endpoints are noisier.",
                                     "A bootstrap with another RNG matches these only within a few times that."),
            note_estimator = paste("lavaan 0.6.14 refuses se = 'bootstrap' with estimator WLSMV (the default for ordered data):",
                                   "'use (D)WLS estimator for bootstrap'. The bootstraps use estimator = 'DWLS'",
                                   "(same point estimates as WLSMV); 'robust' holds the WLSMV robust.sem results."),
            cases = list(case_hs, case_bfi))
write_json_file(out, "bootstrap_ordinal.json")
for (cs in list(case_hs, case_bfi)) {
  cat("\n", cs$case, ": B successful", cs$bootstrap_successful, "of", cs$bootstrap_requested,
      " elapsed", cs$bootstrap_time_seconds$elapsed, "s\n")
  r <- cs$rows; print(r[r$op %in% c("=~", "~", ":=") , -c(4)], digits = 4, row.names = FALSE)
}
