# Shared helpers for the ordinal reference scripts in this folder
# (polychoric_bfi.R, reliability_ordinal.R, efa_poly.R, hs_ordinal_wlsmv.R).
# R 4.2.2, lavaan 0.6.14, psych 2.2.9, pbivnorm 0.6.0, mvtnorm 1.1-3.
# Each script is run from this folder:  Rscript <script>.R
#
# EXACT TWO-STEP ML POLYCHORIC CORRELATION (used by all bfi scripts)
#   Step 1 (thresholds): for an item with categories 1..K and observed counts
#     f_1..f_K (NA excluded), tau_k = qnorm(sum(f_1..f_k) / sum(f)), k < K.
#     This is the closed-form ML of the univariate probit-threshold model;
#     psych::polychoric uses exactly this formula; lavaan starts nlminb from it
#     (lav_uvord_fit) and stays within ~1e-10 of it.
#   Step 2 (rho): with both threshold vectors fixed, rho maximizes the
#     bivariate multinomial log-likelihood  l(rho) = sum_ij n_ij log P_ij(rho)
#     over the pair's cross-table n_ij (pairs with both values observed),
#     P_ij = F(a_i, b_j) - F(a_{i-1}, b_j) - F(a_i, b_{j-1}) + F(a_{i-1}, b_{j-1}),
#     F(x, y) = Phi_2(x, y; rho) from pbivnorm::pbivnorm (Genz's BVND, double
#     precision; F(+-Inf, .) by pnorm / 0).  Empty cells contribute 0
#     (no continuity correction: this is the exact ML).
#     Optimizer: optimize() on -l over (-1 + 1e-12, 1 - 1e-12) with tol 1e-14,
#     then Newton steps on the analytic score
#       l'(rho)  = sum n_ij P'_ij / P_ij,
#       P'_ij    = the same 4-corner difference of phi_2(a, b; rho)
#                  (d Phi_2 / d rho = phi_2, the bivariate normal density),
#       l''(rho) = sum n_ij (P''_ij / P_ij - (P'_ij / P_ij)^2),
#       d phi_2 / d rho = phi_2 * (rho/(1-r2) + a b/(1-r2) - rho Q/(1-r2)^2),
#       r2 = rho^2, Q = a^2 - 2 rho a b + b^2,
#     until |step| < 1e-15 (at most 30 steps). The reported "max_abs_score"
#     is max over pairs of |l'(rho)| / n_pair at the returned rho.
#   Check: the same rho recomputed with Phi_2 from Plackett's identity
#     Phi_2(a, b; rho) = Phi(a) Phi(b) + int_0^rho phi_2(a, b; r) dr
#     (integrate(), rel.tol 1e-13; tighter stops with "roundoff error"), i.e. without pbivnorm: "plackett_check".
suppressPackageStartupMessages({
  library(lavaan); library(psych); library(jsonlite); library(pbivnorm); library(mvtnorm)
})
options(digits = 17)

DATA_DIR <- file.path("..", "..", "..", "..", "Datasets", "reference")
versions <- function() list(R = R.version.string, lavaan = as.character(packageVersion("lavaan")),
                            psych = as.character(packageVersion("psych")),
                            pbivnorm = as.character(packageVersion("pbivnorm")),
                            mvtnorm = as.character(packageVersion("mvtnorm")),
                            GPArotation = as.character(packageVersion("GPArotation")))

# matrix -> {rownames, colnames, values (row-major array of arrays)}: the shape
# of shared/_common.R's mat2list.
mat2list <- function(m) {
  m <- as.matrix(unclass(m))
  list(rownames = if (is.null(rownames(m))) NULL else as.character(rownames(m)),
       colnames = if (is.null(colnames(m))) NULL else as.character(colnames(m)),
       values   = unname(lapply(seq_len(nrow(m)), function(i) unname(as.numeric(m[i, ])))))
}
as_list <- function(x) { v <- unclass(x); attributes(v) <- NULL; names(v) <- names(x); as.list(v) }
write_json_file <- function(obj, file) {
  writeLines(toJSON(obj, auto_unbox = TRUE, digits = NA, na = "null", null = "null", pretty = TRUE,
                    dataframe = "rows"), file)
  cat("wrote", file, "\n")
}

# ---------------------------------------------------------------------------
# Exact polychoric correlation
thresholds_exact <- function(y, ncat) {
  f <- tabulate(y[!is.na(y)], nbins = ncat)
  qnorm(cumsum(f)[-ncat] / sum(f))
}
crosstab <- function(y1, y2, k1, k2) {
  ok <- !is.na(y1) & !is.na(y2)
  matrix(tabulate(y1[ok] + k1 * (y2[ok] - 1L), nbins = k1 * k2), k1, k2)
}
Phi2_pbivnorm <- function(x, y, rho) pbivnorm::pbivnorm(x, y, rho = rho)
Phi2_plackett <- function(x, y, rho) {
  mapply(function(a, b) {
    pnorm(a) * pnorm(b) + if (rho == 0) 0 else
      integrate(function(r) dbvn(a, b, r), 0, rho, rel.tol = 1e-13, abs.tol = 0, subdivisions = 1000L)$value
  }, x, y)
}
dbvn <- function(a, b, r) {
  s <- 1 - r * r
  exp(-(a * a - 2 * r * a * b + b * b) / (2 * s)) / (2 * pi * sqrt(s))
}
# Corner values G[i, j] = g(A_i, B_j) on the extended grids A = (-Inf, a, Inf),
# B = (-Inf, b, Inf), then the 4-corner cell differences.
cell_diff <- function(G) {
  nr <- nrow(G); nc <- ncol(G)
  G[-1, -1, drop = FALSE] - G[-nr, -1, drop = FALSE] - G[-1, -nc, drop = FALSE] + G[-nr, -nc, drop = FALSE]
}
cell_probs <- function(a, b, rho, Phi2 = Phi2_pbivnorm) {
  k1 <- length(a) + 1L; k2 <- length(b) + 1L
  G <- matrix(0, k1 + 1L, k2 + 1L)
  G[k1 + 1L, 2:(k2 + 1L)] <- c(pnorm(b), 1)
  G[2:(k1 + 1L), k2 + 1L] <- c(pnorm(a), 1)
  if (length(a) && length(b)) {
    ab <- expand.grid(i = seq_along(a), j = seq_along(b))
    G[cbind(ab$i + 1L, ab$j + 1L)] <- Phi2(a[ab$i], b[ab$j], rho)
  }
  cell_diff(G)
}
cell_derivs <- function(a, b, rho) {
  k1 <- length(a) + 1L; k2 <- length(b) + 1L
  D1 <- matrix(0, k1 + 1L, k2 + 1L); D2 <- D1
  s <- 1 - rho^2
  for (i in seq_along(a)) for (j in seq_along(b)) {
    x <- a[i]; y <- b[j]; d <- dbvn(x, y, rho)
    Q <- x * x - 2 * rho * x * y + y * y
    D1[i + 1L, j + 1L] <- d
    D2[i + 1L, j + 1L] <- d * (rho / s + x * y / s - rho * Q / s^2)
  }
  list(d1 = cell_diff(D1), d2 = cell_diff(D2))
}
loglik_rho <- function(tab, a, b, rho, Phi2 = Phi2_pbivnorm) {
  P <- cell_probs(a, b, rho, Phi2); nz <- tab > 0
  sum(tab[nz] * log(P[nz]))
}
score_rho <- function(tab, a, b, rho, Phi2 = Phi2_pbivnorm) {
  P <- cell_probs(a, b, rho, Phi2); dd <- cell_derivs(a, b, rho); nz <- tab > 0
  u <- dd$d1[nz] / P[nz]
  c(score = sum(tab[nz] * u), hess = sum(tab[nz] * (dd$d2[nz] / P[nz] - u^2)))
}
polychoric_exact_pair <- function(tab, a, b, Phi2 = Phi2_pbivnorm) {
  opt <- optimize(function(r) -loglik_rho(tab, a, b, r, Phi2), c(-1 + 1e-12, 1 - 1e-12), tol = 1e-14)
  rho <- opt$minimum; steps <- 0L
  for (it in 1:30) {
    sh <- score_rho(tab, a, b, rho, Phi2)
    step <- -sh[["score"]] / sh[["hess"]]
    if (!is.finite(step)) break
    rho <- rho + step; steps <- it
    if (abs(step) < 1e-15) break
  }
  sc <- score_rho(tab, a, b, rho, Phi2)[["score"]]
  list(rho = rho, rho_optimize = opt$minimum, newton_steps = steps, score = sc, n = sum(tab),
       loglik = loglik_rho(tab, a, b, rho, Phi2))
}
# Full matrix for a data frame of items coded 1..K (NA allowed); thresholds of
# each item from all of its observed values in x (pass listwise-complete x
# for listwise handling).
polychoric_exact <- function(x, Phi2 = Phi2_pbivnorm) {
  p <- ncol(x); nm <- colnames(x)
  K <- vapply(x, function(v) as.integer(max(v, na.rm = TRUE)), 1L)
  th <- lapply(seq_len(p), function(i) thresholds_exact(x[[i]], K[i]))
  R <- diag(p); S <- matrix(0, p, p); NP <- matrix(0L, p, p); LL <- matrix(0, p, p)
  dimnames(R) <- dimnames(S) <- dimnames(NP) <- dimnames(LL) <- list(nm, nm)
  for (i in seq_len(p)) {
    NP[i, i] <- sum(!is.na(x[[i]]))
    if (i < p) for (j in (i + 1):p) {
      tab <- crosstab(x[[i]], x[[j]], K[i], K[j])
      r <- polychoric_exact_pair(tab, th[[i]], th[[j]], Phi2)
      R[i, j] <- R[j, i] <- r$rho
      S[i, j] <- S[j, i] <- r$score / r$n
      NP[i, j] <- NP[j, i] <- r$n
      LL[i, j] <- LL[j, i] <- r$loglik
    }
  }
  TH <- do.call(rbind, th); dimnames(TH) <- list(nm, paste0("t", seq_len(ncol(TH))))
  list(rho = R, thresholds = TH, score_over_n = S, n_pair = NP, loglik = LL,
       max_abs_score = max(abs(S)))
}

# ---------------------------------------------------------------------------
# Exact optimum of a lavaan fit (copied from ../make_model_references.R):
# BFGS (reltol 1e-16), KKT-Newton polish on lavaan:::lav_model_gradient with
# a central-difference Hessian of that gradient, refit with
# optim.method = "none" from a parTable carrying the polished estimates.
tight <- list(reltol = 1e-16, maxit = 10000)
grad_at <- function(fit, x) {
  m <- fit@Model
  as.numeric(lavaan:::lav_model_gradient(lavmodel = m, GLIST = lavaan:::lav_model_x2GLIST(m, x),
                                         lavsamplestats = fit@SampleStats, lavdata = fit@Data,
                                         lavcache = fit@Cache, type = "free"))
}
hess_at <- function(fit, x, h = 1e-5) {
  n <- length(x); H <- matrix(0, n, n)
  for (j in seq_len(n)) {
    hj <- h * max(1, abs(x[j])); e <- numeric(n); e[j] <- hj
    H[, j] <- (grad_at(fit, x - 2 * e) - 8 * grad_at(fit, x - e) + 8 * grad_at(fit, x + e) - grad_at(fit, x + 2 * e)) / (12 * hj)
  }
  (H + t(H)) / 2
}
num_jac <- function(f, x, h = 1e-6) {
  f0 <- f(x); if (length(f0) == 0L) return(matrix(0, 0, length(x)))
  J <- matrix(0, length(f0), length(x))
  for (j in seq_along(x)) { e <- numeric(length(x)); e[j] <- h * max(1, abs(x[j]))
    J[, j] <- (f(x + e) - f(x - e)) / (2 * e[j]) }
  J
}
con_at <- function(fit, x) {
  m <- fit@Model
  f <- if (is.null(body(m@ceq.function))) function(x) numeric(0) else function(x) as.numeric(m@ceq.function(x))
  list(c = f(x), J = num_jac(f, x))
}
proj_grad <- function(g, J) {
  if (nrow(J) == 0L) return(g)
  as.numeric(g - t(J) %*% solve(J %*% t(J), J %*% g))
}
polish <- function(fit, maxit = 50) {
  x <- lavaan:::lav_model_get_parameters(fit@Model, type = "free")
  for (it in seq_len(maxit)) {
    g <- grad_at(fit, x); cj <- con_at(fit, x)
    pg <- proj_grad(g, cj$J)
    if (max(abs(pg)) < 1e-14 && (length(cj$c) == 0L || max(abs(cj$c)) < 1e-14)) break
    H <- hess_at(fit, x); k <- nrow(cj$J); n <- length(x)
    if (k == 0L) dx <- -solve(H, g) else {
      K <- rbind(cbind(H, t(cj$J)), cbind(cj$J, matrix(0, k, k)))
      dx <- solve(K, c(-g, -cj$c))[seq_len(n)]
    }
    x <- x + dx
    if (max(abs(dx)) < 1e-15) break
  }
  x
}
catch_warnings <- function(expr) {
  w <- character(0)
  val <- withCallingHandlers(expr, warning = function(cond) { w <<- c(w, conditionMessage(cond)); invokeRestart("muffleWarning") })
  list(value = val, warnings = w)
}
admissible_of <- function(fit) {
  pe <- parameterEstimates(fit)
  neg <- any(pe$op == "~~" & pe$lhs == pe$rhs & pe$est < 0)
  pc <- suppressWarnings(lavInspect(fit, "post.check"))
  !neg && isTRUE(pc)
}
r2_of <- function(fit) {
  r2 <- lavInspect(fit, "r2")
  if (lavInspect(fit, "ngroups") > 1L) unname(lapply(r2, as_list)) else as_list(r2)
}
exact_fit <- function(fitfun) {
  dflt <- catch_warnings(fitfun())                   # lavaan defaults (nlminb), for comparison
  first <- catch_warnings(fitfun(optim.method = "BFGS", control = tight))
  fit0 <- first$value
  x <- polish(fit0)
  pt <- parTable(fit0)
  pt$est[pt$free > 0] <- x[pt$free[pt$free > 0]]
  pt$start <- pt$est
  final <- catch_warnings(fitfun(optim.method = "none", start = pt, fixed.x = lavInspect(fit0, "options")$fixed.x))
  fit <- final$value
  if (length(fit0@baseline) && !is.null(fit0@baseline$test)) {
    if (length(fit@baseline) && !is.null(fit@baseline$test))
      stopifnot(abs(fit@baseline$test[[1]]$stat / fit0@baseline$test[[1]]$stat - 1) < 1e-8)
    fit@baseline <- fit0@baseline
  }
  o0 <- lavInspect(fit0, "options"); o1 <- lavInspect(fit, "options")
  same <- setdiff(names(o0), c("optim.method", "control", "start"))
  stopifnot(isTRUE(all.equal(o0[same], o1[same])))
  xf <- lavaan:::lav_model_get_parameters(fit@Model, type = "free")
  stopifnot(max(abs(xf - x)) < 1e-12 * max(1, abs(x)))
  g <- grad_at(fit, xf); cj <- con_at(fit, xf); pg <- proj_grad(g, cj$J)
  xd <- lavaan:::lav_model_get_parameters(dflt$value@Model, type = "free")
  fm0 <- fitMeasures(dflt$value); fm1 <- fitMeasures(fit)
  ks <- intersect(c("chisq", "chisq.scaled", "cfi.scaled", "rmsea.scaled"), names(fm1))
  fields <- list(warnings = I(final$warnings), admissible = admissible_of(fit), r2 = r2_of(fit),
                 max_gradient = max(abs(pg)), max_raw_gradient = max(abs(g)),
                 constraint_residual = if (length(cj$c)) max(abs(cj$c)) else 0,
                 df = unname(fitMeasures(fit, "df")),
                 first_fit = list(optim.method = "BFGS", converged = lavInspect(fit0, "converged"),
                                  iterations = lavInspect(fit0, "iterations"),
                                  max_param_change = max(abs(x - lavaan:::lav_model_get_parameters(fit0@Model, type = "free"))),
                                  warnings = I(first$warnings)),
                 default_fit = list(optim.method = "nlminb (lavaan default)",
                                    converged = lavInspect(dflt$value, "converged"),
                                    iterations = lavInspect(dflt$value, "iterations"),
                                    max_param_diff_vs_exact = max(abs(xd - xf)),
                                    fit_measure_diff_vs_exact = as_list(fm0[ks] - fm1[ks]),
                                    warnings = I(dflt$warnings)))
  list(fit = fit, fields = fields)
}
pe_rows <- function(fit) {
  pe <- parameterEstimates(fit, standardized = TRUE)
  if (!"label" %in% names(pe)) pe$label <- ""
  if (!"group" %in% names(pe)) pe$group <- 1L
  keep <- c("lhs", "op", "rhs", "group", "label", "est", "se", "z", "pvalue", "ci.lower", "ci.upper", "std.lv", "std.all")
  pe[, keep]
}

# ---------------------------------------------------------------------------
# Exact minres factor solution and exact 2-factor oblimin (quartimin, gam = 0),
# for comparing with psych::fa / psych::omega, whose own optimizers stop early
# (minres: optim L-BFGS-B with default factr; oblimin: GPArotation::GPFoblq
# with eps = 1e-5), leaving ~1e-6 errors in loadings.
#  * minres: psych minimizes the sum of squared off-diagonal residuals over
#    the uniquenesses psi, with loadings L = first nf eigenvectors of
#    R - diag(psi) times sqrt(eigenvalues). At an interior optimum the
#    gradient psych uses (FAgr.minres) vanishes: diag(L L') + psi - diag(R) = 0.
#    Solved here by Newton (central-difference Jacobian) from psych's psi.
#  * oblimin: L = A t(T)^-1, T with unit-length columns (Phi = T'T),
#    criterion f = sum_i sum_{j != k} L_ij^2 L_ik^2 / 4 (GPArotation vgQ.oblimin,
#    gam = 0). For 2 factors T[, k] = (cos a_k, sin a_k); Newton on the
#    analytic gradient df/da_k = G[, k] . dT[, k]/da_k, G = -(L' Gq T^-1)'
#    (GPFoblq's gradient), Gq = L * (L^2 (1 - I)), started from
#    GPArotation::oblimin's default solution (as psych calls it).
#  * then psych's conventions: columns sign-flipped so colSums(L) > 0, ordered
#    by diag(Phi L'L) decreasing.
minres_exact <- function(R, nf, psi) {
  g <- function(psi) {
    E <- eigen(R - diag(psi), symmetric = TRUE)
    L <- E$vectors[, 1:nf, drop = FALSE] %*% diag(sqrt(pmax(E$values[1:nf], 0)), nf)
    diag(L %*% t(L)) + psi - diag(R)
  }
  for (it in 1:50) {
    d <- -solve(num_jac(g, psi), g(psi)); psi <- psi + d
    if (max(abs(d)) < 1e-15) break
  }
  E <- eigen(R - diag(psi), symmetric = TRUE)
  L <- E$vectors[, 1:nf, drop = FALSE] %*% diag(sqrt(E$values[1:nf]), nf)
  dimnames(L) <- list(colnames(R), paste0("MR", 1:nf))
  list(psi = setNames(psi, colnames(R)), loadings = L, max_abs_gradient = max(abs(g(psi))), iterations = it)
}
oblimin2_exact <- function(A) {
  stopifnot(ncol(A) == 2L)
  start <- suppressWarnings(GPArotation::oblimin(A))
  Tm <- start$Th
  ang <- atan2(Tm[2, ], Tm[1, ])
  T_of <- function(a) rbind(cos(a), sin(a))
  grad <- function(a) {
    Tm <- T_of(a); Ti <- solve(Tm); L <- A %*% t(Ti)
    L2 <- L^2; Gq <- L * (L2 %*% (1 - diag(2)))
    G <- -t(t(L) %*% Gq %*% Ti)
    dT <- rbind(-sin(a), cos(a))
    colSums(G * dT)
  }
  crit <- function(a) { L <- A %*% t(solve(T_of(a))); L2 <- L^2; sum(L2 * (L2 %*% (1 - diag(2)))) / 4 }
  for (it in 1:50) {
    d <- -solve(num_jac(grad, ang, h = 1e-5), grad(ang)); ang <- ang + d
    if (max(abs(d)) < 1e-15) break
  }
  Tm <- T_of(ang); L <- A %*% t(solve(Tm)); Phi <- t(Tm) %*% Tm
  s <- sign(colSums(L)); s[s == 0] <- 1
  L <- L %*% diag(s); Phi <- diag(s) %*% Phi %*% diag(s)
  o <- order(diag(Phi %*% t(L) %*% L), decreasing = TRUE)
  L <- L[, o]; Phi <- Phi[o, o]
  dimnames(L) <- list(rownames(A), paste0("MR", 1:2)); dimnames(Phi) <- list(colnames(L), colnames(L))
  list(loadings = L, Phi = Phi, criterion = crit(ang), max_abs_gradient = max(abs(grad(ang))),
       gparotation_start = list(criterion = start$Table[nrow(start$Table), 2], convergence = start$convergence))
}

# ---------------------------------------------------------------------------
# Per-group lavInspect() results as JSON-ready lists (hs_ordinal_wlsmv.R,
# threshold_syntax.R): one entry per group, "" as the label of a single group.
per_group <- function(fit, what) {
  v <- lavInspect(fit, what); labs <- lavInspect(fit, "group.label")
  if (lavInspect(fit, "ngroups") == 1L) { v <- list(v); labs <- if (length(labs)) labs else "" }
  list(v = v, labs = labs)
}
flat_group <- function(fit, what, diag_only = FALSE) {
  pg <- per_group(fit, what)
  unname(Map(function(m, g) {
    m <- unclass(m)
    if (is.null(dim(m))) return(list(group = g, names = I(names(m)), values = I(as.numeric(m))))
    if (diag_only) return(list(group = g, names = I(rownames(m)), values = I(as.numeric(diag(m)))))
    list(group = g, dim = dim(m), names = I(rownames(m)), values = I(as.numeric(t(m))))
  }, pg$v, pg$labs))
}
sampstat_groups <- function(fit) {
  pg <- per_group(fit, "sampstat")
  unname(Map(function(s, g) list(group = g, cov = mat2list(s$cov), th = as_list(s$th)), pg$v, pg$labs))
}

# lavaan 0.6.14's polyserial step (lav_bvmix_cor_twostep_fit) maximises the
# joint likelihood f(x)P(y | x) but drops every case whose value is below
# sqrt(.Machine$double.eps) (lav_bvmix_lik_cache), which depends on x's units:
# with age in years (bfi, N = 2709) it drops the oldest respondents and gives
# rho(A2, age) = 0.12573 where the ML estimate over all cases is 0.12131.
# ClusterStat keeps every case (the ML polyserial, scale-free, as in HS where
# nothing is dropped), so the references are made at the exact ML polyserials:
# P(y | x) over all cases (P clipped at .Machine$double.eps, as lavaan),
# maximised by optimize() to ~1e-12; the rest of lavaan is unchanged.
exact_polyserial <- function(Y1, Y2, eXo = NULL, wt = NULL, fit.y1 = NULL, fit.y2 = NULL, ...) {
  stopifnot(is.null(eXo), is.null(wt))
  if (is.null(fit.y1)) fit.y1 <- lav_uvreg_fit(y = Y1)
  if (is.null(fit.y2)) fit.y2 <- lav_uvord_fit(y = Y2)
  cache <- lav_bvmix_init_cache(fit.y1 = fit.y1, fit.y2 = fit.y2)
  nll <- function(r) {
    R <- sqrt(1 - r * r)
    p <- pnorm((cache$fit.y2.z1 - r * cache$Z) / R) - pnorm((cache$fit.y2.z2 - r * cache$Z) / R)
    -sum(log(pmax(p, .Machine$double.eps)))
  }
  optimize(nll, c(-0.995, 0.995), tol = .Machine$double.eps^0.75)$minimum
}
use_exact_polyserial <- function() {
  environment(exact_polyserial) <- asNamespace("lavaan")  # its helpers are lavaan's internals
  assignInNamespace("lav_bvmix_cor_twostep_fit", exact_polyserial, "lavaan")
}
