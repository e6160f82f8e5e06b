# Threshold syntax and multi-group ordinal CFA references: user-labelled /
# fixed thresholds ("x1 | a*t2", "x3 | -0.1*t2"), two-group bfi with
# group.equal = c("thresholds", "loadings") under WLSMV and ULSMV, and a
# three-group HS ordinal model.
# R 4.2.2, lavaan 0.6.14, jsonlite (helpers from _ordinal_common.R).
# Run from this folder:  Rscript threshold_syntax.R
# Writes hs_ordinal_3groups.csv and one JSON per case:
#
#   thr_labels_hs         cfa(thr_model, data = hs_ordinal, ordered = c('x1', ..., 'x9'))
#   thr_labels_hs_theta   cfa(thr_model, data = hs_ordinal, ordered = c('x1', ..., 'x9'),
#                             parameterization = 'theta')
#       thr_model = visual =~ x1 + x2 + x3
#                   textual =~ x4 + x5 + x6
#                   speed =~ x7 + x8 + x9
#                   x1 | a*t2
#                   x2 | a*t2
#                   x3 | -0.1*t2
#       (t2 of x1 and x2 equal through the shared label "a" -- lavaan 0.6.14 turns
#        it into a linear "==" constraint; t2 of x3 fixed at -0.1; all other
#        thresholds free.) Data: hs_ordinal.csv (this folder, N = 301).
#
#   bfi_groups_eq         cfa(bfi_model, data = bfi, ordered = c('A1', ..., 'C5'),
#                             group = 'gender', group.equal = c('thresholds', 'loadings'))
#   bfi_groups_eq_ulsmv   the same with estimator = 'ULSMV'
#   bfi_groups_eq_theta   the same with parameterization = 'theta' (group 2's residual
#                         variances free instead of its scale factors)
#       bfi_model = agree =~ A1 + A2 + A3 + A4 + A5
#                   consc =~ C1 + C2 + C3 + C4 + C5
#       Data: ../../../../Datasets/reference/bfi.csv (psych::bfi), listwise complete
#       cases on A1..A5, C1..C5, gender (the fit gets only those rows; n_rows_used in
#       the JSON). lavaan's own group.equal convention: with ordered data lavaan
#       0.6.14 adds "intercepts" whenever "thresholds" is in group.equal, so group 2
#       gets free latent means and free "~*~" scale factors (options.group.equal in
#       the JSON shows the expanded list).
#
#   hs_three_groups       cfa(hs_model, data = hs_ordinal_3groups, ordered = c('x1', ..., 'x9'),
#                             group = 'grp', group.equal = c('thresholds', 'loadings'))
#       hs_model = the three-factor model above without the threshold lines.
#       grp rule: grp = "a" if id %% 3 == 0, "b" if id %% 3 == 1, "c" otherwise
#       (id %% 3 == 2); all 301 rows kept. Checked in the script: every indicator
#       x1..x9 has all 4 categories present in every group (stopifnot; the
#       per-group category counts are in the JSON as category_counts).
#       The data used are written to hs_ordinal_3groups.csv (columns id, grp, x1..x9)
#       and the fit is made on the data read back from that file.
#
# Exact optimum as in hs_ordinal_wlsmv.R (exact_fit of _ordinal_common.R): BFGS
# reltol 1e-16, Newton / KKT-Newton polish on lavaan's own gradient (shared labels
# and group.equal constraints are "==" constraints; max_gradient is the gradient
# projected on their null space), refit with optim.method = "none". If exact_fit
# errors for a case, the script falls back to lavaan's own nlminb fit with
# control = list(rel.tol = 1e-14) and records that in fit_method.
#
# JSON fields: case, call, model, lavaan, data, (n_rows_total, n_rows_used,
# listwise / grp_rule, category_counts where relevant), estimator, parameterization,
# se_type, test_type, options, converged, iterations, nobs, group_labels, npar,
# parameterEstimates (pe_rows), fitMeasures (all; NA -> null), the exact_fit fields
# (warnings, admissible, r2, max_gradient, max_raw_gradient, constraint_residual, df,
# first_fit, default_fit), fit_method, sampstat, wls_obs, wls_v_diag, gamma,
# sampstat_vs_exact_polychoric -- the same shapes as hs_ordinal_wlsmv.R.
source("_ordinal_common.R")

# ---------------------------------------------------------------------------
# data
hs <- read.csv("hs_ordinal.csv", stringsAsFactors = FALSE)
ov <- paste0("x", 1:9)
stopifnot(all(sapply(hs[ov], is.integer)), all(unlist(hs[ov]) %in% 1:4))

bfi0 <- read.csv(file.path(DATA_DIR, "bfi.csv"), stringsAsFactors = FALSE)
bfi_items <- c(paste0("A", 1:5), paste0("C", 1:5))
bfi <- bfi0[complete.cases(bfi0[c(bfi_items, "gender")]), c(bfi_items, "gender")]
rownames(bfi) <- NULL
bfi_counts <- lapply(split(bfi[bfi_items], bfi$gender), function(x) lapply(x, function(v) tabulate(v, 6L)))
stopifnot(all(unlist(bfi_counts) > 0))

grp_rule <- 'grp = "a" if id %% 3 == 0, "b" if id %% 3 == 1, "c" otherwise (id %% 3 == 2); all rows kept'
hs3o <- data.frame(id = hs$id, grp = ifelse(hs$id %% 3 == 0, "a", ifelse(hs$id %% 3 == 1, "b", "c")),
                   stringsAsFactors = FALSE)
for (v in ov) hs3o[[v]] <- hs[[v]]
hs3_counts <- lapply(split(hs3o[ov], hs3o$grp), function(x) lapply(x, function(v) tabulate(v, 4L)))
stopifnot(all(unlist(hs3_counts) > 0))   # every indicator has all 4 categories in every group
write.csv(hs3o, "hs_ordinal_3groups.csv", row.names = FALSE)
hs3 <- read.csv("hs_ordinal_3groups.csv", stringsAsFactors = FALSE)
stopifnot(identical(hs3, hs3o))
cat("wrote hs_ordinal_3groups.csv (", nrow(hs3), "rows; all categories present in all groups )\n")

hs_model <- 'visual =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
speed =~ x7 + x8 + x9'
thr_model <- paste0(hs_model, '
x1 | a*t2
x2 | a*t2
x3 | -0.1*t2')
bfi_model <- 'agree =~ A1 + A2 + A3 + A4 + A5
consc =~ C1 + C2 + C3 + C4 + C5'

# ---------------------------------------------------------------------------
# helpers (adapted from hs_ordinal_wlsmv.R: data / items / group passed in;
# per_group, flat_group, sampstat_groups are in _ordinal_common.R)
exact_check <- function(fit, data, items, group, ncat) {
  pg <- per_group(fit, "sampstat")
  unname(Map(function(s, g) {
    d <- if (g == "") data[items] else data[as.character(data[[group]]) == g, items]
    ex <- polychoric_exact(d)
    p <- length(items)
    n_empty <- sum(sapply(1:(p - 1), function(i) sum(sapply((i + 1):p, function(j)
      sum(crosstab(d[[i]], d[[j]], ncat, ncat) == 0)))))
    list(group = g, rho_exact = mat2list(ex$rho), thresholds_exact = mat2list(ex$thresholds),
         max_abs_diff_cov = max(abs(unclass(s$cov) - ex$rho)),
         max_abs_diff_th = max(abs(as.numeric(s$th) - as.numeric(t(ex$thresholds)))),
         max_abs_score_over_n = ex$max_abs_score, n_empty_cells_all_pairs = n_empty)
  }, pg$v, pg$labs))
}
# fallback: lavaan's own nlminb with rel.tol 1e-14 (used only if exact_fit errors)
fallback_fit <- function(fitfun, err) {
  r <- catch_warnings(fitfun(control = list(rel.tol = 1e-14)))
  fit <- r$value
  xf <- lavaan:::lav_model_get_parameters(fit@Model, type = "free")
  g <- grad_at(fit, xf); cj <- con_at(fit, xf); pg <- proj_grad(g, cj$J)
  list(fit = fit, fields = list(warnings = I(r$warnings), admissible = admissible_of(fit), r2 = r2_of(fit),
                                max_gradient = max(abs(pg)), max_raw_gradient = max(abs(g)),
                                constraint_residual = if (length(cj$c)) max(abs(cj$c)) else 0,
                                df = unname(fitMeasures(fit, "df")), exact_fit_error = err))
}

summary_rows <- list()
run_case <- function(case, call, model, data, data_file, items, ncat, group = NULL, extra = list(), fitfun) {
  ef <- tryCatch(c(exact_fit(fitfun), list(method = "exact_fit (BFGS reltol 1e-16 + KKT-Newton polish + optim.method = 'none')")),
                 error = function(e) {
                   cat("exact_fit failed for", case, ":", conditionMessage(e), "-> fallback\n")
                   c(fallback_fit(fitfun, conditionMessage(e)),
                     list(method = "fallback: lavaan nlminb, control = list(rel.tol = 1e-14)"))
                 })
  fit <- ef$fit
  opts <- lavInspect(fit, "options")
  stopifnot(lavInspect(fit, "converged"))
  pe <- pe_rows(fit)
  out <- c(list(case = case, call = call, model = model, lavaan = as.character(packageVersion("lavaan")),
                data = data_file),
           extra,
           list(estimator = opts$estimator, parameterization = opts$parameterization,
                se_type = opts$se, test_type = opts$test,
                options = list(zero.add = opts$zero.add, zero.keep.margins = opts$zero.keep.margins,
                               missing = opts$missing, ordered = I(items), std.lv = opts$std.lv,
                               group = if (is.null(group)) NULL else group,
                               group.equal = I(opts$group.equal)),
                converged = lavInspect(fit, "converged"), iterations = lavInspect(fit, "iterations"),
                nobs = I(lavInspect(fit, "nobs")), group_labels = I(lavInspect(fit, "group.label")),
                npar = lavInspect(fit, "npar"),
                parameterEstimates = pe,
                fitMeasures = as_list(fitMeasures(fit)),
                fit_method = ef$method),
           ef$fields,
           list(sampstat = sampstat_groups(fit),
                wls_obs = flat_group(fit, "wls.obs"),
                wls_v_diag = flat_group(fit, "wls.v", diag_only = TRUE),
                gamma = flat_group(fit, "gamma"),
                sampstat_vs_exact_polychoric = exact_check(fit, data, items, group, ncat)))
  write_json_file(out, paste0(case, ".json"))
  fm <- fitMeasures(fit)
  fmv <- function(n) if (n %in% names(fm)) unname(fm[n]) else NA
  summary_rows[[case]] <<- data.frame(case = case, est = opts$estimator, method = substr(ef$method, 1, 8),
    maxgrad = ef$fields$max_gradient, npar = lavInspect(fit, "npar"), df = fmv("df"),
    chisq = fmv("chisq"), chisq.scaled = fmv("chisq.scaled"), cfi.scaled = fmv("cfi.scaled"),
    cfi.robust.NA = is.na(fmv("cfi.robust")), adm = ef$fields$admissible, nwarn = length(ef$fields$warnings))
  invisible(fit)
}

# ---------------------------------------------------------------------------
hs_file <- "Tests/SEMTests/Fixtures/ordinal/hs_ordinal.csv"
fit1 <- run_case("thr_labels_hs", "cfa(thr_model, data = hs_ordinal, ordered = c('x1', ..., 'x9'))",
                 thr_model, hs, hs_file, ov, 4L,
                 fitfun = function(...) cfa(thr_model, data = hs, ordered = ov, ...))
run_case("thr_labels_hs_theta",
         "cfa(thr_model, data = hs_ordinal, ordered = c('x1', ..., 'x9'), parameterization = 'theta')",
         thr_model, hs, hs_file, ov, 4L,
         fitfun = function(...) cfa(thr_model, data = hs, ordered = ov, parameterization = "theta", ...))

bfi_extra <- list(n_rows_total = nrow(bfi0), n_rows_used = nrow(bfi),
                  listwise = "complete cases on A1..A5, C1..C5, gender",
                  category_counts = bfi_counts)
run_case("bfi_groups_eq",
         "cfa(bfi_model, data = bfi, ordered = c('A1', ..., 'A5', 'C1', ..., 'C5'), group = 'gender', group.equal = c('thresholds', 'loadings'))",
         bfi_model, bfi, "Datasets/reference/bfi.csv", bfi_items, 6L, "gender", bfi_extra,
         fitfun = function(...) cfa(bfi_model, data = bfi, ordered = bfi_items, group = "gender",
                                    group.equal = c("thresholds", "loadings"), ...))
run_case("bfi_groups_eq_ulsmv",
         "cfa(bfi_model, data = bfi, ordered = c('A1', ..., 'A5', 'C1', ..., 'C5'), group = 'gender', group.equal = c('thresholds', 'loadings'), estimator = 'ULSMV')",
         bfi_model, bfi, "Datasets/reference/bfi.csv", bfi_items, 6L, "gender", bfi_extra,
         fitfun = function(...) cfa(bfi_model, data = bfi, ordered = bfi_items, group = "gender",
                                    group.equal = c("thresholds", "loadings"), estimator = "ULSMV", ...))

run_case("bfi_groups_eq_theta",
         "cfa(bfi_model, data = bfi, ordered = c('A1', ..., 'A5', 'C1', ..., 'C5'), group = 'gender', group.equal = c('thresholds', 'loadings'), parameterization = 'theta')",
         bfi_model, bfi, "Datasets/reference/bfi.csv", bfi_items, 6L, "gender", bfi_extra,
         fitfun = function(...) cfa(bfi_model, data = bfi, ordered = bfi_items, group = "gender",
                                    group.equal = c("thresholds", "loadings"), parameterization = "theta", ...))

run_case("hs_three_groups",
         "cfa(hs_model, data = hs_ordinal_3groups, ordered = c('x1', ..., 'x9'), group = 'grp', group.equal = c('thresholds', 'loadings'))",
         hs_model, hs3, "Tests/SEMTests/Fixtures/ordinal/hs_ordinal_3groups.csv", ov, 4L, "grp",
         list(n_rows_used = nrow(hs3), grp_rule = grp_rule,
              all_categories_present_in_every_group = TRUE, category_counts = hs3_counts),
         fitfun = function(...) cfa(hs_model, data = hs3, ordered = ov, group = "grp",
                                    group.equal = c("thresholds", "loadings"), ...))

print(do.call(rbind, summary_rows), row.names = FALSE)
pe1 <- parameterEstimates(fit1)
print(pe1[pe1$op == "|" & pe1$rhs == "t2" & pe1$lhs %in% c("x1", "x2", "x3"), c("lhs", "op", "rhs", "label", "est", "se")],
      digits = 15)
