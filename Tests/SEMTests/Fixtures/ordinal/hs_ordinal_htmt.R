# HTMT of the ordinal HS CFA from polychoric correlations:
# semTools::htmt(model, data, ordered = x1..x9, htmt2 = TRUE) (semTools 0.5.6).
# Run from this folder:  Rscript hs_ordinal_htmt.R  → hs_ordinal_htmt.json
suppressMessages({ library(lavaan); library(semTools); library(jsonlite) })
d <- read.csv("hs_ordinal.csv")
m <- "visual =~ x1+x2+x3\ntextual =~ x4+x5+x6\nspeed =~ x7+x8+x9"
h <- htmt(m, data = d, ordered = paste0("x", 1:9), htmt2 = TRUE)
writeLines(toJSON(list(call = "semTools::htmt(model, data = hs_ordinal, ordered = paste0('x', 1:9), htmt2 = TRUE)",
                       semTools = as.character(packageVersion("semTools")),
                       factors = rownames(h), htmt = unclass(h)), digits = NA, auto_unbox = TRUE, pretty = TRUE),
           "hs_ordinal_htmt.json")
