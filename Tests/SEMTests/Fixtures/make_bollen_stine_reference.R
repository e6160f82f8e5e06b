# Bollen–Stine bootstrap reference for Tests/SEMTests/BollenStineTests.swift (lavaan 0.6.14):
#   Rscript make_bollen_stine_reference.R     (from this folder) → bollen_stine.json
# lavaan's test = "bollen.stine" with se = "bootstrap", B = 1000 (R's RNG,
# set.seed(20261121)): the data are transformed so that their covariance
# matrix is the model's Σ̂ (Bollen & Stine 1992), resampled, and each
# replicate's χ² is compared with the observed one; p = #{T* > T}/B_ok.
# ClusterStat draws with its own generator, so the test compares the p value
# and the quantiles of T* within Monte-Carlo error.
suppressPackageStartupMessages({ library(lavaan); library(jsonlite) })
here <- local({a <- commandArgs(FALSE); f <- sub("^--file=", "", a[grep("^--file=", a)]); if (length(f)) dirname(normalizePath(f)) else getwd()})
data_dir <- file.path(here, "..", "..", "..", "Datasets", "reference")
hs <- read.csv(file.path(data_dir, "HolzingerSwineford1939.csv"))
pd <- read.csv(file.path(data_dir, "PoliticalDemocracy.csv"))
# The models of the existing references, so that the cases are the same models.
bollen <- fromJSON(file.path(here, "polidem_sem_tight.json"))$model
mediation <- fromJSON(file.path(here, "hs_mediation_bootstrap.json"))$model
probs <- c(0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95)
one <- function(case, model, data, dataname) {
  set.seed(20261121)
  fit <- sem(model, data = data, se = "bootstrap", test = "bollen.stine", bootstrap = 1000)
  bs <- fit@test$bollen.stine
  list(case = case, model = model, data = dataname, B = 1000,
       call = paste0("set.seed(20261121); sem(model, data = ", dataname, ", se = 'bootstrap', test = 'bollen.stine', bootstrap = 1000)"),
       chisq = bs$stat, df = bs$df, pvalue = bs$pvalue, pvalue.normal = fitMeasures(fit, "pvalue")[[1]],
       boot.larger = bs$boot.larger, boot.length = bs$boot.length,
       probs = probs, quantiles = unname(quantile(bs$boot.T, probs, type = 7)),
       mean = mean(bs$boot.T), sd = sd(bs$boot.T))
}
out <- list(lavaan = as.character(packageVersion("lavaan")),
            cases = list(one("polidem_sem", bollen, pd, "PoliticalDemocracy"),
                         one("hs_mediation", mediation, hs, "HolzingerSwineford1939")))
write_json(out, file.path(here, "bollen_stine.json"), digits = NA, auto_unbox = TRUE, pretty = TRUE)
