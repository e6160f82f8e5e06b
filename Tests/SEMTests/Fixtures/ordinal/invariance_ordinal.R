# Measurement invariance with ordered indicators: the model sequence that
# semTools::measEq.syntax() builds by default for ordinal items
# (Wu & Estabrook 2016 identification, delta parameterization, std.lv factors),
# fitted by lavaan with estimator WLSMV, and lavTestLRT between consecutive steps.
# R 4.2.2, lavaan 0.6.14, semTools 0.5.6, jsonlite.
# Run from this folder:  Rscript invariance_ordinal.R [hs|bfi|mixed ...]   (all three by default)
# Writes invariance_ordinal_hs.json, invariance_ordinal_bfi.json and invariance_ordinal_mixed.json.
#
# Data sets
#   hs : hs_ordinal.csv (this folder; written by hs_ordinal_wlsmv.R), items x1..x9 in 1..4,
#        model  visual =~ x1 + x2 + x3; textual =~ x4 + x5 + x6; speed =~ x7 + x8 + x9,
#        group = "school".
#   mixed: hs_mixed.csv (written by mixed_ordinal.R): x1..x3 continuous, x4..x9 ordered
#        (items = x4..x9), the same model and group; measEq.syntax ties the continuous
#        indicators' intercepts at the intercepts step and residual variances at the
#        residuals step.
#   bfi: ../../../../Datasets/reference/bfi.csv (psych::bfi), items A1..A5, C1..C5 in 1..6,
#        model  agree =~ A1 + A2 + A3 + A4 + A5; consc =~ C1 + C2 + C3 + C4 + C5,
#        group = "gender" (1/2), listwise complete cases on those 11 columns
#        (row count in the JSON: n_rows_used). Nothing is collapsed; a data set whose
#        step fails would be dropped (its JSON then only says why).
#
# Steps, in this order, EQ =
#   1 configural  ""
#   2 thresholds  "thresholds"
#   3 loadings    c("thresholds", "loadings")
#   4 intercepts  c("thresholds", "loadings", "intercepts")
#   5 residuals   c("thresholds", "loadings", "intercepts", "residuals")
# each built with
#   syntax <- measEq.syntax(configural.model = model, data = d, ordered = items,
#                           parameterization = "delta", ID.fac = "std.lv",
#                           ID.cat = "Wu.Estabrook.2016", group = g, group.equal = EQ,
#                           return.fit = FALSE)
# and fitted with
#   cfa(as.character(syntax), data = d, ordered = items, group = g,
#       parameterization = "delta", estimator = "WLSMV")
# at the exact optimum (exact_fit of _ordinal_common.R: BFGS reltol 1e-16, KKT-Newton
# polish on lavaan's own gradient with measEq's shared labels as "==" constraints, refit
# with optim.method = "none"; max_gradient = gradient projected on the constraints'
# null space). If exact_fit errors for a step the script falls back to lavaan's own
# nlminb fit with control = list(rel.tol = 1e-14) and says so (fit_method).
# Between steps k-1 and k:
#   lavTestLRT(fit[[k-1]], fit[[k]])                               (defaults; WLSMV ->
#       method "satorra.2000", A.method "delta", scaled.shifted = TRUE)
#   lavTestLRT(fit[[k-1]], fit[[k]], method = "satorra.2000", A.method = "delta",
#              scaled.shifted = TRUE)                               (explicit)
#   plain unscaled difference of the DWLS statistics chisq_k - chisq_{k-1}, df_k - df_{k-1}.
#
# Step 5 with parameterization = "delta": semTools 0.5.6's measEq.syntax() stops with
#   'Residual variances cannot be tested for invariance across groups when
#    parameterization = "delta". Please set parameterization = "theta".'
# so that step is stored as {available: false, measEq_error}. As a supplement
# (theta_supplement in the JSON), steps 4 and 5 are rebuilt and fitted with
# parameterization = "theta" in both calls (otherwise identical) with their LRT;
# theta step 4 reproduces delta step 4's chisq/df (equivalent models), so the theta
# 4 -> 5 LRT is the strict-invariance test of this sequence.
# npar = lavInspect(fit, "npar") counts every free parameter including those tied by
# measEq's shared labels (lavaan 0.6.14 turns them into "==" constraints), so npar
# can grow from step to step while df grows too; df = fitMeasures(fit, "df").
#
# JSON (per data set): data, n_rows_used, nobs per group, group_labels, items, model,
#   calls, steps[] {name, group_equal, syntax, measEq_summary (printed summary()),
#   fit_method, converged, npar, df, fitMeasures (all; NA -> null),
#   parameterEstimates (pe_rows: lhs, op, rhs, group, label, est, se, z, pvalue,
#   ci.lower, ci.upper, std.lv, std.all), max_gradient, max_raw_gradient,
#   constraint_residual, warnings, first_fit, default_fit, admissible,
#   identification (parTable rows with op "|", "~*~", "~1", "~~":
#   lhs, op, rhs, group, free, ustart, label, plabel, est; stored for every step)},
#   lrt[] {from, to, default {method, heading, table rows, Chisq diff, Df diff, Pr(>Chisq)},
#   explicit {... same}, unscaled {chisq_diff, df_diff, p}}.
source("_ordinal_common.R")
suppressPackageStartupMessages(library(semTools))
use_exact_polyserial()  # the mixed data set's polyserials at their ML optimum (see _ordinal_common.R)

steps <- list(configural = "",
              thresholds = "thresholds",
              loadings   = c("thresholds", "loadings"),
              intercepts = c("thresholds", "loadings", "intercepts"),
              residuals  = c("thresholds", "loadings", "intercepts", "residuals"))

measeq_call <- "measEq.syntax(configural.model = model, data = d, ordered = items, parameterization = \"delta\", ID.fac = \"std.lv\", ID.cat = \"Wu.Estabrook.2016\", group = g, group.equal = EQ, return.fit = FALSE)"
cfa_call <- "cfa(as.character(syntax), data = d, ordered = items, group = g, parameterization = \"delta\", estimator = \"WLSMV\")"

id_rows <- function(fit) {
  pt <- parTable(fit)
  pt <- pt[pt$op %in% c("|", "~*~", "~1", "~~"), c("lhs", "op", "rhs", "group", "free", "ustart", "label", "plabel", "est")]
  rownames(pt) <- NULL
  pt
}

fallback_fit <- function(fitfun, err) {
  w <- catch_warnings(fitfun(control = list(rel.tol = 1e-14)))
  fit <- w$value
  xf <- lavaan:::lav_model_get_parameters(fit@Model, type = "free")
  g <- grad_at(fit, xf); cj <- con_at(fit, xf); pg <- proj_grad(g, cj$J)
  list(fit = fit, fields = list(warnings = I(w$warnings), admissible = admissible_of(fit),
                                max_gradient = max(abs(pg)), max_raw_gradient = max(abs(g)),
                                constraint_residual = if (length(cj$c)) max(abs(cj$c)) else 0,
                                df = unname(fitMeasures(fit, "df")),
                                exact_fit_error = conditionMessage(err)))
}

lrt_list <- function(lrt) {
  tab <- as.data.frame(lrt)
  rows <- lapply(seq_len(nrow(tab)), function(i) c(list(model = rownames(tab)[i]), as_list(unlist(tab[i, ]))))
  heading <- attr(lrt, "heading")
  m <- regmatches(heading, regexpr("method = [^)]*", heading))
  list(method = if (length(m)) gsub("[\"\u201c\u201d]", "", sub("method = ", "", m)) else "standard",
       heading = heading,
       `Chisq diff` = tab[2, "Chisq diff"], `Df diff` = tab[2, "Df diff"], `Pr(>Chisq)` = tab[2, "Pr(>Chisq)"],
       table = rows)
}

# One step: measEq.syntax -> cfa at the exact optimum. Returns list(fit, entry) or
# list(fit = NULL, entry) when measEq.syntax refuses the step.
fit_step <- function(nm, EQ, d, items, g, model, param = "delta") {
  cat(nm, "(", param, ")\n")
  syntax <- tryCatch(measEq.syntax(configural.model = model, data = d, ordered = items,
                                   parameterization = param, ID.fac = "std.lv",
                                   ID.cat = "Wu.Estabrook.2016", group = g, group.equal = EQ,
                                   return.fit = FALSE),
                     error = function(e) e)
  if (inherits(syntax, "error")) {
    cat("  measEq.syntax error:", conditionMessage(syntax), "\n")
    return(list(fit = NULL, entry = list(name = nm, group_equal = I(EQ), parameterization = param,
                                         available = FALSE, measEq_error = conditionMessage(syntax))))
  }
  txt <- as.character(syntax)
  smry <- paste(capture.output(summary(syntax)), collapse = "\n")
  fitfun <- function(...) cfa(txt, data = d, ordered = items, group = g,
                              parameterization = param, estimator = "WLSMV", ...)
  ef <- tryCatch(c(exact_fit(fitfun), list(method = "exact_fit")),
                 error = function(e) c(fallback_fit(fitfun, e),
                                       list(method = "lavaan nlminb, control = list(rel.tol = 1e-14) (exact_fit failed)")))
  fit <- ef$fit
  stopifnot(lavInspect(fit, "converged"))
  list(fit = fit,
       entry = c(list(name = nm, group_equal = I(EQ[EQ != ""]), parameterization = param, available = TRUE,
                      syntax = txt, measEq_summary = smry, fit_method = ef$method,
                      converged = lavInspect(fit, "converged"), npar = lavInspect(fit, "npar"),
                      nobs = I(lavInspect(fit, "nobs")), group_labels = I(lavInspect(fit, "group.label")),
                      fitMeasures = as_list(fitMeasures(fit)),
                      parameterEstimates = pe_rows(fit)),
                 ef$fields,
                 list(identification = id_rows(fit))))
}

lrt_pair <- function(f0, f1, n0, n1) {
  w1 <- catch_warnings(lavTestLRT(f0, f1))
  w2 <- catch_warnings(lavTestLRT(f0, f1, method = "satorra.2000", A.method = "delta", scaled.shifted = TRUE))
  c0 <- unname(fitMeasures(f0, "chisq")); c1 <- unname(fitMeasures(f1, "chisq"))
  d0 <- unname(fitMeasures(f0, "df")); d1 <- unname(fitMeasures(f1, "df"))
  list(from = n0, to = n1,
       default = c(lrt_list(w1$value), list(warnings = I(w1$warnings))),
       explicit = c(lrt_list(w2$value), list(warnings = I(w2$warnings))),
       unscaled = list(chisq_diff = c1 - c0, df_diff = d1 - d0,
                       p = if (d1 > d0) pchisq(c1 - c0, d1 - d0, lower.tail = FALSE) else NA))
}

print_steps <- function(st, lrts) {
  ok <- Filter(function(s) isTRUE(s$available), st)
  print(do.call(rbind, lapply(ok, function(s) data.frame(step = s$name, param = s$parameterization,
    npar = s$npar, df = s$df, chisq = s$fitMeasures$chisq, chisq.scaled = s$fitMeasures$chisq.scaled,
    maxgrad = s$max_gradient, method = s$fit_method, nwarn = length(s$warnings)))), row.names = FALSE, digits = 10)
  print(do.call(rbind, lapply(lrts, function(l) data.frame(from = l$from, to = l$to,
    method = l$default$method, chisq_diff = l$default$`Chisq diff`, df_diff = l$default$`Df diff`,
    p = l$default$`Pr(>Chisq)`, expl_chisq_diff = l$explicit$`Chisq diff`,
    unscaled_diff = l$unscaled$chisq_diff, nwarn = length(l$default$warnings)))), row.names = FALSE, digits = 10)
}

run_dataset <- function(tag, d, items, g, model, data_desc, extra = list()) {
  cat("=====", tag, "\n")
  out <- c(list(dataset = tag, data = data_desc, items = I(items), group = g, model = model,
                R = R.version.string, lavaan = as.character(packageVersion("lavaan")),
                semTools = as.character(packageVersion("semTools")),
                calls = list(measEq = measeq_call, fit = cfa_call,
                             lrt_default = "lavTestLRT(fit[[k-1]], fit[[k]])",
                             lrt_explicit = "lavTestLRT(fit[[k-1]], fit[[k]], method = \"satorra.2000\", A.method = \"delta\", scaled.shifted = TRUE)")),
           extra)
  res <- tryCatch({
    fits <- list(); st <- list()
    for (nm in names(steps)) {
      r <- fit_step(nm, steps[[nm]], d, items, g, model, "delta")
      st[[nm]] <- r$entry
      if (!is.null(r$fit)) fits[[nm]] <- r$fit
      else if (nm != "residuals") stop(r$entry$measEq_error)
    }
    # LRTs between consecutive available steps
    lrts <- lapply(2:length(fits), function(k) lrt_pair(fits[[k - 1]], fits[[k]], names(fits)[k - 1], names(fits)[k]))
    # Supplement: measEq.syntax refuses group.equal "residuals" with parameterization
    # "delta", so the strict step exists only in the theta parameterization. Steps 4
    # (intercepts) and 5 (residuals) rebuilt with parameterization = "theta" (same
    # calls otherwise) and their LRT; the theta step 4 is an equivalent
    # reparameterization of the delta step 4 (same chisq/df).
    sup <- list()
    if (!isTRUE(st$residuals$available)) {
      t4 <- fit_step("intercepts", steps$intercepts, d, items, g, model, "theta")
      t5 <- fit_step("residuals", steps$residuals, d, items, g, model, "theta")
      sup <- list(theta_supplement = list(
        why = st$residuals$measEq_error,
        calls = list(measEq = sub("\"delta\"", "\"theta\"", measeq_call), fit = sub("\"delta\"", "\"theta\"", cfa_call)),
        steps = list(t4$entry, t5$entry),
        lrt = lrt_pair(t4$fit, t5$fit, "intercepts (theta)", "residuals (theta)"),
        delta_vs_theta_intercepts = list(
          chisq_diff = unname(fitMeasures(t4$fit, "chisq") - fitMeasures(fits$intercepts, "chisq")),
          chisq_scaled_diff = unname(fitMeasures(t4$fit, "chisq.scaled") - fitMeasures(fits$intercepts, "chisq.scaled")),
          df_diff = unname(fitMeasures(t4$fit, "df") - fitMeasures(fits$intercepts, "df")))))
    }
    c(list(nobs = I(lavInspect(fits[[1]], "nobs")), group_labels = I(lavInspect(fits[[1]], "group.label")),
           steps = unname(st), lrt = lrts), sup)
  }, error = function(e) list(dropped = TRUE, error = conditionMessage(e)))
  out <- c(out, res)
  write_json_file(out, paste0("invariance_ordinal_", tag, ".json"))
  if (is.null(res$dropped)) {
    print_steps(res$steps, res$lrt)
    if (!is.null(res$theta_supplement)) {
      cat("theta supplement:\n"); print_steps(res$theta_supplement$steps, list(res$theta_supplement$lrt))
      str(res$theta_supplement$delta_vs_theta_intercepts)
    }
  } else cat("DROPPED", tag, ":", res$error, "\n")
  invisible(res)
}

only <- commandArgs(trailingOnly = TRUE)
wanted <- function(tag) length(only) == 0 || tag %in% only

# ---- Holzinger-Swineford, ordinal (4 categories), group = school
hs <- read.csv("hs_ordinal.csv", stringsAsFactors = FALSE)
hs_items <- paste0("x", 1:9)
hs_model <- 'visual =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
speed =~ x7 + x8 + x9'
if (wanted("hs")) run_dataset("hs", hs, hs_items, "school", hs_model, "Tests/SEMTests/Fixtures/ordinal/hs_ordinal.csv",
            list(n_rows_used = nrow(hs)))

# ---- bfi (psych), A1..A5 + C1..C5 (6 categories), group = gender, listwise complete
bfi0 <- read.csv(file.path(DATA_DIR, "bfi.csv"), stringsAsFactors = FALSE)
bfi_items <- c(paste0("A", 1:5), paste0("C", 1:5))
bfi <- bfi0[complete.cases(bfi0[c(bfi_items, "gender")]), c(bfi_items, "gender")]
rownames(bfi) <- NULL
cat_counts <- lapply(split(bfi[bfi_items], bfi$gender), function(x) lapply(x, function(v) tabulate(v, 6L)))
bfi_model <- 'agree =~ A1 + A2 + A3 + A4 + A5
consc =~ C1 + C2 + C3 + C4 + C5'
if (wanted("bfi")) run_dataset("bfi", bfi, bfi_items, "gender", bfi_model, "Datasets/reference/bfi.csv",
            list(n_rows_total = nrow(bfi0), n_rows_used = nrow(bfi),
                 listwise = "complete cases on A1..A5, C1..C5, gender",
                 category_counts_by_gender = cat_counts))

# ---- Holzinger-Swineford, x1..x3 continuous and x4..x9 ordinal, group = school
hs_mixed <- read.csv("hs_mixed.csv", stringsAsFactors = FALSE)
if (wanted("mixed")) run_dataset("mixed", hs_mixed, paste0("x", 4:9), "school", hs_model, "Tests/SEMTests/Fixtures/ordinal/hs_mixed.csv",
                                 list(n_rows_used = nrow(hs_mixed), continuous = I(paste0("x", 1:3))))
