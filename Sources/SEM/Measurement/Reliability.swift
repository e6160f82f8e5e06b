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
    let s = f.sampleCovariance
    let ov = f.layout.observed
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
      let cr = sum * sum * phi[k, k] / total
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
}
