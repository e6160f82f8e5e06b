import _Core
import Distributions
import LinearAlgebra

// Ordinary least squares (R's lm; SPSS REGRESSION) from the normal equations
// solved by Cholesky — the designs here have a handful of columns, and the
// bootstrap refits them thousands of times:
//   b = (XᵀX)⁻¹Xᵀy,  e = y − Xb,  σ̂² = eᵀe/(n − p),  Var(b) = σ̂²(XᵀX)⁻¹;
//   R² = 1 − RSS/TSS (TSS about the mean; the model has an intercept),
//   adjusted R² = 1 − (1 − R²)(n − 1)/(n − p),  F = (R²/(p − 1))/((1 − R²)/(n − p));
//   HC3 (MacKinnon & White 1985; sandwich::vcovHC(type = "HC3")):
//     Var(b) = (XᵀX)⁻¹ Xᵀ diag(eᵢ²/(1 − hᵢ)²) X (XᵀX)⁻¹,  hᵢ = xᵢᵀ(XᵀX)⁻¹xᵢ;
//   standardised β = b·s_x/s_y (SPSS's Beta);
//   VIF_j = 1/(1 − R_j²) = (R_xx⁻¹)_jj over the predictors' correlations, tolerance = 1/VIF.
// A design whose columns are linearly dependent is bad input naming them.

/// A collinear or otherwise unusable design: exit 2.
public struct DesignError: Error, CustomStringConvertible, Sendable {
  public var description: String
}

public struct OLSFit: Sendable {
  public var names: [String]
  public var b: [Double]
  public var vcov: Matrix
  public var n: Int
  public var rss: Double
  public var tss: Double
  /// (XᵀX)⁻¹, kept for the HC3 sandwich.
  public var xtxInverse: Matrix

  public var p: Int { b.count }
  public var dfResidual: Int { n - p }
  public var sigma2: Double { rss / Double(dfResidual) }
  public var r2: Double { 1 - rss / tss }
  public var adjustedR2: Double { 1 - (1 - r2) * Double(n - 1) / Double(dfResidual) }
  public var F: Double { (r2 / Double(p - 1)) / ((1 - r2) / Double(dfResidual)) }
  public var fPvalue: Double { FisherF(df1: Double(p - 1), df2: Double(dfResidual)).cdf(F, upperTail: true) }

  public func se(_ j: Int) -> Double { vcov[j, j].squareRoot() }
}

public enum OLS {
  /// Least squares of y on the columns of x (n × p, the first the intercept).
  public static func fit(_ x: Matrix, _ y: [Double], names: [String]) throws(DesignError) -> OLSFit {
    let n = x.rows, p = x.columns
    guard n > p else {
      throw DesignError(description: "\(n) complete cases for \(p) coefficients; a regression needs more cases than coefficients")
    }
    let xtx = x.times(x, transposeSelf: true)
    var xty = [Double](repeating: 0, count: p)
    for j in 0..<p { var s = 0.0; for i in 0..<n { s += x[i, j] * y[i] }; xty[j] = s }
    guard let inverse = try? invertSPD(xtx), isWellConditioned(xtx) else {
      throw DesignError(description: collinearity(x, names: names))
    }
    let b = inverse.apply(xty)
    var rss = 0.0, tss = 0.0
    let my = y.reduce(0, +) / Double(n)
    for i in 0..<n {
      var fitted = 0.0
      for j in 0..<p { fitted += x[i, j] * b[j] }
      rss += (y[i] - fitted) * (y[i] - fitted)
      tss += (y[i] - my) * (y[i] - my)
    }
    guard tss > 0 else { throw DesignError(description: "the outcome is constant; there is nothing to explain") }
    return OLSFit(names: names, b: b, vcov: (rss / Double(n - p)) * inverse, n: n, rss: rss, tss: tss, xtxInverse: inverse)
  }

  static func invertSPD(_ a: Matrix) throws -> Matrix { try Cholesky(a).inverse }

  /// Scaled to unit diagonal, the smallest eigenvalue must not vanish.
  static func isWellConditioned(_ a: Matrix) -> Bool {
    let d = (0..<a.rows).map { 1 / a[$0, $0].squareRoot() }
    var s = a
    for j in 0..<a.rows { for i in 0..<a.rows { s[i, j] *= d[i] * d[j] } }
    guard let e = try? SymmetricEigen(s, vectors: false), let small = e.values.last, let large = e.values.first else { return false }
    return small > 1e-10 * large
  }

  /// Names the columns in the null direction of XᵀX.
  static func collinearity(_ x: Matrix, names: [String]) -> String {
    let xtx = x.times(x, transposeSelf: true)
    let d = (0..<xtx.rows).map { xtx[$0, $0] > 0 ? 1 / xtx[$0, $0].squareRoot() : 0 }
    var s = xtx
    for j in 0..<s.rows { for i in 0..<s.rows { s[i, j] *= d[i] * d[j] } }
    if let zero = (0..<x.columns).first(where: { xtx[$0, $0] == 0 }) {
      return "'\(names[zero])' is zero in every complete case"
    }
    guard let e = try? SymmetricEigen(s) else { return "the predictors are linearly dependent" }
    let k = s.rows - 1
    let v = (0..<s.rows).map { abs(e.vectors[$0, k]) }
    let top = v.max() ?? 1
    let involved = (0..<s.rows).filter { v[$0] > 0.1 * top }.map { names[$0] }
    if involved.count == 2 && involved.contains("(Intercept)") {
      return "'\(involved.first { $0 != "(Intercept)" }!)' is constant over the complete cases"
    }
    return "the predictors \(involved.filter { $0 != "(Intercept)" }.map { "'\($0)'" }.joined(separator: ", ")) are perfectly collinear (one is a combination of the others); drop one"
  }

  /// sandwich::vcovHC(type = "HC3").
  public static func hc3(_ fit: OLSFit, _ x: Matrix, _ y: [Double]) -> Matrix {
    let n = x.rows, p = x.columns
    var meat = Matrix(rows: p, columns: p)
    let bread = fit.xtxInverse
    for i in 0..<n {
      let xi = (0..<p).map { x[i, $0] }
      var e = y[i]
      for j in 0..<p { e -= xi[j] * fit.b[j] }
      let bx = bread.apply(xi)
      var h = 0.0
      for j in 0..<p { h += xi[j] * bx[j] }
      let w = e * e / ((1 - h) * (1 - h))
      for c in 0..<p { for r in 0..<p { meat[r, c] += w * xi[r] * xi[c] } }
    }
    return bread * meat * bread
  }

  /// VIF of each predictor (the intercept excluded) from the predictors' correlations.
  public static func vif(_ x: Matrix) -> [Double] {
    let n = x.rows, p = x.columns - 1
    guard p > 1 else { return p == 1 ? [1] : [] }
    var c = Matrix(rows: n, columns: p)
    for j in 0..<p {
      let m = (0..<n).reduce(0) { $0 + x[$1, j + 1] } / Double(n)
      for i in 0..<n { c[i, j] = x[i, j + 1] - m }
    }
    var r = c.times(c, transposeSelf: true)
    let d = (0..<p).map { 1 / r[$0, $0].squareRoot() }
    for j in 0..<p { for i in 0..<p { r[i, j] *= d[i] * d[j] } }
    guard let inv = try? Cholesky(r).inverse else { return Array(repeating: .infinity, count: p) }
    return (0..<p).map { inv[$0, $0] }
  }
}

extension DesignError: ClassifiedError {
  /// A design the data cannot support (collinear, too few cases) is the user's to change.
  public var failureKind: FailureKind { .badInput }
}
