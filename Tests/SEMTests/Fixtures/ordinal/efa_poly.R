# Two-factor minres EFA with oblimin rotation of bfi A1-A5, C1-C5 on
# polychoric correlations.
# Run from this folder:  Rscript efa_poly.R  -> efa_poly.json
#
#  psych_exact_r : psych::fa(r = R, nfactors = 2, n.obs = 2800, fm = "minres",
#                  rotate = "oblimin"), R = the EXACT pairwise two-step ML
#                  polychoric matrix (_ordinal_common.R; = polychoric_bfi.json
#                  pairwise rho_exact). n.obs = nrow(bfi) = 2800, what
#                  fa(x, cor = "poly") uses; it only affects fit statistics.
#  psych_poly    : psych::fa(x, nfactors = 2, cor = "poly"), i.e. on
#                  psych::polychoric(x)$rho (~2e-5 from exact), psych defaults
#                  (fm = "minres", rotate = "oblimin").
#  exact         : the exact minres optimum for R (Newton on psych's minres
#                  gradient, started from psych's uniquenesses) rotated by an
#                  exact quartimin/oblimin (Newton on the rotation angles,
#                  started from GPArotation::oblimin's default solution), in
#                  psych's sign/order conventions. psych's own answer
#                  (psych_exact_r) is ~1e-6 away from it because optim's
#                  L-BFGS-B and GPFoblq (eps = 1e-5) stop early.
#  Fields per solution: loadings (pattern, 10 x 2), Phi, communality
#  (psych's h2 = diag(L Phi L')), communalities (psych: 1 - optim's psi),
#  uniquenesses (diag(R - L Phi L')), Structure (L Phi).
source("_ordinal_common.R")

bfi <- read.csv(file.path(DATA_DIR, "bfi.csv"))
items <- c(paste0("A", 1:5), paste0("C", 1:5))
x <- bfi[, items]
N <- nrow(x)
R <- polychoric_exact(x)$rho
maxabs <- function(a, b) max(abs(as.numeric(unclass(a)) - as.numeric(unclass(b))))

fa_fields <- function(f) list(
  loadings = mat2list(unclass(f$loadings)), Phi = mat2list(f$Phi),
  communality = as_list(f$communality), communalities = as_list(f$communalities),
  uniquenesses = as_list(f$uniquenesses), Structure = mat2list(unclass(f$Structure)),
  values = f$values, e.values = f$e.values, objective = f$objective)

f1 <- catch_warnings(fa(r = R, nfactors = 2, n.obs = N, fm = "minres", rotate = "oblimin"))
f2 <- catch_warnings(fa(x, nfactors = 2, cor = "poly"))
a <- f1$value; b <- f2$value
stopifnot(identical(colnames(a$loadings), c("MR1", "MR2")), identical(colnames(b$loadings), c("MR1", "MR2")))

mr <- minres_exact(R, 2L, 1 - a$communalities)
rot <- oblimin2_exact(mr$loadings)
L <- rot$loadings; Phi <- rot$Phi
model <- L %*% Phi %*% t(L)
exact <- list(loadings = mat2list(L), Phi = mat2list(Phi),
              communality = as_list(setNames(diag(model), items)),
              uniquenesses = as_list(setNames(diag(R - model), items)),
              Structure = mat2list(L %*% Phi),
              unrotated_loadings = mat2list(mr$loadings),
              minres_max_abs_gradient = mr$max_abs_gradient,
              oblimin_criterion = rot$criterion, oblimin_max_abs_gradient = rot$max_abs_gradient,
              gparotation_default_criterion = rot$gparotation_start$criterion)
stopifnot(max(abs(diag(model) - (1 - mr$psi))) < 1e-12)

diffs <- list(
  psych_poly_vs_psych_exact_r = list(loadings = maxabs(b$loadings, a$loadings), Phi = maxabs(b$Phi, a$Phi),
                                     communality = maxabs(b$communality, a$communality)),
  psych_exact_r_vs_exact = list(loadings = maxabs(a$loadings, L), Phi = maxabs(a$Phi, Phi),
                                communality = maxabs(a$communality, diag(model))),
  psych_poly_vs_exact = list(loadings = maxabs(b$loadings, L), Phi = maxabs(b$Phi, Phi),
                             communality = maxabs(b$communality, diag(model))),
  psych_polychoric_vs_exact_rho = maxabs(polychoric(x)$rho, R))
str(diffs)

out <- list(case = "efa_poly", script = "efa_poly.R", software = versions(),
            data = "Datasets/reference/bfi.csv", items = items, n_obs = N,
            matrix_layout = "{rownames, colnames, values}: values row-major (items x factors)",
            polychoric_exact = mat2list(R),
            psych_exact_r = c(list(call = "psych::fa(r = R_exact, nfactors = 2, n.obs = 2800, fm = 'minres', rotate = 'oblimin')",
                                   warnings = I(f1$warnings)), fa_fields(a)),
            psych_poly = c(list(call = "psych::fa(x, nfactors = 2, cor = 'poly')", warnings = I(f2$warnings)), fa_fields(b)),
            exact = exact, max_differences = diffs)
write_json_file(out, "efa_poly.json")
