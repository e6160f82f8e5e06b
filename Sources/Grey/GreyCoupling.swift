import Survey

// Grey relational coupling of two indicator systems (刘耀彬, 李仁东, 宋学锋
// 2005, 《中国城市化与生态环境耦合度分析》, 地理学报 60(2):237–247). With
// normalised indicators x′ᵢ of system 1 (i = 1…a) and y′ⱼ of system 2
// (j = 1…b) at each unit or time t:
//   Δᵢⱼ(t) = |x′ᵢ(t) − y′ⱼ(t)|
//   ξᵢⱼ(t) = (Δmin + ρ·Δmax) / (Δᵢⱼ(t) + ρ·Δmax),  ρ = 0.5,
// with Δmin, Δmax over all i, j at the same t (the paper's form, the default)
// or over all i, j and t (`global`). Then
//   γᵢⱼ = (1/T) Σₜ ξᵢⱼ(t)          the relational-degree matrix,
//   row means (1/b) Σⱼ γᵢⱼ         how strongly indicator i of system 1 couples,
//   column means (1/a) Σᵢ γᵢⱼ      the same for indicator j of system 2,
//   C(t) = (1/(a·b)) Σᵢ Σⱼ ξᵢⱼ(t)  the systems' coupling at t.

public struct GreyCouplingResult: Sendable, Codable, Equatable {
  public var systems: [String]
  public var indicators1: [String]
  public var indicators2: [String]
  public var normalization: String
  public var rho: Double
  public var extremes: String
  /// γ, a rows (system 1) × b columns (system 2).
  public var gamma: [[Double]]
  public var rowMeans: NamedValues
  public var columnMeans: NamedValues
  public var units: [String]
  public var coupling: [Double]

  enum CodingKeys: String, CodingKey {
    case systems, indicators1 = "indicators_1", indicators2 = "indicators_2", normalization, rho, extremes, gamma
    case rowMeans = "row_means", columnMeans = "column_means", units, coupling
  }
}

public enum GreyCoupling {
  public static func analyse(
    system1: (name: String, columns: [[Double]], indicators: [String]),
    system2: (name: String, columns: [[Double]], indicators: [String]),
    units: [String], normalization: NormalizationOptions, rho: Double = 0.5, extremes: ExtremesScope = .perUnit,
    source: String? = nil
  ) throws(InputError) -> GreyCouplingResult {
    try GreyRelational.checkRho(rho)
    guard !system1.indicators.isEmpty, !system2.indicators.isEmpty else {
      throw InputError(file: source, "grey relational coupling needs indicators in both systems")
    }
    let x = try normalization.method.apply(columns: system1.columns, names: system1.indicators, options: normalization, source: source)
    let y = try normalization.method.apply(columns: system2.columns, names: system2.indicators, options: normalization, source: source)
    let a = x.count, b = y.count, T = units.count
    // delta[t][i][j]
    let delta = (0..<T).map { t in (0..<a).map { i in (0..<b).map { j in abs(x[i][t] - y[j][t]) } } }
    let all = delta.flatMap { $0.flatMap { $0 } }
    let gmin = all.min() ?? 0, gmax = all.max() ?? 0
    var gamma = Array(repeating: Array(repeating: 0.0, count: b), count: a)
    var coupling: [Double] = []
    for t in 0..<T {
      let flat = delta[t].flatMap { $0 }
      let lo = extremes == .global ? gmin : flat.min()!
      let hi = extremes == .global ? gmax : flat.max()!
      var sum = 0.0
      for i in 0..<a {
        for j in 0..<b {
          let xi = hi == 0 ? 1 : (lo + rho * hi) / (delta[t][i][j] + rho * hi)
          gamma[i][j] += xi / Double(T)
          sum += xi
        }
      }
      coupling.append(sum / Double(a * b))
    }
    let rowMeans = gamma.map { $0.reduce(0, +) / Double(b) }
    let colMeans = (0..<b).map { j in gamma.reduce(0) { $0 + $1[j] } / Double(a) }
    return GreyCouplingResult(
      systems: [system1.name, system2.name], indicators1: system1.indicators, indicators2: system2.indicators,
      normalization: normalization.method.rawValue, rho: rho, extremes: extremes == .global ? "global" : "per-unit",
      gamma: gamma, rowMeans: NamedValues(names: system1.indicators, values: rowMeans),
      columnMeans: NamedValues(names: system2.indicators, values: colMeans), units: units, coupling: coupling)
  }
}
