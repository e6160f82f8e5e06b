# Ordinal invariance with binary items: HS x1..x9 of hs_ordinal.csv split into
# 0/1 at category 3 (x >= 3), groups by school; semTools 0.5.6 measEq.syntax
# (parameterization = "delta", ID.fac = "std.lv", ID.cat = "Wu.Estabrook.2016")
# for the configural, thresholds and thresholds + loadings steps, each fitted by
# lavaan 0.6.14 (WLSMV) at the exact optimum (exact_fit in _ordinal_common.R),
# and lavTestLRT between consecutive steps. With one threshold per item the
# thresholds step frees only the later groups' intercepts (scale factors stay 1)
# and fits exactly as the configural model (same chisq and df). The intercepts
# step (scale factors freed there) does not converge in lavaan on these data and
# is not stored.
# Run from this folder:  Rscript invariance_binary.R  -> invariance_binary.json
source("_ordinal_common.R")
suppressPackageStartupMessages(library(semTools))
hs <- read.csv("hs_ordinal.csv")
ov <- paste0("x", 1:9)
for (v in ov) hs[[v]] <- as.integer(hs[[v]] >= 3)
model <- 'visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9'
steps <- list(configural = "", thresholds = "thresholds", metric = c("thresholds", "loadings"))
fits <- list(); out <- list()
for (name in names(steps)) {
  syn <- as.character(measEq.syntax(model, data = hs, ordered = ov, parameterization = "delta", ID.fac = "std.lv",
                                    ID.cat = "Wu.Estabrook.2016", group = "school", group.equal = steps[[name]]))
  ef <- exact_fit(function(...) cfa(syn, data = hs, ordered = ov, group = "school", ...))
  fits[[name]] <- ef$fit
  out[[length(out) + 1]] <- list(name = name, group_equal = I(steps[[name]]), syntax = syn,
                                 fitMeasures = as_list(fitMeasures(ef$fit)), max_gradient = ef$fields$max_gradient)
}
lrt <- list()
for (k in 2:length(fits)) {
  t <- lavTestLRT(fits[[k - 1]], fits[[k]])
  lrt[[length(lrt) + 1]] <- list(from = names(fits)[k - 1], to = names(fits)[k], `Chisq diff` = t[2, "Chisq diff"],
                                 `Df diff` = t[2, "Df diff"], `Pr(>Chisq)` = t[2, "Pr(>Chisq)"])
}
write_json_file(list(R = R.version.string, lavaan = as.character(packageVersion("lavaan")),
                     semTools = as.character(packageVersion("semTools")),
                     data = "hs_ordinal.csv, x1..x9 recoded as (x >= 3), group school", steps = out, lrt = lrt),
                "invariance_binary.json")
