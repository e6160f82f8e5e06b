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
# Run from this folder:  Rscript mixed_ordinal.R  -> mixed_ordinal_hs.json, mixed_ordinal_hs_school.json
source("_ordinal_common.R")
hs0 <- read.csv(file.path(DATA_DIR, "HolzingerSwineford1939.csv"))
hso <- read.csv("hs_ordinal.csv")
d <- data.frame(school = hso$school, x1 = hs0$x1, x2 = hs0$x2, x3 = hs0$x3, hso[paste0("x", 4:9)])
ords <- paste0("x", 4:9)
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
