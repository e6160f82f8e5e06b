# Common method bias on three scales of the shipped study data (RE1–RE5,
# KR1–KR5, IG1–IG5 of Datasets/cluster-enterprise/responses.csv, -2/-3 as
# missing, complete cases), for
# clusterstat cmb: Harman's single factor by psych::principal and psych::fa,
# the one-factor CFA against the measurement model, and the unmeasured latent
# method construct (ULMC) with lavaan 0.6. Run: Rscript make_cmb_reference.R → cmb_study.json
suppressPackageStartupMessages({ library(psych); library(lavaan); library(jsonlite) })
study <- read.csv(file.path("..", "..", "..", "Datasets", "cluster-enterprise", "responses.csv"), check.names = FALSE)
x <- study[, c(13:17, 46:50, 51:55)]
colnames(x) <- c(paste0("RE", 1:5), paste0("KR", 1:5), paste0("IG", 1:5))
x <- as.data.frame(lapply(x, function(v) { v <- as.numeric(v); v[v %in% c(-2, -3)] <- NA; v }))
x <- x[complete.cases(x), ]
tight <- list(reltol = 1e-16, maxit = 10000)
pc <- principal(x, nfactors = 1, rotate = "none")
f1 <- fa(x, nfactors = 1, fm = "minres", rotate = "none")
meas <- 'RE =~ RE1 + RE2 + RE3 + RE4 + RE5
KR =~ KR1 + KR2 + KR3 + KR4 + KR5
IG =~ IG1 + IG2 + IG3 + IG4 + IG5'
one <- paste('common =~', paste(colnames(x), collapse = ' + '))
# The method factor with equal loadings (one parameter) and orthogonal
# to the traits: the identified form of the ULMC test (Williams, Cote & Buckley 1989;
# Podsakoff et al. 2003); free loadings leave three-item scales unidentified.
# Equal loadings as loadings fixed to 1 with the method variance free: the same model, one parameter.
ulmc <- paste(meas, paste('method =~', paste0('1*', colnames(x), collapse = ' + ')), 'method ~~ method
method ~~ 0*RE + 0*KR + 0*IG', sep = "\n")
fm <- cfa(meas, data = x, optim.method = "BFGS", control = tight)
fo <- cfa(one, data = x, optim.method = "BFGS", control = tight)
fu <- cfa(ulmc, data = x, optim.method = "BFGS", control = tight)
keys <- c("chisq", "df", "pvalue", "cfi", "tli", "rmsea", "srmr")
fits <- function(f) as.list(fitMeasures(f)[keys])
lrt <- anova(fo, fm)
su <- standardizedSolution(fu)
ml <- su[su$lhs == "method" & su$op == "=~", ]
tl <- su[su$lhs %in% c("RE", "KR", "IG") & su$op == "=~", ]
out <- list(
  calls = list(harman_pca = "psych::principal(x, 1, rotate = 'none')$Vaccounted['Proportion Var', 1]",
               harman_fa = "psych::fa(x, 1, fm = 'minres')$Vaccounted['Proportion Var', 1]",
               cfa = "lavaan::cfa(measurement / one factor / measurement + method factor (equal loadings, unit variance, orthogonal))"),
  n = nrow(x), harman_pca = pc$Vaccounted["Proportion Var", 1], first_eigenvalue = pc$values[1], kaiser = sum(pc$values > 1),
  harman_fa = f1$Vaccounted["Proportion Var", 1],
  measurement = fits(fm), one_factor = fits(fo), ulmc = fits(fu),
  delta_chisq = lrt$`Chisq diff`[2], delta_df = lrt$`Df diff`[2], delta_p = lrt$`Pr(>Chisq)`[2],
  ulmc_converged = lavInspect(fu, "converged"),
  method_loadings = unname(ml$est.std), trait_loadings = unname(tl$est.std),
  method_variance = mean(ml$est.std^2), trait_variance = mean(tl$est.std^2))
write_json(out, "cmb_study.json", digits = NA, auto_unbox = TRUE, pretty = TRUE)
