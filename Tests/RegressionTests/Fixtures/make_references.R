# Reference numbers for Tests/RegressionTests: hierarchical OLS (lm, anova,
# car::vif, sandwich::vcovHC(type = "HC3")) and PROCESS models, whose point
# estimates are products and sums of lm coefficients (Hayes 2022, Introduction
# to Mediation, Moderation, and Conditional Process Analysis, 3rd ed.); the
# bootstrap's SEs and percentile intervals from lm.fit on resampled rows, to
# compare within Monte-Carlo error. Debian r-base, r-cran-car, r-cran-sandwich.
#   Rscript make_references.R      (from this folder) writes regression.json
suppressPackageStartupMessages({ library(car); library(sandwich); library(jsonlite) })
here <- local({a <- commandArgs(FALSE); f <- sub("^--file=", "", a[grep("^--file=", a)]); if (length(f)) dirname(normalizePath(f)) else getwd()})
hs <- read.csv(file.path(here, "..", "..", "..", "Datasets", "reference", "HolzingerSwineford1939.csv"))

coef_rows <- function(m, hc3 = FALSE) {
  V <- if (hc3) vcovHC(m, type = "HC3") else vcov(m)
  b <- coef(m); se <- sqrt(diag(V)); t <- b / se; df <- m$df.residual
  X <- model.matrix(m); y <- model.response(model.frame(m))
  beta <- c(NA, b[-1] * apply(X[, -1, drop = FALSE], 2, sd) / sd(y))
  v <- if (ncol(X) > 2) c(NA, car::vif(m)) else c(NA, 1)
  list(term = names(b), b = unname(b), se = unname(se), t = unname(t), pvalue = unname(2 * pt(-abs(t), df)),
       beta = unname(beta), ci_lower = unname(b - qt(.975, df) * se), ci_upper = unname(b + qt(.975, df) * se), vif = unname(v))
}
summary_row <- function(m, prev = NULL) {
  s <- summary(m)
  out <- list(r2 = s$r.squared, adj_r2 = s$adj.r.squared, F = unname(s$fstatistic[1]), df1 = unname(s$fstatistic[2]),
              df2 = unname(s$fstatistic[3]), pvalue = pf(s$fstatistic[1], s$fstatistic[2], s$fstatistic[3], lower.tail = FALSE),
              ss_residual = sum(residuals(m)^2))
  if (!is.null(prev)) {
    a <- anova(prev, m)
    out$r2_change <- s$r.squared - summary(prev)$r.squared
    out$F_change <- a$F[2]; out$df1_change <- a$Df[2]; out$p_change <- a$`Pr(>F)`[2]
  } else {
    out$r2_change <- s$r.squared; out$F_change <- out$F; out$df1_change <- out$df1; out$p_change <- out$pvalue
  }
  out
}

# Hierarchical: x9 ~ (sex, ageyr) → + (x1, x4) → + (x7, school); listwise is moot (HS is complete).
m1 <- lm(x9 ~ sex + ageyr, data = hs)
m2 <- lm(x9 ~ sex + ageyr + x1 + x4, data = hs)
m3 <- lm(x9 ~ sex + ageyr + x1 + x4 + x7 + school, data = hs)
hier <- list(outcome = "x9", blocks = list(c("sex", "ageyr"), c("x1", "x4"), c("x7", "school")),
             models = list(c(summary_row(m1), list(coefficients = coef_rows(m1))),
                           c(summary_row(m2, m1), list(coefficients = coef_rows(m2))),
                           c(summary_row(m3, m2), list(coefficients = coef_rows(m3), hc3 = coef_rows(m3, TRUE)))))
zs <- as.data.frame(scale(hs[, c("x9", "x1", "x4", "x7")]))
standardized <- coef_rows(lm(x9 ~ x1 + x4 + x7, data = zs))

# ---- PROCESS ---------------------------------------------------------------
# X = x1, W = x7 (or sex, dichotomous), Z = x2, M = x4 (and x5), Y = x9, covariate ageyr.
d <- hs
mean_sd <- function(v) c(mean(v) - sd(v), mean(v), mean(v) + sd(v))
cond <- function(m, focal, mods, at) {
  # θ = b_focal + Σ b_{focal:mod…}·values, SE from vcov (delta method is exact: θ is linear in b).
  b <- coef(m); V <- vcov(m); g <- setNames(rep(0, length(b)), names(b)); g[focal] <- 1
  for (nm in names(at)) { g[paste0(focal, ":", nm)] <- at[[nm]] }
  if (length(at) == 2) g[paste0(focal, ":", names(at)[1], ":", names(at)[2])] <- at[[1]] * at[[2]]
  g <- g[names(b)]; g[is.na(g)] <- 0
  est <- sum(g * b); se <- sqrt(drop(t(g) %*% V %*% g)); t <- est / se; df <- m$df.residual
  list(effect = est, se = se, t = t, pvalue = 2 * pt(-abs(t), df), ci_lower = est - qt(.975, df) * se, ci_upper = est + qt(.975, df) * se)
}
lm_rows <- function(m) c(summary_row(m), list(coefficients = coef_rows(m)))

# Model 1: x9 ~ x1*x7 + ageyr; probed at mean ± SD of x7; Johnson–Neyman.
p1 <- lm(x9 ~ x1 + x7 + x1:x7 + ageyr, data = d)
w1 <- mean_sd(d$x7)
jn <- local({
  b <- coef(p1); V <- vcov(p1); tc <- qt(.975, p1$df.residual)
  A <- b["x1:x7"]^2 - tc^2 * V["x1:x7", "x1:x7"]
  B <- 2 * (b["x1"] * b["x1:x7"] - tc^2 * V["x1", "x1:x7"])
  C <- b["x1"]^2 - tc^2 * V["x1", "x1"]
  r <- sort(Re(polyroot(c(C, B, A)))); r[r >= min(d$x7) & r <= max(d$x7)]
})
# Simple slopes: predict(lm) at x1 = mean ± SD for each probed x7, ageyr at its mean.
grid1 <- expand.grid(x1 = mean(d$x1) + c(-1, 1) * sd(d$x1), x7 = w1)
grid1$ageyr <- mean(d$ageyr)
model1 <- list(outcome_models = list(lm_rows(p1)), w = w1, slopes = unname(predict(p1, grid1)),
               conditional = lapply(w1, function(w) cond(p1, "x1", "x7", list(x7 = w))), jn_bounds = unname(jn))
# Model 1 with a dichotomous moderator (sex 1/2): probed at its two values.
p1s <- lm(x9 ~ x1 + sex + x1:sex, data = d)
model1_sex <- list(conditional = lapply(c(1, 2), function(w) cond(p1s, "x1", "sex", list(sex = w))))
# Model 2: x9 ~ x1 + x7 + x2 + x1:x7 + x1:x2; probed at mean ± SD of both.
p2 <- lm(x9 ~ x1 + x7 + x2 + x1:x7 + x1:x2, data = d)
z2 <- mean_sd(d$x2)
g2 <- expand.grid(w = w1, z = z2)
model2 <- list(outcome_models = list(lm_rows(p2)),
               conditional = lapply(seq_len(nrow(g2)), function(i) {
                 b <- coef(p2); V <- vcov(p2); gg <- c(0, 1, 0, 0, g2$w[i], g2$z[i]); est <- sum(gg * b); se <- sqrt(drop(t(gg) %*% V %*% gg))
                 c(list(w = g2$w[i], z = g2$z[i], effect = est, se = se)) }))
# Model 3: three-way interaction.
p3 <- lm(x9 ~ x1 * x7 * x2, data = d)
model3 <- list(outcome_models = list(lm_rows(p3)),
               conditional = lapply(seq_len(nrow(g2)), function(i) {
                 b <- coef(p3); V <- vcov(p3); w <- g2$w[i]; z <- g2$z[i]
                 gg <- setNames(rep(0, length(b)), names(b)); gg["x1"] <- 1; gg["x1:x7"] <- w; gg["x1:x2"] <- z; gg["x1:x7:x2"] <- w * z
                 est <- sum(gg * b); se <- sqrt(drop(t(gg) %*% V %*% gg))
                 list(w = w, z = z, effect = est, se = se) }))

boot_pc <- function(stat, B = 5000, seed = 1) {
  set.seed(seed); n <- nrow(d)
  reps <- t(replicate(B, stat(d[sample.int(n, n, replace = TRUE), ])))
  if (nrow(reps) == 1) reps <- t(reps)
  list(se = unname(apply(reps, 2, sd)), lower = unname(apply(reps, 2, quantile, .025)), upper = unname(apply(reps, 2, quantile, .975)))
}

# Model 4: two parallel mediators x4, x5; covariate ageyr.
m4a <- lm(x4 ~ x1 + ageyr, data = d); m4b <- lm(x5 ~ x1 + ageyr, data = d); m4y <- lm(x9 ~ x1 + x4 + x5 + ageyr, data = d)
m4t <- lm(x9 ~ x1 + ageyr, data = d)
ind4 <- function(dd) {
  a1 <- coef(lm.fit(cbind(1, dd$x1, dd$ageyr), dd$x4))[2]; a2 <- coef(lm.fit(cbind(1, dd$x1, dd$ageyr), dd$x5))[2]
  by <- coef(lm.fit(cbind(1, dd$x1, dd$x4, dd$x5, dd$ageyr), dd$x9))
  c(a1 * by[3], a2 * by[4], a1 * by[3] + a2 * by[4])
}
model4 <- list(outcome_models = list(lm_rows(m4a), lm_rows(m4b), lm_rows(m4y)), total = coef_rows(m4t),
               indirect = unname(ind4(d)), boot = boot_pc(ind4))
# Model 6: serial x1 → x4 → x5 → x9.
m6a <- lm(x4 ~ x1, data = d); m6b <- lm(x5 ~ x1 + x4, data = d); m6y <- lm(x9 ~ x1 + x4 + x5, data = d)
ind6 <- function(dd) {
  a1 <- coef(lm.fit(cbind(1, dd$x1), dd$x4)); a2 <- coef(lm.fit(cbind(1, dd$x1, dd$x4), dd$x5))
  by <- coef(lm.fit(cbind(1, dd$x1, dd$x4, dd$x5), dd$x9))
  c(a1[2] * by[3], a1[2] * a2[3] * by[4], a2[2] * by[4])   # X→M1→Y, X→M1→M2→Y, X→M2→Y
}
model6 <- list(outcome_models = list(lm_rows(m6a), lm_rows(m6b), lm_rows(m6y)), indirect = unname(ind6(d)))
# Model 7: x4 ~ x1*x7; x9 ~ x1 + x4; index a3·b; conditional indirect at mean ± SD of x7.
ind7 <- function(dd, w = w1) {
  a <- coef(lm.fit(cbind(1, dd$x1, dd$x7, dd$x1 * dd$x7), dd$x4)); b <- coef(lm.fit(cbind(1, dd$x1, dd$x4), dd$x9))
  c((a[2] + a[4] * w) * b[3], a[4] * b[3])
}
m7m <- lm(x4 ~ x1 * x7, data = d); m7y <- lm(x9 ~ x1 + x4, data = d)
model7 <- list(outcome_models = list(lm_rows(m7m), lm_rows(m7y)), w = w1, estimates = unname(ind7(d)), boot = boot_pc(ind7))
# Model 8: x4 ~ x1*x7; x9 ~ x1*x7 + x4.
m8m <- lm(x4 ~ x1 * x7, data = d); m8y <- lm(x9 ~ x1 + x4 + x7 + x1:x7, data = d)
model8 <- list(outcome_models = list(lm_rows(m8m), lm_rows(m8y)),
               indirect = unname(sapply(w1, function(w) (coef(m8m)[2] + coef(m8m)[4] * w) * coef(m8y)["x4"])),
               index = unname(coef(m8m)[4] * coef(m8y)["x4"]),
               direct = lapply(w1, function(w) cond(m8y, "x1", "x7", list(x7 = w))))
# Model 14: x4 ~ x1; x9 ~ x1 + x4*x7.
m14m <- lm(x4 ~ x1, data = d); m14y <- lm(x9 ~ x1 + x4 + x7 + x4:x7, data = d)
model14 <- list(outcome_models = list(lm_rows(m14m), lm_rows(m14y)),
                indirect = unname(sapply(w1, function(w) coef(m14m)[2] * (coef(m14y)["x4"] + coef(m14y)["x4:x7"] * w))),
                index = unname(coef(m14m)[2] * coef(m14y)["x4:x7"]))
# Model 15: x4 ~ x1; x9 ~ x1 + x4 + x7 + x4:x7 + x1:x7.
m15m <- lm(x4 ~ x1, data = d); m15y <- lm(x9 ~ x1 + x4 + x7 + x4:x7 + x1:x7, data = d)
model15 <- list(outcome_models = list(lm_rows(m15m), lm_rows(m15y)),
                indirect = unname(sapply(w1, function(w) coef(m15m)[2] * (coef(m15y)["x4"] + coef(m15y)["x4:x7"] * w))),
                index = unname(coef(m15m)[2] * coef(m15y)["x4:x7"]),
                direct = lapply(w1, function(w) cond(m15y, "x1", "x7", list(x7 = w))))
# Models 58 and 59: both paths moderated by x7 (indirect quadratic in W).
m58m <- lm(x4 ~ x1 * x7, data = d); m58y <- lm(x9 ~ x1 + x4 + x7 + x4:x7, data = d); m59y <- lm(x9 ~ x1 + x4 + x7 + x4:x7 + x1:x7, data = d)
q <- function(mm, my, w) (coef(mm)[2] + coef(mm)[4] * w) * (coef(my)["x4"] + coef(my)["x4:x7"] * w)
model58 <- list(outcome_models = list(lm_rows(m58m), lm_rows(m58y)), indirect = unname(sapply(w1, function(w) q(m58m, m58y, w))))
model59 <- list(outcome_models = list(lm_rows(m59m <- m58m), lm_rows(m59y)), indirect = unname(sapply(w1, function(w) q(m58m, m59y, w))),
                direct = lapply(w1, function(w) cond(m59y, "x1", "x7", list(x7 = w))))

out <- list(
  software = list(R = R.version.string, car = as.character(packageVersion("car")), sandwich = as.character(packageVersion("sandwich"))),
  calls = list(hierarchical = "lm per block; anova(m_{k-1}, m_k); car::vif; sandwich::vcovHC(m, type = 'HC3')",
               process = "lm per equation; conditional effects b·g with SE √(gᵀVg); indirect effects as coefficient products; bootstrap: set.seed(1), 5000 × lm.fit on rows drawn with sample.int"),
  hierarchical = hier, standardized = standardized,
  process = list(model1 = model1, model1_sex = model1_sex, model2 = model2, model3 = model3, model4 = model4, model6 = model6,
                 model7 = model7, model8 = model8, model14 = model14, model15 = model15, model58 = model58, model59 = model59))
write_json(out, file.path(here, "regression.json"), digits = NA, auto_unbox = TRUE, null = "null", pretty = TRUE)
