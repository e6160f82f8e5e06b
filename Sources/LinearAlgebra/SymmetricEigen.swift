import CLapack

// Eigen-decomposition A = Q·Λ·Qᵀ of a symmetric matrix (LAPACK dsyevr, the
// relatively robust representations algorithm). Eigenvalues are returned in
// descending order, as psych and R's eigen() report them. Each eigenvector's
// sign is fixed so that its element of largest absolute value is positive
// (the first such element on ties), so results do not depend on the LAPACK
// build.

public struct SymmetricEigen: Sendable {
  /// Eigenvalues, largest first.
  public let values: [Double]
  /// Eigenvectors as columns, in the order of `values`.
  public let vectors: Matrix

  public init(_ a: Matrix, vectors wantVectors: Bool = true) throws(LinearAlgebraError) {
    guard a.isSquare else { throw .dimensionMismatch("eigen-decomposition needs a square matrix, got \(a.rows)×\(a.columns)") }
    _ensureBLASConfigured()
    let n = a.rows
    if n == 0 {
      values = []
      vectors = Matrix(rows: 0, columns: 0)
      return
    }
    var work = a
    var w = [Double](repeating: 0, count: n)
    var z = Matrix(rows: n, columns: wantVectors ? n : 1)
    var isuppz = [Int32](repeating: 0, count: 2 * n)
    var found: Int32 = 0
    let info = work.elements.withUnsafeMutableBufferPointer { pa in
      z.elements.withUnsafeMutableBufferPointer { pz in
        LAPACKE_dsyevr(
          LAPACK_COL_MAJOR, CChar(UInt8(ascii: wantVectors ? "V" : "N")), CChar(UInt8(ascii: "A")),
          CChar(UInt8(ascii: "L")), Int32(n), pa.baseAddress, Int32(n), 0, 0, 0, 0, 0,
          &found, &w, pz.baseAddress, Int32(n), &isuppz)
      }
    }
    _checkIllegalArgument(info, "dsyevr")
    if info > 0 { throw .noConvergence("dsyevr failed to converge (info \(info))") }

    // dsyevr returns ascending order; reverse it.
    values = Array(w.reversed())
    guard wantVectors else {
      vectors = Matrix(rows: n, columns: 0)
      return
    }
    var q = Matrix(rows: n, columns: n)
    for j in 0..<n {
      let src = n - 1 - j
      var big = 0, bigAbs = -1.0
      for i in 0..<n where abs(z[i, src]) > bigAbs + 1e-12 * max(1, bigAbs) {
        bigAbs = abs(z[i, src]); big = i
      }
      let s: Double = z[big, src] < 0 ? -1 : 1
      for i in 0..<n { q[i, j] = s * z[i, src] }
    }
    vectors = q
  }

  /// Q·diag(f(λ))·Qᵀ, e.g. a matrix square root or a regularised inverse.
  public func reconstruct(_ f: (Double) -> Double) -> Matrix {
    let n = values.count
    var scaled = vectors
    for j in 0..<n {
      let fj = f(values[j])
      for i in 0..<n { scaled[i, j] *= fj }
    }
    return scaled.times(vectors, transposeOther: true)
  }
}
