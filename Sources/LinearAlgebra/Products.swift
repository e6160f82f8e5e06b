import CLapack
import Dispatch

// Products through BLAS. `multiply(_:_:into:)` and `gram(_:into:)` write into
// caller-owned storage so that hot loops (objective and gradient evaluations)
// allocate nothing.


extension Matrix {
  /// C ← α·op(A)·op(B) + β·C, with C preallocated to the right shape;
  /// op(X) is Xᵀ when the corresponding flag is set.
  public static func multiply(
    _ a: Matrix, _ b: Matrix, into c: inout Matrix, transposeA: Bool = false, transposeB: Bool = false,
    alpha: Double = 1, beta: Double = 0
  ) {
    _ensureBLASConfigured()
    let m = transposeA ? a.columns : a.rows
    let k = transposeA ? a.rows : a.columns
    let kb = transposeB ? b.columns : b.rows
    let n = transposeB ? b.rows : b.columns
    precondition(k == kb, "inner dimensions \(k) and \(kb) differ")
    precondition(c.rows == m && c.columns == n, "output is \(c.rows)×\(c.columns), need \(m)×\(n)")
    if m == 0 || n == 0 { return }
    if k == 0 {
      for i in c.elements.indices { c.elements[i] *= beta }
      return
    }
    if ParallelWork.isActive && Small.fits(m, n, k) {
      a.elements.withUnsafeBufferPointer { pa in
        b.elements.withUnsafeBufferPointer { pb in
          c.elements.withUnsafeMutableBufferPointer { pc in
            Small.gemm(pa, lda: max(1, a.rows), pb, ldb: max(1, b.rows), pc, m: m, n: n, k: k,
                       transposeA: transposeA, transposeB: transposeB, alpha: alpha, beta: beta)
          }
        }
      }
      return
    }
    a.elements.withUnsafeBufferPointer { pa in
      b.elements.withUnsafeBufferPointer { pb in
        c.elements.withUnsafeMutableBufferPointer { pc in
          cblas_dgemm(
            CblasColMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), Int32(k), alpha,
            pa.baseAddress, Int32(max(1, a.rows)), pb.baseAddress, Int32(max(1, b.rows)), beta,
            pc.baseAddress, Int32(max(1, m)))
        }
      }
    }
  }

  // Fresh output is zero already: β = 1 spares OpenBLAS zeroing it a second time (its β = 0 path
  // clears C before accumulating), with the same result.
  public static func * (a: Matrix, b: Matrix) -> Matrix {
    var c = Matrix(rows: a.rows, columns: b.columns)
    multiply(a, b, into: &c, beta: 1)
    return c
  }

  /// op(A)·op(B) without forming the transposes.
  public func times(_ b: Matrix, transposeSelf: Bool = false, transposeOther: Bool = false) -> Matrix {
    let m = transposeSelf ? columns : rows
    let n = transposeOther ? b.rows : b.columns
    var c = Matrix(rows: m, columns: n)
    Matrix.multiply(self, b, into: &c, transposeA: transposeSelf, transposeB: transposeOther, beta: 1)
    return c
  }

  /// The same on up to `threads` cores: with at least `parallelGramWork`
  /// multiply-adds (n²k/2) the rows are split into blocks, one dsyrk each on
  /// its own core (AᵀA = Σ_b A_bᵀA_b), summed in block order, so the result
  /// depends on the thread count only in rounding.
  public static func gram(_ a: Matrix, into c: inout Matrix, alpha: Double = 1, beta: Double = 0, threads: Int) {
    let n = a.columns, k = a.rows, blocks = min(threads, k / 64)
    precondition(c.rows == n && c.columns == n)
    guard blocks > 1, n > 0, !ParallelWork.isActive, n * n * k / 2 >= parallelGramWork else {
      gram(a, into: &c, alpha: alpha, beta: beta)
      return
    }
    _ensureBLASConfigured()
    gramByRowBlocks(a, into: &c, alpha: alpha, beta: beta, blocks: blocks)
  }

  /// C ← α·AᵀA + β·C (both triangles filled), via dsyrk.
  public static func gram(_ a: Matrix, into c: inout Matrix, alpha: Double = 1, beta: Double = 0) {
    _ensureBLASConfigured()
    let n = a.columns, k = a.rows
    precondition(c.rows == n && c.columns == n)
    if n == 0 { return }
    if ParallelWork.isActive && Small.fits(n, k) {
      a.elements.withUnsafeBufferPointer { pa in
        c.elements.withUnsafeMutableBufferPointer { pc in Small.syrk(pa, lda: max(1, k), k: k, n: n, pc, alpha: alpha, beta: beta) }
      }
      c.symmetrizeFromLower()
      return
    }
    a.elements.withUnsafeBufferPointer { pa in
      c.elements.withUnsafeMutableBufferPointer { pc in
        cblas_dsyrk(
          CblasColMajor, CblasLower, CblasTrans, Int32(n), Int32(k), alpha, pa.baseAddress,
          Int32(max(1, k)), beta, pc.baseAddress, Int32(n))
      }
    }
    c.symmetrizeFromLower()
  }

  /// Below this many multiply-adds a second core costs more to wake than it saves.
  public static let parallelGramWork = 4_000_000

  private static func gramByRowBlocks(_ a: Matrix, into c: inout Matrix, alpha: Double, beta: Double, blocks: Int) {
    let n = a.columns, k = a.rows
    // Block 0 into C itself (with β), block b ≥ 1 into slice b − 1 of `partial`.
    var partial = [Double](repeating: 0, count: (blocks - 1) * n * n)
    a.elements.withUnsafeBufferPointer { pa in
      c.elements.withUnsafeMutableBufferPointer { pc in
        partial.withUnsafeMutableBufferPointer { pp in
          nonisolated(unsafe) let (source, first, others) = (pa, pc, pp)
          DispatchQueue.concurrentPerform(iterations: blocks) { b in
            let lo = k * b / blocks, hi = k * (b + 1) / blocks
            let out = b == 0 ? first.baseAddress! : others.baseAddress! + (b - 1) * n * n
            cblas_dsyrk(CblasColMajor, CblasLower, CblasTrans, Int32(n), Int32(hi - lo), alpha, source.baseAddress! + lo,
                        Int32(k), b == 0 ? beta : 0, out, Int32(n))
          }
          for b in 1..<blocks {
            let block = pp.baseAddress! + (b - 1) * n * n
            for j in 0..<n { for i in j..<n { pc[i + j * n] += block[i + j * n] } }
          }
        }
      }
    }
    c.symmetrizeFromLower()
  }

  /// C ← α·A[0..<rowCount, :]ᵀ·A[0..<rowCount, :] + β·C, lower triangle only
  /// (call `symmetrizeFromLower` when done accumulating). For block-wise sums
  /// over a preallocated block of which only the first rows are filled.
  public static func gramLower(_ a: Matrix, rowCount k: Int, into c: inout Matrix, alpha: Double = 1, beta: Double = 0) {
    _ensureBLASConfigured()
    let n = a.columns
    precondition(c.rows == n && c.columns == n && k <= a.rows)
    if n == 0 || k == 0 { return }
    if ParallelWork.isActive && Small.fits(n, k) {
      a.elements.withUnsafeBufferPointer { pa in
        c.elements.withUnsafeMutableBufferPointer { pc in Small.syrk(pa, lda: max(1, a.rows), k: k, n: n, pc, alpha: alpha, beta: beta) }
      }
      return
    }
    a.elements.withUnsafeBufferPointer { pa in
      c.elements.withUnsafeMutableBufferPointer { pc in
        cblas_dsyrk(
          CblasColMajor, CblasLower, CblasTrans, Int32(n), Int32(k), alpha, pa.baseAddress,
          Int32(max(1, a.rows)), beta, pc.baseAddress, Int32(n))
      }
    }
  }

  /// AᵀA.
  public var gram: Matrix {
    var c = Matrix(rows: columns, columns: columns)
    Matrix.gram(self, into: &c)
    return c
  }

  /// y = A·x.
  public func apply(_ x: [Double]) -> [Double] {
    _ensureBLASConfigured()
    precondition(x.count == columns)
    var y = [Double](repeating: 0, count: rows)
    if rows == 0 || columns == 0 { return y }
    elements.withUnsafeBufferPointer { pa in
      cblas_dgemv(CblasColMajor, CblasNoTrans, Int32(rows), Int32(columns), 1, pa.baseAddress,
                  Int32(rows), x, 1, 0, &y, 1)
    }
    return y
  }
}
