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
fits <- list()
steps <- list(configural = character(0), metric = "loadings", scalar = c("loadings", "intercepts"),
              strict = c("loadings", "intercepts", "residuals"))
for (nm in names(steps)) {
  fits[[nm]] <- if (length(steps[[nm]]) == 0)
    cfa(hs3, data = hs, group = "school", optim.method = "BFGS", control = tight) else
    cfa(hs3, data = hs, group = "school", group.equal = steps[[nm]], optim.method = "BFGS", control = tight)
  save_case(paste0("hs_school_", nm), fits[[nm]], hs3,
            sprintf("cfa(hs3, data = HS, group = 'school', group.equal = c(%s))",
                    paste0("'", steps[[nm]], "'", collapse = ", ")))
}
lrt <- lavTestLRT(fits$configural, fits$metric, fits$scalar, fits$strict)
lrt_rows <- data.frame(model = rownames(lrt), Df = lrt$Df, AIC = lrt$AIC, BIC = lrt$BIC, Chisq = lrt$Chisq,
                       Chisq.diff = lrt[["Chisq diff"]], Df.diff = lrt[["Df diff"]], Pr = lrt[["Pr(>Chisq)"]])
writeLines(toJSON(list(call = "lavTestLRT(configural, metric, scalar, strict)", rows = lrt_rows),
                  auto_unbox = TRUE, digits = NA, na = "null", pretty = TRUE, dataframe = "rows"), "hs_school_lrt.json")
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
