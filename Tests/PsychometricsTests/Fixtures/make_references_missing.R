# Reference numbers for psych's missing-data defaults, reverse keys, ω both
# ways and parallel analysis (psych 2.2.9, GPArotation 2022.10.2; Debian
# r-cran-psych r-cran-gparotation r-cran-jsonlite).
#   Rscript make_references_missing.R      (from this folder) writes psych_missing.json
# psych's own defaults throughout: use = "pairwise" in alpha, KMO, fa, omega
# and fa.parallel; cortest.bartlett on raw data takes n = nrow(x). "listwise"
# is the same call on x[complete.cases(x), ] (what ClusterStat's --use
# listwise computes).
suppressPackageStartupMessages({ library(psych); library(GPArotation); library(jsonlite) })
here <- local({a <- commandArgs(FALSE); f <- sub("^--file=", "", a[grep("^--file=", a)]); if (length(f)) dirname(normalizePath(f)) else getwd()})
data_dir <- file.path(here, "..", "..", "..", "Datasets")
hs <- read.csv(file.path(data_dir, "reference", "HolzingerSwineford1939.csv"))
bfi <- read.csv(file.path(data_dir, "reference", "bfi.csv"))
study <- read.csv(file.path(data_dir, "cluster-enterprise", "responses.csv"), check.names = FALSE)
study[study == -2 | study == -3] <- NA   # 问卷星's skipped / not shown
AC <- study[, 22:33]; colnames(AC) <- c(paste0("ACQ", 1:3), paste0("ASM", 1:3), paste0("TRN", 1:3), paste0("EXP", 1:3))
NC <- study[, 34:45]; colnames(NC) <- c(paste0("NV", 1:3), paste0("NB", 1:3), paste0("RM", 1:3), paste0("NP", 1:3))
AC <- as.data.frame(lapply(AC, as.numeric)); NC <- as.data.frame(lapply(NC, as.numeric))

items <- function(prefixes) unlist(lapply(prefixes, function(t) paste0(t, 1:5)))
rows <- function(m) unname(lapply(seq_len(nrow(m)), function(i) unname(as.numeric(m[i, ]))))
listwise <- function(x) x[complete.cases(x), , drop = FALSE]

alpha_case <- function(x, check.keys = FALSE) {
  a <- suppressWarnings(psych::alpha(x, check.keys = check.keys, warnings = FALSE))
  list(items = colnames(x), nrow = nrow(x), keys = unname(unlist(a$keys)),
       reversed = colnames(x)[grepl("-$", rownames(a$item.stats))],
       total = as.list(a$total), feldt = c(a$feldt$lower.ci[[1]], a$feldt$upper.ci[[1]]),
       alpha_drop = unname(a$alpha.drop$raw_alpha), std_alpha_drop = unname(a$alpha.drop$std.alpha),
       n = unname(a$item.stats$n), r_drop = unname(a$item.stats$r.drop), raw_r = unname(a$item.stats$raw.r),
       std_r = unname(a$item.stats$std.r), r_cor = unname(a$item.stats$r.cor),
       mean = unname(a$item.stats$mean), sd = unname(a$item.stats$sd))
}
adequacy_case <- function(x) {
  k <- KMO(x); b <- suppressMessages(cortest.bartlett(x))
  list(items = colnames(x), msa = k$MSA, msai = unname(k$MSAi), chisq = b$chisq, df = b$df, pvalue = b$p.value,
       eigenvalues = unname(eigen(cor(x, use = "pairwise"))$values))
}
fa_case <- function(x, k, fm, rot) {
  f <- suppressWarnings(fa(x, nfactors = k, fm = fm, rotate = rot))
  L <- unclass(f$loadings)
  list(items = colnames(x), factors = k, fm = fm, rotation = rot, n_obs = f$n.obs,
       loadings = rows(L), h2 = unname(f$communality), values = unname(f$values),
       Phi = if (is.null(f$Phi)) NULL else rows(f$Phi),
       objective = f$objective, STATISTIC = f$STATISTIC, dof = f$dof, PVAL = f$PVAL,
       null_chisq = f$null.chisq, null_dof = f$null.dof, TLI = f$TLI, RMSEA = unname(f$RMSEA[1:3]), BIC = f$BIC)
}
omega_case <- function(x, k) {
  o <- suppressWarnings(suppressMessages(omega(x, nfactors = k, plot = FALSE)))
  sl <- o$schmid$sl
  list(items = colnames(x), factors = k, omega_h = o$omega_h, omega_tot = o$omega.tot, alpha = o$alpha, G6 = o$G6,
       omega_lim = o$omega.lim, ECV = unname(o$ECV), key = unname(o$key),
       g = unname(sl[, 1]), group = rows(sl[, 2:(k + 1), drop = FALSE]), h2 = unname(sl[, "h2"]), u2 = unname(sl[, "u2"]),
       group_total = unname(o$omega.group$total), group_general = unname(o$omega.group$general),
       group_group = unname(o$omega.group$group))
}
parallel_case <- function(x, seeds = 1:40) {
  runs <- lapply(seeds, function(s) {
    set.seed(s)
    p <- suppressWarnings(suppressMessages(fa.parallel(x, fm = "minres", fa = "both", n.iter = 20, plot = FALSE)))
    c(nfact = p$nfact, ncomp = p$ncomp)
  })
  list(items = colnames(x), seeds = seeds, nfact = sapply(runs, `[`, "nfact"), ncomp = sapply(runs, `[`, "ncomp"))
}

nonpd <- matrix(c(1, .9, .9, .1, .9, 1, .1, .9, .9, .1, 1, .9, .1, .9, .9, 1), 4)

out <- list(
  software = list(R = R.version.string, psych = as.character(packageVersion("psych")),
                  GPArotation = as.character(packageVersion("GPArotation"))),
  calls = list(
    alpha = "psych::alpha(x, check.keys = ck) on all rows (pairwise, psych's default) and on x[complete.cases(x), ] (listwise)",
    adequacy = "psych::KMO(x), psych::cortest.bartlett(x) on raw x (pairwise r, n = nrow(x))",
    fa = "psych::fa(x, nfactors = k, fm = fm, rotate = rotation) on raw x (pairwise r, n.obs = nrow(x))",
    omega = "psych::omega(x, nfactors = k, plot = FALSE)",
    parallel = "set.seed(s); psych::fa.parallel(x, fm = 'minres', fa = 'both', n.iter = 20) for s in seeds",
    smooth = "psych::cor.smooth(nonpd)"),
  alpha = list(
    bfi_A_keys_pairwise = alpha_case(bfi[, items("A")], TRUE),
    bfi_A_keys_listwise = alpha_case(listwise(bfi[, items("A")]), TRUE),
    bfi_C_keys_pairwise = alpha_case(bfi[, items("C")], TRUE),
    bfi_E_keys_pairwise = alpha_case(bfi[, items("E")], TRUE),
    bfi_N_pairwise = alpha_case(bfi[, items("N")]),
    bfi_N_listwise = alpha_case(listwise(bfi[, items("N")])),
    bfi_C_pairwise = alpha_case(bfi[, items("C")])),
  adequacy = list(
    bfi_pairwise = adequacy_case(bfi[, items(c("A", "C", "E", "N", "O"))]),
    bfi_listwise = adequacy_case(listwise(bfi[, items(c("A", "C", "E", "N", "O"))])),
    nc_pairwise = adequacy_case(NC)),
  fa = list(
    bfi_minres_oblimin_pairwise = fa_case(bfi[, items(c("A", "C", "E", "N", "O"))], 5, "minres", "oblimin"),
    bfi_ml_promax_pairwise = fa_case(bfi[, items(c("A", "C", "E", "N", "O"))], 5, "ml", "promax"),
    bfi_NO_minres_pairwise = fa_case(bfi[, items(c("N", "O"))], 3, "minres", "oblimin"),
    hs_minres_oblimin = fa_case(hs[, paste0("x", 1:9)], 3, "minres", "oblimin"),
    nc_minres_oblimin_pairwise = fa_case(NC, 4, "minres", "oblimin")),
  omega = list(
    hs_3 = omega_case(hs[, paste0("x", 1:9)], 3),
    bfi_C_1 = omega_case(bfi[, items("C")], 1),
    bfi_C_2 = omega_case(bfi[, items("C")], 2),
    bfi_C_3 = omega_case(bfi[, items("C")], 3),
    bfi_25_5 = omega_case(bfi[, items(c("A", "C", "E", "N", "O"))], 5)),
  parallel = list(
    bfi_NO = parallel_case(bfi[, items(c("N", "O"))]),
    bfi_AC = parallel_case(bfi[, items(c("A", "C"))]),
    bfi_AE = parallel_case(bfi[, items(c("A", "C", "E"))]),
    hs = parallel_case(hs[, paste0("x", 1:9)]),
    nc = parallel_case(NC),
    ac = parallel_case(AC)),
  smooth = list(input = rows(nonpd), output = rows(suppressWarnings(cor.smooth(nonpd))))
)
write_json(out, file.path(here, "psych_missing.json"), digits = NA, auto_unbox = TRUE, null = "null", pretty = TRUE)
