# CR (compRelSEM) and AVE of CFAs with ordered indicators, semTools 0.5.6
# defaults (obs.var = TRUE, ord.scale = TRUE: Green & Yang's categorical omega
# for factors of ordered items), on lavaan 0.6.14 WLSMV fits at the exact
# optimum: HS ordinal (delta and theta), HS mixed (x1..x3 continuous) and a
# model where one factor mixes continuous and ordered items (CR NA).
# Also compRelSEM(ord.scale = FALSE) for comparison.
# Run from this folder:  Rscript cfa_reliability_ordinal.R  -> cfa_reliability_ordinal.json
source("_ordinal_common.R")
suppressPackageStartupMessages(library(semTools))
use_exact_polyserial()
hs <- read.csv("hs_ordinal.csv")
mixed <- read.csv("hs_mixed.csv")
hs_model <- 'visual =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
speed =~ x7 + x8 + x9'
mixed_factor_model <- 'f1 =~ x1 + x4 + x5
f2 =~ x2 + x3
speed =~ x7 + x8 + x9'
case <- function(name, model, data, ordered, parameterization = "delta") {
  fit <- exact_fit(function(...) cfa(model, data = data, ordered = ordered, parameterization = parameterization, ...))$fit
  cr <- suppressMessages(compRelSEM(fit)); cr_latent <- suppressMessages(compRelSEM(fit, ord.scale = FALSE))
  list(case = name, model = model, ordered = I(ordered), parameterization = parameterization,
       call = "compRelSEM(fit); AVE(fit); compRelSEM(fit, ord.scale = FALSE)",
       cr = as_list(cr), ave = as_list(AVE(fit)), cr_latent_scale = as_list(cr_latent))
}
out <- list(lavaan = as.character(packageVersion("lavaan")), semTools = as.character(packageVersion("semTools")),
            cases = list(case("hs_ordinal", hs_model, hs, paste0("x", 1:9)),
                         case("hs_ordinal_theta", hs_model, hs, paste0("x", 1:9), "theta"),
                         case("hs_mixed", hs_model, mixed, paste0("x", 4:9)),
                         case("mixed_factor", mixed_factor_model, mixed, paste0("x", 4:9))))
write_json_file(out, "cfa_reliability_ordinal.json")
