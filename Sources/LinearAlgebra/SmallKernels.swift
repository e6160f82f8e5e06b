// Products and Cholesky factors of small matrices (every dimension ≤
// `Small.limit`) by plain loops instead of OpenBLAS, inside `ParallelWork.run`.
// OpenBLAS's level-3 and LAPACK entry points take a process-wide lock to
// allocate their work buffers (blas_memory_alloc) on every call; a fit of a
// questionnaire model makes a few hundred such calls on 5 × 5 … 30 × 30
// matrices, and bootstrap replicates on several cores queued on that lock
// (two threads ran 0.8–1.5× one). The loops take no lock; single-threaded,
// OpenBLAS's kernels are a little faster, so the loops are used only while
// replicates run (on any number of threads, so that results do not depend on
// the thread count).
//   gemm:   C ← α·op(A)·op(B) + β·C
//   potrf:  A = LLᵀ (Cholesky–Banachiewicz by columns); info = k for a non-positive k-th pivot
//   potri:  A⁻¹ = L⁻ᵀL⁻¹ from L (forward substitution for L⁻¹, then the product)
//   potrs:  B ← A⁻¹B from L (forward, then backward substitution)
//   syrk:   C ← α·AᵀA + β·C (lower triangle; n ≤ limit, any number of rows k)
//   gesv:   A X = B by Gaussian elimination with partial pivoting (LAPACK's pivots, 1-based)

enum Small {
  /// The largest dimension handled without BLAS.
  static let limit = 32

  @inline(__always)
  static func fits(_ a: Int, _ b: Int) -> Bool { a <= limit && b <= limit }
  @inline(__always)
  static func fits(_ a: Int, _ b: Int, _ c: Int) -> Bool { a <= limit && b <= limit && c <= limit }

  static func gemm(_ pa: UnsafeBufferPointer<Double>, lda: Int, _ pb: UnsafeBufferPointer<Double>, ldb: Int,
                   _ pc: UnsafeMutableBufferPointer<Double>, m: Int, n: Int, k: Int,
                   transposeA: Bool, transposeB: Bool, alpha: Double, beta: Double) {
    if transposeA {
      // op(A) = Aᵀ: transposed into stack storage, then the same column form.
      withUnsafeTemporaryAllocation(of: Double.self, capacity: max(1, m * k)) { t in
        for i in 0..<m { for l in 0..<k { t[i + l * m] = pa[l + i * lda] } }
        gemmColumns(UnsafeBufferPointer(t), lda: m, pb, ldb: ldb, pc, m: m, n: n, k: k, transposeB: transposeB, alpha: alpha, beta: beta)
      }
    } else {
      gemmColumns(pa, lda: lda, pb, ldb: ldb, pc, m: m, n: n, k: k, transposeB: transposeB, alpha: alpha, beta: beta)
    }
  }

  /// C ← α·A·op(B) + β·C with columns of C as combinations of columns of A (contiguous, vectorised).
  @inline(__always)
  static func gemmColumns(_ pa: UnsafeBufferPointer<Double>, lda: Int, _ pb: UnsafeBufferPointer<Double>, ldb: Int,
                          _ pc: UnsafeMutableBufferPointer<Double>, m: Int, n: Int, k: Int,
                          transposeB: Bool, alpha: Double, beta: Double) {
    for j in 0..<n {
      let c = pc.baseAddress! + j * m
      if beta == 0 { for i in 0..<m { c[i] = 0 } } else if beta != 1 { for i in 0..<m { c[i] *= beta } }
      for l in 0..<k {
        let f = alpha * (transposeB ? pb[j + l * ldb] : pb[l + j * ldb])
        if f == 0 { continue }
        let col = pa.baseAddress! + l * lda
        for i in 0..<m { c[i] += col[i] * f }
      }
    }
  }

  /// Lower Cholesky factor in place (the strict upper triangle untouched); LAPACK's info.
  static func potrf(_ a: UnsafeMutableBufferPointer<Double>, n: Int) -> Int {
    // Left-looking by columns: column j less Σ_{l<j} L[j,l]·(column l), from
    // row j down, in axpy form (columns are contiguous), then scaled.
    let base = a.baseAddress!
    for j in 0..<n {
      let cj = base + j * n
      for l in 0..<j {
        let f = base[j + l * n]
        if f == 0 { continue }
        let cl = base + l * n
        for i in j..<n { cj[i] -= cl[i] * f }
      }
      let d = cj[j]
      guard d > 0, d.isFinite else { return j + 1 }
      let r = d.squareRoot()
      cj[j] = r
      let inv = 1 / r
      for i in (j + 1)..<max(j + 1, n) { cj[i] *= inv }
    }
    return 0
  }

  /// A⁻¹ (both triangles) into `a` from the factor in its lower triangle; `w` (n × n) holds L⁻¹.
  static func potri(_ a: UnsafeMutableBufferPointer<Double>, n: Int, work w: UnsafeMutableBufferPointer<Double>) {
    for k in 0..<(n * n) { w[k] = 0 }
    // W = L⁻¹ (lower) column by column, by forward substitution in axpy form
    // (columns of L are contiguous).
    for j in 0..<n {
      let wj = w.baseAddress! + j * n
      wj[j] = 1
      for l in j..<n {
        let t = wj[l] / a[l + l * n]
        wj[l] = t
        if t == 0 { continue }
        let col = UnsafePointer(a.baseAddress! + l * n)
        for i in (l + 1)..<max(l + 1, n) { wj[i] -= col[i] * t }
      }
    }
    // A⁻¹ = WᵀW: (i, j) = Σ_{l ≥ max(i, j)} W[l, i]·W[l, j].
    for j in 0..<n {
      for i in j..<n {
        let s = contiguousDot(UnsafePointer(w.baseAddress! + i * n + i), UnsafePointer(w.baseAddress! + j * n + i), n - i)
        a[i + j * n] = s
        a[j + i * n] = s
      }
    }
  }

  /// B ← A⁻¹B from the factor L in the lower triangle of `l` (LAPACK's dpotrs):
  /// L y = b forward in axpy form, then Lᵀx = y backward in dot form (columns
  /// of L are contiguous either way).
  static func potrs(_ l: UnsafeBufferPointer<Double>, n: Int, _ b: UnsafeMutableBufferPointer<Double>, columns: Int) {
    let pl = l.baseAddress!
    for c in 0..<columns {
      let x = b.baseAddress! + c * n
      for j in 0..<n {
        let t = x[j] / pl[j + j * n]
        x[j] = t
        if t == 0 { continue }
        let col = pl + j * n
        for i in (j + 1)..<max(j + 1, n) { x[i] -= col[i] * t }
      }
      for j in stride(from: n - 1, through: 0, by: -1) {
        let below = n - j - 1
        let s = below > 0 ? contiguousDot(pl + j * n + j + 1, UnsafePointer(x + j + 1), below) : 0
        x[j] = (x[j] - s) / pl[j + j * n]
      }
    }
  }

  /// C ← α·A[0..<k, :]ᵀA[0..<k, :] + β·C, lower triangle; A has leading dimension lda
  /// (any k: the sums run down contiguous columns, four lanes at a time).
  static func syrk(_ pa: UnsafeBufferPointer<Double>, lda: Int, k: Int, n: Int, _ pc: UnsafeMutableBufferPointer<Double>,
                   alpha: Double, beta: Double) {
    let base = pa.baseAddress!
    for j in 0..<n {
      for i in j..<n {
        let s = contiguousDot(base + i * lda, base + j * lda, k)
        let c = i + j * n
        pc[c] = beta == 0 ? alpha * s : alpha * s + beta * pc[c]
      }
    }
  }

  /// Solves A X = B in place (A becomes its LU factors); false when A is singular.
  static func gesv(_ a: UnsafeMutableBufferPointer<Double>, n: Int, _ b: UnsafeMutableBufferPointer<Double>, columns: Int,
                   pivots: UnsafeMutableBufferPointer<Int32>) -> Bool {
    for k in 0..<n {
      var p = k
      var best = abs(a[k + k * n])
      for i in (k + 1)..<max(k + 1, n) where abs(a[i + k * n]) > best { best = abs(a[i + k * n]); p = i }
      pivots[k] = Int32(p + 1)
      guard best != 0, best.isFinite else { return false }
      if p != k {
        for j in 0..<n { let t = a[k + j * n]; a[k + j * n] = a[p + j * n]; a[p + j * n] = t }
        for j in 0..<columns { let t = b[k + j * n]; b[k + j * n] = b[p + j * n]; b[p + j * n] = t }
      }
      let d = a[k + k * n]
      for i in (k + 1)..<max(k + 1, n) {
        let f = a[i + k * n] / d
        a[i + k * n] = f
        if f == 0 { continue }
        for j in (k + 1)..<max(k + 1, n) { a[i + j * n] -= f * a[k + j * n] }
        for j in 0..<columns { b[i + j * n] -= f * b[k + j * n] }
      }
    }
    // Back substitution with U.
    for j in 0..<columns {
      for i in stride(from: n - 1, through: 0, by: -1) {
        var s = b[i + j * n]
        for l in (i + 1)..<max(i + 1, n) { s -= a[i + l * n] * b[l + j * n] }
        b[i + j * n] = s / a[i + i * n]
      }
    }
    return true
  }
}

import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// xᵀy over `count` contiguous elements, four lanes at a time (for kernels in
/// other modules too: inlinable, so that a loop calling it is not a call per element).
@inlinable @inline(__always)
public func contiguousDot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ count: Int) -> Double {
  if count == 1 { return x[0] * y[0] }
  var acc = SIMD4<Double>()
  var l = 0
  while l + 4 <= count {
    acc += SIMD4(x[l], x[l + 1], x[l + 2], x[l + 3]) * SIMD4(y[l], y[l + 1], y[l + 2], y[l + 3])
    l += 4
  }
  var s = (acc[0] + acc[1]) + (acc[2] + acc[3])
  while l < count { s += x[l] * y[l]; l += 1 }
  return s
}

/// Marks the threads on which replicates run: there, small products and
/// factorizations use `Small`'s loops, which take no lock. The mark is
/// per thread, so that a computation on another thread (a point estimate, a
/// concurrent test) never switches kernels, and its last bits, because a
/// bootstrap happens to be running elsewhere in the process.
public enum ParallelWork {
  private static let key: pthread_key_t = {
    var k = pthread_key_t()
    pthread_key_create(&k, nil)
    return k
  }()

  /// Runs `body` on the current thread with the mark set.
  public static func run<T>(_ body: () throws -> T) rethrows -> T {
    let previous = pthread_getspecific(key)
    pthread_setspecific(key, UnsafeRawPointer(bitPattern: 1))
    defer { pthread_setspecific(key, previous) }
    return try body()
  }

  /// `DispatchQueue.concurrentPerform` with every iteration marked.
  public static func perform(iterations: Int, _ body: @Sendable (Int) -> Void) {
    DispatchQueue.concurrentPerform(iterations: iterations) { i in run { body(i) } }
  }

  @inline(__always)
  public static var isActive: Bool { pthread_getspecific(key) != nil }
}
