# KMO and Bartlett's test on polychoric correlations: psych::KMO and
# psych::cortest.bartlett on lavCor's pairwise polychoric matrix of bfi A1–A5
# (n = all 2800 rows, psych's n.obs). lavCor is within 3e-8 of the exact ML matrix.
# Run from this folder:  Rscript kmo_ordinal.R  → kmo_ordinal.json
suppressMessages({ library(lavaan); library(psych); library(jsonlite) })
d <- read.csv("../../../../Datasets/reference/bfi.csv")[, paste0("A", 1:5)]
r <- lavCor(d, ordered = names(d), missing = "pairwise")
k <- KMO(r); b <- cortest.bartlett(r, n = nrow(d))
writeLines(toJSON(list(call = "psych::KMO(r); psych::cortest.bartlett(r, n = 2800); r = lavCor(bfi[A1:A5], ordered, missing = 'pairwise')",
                       kmo = k$MSA, msa = as.list(k$MSAi), chisq = b$chisq, df = b$df),
                  digits = NA, auto_unbox = TRUE, pretty = TRUE), "kmo_ordinal.json")
