# Ordinal reliability of the bfi Agreeableness (A1-A5, A1 reverse keyed) and
# Conscientiousness (C1-C5, C4 and C5 reverse keyed) scales, from the EXACT
# pairwise two-step ML polychoric matrix (the "pairwise" rho_exact of
# polychoric_bfi.json, recomputed here by the same code in _ordinal_common.R;
# psych's own handling: thresholds from all observed values per item).
# Run from this folder:  Rscript reliability_ordinal.R  -> reliability_ordinal.json
#
#  * psych::alpha(R, keys = <reversed items>): on a correlation matrix
#    raw_alpha == std.alpha = k/(k-1) (1 - k / sum(R_keyed)); average_r is the
#    mean off-diagonal keyed correlation; alpha.drop = the same on the k-1
#    remaining items. Also checked against that closed form ("alpha_closed_form").
#  * psych::omega(R_keyed, nfactors = 1, plot = FALSE): omega.tot =
#    (Vt - sum(u2)) / Vt, Vt = sum(R_keyed), u2 = 1 - h2 of psych's one-factor
#    minres solution (omega_h for one factor is "not meaningful", psych warns;
#    it is recorded as psych returns it). R_keyed is the matrix with the
#    reversed items' rows and columns negated (omega's flip = TRUE would do the
#    same here). "omega_tot_exact" uses the exact one-factor minres solution
#    (minres_exact in _ordinal_common.R) in the same formula.
source("_ordinal_common.R")

bfi <- read.csv(file.path(DATA_DIR, "bfi.csv"))
items <- c(paste0("A", 1:5), paste0("C", 1:5))
ex <- polychoric_exact(bfi[, items])
Rall <- ex$rho

keyed <- function(R, rev) { k <- ifelse(colnames(R) %in% rev, -1, 1); R * outer(k, k) }
alpha_cf <- function(R) { k <- ncol(R); k / (k - 1) * (1 - k / sum(R)) }
df_rows <- function(d) { d <- as.data.frame(d); d <- cbind(item = rownames(d), d, stringsAsFactors = FALSE); rownames(d) <- NULL; d }

scale_case <- function(sc, rev) {
  R <- Rall[sc, sc]; RK <- keyed(R, rev)
  a <- psych::alpha(R, keys = rev)
  cf_drop <- sapply(seq_along(sc), function(i) alpha_cf(RK[-i, -i]))
  stopifnot(abs(a$total$raw_alpha - alpha_cf(RK)) < 1e-13, max(abs(a$alpha.drop$raw_alpha - cf_drop)) < 1e-13)
  om <- catch_warnings(psych::omega(RK, nfactors = 1, plot = FALSE))
  o <- om$value
  mr <- minres_exact(RK, 1L, 1 - o$schmid$sl[, "h2"])
  u2 <- mr$psi; Vt <- sum(RK)
  L1 <- mr$loadings[, 1]; if (sum(L1) < 0) L1 <- -L1
  list(items = sc, reversed = I(rev),
       polychoric = mat2list(R),
       alpha = list(call = sprintf("psych::alpha(R, keys = c(%s))", paste0('"', rev, '"', collapse = ", ")),
                    total = as_list(unlist(a$total)),
                    alpha.drop = df_rows(a$alpha.drop),
                    item.stats = df_rows(a$item.stats),
                    alpha_closed_form = alpha_cf(RK), alpha_drop_closed_form = setNames(as.list(cf_drop), sc)),
       omega = list(call = "psych::omega(R_keyed, nfactors = 1, plot = FALSE)",
                    omega.tot = o$omega.tot, omega_h = o$omega_h, alpha = o$alpha, G6 = o$G6,
                    g_loadings = as_list(setNames(o$schmid$sl[, "g"], sc)),
                    h2 = as_list(setNames(o$schmid$sl[, "h2"], sc)),
                    u2 = as_list(setNames(o$schmid$sl[, "u2"], sc)),
                    warnings = I(om$warnings),
                    omega_tot_exact = (Vt - sum(u2)) / Vt,
                    exact_minres = list(loadings = as_list(setNames(L1, sc)),
                                        u2 = as_list(u2), max_abs_gradient = mr$max_abs_gradient),
                    psych_minus_exact_omega_tot = o$omega.tot - (Vt - sum(u2)) / Vt))
}
A <- scale_case(paste0("A", 1:5), "A1")
C <- scale_case(paste0("C", 1:5), c("C4", "C5"))
cat("A: alpha", A$alpha$total$raw_alpha, " omega.tot", A$omega$omega.tot, " exact", A$omega$omega_tot_exact, "\n")
cat("C: alpha", C$alpha$total$raw_alpha, " omega.tot", C$omega$omega.tot, " exact", C$omega$omega_tot_exact, "\n")

out <- list(case = "reliability_ordinal", script = "reliability_ordinal.R", software = versions(),
            data = "Datasets/reference/bfi.csv",
            polychoric = "exact two-step ML, pairwise handling (see polychoric_bfi.R / _ordinal_common.R)",
            n_rows = nrow(bfi),
            matrix_layout = "{rownames, colnames, values}: values row-major; alpha.drop / item.stats: one object per item (item = psych's row name, '-' marks reversed)",
            agreeableness = A, conscientiousness = C)
write_json_file(out, "reliability_ordinal.json")
