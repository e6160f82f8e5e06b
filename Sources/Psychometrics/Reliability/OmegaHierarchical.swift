import LinearAlgebra

// McDonald's ω hierarchical and ω total from a Schmid–Leiman solution, as
// psych::omega (Revelle & Zinbarg 2009) computes them from a correlation
// matrix R of p items with k group factors:
//   1. L₀: minres loadings of k factors, varimax-rotated (psych::fa); L, Φ:
//      GPArotation::oblimin of L₀.
//   2. Loadings of the group factors on g: for k > 2 a one-factor minres fit
//      of Φ; for k = 2 both √|φ₁₂| (psych's option "equal"); for k = 1, 1.
//   3. Schmid & Leiman (1957): g = L·γ; group loadings sᵢf = sign(Lᵢf)·√(Lᵢf²(1 − γf²));
//      h² = rowSums(L₀²), u² = 1 − h².
//   4. Items loading negatively on g are reversed (psych's flip = TRUE): R ← DRD.
//   5. With Vt = 1ᵀR1:  ω_h = (Σg)²/Vt,  ω_t = (Vt − Σu²)/Vt,  ω_lim = (Σg)²/(Vt − Σu²),
//      α = (Vt − p)/Vt · p/(p − 1),  λ6 = (Vt + Σsmc − p)/Vt,  ECV = Σg²/Σ(g² + s²).
//   6. Group reliabilities (psych's omega.group): each item goes to the group
//      factor it loads most on; for the items G of factor f, V = 1ᵀR_GG1:
//      total (Σ_G s_f)² + (Σ_G g)²)/V, general (Σ_G g)²/V, group (Σ_G s_f)²/V;
//      the first row is the whole scale: ω_t, ω_h and Σ_f(Σ_G s_f)²/Vt.

public struct OmegaHierarchical: Sendable, Codable, Equatable {
  public struct Group: Sendable, Codable, Equatable {
    /// "g" for the whole scale, then F1*, F2*, …
    public var factor: String
    public var items: [String]
    public var total: Double?
    public var general: Double?
    public var group: Double?
  }

  public var factors: Int
  public var omegaH: Double
  public var omegaTotal: Double
  public var omegaLimit: Double
  public var alpha: Double
  public var g6: Double
  public var ecv: Double
  /// Items reversed because they load negatively on g.
  public var reversed: [String]
  public var items: [String]
  /// Schmid–Leiman loadings: g, then one column per group factor.
  public var g: [Double]
  public var groupLoadings: [[Double]]
  public var h2: [Double]
  public var u2: [Double]
  public var groups: [Group]

  enum CodingKeys: String, CodingKey {
    case factors, alpha, g6, ecv, reversed, items, g, h2, u2, groups
    case omegaH = "omega_h", omegaTotal = "omega_total", omegaLimit = "omega_limit", groupLoadings = "group_loadings"
  }

  /// psych::omega(R, nfactors = k) for a correlation matrix R.
  public static func compute(_ r0: Matrix, factors k: Int, names: [String]) throws -> OmegaHierarchical {
    let p = r0.rows
    guard p >= 3 else {
      throw FactorAnalysisFailure(description: "ω hierarchical needs at least 3 items")
    }
    let orth = try EFA.solution(r0, factors: k, method: .minres, rotation: .varimax, names: names).loadings
    var fload = orth
    var gamma = [Double](repeating: 1, count: k)
    if k > 1 {
      let ob = try Rotate.run(orth, .oblimin)
      fload = ob.loadings
      let phi = ob.phi ?? Matrix.identity(k)
      if k == 2 {
        let v = abs(phi[0, 1]).squareRoot()
        gamma = [v, phi[0, 1] < 0 ? -v : v]
      } else {
        let gl = try EFA.solution(phi, factors: 1, method: .minres, rotation: .none, names: (1...k).map { "F\($0)" }).loadings
        gamma = (0..<k).map { gl[$0, 0] }
      }
    }
    var g = (0..<p).map { i in (0..<k).reduce(0) { $0 + fload[i, $1] * gamma[$1] } }
    var s = (0..<p).map { i in
      (0..<k).map { f -> Double in
        let l = fload[i, f]
        let v = max(l * l - l * l * gamma[f] * gamma[f], 0).squareRoot()
        return l < 0 ? -v : v
      }
    }
    let h2 = (0..<p).map { i in (0..<k).reduce(0) { $0 + orth[i, $1] * orth[i, $1] } }
    let u2 = (0..<p).map { r0[$0, $0] - h2[$0] }
    let key = g.map { $0 < 0 ? -1.0 : 1.0 }
    var r = r0
    for j in 0..<p { for i in 0..<p { r[i, j] *= key[i] * key[j] } }
    for i in 0..<p where key[i] < 0 {
      g[i] = -g[i]
      s[i] = s[i].map { -$0 }
    }
    let vt = r.elements.reduce(0, +)
    let vItem = (0..<p).reduce(0) { $0 + r[$1, $1] }
    let sumG = g.reduce(0, +), sumU = u2.reduce(0, +)
    let smc = squaredMultipleCorrelations(r)
    let evG = g.reduce(0) { $0 + $1 * $1 }
    let evS = s.joined().reduce(0) { $0 + $1 * $1 }
    // Each item to the group factor with its largest |loading| (R's which.max: the first).
    let main = s.map { row in row.indices.reduce(0) { abs(row[$1]) > abs(row[$0]) ? $1 : $0 } }
    var groups: [Group] = []
    var sumGroupSquares = 0.0
    for f in 0..<k {
      let members = (0..<p).filter { main[$0] == f }
      guard !members.isEmpty else {
        groups.append(Group(factor: "F\(f + 1)*", items: [], total: nil, general: nil, group: nil))
        continue
      }
      var v = 0.0
      for a in members { for b in members { v += r[a, b] } }
      let gr = members.reduce(0) { $0 + s[$1][f] }, gg = members.reduce(0) { $0 + g[$1] }
      sumGroupSquares += gr * gr
      groups.append(Group(factor: "F\(f + 1)*", items: members.map { names[$0] },
                          total: (gr * gr + gg * gg) / v, general: gg * gg / v, group: gr * gr / v))
    }
    let whole = Group(factor: "g", items: names, total: (vt - sumU) / vt, general: sumG * sumG / vt, group: sumGroupSquares / vt)
    let pd = Double(p)
    return OmegaHierarchical(
      factors: k, omegaH: sumG * sumG / vt, omegaTotal: (vt - sumU) / vt, omegaLimit: sumG * sumG / (vt - sumU),
      alpha: (vt - vItem) / vt * pd / (pd - 1), g6: (vt + smc.reduce(0, +) - vItem) / vt, ecv: evG / (evG + evS),
      reversed: (0..<p).filter { key[$0] < 0 }.map { names[$0] }, items: names,
      g: g, groupLoadings: s, h2: h2, u2: u2, groups: [whole] + groups)
  }

  /// psych's default of 3 group factors, lowered to the most p items identify.
  public static func defaultFactors(items p: Int) -> Int {
    max(1, min(3, EFA.maximumFactors(items: p, method: .minres)))
  }
}
