# Modification indices of the ordinal HS CFA under WLSMV at the exact optimum:
# lavaan::modindices(fit) (expected information of DWLS, lavaan 0.6.14).
# Run from this folder:  Rscript hs_ordinal_modindices.R  → hs_ordinal_modindices.json
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
