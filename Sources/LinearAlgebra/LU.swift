import CLapack

// LU factorization with partial pivoting, P·A = L·U (LAPACK dgetrf), for
// general square systems: solve (dgetrs), inverse (dgetri), determinant and a
// reciprocal condition estimate in the 1-norm (dgecon).

public struct LU: Sendable {
  /// L (unit lower, below the diagonal) and U (on and above it), packed.
  public let factors: Matrix
  /// Row interchanges, 1-based as LAPACK returns them.
  public let pivots: [Int32]
  private let anorm: Double

  public init(_ a: Matrix) throws(LinearAlgebraError) {
    guard a.isSquare else { throw .dimensionMismatch("LU needs a square matrix, got \(a.rows)×\(a.columns)") }
    _ensureBLASConfigured()
    let n = a.rows
    var f = a
    var ipiv = [Int32](repeating: 0, count: n)
    anorm = (0..<n).reduce(0.0) { best, j in max(best, (0..<n).reduce(0.0) { $0 + abs(a[$1, j]) }) }
    if n > 0 {
      let info = f.elements.withUnsafeMutableBufferPointer { p in
        LAPACKE_dgetrf(LAPACK_COL_MAJOR, Int32(n), Int32(n), p.baseAddress, Int32(n), &ipiv)
      }
      _checkIllegalArgument(info, "dgetrf")
      if info > 0 { throw .singular(pivot: Int(info)) }
    }
    factors = f
    pivots = ipiv
  }

  public var dimension: Int { factors.rows }

  /// Solves A X = B in place (LAPACK dgesv): A is overwritten by its LU
  /// factors, B by X, `pivots` (length n) by the row interchanges. Returns
  /// false when A is singular. No allocation, for inner loops.
  public static func solveInPlace(_ a: inout Matrix, _ b: inout Matrix, pivots: inout [Int32]) -> Bool {
    precondition(a.isSquare && b.rows == a.rows && pivots.count == a.rows, "LU.solveInPlace: shapes do not match")
    _ensureBLASConfigured()
    let n = a.rows
    if n == 0 { return true }
    if ParallelWork.isActive && n <= Small.limit {
      let columns = b.columns
      return a.elements.withUnsafeMutableBufferPointer { pa in
        b.elements.withUnsafeMutableBufferPointer { pb in
          pivots.withUnsafeMutableBufferPointer { pp in Small.gesv(pa, n: n, pb, columns: columns, pivots: pp) }
        }
      }
    }
    let info = a.elements.withUnsafeMutableBufferPointer { pa in
      b.elements.withUnsafeMutableBufferPointer { pb in
        pivots.withUnsafeMutableBufferPointer { pp in
          LAPACKE_dgesv(LAPACK_COL_MAJOR, Int32(n), Int32(b.columns), pa.baseAddress, Int32(n), pp.baseAddress, pb.baseAddress, Int32(n))
        }
      }
    }
    _checkIllegalArgument(info, "dgesv")
    return info == 0
  }

  public var determinant: Double {
    var d = 1.0
    for i in 0..<dimension {
      d *= factors[i, i]
      if pivots[i] != Int32(i + 1) { d = -d }
    }
    return d
  }

  /// log|det A| and the sign of det A.
  public var logAbsDeterminant: (value: Double, sign: Double) {
    var s = 0.0, sign = 1.0
    for i in 0..<dimension {
      let u = factors[i, i]
      s += _log(abs(u))
      if u < 0 { sign = -sign }
      if pivots[i] != Int32(i + 1) { sign = -sign }
    }
    return (s, sign)
  }

  public func solve(_ b: Matrix) throws(LinearAlgebraError) -> Matrix {
    guard b.rows == dimension else { throw .dimensionMismatch("right-hand side has \(b.rows) rows, need \(dimension)") }
    var x = b
    let n = dimension
    if n == 0 || b.columns == 0 { return x }
    let info = factors.elements.withUnsafeBufferPointer { pf in
      x.elements.withUnsafeMutableBufferPointer { px in
        LAPACKE_dgetrs(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), Int32(n), Int32(b.columns),
                       pf.baseAddress, Int32(n), pivots, px.baseAddress, Int32(n))
      }
    }
    _checkIllegalArgument(info, "dgetrs")
    return x
  }

  public func solve(_ b: [Double]) throws(LinearAlgebraError) -> [Double] {
    try solve(Matrix(rows: b.count, columns: 1, columnMajor: b)).elements
  }

  public var inverse: Matrix {
    var inv = factors
    let n = dimension
    if n == 0 { return inv }
    let info = inv.elements.withUnsafeMutableBufferPointer { p in
      LAPACKE_dgetri(LAPACK_COL_MAJOR, Int32(n), p.baseAddress, Int32(n), pivots)
    }
    // info > 0 cannot happen: dgetrf already rejected a zero pivot.
    _checkIllegalArgument(info, "dgetri")
    return inv
  }

  public var reciprocalCondition: Double {
    let n = dimension
    if n == 0 { return 1 }
    var rcond = 0.0
    let info = factors.elements.withUnsafeBufferPointer { p in
      LAPACKE_dgecon(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "1")), Int32(n), p.baseAddress, Int32(n), anorm, &rcond)
    }
    _checkIllegalArgument(info, "dgecon")
    return rcond
  }
}

extension Matrix {
  /// Solves A·X = B for a general square A.
  public func solve(_ b: Matrix) throws(LinearAlgebraError) -> Matrix { try LU(self).solve(b) }

  /// A⁻¹ for a general square A.
  public func inverse() throws(LinearAlgebraError) -> Matrix { try LU(self).inverse }

  /// Reciprocal 1-norm condition estimate; 0 for an exactly singular matrix.
  public var reciprocalCondition: Double {
    guard let lu = try? LU(self) else { return 0 }
    return lu.reciprocalCondition
  }
}
