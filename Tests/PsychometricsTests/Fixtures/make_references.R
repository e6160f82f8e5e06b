# Reference numbers for Tests/PsychometricsTests, from psych 2.2.9,
# GPArotation 2022.10.2, semTools 0.5.6 and lavaan 0.6.14 (Debian packages
# r-cran-psych r-cran-gparotation r-cran-semtools r-cran-lavaan).
#   Rscript make_references.R      (from this folder) writes psych_more.json
# psych_alpha_hs.json and psych_efa_bfi.json are copies of ../shared/reference/out
# (made by the scripts there).
suppressPackageStartupMessages({ library(psych); library(GPArotation); library(jsonlite); library(lavaan); library(semTools) })
here <- local({a <- commandArgs(FALSE); f <- sub("^--file=", "", a[grep("^--file=", a)]); if (length(f)) dirname(normalizePath(f)) else getwd()})
data_dir <- file.path(here, "..", "..", "..", "Datasets", "reference")
hs <- read.csv(file.path(data_dir, "HolzingerSwineford1939.csv"))
bfi <- read.csv(file.path(data_dir, "bfi.csv"))
X <- bfi[complete.cases(bfi[, 1:25]), 1:25]

rows <- function(m) unname(lapply(seq_len(nrow(m)), function(i) unname(as.numeric(m[i, ]))))
fa_case <- function(fm, rot, k = 5) {
  f <- fa(X, nfactors = k, fm = fm, rotate = rot)
  L <- unclass(f$loadings)
  list(fm = fm, rotation = rot, factors = k, loadings = rows(L), h2 = unname(f$communality),
       Phi = if (is.null(f$Phi)) NULL else rows(f$Phi),
       ss = unname(if (is.null(f$Phi)) colSums(L^2) else diag(f$Phi %*% t(L) %*% L)),
       complexity = unname(f$complexity), values = unname(f$values),
       objective = f$objective, STATISTIC = f$STATISTIC, dof = f$dof, PVAL = f$PVAL)
}
alpha_case <- function(items, data) {
  a <- psych::alpha(data[, items])
  list(items = items, n = nrow(data[complete.cases(data[, items]), ]),
       total = as.list(a$total), ase = a$total$ase,
       feldt = c(a$feldt$lower.ci[[1]], a$feldt$upper.ci[[1]]),
       duhachek = c(a$total$raw_alpha - qnorm(0.975) * a$total$ase, a$total$raw_alpha + qnorm(0.975) * a$total$ase),
       alpha_drop = unname(a$alpha.drop$raw_alpha), std_alpha_drop = unname(a$alpha.drop$std.alpha),
       r_drop = unname(a$item.stats$r.drop), raw_r = unname(a$item.stats$raw.r), std_r = unname(a$item.stats$std.r),
       r_cor = unname(a$item.stats$r.cor), mean = unname(a$item.stats$mean), sd = unname(a$item.stats$sd),
       smc = unname(smc(cor(data[complete.cases(data[, items]), items]))))
}
bfiA <- bfi[complete.cases(bfi[, c("A2", "A3", "A4", "A5")]), ]
set.seed(20180501)
par <- fa.parallel(X, fm = "minres", fa = "both", n.iter = 20, plot = FALSE)
hs_corr <- corr.test(hs[, c("x1", "x2", "x3", "x4")])
hs_spear <- corr.test(hs[, c("x1", "x2", "x3", "x4")], method = "spearman")
bfi_pair <- corr.test(bfi[, c("A1", "C1", "E1", "N1", "O1")], use = "pairwise")
omega_fit <- cfa("f =~ x4 + x5 + x6", data = hs)
out <- list(
  software = list(R = R.version.string, psych = as.character(packageVersion("psych")),
                  GPArotation = as.character(packageVersion("GPArotation")),
                  semTools = as.character(packageVersion("semTools")), lavaan = as.character(packageVersion("lavaan"))),
  calls = list(
    fa = "psych::fa(X, nfactors = 5, fm = fm, rotate = rotation), X = bfi[complete.cases(bfi[, 1:25]), 1:25]",
    principal = "psych::principal(X, nfactors = 5, rotate = 'none')",
    alpha = "psych::alpha(data[, items]) on complete cases",
    parallel = "set.seed(20180501); psych::fa.parallel(X, fm = 'minres', fa = 'both', n.iter = 20)",
    corr = "psych::corr.test(HS[, c('x1','x2','x3','x4')]) (pearson, spearman); corr.test(bfi[, c('A1','C1','E1','N1','O1')], use = 'pairwise')",
    omega = "semTools::compRelSEM(cfa('f =~ x4 + x5 + x6', data = HS))"),
  fa = list(minres_oblimin = fa_case("minres", "oblimin"), ml_none = fa_case("ml", "none"),
            ml_promax = fa_case("ml", "promax"), minres_quartimax = fa_case("minres", "quartimax"),
            minres_geominQ = fa_case("minres", "geominQ"), pa_oblimin = fa_case("pa", "oblimin"),
            minres_varimax = fa_case("minres", "varimax")),
  principal_none = local({ p <- principal(X, nfactors = 5, rotate = "none"); list(loadings = rows(unclass(p$loadings)), h2 = unname(p$communality)) }),
  alpha = list(bfi_A2_A5 = alpha_case(c("A2", "A3", "A4", "A5"), bfiA), hs_x4_x6 = alpha_case(c("x4", "x5", "x6"), hs)),
  omega_hs_x4_x6 = unname(compRelSEM(omega_fit)),
  parallel = list(nfact = par$nfact, ncomp = par$ncomp, fa_values = unname(par$fa.values), pc_values = unname(par$pc.values),
                  sim_fa = unname(par$fa.sim), sim_pc = unname(par$pc.sim)),
  corr = list(pearson_r = rows(hs_corr$r), pearson_p = rows(hs_corr$p), spearman_r = rows(hs_spear$r), spearman_p = rows(hs_spear$p),
              pairwise_r = rows(bfi_pair$r), pairwise_n = rows(bfi_pair$n), pairwise_p = rows(bfi_pair$p))
)
write_json(out, file.path(here, "psych_more.json"), digits = NA, auto_unbox = TRUE, null = "null", pretty = TRUE)
