import LinearAlgebra
import Ordinal
import Survey

// Step 4 for ordered variables (lavaan's lav_samplestats with ordered =):
// over the complete cases (lavaan's listwise default), each variable's
// thresholds, the polychoric correlations (the Ordinal target's two-step ML),
// and Γ, the asymptotic covariance of s (Muthén 1984, lavaan's NACOV), with s
// ordered as lavaan's WLS.obs: every variable's thresholds in variable order,
// then the correlations below the diagonal column by column (ρ₂₁, ρ₃₁, …,
// ρ_p1, ρ₃₂, …). With continuous variables among them (Ordinal's
// MixedMoments): −μ in a continuous variable's threshold slot, the continuous
// variances after the thresholds, and covariances on the continuous scales.
// The polychoric matrix stands in for S: the structure is fitted to its
// off-diagonal elements (and the continuous variances), the ordered
// variables' diagonal is 1 by the delta parameterization.

public struct OrdinalSample: Sendable {
  public let names: [String]
  /// Per variable: true when it is continuous (a model mixing both kinds,
  /// Muthén 1984; Ordinal's MixedMoments); then its "threshold" slot holds −μ
  /// and its variance and covariances enter s on their own scale.
  public let numeric: [Bool]
  /// Per variable: its categories (observed values) and thresholds τ₁ … τ_{K−1} ([] when continuous).
  public let levels: [[Double]]
  public let thresholds: [[Double]]
  /// The continuous variables' ML means and variances (0 and 1 for the ordered ones).
  public let means: [Double]
  public let variances: [Double]
  /// The polychoric (polyserial, Pearson) correlation matrix (unit diagonal).
  public let correlation: Matrix
  /// Γ = N·ACOV(s), over s in WLS.obs order: its diagonal at once, the whole
  /// matrix (when large) formed on another core while the model is fitted.
  public let gram: InfluenceGram
  public var gamma: Matrix { gram.matrix }
  public let n: Int
  /// Pairs whose tables had empty cells.
  public let sparsePairs: [PolychoricMatrix.SparsePair]

  public var hasNumeric: Bool { numeric.contains(true) }
  /// The continuous variables' names, in order.
  public var continuousNames: [String] { names.indices.filter { numeric[$0] }.map { names[$0] } }
  /// The threshold block: each variable's thresholds, or its one −μ slot when continuous.
  public var thresholdCount: Int { zip(thresholds, numeric).reduce(0) { $0 + ($1.1 ? 1 : $1.0.count) } }
  /// The continuous variables' variances, after the threshold block.
  public var varianceCount: Int { numeric.filter { $0 }.count }
  /// Everything before the correlations (what the baseline model leaves free).
  public var univariateCount: Int { thresholdCount + varianceCount }
  public var correlationCount: Int { names.count * (names.count - 1) / 2 }
  /// The length of s.
  public var dimension: Int { univariateCount + correlationCount }
  /// The covariance matrix: correlations scaled by the continuous variables' standard deviations (lavaan's sampstat cov).
  public var covariance: Matrix {
    var c = correlation
    let sd = variances.map { $0.squareRoot() }
    for i in 0..<names.count { for j in 0..<names.count { c[i, j] *= sd[i] * sd[j] } }
    return c
  }
  /// s in WLS.obs order: the threshold block, the continuous variances, the covariances below the diagonal column by column.
  public var statistics: [Double] {
    var s: [Double] = []
    for v in names.indices { if numeric[v] { s.append(-means[v]) } else { s += thresholds[v] } }
    for v in names.indices where numeric[v] { s.append(variances[v]) }
    let c = covariance, p = names.count
    for j in 0..<p { for i in (j + 1)..<max(j + 1, p) { s.append(c[i, j]) } }
    return s
  }
  /// The thresholds' number per ordered variable (the parameter table's `|` rows).
  public var thresholdCounts: [String: Int] {
    Dictionary(uniqueKeysWithValues: names.indices.filter { !numeric[$0] }.map { (names[$0], thresholds[$0].count) })
  }

  /// From the complete cases (rows × variables, no NaN) of `names`; `numeric`
  /// marks the continuous ones (none by default).
  init(names: [String], cases columns: [[Double]], numeric: [Bool]? = nil, source: String?) throws(InputError) {
    self.names = names
    let numeric = numeric ?? [Bool](repeating: false, count: names.count)
    self.numeric = numeric
    // Ordinal's MixedMoments: each pair's correlation and its influence column
    // in one pass on all cores (items alone included: the same s and Γ as
    // PolychoricMatrix with PolychoricInfluence, which the correlation tables use).
    guard names.count >= 2 || numeric.contains(true) else {
      throw InputError(file: source, "polychoric correlations need at least 2 ordinal items")
    }
    let m = try MixedMoments(names: names, columns: columns, numeric: numeric, source: source)
    levels = m.levels; thresholds = m.thresholds; means = m.means; variances = m.variances
    correlation = Matrix(m.correlation); gram = m.gram; n = m.n; sparsePairs = m.sparsePairs
  }
}
