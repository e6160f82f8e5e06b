# Reference for SurveyTests: psych::describe on HolzingerSwineford1939 (the CSV
# shipped in Datasets/reference, as read.csv reads it), columns x1..x9, grade
# (one missing cell) and ageyr. Run from this folder:
#   Rscript make_describe_reference.R
suppressPackageStartupMessages({ library(psych); library(jsonlite) })
hs <- read.csv("../../../Datasets/reference/HolzingerSwineford1939.csv")
cols <- c(paste0("x", 1:9), "grade", "ageyr")
d <- psych::describe(hs[, cols])
out <- lapply(cols, function(v) {
  r <- d[v, ]
  list(variable = v, n = r$n, mean = r$mean, sd = r$sd, median = r$median, trimmed = r$trimmed,
       mad = r$mad, min = r$min, max = r$max, range = r$range, skew = r$skew,
       kurtosis = r$kurtosis, se = r$se)
})
cov_x <- cov(hs[, paste0("x", 1:9)])
writeLines(toJSON(list(call = "psych::describe(hs[, c(paste0('x', 1:9), 'grade', 'ageyr')]); cov(hs[, paste0('x', 1:9)])",
                       psych = as.character(packageVersion("psych")),
                       describe = out, cov_x = unname(lapply(1:9, function(i) unname(cov_x[i, ])))),
                  auto_unbox = TRUE, digits = NA, pretty = TRUE),
           "psych_describe_hs.json")
