# References for SEM with mixed ordered and continuous indicators (for the
# follow-up of issue #25; ClusterStat refuses such models for now): HS with
# x1..x3 continuous (Datasets/reference/HolzingerSwineford1939.csv) and x4..x9
# ordinal (hs_ordinal.csv), the three-factor CFA with ordered = x4..x9 and
# lavaan's defaults (WLSMV, delta), at the exact optimum (exact_fit); also the
# two-group configural model by school. Stored per case: parameterEstimates,
# fitMeasures, and lavaan's sample statistics for mixed data — wls.obs (the
# thresholds with the continuous variables' means in their places, the
# continuous variables' variances, then the correlations/covariances below the
# diagonal: polychoric, polyserial × SD, covariance), diag(wls.v) and the full
# NACOV (gamma), so that the mixed Γ of Muthén (1984) can be checked alone.
# Run from this folder:  Rscript mixed_ordinal.R  -> hs_mixed.csv, mixed_ordinal_hs.json, mixed_ordinal_hs_school.json
source("_ordinal_common.R")
use_exact_polyserial()  # see _ordinal_common.R
hs0 <- read.csv(file.path(DATA_DIR, "HolzingerSwineford1939.csv"))
hso <- read.csv("hs_ordinal.csv")
d <- data.frame(school = hso$school, x1 = hs0$x1, x2 = hs0$x2, x3 = hs0$x3, hso[paste0("x", 4:9)])
ords <- paste0("x", 4:9)
# the same data as one file, for the tests and the CLI
write.csv(d, "hs_mixed.csv", row.names = FALSE, quote = FALSE)
model <- 'visual =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
speed =~ x7 + x8 + x9'
save_mixed <- function(case, call, fitfun) {
  ef <- exact_fit(fitfun)
  fit <- ef$fit
  stopifnot(lavInspect(fit, "converged"))
  out <- c(list(case = case, call = call, model = model, lavaan = as.character(packageVersion("lavaan")),
                data = "x1..x3 of Datasets/reference/HolzingerSwineford1939.csv, x4..x9 and school of Tests/SEMTests/Fixtures/ordinal/hs_ordinal.csv",
                ordered = I(ords), nobs = I(lavInspect(fit, "nobs")), group_labels = I(lavInspect(fit, "group.label")),
                npar = lavInspect(fit, "npar"), parameterEstimates = pe_rows(fit), fitMeasures = as_list(fitMeasures(fit))),
           ef$fields,
           list(sampstat = sampstat_groups(fit), wls_obs = flat_group(fit, "wls.obs"),
                wls_v_diag = flat_group(fit, "wls.v", diag_only = TRUE), gamma = flat_group(fit, "gamma")))
  write_json_file(out, paste0(case, ".json"))
}
save_mixed("mixed_ordinal_hs", "cfa(model, data = d, ordered = c('x4', ..., 'x9'))",
           function(...) cfa(model, data = d, ordered = ords, ...))
save_mixed("mixed_ordinal_hs_school", "cfa(model, data = d, ordered = c('x4', ..., 'x9'), group = 'school')",
           function(...) cfa(model, data = d, ordered = ords, group = "school", ...))

# Held-out variations (fits only, no Γ): the theta parameterization, WLS,
# ULSMV, equal thresholds and loadings by school (and intercepts as well),
# and bfi agreeableness items ordered with age (continuous) as an outcome.
save_fit <- function(case, call, fitfun, model_text = model, data_note = NULL) {
  ef <- exact_fit(fitfun)
  fit <- ef$fit
  stopifnot(lavInspect(fit, "converged"))
  out <- c(list(case = case, call = call, model = model_text, lavaan = as.character(packageVersion("lavaan")),
                data = if (is.null(data_note)) "hs_mixed.csv" else data_note,
                nobs = I(lavInspect(fit, "nobs")), group_labels = I(lavInspect(fit, "group.label")),
                npar = lavInspect(fit, "npar"), parameterEstimates = pe_rows(fit), fitMeasures = as_list(fitMeasures(fit))),
           ef$fields, list(wls_obs = flat_group(fit, "wls.obs")))
  write_json_file(out, paste0(case, ".json"))
}
save_fit("mixed_ordinal_hs_theta", "cfa(model, data = d, ordered = x4..x9, parameterization = 'theta')",
         function(...) cfa(model, data = d, ordered = ords, parameterization = "theta", ...))
save_fit("mixed_ordinal_hs_wls", "cfa(model, data = d, ordered = x4..x9, estimator = 'WLS')",
         function(...) cfa(model, data = d, ordered = ords, estimator = "WLS", ...))
save_fit("mixed_ordinal_hs_ulsmv", "cfa(model, data = d, ordered = x4..x9, estimator = 'ULSMV')",
         function(...) cfa(model, data = d, ordered = ords, estimator = "ULSMV", ...))
save_fit("mixed_ordinal_hs_school_eq", "cfa(model, data = d, ordered = x4..x9, group = 'school', group.equal = c('thresholds', 'loadings'))",
         function(...) cfa(model, data = d, ordered = ords, group = "school", group.equal = c("thresholds", "loadings"), ...))
save_fit("mixed_ordinal_hs_school_scalar", "cfa(model, data = d, ordered = x4..x9, group = 'school', group.equal = c('thresholds', 'loadings', 'intercepts'))",
         function(...) cfa(model, data = d, ordered = ords, group = "school", group.equal = c("thresholds", "loadings", "intercepts"), ...))
bfi <- read.csv(file.path(DATA_DIR, "bfi.csv"))
bfi_model <- 'A =~ A1 + A2 + A3 + A4 + A5
age ~ A'
save_fit("mixed_bfi_age", "sem(bfi_model, data = bfi, ordered = c('A1', ..., 'A5'))",
         function(...) sem(bfi_model, data = bfi, ordered = paste0("A", 1:5), ...),
         model_text = bfi_model, data_note = "Datasets/reference/bfi.csv")
