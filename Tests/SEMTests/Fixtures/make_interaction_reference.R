# lavaan's interaction of observed variables (x1:x4 in a regression is the
# product variable lavaan forms from the data), for issue 22.
# Run from this folder:  Rscript make_interaction_reference.R   → hs_interaction.json
suppressPackageStartupMessages({ library(lavaan); library(jsonlite) })
options(digits = 15)
hs <- read.csv(file.path("..", "..", "..", "Datasets", "reference", "HolzingerSwineford1939.csv"))
tight <- list(reltol = 1e-16, maxit = 10000)
as_list <- function(x) { v <- unclass(x); attributes(v) <- NULL; names(v) <- names(x); as.list(v) }
model <- 'speed =~ x7 + x8 + x9
speed ~ x1 + x4 + x1:x4'
fit <- sem(model, data = hs, optim.method = "BFGS", control = tight)
pe <- parameterEstimates(fit, standardized = TRUE)
pe$label <- ""; pe$group <- 1L
keep <- c("lhs", "op", "rhs", "group", "label", "est", "se", "z", "pvalue", "ci.lower", "ci.upper", "std.lv", "std.all")
out <- list(case = "hs_interaction", call = "sem(model, data = HS)", model = model, lavaan = as.character(packageVersion("lavaan")),
            converged = lavInspect(fit, "converged"), iterations = lavInspect(fit, "iterations"), nobs = lavInspect(fit, "nobs"),
            parameterEstimates = pe[, keep], fitMeasures = as_list(fitMeasures(fit)), r2 = as_list(lavInspect(fit, "r2")))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, na = "null", pretty = TRUE, dataframe = "rows"), "hs_interaction.json")

# A latent interaction by double-mean-centred matched-pair product indicators
# (semTools::indProd defaults), → hs_latent_interaction.json.
suppressPackageStartupMessages(library(semTools))
hsp <- indProd(hs, var1 = c("x1", "x2", "x3"), var2 = c("x4", "x5", "x6"), match = TRUE, meanC = TRUE, doubleMC = TRUE)
model2 <- 'visual =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
speed =~ x7 + x8 + x9
speed ~ visual + textual + visual.textual
visual.textual =~ x1.x4 + x2.x5 + x3.x6'
fit2 <- sem(model2, data = hsp, optim.method = "BFGS", control = tight)
pe <- parameterEstimates(fit2, standardized = TRUE); pe$label <- ""; pe$group <- 1L
out2 <- list(case = "hs_latent_interaction", call = "sem(model2, data = indProd(HS, x1:x3, x4:x6))", model = model2,
             lavaan = as.character(packageVersion("lavaan")), semTools = as.character(packageVersion("semTools")),
             converged = lavInspect(fit2, "converged"), iterations = lavInspect(fit2, "iterations"), nobs = lavInspect(fit2, "nobs"),
             parameterEstimates = pe[, keep], fitMeasures = as_list(fitMeasures(fit2)), r2 = as_list(lavInspect(fit2, "r2")))
writeLines(toJSON(out2, auto_unbox = TRUE, digits = NA, na = "null", pretty = TRUE, dataframe = "rows"), "hs_latent_interaction.json")
