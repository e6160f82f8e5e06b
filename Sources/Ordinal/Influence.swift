import Dispatch
import Distributions
import Foundation
import LinearAlgebra
import Survey

// The asymptotic covariance matrix Γ of the thresholds and polychoric
// correlations, the weight behind WLS, DWLS and the robust statistics of
// WLSMV (Muthén 1984, "A general structural equation model with dichotomous,
// ordered categorical, and continuous latent variable indicators",
// Psychometrika 49, 115–132; lavaan's muthen1984(), whose choices are kept).
//
// θ = (τ of item 1, …, τ of item p, ρ in lavaan's vech order: ρ₂₁, ρ₃₁, …, ρ_p1, ρ₃₂, …).
// Per case t: s_τ,v = ∂ log P(y_tv)/∂τ_v (the univariate probit score),
//             s_ρ,ij = ∂ log π_{y_ti y_tj}/∂ρ_ij, and the bivariate scores in τ_i, τ_j,
//   ∂ log Pᵥ(c)/∂τₖ = (φ(τ_{c+1})·[k = c+1] − φ(τ_c)·[k = c]) / P(c),
//   ∂Φ₂(x, y; ρ)/∂x = φ(x)·Φ((y − ρx)/√(1 − ρ²)).
// Outer products stand for the information (lavaan's choice):
//   A₁₁ = blockdiag_v Σₜ s_τ,v s_τ,vᵀ,  A₂₂ = diag Σₜ s_ρ²,  A₂₁[ij, τ_i τ_j] = Σₜ s_ρ,ij (∂ log π/∂τ)ᵀ,
//   B = [A₁₁⁻¹, 0; −A₂₂⁻¹A₂₁A₁₁⁻¹, A₂₂⁻¹],   Γ = N · B (Σₜ SₜSₜᵀ) Bᵀ.
// Each case's influence zₜ = B Sₜ is kept (Γ = N Σₜ zₜzₜᵀ, formed by
// InfluenceGram): N·dim work instead of dim³, and diag(Γ) without Γ itself.
// A case missing an item contributes 0 to that item's scores (lavaan's
// crossprod with na.rm).

public struct PolychoricInfluence: Sendable {
  /// Cases (rows of z).
  public let cases: Int
  /// Start of each item's thresholds in θ; the correlations follow the last item's.
  public let thresholdStart: [Int]
  /// The correlations' (i, j), i > j, in vech order.
  public let pairs: [(Int, Int)]
  /// Length of θ.
  public let dimension: Int
  /// cases × dimension, column-major: zₜ = B Sₜ.
  public let z: [Double]

  /// From the matrix's own items (after listwise deletion when it used it).
  public init(_ m: PolychoricMatrix) {
    let p = m.p
    let vars = m.items
    let n = vars[0].codes.count
    var start: [Int] = [], d = 0
    for t in m.thresholds { start.append(d); d += t.count }
    var pairs: [(Int, Int)] = []
    for j in 0..<p { for i in (j + 1)..<max(j + 1, p) { pairs.append((i, j)) } }
    let dim = d + pairs.count
    var z = [Double](repeating: 0, count: n * dim)

    // Step 1: per item, the score of each category and A₁₁⁻¹ times it.
    var categoryInfluence: [[[Double]]] = []  // A₁₁⁻¹ s_τ
    z.withUnsafeMutableBufferPointer { z in
      for v in 0..<p {
        let influence = Self.categoryInfluence(thresholds: m.thresholds[v], counts: vars[v].counts())
        categoryInfluence.append(influence)
        Self.writeCategoryColumns(influence, codes: vars[v].codes, into: z.baseAddress! + start[v] * n)
      }
    }

    // Step 2: per pair (in parallel; each writes its own column of z), the
    // cell scores from the corner values of Φ₂, φ₂ and ∂Φ₂/∂x, ∂Φ₂/∂y; then
    // zₜ,ρ = (s_ρ − A₂₁ z_τ) / A₂₂.
    let workers = pairWorkers(pairs: pairs.count, cases: n)
    let influence = categoryInfluence, data = vars, thresholds = m.thresholds, rhos = m.rho, pairList = pairs, offset = d
    z.withUnsafeMutableBufferPointer { buffer in
      nonisolated(unsafe) let out = buffer
      DispatchQueue.concurrentPerform(iterations: workers) { w in
        var q = w
        while q < pairList.count {
          let (i, j) = pairList[q]
          Self.pairColumn(x: data[i], y: data[j], table: m.table(i, j), a: thresholds[i], b: thresholds[j], rho: rhos[i][j],
                          zx: influence[i], zy: influence[j], into: out.baseAddress! + (offset + q) * n)
          q += workers
        }
      }
    }
    cases = n; thresholdStart = start; self.pairs = pairs; dimension = dim; self.z = z
  }

  /// Per category c of an item: A₁₁⁻¹ s_τ(c), the thresholds' influence of a
  /// case answering c (A₁₁ = Σ_c n_c s_τ(c) s_τ(c)ᵀ, the outer-product information).
  static func categoryInfluence(thresholds: [Double], counts: [Int]) -> [[Double]] {
    let tau = [-Double.infinity] + thresholds + [Double.infinity]
    let k = thresholds.count
    var scores: [[Double]] = []
    for c in 0...k {
      let prob = Normal.cdf(tau[c + 1]) - Normal.cdf(tau[c])
      var s = [Double](repeating: 0, count: k)
      if c >= 1 { s[c - 1] = -Normal.density(tau[c]) / prob }
      if c < k { s[c] = Normal.density(tau[c + 1]) / prob }
      scores.append(s)
    }
    var a11 = Matrix(rows: k, columns: k)
    for c in 0...k where counts[c] > 0 {
      for r in 0..<k { for q in 0..<k { a11[r, q] += Double(counts[c]) * scores[c][r] * scores[c][q] } }
    }
    let inverse = (try? Cholesky(a11).inverse) ?? a11
    return scores.map { s in (0..<k).map { r in (0..<k).reduce(0) { $0 + inverse[r, $1] * s[$1] } } }
  }

  /// Each case's row of `influence` (its category's A₁₁⁻¹ s_τ) into the
  /// item's threshold columns, which start at `column` and hold codes.count
  /// cases each; a missing case (code −1) gets zeros.
  static func writeCategoryColumns(_ influence: [[Double]], codes: [Int32], into column: UnsafeMutablePointer<Double>) {
    let n = codes.count, k = influence.first?.count ?? 0
    let flat = influence.flatMap { $0 }  // category c's values at c·k ..< (c + 1)·k
    codes.withUnsafeBufferPointer { codes in
      flat.withUnsafeBufferPointer { value in
        // Column by column: each a sequential write.
        for r in 0..<k {
          let out = column + r * n
          for t in 0..<n { out[t] = codes[t] >= 0 ? value[Int(codes[t]) * k + r] : 0 }
        }
      }
    }
  }

  /// The influence of one correlation on every case; `count` is the pair's
  /// table (PolychoricPair.table, x's categories by row).
  static func pairColumn(x: OrdinalVariable, y: OrdinalVariable, table count: [Int], a thresholdsX: [Double], b thresholdsY: [Double], rho: Double,
                         zx: [[Double]], zy: [[Double]], into column: UnsafeMutablePointer<Double>) {
    let rows = x.categories, cols = y.categories
    let a = [-Double.infinity] + thresholdsX + [Double.infinity]
    let b = [-Double.infinity] + thresholdsY + [Double.infinity]
    let phiA = a.map { Normal.fastCDF($0) }, phiB = b.map { Normal.fastCDF($0) }
    let sd = (1 - rho * rho).squareRoot()
    let fixed = BivariateNormal.Fixed(rho: rho)
    // Corner values on the (rows + 1) × (cols + 1) grid.
    let w = cols + 1
    var F = [Double](repeating: 0, count: (rows + 1) * w)
    var D = F, Fx = F, Fy = F
    for r in 0...rows {
      for c in 0...cols {
        let u = a[r], v = b[c], k = r * w + c
        if u == -.infinity || v == -.infinity { continue }
        if u == .infinity { F[k] = phiB[c]; if v.isFinite { Fy[k] = Normal.fastDensity(v) }; continue }
        if v == .infinity { F[k] = phiA[r]; Fx[k] = Normal.fastDensity(u); continue }
        F[k] = fixed.cdf(u, v, phiH: phiA[r], phiK: phiB[c])
        D[k] = BivariateNormal.density(u, v, rho: rho)
        Fx[k] = Normal.fastDensity(u) * Normal.fastCDF((v - rho * u) / sd)
        Fy[k] = Normal.fastDensity(v) * Normal.fastCDF((u - rho * v) / sd)
      }
    }
    // Per cell: s_ρ and the scores in τ_x (entries r − 1, r) and τ_y (c − 1, c).
    var sRho = [Double](repeating: 0, count: rows * cols)
    var a21x = [Double](repeating: 0, count: rows - 1), a21y = [Double](repeating: 0, count: cols - 1)
    var a22 = 0.0
    for r in 0..<rows {
      for c in 0..<cols {
        let cell = r * cols + c
        let k00 = r * w + c, k01 = k00 + 1, k10 = k00 + w, k11 = k10 + 1
        let prob = F[k11] - F[k01] - F[k10] + F[k00]
        let s = (D[k11] - D[k01] - D[k10] + D[k00]) / prob
        sRho[cell] = s
        let n = Double(count[cell])
        guard n > 0 else { continue }
        a22 += n * s * s
        if r + 1 < rows { a21x[r] += n * s * (Fx[k11] - Fx[k10]) / prob }
        if r >= 1 { a21x[r - 1] -= n * s * (Fx[k01] - Fx[k00]) / prob }
        if c + 1 < cols { a21y[c] += n * s * (Fy[k11] - Fy[k01]) / prob }
        if c >= 1 { a21y[c - 1] -= n * s * (Fy[k10] - Fy[k00]) / prob }
      }
    }
    // A₂₁ z_τ per category of each item.
    let shiftX = zx.map { zi in zip(a21x, zi).reduce(0) { $0 + $1.0 * $1.1 } }
    let shiftY = zy.map { zj in zip(a21y, zj).reduce(0) { $0 + $1.0 * $1.1 } }
    // Each case's value depends on its two categories alone (code −1, missing, in row or column 0).
    var value = [Double](repeating: 0, count: (rows + 1) * w)
    for u in -1..<rows {
      for v in -1..<cols {
        var z = u >= 0 && v >= 0 ? sRho[u * cols + v] : 0
        if u >= 0 { z -= shiftX[u] }
        if v >= 0 { z -= shiftY[v] }
        value[(u + 1) * w + v + 1] = z / a22
      }
    }
    x.codes.withUnsafeBufferPointer { xc in
      y.codes.withUnsafeBufferPointer { yc in
        value.withUnsafeBufferPointer { value in
          for t in 0..<xc.count { column[t] = value[(Int(xc[t]) + 1) * w + Int(yc[t]) + 1] }
        }
      }
    }
  }

  /// diag(Γ) = N Σₜ zₜ².
  public var gammaDiagonal: [Double] {
    z.withUnsafeBufferPointer { z in
      (0..<dimension).map { k in Double(cases) * contiguousDot(z.baseAddress! + k * cases, z.baseAddress! + k * cases, cases) }
    }
  }

  /// The standard errors of θ: √(Γₖₖ / N) (lavCor(se = "standard")).
  public var standardErrors: [Double] { gammaDiagonal.map { ($0 / Double(cases)).squareRoot() } }
}
