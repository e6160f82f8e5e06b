# Modification indices of the ordinal HS CFA under WLSMV at the exact optimum:
# lavaan::modindices(fit) (expected information of DWLS, lavaan 0.6.14); all
# nine indicators ordered, and x1..x3 continuous (hs_mixed.csv, exact ML polyserials).
# Run from this folder:  Rscript hs_ordinal_modindices.R  → hs_ordinal_modindices.json, mixed_ordinal_modindices.json
source("_ordinal_common.R")
use_exact_polyserial()
model <- 'visual =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
speed =~ x7 + x8 + x9'
save_mi <- function(case, file, ordered, call) {
  d <- read.csv(file, stringsAsFactors = FALSE)
  ef <- exact_fit(function(...) cfa(model, data = d, ordered = ordered, ...))
  mi <- modindices(ef$fit)
  rows <- lapply(seq_len(nrow(mi)), function(i) as.list(mi[i, c("lhs", "op", "rhs", "mi", "epc", "sepc.lv", "sepc.all")]))
  write_json_file(list(case = case, call = call, lavaan = as.character(packageVersion("lavaan")),
                       max_gradient = ef$fields$max_gradient, modindices = rows), paste0(case, ".json"))
  print(head(mi[order(-mi$mi), ], 8))
}
save_mi("hs_ordinal_modindices", "hs_ordinal.csv", paste0("x", 1:9), "modindices(cfa(model, data = hs_ordinal, ordered = x1..x9))")
save_mi("mixed_ordinal_modindices", "hs_mixed.csv", paste0("x", 4:9), "modindices(cfa(model, data = hs_mixed, ordered = x4..x9))")
