# Modification indices of the ordinal HS CFA under WLSMV at the exact optimum:
# lavaan::modindices(fit) (expected information of DWLS, lavaan 0.6.14).
# Run from this folder:  Rscript hs_ordinal_modindices.R  → hs_ordinal_modindices.json, mixed_ordinal_modindices.json
source("_ordinal_common.R")
hs <- read.csv("hs_ordinal.csv", stringsAsFactors = FALSE)
ov <- paste0("x", 1:9)
model <- 'visual =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
speed =~ x7 + x8 + x9'
ef <- exact_fit(function(...) cfa(model, data = hs, ordered = ov, ...))
mi <- modindices(ef$fit)
rows <- lapply(seq_len(nrow(mi)), function(i) as.list(mi[i, c("lhs", "op", "rhs", "mi", "epc", "sepc.lv", "sepc.all")]))
write_json_file(list(case = "hs_ordinal_modindices", call = "modindices(cfa(model, data = hs_ordinal, ordered = x1..x9))",
                     lavaan = as.character(packageVersion("lavaan")), max_gradient = ef$fields$max_gradient,
                     modindices = rows), "hs_ordinal_modindices.json")
print(head(mi[order(-mi$mi), ], 8))

# The same model with x1..x3 continuous (hs_mixed.csv, exact ML polyserials).
use_exact_polyserial()
mixed <- read.csv("hs_mixed.csv", stringsAsFactors = FALSE)
ef2 <- exact_fit(function(...) cfa(model, data = mixed, ordered = paste0("x", 4:9), ...))
mi2 <- modindices(ef2$fit)
rows2 <- lapply(seq_len(nrow(mi2)), function(i) as.list(mi2[i, c("lhs", "op", "rhs", "mi", "epc", "sepc.lv", "sepc.all")]))
write_json_file(list(case = "mixed_ordinal_modindices", call = "modindices(cfa(model, data = hs_mixed, ordered = x4..x9))",
                     lavaan = as.character(packageVersion("lavaan")), max_gradient = ef2$fields$max_gradient,
                     modindices = rows2), "mixed_ordinal_modindices.json")
print(head(mi2[order(-mi2$mi), ], 8))
