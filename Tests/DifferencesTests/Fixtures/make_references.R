# Reference numbers for Tests/DifferencesTests: t tests, one-way ANOVA with
# post-hoc comparisons, Levene's test and cross-tabulations, from R's stats
# and car (Debian r-base, r-cran-car, r-cran-jsonlite).
#   Rscript make_references.R      (from this folder) writes differences.json
# Where R has no function (Brown–Forsythe's F, Games–Howell, Scheffé, the
# likelihood-ratio χ²) the formula is written out below with its source.
suppressPackageStartupMessages({ library(car); library(jsonlite) })
here <- local({a <- commandArgs(FALSE); f <- sub("^--file=", "", a[grep("^--file=", a)]); if (length(f)) dirname(normalizePath(f)) else getwd()})
data_dir <- file.path(here, "..", "..", "..", "Datasets", "reference")
hs <- read.csv(file.path(data_dir, "HolzingerSwineford1939.csv"))
bfi <- read.csv(file.path(data_dir, "bfi.csv"))

levene <- function(y, g) {
  l <- car::leveneTest(y, factor(g), center = mean)
  list(F = l$`F value`[1], df1 = l$Df[1], df2 = l$Df[2], pvalue = l$`Pr(>F)`[1])
}
two_sample <- function(d, y, g, levels = NULL) {
  d <- d[!is.na(d[[y]]) & !is.na(d[[g]]), ]
  f <- if (is.null(levels)) factor(d[[g]]) else factor(d[[g]], levels = levels)
  x1 <- d[[y]][f == levels(f)[1]]; x2 <- d[[y]][f == levels(f)[2]]
  row <- function(t) list(t = unname(t$statistic), df = unname(t$parameter), pvalue = t$p.value,
                          ci = unname(as.numeric(t$conf.int)), mean_diff = mean(x1) - mean(x2))
  sp <- sqrt(((length(x1) - 1) * var(x1) + (length(x2) - 1) * var(x2)) / (length(x1) + length(x2) - 2))
  list(variable = y, group = g, levels = levels(f), n1 = length(x1), n2 = length(x2), mean1 = mean(x1), mean2 = mean(x2),
       sd1 = sd(x1), sd2 = sd(x2),
       pooled = row(t.test(x1, x2, var.equal = TRUE)), welch = row(t.test(x1, x2, var.equal = FALSE)),
       d = (mean(x1) - mean(x2)) / sp, levene = levene(d[[y]], f))
}

# Post-hoc comparisons for y ~ g (levels in factor order; pairs i < j, diff = mean_j − mean_i as TukeyHSD).
posthoc <- function(y, g) {
  ok <- !is.na(y) & !is.na(g); y <- y[ok]; g <- factor(g[ok])
  k <- nlevels(g); N <- length(y)
  m <- tapply(y, g, mean); v <- tapply(y, g, var); n <- tapply(y, g, length)
  fit <- aov(y ~ g); mse <- sum(residuals(fit)^2) / (N - k)
  tk <- TukeyHSD(fit, conf.level = 0.95)$g
  pairs <- t(combn(k, 2)); m_pairs <- nrow(pairs)
  lsd_p <- pairwise.t.test(y, g, p.adjust.method = "none", pool.sd = TRUE)$p.value
  bon_p <- pairwise.t.test(y, g, p.adjust.method = "bonferroni", pool.sd = TRUE)$p.value
  rows <- list()
  for (r in seq_len(m_pairs)) {
    i <- pairs[r, 1]; j <- pairs[r, 2]
    diff <- m[j] - m[i]
    se <- sqrt(mse * (1 / n[i] + 1 / n[j]))
    tcrit <- qt(0.975, N - k); tbon <- qt(1 - 0.05 / (2 * m_pairs), N - k)
    # Scheffé (1953): F = diff²/(se²(k − 1)); interval diff ± se·√((k − 1) F_.95).
    fs <- diff^2 / (se^2 * (k - 1))
    sch <- sqrt((k - 1) * qf(0.95, k - 1, N - k))
    # Games & Howell (1976): Welch's se and df, studentized range.
    segh <- sqrt(v[i] / n[i] + v[j] / n[j])
    dfgh <- (v[i] / n[i] + v[j] / n[j])^2 / ((v[i] / n[i])^2 / (n[i] - 1) + (v[j] / n[j])^2 / (n[j] - 1))
    qgh <- qtukey(0.95, k, dfgh) / sqrt(2)
    name <- paste0(levels(g)[j], "-", levels(g)[i])
    rows[[r]] <- list(
      group1 = levels(g)[i], group2 = levels(g)[j], diff = unname(diff),
      tukey = list(se = unname(se / sqrt(2) * sqrt(2)), pvalue = tk[name, "p adj"], ci = unname(tk[name, c("lwr", "upr")])),
      lsd = list(se = unname(se), pvalue = lsd_p[j - 1, i], ci = unname(diff + c(-1, 1) * tcrit * se)),
      bonferroni = list(se = unname(se), pvalue = bon_p[j - 1, i], ci = unname(diff + c(-1, 1) * tbon * se)),
      scheffe = list(se = unname(se), pvalue = pf(unname(fs), k - 1, N - k, lower.tail = FALSE), ci = unname(diff + c(-1, 1) * sch * se)),
      games_howell = list(se = unname(segh), df = unname(dfgh),
                          pvalue = ptukey(abs(unname(diff)) / unname(segh) * sqrt(2), k, unname(dfgh), lower.tail = FALSE),
                          ci = unname(diff + c(-1, 1) * qgh * segh)))
  }
  rows
}
anova_case <- function(d, y, g) {
  d <- d[!is.na(d[[y]]) & !is.na(d[[g]]), ]
  yy <- d[[y]]; f <- factor(d[[g]]); k <- nlevels(f); N <- length(yy)
  s <- summary(aov(yy ~ f))[[1]]
  ssb <- s$`Sum Sq`[1]; ssw <- s$`Sum Sq`[2]; msw <- s$`Mean Sq`[2]
  w <- oneway.test(yy ~ f, var.equal = FALSE)
  # Brown & Forsythe (1974): F* = Σnᵢ(ȳᵢ − ȳ)² / Σ(1 − nᵢ/N)sᵢ², Satterthwaite's df₂.
  n <- tapply(yy, f, length); m <- tapply(yy, f, mean); v <- tapply(yy, f, var)
  a <- (1 - n / N) * v
  bf <- sum(n * (m - mean(yy))^2) / sum(a)
  cc <- a / sum(a); bdf2 <- 1 / sum(cc^2 / (n - 1))
  list(variable = y, group = g, levels = levels(f), n = unname(n), means = unname(m), sds = unname(sqrt(v)),
       F = s$`F value`[1], df1 = s$Df[1], df2 = s$Df[2], pvalue = s$`Pr(>F)`[1],
       ss_between = ssb, ss_within = ssw, eta2 = ssb / (ssb + ssw), omega2 = (ssb - (k - 1) * msw) / (ssb + ssw + msw),
       welch = list(F = unname(w$statistic), df1 = unname(w$parameter[1]), df2 = unname(w$parameter[2]), pvalue = w$p.value),
       brown_forsythe = list(F = bf, df1 = k - 1, df2 = unname(bdf2), pvalue = pf(bf, k - 1, bdf2, lower.tail = FALSE)),
       levene = levene(yy, f), posthoc = posthoc(yy, f))
}
crosstab_case <- function(d, rows, cols) {
  tab <- table(d[[rows]], d[[cols]])
  p <- suppressWarnings(chisq.test(tab, correct = FALSE))
  E <- p$expected
  # Likelihood-ratio χ² (G², Wilks 1938): 2 Σ O ln(O/E) over non-empty cells.
  O <- as.vector(tab); Ev <- as.vector(E)
  g2 <- 2 * sum(ifelse(O > 0, O * log(O / Ev), 0))
  out <- list(rows = rows, cols = cols, row_levels = rownames(tab), col_levels = colnames(tab),
              counts = unname(lapply(seq_len(nrow(tab)), function(i) as.numeric(tab[i, ]))),
              chisq = unname(p$statistic), df = unname(p$parameter), pvalue = p$p.value,
              lr_chisq = g2, lr_pvalue = pchisq(g2, unname(p$parameter), lower.tail = FALSE),
              cramers_v = sqrt(unname(p$statistic) / (sum(tab) * (min(dim(tab)) - 1))), expected_min = min(E))
  if (all(dim(tab) == 2)) {
    y <- suppressWarnings(chisq.test(tab, correct = TRUE))
    out$yates_chisq <- unname(y$statistic); out$yates_pvalue <- y$p.value
    out$fisher_p <- fisher.test(tab)$p.value
  }
  out
}

out <- list(
  software = list(R = R.version.string, car = as.character(packageVersion("car"))),
  calls = list(
    ttest = "t.test(x1, x2, var.equal = TRUE/FALSE); t.test(x, y, paired = TRUE); t.test(x, mu = mu); car::leveneTest(y, g, center = mean)",
    anova = "summary(aov(y ~ g)); oneway.test(y ~ g, var.equal = FALSE); TukeyHSD; pairwise.t.test(pool.sd = TRUE, p.adjust = none|bonferroni); Brown-Forsythe, Scheffé, Games-Howell by formula",
    crosstab = "chisq.test(tab, correct = FALSE/TRUE); fisher.test(tab); G² by formula"),
  ttest = list(
    hs_x1_school = two_sample(hs, "x1", "school"),
    hs_x4_school_reordered = two_sample(hs, "x4", "school", levels = c("Pasteur", "Grant-White")),
    hs_x7_sex = two_sample(hs, "x7", "sex"),
    bfi_A1_gender = two_sample(bfi, "A1", "gender")),
  paired = local({
    t <- t.test(hs$x4, hs$x5, paired = TRUE); dd <- hs$x4 - hs$x5
    list(x = "x4", y = "x5", n = nrow(hs), mean1 = mean(hs$x4), mean2 = mean(hs$x5), sd1 = sd(hs$x4), sd2 = sd(hs$x5),
         t = unname(t$statistic), df = unname(t$parameter), pvalue = t$p.value, ci = unname(as.numeric(t$conf.int)),
         mean_diff = mean(dd), d = mean(dd) / sd(dd), r = cor(hs$x4, hs$x5))
  }),
  one_sample = local({
    t <- t.test(hs$x1, mu = 5)
    list(x = "x1", mu = 5, n = nrow(hs), mean = mean(hs$x1), sd = sd(hs$x1), t = unname(t$statistic), df = unname(t$parameter),
         pvalue = t$p.value, ci = unname(as.numeric(t$conf.int)), mean_diff = mean(hs$x1) - 5, d = (mean(hs$x1) - 5) / sd(hs$x1))
  }),
  anova = list(
    bfi_A2_education = anova_case(bfi, "A2", "education"),
    hs_x1_ageyr = anova_case(hs, "x1", "ageyr")),
  crosstab = list(
    hs_school_sex = crosstab_case(hs, "school", "sex"),
    bfi_gender_education = crosstab_case(bfi, "gender", "education"),
    hs_ageyr_grade = crosstab_case(hs, "ageyr", "grade"))
)
write_json(out, file.path(here, "differences.json"), digits = NA, auto_unbox = TRUE, null = "null", pretty = TRUE)
