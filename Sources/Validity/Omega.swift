import LinearAlgebra
import Psychometrics
import SEM

// McDonald's ω total from a one-factor model (McDonald 1999):
//   ω = (Σᵢ λᵢ)² φ / 1ᵀ S 1
// with λ, φ from an ML one-factor CFA of the items (lavaan's cfa() defaults)
// and S the items' sample covariance matrix — semTools' compRelSEM with
// obs.var = TRUE, the same definition as the CR that `cfa` reports, so the
// two tables agree. Items are renamed v1…vk for the syntax, so any column
// name (Chinese, spaces, punctuation) works.

public enum Omega {
  /// ω total of the items; throws when the one-factor model cannot be fitted
  /// (fewer than three items leaves it unidentified: ω needs k ≥ 3).
  public static func total(_ s: ItemSample) throws -> Double {
    guard s.p >= 3 else {
      throw FactorAnalysisFailure(description: "ω needs a one-factor model, which three or more items identify")
    }
    let names = (1...s.p).map { "v\($0)" }
    let moments = SampleMoments.fromCovariance(s.covariance, names: names, n: s.n, means: s.means)
    let fitted = try SEM.fit(try SEMModel(syntax: "f =~ " + names.joined(separator: " + "), moments: moments))
    guard fitted.diagnostics.isEmpty else {
      throw FactorAnalysisFailure(description: "the one-factor model for ω is improper: \(fitted.diagnostics.map(\.description).joined(separator: "; "))")
    }
    let quality = try Measurement.assess(fitted)
    guard let cr = quality.reliability.first?.cr else {
      throw FactorAnalysisFailure(description: "ω is undefined for this one-factor model")
    }
    return cr
  }
}
