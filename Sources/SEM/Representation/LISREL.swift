import LinearAlgebra

// The LISREL "all-y" representation lavaan uses (lavaan's lav_model):
//   Σ(θ) = Λ (I − B)⁻¹ Ψ (I − B)⁻ᵀ Λᵀ + Θ
// η holds the latent variables and, as "dummy" latent variables, every
// observed variable that takes part in a regression (with Λ = 1 and Θ = 0 for
// it), so one B carries regressions among latent and observed variables alike,
// and a loading on such a variable (or on a first-order factor, for a
// second-order factor) is an element of B.
// With a mean structure, μ(θ) = ν + Λ(I − B)⁻¹α: ν holds the intercepts of
// observed indicators, α the means of latent variables and the intercepts of
// the dummies. With several groups, each group has its own matrices, filled
// from the one θ (rows of the parameter table carry their group).

enum ModelMatrix: Int, Sendable, Codable {
  case lambda, theta, psi, beta, nu, alpha
}

/// Where a parameter-table row lives: matrix, row, column (symmetric ones once).
struct MatrixEntry: Sendable, Equatable {
  var matrix: ModelMatrix
  var row: Int
  var column: Int
  /// Index into the parameter table.
  var tableRow: Int
}

public struct LISRELLayout: Sendable {
  public let observed: [String]
  public let eta: [String]
  public let latentCount: Int
  /// η index of each observed variable that is a dummy latent variable.
  public let dummy: [String: Int]
  /// Entries of free parameters, with the free index (0-based) of each.
  let freeEntries: [(entry: MatrixEntry, parameter: Int)]
  /// Fixed entries and their values (fixed.x values are filled from the sample).
  var fixedEntries: [(entry: MatrixEntry, value: Double)]
  public let freeCount: Int
  public var p: Int { observed.count }
  public var m: Int { eta.count }
  /// True when B has any non-zero (free or fixed) element.
  public let hasBeta: Bool
  public let meanstructure: Bool
  public let group: Int

  public init(table: ParameterTable, group: Int = 1) throws(SyntaxError) {
    let roles = table.roles
    let observed = roles.observed
    let lvSet = Set(roles.latent)
    // Dummies: observed variables in a regression, then the closure over ~~
    // (a residual covariance between a dummy and a plain observed variable
    // makes the other a dummy too).
    var dummies = Set(table.rows.filter { $0.op == .regression && $0.group == group }.flatMap { [$0.lhs, $0.rhs] }.filter { !lvSet.contains($0) })
    var changed = true
    while changed {
      changed = false
      for r in table.rows where r.op == .covariance && r.lhs != r.rhs && r.group == group {
        let a = r.lhs, b = r.rhs
        if lvSet.contains(a) != lvSet.contains(b) {
          // A latent with an observed variable: the observed one must be in η.
          let o = lvSet.contains(a) ? b : a
          if !dummies.contains(o) { dummies.insert(o); changed = true }
        } else if !lvSet.contains(a), dummies.contains(a) != dummies.contains(b) {
          dummies.insert(a); dummies.insert(b); changed = true
        }
      }
    }
    let dummyList = observed.filter { dummies.contains($0) }
    let eta = roles.latent + dummyList
    var etaIndex: [String: Int] = [:]
    for (k, n) in eta.enumerated() { etaIndex[n] = k }
    var ovIndex: [String: Int] = [:]
    for (k, n) in observed.enumerated() { ovIndex[n] = k }
    var dummy: [String: Int] = [:]
    for n in dummyList { dummy[n] = etaIndex[n]! }

    var free: [(MatrixEntry, Int)] = []
    var fixed: [(MatrixEntry, Double)] = []
    var beta = false
    for (k, r) in table.rows.enumerated() where r.op != .defined && r.op != .threshold && r.op != .scale && r.group == group {
      let e: MatrixEntry
      switch r.op {
      case .measuredBy:
        if let y = ovIndex[r.rhs], dummy[r.rhs] == nil {
          e = MatrixEntry(matrix: .lambda, row: y, column: etaIndex[r.lhs]!, tableRow: k)
        } else {
          e = MatrixEntry(matrix: .beta, row: etaIndex[r.rhs]!, column: etaIndex[r.lhs]!, tableRow: k)
          beta = true
        }
      case .regression:
        e = MatrixEntry(matrix: .beta, row: etaIndex[r.lhs]!, column: etaIndex[r.rhs]!, tableRow: k)
        beta = true
      case .covariance:
        if let i = etaIndex[r.lhs], let j = etaIndex[r.rhs] {
          e = MatrixEntry(matrix: .psi, row: max(i, j), column: min(i, j), tableRow: k)
        } else {
          let i = ovIndex[r.lhs]!, j = ovIndex[r.rhs]!
          e = MatrixEntry(matrix: .theta, row: max(i, j), column: min(i, j), tableRow: k)
        }
      case .intercept:
        if let y = ovIndex[r.lhs], dummy[r.lhs] == nil {
          e = MatrixEntry(matrix: .nu, row: y, column: 0, tableRow: k)
        } else {
          e = MatrixEntry(matrix: .alpha, row: etaIndex[r.lhs]!, column: 0, tableRow: k)
        }
      default:
        throw SyntaxError(line: r.line, column: 1, "'\(r.lhs) \(r.op) \(r.rhs)' cannot be placed in the model matrices")
      }
      if r.free > 0 { free.append((e, r.free - 1)) } else { fixed.append((e, r.ustart ?? 0)) }
    }
    // The dummies' unit loadings.
    for n in dummyList {
      fixed.append((MatrixEntry(matrix: .lambda, row: ovIndex[n]!, column: etaIndex[n]!, tableRow: -1), 1))
    }
    self.observed = observed
    self.eta = eta
    self.latentCount = roles.latent.count
    self.dummy = dummy
    self.freeEntries = free
    self.fixedEntries = fixed
    self.freeCount = table.freeCount
    self.hasBeta = beta
    self.meanstructure = table.meanstructure
    self.group = group
  }
}

/// Matrices of one model evaluation, preallocated once per fit so that an
/// evaluation of Σ(θ), F and ∇F allocates nothing.
final class LISRELWorkspace {
  let layout: LISRELLayout
  var lambda, theta, psi, beta: Matrix
  /// A = (I − B)⁻¹, ΛA, ΛΦ = ΛAΨAᵀ, Σ.
  var a, la, lphi, sigma: Matrix
  /// ν, α, Aα and μ (p × 1, m × 1); zero without a mean structure.
  var nu, alpha, aAlpha, mu: Matrix
  var iminusB: Matrix
  var pivots: [Int32]
  var tmpPM: Matrix

  init(layout: LISRELLayout) {
    self.layout = layout
    let p = layout.p, m = layout.m
    lambda = Matrix(rows: p, columns: m)
    theta = Matrix(rows: p, columns: p)
    psi = Matrix(rows: m, columns: m)
    beta = Matrix(rows: m, columns: m)
    a = Matrix.identity(m)
    la = Matrix(rows: p, columns: m)
    lphi = Matrix(rows: p, columns: m)
    sigma = Matrix(rows: p, columns: p)
    nu = Matrix(rows: p, columns: 1)
    alpha = Matrix(rows: m, columns: 1)
    aAlpha = Matrix(rows: m, columns: 1)
    mu = Matrix(rows: p, columns: 1)
    iminusB = Matrix(rows: m, columns: m)
    pivots = [Int32](repeating: 0, count: m)
    tmpPM = Matrix(rows: p, columns: m)
  }

  @inline(__always)
  func set(_ e: MatrixEntry, _ v: Double) {
    switch e.matrix {
    case .lambda: lambda[e.row, e.column] = v
    case .beta: beta[e.row, e.column] = v
    case .theta: theta[e.row, e.column] = v; theta[e.column, e.row] = v
    case .psi: psi[e.row, e.column] = v; psi[e.column, e.row] = v
    case .nu: nu[e.row, 0] = v
    case .alpha: alpha[e.row, 0] = v
    }
  }

  /// Fills the model matrices from θ (free parameters, 0-based).
  func fill(_ theta: [Double]) {
    for (e, v) in layout.fixedEntries { set(e, v) }
    for (e, k) in layout.freeEntries { set(e, theta[k]) }
  }

  /// Σ(θ) after `fill`. False when I − B is singular (a non-recursive model
  /// at an impossible point), so the caller can treat the point as infeasible.
  @discardableResult
  func computeSigma() -> Bool {
    let m = layout.m
    if layout.hasBeta {
      for j in 0..<m { for i in 0..<m { iminusB[i, j] = (i == j ? 1 : 0) - beta[i, j] } }
      for j in 0..<m { for i in 0..<m { a[i, j] = i == j ? 1 : 0 } }
      guard LU.solveInPlace(&iminusB, &a, pivots: &pivots) else { return false }
    }
    Matrix.multiply(lambda, a, into: &la)
    Matrix.multiply(la, psi, into: &tmpPM)
    // ΛΦ = (ΛA)Ψ Aᵀ; Σ = (ΛA)Ψ(ΛA)ᵀ + Θ.
    Matrix.multiply(tmpPM, a, into: &lphi, transposeB: true)
    sigma.overwrite(with: theta)
    Matrix.multiply(tmpPM, la, into: &sigma, transposeB: true, beta: 1)
    if layout.meanstructure {
      Matrix.multiply(a, alpha, into: &aAlpha)
      mu.overwrite(with: nu)
      Matrix.multiply(la, alpha, into: &mu, beta: 1)
    }
    return true
  }

  /// Φ = AΨAᵀ, the model-implied covariance of η.
  var phi: Matrix {
    a * psi * a.transposed
  }
}
