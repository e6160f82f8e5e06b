import LinearAlgebra

// Starting values, in the spirit of lavaan's "simple"/"default" starts:
// residual variances half the observed variance; a free loading from the
// covariance with the factor's marker indicator (λⱼ = sⱼₘ/ψ, with the factor
// variance ψ started at half the marker's variance); with std.lv, the first
// loading √(s/2) and the others sⱼ₁/λ₁; regressions and covariances 0;
// variances of exogenous observed variables their sample values; a latent
// variable without observed indicators 0.05; intercepts the sample means,
// latent means 0. A higher-order factor h (measured by factors, marker f₁)
// departs from lavaan's 0.05 and loadings 1: with m(·) a factor's observed
// marker down the chain of markers (h → f₁ → its first item),
//   ψ_h = mean_k s(m(f₁), m(f_k)), at most 0.9·s(m(f₁))/2,   λ_{f_k} = s(m(f₁), m(f_k))/ψ_h,
//   ζ_{f_k} = max(s(m(f_k))/2 − λ²ψ_h, s(m(f_k))/20)  (the first-order disturbance),
// which reaches the optimum in fewer steps (HS second-order: 12 evaluations
// against 33; StartValueTests.swift). User start() values win. With several groups each group's
// rows start from its own sample (a parameter shared across groups from the
// first group that has it). The optimum does not depend on them; only the
// path to it does.

enum StartValues {
  static func compute(table: ParameterTable, layouts: [LISRELLayout], samples: [(s: Matrix, mean: [Double])]) -> [Double] {
    var start = [Double](repeating: .nan, count: table.freeCount)
    for (layout, sample) in zip(layouts, samples) {
      compute(table: table, layout: layout, s: sample.s, mean: sample.mean, into: &start)
    }
    return start.map { $0.isNaN ? 0 : $0 }
  }

  static func compute(table: ParameterTable, layout: LISRELLayout, s: Matrix) -> [Double] {
    compute(table: table, layouts: [layout], samples: [(s, [Double](repeating: 0, count: s.rows))])
  }

  static func compute(table: ParameterTable, layout: LISRELLayout, s: Matrix, mean: [Double], into start: inout [Double]) {
    var position: [String: Int] = [:]
    for (i, name) in layout.observed.enumerated() where position[name] == nil { position[name] = i }
    func sIndex(_ n: String) -> Int? { position[n] }
    let rows = table.rows.filter { $0.group == layout.group }
    let regressed = Set(rows.lazy.filter { $0.op == .regression }.map(\.lhs))
    // Marker (first) indicator of each factor, and whether it is observed.
    var marker: [String: String] = [:]
    for r in rows where r.op == .measuredBy && marker[r.lhs] == nil { marker[r.lhs] = r.rhs }
    // A factor whose variance is fixed (std.lv, or `f ~~ 1*f` with the first
    // loading freed, as semTools' measEq.syntax writes) is scaled like std.lv.
    let fixedVariance = Set(rows.filter { $0.isVariance && $0.free == 0 && ($0.ustart ?? 0) > 0 }.map(\.lhs))
    let stdLV = table.options.stdLV
    let scaledByVariance: (String) -> Bool = { stdLV || fixedVariance.contains($0) }
    // A higher-order factor's marker is itself a factor: follow the markers
    // down to an observed variable (NC → NV → NV1), whose covariances with the
    // other indicators' observed markers carry the higher-order variance.
    func observedMarker(_ f: String) -> Int? {
      var v = f
      for _ in 0..<16 {
        if let i = sIndex(v) { return i }
        guard !scaledByVariance(v), let m = marker[v] else { return nil }
        v = m
      }
      return nil
    }
    var indicators: [String: [String]] = [:]
    var higherOrder: [String: String] = [:]
    for r in rows where r.op == .measuredBy {
      indicators[r.lhs, default: []].append(r.rhs)
      if sIndex(r.rhs) == nil, higherOrder[r.rhs] == nil { higherOrder[r.rhs] = r.lhs }
    }
    /// ψ of a factor measured by factors: the mean covariance of its marker's
    /// observed marker with the others', capped below that marker's half variance.
    var higherOrderVariances: [String: Double?] = [:]
    func higherOrderVariance(_ f: String) -> Double? {
      if let known = higherOrderVariances[f] { return known }
      var psi: Double? = nil
      if !scaledByVariance(f), let m = marker[f], sIndex(m) == nil, let i = observedMarker(m) {
        let others = (indicators[f] ?? []).dropFirst().compactMap(observedMarker)
        let total = s[i, i] / 2
        let mean = others.isEmpty ? 0 : others.reduce(0) { $0 + s[i, $1] } / Double(others.count)
        psi = mean > 0 ? min(mean, 0.9 * total) : total / 2
      }
      higherOrderVariances[f] = .some(psi)
      return psi
    }
    /// The loading of higher-order factor `h` on its indicator factor `f`: the covariance of their observed markers over ψ_h.
    func higherOrderLoading(_ h: String, _ f: String) -> Double? {
      guard let psi = higherOrderVariance(h), let i = observedMarker(h), let j = observedMarker(f) else { return nil }
      return s[i, j] / psi
    }
    /// The factor's whole variance (loadings are covariances over it).
    func factorVariance(_ f: String) -> Double {
      if scaledByVariance(f) { return 1 }
      if let psi = higherOrderVariance(f) { return psi }
      guard let m = marker[f], let i = sIndex(m) else { return 0.05 }
      return max(s[i, i] / 2, 1e-4)
    }
    /// Its variance parameter: under a higher-order factor the disturbance, what that factor leaves.
    func varianceStart(_ f: String) -> Double {
      let total = factorVariance(f)
      guard !scaledByVariance(f), let h = higherOrder[f], let psi = higherOrderVariance(h) else { return total }
      let l = marker[h] == f ? 1 : (higherOrderLoading(h, f) ?? 1)
      return max(total - l * l * psi, 0.1 * total)
    }
    var firstLoading: [String: Double] = [:]
    for r in rows where r.free > 0 && r.op != .defined {
      let k = r.free - 1
      if !start[k].isNaN { continue }
      if let u = r.ustart { start[k] = u; continue }
      switch r.op {
      case .measuredBy:
        if sIndex(r.rhs) == nil, let l = higherOrderLoading(r.lhs, r.rhs), l.isFinite { start[k] = l; continue }
        guard let j = sIndex(r.rhs), let m = marker[r.lhs], let mi = sIndex(m) else { start[k] = 1; continue }
        if scaledByVariance(r.lhs) {
          if r.rhs == m {
            let l = (s[j, j] / 2).squareRoot()
            firstLoading[r.lhs] = l
            start[k] = l
          } else {
            let l1 = firstLoading[r.lhs] ?? (s[mi, mi] / 2).squareRoot()
            start[k] = s[j, mi] / l1
          }
        } else {
          start[k] = s[j, mi] / factorVariance(r.lhs)
        }
      case .covariance:
        if r.lhs == r.rhs {
          if let i = sIndex(r.lhs) {
            // Exogenous observed variables in η keep their whole variance.
            let exogenous = layout.dummy[r.lhs] != nil && !regressed.contains(r.lhs)
            start[k] = exogenous ? s[i, i] : s[i, i] / 2
          } else {
            start[k] = varianceStart(r.lhs)
          }
        } else if let i = sIndex(r.lhs), let j = sIndex(r.rhs), layout.dummy[r.lhs] != nil, layout.dummy[r.rhs] != nil,
                  !regressed.contains(r.lhs), !regressed.contains(r.rhs) {
          start[k] = s[i, j]
        } else {
          start[k] = 0
        }
      case .intercept:
        start[k] = sIndex(r.lhs).map { mean[$0] } ?? 0
      default:
        start[k] = 0
      }
    }
  }
}

// Means given the covariance starts. μ_g = ν + Λ(I − B)⁻¹α is linear in the
// mean parameters (ν, α) once Λ and B are held, so the weighted least-squares
// means,
//   min Σ_g w_g (ȳ_g − μ_g)ᵀ Σ_g⁻¹ (ȳ_g − μ_g),  θ_m ← θ_m + (JᵀWJ)⁻¹JᵀW(ȳ − μ),
// are one linear solve (J = ∂μ/∂θ_m, exact by unit differences because μ is
// linear in θ_m). lavaan's latent means start at 0, which with the markers'
// intercepts fixed at 0 (x1 ~ 0*1; visual ~ 1) or in a growth model leaves
// every mean residual at the size of the data's means, and the first steps
// then leave the region where Σ is positive definite.
extension StartValues {
  static func refineMeans(_ start: inout [Double], table: ParameterTable, objective: Objective, means: [[Double]]) {
    let meanParameters = Array(Set(table.rows.filter { $0.op == .intercept && $0.free > 0 && $0.ustart == nil }.map { $0.free - 1 })).sorted()
    guard !meanParameters.isEmpty, objective.value(start).isFinite else { return }
    let workspaces = objective.workspaces
    let base = workspaces.map { $0.mu }
    let weights = workspaces.map { try? Cholesky($0.sigma).inverse }
    let m = meanParameters.count
    // J = ∂μ/∂θ_m, analytic (lavaan's Delta mean rows) — one evaluation, not one per mean parameter.
    let columns: [[Matrix]] = workspaces.map { w in
      let d = Information.meanDelta(w.snapshot())
      return meanParameters.map { k in
        var c = Matrix(rows: d.rows, columns: 1)
        for i in 0..<d.rows { c[i, 0] = d[i, k] }
        return c
      }
    }
    var a = Matrix(rows: m, columns: m)
    var b = Matrix(rows: m, columns: 1)
    for (g, weight) in weights.enumerated() {
      guard let weight else { return }
      let p = base[g].rows
      var r = [Double](repeating: 0, count: p)
      for i in 0..<p { r[i] = means[g][i] - base[g][i, 0] }
      let share = objective.weights[g]
      for c in 0..<m {
        let wj = weight * columns[g][c]
        for i in 0..<p { b[c, 0] += share * wj[i, 0] * r[i] }
        for d in 0..<m { for i in 0..<p { a[c, d] += share * wj[i, 0] * columns[g][d][i, 0] } }
      }
    }
    guard let step = try? Cholesky(a).solve(b) else { return }
    var refined = start
    for (c, k) in meanParameters.enumerated() { refined[k] += step[c, 0] }
    if objective.value(refined).isFinite { start = refined }
    _ = objective.value(start)
  }
}
