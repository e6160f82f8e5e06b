# Categorical CFA references: Holzinger-Swineford x1-x9 cut at their sample
# quartiles into 1..4, the three-factor CFA with all nine indicators ordered.
# Run from this folder:  Rscript hs_ordinal_wlsmv.R
# Writes hs_ordinal.csv (id, school, x1..x9 as integers 1..4; the Swift tests
# read exactly this file) and one JSON per case:
#   hs_ordinal_wlsmv          (a) default: estimator WLSMV (DWLS, robust.sem SEs, scaled.shifted test)
#   hs_ordinal_wls            (b) estimator = "WLS"
#   hs_ordinal_ulsmv          (c) estimator = "ULSMV"
#   hs_ordinal_dwls           (d) estimator = "DWLS" (standard SEs and test)
#   hs_ordinal_wlsmv_school   (e) WLSMV, group = "school"
#   hs_ordinal_wlsmv_school_eq(f) WLSMV, group = "school", group.equal = c("thresholds", "loadings")
#   hs_ordinal_wlsmv_theta    (g) WLSMV, parameterization = "theta"
# The fits are made on the data read back from hs_ordinal.csv.
#
# Exact optimum, as in ../make_model_references.R (see exact_fit in
# _ordinal_common.R): BFGS with reltol 1e-16, then Newton / KKT-Newton polish
# on lavaan's own gradient (lavaan:::lav_model_gradient; for these estimators
# the gradient of the (D)WLS/ULS discrepancy F = (s - sigma)' W (s - sigma),
# group-weighted) with a central-difference Hessian, then a refit with
# optim.method = "none" from a parTable holding the polished estimates, so that
# SEs, tests and fit measures are lavaan's own at that point (baseline model
# slot copied from the first fit). The sample statistics (polychorics,
# thresholds, W, NACOV) do not depend on the start, so the refit sees the same.
# Case (f)'s equal thresholds/loadings are shared labels, which lavaan 0.6.14
# turns into linear "==" constraints (KKT polish; max_gradient is the
# gradient projected on the constraints' null space). With ordered data
# lavaan 0.6.14 adds "intercepts" to group.equal whenever "thresholds" is in it
# (lav_options_set), so group 2 gets free latent means and free "~*~" scale
# factors (options.group.equal in the JSON shows the expanded list).
#
# JSON fields (beyond ../make_model_references.R's save_case shape: case, call,
# model, lavaan, converged, iterations, nobs, parameterEstimates (lhs, op,
# rhs, group, label, est, se, z, pvalue, ci.lower, ci.upper, std.lv, std.all;
# "|" threshold rows with rhs t1..t3, "~*~" scale rows), fitMeasures (all of
# fitMeasures(fit); NA -> null), warnings, admissible, r2, max_gradient,
# max_raw_gradient, constraint_residual, df, first_fit, default_fit):
#   estimator, parameterization, se_type, test_type, options (zero.add etc.)
#   group_labels  lavaan's group order
#   sampstat      array over groups of {group, cov (polychoric matrix), th
#                 (named thresholds, "x1|t1" ...)}  (lavInspect(fit, "sampstat"))
#   wls_obs       array over groups of {group, names, values}: lavInspect(fit, "wls.obs")
#                 (thresholds then the polychorics below the diagonal, column-wise)
#   wls_v_diag    array over groups of {group, names, values}: diag(lavInspect(fit, "wls.v"))
#   wls_v         (WLS only) array over groups of {group, dim, names, values}: full
#                 lavInspect(fit, "wls.v"), values flat row-major
#   gamma         array over groups of {group, dim, names, values}: lavInspect(fit, "gamma")
#                 (NACOV of wls_obs, N times the asymptotic covariance), flat row-major
#   sampstat_vs_exact_polychoric  per group: the exact two-step ML polychorics and
#                 thresholds (_ordinal_common.R) of that group's rows, and their max
#                 differences from lavaan's sampstat; number of empty cells over all
#                 4x4 tables (lavaan adds nothing to them: zero.add[2] = 0).
#   default_fit   lavaan's own default (nlminb) fit vs the exact one: max parameter
#                 difference, chisq / scaled differences.
source("_ordinal_common.R")

hs0 <- read.csv(file.path(DATA_DIR, "HolzingerSwineford1939.csv"), stringsAsFactors = FALSE)
ov <- paste0("x", 1:9)
cutq <- function(x) cut(x, quantile(x, c(0, .25, .5, .75, 1)), include.lowest = TRUE, labels = FALSE)
hso <- data.frame(id = hs0$id, school = hs0$school)
for (v in ov) hso[[v]] <- as.integer(cutq(hs0[[v]]))
write.csv(hso, "hs_ordinal.csv", row.names = FALSE)
hs <- read.csv("hs_ordinal.csv", stringsAsFactors = FALSE)
stopifnot(identical(hs, hso), all(sapply(hs[ov], is.integer)), all(unlist(hs[ov]) %in% 1:4))
cat("wrote hs_ordinal.csv\n")

model <- 'visual =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
speed =~ x7 + x8 + x9'


# lavaan's sample polychorics/thresholds vs the exact two-step ML of
# _ordinal_common.R on the same rows (per group; thresholds from the group).
exact_check <- function(fit) {
  pg <- per_group(fit, "sampstat")
  unname(Map(function(s, g) {
    d <- if (g == "") hs[ov] else hs[hs$school == g, ov]
    ex <- polychoric_exact(d)
    n_empty <- sum(sapply(1:8, function(i) sum(sapply((i + 1):9, function(j) sum(crosstab(d[[i]], d[[j]], 4L, 4L) == 0)))))
    list(group = g, rho_exact = mat2list(ex$rho), thresholds_exact = mat2list(ex$thresholds),
         max_abs_diff_cov = max(abs(unclass(s$cov) - ex$rho)),
         max_abs_diff_th = max(abs(as.numeric(s$th) - as.numeric(t(ex$thresholds)))),
         max_abs_score_over_n = ex$max_abs_score, n_empty_cells_all_pairs = n_empty)
  }, pg$v, pg$labs))
}

summary_rows <- list()
run_case <- function(case, call, fitfun) {
  ef <- exact_fit(fitfun)
  fit <- ef$fit
  opts <- lavInspect(fit, "options")
  stopifnot(lavInspect(fit, "converged"))
  pe <- pe_rows(fit)
  out <- c(list(case = case, call = call, model = model, lavaan = as.character(packageVersion("lavaan")),
                data = "Tests/SEMTests/Fixtures/ordinal/hs_ordinal.csv",
                estimator = opts$estimator, parameterization = opts$parameterization,
                se_type = opts$se, test_type = opts$test,
                options = list(zero.add = opts$zero.add, zero.keep.margins = opts$zero.keep.margins,
                               missing = opts$missing, ordered = I(ov), std.lv = opts$std.lv,
                               group.equal = I(opts$group.equal)),
                converged = lavInspect(fit, "converged"), iterations = lavInspect(fit, "iterations"),
                nobs = I(lavInspect(fit, "nobs")), group_labels = I(lavInspect(fit, "group.label")),
                npar = lavInspect(fit, "npar"),
                parameterEstimates = pe,
                fitMeasures = as_list(fitMeasures(fit))),
           ef$fields,
           list(sampstat = sampstat_groups(fit),
                wls_obs = flat_group(fit, "wls.obs"),
                wls_v_diag = flat_group(fit, "wls.v", diag_only = TRUE)),
           if (opts$estimator == "WLS") list(wls_v = flat_group(fit, "wls.v")),
           list(gamma = flat_group(fit, "gamma"),
                sampstat_vs_exact_polychoric = exact_check(fit)))
  write_json_file(out, paste0(case, ".json"))
  fm <- fitMeasures(fit)
  fmv <- function(n) if (n %in% names(fm)) unname(fm[n]) else NA
  summary_rows[[case]] <<- data.frame(case = case, est = opts$estimator, maxgrad = ef$fields$max_gradient,
    dflt_dx = ef$fields$default_fit$max_param_diff_vs_exact, chisq = fmv("chisq"), df = fmv("df"),
    chisq.scaled = fmv("chisq.scaled"), cfi.scaled = fmv("cfi.scaled"), adm = ef$fields$admissible,
    nwarn = length(ef$fields$warnings))
  invisible(fit)
}

run_case("hs_ordinal_wlsmv", "cfa(model, data = hs_ordinal, ordered = c('x1', ..., 'x9'))",
         function(...) cfa(model, data = hs, ordered = ov, ...))
run_case("hs_ordinal_wls", "cfa(model, data = hs_ordinal, ordered = c('x1', ..., 'x9'), estimator = 'WLS')",
         function(...) cfa(model, data = hs, ordered = ov, estimator = "WLS", ...))
run_case("hs_ordinal_ulsmv", "cfa(model, data = hs_ordinal, ordered = c('x1', ..., 'x9'), estimator = 'ULSMV')",
         function(...) cfa(model, data = hs, ordered = ov, estimator = "ULSMV", ...))
run_case("hs_ordinal_dwls", "cfa(model, data = hs_ordinal, ordered = c('x1', ..., 'x9'), estimator = 'DWLS')",
         function(...) cfa(model, data = hs, ordered = ov, estimator = "DWLS", ...))
run_case("hs_ordinal_wlsmv_school", "cfa(model, data = hs_ordinal, ordered = c('x1', ..., 'x9'), group = 'school')",
         function(...) cfa(model, data = hs, ordered = ov, group = "school", ...))
run_case("hs_ordinal_wlsmv_school_eq",
         "cfa(model, data = hs_ordinal, ordered = c('x1', ..., 'x9'), group = 'school', group.equal = c('thresholds', 'loadings'))",
         function(...) cfa(model, data = hs, ordered = ov, group = "school", group.equal = c("thresholds", "loadings"), ...))
run_case("hs_ordinal_wlsmv_theta", "cfa(model, data = hs_ordinal, ordered = c('x1', ..., 'x9'), parameterization = 'theta')",
         function(...) cfa(model, data = hs, ordered = ov, parameterization = "theta", ...))

print(do.call(rbind, summary_rows), row.names = FALSE)
