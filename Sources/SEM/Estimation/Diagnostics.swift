import Foundation
import LinearAlgebra

// What can be wrong with data or a solution, found before or after the fit:
// (nearly) collinear sample covariances, named before the optimizer fails on
// them; and an improper solution (lavaan's lav_object_post_check): a negative
// variance (Heywood case), a non-positive-definite Ψ or Θ, or a latent
// correlation beyond ±1. An improper solution is reported with every output
// (the estimates are shown for diagnosis) and stops the study.

/// A problem of a fitted model's solution or measurement model, typed; its
/// description is the message printed and written to JSON.
public enum SEMDiagnostic: Sendable, Equatable, CustomStringConvertible {
  /// A negative variance estimate; `group` is the group's number with several groups.
  case heywood(variable: String, group: Int?, variance: Double)
  case nonPositiveDefinitePsi(group: String?, smallestEigenvalue: Double)
  case latentCorrelationBeyondOne(first: String, second: String, group: String?, correlation: Double)
  case nonPositiveDefiniteTheta(group: String?, smallestEigenvalue: Double)
  /// Not improper, but CR and AVE assume positive loadings.
  case negativeLoadings(factor: String, items: [String])

  /// Whether the solution is improper (lavaan's post.check fails).
  public var isImproper: Bool {
    if case .negativeLoadings = self { return false }
    return true
  }

  public var description: String { messages.en }

  /// The message in Chinese (the output's --lang zh).
  public var chinese: String { messages.zh }

  /// The message in the output's language.
  public func message(chinese: Bool) -> String { chinese ? messages.zh : messages.en }

  /// Both languages from one place, so the two say the same.
  var messages: (en: String, zh: String) {
    func inGroup(_ g: String?) -> (en: String, zh: String) { (g.map { " in group '\($0)'" } ?? "", g.map { "（组 “\($0)”）" } ?? "") }
    switch self {
    case .heywood(let v, let g, let variance):
      let x = String(format: "%.4g", variance)
      return ("Heywood case: the variance of '\(v)'\(g.map { " in group \($0)" } ?? "") is negative (\(x)); the solution is improper",
              "Heywood 案例：“\(v)”\(g.map { "（第 \($0) 组）" } ?? "")的方差为负（\(x)），解不适当（improper）")
    case .nonPositiveDefinitePsi(let g, let e):
      let (at, x) = (inGroup(g), String(format: "%.3g", e))
      return ("the covariance matrix of the latent variables (Ψ)\(at.en) is not positive definite (smallest eigenvalue \(x))",
              "潜变量协方差矩阵（Ψ）\(at.zh)非正定（最小特征值 \(x)）")
    case .latentCorrelationBeyondOne(let a, let b, let g, let r):
      let (at, x) = (inGroup(g), String(format: "%.3f", r))
      return ("the correlation of '\(a)' and '\(b)'\(at.en) is \(x), beyond ±1", "“\(a)”与“\(b)”\(at.zh)的相关为 \(x)，超出 ±1")
    case .nonPositiveDefiniteTheta(let g, let e):
      let (at, x) = (inGroup(g), String(format: "%.3g", e))
      return ("the residual covariance matrix of the observed variables (Θ)\(at.en) is not positive definite (smallest eigenvalue \(x))",
              "观测变量的残差协方差矩阵（Θ）\(at.zh)非正定（最小特征值 \(x)）")
    case .negativeLoadings(let factor, let items):
      return ("factor '\(factor)' has negative loadings (\(items.joined(separator: ", "))): reverse-code those items before reading CR",
              "因子“\(factor)”有负载荷（\(items.joined(separator: "、"))）：解读 CR 之前请先对这些题目反向计分")
    }
  }
}

/// Variables that are (nearly) linearly dependent in a sample covariance matrix:
/// the smallest over the largest eigenvalue of its correlation matrix and the set.
struct CollinearSet: Sendable {
  let ratio: Double
  let names: [String]
}

enum Diagnostics {
  /// The loosest threshold on the eigenvalue ratio any check uses.
  static let collinearityScreen = 1e-6

  /// The collinearity of a group's sample covariance matrix (scale-free, so the
  /// same for S and the unbiased S), made once with the data.
  static func collinearity(_ d: GroupData) -> CollinearSet? {
    d.collinearity.get { collinearity(d.moments.covariance, names: d.moments.names, below: collinearityScreen) }
  }

  /// The smallest over the largest eigenvalue of S's correlation matrix, and the
  /// variables with large weights (≥ 0.3 of the largest) in the smallest
  /// eigenvalue's eigenvector: the set that is (nearly) linearly dependent;
  /// nil unless the ratio is below `threshold`.
  static func collinearity(_ s: Matrix, names: [String], below threshold: Double) -> CollinearSet? {
    let p = s.rows
    guard p > 1, (0..<p).allSatisfy({ s[$0, $0] > 0 }) else { return nil }
    var r = Matrix(rows: p, columns: p)
    for j in 0..<p { for i in 0..<p { r[i, j] = s[i, j] / (s[i, i] * s[j, j]).squareRoot() } }
    // Most matrices are far from singular, which a Cholesky factor shows at a
    // tenth of the eigenvalues' cost: λ_max ≤ tr R = p and λ_min ≥ 1/tr R⁻¹,
    // with tr R⁻¹ = ‖L⁻¹‖²_F, so the ratio is at least 1/(p·tr R⁻¹).
    if let c = try? Cholesky(r) {
      let inverse = c.inverse
      let trace = (0..<p).reduce(0.0) { $0 + inverse[$1, $1] }
      if trace > 0, 1 / (Double(p) * trace) >= threshold { return nil }
    }
    guard let e = try? SymmetricEigen(r), let largest = e.values.first, let smallest = e.values.last, largest > 0 else { return nil }
    let v = e.vectors.column(p - 1)
    let top = v.map(abs).max() ?? 0
    let set = (0..<p).filter { abs(v[$0]) >= 0.3 * top }.sorted { abs(v[$0]) > abs(v[$1]) }.map { names[$0] }
    let ratio = max(smallest, 0) / largest
    return ratio < threshold ? CollinearSet(ratio: ratio, names: set) : nil
  }


  /// Heywood cases, non-positive-definite Ψ or Θ and latent correlations beyond ±1 (lavaan's post.check).
  static func improperSolution(_ f: FittedModel) -> [SEMDiagnostic] {
    var w: [SEMDiagnostic] = []
    for r in f.table.rows where r.isVariance && r.free > 0 && f.theta[r.free - 1] < 0 {
      w.append(.heywood(variable: r.lhs, group: f.groups.count > 1 ? r.group : nil, variance: f.theta[r.free - 1]))
    }
    for group in f.groups {
      let ws = group.implied
      let lvCount = group.layout.latentCount
      let label = f.groups.count > 1 ? group.label : nil
      if lvCount > 0 {
        var psiLV = Matrix(rows: lvCount, columns: lvCount)
        for i in 0..<lvCount { for j in 0..<lvCount { psiLV[i, j] = ws.psi[i, j] } }
        if let smallest = smallestNegativeEigenvalue(psiLV) {
          w.append(.nonPositiveDefinitePsi(group: label, smallestEigenvalue: smallest))
        }
      }
      for i in 0..<lvCount {
        for j in 0..<i where ws.psi[i, i] > 0 && ws.psi[j, j] > 0 {
          let r = ws.psi[i, j] / (ws.psi[i, i] * ws.psi[j, j]).squareRoot()
          if abs(r) > 1 {
            w.append(.latentCorrelationBeyondOne(first: group.layout.eta[j], second: group.layout.eta[i], group: label, correlation: r))
          }
        }
      }
      if let smallest = smallestNegativeEigenvalue(ws.theta) {
        w.append(.nonPositiveDefiniteTheta(group: label, smallestEigenvalue: smallest))
      }
    }
    return w
  }

  /// The smallest eigenvalue where it is below −1e-10, else nil. A matrix
  /// whose Cholesky factor exists is positive definite: no eigenvalues needed.
  static func smallestNegativeEigenvalue(_ a: Matrix) -> Double? {
    if (try? Cholesky(a)) != nil { return nil }
    guard let e = try? SymmetricEigen(a, vectors: false), let smallest = e.values.last, smallest < -1e-10 else { return nil }
    return smallest
  }
}
