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
