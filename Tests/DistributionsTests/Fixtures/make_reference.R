# Reference values for DistributionsTests. Run: Rscript make_reference.R > r_values.tsv
# Columns: function, arguments..., value (printed with 17 significant digits).
options(digits = 17)
out <- function(name, args, v) cat(name, paste(format(args, digits = 17), collapse = "\t"), format(v, digits = 17), sep = "\t", fill = FALSE, "\n")
for (x in c(-5, -1.96, -0.5, 0, 0.3, 1.644853626951, 3, 8)) {
  out("pnorm", x, pnorm(x)); out("pnorm_upper", x, pnorm(x, lower.tail = FALSE)); out("dnorm", x, dnorm(x))
}
for (p in c(1e-10, 0.001, 0.025, 0.5, 0.95, 0.975, 0.999999)) out("qnorm", p, qnorm(p))
for (a in list(c(0.5, 1), c(3.84, 1), c(85.3055217699727, 24), c(918.85, 36), c(10, 10), c(200, 150))) {
  out("pchisq", a, pchisq(a[1], a[2])); out("pchisq_upper", a, pchisq(a[1], a[2], lower.tail = FALSE))
  out("dchisq", a, dchisq(a[1], a[2]))
}
for (a in list(c(0.05, 1), c(0.95, 24), c(0.975, 36), c(0.5, 3))) out("qchisq", a, qchisq(a[1], a[2]))
for (a in list(c(85.3055217699727, 24, 0), c(85.3055217699727, 24, 30.5), c(40, 24, 12.2), c(10, 5, 100), c(300, 150, 80))) {
  out("pnchisq", a, pchisq(a[1], a[2], ncp = a[3])); out("pnchisq_upper", a, pchisq(a[1], a[2], ncp = a[3], lower.tail = FALSE))
}
for (a in list(c(0.05, 24, 30.5), c(0.95, 10, 3))) out("qnchisq", a, qchisq(a[1], a[2], ncp = a[3]))
for (a in list(c(-2.5, 5), c(0.7, 30), c(2.0, 300))) { out("pt", a, pt(a[1], a[2])); out("dt", a, dt(a[1], a[2])) }
for (a in list(c(0.975, 5), c(0.995, 299))) out("qt", a, qt(a[1], a[2]))
for (a in list(c(2.5, 3, 40), c(0.8, 10, 12))) { out("pf", a, pf(a[1], a[2], a[3])); out("pf_upper", a, pf(a[1], a[2], a[3], lower.tail = FALSE)); out("df", a, df(a[1], a[2], a[3])) }
for (a in list(c(0.95, 3, 40))) out("qf", a, qf(a[1], a[2], a[3]))
# Φ₂(h, k; ρ) from pbivnorm (Genz's Fortran, the routine lavaan's polychorics
# call), checked at 1e-14 against Plackett's identity
# Φ₂ = Φ(h)Φ(k) + ∫₀^ρ φ₂(h, k; r) dr integrated by R's integrate().
library(pbivnorm)
for (h in c(-3.1, -1, -0.2, 0, 0.67, 2.5)) for (k in c(-2.2, -0.5, 0.3, 1.4)) for (r in c(-0.97, -0.6, -0.1, 0.25, 0.5, 0.93, 0.999)) {
  v <- pbivnorm(h, k, r)
  d2 <- function(t) exp(-(h^2 - 2 * t * h * k + k^2) / (2 * (1 - t^2))) / (2 * pi * sqrt(1 - t^2))
  m <- pnorm(h) * pnorm(k) + integrate(d2, 0, r, rel.tol = 1e-13, abs.tol = 1e-16, subdivisions = 1000L)$value
  stopifnot(abs(v - m) < 1e-13)
  out("pbivnorm", c(h, k, r), v)
}
