# Polychoric correlations of bfi A1-A5, C1-C5 (6 categories, with NA):
# the exact two-step ML (method in _ordinal_common.R), lavaan's lavCor and
# psych::polychoric, pairwise and listwise; plus lavaan's empty-cell handling.
# Run from this folder:  Rscript polychoric_bfi.R   -> polychoric_bfi.json
#
# What lavaan 0.6.14 and psych 2.2.9 do (read from their sources):
#  * Thresholds. lavaan (lav_uvord_fit) and psych::polychoric both take each
#    item's thresholds from all of its observed values in the data they get:
#    qnorm of cumulative proportions (lavaan: nlminb started there and it does
#    not move; max difference here ~1e-15).
#    - lavCor(missing = "pairwise"): per-item thresholds from every observed
#      value of that item; each rho from the pair's complete cases with those
#      thresholds held fixed (NOT thresholds re-estimated from the pair).
#    - lavCor(missing = "listwise") (lavCor's default): rows with any NA are
#      dropped first, so thresholds and rho all come from the complete cases.
#    - psych::polychoric(x) (global = TRUE, the default): thresholds from all
#      observed values per item (tabulate over non-NA; "tau"), rho from the
#      pair's complete cases = lavaan's pairwise scheme. psych has no listwise
#      option; "listwise" below is psych::polychoric(na.omit(x)).
#      (global = FALSE would re-estimate the thresholds from each pair's table
#      after its 0.5 continuity correction; not used here.)
#  * rho. lavaan: nlminb on -logl/N with analytic gradient and Hessian,
#    bounds [-0.999, 0.999], default rel.tol (~1e-10), probabilities from
#    pbivnorm, cell probabilities floored at sqrt(.Machine$double.eps).
#    psych: optimize() over (-1, 1) with the default tol (.Machine$double.eps^0.25
#    ~ 1.2e-4) and mnormt::sadmvn rectangle probabilities: hence ~2e-5 errors.
#  * Empty cells (lav_bvord_cor_twostep_fit, zero.add = c(0.5, 0.0),
#    zero.keep.margins = TRUE by default): zero.add[1] is used only for 2x2
#    tables, zero.add[2] for larger tables. So for these 6x6 tables nothing is
#    added (0.0) and lavaan's rho is the exact ML with empty cells
#    contributing 0. For a 2x2 table with exactly ONE empty cell, lavaan adds
#    0.5 to that cell and to its diagonal opposite and subtracts 0.5 from the
#    other two (margins kept); the thresholds stay those of the raw data.
#    Two empty cells in a 2x2 table: rho = 1 if freq[1,1] > 0 else -1 (warning).
#    A 2x2 table whose (adjusted) odds ratio is 1 gives rho = 0 exactly; with
#    both thresholds exactly 0, rho = -cos(2 pi freq[1,1] / N).
#    psych::polychoric with global = TRUE never corrects empty cells.
source("_ordinal_common.R")

bfi <- read.csv(file.path(DATA_DIR, "bfi.csv"))
items <- c(paste0("A", 1:5), paste0("C", 1:5))
x <- bfi[, items]
xl <- x[complete.cases(x), ]
maxabs <- function(a, b) max(abs(as.numeric(unclass(a)) - as.numeric(unclass(b))))
lav_th_matrix <- function(th, items) {
  th <- unclass(th); m <- matrix(as.numeric(th), nrow = length(items), byrow = TRUE)
  stopifnot(identical(names(th)[1:5], paste0(items[1], "|t", 1:5)))
  dimnames(m) <- list(items, paste0("t", seq_len(ncol(m)))); m
}

one_handling <- function(dat, lav_missing, handling_note) {
  ex <- polychoric_exact(dat)
  chk <- polychoric_exact(dat, Phi2 = Phi2_plackett)
  stopifnot(isSymmetric(ex$rho), all(diag(ex$rho) == 1))
  lc <- lavCor(x, ordered = items, missing = lav_missing, output = "cor")
  lt <- lav_th_matrix(lavCor(x, ordered = items, missing = lav_missing, output = "th"), items)
  ps <- suppressWarnings(polychoric(dat))
  list(
    note = handling_note,
    n_rows = nrow(dat),
    n_item = as_list(setNames(diag(ex$n_pair), items)),
    n_pair = mat2list(ex$n_pair),
    thresholds = mat2list(ex$thresholds),
    rho_exact = mat2list(ex$rho),
    loglik_exact = mat2list(ex$loglik),
    max_abs_score_over_n = ex$max_abs_score,
    plackett_check = list(max_abs_rho_diff = maxabs(chk$rho, ex$rho), max_abs_score_over_n = chk$max_abs_score),
    lavaan = list(call = sprintf('lavCor(x, ordered = items, missing = "%s", output = "cor" / "th")', lav_missing),
                  rho = mat2list(lc), thresholds = mat2list(lt),
                  max_abs_diff_rho = maxabs(lc, ex$rho), max_abs_diff_thresholds = maxabs(lt, ex$thresholds)),
    psych = list(call = if (lav_missing == "pairwise") "psych::polychoric(x)" else "psych::polychoric(na.omit(x))",
                 rho = mat2list(ps$rho), tau = mat2list(ps$tau),
                 max_abs_diff_rho = maxabs(ps$rho, ex$rho), max_abs_diff_tau = maxabs(ps$tau, ex$thresholds))
  )
}
pw <- one_handling(x, "pairwise",
  "thresholds of each item from all its observed values; rho from the pair's complete cases (lavCor missing = 'pairwise', psych default)")
lw <- one_handling(xl, "listwise",
  "rows with any NA among the 10 items dropped first; thresholds and rho from the complete cases (lavCor default missing = 'listwise')")

# ---------------------------------------------------------------------------
# Empty cells.
# (1) 6x6 table with empty cells: A1 x C1 on bfi rows 1-200.
s6 <- bfi[1:200, c("A1", "C1")]
ex6 <- polychoric_exact(s6)
lc6 <- lavCor(s6, ordered = c("A1", "C1"), missing = "pairwise", output = "cor")
ps6 <- suppressWarnings(polychoric(s6))
tab6 <- crosstab(s6$A1, s6$C1, 6L, 6L); dimnames(tab6) <- list(as.character(1:6), as.character(1:6))
stopifnot(sum(tab6 == 0) > 0)
case6 <- list(description = "A1 x C1, bfi rows 1-200 (6x6 table with empty cells); zero.add[2] = 0 so lavaan adds nothing",
              table = mat2list(tab6), table_layout = "rows = A1 category, columns = C1 category",
              n_A1 = sum(!is.na(s6$A1)), n_C1 = sum(!is.na(s6$C1)), n_pair = sum(tab6), n_empty = sum(tab6 == 0),
              thresholds = mat2list(ex6$thresholds),
              rho_exact = ex6$rho[1, 2], score_over_n = ex6$score_over_n[1, 2],
              lavaan_rho = lc6[1, 2], lavaan_minus_exact = lc6[1, 2] - ex6$rho[1, 2],
              psych_rho = ps6$rho[1, 2], psych_minus_exact = ps6$rho[1, 2] - ex6$rho[1, 2])

# (2) 2x2 tables with exactly one empty cell (bfi rows 1-200, dichotomized).
keep_margins <- function(freq, add = 0.5) {        # lavaan's zero.keep.margins rule
  idx <- which(freq == 0)
  stopifnot(length(idx) == 1L)
  s <- if (idx %in% c(1L, 4L)) 1 else -1
  freq + s * add * matrix(c(1, -1, -1, 1), 2, 2)
}
case2x2 <- function(v1, c1, v2, c2, rows = 1:200) {
  d <- data.frame(y1 = as.integer(bfi[[v1]][rows] >= c1) + 1L, y2 = as.integer(bfi[[v2]][rows] >= c2) + 1L)
  d <- d[complete.cases(d), ]                      # so that every handling uses the same rows
  tab <- crosstab(d$y1, d$y2, 2L, 2L); dimnames(tab) <- list(c("1", "2"), c("1", "2"))
  a <- thresholds_exact(d$y1, 2L); b <- thresholds_exact(d$y2, 2L)
  adj <- keep_margins(tab)
  ex_adj <- polychoric_exact_pair(adj, a, b)
  adj_nokeep <- tab; adj_nokeep[tab == 0] <- 0.5
  ex_nokeep <- polychoric_exact_pair(adj_nokeep, a, b)
  lc <- catch_warnings(lavCor(d, ordered = c("y1", "y2"), output = "cor"))
  lc_nokeep <- lavCor(d, ordered = c("y1", "y2"), output = "cor", zero.keep.margins = FALSE)
  lc_none <- catch_warnings(lavCor(d, ordered = c("y1", "y2"), output = "cor", zero.add = c(0, 0)))
  # Unadjusted ML: with one empty cell the likelihood increases monotonically
  # to the boundary (the empty cell's probability -> 0 while the other three
  # cells reproduce the margins), so the ML is rho = +1 or -1.
  sgn <- if (which(tab == 0) %in% c(2L, 3L)) 1 else -1
  ll_edge <- sapply(c(0.5, 0.9, 0.99, 0.999), function(r) loglik_rho(tab, a, b, sgn * r))
  stopifnot(all(diff(ll_edge) >= 0))  # flat to machine precision near the edge
  list(description = sprintf("y1 = 1 + (%s >= %d), y2 = 1 + (%s >= %d), bfi rows %d-%d, complete cases", v1, c1, v2, c2, min(rows), max(rows)),
       n = nrow(d),
       table = mat2list(tab), empty_cell_index_colmajor = which(tab == 0),
       thresholds = list(y1 = I(a), y2 = I(b)),
       table_adjusted_keep_margins = mat2list(adj),
       rho_exact_of_adjusted_table = ex_adj$rho, score_over_n = ex_adj$score / ex_adj$n,
       lavaan_rho = lc$value[1, 2], lavaan_minus_exact_adjusted = lc$value[1, 2] - ex_adj$rho,
       lavaan_warnings = I(lc$warnings),
       zero_keep_margins_false = list(table_adjusted = mat2list(adj_nokeep), rho_exact_of_adjusted_table = ex_nokeep$rho,
                                      lavaan_rho = lc_nokeep[1, 2], lavaan_minus_exact = lc_nokeep[1, 2] - ex_nokeep$rho),
       unadjusted = list(ml_rho = sgn, note = "likelihood increases monotonically to this boundary; no interior ML",
                         loglik_at_abs_rho_0.5_0.9_0.99_0.999 = ll_edge,
                         lavaan_rho_with_zero_add_0 = lc_none$value[1, 2], lavaan_warnings = I(lc_none$warnings)))
}
zc <- list(
  default_options = list(zero.add = c(0.5, 0.0), zero.keep.margins = TRUE, zero.cell.warn = FALSE),
  rule = paste("lav_bvord_cor_twostep_fit: 2x2 table with one empty cell -> add zero.add[1] = 0.5 to it and to its diagonal",
               "opposite, subtract 0.5 from the other two (zero.keep.margins = TRUE; FALSE would just add 0.5 to the empty cell);",
               "thresholds stay those of the raw data. Larger tables: empty cells set to zero.add[2] = 0, i.e. unchanged.",
               "2x2 with two empty cells: rho = 1 if freq[1,1] > 0 else -1. Then nlminb within [-0.999, 0.999]."),
  table_6x6 = case6,
  table_2x2_diagonal_zero = case2x2("A1", 2L, "A3", 2L),
  table_2x2_offdiagonal_zero = case2x2("A1", 5L, "C1", 2L)
)

max_diffs <- list(lavaan_vs_exact_rho_pairwise = pw$lavaan$max_abs_diff_rho,
                  lavaan_vs_exact_rho_listwise = lw$lavaan$max_abs_diff_rho,
                  lavaan_vs_exact_thresholds_pairwise = pw$lavaan$max_abs_diff_thresholds,
                  lavaan_vs_exact_thresholds_listwise = lw$lavaan$max_abs_diff_thresholds,
                  psych_vs_exact_rho_pairwise = pw$psych$max_abs_diff_rho,
                  psych_vs_exact_rho_listwise = lw$psych$max_abs_diff_rho,
                  psych_vs_exact_tau_pairwise = pw$psych$max_abs_diff_tau,
                  psych_vs_exact_tau_listwise = lw$psych$max_abs_diff_tau,
                  plackett_vs_pbivnorm_rho = max(pw$plackett_check$max_abs_rho_diff, lw$plackett_check$max_abs_rho_diff),
                  max_abs_score_over_n = max(pw$max_abs_score_over_n, lw$max_abs_score_over_n),
                  pairwise_vs_listwise_exact_rho = maxabs(pw$rho_exact$values |> unlist(), lw$rho_exact$values |> unlist()))
print(unlist(max_diffs))

out <- list(case = "polychoric_bfi", script = "polychoric_bfi.R", software = versions(),
            data = "Datasets/reference/bfi.csv", items = items, n_categories = 6L,
            method = paste("Exact two-step ML polychoric: thresholds = qnorm(cumulative proportions) of each item's observed values;",
                           "rho maximizes sum n_ij log P_ij with thresholds fixed, Phi_2 by pbivnorm, optimize(tol = 1e-14) then Newton",
                           "on the analytic score (d Phi_2/d rho = phi_2) until |step| < 1e-15; empty cells contribute 0.",
                           "Checked against Phi_2 from Plackett's identity by integrate(). See _ordinal_common.R."),
            matrix_layout = "{rownames, colnames, values}: values row-major (array of rows); thresholds: items x t1..t5",
            pairwise = pw, listwise = lw, zero_cells = zc, max_differences = max_diffs)
write_json_file(out, "polychoric_bfi.json")
