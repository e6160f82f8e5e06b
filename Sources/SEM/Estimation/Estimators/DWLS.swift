import LinearAlgebra

// Weighted least squares on the thresholds and polychoric correlations of
// ordered variables (lavaan's estimator = "DWLS", "WLS", "ULS" with ordered =;
// Muthén, du Toit & Spisic 1997):
//   F = (s − σ(θ))ᵀ W (s − σ(θ)),   s = (τ, ρ),
//   W = diag(Γ)⁻¹ (DWLS), Γ⁻¹ (WLS), I (ULS);   T = (N − 1)·F  (lavaan: 2N·fmin, fmin = ½(N − 1)/N·F).
// In one group with every threshold free (the delta parameterization, no
// threshold constraints) the thresholds are saturated and can be profiled
// out: minimising over τ leaves the correlations' part with the Schur
// complement M = W_ρρ − W_ρτ W_ττ⁻¹ W_τρ, which is W_ρρ for a diagonal W and
// Γ_ρρ⁻¹ for WLS; then τ̂ = τ_s + W_ττ⁻¹ W_τρ (r − σ̂). F depends on Σ's
// off-diagonal elements only (the diagonal is fixed at 1).

final class WeightedLeastSquares: Estimator {
  let p: Int
  /// The sample correlations below the diagonal (vech order without diagonal).
  let r: [Double]
  /// M, P × P (nil: diagonal `w`).
  let m: Matrix?
  let w: [Double]
  /// Theta parameterization: F on the correlations of Σ, ρᵢⱼ = σᵢⱼ/√(σᵢᵢσⱼⱼ).
  let standardize: Bool
  private var e: [Double]

  init(_ sample: GroupSample) throws(LinearAlgebraError) {
    guard let o = sample.ordinal else { preconditionFailure("WeightedLeastSquares needs ordinal sample statistics") }
    p = o.names.count
    let t = o.thresholdCount, pc = o.correlationCount
    r = Array(o.statistics[t...])
    switch sample.weighting {
    case .wls:
      // Γ_ρρ⁻¹: the Schur complement of Γ⁻¹'s threshold block (Γ⁻¹ itself is not needed).
      let block = o.gamma.submatrix(Array(t..<(t + pc)))
      m = try Cholesky(block).inverse
      w = []
    default:
      m = nil
      w = Array(try WeightedLeastSquares.weight(o, sample.weighting).diagonal[t...])
    }
    e = [Double](repeating: 0, count: pc)
    standardize = sample.standardize
  }

  /// W on the whole of s = (τ, ρ).
  static func weight(_ o: OrdinalSample, _ kind: EstimatorKind) throws(LinearAlgebraError) -> Weight {
    let d = o.thresholdCount + o.correlationCount
    switch kind {
    case .wls: return .full(try Cholesky(o.gamma).inverse)
    case .uls: return .diagonal([Double](repeating: 1, count: d))
    default: return .diagonal((0..<d).map { 1 / o.gamma[$0, $0] })
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

    /// W·X (a diagonal W scales the rows).
    func times(_ x: Matrix) -> Matrix {
      switch self {
      case .full(let w): return w * x
      case .diagonal(let w):
        var out = x
        for c in 0..<x.columns { for r in 0..<x.rows { out[r, c] *= w[r] } }
        return out
      }
    }
  }

  static var fitsUnbiasedCovariance: Bool { false }

  func value(sigma: Matrix, mu: Matrix) -> Double {
    var k = 0
    if standardize {
      for i in 0..<p where !(sigma[i, i] > 0) { return .infinity }
      for j in 0..<p { for i in (j + 1)..<max(j + 1, p) { e[k] = r[k] - sigma[i, j] / (sigma[i, i] * sigma[j, j]).squareRoot(); k += 1 } }
    } else {
      for j in 0..<p { for i in (j + 1)..<max(j + 1, p) { e[k] = r[k] - sigma[i, j]; k += 1 } }
    }
    if let m {
      var f = 0.0
      for b in e.indices { var s = 0.0; for a in e.indices { s += m[a, b] * e[a] }; f += s * e[b] }
      return f
    }
    var f = 0.0
    for k in e.indices { f += w[k] * e[k] * e[k] }
    return f
  }

  func gradient(sigma: Matrix, mu: Matrix, gSigma: inout Matrix, gMu: inout [Double]) {
    // ∂F/∂σᵢⱼ = −2(Me)ₖ, shared between Σ's two copies of the element.
    // Theta: ρᵢⱼ = σᵢⱼ/√(σᵢᵢσⱼⱼ), ∂ρᵢⱼ/∂σᵢⱼ = 1/√(σᵢᵢσⱼⱼ), ∂ρᵢⱼ/∂σᵢᵢ = −ρᵢⱼ/(2σᵢᵢ).
    var k = 0
    for j in 0..<p { gSigma[j, j] = 0 }
    for j in 0..<p {
      for i in (j + 1)..<max(j + 1, p) {
        var g: Double
        if let m { g = 0; for a in e.indices { g += m[a, k] * e[a] } } else { g = w[k] * e[k] }
        if standardize {
          let root = (sigma[i, i] * sigma[j, j]).squareRoot(), rho = sigma[i, j] / root
          gSigma[i, j] = -g / root; gSigma[j, i] = -g / root
          gSigma[i, i] += g * rho / sigma[i, i]; gSigma[j, j] += g * rho / sigma[j, j]
        } else {
          gSigma[i, j] = -g; gSigma[j, i] = -g
        }
        k += 1
      }
    }
  }

  func scoringWeight(sigma: Matrix) -> Matrix? { nil }

  /// Δ_ρᵀ M Δ_ρ: the information of the structural parameters.
  func expectedInformation(_ model: ImpliedModel) -> Matrix? {
    let d = WeightedLeastSquares.correlationDelta(Information.delta(model), p: p, sigma: standardize ? model.sigma : nil)
    let md = m.map { $0 * d } ?? {
      var x = d
      for c in 0..<d.columns { for k in 0..<d.rows { x[k, c] *= w[k] } }
      return x
    }()
    return d.times(md, transposeSelf: true)
  }

  func gfiWeight(sigma: Matrix) -> GFIWeight? { nil }

  /// lavaan: T = 2N·fmin with fmin = ½·(N − 1)/N·F, so T = (N − 1)·F.
  static func testN(sampleSize n: Int) -> Double { Double(n - 1) }

  /// ∂ρ/∂θ for the off-diagonal elements in s's order, from Δ = ∂vech(Σ)/∂θ:
  /// its off-diagonal rows, or (theta, `sigma` given) through ρᵢⱼ = σᵢⱼ/√(σᵢᵢσⱼⱼ).
  static func correlationDelta(_ delta: Matrix, p: Int, sigma: Matrix? = nil) -> Matrix {
    var rowOf = [[Int]](repeating: [Int](repeating: 0, count: p), count: p)
    var r = 0
    for j in 0..<p { for i in j..<p { rowOf[i][j] = r; rowOf[j][i] = r; r += 1 } }
    var out = Matrix(rows: p * (p - 1) / 2, columns: delta.columns)
    var k = 0
    for j in 0..<p {
      for i in (j + 1)..<max(j + 1, p) {
        for c in 0..<delta.columns {
          if let s = sigma {
            let root = (s[i, i] * s[j, j]).squareRoot(), rho = s[i, j] / root
            out[k, c] = delta[rowOf[i][j], c] / root
              - 0.5 * rho * (delta[rowOf[i][i], c] / s[i, i] + delta[rowOf[j][j], c] / s[j, j])
          } else {
            out[k, c] = delta[rowOf[i][j], c]
          }
        }
        k += 1
      }
    }
    return out
  }
}
