import LinearAlgebra

// Weighted least squares on the thresholds and polychoric correlations of
// ordered variables (lavaan's estimator = "DWLS", "WLS", "ULS" with ordered =;
// Muthén, du Toit & Spisic 1997; lav_model_objective_wls):
//   F = (s − σ(θ))ᵀ W (s − σ(θ)),   s = (τ, ρ),
//   W = diag(Γ)⁻¹ (DWLS), Γ⁻¹ (WLS), I (ULS);   T = (N − 1)·F  (lavaan: 2N·fmin, fmin = ½(N − 1)/N·F),
// with the model's thresholds and correlations of the latent responses
//   τ*ᵢₖ = Δᵢ(τᵢₖ − μᵢ),   ρ*ᵢⱼ = ΔᵢΔⱼσᵢⱼ  (i ≠ j),
// and for continuous variables among them (Muthén 1984) −μᵢ in the threshold
// block (τ = 0, Δ = 1), σᵢᵢ after it, and Δ = 1 in their covariances,
// τ the threshold parameters (`x | t1`), μ = ν + Λ(I − B)⁻¹α the implied
// means (0 unless the later groups' latent means are free), Δ the scale
// factors: parameters (`x ~*~ x`, 1 unless freed) in the delta
// parameterization, σᵢᵢ^(−½) in the theta one (Muthén & Asparouhov 2002).
// F depends on Σ's off-diagonal elements only in the delta parameterization.

/// Where a group's thresholds and scale factors are in θ.
struct OrdinalParameters: Sendable {
  /// Per threshold, in the sample's order: the free parameter (0-based) or nil, and the fixed value.
  var thresholds: [(index: Int?, value: Double)]
  /// Per variable: the scale factor's free parameter or nil, and its fixed value (delta parameterization).
  var scales: [(index: Int?, value: Double)]
  /// The variable of each threshold.
  var variable: [Int]
  /// Per variable: continuous (its threshold slot is −μ: τ fixed at 0, Δ = 1 in either parameterization).
  var numeric: [Bool]
  /// The continuous variables, in order (their variances follow the threshold block in s).
  var numericVariables: [Int]

  init(table: ParameterTable, group: Int, sample o: OrdinalSample) {
    // Per variable its scale row and its thresholds' rows by number (t1 → 1); read where the table has them.
    let index = Dictionary(o.names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    var scaleRow = [Int?](repeating: nil, count: o.names.count)
    var thresholdRows = [[Int: Int]](repeating: [:], count: o.names.count)
    let rows = table.rows
    for k in rows.indices where rows[k].group == group && (rows[k].op == .threshold || rows[k].op == .scale) {
      guard let v = index[rows[k].lhs] else { continue }
      if rows[k].op == .scale {
        if rows[k].rhs == rows[k].lhs { scaleRow[v] = k }
      } else if let t = ModelSyntax.thresholdIndex(rows[k].rhs) {
        thresholdRows[v][t] = k
      }
    }
    func entry(_ k: Int?, _ fallback: Double) -> (index: Int?, value: Double) {
      guard let k else { return (nil, fallback) }
      return rows[k].free > 0 ? (rows[k].free - 1, .nan) : (nil, rows[k].ustart ?? fallback)
    }
    thresholds = []; variable = []
    for v in o.names.indices {
      if o.numeric[v] { thresholds.append((nil, 0)); variable.append(v); continue }
      for k in o.thresholds[v].indices { thresholds.append(entry(thresholdRows[v][k + 1], .nan)); variable.append(v) }
    }
    scales = o.names.indices.map { v in o.numeric[v] ? (nil, 1) : entry(scaleRow[v], 1) }
    numeric = o.numeric
    numericVariables = o.names.indices.filter { o.numeric[$0] }
  }

  /// τ and Δ (delta parameterization) at θ.
  func values(_ theta: [Double]) -> (tau: [Double], scale: [Double]) {
    (thresholds.map { $0.index.map { theta[$0] } ?? $0.value }, scales.map { $0.index.map { theta[$0] } ?? $0.value })
  }
}

final class WeightedLeastSquares: Estimator {
  let p: Int
  /// s = (τ, ρ): the sample thresholds, then the correlations below the diagonal (column by column);
  /// with continuous variables, their −μ in the threshold block, their variances after it, covariances.
  let s: [Double]
  /// The threshold block's length.
  let t: Int
  let weight: Weight
  let parameters: OrdinalParameters
  /// Theta parameterization: Δᵢ = σᵢᵢ^(−½) instead of a parameter.
  let standardize: Bool
  /// The current threshold and scale parameters (`load`), Δ at the last `value`.
  private var tau: [Double], scale: [Double], delta: [Double]
  private var e: [Double], u: [Double], dDelta: [Double]
  private var mu: [Double]

  init(_ sample: GroupSample) throws(LinearAlgebraError) {
    guard let o = sample.ordinal, let parameters = sample.ordinalParameters else { preconditionFailure("WeightedLeastSquares needs ordinal sample statistics") }
    p = o.names.count
    t = o.thresholdCount
    s = o.statistics
    weight = try WeightedLeastSquares.weight(o, sample.weighting)
    self.parameters = parameters
    standardize = sample.standardize
    (tau, scale) = (parameters.thresholds.map { $0.value.isNaN ? 0 : $0.value }, [Double](repeating: 1, count: p))
    delta = scale
    e = [Double](repeating: 0, count: s.count)
    u = e
    dDelta = delta
    mu = [Double](repeating: 0, count: p)
  }

  /// W on the whole of s = (τ, ρ).
  static func weight(_ o: OrdinalSample, _ kind: EstimatorKind) throws(LinearAlgebraError) -> Weight {
    let d = o.dimension
    switch kind {
    case .wls: return .full(try Cholesky(o.gamma).inverse)
    case .uls: return .diagonal([Double](repeating: 1, count: d))
    default: return .diagonal(o.gram.diagonal.map { 1 / $0 })
    }
  }

  /// W, diagonal (DWLS, ULS: kept as a vector) or full (WLS).
  enum Weight: Sendable {
    case diagonal([Double])
    case full(Matrix)

    var diagonal: [Double] {
      switch self {
      case .diagonal(let v): v
      case .full(let m): (0..<m.rows).map { m[$0, $0] }
      }
    }

    subscript(i: Int, j: Int) -> Double {
      switch self {
      case .diagonal(let v): i == j ? v[i] : 0
      case .full(let m): m[i, j]
      }
    }

    /// eᵀWe.
    func quadratic(_ e: [Double]) -> Double {
      switch self {
      case .diagonal(let v):
        return zip(v, e).reduce(0) { $0 + $1.0 * $1.1 * $1.1 }
      case .full(let m):
        var f = 0.0
        for j in e.indices { var s = 0.0; for i in e.indices { s += m[i, j] * e[i] }; f += s * e[j] }
        return f
      }
    }

    /// u = We.
    func apply(_ e: [Double], into u: inout [Double]) {
      switch self {
      case .diagonal(let v):
        for k in e.indices { u[k] = v[k] * e[k] }
      case .full(let m):
        for i in e.indices { var s = 0.0; for j in e.indices { s += m[j, i] * e[j] }; u[i] = s }
      }
    }

    /// W·X (a diagonal W scales the rows).
    func times(_ x: Matrix) -> Matrix {
      switch self {
      case .full(let w): return w * x
      case .diagonal(let w):
        var out = x
        let rows = x.rows
        out.elements.withUnsafeMutableBufferPointer { o in
          w.withUnsafeBufferPointer { v in
            for c in 0..<x.columns { for r in 0..<rows { o[c * rows + r] *= v[r] } }
          }
        }
        return out
      }
    }
  }

  static var fitsUnbiasedCovariance: Bool { false }
  static var allowsMeanStructure: Bool { true }

  func load(_ theta: [Double]) { (tau, scale) = parameters.values(theta) }

  /// τ* and ρ* at Σ, μ and the loaded parameters, into e = s − σ*; false where Δ cannot be formed.
  private func residuals(sigma: Matrix, mu m: Matrix) -> Bool {
    for i in 0..<p {
      if parameters.numeric[i] {
        delta[i] = 1
      } else if standardize {
        guard sigma[i, i] > 0 else { return false }
        delta[i] = 1 / sigma[i, i].squareRoot()
      } else {
        delta[i] = scale[i]
      }
      mu[i] = m.rows == p ? m[i, 0] : 0
    }
    for a in 0..<t {
      let v = parameters.variable[a]
      e[a] = s[a] - delta[v] * (tau[a] - mu[v])
    }
    var k = t
    for i in parameters.numericVariables { e[k] = s[k] - sigma[i, i]; k += 1 }
    for j in 0..<p { for i in (j + 1)..<max(j + 1, p) { e[k] = s[k] - delta[i] * delta[j] * sigma[i, j]; k += 1 } }
    return true
  }

  func value(sigma: Matrix, mu: Matrix) -> Double {
    guard residuals(sigma: sigma, mu: mu) else { return .infinity }
    return weight.quadratic(e)
  }

  func gradient(sigma: Matrix, mu gMuSource: Matrix, gSigma: inout Matrix, gMu: inout [Double]) {
    // ∂F/∂σ* = −2We =: −2u; then the chain rule through τ* and ρ*
    // (Σ's two copies of an off-diagonal element share its derivative).
    weight.apply(e, into: &u)
    for i in 0..<p { dDelta[i] = 0; gMu[i] = 0; gSigma[i, i] = 0 }
    for a in 0..<t {
      let v = parameters.variable[a]
      gMu[v] += 2 * u[a] * delta[v]
      dDelta[v] -= 2 * u[a] * (tau[a] - mu[v])
    }
    var k = t
    for i in parameters.numericVariables { gSigma[i, i] = -2 * u[k]; k += 1 }
    for j in 0..<p {
      for i in (j + 1)..<max(j + 1, p) {
        let g = -u[k] * delta[i] * delta[j]
        gSigma[i, j] = g; gSigma[j, i] = g
        dDelta[i] -= 2 * u[k] * delta[j] * sigma[i, j]
        dDelta[j] -= 2 * u[k] * delta[i] * sigma[i, j]
        k += 1
      }
    }
    // Theta: Δᵢ = σᵢᵢ^(−½), ∂Δᵢ/∂σᵢᵢ = −½Δᵢ³.
    if standardize { for i in 0..<p where !parameters.numeric[i] { gSigma[i, i] = -0.5 * dDelta[i] * delta[i] * delta[i] * delta[i] } }
  }

  /// The thresholds' and scale factors' own derivatives; after `gradient`.
  func addParameterGradient(into gradient: inout [Double], scale w: Double) {
    for (a, entry) in parameters.thresholds.enumerated() {
      if let k = entry.index { gradient[k] -= w * 2 * u[a] * delta[parameters.variable[a]] }
    }
    if !standardize { for (i, entry) in parameters.scales.enumerated() { if let k = entry.index { gradient[k] += w * dDelta[i] } } }
  }

  func scoringWeight(sigma: Matrix) -> Matrix? { nil }

  /// Gauss–Newton: F = eᵀWe with e = s − σ*(θ) has Hessian 2ΔᵀWΔ − 2Σₖ(We)ₖ∇²σ*ₖ,
  /// and the second term vanishes as the residuals do (the scoring steps of
  /// Browne 1984, "Asymptotically distribution-free methods for the analysis
  /// of covariance structures", BJMSP 37, 62–83).
  func scoringInformation(_ model: ImpliedModel) -> Matrix? {
    expectedInformation(model).map { 2 * $0 }
  }

  /// s − σ* at the last `value`.
  var residual: [Double] { e }

  /// ∂σ*/∂θ at the model and the last loaded θ.
  func jacobian(_ model: ImpliedModel) -> Matrix {
    WeightedLeastSquares.jacobian(model, parameters: parameters, tau: tau, scale: scale, standardize: standardize)
  }

  /// ΔᵀWΔ over s = (τ, ρ) and every parameter, at the last loaded θ.
  func expectedInformation(_ model: ImpliedModel) -> Matrix? {
    var d = jacobian(model)
    guard case .diagonal(let w) = weight else { return d.times(weight.times(d), transposeSelf: true) }
    // Diagonal W: ΔᵀWΔ = (W^½Δ)ᵀ(W^½Δ), one symmetric product.
    let rows = d.rows, root = w.map { $0.squareRoot() }
    d.elements.withUnsafeMutableBufferPointer { e in
      for c in 0..<d.columns { for r in 0..<rows { e[c * rows + r] *= root[r] } }
    }
    return Matrix.gramOfSparseColumns(d)
  }

  func gfiWeight(sigma: Matrix) -> GFIWeight? { nil }

  /// lavaan: T = 2N·fmin with fmin = ½·(N − 1)/N·F, so T = (N − 1)·F.
  static func testN(sampleSize n: Int) -> Double { Double(n - 1) }

  /// ∂σ*/∂θ, lavaan's Delta for categorical data: rows s = (τ*, ρ*), a column per free parameter.
  ///   ∂τ*ᵢₖ = Δᵢ(∂τᵢₖ − ∂μᵢ) + (τᵢₖ − μᵢ)∂Δᵢ,   ∂ρ*ᵢⱼ = ΔᵢΔⱼ∂σᵢⱼ + σᵢⱼ(Δⱼ∂Δᵢ + Δᵢ∂Δⱼ),
  ///   ∂Δᵢ: the scale parameter's column (delta), or −½Δᵢ³∂σᵢᵢ (theta).
  static func jacobian(_ model: ImpliedModel, parameters: OrdinalParameters, tau: [Double], scale: [Double], standardize: Bool) -> Matrix {
    let p = model.layout.p, q = model.layout.freeCount, t = parameters.thresholds.count
    let sigma = model.sigma
    let dSigma = Information.delta(model)
    let dMu = model.layout.meanstructure ? Information.meanDelta(model) : Matrix(rows: p, columns: q)
    let mu = model.layout.meanstructure ? model.mu.elements : [Double](repeating: 0, count: p)
    let delta = (0..<p).map { parameters.numeric[$0] ? 1 : standardize ? 1 / sigma[$0, $0].squareRoot() : scale[$0] }
    // ∂Δ (p × q).
    var dDelta = Matrix(rows: p, columns: q)
    let sr = dSigma.rows
    dDelta.elements.withUnsafeMutableBufferPointer { dd in
      dSigma.elements.withUnsafeBufferPointer { ds in
        for i in 0..<p where !parameters.numeric[i] {
          if standardize {
            let f = -0.5 * delta[i] * delta[i] * delta[i], row = Robustness.vechIndex(i, i, p)
            for c in 0..<q { dd[c * p + i] = f * ds[c * sr + row] }
          } else if let k = parameters.scales[i].index {
            dd[k * p + i] = 1
          }
        }
      }
    }
    let numeric = parameters.numericVariables
    let rows = t + numeric.count + p * (p - 1) / 2
    var out = Matrix(rows: rows, columns: q)
    // Per row of s its constants, then Δ column by column (contiguous writes):
    // the scoring steps call this at every step.
    let shift = (0..<t).map { tau[$0] - mu[parameters.variable[$0]] }
    var pairRow: [Int] = [], pairI: [Int] = [], pairJ: [Int] = [], dij: [Double] = [], ai: [Double] = [], bj: [Double] = []
    for j in 0..<p {
      for i in (j + 1)..<max(j + 1, p) {
        pairRow.append(Robustness.vechIndex(i, j, p)); pairI.append(i); pairJ.append(j)
        dij.append(delta[i] * delta[j]); ai.append(sigma[i, j] * delta[j]); bj.append(sigma[i, j] * delta[i])
      }
    }
    let varianceRows = numeric.map { Robustness.vechIndex($0, $0, p) }
    out.elements.withUnsafeMutableBufferPointer { o in
      dSigma.elements.withUnsafeBufferPointer { ds in
        dMu.elements.withUnsafeBufferPointer { dm in
          dDelta.elements.withUnsafeBufferPointer { dd in
            pairRow.withUnsafeBufferPointer { pairRow in
              dij.withUnsafeBufferPointer { dij in
                for c in 0..<q {
                  let oc = o.baseAddress! + c * rows, dsc = ds.baseAddress! + c * sr, dmc = dm.baseAddress! + c * p, ddc = dd.baseAddress! + c * p
                  for a in 0..<t {
                    let v = parameters.variable[a]
                    oc[a] = -delta[v] * dmc[v] + shift[a] * ddc[v]
                  }
                  for (k, row) in varianceRows.enumerated() { oc[t + k] = dsc[row] }
                  let base = t + varianceRows.count
                  for k in 0..<pairRow.count {
                    oc[base + k] = dij[k] * dsc[pairRow[k]] + ai[k] * ddc[pairI[k]] + bj[k] * ddc[pairJ[k]]
                  }
                }
              }
            }
            for a in 0..<t { if let k = parameters.thresholds[a].index { o[k * rows + a] += delta[parameters.variable[a]] } }
          }
        }
      }
    }
    return out
  }
}
