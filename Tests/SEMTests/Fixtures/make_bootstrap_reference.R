# Bootstrap reference for Tests/SEMTests/BootstrapTests.swift (lavaan 0.6.14):
#   Rscript make_bootstrap_reference.R     (from this folder) → hs_mediation_bootstrap.json
# The mediation model of ../shared/reference (hs_mediation_defined), with
# se = "bootstrap", B = 1000 (R's RNG, set.seed(20180501)). ClusterStat draws
# with its own generator, so the test compares within Monte-Carlo error.
suppressPackageStartupMessages({ library(lavaan); library(jsonlite) })
here <- local({a <- commandArgs(FALSE); f <- sub("^--file=", "", a[grep("^--file=", a)]); if (length(f)) dirname(normalizePath(f)) else getwd()})
hs <- read.csv(file.path(here, "..", "..", "..", "Datasets", "reference", "HolzingerSwineford1939.csv"))
model <- '
  visual =~ x1 + x2 + x3
  textual =~ x4 + x5 + x6
  speed =~ x7 + x8 + x9
  textual ~ a*visual
  speed ~ b*textual + c*visual
  ind := a*b
  total := c + a*b
'
set.seed(20180501)
t0 <- Sys.time()
fit <- sem(model, data = hs, se = "bootstrap", bootstrap = 1000)
seconds <- as.numeric(Sys.time()) - as.numeric(t0)
perc <- parameterEstimates(fit, boot.ci.type = "perc")
bca <- parameterEstimates(fit, boot.ci.type = "bca.simple")
keep <- perc$se > 0  # free and defined parameters (fixed ones have se 0)
out <- list(
  call = "set.seed(20180501); sem(model, data = HS, se = 'bootstrap', bootstrap = 1000); parameterEstimates(fit, boot.ci.type = 'perc' | 'bca.simple')",
  lavaan = as.character(packageVersion("lavaan")), model = model, B = 1000,
  replicates_used = nrow(lavInspect(fit, "boot")), seconds = seconds,
  parameters = data.frame(lhs = perc$lhs[keep], op = perc$op[keep], rhs = perc$rhs[keep], est = perc$est[keep], se = perc$se[keep],
                          perc.lower = perc$ci.lower[keep], perc.upper = perc$ci.upper[keep],
                          bca.lower = bca$ci.lower[keep], bca.upper = bca$ci.upper[keep]))
write_json(out, file.path(here, "hs_mediation_bootstrap.json"), digits = NA, auto_unbox = TRUE, pretty = TRUE)
