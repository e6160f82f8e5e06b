import _Core
import Optimization
import Foundation
import LinearAlgebra
import Survey

// Factor extraction from a correlation matrix R (p items, k factors), as psych
// 2.2.9 computes it:
//   pca     psych::principal: L = V_k Λ_k^½ from the eigen decomposition of R.
//   pa      psych::fa(fm = "pa"): principal axis factoring from SMC
//           communalities, iterating h² ← diag(L Lᵀ), L from the eigen
//           decomposition of R with h² on its diagonal, until the sum of
//           communalities changes by less than min.err = 0.001 or 50 steps —
//           psych's own stopping rule, kept so the numbers are psych's.
//   minres  psych::fa(fm = "minres"), Harman's minimum residual:
//           min over L of Σ_{i≠j} (rᵢⱼ − (LLᵀ)ᵢⱼ)², which equals unweighted
//           least squares over (L, ψ) and, concentrated in ψ,
//             F(ψ) = Σ_{j>k} λⱼ(R − Ψ)²,  ∂F/∂ψᵢ = −2 Σ_{j>k} λⱼ vᵢⱼ²
//           (the discarded eigenvalues of the reduced matrix); solved to a
//           tight optimum from ψ = 1 − SMC (psych's start) and reported as psych
//           does, L = V_k Λ_k^½ of R − diag(ψ).
//   ml      psych::fa(fm = "ml"), Jöreskog's (1967) concentrated likelihood
//           over the uniquenesses ψ, as stats::factanal:
//             F(ψ) = −Σ_{j>k} (ln eⱼ − eⱼ) − k + p,  e = eig(Ψ^-½ R Ψ^-½),
//             ∂F/∂ψ = diag(ΛΛᵀ + Ψ − R)/ψ²,  Λ = Ψ^½ V_k (E_k − I)^½.
// After extraction every factor's loadings are made to sum positive (psych).
// psych bounds ψ to [0.005, 1] for minres and ml (L-BFGS-B); so does this file
// (BoundedMinimizer.swift), from psych's start ψ = 1 − smc. A solution that
// reaches the lower bound is a Heywood case, reported as a warning.
// Fit of the k-factor model (psych's fa.stats, for every method):
//   M = LΦLᵀ with unit diagonal; objective = tr(M⁻¹R) − ln|M⁻¹R| − p;
//   χ² = objective·(N − 1 − (2p + 5)/6 − 2k/3) (Bartlett's correction),
//   df = p(p − 1)/2 − pk + k(k − 1)/2.

public enum ExtractionMethod: String, Sendable, Codable, CaseIterable {
  case pca, pa, minres, ml
}

public struct Extraction: Sendable {
  public var method: ExtractionMethod
  /// p × k, unrotated.
  public var loadings: Matrix
  /// Eigenvalues of R with the communalities on the diagonal (psych's `values`);
  /// for pca the eigenvalues of R.
  public var values: [Double]
  public var iterations: Int
  public var converged: Bool
  public var warnings: [Warning]
}

/// A statistical failure of extraction or rotation: exit status 1.
public struct FactorAnalysisFailure: Error, CustomStringConvertible, Sendable {
  public var description: String
  public var settings: [Setting]
  public init(description: String, settings: [Setting] = []) {
    self.description = description
    self.settings = settings
  }
}

public enum Extract {
  public static let heywoodBound = 0.005

  public static func run(_ r: Matrix, factors k: Int, method: ExtractionMethod, names: [String]) throws -> Extraction {
    var out: Extraction
    switch method {
    case .pca: out = try principal(r, k)
    case .pa: out = try principalAxis(r, k)
    case .minres: out = try minres(r, k)
    case .ml: out = try maximumLikelihood(r, k)
    }
    signColumnsPositive(&out.loadings)
    if method != .pca {
      for i in 0..<r.rows {
        var h2 = 0.0
        for f in 0..<k { h2 += out.loadings[i, f] * out.loadings[i, f] }
        if 1 - h2 < heywoodBound - 1e-9 {
          out.warnings.append(Warning(
            en: "Heywood case: the communality of '\(names[i])' is \(String(format: "%.3f", h2)) (uniqueness below \(heywoodBound)); the solution is improper",
            zh: "Heywood 情形：'\(names[i])' 的共同度为 \(String(format: "%.3f", h2))（独特性低于 \(heywoodBound)），解不适当", improper: true))
        }
      }
    }
    return out
  }

  /// Top-k eigenpairs as loadings V Λ^½ (negative eigenvalues: failure).
  static func eigenLoadings(_ a: Matrix, _ k: Int, clampNegative: Bool) throws -> (loadings: Matrix, values: [Double]) {
    let e = try SymmetricEigen(a)
    var l = Matrix(rows: a.rows, columns: k)
    for f in 0..<k {
      var v = e.values[f]
      if v < 0 {
        guard clampNegative else {
          throw FactorAnalysisFailure(description: "principal axis factoring met a negative eigenvalue (\(String(format: "%.3g", v))) for factor \(f + 1): too many factors for these items; extract fewer or use minres")
        }
        v = 0
      }
      let s = v.squareRoot()
      for i in 0..<a.rows { l[i, f] = e.vectors[i, f] * s }
    }
    return (l, e.values)
  }

  static func principal(_ r: Matrix, _ k: Int) throws -> Extraction {
    let (l, values) = try eigenLoadings(r, k, clampNegative: false)
    return Extraction(method: .pca, loadings: l, values: values, iterations: 0, converged: true, warnings: [])
  }

  static func withDiagonal(_ r: Matrix, _ d: [Double]) -> Matrix {
    var a = r
    for i in 0..<r.rows { a[i, i] = d[i] }
    return a
  }

  static func rowSumsOfSquares(_ l: Matrix) -> [Double] {
    (0..<l.rows).map { i in (0..<l.columns).reduce(0) { $0 + l[i, $1] * l[i, $1] } }
  }

  static func principalAxis(_ r: Matrix, _ k: Int, minErr: Double = 0.001, maxIter: Int = 50) throws -> Extraction {
    var h2 = squaredMultipleCorrelations(r)
    var comm = h2.reduce(0, +)
    var err = comm
    var i = 1
    var loadings = Matrix(rows: r.rows, columns: k)
    var converged = true
    while err > minErr {
      loadings = try eigenLoadings(withDiagonal(r, h2), k, clampNegative: false).loadings
      h2 = rowSumsOfSquares(loadings)
      let comm1 = h2.reduce(0, +)
      err = abs(comm - comm1)
      comm = comm1
      i += 1
      if i > maxIter { converged = err <= minErr; break }
    }
    let values = try SymmetricEigen(withDiagonal(r, h2), vectors: false).values
    var warnings: [Warning] = []
    if !converged {
      warnings.append(Warning(
        en: "principal axis factoring reached psych's limit of \(maxIter) iterations (the sum of communalities still changed by \(String(format: "%.2g", err)))",
        zh: "主轴因子法达到 psych 的迭代上限 \(maxIter) 次（共同度之和仍变化 \(String(format: "%.2g", err))）"))
    }
    return Extraction(method: .pa, loadings: loadings, values: values, iterations: i - 1, converged: converged, warnings: warnings)
  }

  static func minres(_ r: Matrix, _ k: Int) throws -> Extraction {
    let p = r.rows
    // F(ψ) = Σ_{j>k} λⱼ(R − Ψ)², ∂F/∂ψᵢ = −2 Σ_{j>k} λⱼ vᵢⱼ²: p parameters and
    // no rotational indeterminacy, unlike a search over L.
    let start = startingUniquenesses(r)
    var a = r
    let result = BoundedMinimizer.minimize(x0: start, lower: heywoodBound, upper: 1) { psi, g in
      for i in 0..<p { a[i, i] = r[i, i] - psi[i] }
      guard let e = try? SymmetricEigen(a) else { return .infinity }
      var f = 0.0
      for i in 0..<p { g[i] = 0 }
      for j in k..<p {
        let l = e.values[j]
        f += l * l
        for i in 0..<p { g[i] -= 2 * l * e.vectors[i, j] * e.vectors[i, j] }
      }
      return f
    }
    guard result.converged else { throw notConverged(.minres, result, k) }
    let reduced = withDiagonal(r, (0..<p).map { r[$0, $0] - result.x[$0] })
    let (l, _) = try eigenLoadings(reduced, k, clampNegative: true)
    let values = try SymmetricEigen(withDiagonal(r, rowSumsOfSquares(l)), vectors: false).values
    return Extraction(method: .minres, loadings: l, values: values, iterations: result.iterations, converged: true,
                      warnings: boundWarnings(result.x))
  }

  /// The ML loadings Λ = Ψ^½ V_k (E_k − I)^½ for uniquenesses ψ, and F(ψ).
  static func mlLoadings(_ r: Matrix, _ psi: [Double], _ k: Int) -> (loadings: Matrix, f: Double)? {
    let p = r.rows
    guard psi.allSatisfy({ $0 > 0 }) else { return nil }
    let sc = psi.map { 1 / $0.squareRoot() }
    var s = Matrix(rows: p, columns: p)
    for j in 0..<p { for i in 0..<p { s[i, j] = sc[i] * r[i, j] * sc[j] } }
    guard let e = try? SymmetricEigen(s) else { return nil }
    var f = 0.0
    for j in k..<p {
      guard e.values[j] > 0 else { return nil }
      f += log(e.values[j]) - e.values[j]
    }
    var l = Matrix(rows: p, columns: k)
    for c in 0..<k {
      let w = max(e.values[c] - 1, 0).squareRoot()
      for i in 0..<p { l[i, c] = psi[i].squareRoot() * e.vectors[i, c] * w }
    }
    return (l, -(f - Double(k) + Double(p)))
  }

  static func maximumLikelihood(_ r: Matrix, _ k: Int) throws -> Extraction {
    let p = r.rows
    let result = BoundedMinimizer.minimize(x0: startingUniquenesses(r), lower: heywoodBound, upper: 1) { psi, g in
      guard let (l, f) = mlLoadings(r, psi, k) else { return .infinity }
      for i in 0..<p {
        var ll = 0.0
        for c in 0..<k { ll += l[i, c] * l[i, c] }
        g[i] = (ll + psi[i] - r[i, i]) / (psi[i] * psi[i])
      }
      return f
    }
    guard result.converged, let (l, _) = mlLoadings(r, result.x, k) else { throw notConverged(.ml, result, k) }
    let values = try SymmetricEigen(withDiagonal(r, rowSumsOfSquares(l)), vectors: false).values
    return Extraction(method: .ml, loadings: l, values: values, iterations: result.iterations, converged: true,
                      warnings: boundWarnings(result.x))
  }

  /// psych's start: ψ = diag(R) − smc, inside the box.
  static func startingUniquenesses(_ r: Matrix) -> [Double] {
    let smc = squaredMultipleCorrelations(r)
    return (0..<r.rows).map { i in smc[i].isFinite ? min(max(r[i, i] - smc[i], heywoodBound), 1) : 0.5 }
  }

  static func notConverged(_ method: ExtractionMethod, _ result: BoundedResult, _ k: Int) -> FactorAnalysisFailure {
    let name = method == .ml ? "maximum likelihood" : method.rawValue
    let others = ExtractionMethod.allCases.filter { $0 != method }.map(\.rawValue).joined(separator: ", ")
    return FactorAnalysisFailure(description: "\(name) extraction of \(k) factor\(k == 1 ? "" : "s") did not converge after \(result.iterations) iterations (projected gradient \(String(format: "%.3g", result.projectedGradient)) at F = \(String(format: "%.6g", result.value))); try another extraction method (\(others)) or fewer factors", settings: [.extraction, .factors])
  }

  /// Uniquenesses held at psych's lower bound.
  static func boundWarnings(_ psi: [Double]) -> [Warning] {
    let n = psi.filter { $0 <= heywoodBound * (1 + 1e-9) }.count
    return n == 0 ? [] : [Warning(en: "\(n) uniqueness\(n == 1 ? "" : "es") reached psych's lower bound \(heywoodBound)",
                                  zh: "\(n) 个独特性达到 psych 的下限 \(heywoodBound)")]
  }

  /// psych: sign(colSums(L)), zero counted as positive.
  static func signColumnsPositive(_ l: inout Matrix) {
    for c in 0..<l.columns {
      var s = 0.0
      for i in 0..<l.rows { s += l[i, c] }
      if s < 0 { for i in 0..<l.rows { l[i, c] = -l[i, c] } }
    }
  }
}

extension FactorAnalysisFailure: ClassifiedError {
  public var failureKind: FailureKind { .statistical }
}
