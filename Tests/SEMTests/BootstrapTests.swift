import Foundation
import Testing
import _TestSupport
@testable import SEM

/// The nonparametric bootstrap against lavaan's se = "bootstrap", B = 1000
/// (Fixtures/hs_mediation_bootstrap.json, made by make_bootstrap_reference.R).
/// lavaan draws with R's generator and ours with SplitMix64, so the numbers
/// agree within Monte-Carlo error, not digit for digit. The MC error is
/// estimated from our own replicates, without assuming normality (loadings
/// with Heywood-prone replicates and products like a·b are far from normal):
///   SE:     relative MC error √((κ − 1)/(4B)), κ the kurtosis of the draws;
///   bounds: the order-statistic estimate (t₍ⱼ₊ₘ₎ − t₍ⱼ₋ₘ₎)/2, m = √(Bq(1 − q));
/// two independent runs differ by √2 times that; we allow 4 of those σ.
@Suite struct BootstrapTests {
  struct Reference: Decodable {
    struct Row: Decodable {
      var lhs, rhs: String; var op: Operator
      var est, se: Double
      var percLower, percUpper, bcaLower, bcaUpper: Double
      enum CodingKeys: String, CodingKey {
        case lhs, op, rhs, est, se
        case percLower = "perc.lower", percUpper = "perc.upper", bcaLower = "bca.lower", bcaUpper = "bca.upper"
      }
    }
    var model: String
    var B: Int
    var parameters: [Row]
  }

  func fitted() throws -> (FittedModel, [[Double]], Reference) {
    let ref = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: packageRoot.appendingPathComponent("Tests/SEMTests/Fixtures/hs_mediation_bootstrap.json")))
    let hs = try dataset("HolzingerSwineford1939.csv")
    let f = try SEM.fit(try SEMModel(syntax: ref.model, data: hs))
    return (f, try hs.listwiseMatrix(f.moments.names).data, ref)
  }

  @Test func agreesWithLavaanWithinMonteCarloError() throws {
    let (f, data, ref) = try fitted()
    let b = try Bootstrap.run(f, data: data, options: BootstrapOptions(replicates: ref.B, seed: 20180501))
    #expect(b.completed + b.failed == ref.B)
    #expect(b.failed == 0)
    let definedNames = f.table.rows.filter { $0.op == .defined }.map(\.lhs)
    for r in ref.parameters {
      let ours = try #require(b.estimates.first { $0.lhs == r.lhs && $0.op == r.op && $0.rhs == r.rhs }, "\(r.lhs) \(r.op) \(r.rhs)")
      let column = ours.free > 0 ? ours.free - 1 : f.q + definedNames.firstIndex(of: ours.lhs)!
      let t = b.draws.map { $0[column] }.sorted()
      let bd = Double(t.count)
      let mean = t.reduce(0, +) / bd
      let m2 = t.reduce(0) { $0 + pow($1 - mean, 2) } / bd, m4 = t.reduce(0) { $0 + pow($1 - mean, 4) } / bd
      let seMC = ours.se * ((m4 / (m2 * m2) - 1) / (4 * bd)).squareRoot()
      func quantileMC(_ q: Double) -> Double {
        let j = Int(q * bd), m = Int((bd * q * (1 - q)).squareRoot().rounded(.up))
        return (t[min(j + m, t.count - 1)] - t[max(j - m, 0)]) / 2
      }
      let what = "\(r.lhs) \(r.op) \(r.rhs)"
      #expect(abs(ours.est - r.est) <= 2e-5 * max(abs(r.est), 0.01), "\(what) est")
      #expect(abs(ours.se - r.se) <= 4 * 2.0.squareRoot() * seMC, "\(what) se: ours \(ours.se), lavaan \(r.se), MC error \(seMC)")
      for (o, l, q, name) in [(ours.percLower, r.percLower, 0.025, "perc lower"), (ours.percUpper, r.percUpper, 0.975, "perc upper"),
                              (ours.bcaLower, r.bcaLower, 0.025, "bca lower"), (ours.bcaUpper, r.bcaUpper, 0.975, "bca upper")] {
        let tol = 4 * 2.0.squareRoot() * quantileMC(q)
        #expect(abs(o - l) <= tol, "\(what) \(name): ours \(o), lavaan \(l), allowed \(tol)")
      }
    }
  }

  @Test func sameSeedSameResultOnAnyThreadCount() throws {
    let (f, data, _) = try fitted()
    let one = try Bootstrap.run(f, data: data, options: BootstrapOptions(replicates: 64, seed: 9, threads: 1))
    let two = try Bootstrap.run(f, data: data, options: BootstrapOptions(replicates: 64, seed: 9, threads: 2))
    let three = try Bootstrap.run(f, data: data, options: BootstrapOptions(replicates: 64, seed: 9, threads: 3))
    #expect(one.draws == two.draws)
    #expect(one.draws == three.draws)
    #expect(one.estimates == two.estimates)
    let other = try Bootstrap.run(f, data: data, options: BootstrapOptions(replicates: 64, seed: 10, threads: 2))
    #expect(other.draws != one.draws)
  }

  /// boot::norm.inter on a known sample: with B = 99 and α = 0.05, (B + 1)α = 5
  /// is an integer, so the 5th order statistic is returned exactly.
  @Test func normInterOrderStatistics() {
    let t = (1...99).map(Double.init)
    #expect(Bootstrap.normInter(t, [0.05, 0.95]) == [5, 95])
    let mid = Bootstrap.normInter(t, [0.025])[0]
    #expect(mid > 2 && mid < 3)
  }
}
