# Reference outputs for SEMTests, from R's lavaan (Debian r-cran-lavaan 0.6.14).
# Run from this folder:  Rscript make_references.R
# Each case is written to <case>.json with lavaan's parameterEstimates(),
# fitMeasures(), lavInspect(fit, "r2"), convergence and iterations.
#
# nlminb's default stopping rule (rel.tol 1e-10) leaves lavaan ~2e-6 short of
# the optimum, and on weakly determined parameters (Bollen's residual
# covariances) ~1e-4; nlminb refuses tighter rel.tol ("false convergence").
# These cases are fitted with lavaan's BFGS option and reltol 1e-16, which
# reaches the optimum (Bollen: fmin 0.267863263257449, against nlminb's
# 0.267863263531619) that ClusterStat, whose optimizer stops at a gradient of
# 1e-10, also finds; the comparison's tolerance can then stay 1e-5.
suppressPackageStartupMessages({ library(lavaan); library(jsonlite) })
options(digits = 15)
data_dir <- file.path("..", "..", "..", "Datasets", "reference")
hs <- read.csv(file.path(data_dir, "HolzingerSwineford1939.csv"))
pd <- read.csv(file.path(data_dir, "PoliticalDemocracy.csv"))
tight <- list(reltol = 1e-16, maxit = 10000)

as_list <- function(x) { v <- unclass(x); attributes(v) <- NULL; names(v) <- names(x); as.list(v) }

save_case <- function(case, fit, model, call) {
  pe <- parameterEstimates(fit, standardized = TRUE)
  if (!"label" %in% names(pe)) pe$label <- ""
  keep <- c("lhs", "op", "rhs", "label", "est", "se", "z", "pvalue", "ci.lower", "ci.upper", "std.lv", "std.all")
  out <- list(case = case, call = call, model = model,
              lavaan = as.character(packageVersion("lavaan")),
              converged = lavInspect(fit, "converged"), iterations = lavInspect(fit, "iterations"),
              parameterEstimates = pe[, keep],
              fitMeasures = as_list(fitMeasures(fit)),
              r2 = as_list(lavInspect(fit, "r2")))
  writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, na = "null", pretty = TRUE, dataframe = "rows"),
             paste0(case, ".json"))
  cat("wrote", case, "\n")
}

bollen <- '
  ind60 =~ x1 + x2 + x3
  dem60 =~ y1 + a*y2 + b*y3 + c*y4
  dem65 =~ y5 + a*y6 + b*y7 + c*y8
  dem60 ~ ind60
  dem65 ~ ind60 + dem60
  y1 ~~ y5
  y2 ~~ y4 + y6
  y3 ~~ y7
  y4 ~~ y8
  y6 ~~ y8
'
save_case("polidem_sem_tight", sem(bollen, data = pd, optim.method = "BFGS", control = tight), bollen,
          "sem(bollen, data = PoliticalDemocracy, optim.method = 'BFGS', control = tight)")

hs3 <- 'visual =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
speed =~ x7 + x8 + x9'
save_case("hs_cfa_stdlv", cfa(hs3, data = hs, std.lv = TRUE, optim.method = "BFGS", control = tight), hs3,
          "cfa(hs3, data = HS, std.lv = TRUE, optim.method = 'BFGS', control = tight)")
save_case("hs_cfa_gls", cfa(hs3, data = hs, estimator = "GLS", optim.method = "BFGS", control = tight), hs3,
          "cfa(hs3, data = HS, estimator = 'GLS', optim.method = 'BFGS', control = tight)")
save_case("hs_cfa_uls", cfa(hs3, data = hs, estimator = "ULS", optim.method = "BFGS", control = tight), hs3,
          "cfa(hs3, data = HS, estimator = 'ULS', optim.method = 'BFGS', control = tight)")

second <- paste(hs3, 'g =~ visual + textual + speed', sep = '\n')
save_case("hs_second_order", cfa(second, data = hs, optim.method = "BFGS", control = tight), second,
          "cfa(second-order, data = HS, optim.method = 'BFGS', control = tight)")

covariates <- 'visual =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
visual ~ ageyr + grade
textual ~ visual + ageyr'
save_case("hs_covariates", sem(covariates, data = hs, optim.method = "BFGS", control = tight), covariates,
          "sem(covariates, data = HS, optim.method = 'BFGS', control = tight) # ageyr, grade: fixed.x; listwise (grade has one NA)")

path <- 'y1 ~ x1 + x2
y5 ~ y1 + x1
y2 ~ y1'
save_case("polidem_path", sem(path, data = pd, optim.method = "BFGS", control = tight), path,
          "sem(path, data = PoliticalDemocracy, optim.method = 'BFGS', control = tight) # observed variables only")

# Modification indices (expected information), lavaan's modindices().
save_mi <- function(case, fit, model, call) {
  mi <- modindices(fit)
  out <- list(case = case, call = call, model = model, lavaan = as.character(packageVersion("lavaan")),
              modindices = mi[, c("lhs", "op", "rhs", "mi", "epc", "sepc.lv", "sepc.all")])
  writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, na = "null", pretty = TRUE, dataframe = "rows"),
             paste0(case, ".json"))
  cat("wrote", case, "\n")
}
save_mi("hs_cfa_modindices", cfa(hs3, data = hs, optim.method = "BFGS", control = tight), hs3,
        "modindices(cfa(hs3, data = HS))")
mediation <- 'visual =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
speed =~ x7 + x8 + x9
textual ~ a*visual
speed ~ b*textual + c*visual'
save_mi("hs_sem_modindices", sem(mediation, data = hs, optim.method = "BFGS", control = tight), mediation,
        "modindices(sem(mediation, data = HS))")

# Measurement quality from a CFA, semTools 0.5.6 defaults: compRelSEM (obs.var
# = TRUE: the observed variance of the sum score), AVE (obs.var = TRUE) and
# htmt (htmt2 = TRUE: geometric means of absolute correlations).
suppressPackageStartupMessages(library(semTools))
save_reliability <- function(case, model, data, call) {
  fit <- cfa(model, data = data, optim.method = "BFGS", control = tight)
  h <- htmt(model, data)
  out <- list(case = case, call = call, model = model, semTools = as.character(packageVersion("semTools")),
              cr = as_list(compRelSEM(fit)), ave = as_list(AVE(fit)),
              htmt = list(factors = colnames(h), values = unname(lapply(seq_len(nrow(h)), function(i) unname(as.numeric(h[i, ]))))),
              cov_lv = list(factors = colnames(lavInspect(fit, "cor.lv")),
                            values = unname(lapply(seq_len(nrow(lavInspect(fit, "cor.lv"))), function(i) unname(as.numeric(lavInspect(fit, "cor.lv")[i, ]))))))
  writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, na = "null", pretty = TRUE), paste0(case, ".json"))
  cat("wrote", case, "\n")
}
save_reliability("hs_reliability", hs3, hs, "compRelSEM(fit); AVE(fit); htmt(hs3, HS); lavInspect(fit, 'cor.lv')")
bfi <- read.csv(file.path(data_dir, "bfi.csv"))
big5 <- 'A =~ A1 + A2 + A3 + A4 + A5
C =~ C1 + C2 + C3 + C4 + C5
E =~ E1 + E2 + E3 + E4 + E5'
save_reliability("bfi_reliability", big5, bfi, "compRelSEM(fit); AVE(fit); htmt(big5, bfi) # listwise")
