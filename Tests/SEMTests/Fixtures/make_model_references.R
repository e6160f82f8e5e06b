# Reference outputs for the model-feature tests (mean structures, growth
# models, per-group labels, equality / nonlinear / inequality constraints,
# orthogonal factors, MLM with groups, modification indices, a Heywood case),
# from R's lavaan (Debian r-cran-lavaan 0.6.14).
# Run from this folder:  Rscript make_model_references.R
#
# Every reference is at the exact optimum (the tests compare at 1e-5 relative):
#   1. fit: unconstrained cases (and the linear equality, which lavaan
#      removes by reparametrization) with BFGS, reltol 1e-16; the nonlinear
#      equality and the inequalities with lavaan's nlminb.constr at rel.tol
#      1e-14 (1e-16 ends "not converged"; 1e-14 still leaves ~1e-5 relative
#      error in the estimates, hence step 2);
#   2. polish: Newton steps on lavaan's own analytic gradient
#      (lavaan:::lav_model_gradient) with a central-difference Jacobian of
#      that gradient as Hessian. With equality constraints (labels shared
#      across parameters, which lavaan 0.6.14 turns into linear "=="
#      constraints, explicit "==", and active inequalities) the step solves
#      the KKT system [H J'; J 0][dx; mu] = [-g; -c], so the fixed point is
#      c(x) = 0 and the gradient projected on the null space of J is 0;
#   3. refit with optim.method = "none" from a parTable carrying the polished
#      estimates (every other option unchanged; fixed.x passed explicitly, as
#      a parTable start otherwise turns it off), so that SEs, tests and fit
#      measures are lavaan's own at that point.
# "max_gradient" is max |P g| at the refit's estimates, P the orthogonal
# projector on the null space of the active constraints' Jacobian (P = I
# without constraints: then it is the raw max |gradient|). g is the gradient
# of lavaan's objective (fmin, e.g. F_ML / 2, group-weighted).
#
# Extra fields beyond make_inference_references.R's save_case shape:
#   r2           lavInspect(fit, "r2"): an object for one group; with groups an
#                array of objects, one per group in lavaan's group order (the
#                "group" index of parameterEstimates).
#   warnings     lavaan warnings raised by the reported (optim.method = "none")
#                fit, caught with withCallingHandlers.
#   admissible   no negative variance estimate (observed or latent) and
#                lavInspect(fit, "post.check") TRUE.
#   max_gradient see above; df = fitMeasures(fit, "df") (lavaan 0.6.14 has no
#                lavInspect(fit, "df"); equality constraints add to df,
#                inequalities do not);
#   constraint   (constrained cases) the constraint, its value at the
#                estimates, whether it is active, and the KKT multiplier.
# Modification-index cases add "modindices" (modindices(fit) defaults, all
# rows) with save_mi's columns plus group (1 for one group) and sepc.nox.
#
# It also writes Datasets/reference/Demo.growth.csv (lavaan::Demo.growth).
suppressPackageStartupMessages({ library(lavaan); library(jsonlite) })
options(digits = 15)
data_dir <- file.path("..", "..", "..", "Datasets", "reference")
hs <- read.csv(file.path(data_dir, "HolzingerSwineford1939.csv"))
pd <- read.csv(file.path(data_dir, "PoliticalDemocracy.csv"))
hsm <- read.csv(file.path(data_dir, "HolzingerSwineford1939-missing.csv"))
write.csv(lavaan::Demo.growth, file.path(data_dir, "Demo.growth.csv"), row.names = FALSE)
dg <- read.csv(file.path(data_dir, "Demo.growth.csv"))
tight <- list(reltol = 1e-16, maxit = 10000)
# nlminb.constr: tightest inner rel.tol nlminb accepts without "false convergence".
tight_constr <- list(rel.tol = 1e-14, iter.max = 100000L, eval.max = 100000L)
as_list <- function(x) { v <- unclass(x); attributes(v) <- NULL; names(v) <- names(x); as.list(v) }

# ---------------------------------------------------------------------------
# Gradient, constraints and KKT-Newton polish in lavaan's free-parameter space.
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
# Active constraints at x: all equalities, inequalities with value < tol.
con_at <- function(fit, x, active_cin) {
  m <- fit@Model
  ceq <- if (is.null(body(m@ceq.function))) function(x) numeric(0) else function(x) as.numeric(m@ceq.function(x))
  cin <- if (is.null(body(m@cin.function))) function(x) numeric(0) else function(x) as.numeric(m@cin.function(x))[active_cin]
  f <- function(x) c(ceq(x), cin(x))
  list(c = f(x), J = num_jac(f, x))
}
proj_grad <- function(g, J) {
  if (nrow(J) == 0L) return(g)
  as.numeric(g - t(J) %*% solve(J %*% t(J), J %*% g))
}
active_cin_of <- function(fit, x, tol = 1e-6) {
  m <- fit@Model
  if (is.null(body(m@cin.function))) return(integer(0))
  which(as.numeric(m@cin.function(x)) < tol)
}
polish <- function(fit, maxit = 50) {
  x <- lavaan:::lav_model_get_parameters(fit@Model, type = "free")
  act <- active_cin_of(fit, x)
  for (it in seq_len(maxit)) {
    g <- grad_at(fit, x); cj <- con_at(fit, x, act)
    pg <- proj_grad(g, cj$J)
    if (max(abs(pg)) < 1e-13 && (length(cj$c) == 0L || max(abs(cj$c)) < 1e-14)) break
    H <- hess_at(fit, x); k <- nrow(cj$J); n <- length(x)
    if (k == 0L) dx <- -solve(H, g) else {
      K <- rbind(cbind(H, t(cj$J)), cbind(cj$J, matrix(0, k, k)))
      dx <- solve(K, c(-g, -cj$c))[seq_len(n)]
    }
    x <- x + dx
  }
  x
}
kkt_report <- function(fit) {
  x <- lavaan:::lav_model_get_parameters(fit@Model, type = "free")
  act <- active_cin_of(fit, x)
  g <- grad_at(fit, x); cj <- con_at(fit, x, act)
  pg <- proj_grad(g, cj$J)
  mu <- if (nrow(cj$J)) as.numeric(solve(cj$J %*% t(cj$J), cj$J %*% g)) else numeric(0)
  list(max_gradient = max(abs(pg)), max_raw_gradient = max(abs(g)),
       constraint_residual = if (length(cj$c)) max(abs(cj$c)) else 0, active_cin = act, mu = mu)
}

# ---------------------------------------------------------------------------
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
catch_warnings <- function(expr) {
  w <- character(0)
  val <- withCallingHandlers(expr, warning = function(cond) { w <<- c(w, conditionMessage(cond)); invokeRestart("muffleWarning") })
  list(value = val, warnings = w)
}

# fitfun(...) must call cfa()/sem()/growth() literally, passing ... through.
# Returns the final (optim.method = "none") fit and the JSON fields.
# prefit = TRUE: BFGS starts from lavaan's default (nlminb) solution instead of
# lavaan's default start values (used where BFGS from those wanders off).
exact_fit <- function(fitfun, constrained = FALSE, prefit = FALSE) {
  first <- catch_warnings(if (constrained) fitfun(optim.method = "nlminb.constr", control = tight_constr)
                          else if (prefit) { f00 <- fitfun()
                            fitfun(optim.method = "BFGS", control = tight, start = f00, fixed.x = lavInspect(f00, "options")$fixed.x) }
                          else fitfun(optim.method = "BFGS", control = tight))
  fit0 <- first$value
  x <- polish(fit0)
  pt <- parTable(fit0)
  pt$est[pt$free > 0] <- x[pt$free[pt$free > 0]]
  pt$start <- pt$est
  # lavaan 0.6.14 switches fixed.x to FALSE whenever start is not a string,
  # so pass the first fit's fixed.x explicitly; all other options must match.
  final <- catch_warnings(fitfun(optim.method = "none", start = pt, fixed.x = lavInspect(fit0, "options")$fixed.x))
  fit <- final$value
  # lavaan fits the baseline (independence) model with the fit's own options,
  # start included, so the refit's baseline would start from this model's
  # residual variances (with a negative one it fails: "estimation of the
  # baseline model failed"). Use the first fit's baseline, which lavaan
  # fitted from its default start values; fitMeasures reads it from the slot.
  if (length(fit0@baseline) && !is.null(fit0@baseline$test)) {
    if (length(fit@baseline) && !is.null(fit@baseline$test))
      stopifnot(abs(fit@baseline$test[[1]]$stat / fit0@baseline$test[[1]]$stat - 1) < 1e-8)
    fit@baseline <- fit0@baseline
    final$warnings <- setdiff(final$warnings, "lavaan WARNING: estimation of the baseline model failed.")
  }
  o0 <- lavInspect(fit0, "options"); o1 <- lavInspect(fit, "options")
  same <- setdiff(names(o0), c("optim.method", "control", "start"))
  stopifnot(isTRUE(all.equal(o0[same], o1[same])))
  xf <- lavaan:::lav_model_get_parameters(fit@Model, type = "free")
  stopifnot(max(abs(xf - x)) < 1e-12 * max(1, abs(x)))
  kkt <- kkt_report(fit)
  fields <- list(warnings = final$warnings, admissible = admissible_of(fit), r2 = r2_of(fit),
                 max_gradient = kkt$max_gradient, df = unname(fitMeasures(fit, "df")),  # lavInspect(fit, "df") is not in 0.6.14
                 first_fit = list(optim.method = if (constrained) "nlminb.constr" else if (prefit) "nlminb (default), then BFGS" else "BFGS",
                                  converged = lavInspect(fit0, "converged"),
                                  iterations = lavInspect(fit0, "iterations"),
                                  max_param_change = max(abs(x - lavaan:::lav_model_get_parameters(fit0@Model, type = "free"))),
                                  warnings = first$warnings))
  list(fit = fit, fields = fields, kkt = kkt)
}

pe_rows <- function(fit) {
  pe <- parameterEstimates(fit, standardized = TRUE)
  if (!"label" %in% names(pe)) pe$label <- ""
  if (!"group" %in% names(pe)) pe$group <- 1L
  keep <- c("lhs", "op", "rhs", "group", "label", "est", "se", "z", "pvalue", "ci.lower", "ci.upper", "std.lv", "std.all")
  pe[, keep]
}
summary_line <- list()
save_case <- function(case, ef, model, call, extra = list()) {
  fit <- ef$fit
  out <- c(list(case = case, call = call, model = model,
              lavaan = as.character(packageVersion("lavaan")),
              converged = lavInspect(fit, "converged"), iterations = lavInspect(fit, "iterations"),
              nobs = lavInspect(fit, "nobs"),
              parameterEstimates = pe_rows(fit),
              fitMeasures = as_list(fitMeasures(fit))), ef$fields, extra)
  writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, na = "null", pretty = TRUE, dataframe = "rows"),
             paste0(case, ".json"))
  fm <- fitMeasures(fit)
  fmv <- function(n) if (n %in% names(fm)) unname(fm[n]) else NA
  summary_line[[case]] <<- data.frame(case = case, conv = lavInspect(fit, "converged"), maxgrad = ef$fields$max_gradient,
                                      chisq = fmv("chisq"), df = fmv("df"), gfi = fmv("gfi"), agfi = fmv("agfi"),
                                      adm = ef$fields$admissible, nwarn = length(ef$fields$warnings))
  cat("wrote", case, " max_gradient", format(ef$fields$max_gradient), "\n")
}
save_mi_case <- function(case, ef, model, call) {
  mi <- modindices(ef$fit)
  if (!"group" %in% names(mi)) mi$group <- 1L
  save_case(case, ef, model, call,
            extra = list(modindices = mi[, c("lhs", "op", "rhs", "group", "mi", "epc", "sepc.lv", "sepc.all", "sepc.nox")]))
}
# active: for inequality constraints, whether it binds at the optimum (value
# below 1e-6, then treated as an equality in the KKT polish); null for
# equality constraints. multipliers: least-squares KKT multipliers mu of
# g = J' mu for the equality and active constraints (gradient of fmin).
constraint_info <- function(ef, text, inequality = FALSE) {
  list(constraint = list(text = text, value = as.numeric(c(
         if (!is.null(body(ef$fit@Model@ceq.function))) ef$fit@Model@ceq.function(lavaan:::lav_model_get_parameters(ef$fit@Model)),
         if (!is.null(body(ef$fit@Model@cin.function))) ef$fit@Model@cin.function(lavaan:::lav_model_get_parameters(ef$fit@Model)))),
       active = if (inequality) length(ef$kkt$active_cin) > 0L else NA, multipliers = ef$kkt$mu,
       residual = ef$kkt$constraint_residual, max_raw_gradient = ef$kkt$max_raw_gradient))
}

hs3 <- 'visual =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
speed =~ x7 + x8 + x9'

# 1. MIMIC with a mean structure (fixed.x default: x1, x2 fixed).
m1 <- 'dem60 =~ y1 + y2 + y3 + y4
dem60 ~ x1 + x2'
save_case("polidem_mimic_means", exact_fit(function(...) sem(m1, data = pd, meanstructure = TRUE, ...)), m1,
          "sem(m1, data = PoliticalDemocracy, meanstructure = TRUE)")

# 2-3. Linear growth on lavaan's Demo.growth.
m2 <- 'i =~ 1*t1 + 1*t2 + 1*t3 + 1*t4
s =~ 0*t1 + 1*t2 + 2*t3 + 3*t4'
save_case("growth_demo", exact_fit(function(...) growth(m2, data = dg, ...)), m2, "growth(m2, data = Demo.growth)")
m3 <- paste0(m2, '\ni ~ x1 + x2\ns ~ x1 + x2')
save_case("growth_demo_covariates", exact_fit(function(...) growth(m3, data = dg, ...)), m3, "growth(m3, data = Demo.growth)")

# 4. Means with marker intercepts fixed to 0, free latent means, a shared
# intercept label (x2 and x3: a linear "==" constraint inside lavaan).
m4 <- paste0(hs3, '\nx1 ~ 0*1\nx4 ~ 0*1\nx7 ~ 0*1\nvisual ~ 1\ntextual ~ 1\nspeed ~ 1\nx2 ~ i*1\nx3 ~ i*1')
# BFGS from lavaan's default start values stops at a worse point here (chi2
# 210.3, a negative latent variance, near-singular Hessian), so it starts
# from lavaan's default nlminb solution (chi2 132.466).
save_case("hs_means_markers", exact_fit(function(...) cfa(m4, data = hs, meanstructure = TRUE, ...), prefit = TRUE), m4,
          "cfa(m4, data = HS, meanstructure = TRUE)")

# 5. Per-group modifiers: two free x2 loadings (a, b), one x3 loading shared
# across groups (v3), x5 fixed to 1 in group 1 and free in group 2.
m5 <- 'visual =~ x1 + c(a, b)*x2 + c(v3, v3)*x3
textual =~ x4 + c(1, NA)*x5 + x6
speed =~ x7 + x8 + x9'
save_case("hs_school_cvectors", exact_fit(function(...) cfa(m5, data = hs, group = "school", ...)), m5,
          "cfa(m5, data = HS, group = 'school')")

# 6. Linear equality between two loadings. lavaan handles linear equalities by
# reparametrization (x = K z + k0) and refuses nlminb.constr for them
# ("Model estimation FAILED"), so this one is fitted with BFGS in lavaan's
# reduced space, then KKT-polished like the others.
m6 <- 'visual =~ x1 + a*x2 + b*x3
textual =~ x4 + x5 + x6
speed =~ x7 + x8 + x9
a == 2*b'
ef <- exact_fit(function(...) cfa(m6, data = hs, ...))
save_case("hs_equality_constraint", ef, m6, "cfa(m6, data = HS)", constraint_info(ef, "a == 2*b"))

# 7. Nonlinear equality.
m7 <- 'visual =~ x1 + a*x2 + b*x3
textual =~ x4 + c*x5 + x6
speed =~ x7 + x8 + x9
a*b == c - 0.7'
ef <- exact_fit(function(...) cfa(m7, data = hs, ...), constrained = TRUE)
save_case("hs_nonlinear_constraint", ef, m7, "cfa(m7, data = HS)", constraint_info(ef, "a*b == c - 0.7"))

# 8-9. Inequality on the x2 loading (free estimate about 0.554).
m8 <- 'visual =~ x1 + a*x2 + x3
textual =~ x4 + x5 + x6
speed =~ x7 + x8 + x9
a > 0.6'
ef <- exact_fit(function(...) cfa(m8, data = hs, ...), constrained = TRUE)
save_case("hs_inequality_active", ef, m8, "cfa(m8, data = HS)", constraint_info(ef, "a > 0.6", inequality = TRUE))
m9 <- sub("a > 0.6", "a > 0.5", m8, fixed = TRUE)
ef <- exact_fit(function(...) cfa(m9, data = hs, ...), constrained = TRUE)
save_case("hs_inequality_inactive", ef, m9, "cfa(m9, data = HS)", constraint_info(ef, "a > 0.5", inequality = TRUE))

# 10. Orthogonal factors.
save_case("hs_cfa_orthogonal", exact_fit(function(...) cfa(hs3, data = hs, orthogonal = TRUE, ...)), hs3,
          "cfa(hs3, data = HS, orthogonal = TRUE)")

# 11. MLM with groups.
save_case("hs_school_mlm", exact_fit(function(...) cfa(hs3, data = hs, group = "school", estimator = "MLM", ...)), hs3,
          "cfa(hs3, data = HS, group = 'school', estimator = 'MLM')")

# 12. Modification indices.
save_mi_case("hs_school_modindices", exact_fit(function(...) cfa(hs3, data = hs, group = "school", ...)), hs3,
             "modindices(cfa(hs3, data = HS, group = 'school'))")
save_mi_case("hs_fiml_modindices", exact_fit(function(...) cfa(hs3, data = hsm, missing = "fiml", ...)), hs3,
             "modindices(cfa(hs3, data = HS-missing, missing = 'fiml'))")
save_mi_case("hs_means_modindices", exact_fit(function(...) cfa(hs3, data = hs, meanstructure = TRUE, ...)), hs3,
             "modindices(cfa(hs3, data = HS, meanstructure = TRUE))")
# Bollen's model with equality labels: the marker loadings are tested too
# (freeing one is identified once the labels set the scale).
bollen <- paste(readLines(file.path("..", "..", "..", "Benchmarks", "models", "polidem.lav")), collapse = "\n")
save_mi_case("polidem_modindices", exact_fit(function(...) sem(bollen, data = pd, ...)), bollen,
             "modindices(sem(bollen, data = PoliticalDemocracy))")

# 13. Heywood case.
# Two factors on the reference HS data, the second measured by x5 and x6
# only: x6's residual variance comes out slightly negative (about -0.011) and
# lavaan warns "some estimated ov variances are negative"; still converged.
m13 <- 'visual =~ x1 + x2 + x3
textual =~ x5 + x6'
save_case("heywood_case", exact_fit(function(...) cfa(m13, data = hs, ...)), m13, "cfa(m13, data = HS)")

print(do.call(rbind, summary_line), row.names = FALSE)
