import Foundation
import Testing
@testable import Distributions

// Every value here was printed by R 4.2.2 (Fixtures/make_reference.R →
// Fixtures/r_values.tsv). libRmath is R's own code, so agreement is to 1e-12.

struct RValue {
  var function: String
  var args: [Double]
  var value: Double
}

func loadRValues() throws -> [RValue] {
  let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/r_values.tsv")
  let text = try String(contentsOf: url, encoding: .utf8)
  return text.split(separator: "\n").map { line in
    let f = line.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    let nums = f.dropFirst().map { Double($0)! }
    return RValue(function: f[0], args: Array(nums.dropLast()), value: nums.last!)
  }
}

func ours(_ r: RValue) -> Double {
  let a = r.args
  switch r.function {
  case "pnorm": return Normal.cdf(a[0])
  case "pnorm_upper": return Normal.cdf(a[0], upperTail: true)
  case "dnorm": return Normal.density(a[0])
  case "qnorm": return Normal.quantile(a[0])
  case "pchisq": return ChiSquare(df: a[1]).cdf(a[0])
  case "pchisq_upper": return ChiSquare(df: a[1]).cdf(a[0], upperTail: true)
  case "dchisq": return ChiSquare(df: a[1]).density(a[0])
  case "qchisq": return ChiSquare(df: a[1]).quantile(a[0])
  case "pnchisq": return ChiSquare(df: a[1], noncentrality: a[2]).cdf(a[0])
  case "pnchisq_upper": return ChiSquare(df: a[1], noncentrality: a[2]).cdf(a[0], upperTail: true)
  case "qnchisq": return ChiSquare(df: a[1], noncentrality: a[2]).quantile(a[0])
  case "pt": return StudentT(df: a[1]).cdf(a[0])
  case "dt": return StudentT(df: a[1]).density(a[0])
  case "qt": return StudentT(df: a[1]).quantile(a[0])
  case "pf": return FisherF(df1: a[1], df2: a[2]).cdf(a[0])
  case "pf_upper": return FisherF(df1: a[1], df2: a[2]).cdf(a[0], upperTail: true)
  case "df": return FisherF(df1: a[1], df2: a[2]).density(a[0])
  case "qf": return FisherF(df1: a[1], df2: a[2]).quantile(a[0])
  case "pbivnorm": return BivariateNormal.cdf(a[0], a[1], rho: a[2])
  default: fatalError("unknown function \(r.function)")
  }
}

@Test func everyValueMatchesR() throws {
  let values = try loadRValues()
  #expect(values.count >= 70)
  for r in values {
    let v = ours(r)
    // Φ₂ by quadrature: Genz's absolute error bound, 1e-15.
    let tol = r.function == "pbivnorm" ? 2e-15 : 1e-12 * max(abs(r.value), 1e-300) + 1e-300
    #expect(abs(v - r.value) <= tol, "\(r.function)\(r.args) = \(v), R says \(r.value)")
  }
}

@Test func twoSidedPIsLavaans() {
  #expect(abs(Normal.twoSidedP(1.959963984540054) - 0.05) < 1e-14)
  #expect(Normal.twoSidedP(-3) == Normal.twoSidedP(3))
  #expect(abs(StudentT(df: 10).twoSidedP(2.228138851986) - 0.05) < 1e-10)
}

@Test func bivariateNormalLimitsAndRectangles() {
  // Independence, the margins, and the singular correlations.
  #expect(abs(BivariateNormal.cdf(0.4, -0.7, rho: 0) - Normal.cdf(0.4) * Normal.cdf(-0.7)) < 1e-16)
  #expect(abs(BivariateNormal.cdf(0.4, .infinity, rho: 0.6) - Normal.cdf(0.4)) < 1e-16)
  #expect(BivariateNormal.cdf(-.infinity, 1, rho: 0.6) == 0)
  #expect(abs(BivariateNormal.cdf(0.4, -0.7, rho: 1) - Normal.cdf(-0.7)) < 1e-16)
  #expect(abs(BivariateNormal.cdf(0.4, 0.7, rho: -1) - (Normal.cdf(0.4) - Normal.cdf(-0.7))) < 1e-16)
  // Orthant probability: Φ₂(0, 0; ρ) = 1/4 + asin(ρ)/(2π), on every branch.
  for r in [-0.999, -0.95, -0.8, -0.5, -0.2, 0.1, 0.4, 0.7, 0.93, 0.9999] {
    #expect(abs(BivariateNormal.cdf(0, 0, rho: r) - (0.25 + asin(r) / (2 * Double.pi))) < 1e-15, "ρ = \(r)")
  }
  // ∂Φ₂/∂ρ = φ₂ (central differences).
  for (h, k, r) in [(0.3, -1.1, 0.45), (-0.8, -0.2, -0.94), (1.7, 0.9, 0.96)] {
    let e = 1e-5
    let fd = (BivariateNormal.cdf(h, k, rho: r + e) - BivariateNormal.cdf(h, k, rho: r - e)) / (2 * e)
    #expect(abs(fd - BivariateNormal.density(h, k, rho: r)) < 1e-8)
  }
}

// The erfc route for the ordinal likelihoods' inner loops: R's printed values
// to 1e-13 relative, and R's own pnorm/dnorm (libRmath) on a dense grid out to
// the underflow, to the bounds the doc comment states.
@Test func fastNormalAgreesWithR() throws {
  for r in try loadRValues() {
    let v: Double
    switch r.function {
    case "pnorm": v = Normal.fastCDF(r.args[0])
    case "pnorm_upper": v = Normal.fastCDF(r.args[0], upperTail: true)
    case "dnorm": v = Normal.fastDensity(r.args[0])
    default: continue
    }
    #expect(abs(v - r.value) <= 1e-13 * r.value + 1e-300, "\(r.function)\(r.args): \(v) against R's \(r.value)")
  }
  var worstCentral = 0.0, worstTail = 0.0
  for x in stride(from: -37.0, through: 37.0, by: 0.00173) {
    for upper in [false, true] {
      let exact = Normal.cdf(x, upperTail: upper)
      guard exact > 1e-300 else { continue }
      let rel = abs(Normal.fastCDF(x, upperTail: upper) - exact) / exact
      if abs(x) < 8 { worstCentral = max(worstCentral, rel) } else { worstTail = max(worstTail, rel) }
    }
    let d = Normal.density(x)
    let rel = abs(Normal.fastDensity(x) - d) / d
    if abs(x) < 8 { worstCentral = max(worstCentral, rel) } else { worstTail = max(worstTail, rel) }
  }
  #expect(worstCentral < 2e-14, "largest relative difference for |x| < 8: \(worstCentral)")
  #expect(worstTail < 2e-13, "largest relative difference for |x| ≥ 8: \(worstTail)")
}

// Φ, 1 − Φ and φ from one exponential (Normal.tails): R's printed values, and
// R's own pnorm/dnorm (libRmath) on a dense grid over every branch of Cody's
// approximation out to the underflow.
@Test func normalTailsAgreeWithR() throws {
  for r in try loadRValues() {
    let t: (lower: Double, upper: Double, density: Double)
    let v: Double
    switch r.function {
    case "pnorm": t = Normal.tails(r.args[0]); v = t.lower
    case "pnorm_upper": t = Normal.tails(r.args[0]); v = t.upper
    case "dnorm": t = Normal.tails(r.args[0]); v = t.density
    default: continue
    }
    #expect(abs(v - r.value) <= 1e-13 * r.value + 1e-300, "\(r.function)\(r.args): \(v) against R's \(r.value)")
  }
  var worst = (lower: 0.0, upper: 0.0, density: 0.0)
  for x in stride(from: -38.0, through: 38.0, by: 0.00131) + [0, 0.67448975, -0.67448975, 0.6744898, 5.6568542494923801952, -5.65685425] {
    let t = Normal.tails(x)
    func rel(_ ours: Double, _ exact: Double) -> Double { exact > 1e-300 ? abs(ours - exact) / exact : abs(ours - exact) }
    worst.lower = max(worst.lower, rel(t.lower, Normal.cdf(x)))
    worst.upper = max(worst.upper, rel(t.upper, Normal.cdf(x, upperTail: true)))
    worst.density = max(worst.density, rel(t.density, Normal.density(x)))
  }
  #expect(worst.lower < 1e-14 && worst.upper < 1e-14, "largest relative difference from pnorm: \(worst)")
  #expect(worst.density < 1e-14, "largest relative difference from dnorm: \(worst.density)")
  #expect(Normal.tails(-40).lower == 0 && Normal.tails(40).upper == 0 && Normal.tails(40).lower == 1)
}

// The non-central χ² cdf below λ = 80 by the mixture with the pgamma
// recurrence: against R's own pnchisq (libRmath, the same call R makes) over
// the range the RMSEA intervals search (df 1–300, λ up to 80, x around the mean),
// to absolute 5e-14 — far below what moves uniroot's iterates.
@Test func noncentralChiSquareMixtureAgreesWithR() {
  var worst = 0.0, compared = 0
  for df in [1.0, 2, 3.5, 8, 24, 57, 120, 300] {
    for ncp in [0.0, 1e-6, 0.3, 2, 9.7, 31, 64.2, 79.9] {
      for step in stride(from: 0.02, through: 4, by: 0.07) {
        let x = step * (df + ncp)
        guard let ours = ChiSquare.poissonMixtureCDF(x, df: df, ncp: ncp) else { continue }
        let r = ChiSquare.rmathNoncentralCDF(x, df: df, ncp: ncp, upperTail: false)
        worst = max(worst, abs(ours - r))
        compared += 1
      }
    }
  }
  #expect(compared > 3000)
  #expect(worst < 5e-14, "largest absolute difference from R's pnchisq: \(worst)")
  // The public cdf takes the mixture where it applies and R's code elsewhere.
  #expect(ChiSquare.poissonMixtureCDF(100, df: 5, ncp: 90) == nil)
  #expect(ChiSquare(df: 5, noncentrality: 90).cdf(100) == ChiSquare.rmathNoncentralCDF(100, df: 5, ncp: 90, upperTail: false))
}

// The cdf over λ for one x and df (the RMSEA interval's root search) keeps the
// central terms between calls: below λ = 80 the same values as a fresh one-off
// cdf, bit for bit, in any order of λ (so that terms made for a small λ serve a
// large one) and where every term underflows; past it R's second series with its
// λ-free terms kept, within R's own truncation (1e-12) of R's pnchisq.
@Test func noncentralCDFOverLambdaIsTheOneOffCDF() {
  var compared = 0
  for df in [1.0, 3.5, 24, 120, 300] {
    for x in [1e-300, 0.4, 7.5, 60, 410] {
      var cdf = ChiSquare.NoncentralCDF(x: x, df: df)
      for ncp in [0.0, 31, 1e-6, 79.9, 2, 85, 0.3, 64.2, 150] {
        let ours = cdf(noncentrality: ncp), r = ChiSquare(df: df, noncentrality: ncp).cdf(x)
        if ncp < 80 {
          #expect(ours == r, "df \(df), x \(x), λ \(ncp)")
        } else {
          #expect(abs(ours - r) < 5e-12, "df \(df), x \(x), λ \(ncp)")
        }
        compared += 1
      }
    }
  }
  #expect(compared == 225)
}

// Past λ = 80 (the RMSEA intervals of large χ²: bfi's 1,581 on 85 df searches λ
// up to 6,324): against R's pnchisq over df 1–300, λ 80–8,000 and x from far
// below to far above the mean, reusing one cdf per (df, x) over λ in no order.
@Test func noncentralCDFPastEightyAgreesWithR() {
  var worst = 0.0, compared = 0
  for df in [1.0, 3.5, 24, 85, 120, 300] {
    for step in stride(from: 0.05, through: 3.5, by: 0.15) {
      for base in [80.0, 400, 1600, 6000] {
        let x = step * (df + base)
        var cdf = ChiSquare.NoncentralCDF(x: x, df: df)
        for ncp in [base * 4, 80, base, 80.5, base * 0.5 + 80, 8000, 117.3] {
          let r = ChiSquare.rmathNoncentralCDF(x, df: df, ncp: ncp, upperTail: false)
          worst = max(worst, abs(cdf(noncentrality: ncp) - r))
          compared += 1
        }
      }
    }
  }
  #expect(compared > 4000)
  #expect(worst < 5e-12, "largest absolute difference from R's pnchisq: \(worst)")
}
