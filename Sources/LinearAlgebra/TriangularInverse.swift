import CLapack

// The inverse of a symmetric positive-definite matrix from its Cholesky factor,
// A⁻¹ = L⁻ᵀL⁻¹ (what LAPACK's dpotri computes), by recursive halving so that
// nearly all the work is in level-3 products (Elmroth, Gustavson, Jonsson &
// Kågström 2004, "Recursive blocked algorithms and hybrid data structures for
// dense matrix library software", SIAM Review 46(1), §3):
//
//   L = [L₁₁ 0; L₂₁ L₂₂]:   L⁻¹ = [L₁₁⁻¹ 0; −L₂₂⁻¹·L₂₁·L₁₁⁻¹  L₂₂⁻¹]          (trtri)
//   X = L⁻¹ = [X₁₁ 0; X₂₁ X₂₂]:
//     XᵀX = [X₁₁ᵀX₁₁ + X₂₁ᵀX₂₁   ·  ;  X₂₂ᵀX₂₁   X₂₂ᵀX₂₂]   (lower triangle; lauum)
//
// Both take n³/3 flops. OpenBLAS 0.3.21 runs dtrtri and dlauum unblocked
// (level-2 dtrmv and dot products) up to its block size, which covers every
// questionnaire model's Σ (p ≈ 10–60) and information matrix (q ≈ 30–150):
// measured on this project's machine (one thread), the recursion with the
// unblocked loops below at n ≤ 16 took 0.40–0.45 of dpotri's time from n = 20
// to 200 (n = 43: 6.5 against 15.7 µs; n = 110: 54 against 120 µs).

enum TriangularInverse {
  /// Blocks at or below this order use the plain loops.
  static let base = 16

  /// Overwrites the lower triangle of `a` (column-major, leading dimension
  /// `ld`), which holds a Cholesky factor L with a positive diagonal, with the
  /// lower triangle of L⁻ᵀL⁻¹. The strict upper triangle is not touched.
  static func potri(_ a: UnsafeMutablePointer<Double>, n: Int, ld: Int) {
    trtri(a, n: n, ld: ld)
    lauum(a, n: n, ld: ld)
  }

  /// L ← L⁻¹ (lower, non-unit diagonal).
  static func trtri(_ a: UnsafeMutablePointer<Double>, n: Int, ld: Int) {
    if n <= base { trti2(a, n: n, ld: ld); return }
    let n1 = n / 2, n2 = n - n1
    let a21 = a + n1, a22 = a + n1 + n1 * ld
    trtri(a, n: n1, ld: ld)
    trtri(a22, n: n2, ld: ld)
    // L₂₁ ← −L₂₂⁻¹·(L₂₁·L₁₁⁻¹), both factors already inverted in place.
    cblas_dtrmm(CblasColMajor, CblasRight, CblasLower, CblasNoTrans, CblasNonUnit,
                Int32(n2), Int32(n1), 1, a, Int32(ld), a21, Int32(ld))
    cblas_dtrmm(CblasColMajor, CblasLeft, CblasLower, CblasNoTrans, CblasNonUnit,
                Int32(n2), Int32(n1), -1, a22, Int32(ld), a21, Int32(ld))
  }

  /// X ← XᵀX in the lower triangle (X lower triangular).
  static func lauum(_ a: UnsafeMutablePointer<Double>, n: Int, ld: Int) {
    if n <= base { lauu2(a, n: n, ld: ld); return }
    let n1 = n / 2, n2 = n - n1
    let a21 = a + n1, a22 = a + n1 + n1 * ld
    lauum(a, n: n1, ld: ld)
    // The (1,1) block gains X₂₁ᵀX₂₁ before X₂₁ is overwritten by X₂₂ᵀX₂₁.
    cblas_dsyrk(CblasColMajor, CblasLower, CblasTrans, Int32(n1), Int32(n2), 1, a21, Int32(ld), 1, a, Int32(ld))
    cblas_dtrmm(CblasColMajor, CblasLeft, CblasLower, CblasTrans, CblasNonUnit,
                Int32(n2), Int32(n1), 1, a22, Int32(ld), a21, Int32(ld))
    lauum(a22, n: n2, ld: ld)
  }

  /// Unblocked L⁻¹ (LAPACK dtrti2, lower): columns from the last, each column
  /// below the diagonal multiplied by the already inverted trailing block.
  static func trti2(_ a: UnsafeMutablePointer<Double>, n: Int, ld: Int) {
    var j = n - 1
    while j >= 0 {
      let d = 1 / a[j + j * ld]
      a[j + j * ld] = d
      let m = n - 1 - j
      if m > 0 {
        let x = a + (j + 1) + j * ld, t = a + (j + 1) + (j + 1) * ld
        // x ← T·x for lower T, by columns from the last so that each xₖ is read before it changes.
        var k = m - 1
        while k >= 0 {
          let xk = x[k]
          let tk = t + k * ld
          var i = k + 1
          while i < m { x[i] += tk[i] * xk; i += 1 }
          x[k] = tk[k] * xk
          k -= 1
        }
        for i in 0..<m { x[i] *= -d }
      }
      j -= 1
    }
  }

  /// Unblocked XᵀX in place (LAPACK dlauu2, lower): entry (i, j), i ≥ j, is
  /// Σ_{k ≥ i} X[k, i]·X[k, j]; by columns j ascending and rows i ascending,
  /// every element read is one not yet overwritten.
  static func lauu2(_ a: UnsafeMutablePointer<Double>, n: Int, ld: Int) {
    for j in 0..<n {
      let cj = a + j * ld
      for i in j..<n {
        let ci = a + i * ld
        var s = 0.0
        for k in i..<n { s += ci[k] * cj[k] }
        cj[i] = s
      }
    }
  }
}
