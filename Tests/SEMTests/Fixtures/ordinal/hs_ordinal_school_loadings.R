# Two groups with equal loadings (group.equal = "loadings"): with ordered
# indicators lavaan keeps every group in the delta parameterization with
# thresholds free per group, scale factors 1 and latent means 0 (only
# "thresholds" frees the later groups' means and scales). WLSMV at the exact
# optimum as the other references (_ordinal_common.R's exact_fit).
# Run from this folder:  Rscript hs_ordinal_school_loadings.R  → hs_ordinal_school_loadings.json
source("_ordinal_common.R")
hs <- read.csv("hs_ordinal.csv", stringsAsFactors = FALSE)
ov <- paste0("x", 1:9)
model <- 'visual =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
speed =~ x7 + x8 + x9'
ef <- exact_fit(function(...) cfa(model, data = hs, ordered = ov, group = "school", group.equal = "loadings", ...))
fit <- ef$fit
stopifnot(lavInspect(fit, "converged"))
out <- c(list(case = "hs_ordinal_school_loadings",
              call = "cfa(model, data = hs_ordinal, ordered = x1..x9, group = 'school', group.equal = 'loadings')",
              model = model, lavaan = as.character(packageVersion("lavaan")),
              nobs = I(lavInspect(fit, "nobs")), npar = lavInspect(fit, "npar"),
              parameterEstimates = pe_rows(fit), fitMeasures = as_list(fitMeasures(fit))),
         ef$fields)
write_json_file(out, "hs_ordinal_school_loadings.json")
cat("max gradient", ef$fields$max_gradient, "chisq.scaled", fitMeasures(fit)["chisq.scaled"], "\n")
