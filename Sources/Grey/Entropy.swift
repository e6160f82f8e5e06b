import Survey

// The entropy weight method (Shannon 1948; as used for indicator weights e.g.
// in 郭显光 1998, 《改进的熵值法及其在经济效益评价中的应用》). For m units and
// indicator j with non-negative values x (normalised first, min–max by default):
//   pᵢⱼ = xᵢⱼ / Σᵢ xᵢⱼ
//   Eⱼ  = −(1/ln m) · Σᵢ pᵢⱼ ln pᵢⱼ      with 0·ln 0 = 0
//   dⱼ  = 1 − Eⱼ,   wⱼ = dⱼ / Σ dⱼ.
// The optional non-negative shift adds |min| + 0.01 to each column whose
// minimum is ≤ 0 (it moves the weights; the result lists which columns).
// Pooled panels (units × years) are simply more rows: normalisation and
// weights are then computed over all unit-years together.
//
// Entropy-weighted TOPSIS (Hwang & Yoon 1981), as SPSSAU computes it: on the
// normalised matrix, vector normalisation zᵢⱼ = xᵢⱼ/√(Σᵢ xᵢⱼ²), ideal points
// z⁺ⱼ = maxᵢ zᵢⱼ, z⁻ⱼ = minᵢ zᵢⱼ, weighted distances
//   D⁺ᵢ = √(Σⱼ wⱼ (z⁺ⱼ − zᵢⱼ)²),  D⁻ᵢ = √(Σⱼ wⱼ (zᵢⱼ − z⁻ⱼ)²),
// and closeness Cᵢ = D⁻ᵢ / (D⁺ᵢ + D⁻ᵢ).

public struct EntropyResult: Sendable, Codable, Equatable {
  public var indicators: [String]
  public var normalization: String
  public var cost: [String]
  /// Columns the non-negative shift moved.
  public var shifted: [String]
  public var entropy: NamedValues
  public var divergence: NamedValues
  public var weights: NamedValues
  /// Σⱼ wⱼ xᵢⱼ on the normalised data, one per unit.
  public var scores: [Double]
  public var units: [String]
  public var topsis: Topsis?
  public var warnings: [Warning]

  public struct Topsis: Sendable, Codable, Equatable {
    public var dPlus: [Double]
    public var dMinus: [Double]
    public var closeness: [Double]
    public var rank: [Int]

    enum CodingKeys: String, CodingKey {
      case dPlus = "d_plus", dMinus = "d_minus", closeness, rank
    }
  }
}

public enum EntropyWeights {
  /// Weights from already normalised, non-negative columns.
  public static func weights(_ cols: [[Double]], names: [String], source: String? = nil) throws(InputError) -> (entropy: [Double], divergence: [Double], weights: [Double], warnings: [Warning]) {
    let m = cols.first?.count ?? 0
    guard m >= 2 else { throw InputError(file: source, "the entropy method needs at least two units (rows); got \(m)") }
    var warnings: [Warning] = []
    var e: [Double] = []
    for (c, name) in zip(cols, names) {
      if let k = c.firstIndex(where: { $0 < 0 }) {
        throw InputError(file: source, row: k + 1, column: name,
          "is negative (\(formatNumberCompact(c[k]))) after normalisation; the entropy method needs values ≥ 0 — use min–max normalisation or a shift", settings: [.normalization, .shift])
      }
      let total = c.reduce(0, +)
      guard total > 0 else { throw InputError(file: source, column: name, "is zero for every unit; its shares pᵢⱼ = x/Σx are undefined") }
      var h = 0.0
      for v in c where v > 0 { let p = v / total; h -= p * _ln(p) }
      let ej = h / _ln(Double(m))
      if c.filter({ $0 > 0 }).count == 1 {
        warnings.append(Warning(en: "indicator '\(name)' is non-zero for one unit only: its entropy is 0 and it takes the largest possible weight",
                                zh: "指标 '\(name)' 只有一个单位非零：其熵为 0，权重取到最大"))
      }
      e.append(ej)
    }
    let d = e.map { 1 - $0 }
    let sd = d.reduce(0, +)
    guard sd > 0 else { throw InputError(file: source, "every indicator has entropy 1 (all units equal on each): the weights are undefined") }
    return (e, d, d.map { $0 / sd }, warnings)
  }

  /// Normalises, optionally shifts, weighs, scores, and (optionally) runs TOPSIS.
  public static func analyse(
    columns raw: [[Double]], names: [String], units: [String], normalization: NormalizationOptions, shift: Bool = false,
    topsis: Bool = false, source: String? = nil
  ) throws(InputError) -> EntropyResult {
    guard !names.isEmpty else { throw InputError(file: source, "the entropy method needs at least one indicator") }
    var cols = try normalization.method.apply(columns: raw, names: names, options: normalization, source: source)
    var shifted: [String] = []
    if shift {
      for j in cols.indices {
        let lo = cols[j].min()!
        if lo <= 0 {
          let add = abs(lo) + 0.01
          cols[j] = cols[j].map { $0 + add }
          shifted.append(names[j])
        }
      }
    }
    let (e, d, w, warnings) = try weights(cols, names: names, source: source)
    let m = units.count
    let scores = (0..<m).map { i in cols.indices.reduce(0.0) { $0 + w[$1] * cols[$1][i] } }
    var t: EntropyResult.Topsis?
    if topsis { t = topsisScores(cols, weights: w) }
    return EntropyResult(
      indicators: names, normalization: normalization.method.rawValue, cost: names.filter { normalization.cost.contains($0) },
      shifted: shifted, entropy: NamedValues(names: names, values: e), divergence: NamedValues(names: names, values: d),
      weights: NamedValues(names: names, values: w), scores: scores, units: units, topsis: t, warnings: warnings)
  }

  public static func topsisScores(_ cols: [[Double]], weights w: [Double]) -> EntropyResult.Topsis {
    let z = cols.map { c -> [Double] in
      let norm = c.reduce(0) { $0 + $1 * $1 }.squareRoot()
      return norm > 0 ? c.map { $0 / norm } : c
    }
    let m = cols.first?.count ?? 0
    let best = z.map { $0.max()! }, worst = z.map { $0.min()! }
    var dp: [Double] = [], dm: [Double] = [], cl: [Double] = []
    for i in 0..<m {
      var a = 0.0, b = 0.0
      for j in z.indices {
        a += w[j] * (best[j] - z[j][i]) * (best[j] - z[j][i])
        b += w[j] * (z[j][i] - worst[j]) * (z[j][i] - worst[j])
      }
      dp.append(a.squareRoot())
      dm.append(b.squareRoot())
      cl.append(a + b > 0 ? b.squareRoot() / (a.squareRoot() + b.squareRoot()) : 0.5)
    }
    let order = cl.indices.sorted { cl[$0] > cl[$1] || (cl[$0] == cl[$1] && $0 < $1) }
    var rank = [Int](repeating: 0, count: m)
    for (r, i) in order.enumerated() { rank[i] = r + 1 }
    return EntropyResult.Topsis(dPlus: dp, dMinus: dm, closeness: cl, rank: rank)
  }
}

#if canImport(Glibc)
import Glibc
#endif
@inline(__always) func _ln(_ x: Double) -> Double { log(x) }
