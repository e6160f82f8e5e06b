import LinearAlgebra
import Ordinal
import Survey

// Step 4 for ordered variables (lavaan's lav_samplestats with ordered =, the
// all-ordinal case): over the complete cases (lavaan's listwise default), each
// variable's thresholds, the polychoric correlations (the Ordinal target's
// two-step ML), and Γ, the asymptotic covariance of s = (τ, ρ) (Muthén 1984,
// lavaan's NACOV), with s ordered as lavaan's WLS.obs: every variable's
// thresholds in variable order, then the correlations below the diagonal
// column by column (ρ₂₁, ρ₃₁, …, ρ_p1, ρ₃₂, …).
// The polychoric matrix stands in for S: the structure is fitted to its
// off-diagonal elements, the diagonal is 1 by the delta parameterization.

public struct OrdinalSample: Sendable {
  public let names: [String]
  /// Per variable: its categories (observed values) and thresholds τ₁ … τ_{K−1}.
  public let levels: [[Double]]
  public let thresholds: [[Double]]
  /// The polychoric correlation matrix (unit diagonal).
  public let correlation: Matrix
  /// Γ = N·ACOV(s), (T + P) × (T + P): T thresholds, P = p(p − 1)/2 correlations.
  public let gamma: Matrix
  public let n: Int
  /// Pairs whose tables had empty cells.
  public let sparsePairs: [PolychoricMatrix.SparsePair]

  public var thresholdCount: Int { thresholds.reduce(0) { $0 + $1.count } }
  public var correlationCount: Int { names.count * (names.count - 1) / 2 }
  /// s = (τ, ρ) in WLS.obs order.
  public var statistics: [Double] {
    var s = thresholds.flatMap { $0 }
    let p = names.count
    for j in 0..<p { for i in (j + 1)..<max(j + 1, p) { s.append(correlation[i, j]) } }
    return s
  }
  /// "x1|t1", … for each threshold, as lavaan names them.
  public var thresholdNames: [(variable: String, label: String)] {
    zip(names, thresholds).flatMap { name, t in t.indices.map { (name, "t\($0 + 1)") } }
  }

  /// From the complete cases (rows × variables, no NaN) of `names`.
  init(names: [String], cases columns: [[Double]], source: String?) throws(InputError) {
    var items: [OrdinalVariable] = []
    for (name, column) in zip(names, columns) { items.append(try OrdinalVariable(name: name, values: column, source: source)) }
    let m = try PolychoricMatrix.compute(items, missing: .listwise, source: source)
    let influence = PolychoricInfluence(m)
    self.names = names
    levels = m.levels
    thresholds = m.thresholds
    correlation = Matrix(m.rho)
    gamma = influence.gamma
    n = influence.cases
    sparsePairs = m.sparsePairs
  }
}
