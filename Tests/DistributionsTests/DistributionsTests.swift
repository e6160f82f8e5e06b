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
  default: fatalError("unknown function \(r.function)")
  }
}

@Test func everyValueMatchesR() throws {
  let values = try loadRValues()
  #expect(values.count >= 70)
  for r in values {
    let v = ours(r)
    let tol = 1e-12 * max(abs(r.value), 1e-300) + 1e-300
    #expect(abs(v - r.value) <= tol, "\(r.function)\(r.args) = \(v), R says \(r.value)")
  }
}

@Test func twoSidedPIsLavaans() {
  #expect(abs(Normal.twoSidedP(1.959963984540054) - 0.05) < 1e-14)
  #expect(Normal.twoSidedP(-3) == Normal.twoSidedP(3))
  #expect(abs(StudentT(df: 10).twoSidedP(2.228138851986) - 0.05) < 1e-10)
}
