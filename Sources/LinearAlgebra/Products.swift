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
    // Any k: a bootstrap replicate's S = XᵀX/N has N rows.
    if ParallelWork.isActive && n <= Small.limit {
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

  /// AᵀA when columns of A with a single non-zero are many (a WLS Jacobian's
  /// thresholds: one row each): their entries are products of two numbers, and
  /// only the other columns go through dsyrk — for bfi's 180 × 95 Δ with 75
  /// such columns, 20 columns instead of 95. The same sums as `gram` up to
  /// their order (a zero term adds nothing).
  public static func gramOfSparseColumns(_ a: Matrix) -> Matrix {
    var out = Matrix(rows: a.columns, columns: a.columns)
    guard let s = ColumnSparsity(a) else {
      gram(a, into: &out)
      return out
    }
    let n = a.columns, m = a.rows, k = s.dense.count
    var g = Matrix(rows: k, columns: k)
    if k > 0 { gram(s.denseColumns(of: a), into: &g) }
    out.elements.withUnsafeMutableBufferPointer { o in
      a.elements.withUnsafeBufferPointer { e in
        g.elements.withUnsafeBufferPointer { g in
          for (y, d) in s.dense.enumerated() { for (x, c) in s.dense.enumerated() { o[c + d * n] = g[x + y * k] } }
          for c in 0..<n where s.single[c] >= 0 {
            let r = s.single[c], v = e[r + c * m]
            for d in s.dense {
              let x = v * e[r + d * m]
              o[c + d * n] = x
              o[d + c * n] = x
            }
            for d in 0..<n where s.single[d] == r { o[c + d * n] = v * e[r + d * m] }
          }
        }
      }
    }
    return out
  }

  /// X·A with A's single-entry columns (ColumnSparsity) as scaled columns of X.
  public static func times(_ x: Matrix, sparse a: Matrix, _ s: ColumnSparsity) -> Matrix {
    precondition(x.columns == a.rows)
    let m = x.rows
    var out = Matrix(rows: m, columns: a.columns)
    let dense = s.dense.isEmpty ? Matrix(rows: m, columns: 0) : x * s.denseColumns(of: a)
    out.elements.withUnsafeMutableBufferPointer { o in
      x.elements.withUnsafeBufferPointer { xe in
        dense.elements.withUnsafeBufferPointer { de in
          for (k, c) in s.dense.enumerated() { (o.baseAddress! + c * m).update(from: de.baseAddress! + k * m, count: m) }
          for c in 0..<a.columns where s.single[c] >= 0 {
            let r = s.single[c], v = a.elements[r + c * a.rows], column = o.baseAddress! + c * m, source = xe.baseAddress! + r * m
            for i in 0..<m { column[i] = source[i] * v }
          }
        }
      }
    }
    return out
  }

  /// AᵀY with A's single-entry columns (ColumnSparsity) as scaled rows of Y.
  public static func transposeTimes(sparse a: Matrix, _ s: ColumnSparsity, _ y: Matrix) -> Matrix {
    precondition(a.rows == y.rows)
    let n = a.columns
    var out = Matrix(rows: n, columns: y.columns)
    let dense = s.dense.isEmpty ? Matrix(rows: 0, columns: y.columns) : s.denseColumns(of: a).times(y, transposeSelf: true)
    let k = s.dense.count, m = a.rows
    out.elements.withUnsafeMutableBufferPointer { o in
      a.elements.withUnsafeBufferPointer { e in
        y.elements.withUnsafeBufferPointer { ye in
          dense.elements.withUnsafeBufferPointer { de in
            for j in 0..<y.columns {
              for (x, c) in s.dense.enumerated() { o[c + j * n] = de[x + j * k] }
              for c in 0..<n where s.single[c] >= 0 { o[c + j * n] = e[s.single[c] + c * m] * ye[s.single[c] + j * m] }
            }
          }
        }
      }
    }
    return out
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
    gramLower(a, rows: 0..<k, into: &c, alpha: alpha, beta: beta)
  }

  /// C ← α·A[rows, :]ᵀ·A[rows, :] + β·C, lower triangle only: one block of
  /// AᵀA = Σ_b A_bᵀA_b, for sums over row blocks taken in turn.
  public static func gramLower(_ a: Matrix, rows: Range<Int>, into c: inout Matrix, alpha: Double = 1, beta: Double = 0) {
    _ensureBLASConfigured()
    let n = a.columns, k = rows.count
    precondition(c.rows == n && c.columns == n && rows.lowerBound >= 0 && rows.upperBound <= a.rows)
    if n == 0 || k == 0 { return }
    if ParallelWork.isActive && Small.fits(n, k) {
      a.elements.withUnsafeBufferPointer { pa in
        c.elements.withUnsafeMutableBufferPointer { pc in
          Small.syrk(UnsafeBufferPointer(rebasing: pa[rows.lowerBound...]), lda: max(1, a.rows), k: k, n: n, pc, alpha: alpha, beta: beta)
        }
      }
      return
    }
    a.elements.withUnsafeBufferPointer { pa in
      c.elements.withUnsafeMutableBufferPointer { pc in
        cblas_dsyrk(
          CblasColMajor, CblasLower, CblasTrans, Int32(n), Int32(k), alpha, pa.baseAddress! + rows.lowerBound,
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

/// Which columns of a matrix hold a single non-zero: a WLS Jacobian's
/// threshold columns (one row each), which make products with it mostly
/// scaled copies. nil where that does not pay: a small matrix, or fewer
/// than half its columns single.
public struct ColumnSparsity: Sendable {
  /// Per column the row of its one non-zero, or −1.
  public let single: [Int]
  /// The other columns.
  public let dense: [Int]

  public init?(_ a: Matrix) {
    let m = a.rows, n = a.columns
    guard m * n >= 10_000 else { return nil }  // the scan and copies cost what BLAS saves
    var single = [Int](repeating: -1, count: n)
    a.elements.withUnsafeBufferPointer { e in
      for c in 0..<n {
        var row = -1, count = 0
        for i in 0..<m where e[c * m + i] != 0 {
          count += 1; row = i
          if count > 1 { break }
        }
        if count == 1 { single[c] = row }
      }
    }
    let dense = (0..<n).filter { single[$0] < 0 }
    guard dense.count * 2 < n else { return nil }
    self.single = single; self.dense = dense
  }

  /// A's dense columns side by side.
  func denseColumns(of a: Matrix) -> Matrix {
    let m = a.rows
    var compact = Matrix(rows: m, columns: dense.count)
    a.elements.withUnsafeBufferPointer { e in
      compact.elements.withUnsafeMutableBufferPointer { c in
        for (x, column) in dense.enumerated() { (c.baseAddress! + x * m).update(from: e.baseAddress! + column * m, count: m) }
      }
    }
    return compact
  }
}
