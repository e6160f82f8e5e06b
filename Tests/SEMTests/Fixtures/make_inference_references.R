# Reference outputs for SEM inference beyond single-group normal-theory ML
# (issue 6), from R's lavaan (Debian r-cran-lavaan 0.6.14).
# Run from this folder:  Rscript make_inference_references.R
# Like make_references.R, every fit uses BFGS with reltol 1e-16 so lavaan
# reaches the optimum ClusterStat's optimizer (gradient 1e-10) finds.
#
# It also writes Datasets/reference/HolzingerSwineford1939-missing.csv: the HS
# data with 5% of the x1..x9 cells deleted completely at random under
# set.seed(20261121) (no row loses every item), for the FIML references.
suppressPackageStartupMessages({ library(lavaan); library(jsonlite) })
options(digits = 15)
data_dir <- file.path("..", "..", "..", "Datasets", "reference")
hs <- read.csv(file.path(data_dir, "HolzingerSwineford1939.csv"))
tight <- list(reltol = 1e-16, maxit = 10000)
as_list <- function(x) { v <- unclass(x); attributes(v) <- NULL; names(v) <- names(x); as.list(v) }

save_case <- function(case, fit, model, call, extra = list()) {
  pe <- parameterEstimates(fit, standardized = TRUE)
  if (!"label" %in% names(pe)) pe$label <- ""
  if (!"group" %in% names(pe)) pe$group <- 1L
  keep <- c("lhs", "op", "rhs", "group", "label", "est", "se", "z", "pvalue", "ci.lower", "ci.upper", "std.lv", "std.all")
  out <- c(list(case = case, call = call, model = model,
              lavaan = as.character(packageVersion("lavaan")),
              converged = lavInspect(fit, "converged"), iterations = lavInspect(fit, "iterations"),
              nobs = lavInspect(fit, "nobs"),
              parameterEstimates = pe[, keep],
              fitMeasures = as_list(fitMeasures(fit))), extra)
  writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, na = "null", pretty = TRUE, dataframe = "rows"),
             paste0(case, ".json"))
  cat("wrote", case, "\n")
}

hs3 <- 'visual =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
speed =~ x7 + x8 + x9'

# Mean structure, one group.
save_case("hs_cfa_means", cfa(hs3, data = hs, meanstructure = TRUE, optim.method = "BFGS", control = tight), hs3,
          "cfa(hs3, data = HS, meanstructure = TRUE)")

# Multiple groups: HS by school, the invariance sequence.
steps <- list(configural = character(0), metric = "loadings", scalar = c("loadings", "intercepts"),
              strict = c("loadings", "intercepts", "residuals"))
# The four steps with `estimator`, each saved as hs_school_<step><suffix>.
invariance_fits <- function(estimator = "ML", suffix = "") {
  fits <- list()
  for (nm in names(steps)) {
    fits[[nm]] <- cfa(hs3, data = hs, group = "school", group.equal = if (length(steps[[nm]])) steps[[nm]] else "",
                      estimator = estimator, optim.method = "BFGS", control = tight)
    save_case(paste0("hs_school_", nm, suffix), fits[[nm]], hs3,
              sprintf("cfa(hs3, data = HS, group = 'school', group.equal = c(%s)%s)",
                      paste0("'", steps[[nm]], "'", collapse = ", "), if (estimator == "ML") "" else sprintf(", estimator = '%s'", estimator)))
  }
  fits
}
fits <- invariance_fits()
# lavTestLRT over the four steps, as rows.
save_lrt <- function(fits, call, file) {
  lrt <- lavTestLRT(fits$configural, fits$metric, fits$scalar, fits$strict)
  rows <- data.frame(model = rownames(lrt), Df = lrt$Df, AIC = lrt$AIC, BIC = lrt$BIC, Chisq = lrt$Chisq,
                     Chisq.diff = lrt[["Chisq diff"]], Df.diff = lrt[["Df diff"]], Pr = lrt[["Pr(>Chisq)"]])
  writeLines(toJSON(list(call = call, rows = rows), auto_unbox = TRUE, digits = NA, na = "null", pretty = TRUE, dataframe = "rows"), file)
}
save_lrt(fits, "lavTestLRT(configural, metric, scalar, strict)", "hs_school_lrt.json")
save_case("hs_school_partial",
          cfa(hs3, data = hs, group = "school", group.equal = c("loadings", "intercepts"), group.partial = c("x3 ~ 1", "x7 ~ 1"),
              optim.method = "BFGS", control = tight), hs3,
          "cfa(hs3, data = HS, group = 'school', group.equal = c('loadings', 'intercepts'), group.partial = c('x3 ~ 1', 'x7 ~ 1'))")

# Robust estimators.
save_case("hs_cfa_mlm", cfa(hs3, data = hs, estimator = "MLM", optim.method = "BFGS", control = tight), hs3,
          "cfa(hs3, data = HS, estimator = 'MLM')")
save_case("hs_cfa_mlr", cfa(hs3, data = hs, estimator = "MLR", optim.method = "BFGS", control = tight), hs3,
          "cfa(hs3, data = HS, estimator = 'MLR')")

# FIML on a copy with 5% of the item cells deleted.
set.seed(20261121)
items <- paste0("x", 1:9)
hsm <- hs[, c("id", "school", items)]
cells <- which(matrix(runif(nrow(hsm) * 9) < 0.05, ncol = 9), arr.ind = TRUE)
for (k in seq_len(nrow(cells))) hsm[cells[k, 1], items[cells[k, 2]]] <- NA
stopifnot(all(rowSums(is.na(hsm[, items])) < 9))
write.csv(hsm, file.path(data_dir, "HolzingerSwineford1939-missing.csv"), row.names = FALSE, na = "")
cat("deleted", sum(is.na(hsm[, items])), "of", nrow(hsm) * 9, "cells\n")
save_case("hs_cfa_fiml", cfa(hs3, data = hsm, missing = "ml", optim.method = "BFGS", control = tight), hs3,
          "cfa(hs3, data = HS-missing, missing = 'ml')")
save_case("hs_cfa_fiml_mlr", cfa(hs3, data = hsm, missing = "ml", estimator = "MLR", optim.method = "BFGS", control = tight), hs3,
          "cfa(hs3, data = HS-missing, missing = 'ml', estimator = 'MLR')")
save_case("hs_school_fiml", cfa(hs3, data = hsm, missing = "ml", group = "school", group.equal = "loadings",
                                optim.method = "BFGS", control = tight), hs3,
          "cfa(hs3, data = HS-missing, missing = 'ml', group = 'school', group.equal = 'loadings')")

# MLR beyond one complete group: with groups (complete data and FIML), with a
# mean structure, and the invariance sequence's scaled difference tests
# (lavTestLRT's default for robust fits: Satorra & Bentler 2001).
save_case("hs_cfa_means_mlr", cfa(hs3, data = hs, estimator = "MLR", meanstructure = TRUE, optim.method = "BFGS", control = tight), hs3,
          "cfa(hs3, data = HS, estimator = 'MLR', meanstructure = TRUE)")
save_case("hs_school_fiml_mlr", cfa(hs3, data = hsm, missing = "ml", estimator = "MLR", group = "school", group.equal = "loadings",
                                    optim.method = "BFGS", control = tight), hs3,
          "cfa(hs3, data = HS-missing, missing = 'ml', estimator = 'MLR', group = 'school', group.equal = 'loadings')")
robust_fits <- invariance_fits("MLR", "_mlr")
save_lrt(robust_fits, "lavTestLRT(configural, metric, scalar, strict) # MLR: method = 'satorra.bentler.2001'", "hs_school_lrt_mlr.json")
