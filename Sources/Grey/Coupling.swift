import Survey

// Coupling coordination of n systems with comprehensive indices Uᵢ ∈ [0, 1].
//
// System index: U = Σⱼ wⱼ x′ⱼ over the system's normalised indicators x′
// (entropy weights within the system by default; equal or given weights as
// options). A one-column system with no normalisation takes that column as U.
//
// Coupling degree, standard form (e.g. 廖重斌 1999; n systems):
//   C = n · (∏ᵢ Uᵢ)^{1/n} / Σᵢ Uᵢ,    for two systems 2√(U₁U₂)/(U₁+U₂).
// Revised form of Wang Shujia et al. (王淑佳, 孔伟, 任亮, 等 2021,
// 《国内耦合协调度模型的误区及修正》, 自然资源学报 36(3):793–810):
//   C = √{ [1 − Σ_{i>j} |Uᵢ − Uⱼ| / Σ_{m=1}^{n−1} m] · [∏ᵢ (Uᵢ / maxⱼ Uⱼ)]^{1/(n−1)} }.
// The standard C depends only on the ratios of the Uᵢ and sits near 1 for most
// units in practice; the revised C also falls with the gaps between them.
// Coordination index T = Σᵢ αᵢ Uᵢ (αᵢ = 1/n by default); coordination degree
// D = √(C·T), computed with the C the user picks (standard by default).
//
// Levels: D on the ten-level scale 极度失调 [0, 0.1] … 优质协调 (0.9, 1] (each
// interval (a, b], the first closed at 0); C on four stages: 低水平耦合 ≤ 0.3,
// 拮抗 ≤ 0.5, 磨合 ≤ 0.8, 高水平耦合 ≤ 1.

public enum CouplingModel: String, Sendable, Codable, CaseIterable {
  case standard, wang
}

public struct LevelScale: Sendable, Codable, Equatable {
  /// Upper bounds, ascending; the last is the top of the scale.
  public var cutoffs: [Double]
  public var names: [String]

  public init(cutoffs: [Double], names: [String]) {
    self.cutoffs = cutoffs
    self.names = names
  }

  /// Index of the level of x: the first interval (a, b] with x ≤ b.
  public func level(_ x: Double) -> Int {
    cutoffs.firstIndex { x <= $0 + 1e-12 } ?? (cutoffs.count - 1)
  }

  public static func coordination(_ lang: String) -> LevelScale {
    LevelScale(
      cutoffs: (1...10).map { Double($0) / 10 },
      names: lang == "en"
        ? ["extreme disorder", "serious disorder", "moderate disorder", "mild disorder", "on the verge of disorder",
           "barely coordinated", "primary coordination", "intermediate coordination", "good coordination",
           "high-quality coordination"]
        : ["极度失调", "严重失调", "中度失调", "轻度失调", "濒临失调", "勉强协调", "初级协调", "中级协调", "良好协调", "优质协调"])
  }

  public static func couplingStages(_ lang: String) -> LevelScale {
    LevelScale(
      cutoffs: [0.3, 0.5, 0.8, 1],
      names: lang == "en" ? ["low-level coupling", "antagonism", "running-in", "high-level coupling"]
                          : ["低水平耦合", "拮抗", "磨合", "高水平耦合"])
  }

  /// k equal intervals, named "level 1" … "level k" (等级 1 …).
  public static func equal(_ k: Int, lang: String) -> LevelScale {
    LevelScale(cutoffs: (1...k).map { Double($0) / Double(k) }, names: (1...k).map { lang == "en" ? "level \($0)" : "等级\($0)" })
  }

  /// Checks user cut-offs; returns warnings for implausibly narrow intervals.
  public func validate() throws(InputError) -> [Warning] {
    guard !cutoffs.isEmpty, cutoffs.count == names.count else {
      throw InputError("the level scale needs as many names as cut-offs (\(cutoffs.count) cut-offs, \(names.count) names)")
    }
    var lower = 0.0
    var warnings: [Warning] = []
    for (c, n) in zip(cutoffs, names) {
      guard c > lower else { throw InputError("level cut-offs must increase from 0; \(formatNumberCompact(c)) does not") }
      if c - lower < 0.05 {
        let span = "(\(formatNumberCompact(lower)), \(formatNumberCompact(c))]"
        warnings.append(Warning(en: "level '\(n)' spans only \(span): intervals this narrow separate units by noise",
                                zh: "等级“\(n)”只覆盖 \(span)：区间过窄，单位间的区分主要来自噪声"))
      }
      lower = c
    }
    if abs(lower - 1) > 1e-12 { throw InputError("the last level cut-off must be 1 (D and C lie in [0, 1]); got \(formatNumberCompact(lower))") }
    return warnings
  }
}

public struct CouplingRow: Sendable, Codable, Equatable {
  public var id: String
  public var U: NamedValues
  public var C: Double
  public var T: Double
  public var D: Double
  public var level: String
  public var C_standard: Double
  public var C_wang: Double
  public var C_stage: String
}

public struct CouplingResult: Sendable, Codable, Equatable {
  public var systems: [String]
  public var model: String
  public var normalization: String
  /// Indicator weights within each system.
  public var weights: [String: NamedValues]
  public var weightMethod: String
  public var alpha: [Double]
  public var levels: LevelScale
  public var rows: [CouplingRow]
  public var notes: [String]
  public var warnings: [Warning]

  enum CodingKeys: String, CodingKey {
    case systems, model, normalization, weights, weightMethod = "weight_method", alpha, levels, rows, notes, warnings
  }
}

public enum Coupling {
  /// Standard coupling degree n·(∏U)^{1/n}/ΣU (0 when every U is 0).
  public static func standardC(_ u: [Double]) -> Double {
    let n = Double(u.count)
    let sum = u.reduce(0, +)
    guard sum > 0, !u.contains(0) else { return 0 }
    // The geometric mean through logarithms: a product of many small U's underflows.
    let logProduct = u.reduce(0.0) { $0 + _ln($1) }
    return n * _exp(logProduct / n) / sum
  }

  /// Wang Shujia et al.'s revised coupling degree (0 when every U is 0).
  public static func wangC(_ u: [Double]) -> Double {
    let n = u.count
    guard let top = u.max(), top > 0 else { return 0 }
    var gaps = 0.0
    for i in 0..<n { for j in 0..<i { gaps += abs(u[i] - u[j]) } }
    let pairs = Double(n * (n - 1) / 2)  // Σ_{m=1}^{n−1} m
    let ratio = u.reduce(1.0) { $0 * ($1 / top) }
    let value = (1 - gaps / pairs) * _pow(ratio, 1 / Double(n - 1))
    return max(0, value).squareRoot()
  }

  /// C, T, D and levels for each unit from its system indices.
  public static func analyse(
    ids: [String], systems: [String], indices: [[Double]], alpha: [Double]? = nil, model: CouplingModel = .standard,
    levels: LevelScale, stages: LevelScale, weights: [String: NamedValues] = [:], weightMethod: String = "entropy",
    normalization: String = "minmax", source: String? = nil
  ) throws(InputError) -> CouplingResult {
    guard systems.count >= 2 else {
      throw InputError(file: source, "coupling needs at least two systems; got \(systems.count) (name each system and its indicator columns)", settings: [.system])
    }
    var warnings = try levels.validate()
    for (s, u) in zip(systems, indices) {
      if let k = u.firstIndex(where: { !($0 >= -1e-12 && $0 <= 1 + 1e-12) }) {
        throw InputError(file: source, row: k + 1, column: s,
          "system index U = \(formatNumberCompact(u[k])) lies outside [0, 1]; normalise the indicators (min–max) or rescale U", settings: [.normalization])
      }
    }
    let a = try GreyRelational.normalizedWeights(alpha, count: systems.count, what: "system", warnings: &warnings)
    var rows: [CouplingRow] = []
    for (r, id) in ids.enumerated() {
      let u = indices.map { min(1, max(0, $0[r])) }
      let cs = standardC(u), cw = wangC(u)
      let c = model == .standard ? cs : cw
      let t = zip(a, u).reduce(0) { $0 + $1.0 * $1.1 }
      let d = (c * t).squareRoot()
      rows.append(CouplingRow(id: id, U: NamedValues(names: systems, values: u), C: c, T: t, D: d,
                              level: levels.names[levels.level(d)], C_standard: cs, C_wang: cw,
                              C_stage: stages.names[stages.level(c)]))
      if u.allSatisfy({ $0 == 0 }) { warnings.append(Warning(en: "unit '\(id)': every U is 0, so C, T and D are 0", zh: "单位 '\(id)' 的各系统 U 均为 0，C、T、D 因此为 0")) }
    }
    var notes: [String] = []
    let high = rows.filter { $0.C_standard > 0.9 }.count
    if !rows.isEmpty, Double(high) > 0.5 * Double(rows.count) {
      notes.append("The standard C exceeds 0.9 for \(high) of \(rows.count) units: it depends only on the ratios of the U's and barely separates them here; compare the revised C (Wang Shujia et al. 2021).")
    }
    return CouplingResult(systems: systems, model: model.rawValue, normalization: normalization, weights: weights,
                          weightMethod: weightMethod, alpha: a, levels: levels, rows: rows, notes: notes, warnings: warnings)
  }
}

/// A system's comprehensive index U from its indicators.
public enum SystemIndex {
  public enum Weights: Sendable, Equatable {
    case entropy, equal
    case given([Double])
  }

  /// U per unit and the indicator weights used.
  public static func compute(
    columns raw: [[Double]], names: [String], system: String, normalization: NormalizationOptions, weights: Weights,
    source: String? = nil
  ) throws(InputError) -> (u: [Double], weights: [Double], warnings: [Warning]) {
    guard !names.isEmpty else { throw InputError(file: source, "system '\(system)' has no indicators") }
    let cols = try normalization.method.apply(columns: raw, names: names, options: normalization, source: source)
    var warnings: [Warning] = []
    let w: [Double]
    switch weights {
    case .equal:
      w = Array(repeating: 1 / Double(names.count), count: names.count)
    case .given(let g):
      w = try GreyRelational.normalizedWeights(g, count: names.count, what: "indicator", warnings: &warnings)
    case .entropy:
      if names.count == 1 {
        w = [1]
      } else {
        let r = try EntropyWeights.weights(cols, names: names, source: source)
        w = r.weights
        warnings += r.warnings
      }
    }
    let m = cols[0].count
    let u = (0..<m).map { i in cols.indices.reduce(0.0) { $0 + w[$1] * cols[$1][i] } }
    return (u, w, warnings)
  }
}

#if canImport(Glibc)
import Glibc
#endif
@inline(__always) func _exp(_ x: Double) -> Double { exp(x) }
@inline(__always) func _pow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
