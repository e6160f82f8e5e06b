import Survey

// Deng's grey relational analysis (Deng Julong 1982, "Control problems of grey
// systems", Systems & Control Letters 1(5):288–294; 邓聚龙《灰色系统基本方法》).
// For a reference series x₀ and compared series xᵢ over points k:
//   Δᵢ(k) = |x₀(k) − xᵢ(k)|
//   ξᵢ(k) = (Δmin + ρ·Δmax) / (Δᵢ(k) + ρ·Δmax),  ρ ∈ (0, 1], 0.5 by default
//   rᵢ    = Σₖ wₖ ξᵢ(k)   (equal weights 1/n unless given)
// Δmin and Δmax are taken over every series and point (Deng's two-level
// min/max, the default) or within each series (`perSeries`, as some papers do).
//
// Two layouts:
// - series: the columns are series and the rows (firms, years) the points;
//   the reference is a column, e.g. knowledge rent against NC dimensions.
// - evaluation: each row (unit) is a compared series over the indicators, and
//   the reference is the ideal unit — column maximum for benefit indicators,
//   minimum for cost ones, after normalisation; the weights are over indicators.

public enum ExtremesScope: String, Sendable, Codable, CaseIterable {
  /// Over all series and points (Deng).
  case global
  /// Within each compared series.
  case perSeries = "per-series"
  /// Within each unit (grey relational coupling: over all indicator pairs at t).
  case perUnit = "per-unit"
}

public struct GreyRelationalResult: Sendable, Codable, Equatable {
  public var layout: String
  /// deng, absolute, relative or synthetic.
  public var degree: String = "deng"
  /// θ of the synthetic degree.
  public var theta: Double?
  public var reference: String
  public var normalization: String
  /// ρ of Deng's coefficient (nil for Liu's degrees, which have none).
  public var rho: Double?
  public var extremes: String
  /// Names of the compared series (columns in `series`, units in `evaluation`).
  public var series: [String]
  /// Names of the points (units in `series`, indicators in `evaluation`).
  public var points: [String]
  /// ξ: one row per point, one column per compared series (series layout), or
  /// one row per unit, one column per indicator (evaluation layout).
  public var coefficients: [[Double]]
  public var weights: [Double]
  public var degrees: NamedValues
  /// Series from the highest degree to the lowest.
  public var ranking: [String]
  public var warnings: [Warning]
}

public enum GreyRelational {
  /// ξ for a matrix of absolute differences `delta[s][k]` (series s, point k).
  static func coefficients(_ delta: [[Double]], rho: Double, perSeries: Bool) -> [[Double]] {
    let all = delta.flatMap { $0 }
    let gmin = all.min() ?? 0, gmax = all.max() ?? 0
    return delta.map { d in
      let lo = perSeries ? d.min()! : gmin, hi = perSeries ? d.max()! : gmax
      // Every Δ equal to 0: the series coincide with the reference, ξ = 1.
      return d.map { hi == 0 ? 1 : (lo + rho * hi) / ($0 + rho * hi) }
    }
  }

  static func checkRho(_ rho: Double) throws(InputError) {
    guard rho > 0, rho <= 1 else { throw InputError("the distinguishing coefficient ρ must lie in (0, 1]; got \(rho)") }
  }

  /// Weights that sum to 1: equal when nil; given ones rescaled, with a warning.
  static func normalizedWeights(_ w: [Double]?, count: Int, what: String, warnings: inout [Warning]) throws(InputError) -> [Double] {
    guard let w else { return Array(repeating: 1 / Double(count), count: count) }
    guard w.count == count else { throw InputError("\(w.count) \(what) weights given for \(count) \(what)s") }
    guard w.allSatisfy({ $0 >= 0 && $0.isFinite }), w.reduce(0, +) > 0 else {
      throw InputError("\(what) weights must be non-negative with a positive sum")
    }
    let s = w.reduce(0, +)
    if abs(s - 1) > 1e-9 {
      let zh = ["system": "系统", "indicator": "指标", "point": "各点"][what] ?? what
      warnings.append(Warning(en: "the \(what) weights summed to \(formatNumberCompact(s)), not 1; they were divided by their sum",
                              zh: "\(zh)权重之和为 \(formatNumberCompact(s))，不是 1；已除以其和"))
    }
    return w.map { $0 / s }
  }

  /// Series layout: `reference` and `compared` are columns over the same points.
  public static func series(
    reference: (name: String, values: [Double]), compared: [(name: String, values: [Double])], points: [String],
    normalization: NormalizationOptions, rho: Double = 0.5, extremes: ExtremesScope = .global,
    weights: [Double]? = nil, source: String? = nil
  ) throws(InputError) -> GreyRelationalResult {
    try checkRho(rho)
    guard !compared.isEmpty else { throw InputError(file: source, "grey relational analysis needs at least one compared series") }
    var warnings: [Warning] = []
    let n = reference.values.count
    let x0 = try normalization.method.apply(reference.values, name: reference.name, cost: false, interval: normalization.interval, source: source)
    var delta: [[Double]] = []
    for c in compared {
      let xi = try normalization.method.apply(c.values, name: c.name, cost: normalization.cost.contains(c.name), interval: normalization.interval, source: source)
      delta.append(zip(x0, xi).map { abs($0 - $1) })
    }
    let w = try normalizedWeights(weights, count: n, what: "point", warnings: &warnings)
    let xi = coefficients(delta, rho: rho, perSeries: extremes == .perSeries)
    let degrees = xi.map { zip($0, w).reduce(0) { $0 + $1.0 * $1.1 } }
    let names = compared.map(\.name)
    let coeffRows = (0..<n).map { k in xi.map { $0[k] } }
    return GreyRelationalResult(
      layout: "series", reference: reference.name, normalization: normalization.method.rawValue, rho: rho,
      extremes: extremes.rawValue, series: names, points: points, coefficients: coeffRows, weights: w,
      degrees: NamedValues(names: names, values: degrees), ranking: ranking(names, degrees), warnings: warnings)
  }

  /// Evaluation layout: units (rows) against the ideal unit over indicators (columns).
  public static func evaluation(
    indicators: [(name: String, values: [Double])], units: [String], normalization: NormalizationOptions,
    rho: Double = 0.5, weights: [Double]? = nil, source: String? = nil
  ) throws(InputError) -> GreyRelationalResult {
    try checkRho(rho)
    guard !indicators.isEmpty else { throw InputError(file: source, "the evaluation needs at least one indicator") }
    var warnings: [Warning] = []
    let cols = try normalization.method.apply(
      columns: indicators.map(\.values), names: indicators.map(\.name), options: normalization, source: source)
    // The ideal: after a direction-honouring normalisation every indicator is
    // "larger is better"; otherwise cost indicators are ideal at their minimum.
    let ideal = zip(cols, indicators).map { c, ind in
      !normalization.method.honoursDirection && normalization.cost.contains(ind.name) ? c.min()! : c.max()!
    }
    let m = units.count
    let delta = (0..<m).map { u in cols.indices.map { j in abs(cols[j][u] - ideal[j]) } }
    let w = try normalizedWeights(weights, count: indicators.count, what: "indicator", warnings: &warnings)
    let xi = coefficients(delta, rho: rho, perSeries: false)
    let degrees = xi.map { zip($0, w).reduce(0) { $0 + $1.0 * $1.1 } }
    return GreyRelationalResult(
      layout: "evaluation", reference: "ideal", normalization: normalization.method.rawValue, rho: rho,
      extremes: ExtremesScope.global.rawValue, series: units, points: indicators.map(\.name), coefficients: xi,
      weights: w, degrees: NamedValues(names: units, values: degrees), ranking: ranking(units, degrees), warnings: warnings)
  }

  /// Liu Sifeng's absolute, relative or synthetic degrees, series layout (no ξ matrix).
  public static func liu(
    _ kind: LiuDegree, theta: Double = 0.5, reference: (name: String, values: [Double]),
    compared: [(name: String, values: [Double])], points: [String], normalization: NormalizationOptions,
    source: String? = nil
  ) throws(InputError) -> GreyRelationalResult {
    guard !compared.isEmpty else { throw InputError(file: source, "grey incidence needs at least one compared series") }
    let x0 = try normalization.method.apply(reference.values, name: reference.name, interval: normalization.interval, source: source)
    var degrees: [Double] = []
    for c in compared {
      let xi = try normalization.method.apply(c.values, name: c.name, cost: normalization.cost.contains(c.name), interval: normalization.interval, source: source)
      degrees.append(try LiuIncidence.degree(kind, theta: theta, x0, xi, names: (reference.name, c.name), source: source))
    }
    let names = compared.map(\.name)
    return GreyRelationalResult(
      layout: "series", degree: kind.rawValue, theta: kind == .synthetic ? theta : nil, reference: reference.name,
      normalization: normalization.method.rawValue, rho: nil, extremes: "", series: names, points: points,
      coefficients: [], weights: [], degrees: NamedValues(names: names, values: degrees), ranking: ranking(names, degrees),
      warnings: [])
  }

  static func ranking(_ names: [String], _ values: [Double]) -> [String] {
    names.indices.sorted { values[$0] > values[$1] || (values[$0] == values[$1] && $0 < $1) }.map { names[$0] }
  }
}
