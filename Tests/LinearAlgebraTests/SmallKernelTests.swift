import Testing
@testable import LinearAlgebra

// The lock-free loops used while replicates run (SmallKernels.swift) against
// OpenBLAS/LAPACK on the same inputs: products in every transpose with α and
// β, the Gram matrix of a tall matrix, Cholesky factor, inverse and solve, LU
// solve, and their failure signals.
@Suite struct SmallKernelTests {
  func random(_ r: Int, _ c: Int, _ g: inout SplitMix64) -> Matrix {
    var m = Matrix(rows: r, columns: c)
    for k in m.elements.indices { m.elements[k] = g.nextUniform() * 2 - 1 }
    return m
  }
  func close(_ a: Matrix, _ b: Matrix, _ tol: Double = 1e-12) -> Bool {
    zip(a.elements, b.elements).allSatisfy { abs($0 - $1) <= tol * max(1, abs($1)) }
  }

  @Test func productsMatchBLAS() {
    var g = SplitMix64(seed: 11)
    for (m, n, k) in [(1, 1, 1), (3, 5, 2), (9, 9, 9), (21, 9, 21), (32, 31, 7), (5, 1, 32)] {
      for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
        let a = ta ? random(k, m, &g) : random(m, k, &g)
        let b = tb ? random(n, k, &g) : random(k, n, &g)
        let c0 = random(m, n, &g)
        var blas = c0, small = c0
        Matrix.multiply(a, b, into: &blas, transposeA: ta, transposeB: tb, alpha: 0.7, beta: -1.3)
        ParallelWork.run { Matrix.multiply(a, b, into: &small, transposeA: ta, transposeB: tb, alpha: 0.7, beta: -1.3) }
        #expect(close(small, blas), "\(m)×\(n)×\(k) ta \(ta) tb \(tb)")
      }
      let a = random(k, n, &g)
      var blas = Matrix(rows: n, columns: n), small = blas
      Matrix.gram(a, into: &blas)
      ParallelWork.run { Matrix.gram(a, into: &small) }
      #expect(close(small, blas), "gram \(k)×\(n)")
    }
    // A bootstrap replicate's S = XᵀX/N: many rows, few columns (rows beyond Small.limit).
    for (k, n) in [(301, 9), (33, 32), (1000, 3), (37, 1)] {
      let a = random(k, n, &g)
      var blas = Matrix(rows: n, columns: n), small = blas
      Matrix.gram(a, into: &blas, alpha: 1 / Double(k))
      ParallelWork.run { Matrix.gram(a, into: &small, alpha: 1 / Double(k)) }
      #expect(close(small, blas), "gram \(k)×\(n)")
    }
  }

  @Test func factorsAndSolvesMatchLAPACK() throws {
    var g = SplitMix64(seed: 12)
    for n in [1, 2, 7, 16, 32] {
      let x = random(n + 3, n, &g)
      let spd = x.gram + Matrix.identity(n)
      let blas = try Cholesky(spd)
      let small = try ParallelWork.run { try Cholesky(spd) }
      #expect(close(small.lower, blas.lower), "factor \(n)")
      #expect(close(ParallelWork.run { small.inverse }, blas.inverse, 1e-10), "inverse \(n)")
      // Solves with the factor (dpotrs), one and several right-hand sides.
      for columns in [1, 3] {
        let rhs = random(n, columns, &g)
        let x = try ParallelWork.run { try small.solve(rhs) }
        #expect(close(x, try blas.solve(rhs), 1e-10), "solve \(n)×\(columns)")
        #expect(close(spd * x, rhs, 1e-10), "residual \(n)×\(columns)")
      }
      // Not positive definite: the same leading minor.
      var bad = spd
      bad[n - 1, n - 1] = -1
      var b1 = bad, b2 = bad
      #expect(Cholesky.factorInPlaceInfo(&b1) == ParallelWork.run { Cholesky.factorInPlaceInfo(&b2) })
      // LU solve of a general system.
      let a = random(n, n, &g) + Double(n) * Matrix.identity(n)
      let rhs = random(n, 2, &g)
      var a1 = a, a2 = a, r1 = rhs, r2 = rhs
      var p1 = [Int32](repeating: 0, count: n), p2 = p1
      #expect(LU.solveInPlace(&a1, &r1, pivots: &p1))
      #expect(ParallelWork.run { LU.solveInPlace(&a2, &r2, pivots: &p2) })
      #expect(close(r2, r1, 1e-10), "solve \(n)")
    }
    var singular = Matrix(rows: 3, columns: 3)
    var rhs = Matrix(rows: 3, columns: 1)
    var piv = [Int32](repeating: 0, count: 3)
    #expect(!ParallelWork.run { LU.solveInPlace(&singular, &rhs, pivots: &piv) })
  }
}
