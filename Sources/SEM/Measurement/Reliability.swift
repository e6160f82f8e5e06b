import Distributions
import LinearAlgebra
import Survey

// Measurement quality of a CFA, with semTools' (0.5) default definitions:
//   CR (compRelSEM, obs.var = TRUE)  = (Σᵢ λᵢ)² φ / 1ᵀ S_f 1
//        the model's common variance of the factor's sum score over the
//        observed variance of that sum score (Raykov 1997's ω);
//   AVE (obs.var = TRUE)             = (Σᵢ λᵢ²) φ / Σᵢ sᵢᵢ
//        (Fornell & Larcker 1981), undefined when an indicator cross-loads;
// with λ the unstandardised loadings, φ the factor's variance and S the
// sample covariance matrix. Factors with a single indicator, or whose
// indicators are themselves factors, are left out (semTools' dropSingle).
// Ordered indicators (semTools' ord.scale = TRUE default): S is the
// polychoric matrix rescaled by the latent responses' scales D (S ← D⁻¹SD⁻¹),
// and a factor of ordered items has the categorical ω of Green & Yang (2009,
// "Reliability of summed item scores using structural equation modeling: An
// alternative to coefficient alpha", Psychometrika 74, 155–167; semTools'
// omegaCat), the reliability of the summed item codes:
//   ω = Σⱼⱼ′ [Σ_cc′ Φ₂(τⱼc, τⱼ′c′; Rⱼⱼ′) − Σ_c Φ(τⱼc) Σ_c′ Φ(τⱼ′c′)]
//     / Σⱼⱼ′ [Σ_cc′ Φ₂(τⱼc, τⱼ′c′; ρⱼⱼ′) − Σ_c Φ(τⱼc) Σ_c′ Φ(τⱼ′c′)],
// R = DλφλᵀD the common part, ρ the polychoric correlations (1 on the
// diagonal), τ the model's thresholds times D; a factor mixing ordered and
// continuous indicators has no CR (semTools' warning).
//   Fornell–Larcker: √AVE on the diagonal, factor correlations below.
//   HTMT (Henseler, Ringle & Sarstedt 2015; semTools' htmt2 = TRUE form,
//   Roemer et al. 2021): with geometric means (GM) of absolute item
//   correlations, HTMTᵢⱼ = GM(between i and j) / √(GM(within i)·GM(within j));
//   for ordered items the polychoric correlations (semTools' htmt with ordered =).

public struct MeasurementQuality: Sendable {
  public var reliability: [FactorReliability]
  public var factors: [String]
  /// Factor correlations (model-implied), row-major.
  public var correlations: [[Double]]
  public var htmt: [[Double]]
  public var warnings: [SEMDiagnostic]
}

public enum Measurement {
  public static func assess(_ f: FittedModel, data: DataFrame? = nil) throws -> MeasurementQuality {
    let ws = f.implied
    var s = f.sampleCovariance
    let ov = f.layout.observed
    // Ordered indicators: the latent responses' scales and the model's thresholds (group 1).
    var scale = [Double](repeating: 1, count: ov.count)
    var thresholds = [[Double]?](repeating: nil, count: ov.count)
    if let o = f.ordinal {
      let parameters = OrdinalParameters(table: f.table, group: 1, sample: o)
      let (tau, factors) = parameters.values(f.theta)
      let sigma = f.groups[0].implied.sigma
      for (i, name) in ov.enumerated() {
        guard let v = o.names.firstIndex(of: name), !o.numeric[v] else { continue }
        scale[i] = f.options.parameterization == .theta ? 1 / sigma[i, i].squareRoot() : factors[v]
        thresholds[i] = parameters.variable.indices.filter { parameters.variable[$0] == v }.map { tau[$0] * scale[i] }
      }
      for i in ov.indices { for j in ov.indices { s[i, j] /= scale[i] * scale[j] } }
    }
    let loadings = f.table.rows.enumerated().filter { $0.element.op == .measuredBy }
    let phi = ws.phi
    var out: [FactorReliability] = []
    var warnings: [SEMDiagnostic] = []
    let values = Inference.values(f)
    var factors: [String] = []
    var items: [[String]] = []
    for (k, lv) in f.table.roles.latent.enumerated() {
      let mine = loadings.filter { $0.element.lhs == lv }
      let ind = mine.map(\.element.rhs)
      guard ind.count > 1, ind.allSatisfy({ ov.contains($0) && f.layout.dummy[$0] == nil }) else { continue }
      let lambda = mine.map { values[$0.offset] }
      let idx = ind.map { ov.firstIndex(of: $0)! }
      var total = 0.0, diag = 0.0
      for i in idx { diag += s[i, i]; for j in idx { total += s[i, j] } }
      let sum = lambda.reduce(0, +)
      let ordered = idx.filter { thresholds[$0] != nil }.count
      var cr = sum * sum * phi[k, k] / total
      if ordered == idx.count {
        let common = idx.indices.map { a in idx.indices.map { b in scale[idx[a]] * lambda[a] * phi[k, k] * lambda[b] * scale[idx[b]] } }
        let rho = idx.map { i in idx.map { j in s[i, j] / (s[i, i] * s[j, j]).squareRoot() } }
        cr = Measurement.categoricalOmega(common: common, correlation: rho, thresholds: idx.map { thresholds[$0]! })
      } else if ordered > 0 {
        cr = .nan
      }
      let crossLoads = ind.contains { i in loadings.filter { $0.element.rhs == i }.count > 1 }
      let ave = crossLoads ? Double.nan : lambda.reduce(0) { $0 + $1 * $1 } * phi[k, k] / diag
      if lambda.contains(where: { $0 < 0 }) {
        warnings.append(.negativeLoadings(factor: lv, items: zip(ind, lambda).filter { $0.1 < 0 }.map(\.0)))
      }
      out.append(FactorReliability(factor: lv, cr: cr, ave: ave))
      factors.append(lv)
      items.append(ind)
    }
    let lvIndex = factors.map { f.layout.eta.firstIndex(of: $0)! }
    let corr = lvIndex.map { i in lvIndex.map { j in phi[i, j] / (phi[i, i] * phi[j, j]).squareRoot() } }
    var htmt: [[Double]] = []
    // Ordered items: their polychoric correlations (semTools' htmt with ordered =).
    let source: (r: Matrix, names: [String])? = try f.ordinal.map { ($0.correlation, $0.names) } ?? data.map { data in
      let m = try Moments.of(data, columns: unique(items.flatMap { $0 }))
      return (try m.correlation(source: data.source), m.names)
    }
    if let (r, names) = source {
      let pos = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
      func gm(_ a: [String], _ b: [String], within: Bool) -> Double {
        var logs = 0.0, count = 0
        for x in a { for y in b where !(within && x == y) { logs += _log(abs(r[pos[x]!, pos[y]!])); count += 1 } }
        return _exp(logs / Double(count))
      }
      let mono = items.map { gm($0, $0, within: true) }
      htmt = items.indices.map { i in items.indices.map { j in i == j ? 1 : gm(items[i], items[j], within: false) / (mono[i] * mono[j]).squareRoot() } }
    }
    return MeasurementQuality(reliability: out, factors: factors, correlations: corr, htmt: htmt, warnings: warnings)
  }

  /// Green & Yang's categorical ω from the common part R, the correlations ρ and the thresholds (all on the same scale).
  static func categoricalOmega(common: [[Double]], correlation: [[Double]], thresholds: [[Double]]) -> Double {
    let marginal = thresholds.map { t in t.reduce(0) { $0 + Normal.cdf($1) } }
    var numerator = 0.0, denominator = 0.0
    for j in thresholds.indices {
      for k in thresholds.indices {
        var a = 0.0, b = 0.0
        for t1 in thresholds[j] {
          for t2 in thresholds[k] {
            a += BivariateNormal.cdf(t1, t2, rho: common[j][k])
            b += BivariateNormal.cdf(t1, t2, rho: j == k ? 1 : correlation[j][k])
          }
        }
        numerator += a - marginal[j] * marginal[k]
        denominator += b - marginal[j] * marginal[k]
      }
    }
    return numerator / denominator
  }
}
