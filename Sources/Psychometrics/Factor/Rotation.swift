import Foundation
import LinearAlgebra

// Rotations of a p × k loading matrix A, each the algorithm psych 2.2.9 calls,
// step for step (same start, same step rules, same stopping tolerance), so the
// rotated loadings are theirs and not merely another point near the optimum:
//   varimax    stats::varimax (Kaiser 1958) with Kaiser normalisation, eps 1e-5:
//              Tₜ₊₁ = UVᵀ from the SVD of B = Aᵀ(Z³ − Z·diag(1ᵀZ²)/p), Z = ATₜ,
//              until Σ singular values grows by less than a factor 1 + eps.
//   quartimax  GPArotation::quartimax: orthogonal gradient projection
//              (Jennrich 2001), criterion −¼ Σ λ⁴.
//   oblimin    GPArotation::oblimin, γ = 0 (quartimin): oblique gradient
//              projection (Jennrich 2002), criterion ¼ Σ λ² (λ²N), N = 11ᵀ − I.
//   geomin     GPArotation::geominQ, δ = 0.01 (Yates 1987; Browne 2001):
//              criterion Σᵢ exp(Σⱼ ln(λᵢⱼ² + δ)/k).
//   promax     psych's "promax" = kaiser(A, "Promax"): rows scaled to unit
//              length, varimax, target Q = X∘|X|³ (power 4; Hendrickson & White
//              1964), U = (XᵀX)⁻¹XᵀQ with columns scaled so diag((UᵀU)⁻¹) = 1,
//              Φ = U⁻¹U⁻ᵀ; rows scaled back.
// The SVD's UVᵀ of a square B is its polar factor B(BᵀB)^-½, computed here
// from the symmetric eigen decomposition of BᵀB (and Σ singular values as
// Σ √eig(BᵀB)). Gradient projection stops when ‖projected gradient‖_F < 1e-5
// or after 1000 iterations (GPArotation's defaults).

public enum RotationMethod: String, Sendable, Codable, CaseIterable {
  case none, varimax, quartimax, promax, oblimin, geomin

  public var isOblique: Bool { self == .promax || self == .oblimin || self == .geomin }
}

public struct Rotated: Sendable {
  public var loadings: Matrix
  /// Factor correlations for oblique rotations.
  public var phi: Matrix?
  public var iterations: Int
  public var converged: Bool
}

public enum Rotate {
  public static func run(_ a: Matrix, _ method: RotationMethod) throws -> Rotated {
    guard a.columns > 1 else { return Rotated(loadings: a, phi: nil, iterations: 0, converged: true) }
    switch method {
    case .none: return Rotated(loadings: a, phi: nil, iterations: 0, converged: true)
    case .varimax: return try varimax(a).rotated
    case .quartimax: return try gpOrthogonal(a, criterion: quartimaxCriterion)
    case .oblimin: return try gpOblique(a, criterion: obliminCriterion)
    case .geomin: return try gpOblique(a, criterion: { geominCriterion($0, delta: 0.01) })
    case .promax: return try promax(a)
    }
  }

  /// (UVᵀ, Σσ) for the SVD UΣVᵀ of square, nonsingular b.
  static func polar(_ b: Matrix) throws -> (Matrix, Double) {
    let e = try SymmetricEigen(b.times(b, transposeSelf: true))
    guard let smallest = e.values.last, smallest > 0 else {
      throw FactorAnalysisFailure(description: "the rotation met a singular matrix (factors with no loadings)")
    }
    let inverseRoot = e.reconstruct { 1 / $0.squareRoot() }
    return (b * inverseRoot, e.values.reduce(0) { $0 + $1.squareRoot() })
  }

  /// The rotated loadings and the rotation matrix T (loadings = A T).
  static func varimax(_ a0: Matrix, normalize: Bool = true, eps: Double = 1e-5) throws -> (rotated: Rotated, t: Matrix) {
    let p = a0.rows, k = a0.columns
    var x = a0
    var sc = [Double](repeating: 1, count: p)
    if normalize {
      for i in 0..<p {
        sc[i] = (0..<k).reduce(0) { $0 + x[i, $1] * x[i, $1] }.squareRoot()
        for j in 0..<k { x[i, j] /= sc[i] }
      }
    }
    var t = Matrix.identity(k)
    var d = 0.0
    var iterations = 0
    for it in 1...1000 {
      iterations = it
      let z = x * t
      var colSq = [Double](repeating: 0, count: k)
      for j in 0..<k { for i in 0..<p { colSq[j] += z[i, j] * z[i, j] } }
      var w = Matrix(rows: p, columns: k)
      for j in 0..<k { for i in 0..<p { w[i, j] = z[i, j] * z[i, j] * z[i, j] - z[i, j] * colSq[j] / Double(p) } }
      let b = x.times(w, transposeSelf: true)
      let (u, s) = try polar(b)
      t = u
      let dpast = d
      d = s
      if d < dpast * (1 + eps) { break }
    }
    var z = x * t
    if normalize { for i in 0..<p { for j in 0..<k { z[i, j] *= sc[i] } } }
    return (Rotated(loadings: z, phi: nil, iterations: iterations, converged: iterations < 1000), t)
  }

  /// Criterion value and gradient ∂f/∂L.
  typealias Criterion = (Matrix) -> (f: Double, gradient: Matrix)

  static func quartimaxCriterion(_ l: Matrix) -> (f: Double, gradient: Matrix) {
    var g = l
    var f = 0.0
    for t in l.elements.indices {
      let v = l.elements[t]
      g.elements[t] = -v * v * v
      f -= v * v * v * v
    }
    return (f / 4, g)
  }

  static func obliminCriterion(_ l: Matrix) -> (f: Double, gradient: Matrix) {
    let p = l.rows, k = l.columns
    var g = l
    var f = 0.0
    for i in 0..<p {
      var rowSq = 0.0
      for j in 0..<k { rowSq += l[i, j] * l[i, j] }
      for j in 0..<k {
        let x = rowSq - l[i, j] * l[i, j]
        g[i, j] = l[i, j] * x
        f += l[i, j] * l[i, j] * x
      }
    }
    return (f / 4, g)
  }

  static func geominCriterion(_ l: Matrix, delta: Double) -> (f: Double, gradient: Matrix) {
    let p = l.rows, k = l.columns
    var g = l
    var f = 0.0
    for i in 0..<p {
      var logSum = 0.0
      for j in 0..<k { logSum += log(l[i, j] * l[i, j] + delta) }
      let pro = exp(logSum / Double(k))
      f += pro
      for j in 0..<k { g[i, j] = (2 / Double(k)) * l[i, j] / (l[i, j] * l[i, j] + delta) * pro }
    }
    return (f, g)
  }

  static func frobenius(_ m: Matrix) -> Double { m.elements.reduce(0) { $0 + $1 * $1 }.squareRoot() }

  /// GPArotation::GPForth from T = I.
  static func gpOrthogonal(_ a: Matrix, criterion: Criterion, eps: Double = 1e-5, maxit: Int = 1000) throws -> Rotated {
    let k = a.columns
    var tmat = Matrix.identity(k)
    var l = a * tmat
    var (f, gq) = criterion(l)
    var g = a.times(gq, transposeSelf: true)
    var al = 1.0
    var s = 0.0
    var iterations = 0
    for iter in 0...maxit {
      iterations = iter
      let m = tmat.times(g, transposeSelf: true)
      let sym = 0.5 * (m + m.transposed)
      let gp = g - tmat * sym
      s = frobenius(gp)
      if s < eps { break }
      al *= 2
      var tNew = tmat
      var fNew = f, gqNew = gq
      for _ in 0...10 {
        let x = tmat - al * gp
        tNew = try polar(x).0
        l = a * tNew
        (fNew, gqNew) = criterion(l)
        if fNew < f - 0.5 * s * s * al { break }
        al /= 2
      }
      tmat = tNew
      f = fNew
      gq = gqNew
      g = a.times(gq, transposeSelf: true)
    }
    return Rotated(loadings: a * tmat, phi: nil, iterations: iterations, converged: s < eps)
  }

  /// GPArotation::GPFoblq from T = I: L = A (T⁻¹)ᵀ, Φ = TᵀT.
  static func gpOblique(_ a: Matrix, criterion: Criterion, eps: Double = 1e-5, maxit: Int = 1000) throws -> Rotated {
    let k = a.columns
    var tmat = Matrix.identity(k)
    var tinv = Matrix.identity(k)
    var l = a
    var (f, gq) = criterion(l)
    // G = −(Lᵀ Gq T⁻¹)ᵀ
    var g = -1 * (l.times(gq, transposeSelf: true) * tinv).transposed
    var al = 1.0
    var s = 0.0
    var iterations = 0
    for iter in 0...maxit {
      iterations = iter
      // Gp = G − T diag(1ᵀ(T∘G))
      var gp = g
      for j in 0..<k {
        var c = 0.0
        for i in 0..<k { c += tmat[i, j] * g[i, j] }
        for i in 0..<k { gp[i, j] -= tmat[i, j] * c }
      }
      s = frobenius(gp)
      if s < eps { break }
      al *= 2
      var tNew = tmat, tinvNew = tinv
      var fNew = f, gqNew = gq
      for _ in 0...10 {
        var x = tmat - al * gp
        for j in 0..<k {
          let v = 1 / (0..<k).reduce(0) { $0 + x[$1, j] * x[$1, j] }.squareRoot()
          for i in 0..<k { x[i, j] *= v }
        }
        tNew = x
        tinvNew = try LU(tNew).inverse
        l = a * tinvNew.transposed
        (fNew, gqNew) = criterion(l)
        if f - fNew > 0.5 * s * s * al { break }
        al /= 2
      }
      tmat = tNew
      tinv = tinvNew
      f = fNew
      gq = gqNew
      g = -1 * (l.times(gq, transposeSelf: true) * tinv).transposed
    }
    let phi = tmat.times(tmat, transposeSelf: true)
    return Rotated(loadings: a * tinv.transposed, phi: phi, iterations: iterations, converged: s < eps)
  }

  /// psych's promax: kaiser(A, rotate = "Promax"), power 4.
  static func promax(_ a: Matrix, power m: Double = 4) throws -> Rotated {
    let p = a.rows, k = a.columns
    let h = (0..<p).map { i in (0..<k).reduce(0) { $0 + a[i, $1] * a[i, $1] }.squareRoot() }
    var w = a
    for i in 0..<p { for j in 0..<k { w[i, j] /= h[i] } }
    let (vm, t) = try varimax(w)
    let x = vm.loadings
    var q = x
    for t in q.elements.indices { q.elements[t] = x.elements[t] * pow(abs(x.elements[t]), m - 1) }
    let xtx = try Cholesky(x.times(x, transposeSelf: true))
    var u = x.times(q, transposeSelf: true)
    Cholesky.solveInPlace(factor: xtx.lower, &u)
    guard let utuInv = try? Cholesky(u.times(u, transposeSelf: true)).inverse else {
      throw FactorAnalysisFailure(description: "promax met uncorrelated factors that make its target singular; use oblimin")
    }
    for j in 0..<k { let s = utuInv[j, j].squareRoot(); for i in 0..<k { u[i, j] *= s } }
    var z = x * u
    let full = t * u
    let ui = try LU(full).inverse
    let phi = ui.times(ui, transposeOther: true)
    for i in 0..<p { for j in 0..<k { z[i, j] *= h[i] } }
    return Rotated(loadings: z, phi: phi, iterations: vm.iterations, converged: vm.converged)
  }
}
