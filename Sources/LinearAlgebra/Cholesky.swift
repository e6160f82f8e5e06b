import CLapack

// Cholesky factorization A = L·Lᵀ of a symmetric positive-definite matrix
// (LAPACK dpotrf), with log|A| = 2·Σ log Lᵢᵢ, solves (dpotrs), the inverse
// (L⁻ᵀL⁻¹, TriangularInverse.swift) and a reciprocal condition estimate in the 1-norm (dpocon).

public struct Cholesky: Sendable {
  /// The lower-triangular factor L (the strict upper triangle is zero).
  public let lower: Matrix
  /// The original matrix (shared storage, not a copy), for the condition estimate's 1-norm.
  private let original: Matrix

  public init(_ a: Matrix) throws(LinearAlgebraError) {
    guard a.isSquare else { throw .dimensionMismatch("Cholesky needs a square matrix, got \(a.rows)×\(a.columns)") }
    var f = a
    original = a
    try Cholesky.factorInPlace(&f)
    let n = f.rows
    f.elements.withUnsafeMutableBufferPointer { e in for j in 0..<n { for i in 0..<j { e[j * n + i] = 0 } } }
    lower = f
  }

  /// Overwrites the lower triangle of `a` with L; the upper triangle is left as it was.
  /// For hot loops: no allocation.
  public static func factorInPlace(_ a: inout Matrix) throws(LinearAlgebraError) {
    let info = factorInPlaceInfo(&a)
    if info > 0 { throw .notPositiveDefinite(leadingMinor: info) }
  }

  /// As `factorInPlace`, returning LAPACK's info (0 success, k > 0 minor k not PD)
  /// so that an objective function can return +∞ without throwing.
  @inline(__always)
  public static func factorInPlaceInfo(_ a: inout Matrix) -> Int {
    _ensureBLASConfigured()
    precondition(a.isSquare)
    let n = a.rows
    if n == 0 { return 0 }
    if ParallelWork.isActive && n <= Small.limit { return a.elements.withUnsafeMutableBufferPointer { Small.potrf($0, n: n) } }
    // The _work entry point: LAPACKE_dpotrf first scans the whole matrix for
    // NaN (as much work as a small factorization); a NaN reaches the diagonal
    // of the factor instead and is reported below as a failed minor.
    return a.elements.withUnsafeMutableBufferPointer { p in
      let info = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), Int32(n), p.baseAddress, Int32(n))
      _checkIllegalArgument(info, "dpotrf")
      if info != 0 { return Int(info) }
      for i in 0..<n where p[i * n + i].isNaN { return i + 1 }
      return 0
    }
  }

  public var dimension: Int { lower.rows }

  /// log|A| = 2·Σ log Lᵢᵢ.
  public var logDeterminant: Double { Cholesky.logDeterminant(ofFactor: lower) }

  /// log|A| from a matrix whose lower triangle holds L.
  @inline(__always)
  public static func logDeterminant(ofFactor l: Matrix) -> Double {
    var s = 0.0
    for i in 0..<l.rows { s += _log(l.elements[i + i * l.rows]) }
    return 2 * s
  }

  /// Solves A·X = B.
  public func solve(_ b: Matrix) throws(LinearAlgebraError) -> Matrix {
    guard b.rows == dimension else { throw .dimensionMismatch("right-hand side has \(b.rows) rows, need \(dimension)") }
    var x = b
    Cholesky.solveInPlace(factor: lower, &x)
    return x
  }

  public func solve(_ b: [Double]) throws(LinearAlgebraError) -> [Double] {
    try solve(Matrix(rows: b.count, columns: 1, columnMajor: b)).elements
  }

  /// B ← A⁻¹·B given L in the lower triangle of `factor`. No allocation.
  public static func solveInPlace(factor: Matrix, _ b: inout Matrix) {
    _ensureBLASConfigured()
    let n = factor.rows
    if n == 0 || b.columns == 0 { return }
    if ParallelWork.isActive && n <= Small.limit {
      factor.elements.withUnsafeBufferPointer { pl in
        b.elements.withUnsafeMutableBufferPointer { pb in Small.potrs(pl, n: n, pb, columns: b.columns) }
      }
      return
    }
    let info = factor.elements.withUnsafeBufferPointer { pl in
      b.elements.withUnsafeMutableBufferPointer { pb in
        LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), Int32(n), Int32(b.columns),
                       pl.baseAddress, Int32(n), pb.baseAddress, Int32(n))
      }
    }
    _checkIllegalArgument(info, "dpotrs")
  }

  /// A⁻¹ (symmetric, both triangles filled).
  public var inverse: Matrix {
    var inv = lower
    let n = lower.rows
    // A workspace only for the lock-free loops (see invertInPlace).
    var work = ParallelWork.isActive && n <= Small.limit ? Matrix(rows: n, columns: n) : Matrix(rows: 0, columns: 0)
    Cholesky.invertInPlace(factor: &inv, workspace: &work)
    return inv
  }

  /// Overwrites L (in the lower triangle) with A⁻¹, both triangles: L⁻¹ and
  /// then L⁻ᵀL⁻¹ (2n³/3 flops, what LAPACK's dpotri computes) by the recursive
  /// level-3 form in TriangularInverse.swift, which took 0.40–0.45 of dpotri's
  /// time from n = 20 to 200 with OpenBLAS 0.3.21 on one thread. `workspace`
  /// (n × n) is used only by the lock-free loops inside `ParallelWork`. No
  /// allocation.
  public static func invertInPlace(factor: inout Matrix, workspace w: inout Matrix) {
    _ensureBLASConfigured()
    let n = factor.rows
    if n == 0 { return }
    if ParallelWork.isActive && n <= Small.limit {
      precondition(w.rows == n && w.columns == n, "invertInPlace: workspace must be \(n)×\(n)")
      factor.elements.withUnsafeMutableBufferPointer { pl in
        w.elements.withUnsafeMutableBufferPointer { pw in Small.potri(pl, n: n, work: pw) }
      }
      return
    }
    factor.elements.withUnsafeMutableBufferPointer { pl in TriangularInverse.potri(pl.baseAddress!, n: n, ld: n) }
    factor.symmetrizeFromLower()
  }

  /// Reciprocal condition number estimate in the 1-norm (near 0: ill-conditioned).
  public var reciprocalCondition: Double {
    _ensureBLASConfigured()
    let n = dimension
    if n == 0 { return 1 }
    var rcond = 0.0
    let info = lower.elements.withUnsafeBufferPointer { p in
      LAPACKE_dpocon(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), Int32(n), p.baseAddress, Int32(n), original.oneNorm, &rcond)
    }
    _checkIllegalArgument(info, "dpocon")
    return rcond
  }
}

extension Matrix {
  /// Inverse of a symmetric positive-definite matrix through its Cholesky factor.
  public func inverseSPD() throws(LinearAlgebraError) -> Matrix {
    try Cholesky(self).inverse
  }
}
