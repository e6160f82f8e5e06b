import Foundation
import LinearAlgebra
import Testing
import _TestSupport
@testable import SEM

/// The Bollen–Stine bootstrap against lavaan's test = "bollen.stine", B = 1000
/// (Fixtures/bollen_stine.json, made by make_bollen_stine_reference.R), on
/// PoliticalDemocracy (a model that fits: p ≈ 0.4) and the HS mediation model
/// (one that does not: p = 0). lavaan draws with R's generator and ours with
/// SplitMix64, so p and the quantiles of T* agree within Monte-Carlo error:
///   p:          binomial, √(p(1 − p)/B) per run (p floored at 1/B);
///   quantiles:  the order-statistic estimate (t₍ⱼ₊ₘ₎ − t₍ⱼ₋ₘ₎)/2, m = √(Bq(1 − q));
/// two independent runs differ by √2 times that; we allow 4 of those σ.
@Suite struct BollenStineTests {
  struct Reference: Decodable {
    struct Case: Decodable {
      var `case`, model, data: String
      var B: Int
      var chisq: Double
      var df: Int
      var pvalue: Double
      var probs, quantiles: [Double]
    }
    var cases: [Case]
  }

  static let reference: Reference = {
    let url = packageRoot.appendingPathComponent("Tests/SEMTests/Fixtures/bollen_stine.json")
    return try! JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
  }()

  func fitted(_ c: Reference.Case) throws -> (FittedModel, [[Double]]) {
    let frame = try dataset("\(c.data).csv")
    let f = try SEM.fit(try SEMModel(syntax: c.model, data: frame))
    return (f, try frame.listwiseMatrix(f.moments.names).data)
  }

  @Test(arguments: reference.cases.map(\.case))
  func agreesWithLavaanWithinMonteCarloError(_ name: String) throws {
    let ref = try #require(Self.reference.cases.first { $0.case == name })
    let (f, data) = try fitted(ref)
    let bs = try BollenStine.run(f, data: data, replicates: ref.B, generator: SplitMix64(seed: 20261121))
    #expect(abs(bs.chisq - ref.chisq) <= 1e-5 * ref.chisq)
    #expect(bs.df == ref.df)
    #expect(bs.completed + bs.failed == ref.B)
    #expect(bs.failed * 100 <= ref.B, "\(bs.failed) failed replicates")
    let b = Double(bs.completed)
    let pBar = max((bs.pvalue + ref.pvalue) / 2, 1 / b)
    let pTol = 4 * (2 * pBar * (1 - pBar) / b).squareRoot()
    #expect(abs(bs.pvalue - ref.pvalue) <= pTol, "p: ours \(bs.pvalue), lavaan \(ref.pvalue), allowed \(pTol)")
    let t = bs.statistics.sorted()
    for (q, lavaan) in zip(ref.probs, ref.quantiles) {
      let ours = quantile7(t, q)
      let j = Int(q * b), m = Int((b * q * (1 - q)).squareRoot().rounded(.up))
      let mc = (t[min(j + m, t.count - 1)] - t[max(j - m, 0)]) / 2
      #expect(abs(ours - lavaan) <= 4 * 2.0.squareRoot() * mc, "\(name) T* quantile \(q): ours \(ours), lavaan \(lavaan), MC error \(mc)")
    }
  }

  /// R's quantile(type = 7).
  func quantile7(_ sorted: [Double], _ q: Double) -> Double {
    let h = Double(sorted.count - 1) * q
    let lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
    return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
  }

  /// The rotated data reproduce Σ̂ exactly, so the model fits them perfectly:
  /// χ² = 0 at the same estimates.
  @Test func rotatedDataFitTheModelExactly() throws {
    let ref = Self.reference.cases[0]
    let (f, data) = try fitted(ref)
    let z = try BollenStine.rotate(data, sample: f.sampleCovariance, implied: f.sigma)
    let n = Double(f.n)
    for i in 0..<f.p {
      for j in 0..<f.p {
        let c = zip(z[i], z[j]).reduce(0) { $0 + $1.0 * $1.1 } / n
        #expect(abs(c - f.sigma[i, j]) <= 1e-10 * max(1, abs(f.sigma[i, j])))
      }
      #expect(abs(z[i].reduce(0, +)) <= 1e-9 * n)
    }
    var cov = Matrix(rows: f.p, columns: f.p)
    for i in 0..<f.p { for j in 0..<f.p { cov[i, j] = zip(z[i], z[j]).reduce(0) { $0 + $1.0 * $1.1 } / n } }
    let refit = try SEM.fit(SEMModel(table: f.table, moments: SampleMoments(names: f.moments.names, covariance: cov, means: Array(repeating: 0, count: f.p), n: f.n),
                            options: f.options))
    #expect(refit.chisq < 1e-8)
    for (a, b) in zip(refit.theta, f.theta) { #expect(abs(a - b) <= 1e-5 * max(abs(b), 0.01)) }
  }

  /// Asking for Bollen–Stine runs on its own streams: the ordinary replicates
  /// are unchanged, and the p value does not depend on the thread count.
  @Test func ownStreamsAndThreadCountIndependent() throws {
    let (f, data) = try fitted(Self.reference.cases[0])
    let plain = try Bootstrap.run(f, data: data, options: BootstrapOptions(replicates: 40, seed: 5, threads: 2))
    let one = try Bootstrap.run(f, data: data, options: BootstrapOptions(replicates: 40, seed: 5, threads: 1, bollenStine: true))
    let three = try Bootstrap.run(f, data: data, options: BootstrapOptions(replicates: 40, seed: 5, threads: 3, bollenStine: true))
    #expect(plain.draws == one.draws)
    #expect(plain.bollenStine == nil)
    let a = try #require(one.bollenStine), b = try #require(three.bollenStine)
    #expect(a.statistics == b.statistics)
    #expect(a.pvalue == b.pvalue)
    #expect(a.larger == a.statistics.filter { $0 > a.chisq }.count)
  }
}
