# A structural model on other data than the CFA references: bfi agreeableness,
# conscientiousness and extraversion items (6 categories, complete cases),
# C ~ A + E, all items ordered, WLSMV (lavaan 0.6.14 defaults), at the exact
# optimum as the other references (_ordinal_common.R: exact_fit polishes with
# Newton steps on lavaan's gradient, then refits with optim.method = "none").
# Run from this folder:  Rscript bfi_ordinal_sem.R  → bfi_ordinal_sem.json
source("_ordinal_common.R")
d <- read.csv("../../../../Datasets/reference/bfi.csv")
items <- c(paste0("A", 1:5), paste0("C", 1:5), paste0("E", 1:5))
model <- 'A =~ A1 + A2 + A3 + A4 + A5
C =~ C1 + C2 + C3 + C4 + C5
E =~ E1 + E2 + E3 + E4 + E5
C ~ A + E'
ef <- exact_fit(function(...) sem(model, data = d, ordered = items, ...))
fit <- ef$fit
stopifnot(lavInspect(fit, "converged"))
out <- c(list(case = "bfi_ordinal_sem", call = "sem(model, data = bfi, ordered = items)", model = model,
              lavaan = as.character(packageVersion("lavaan")), data = "Datasets/reference/bfi.csv",
              nobs = I(lavInspect(fit, "nobs")), npar = lavInspect(fit, "npar"),
              parameterEstimates = pe_rows(fit), fitMeasures = as_list(fitMeasures(fit)),
              r2 = as_list(lavInspect(fit, "r2"))),
         ef$fields)
write_json_file(out, "bfi_ordinal_sem.json")
cat("max gradient", ef$fields$max_gradient, "chisq.scaled", fitMeasures(fit)["chisq.scaled"], "\n")
