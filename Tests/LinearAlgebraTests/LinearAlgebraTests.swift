import Testing
@testable import LinearAlgebra

// Identities on random matrices from a seeded generator, and the typed errors.

func randomMatrix(_ rows: Int, _ cols: Int, _ g: inout SplitMix64) -> Matrix {
  var m = Matrix(rows: rows, columns: cols)
  for k in m.elements.indices { m.elements[k] = g.nextGaussian() }
  return m
}

/// BᵀB + n·I: symmetric positive definite and well conditioned.
func randomSPD(_ n: Int, _ g: inout SplitMix64) -> Matrix {
  let b = randomMatrix(n + 3, n, &g)
  return b.gram + Double(n) * Matrix.identity(n)
}

func naiveProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
  var c = Matrix(rows: a.rows, columns: b.columns)
  for i in 0..<a.rows { for j in 0..<b.columns { for k in 0..<a.columns { c[i, j] += a[i, k] * b[k, j] } } }
  return c
}

@Suite struct MatrixTests {
  @Test func rowAndColumnMajorAgree() {
    let m = Matrix([[1, 2, 3], [4, 5, 6]])
    #expect(m.rows == 2 && m.columns == 3)
    #expect(m.elements == [1, 4, 2, 5, 3, 6])
    #expect(m[1, 2] == 6)
    #expect(m.transposed.rowArrays == [[1, 4], [2, 5], [3, 6]])
  }

  @Test func productsMatchNaiveLoops() {
    var g = SplitMix64(seed: 1)
    let a = randomMatrix(7, 5, &g), b = randomMatrix(5, 4, &g)
    #expect((a * b).maxAbsDifference(naiveProduct(a, b)) < 1e-12)
    #expect(a.times(a, transposeSelf: true).maxAbsDifference(naiveProduct(a.transposed, a)) < 1e-12)
    #expect(a.gram.maxAbsDifference(naiveProduct(a.transposed, a)) < 1e-12)
    let c = randomMatrix(4, 5, &g)
    #expect(b.times(c, transposeSelf: true, transposeOther: true).maxAbsDifference(naiveProduct(b.transposed, c.transposed)) < 1e-12)
    #expect(a.apply([1, 0, 0, 0, 0]) == a.column(0))
  }

  @Test func traceOfProductIsTheProductsTrace() {
    var g = SplitMix64(seed: 11)
    let a = randomMatrix(6, 4, &g), b = randomMatrix(4, 6, &g)
    #expect(abs(Matrix.traceOfProduct(a, b) - (a * b).trace) < 1e-12)
    let u = (0..<6).map { Double($0) + 0.5 }, v = (0..<4).map { 2 - Double($0) }
    #expect(abs(Matrix.traceOfProduct(a, b, rowWeights: u, columnWeights: v)
                - (Matrix.diagonal(u) * a * Matrix.diagonal(v) * b).trace) < 1e-12)
  }

  /// Above `parallelGramWork` the rows are split over threads: the same AᵀA to rounding, with β and α.
  @Test func gramOverRowBlocksIsTheGram() {
    var g = SplitMix64(seed: 12)
    let a = randomMatrix(2500, 60, &g)
    #expect(60 * 60 * 2500 / 2 >= Matrix.parallelGramWork)
    let start = randomSPD(60, &g)
    var one = start, two = start, three = start
    Matrix.gram(a, into: &one, alpha: 0.5, beta: 2)
    Matrix.gram(a, into: &two, alpha: 0.5, beta: 2, threads: 2)
    Matrix.gram(a, into: &three, alpha: 0.5, beta: 2, threads: 3)
    let reference = 0.5 * naiveProduct(a.transposed, a) + 2 * start
    for m in [one, two, three] {
      #expect(m.maxAbsDifference(reference) < 1e-10)
      #expect(m.maxAbsDifference(m.transposed) == 0)
    }
  }

  @Test func multiplyIntoAccumulates() {
    var g = SplitMix64(seed: 2)
    let a = randomMatrix(3, 3, &g), b = randomMatrix(3, 3, &g)
    var c = Matrix.identity(3)
    Matrix.multiply(a, b, into: &c, alpha: 2, beta: 1)
    #expect(c.maxAbsDifference(2 * naiveProduct(a, b) + Matrix.identity(3)) < 1e-12)
  }
}

@Suite struct CholeskyTests {
  @Test(arguments: [1, 2, 5, 12, 30])
  func factorReproducesMatrix(n: Int) throws {
    var g = SplitMix64(seed: UInt64(100 + n))
    let a = randomSPD(n, &g)
    let chol = try Cholesky(a)
    let l = chol.lower
    for j in 0..<n { for i in 0..<j { #expect(l[i, j] == 0) } }
    #expect(l.times(l, transposeOther: true).maxAbsDifference(a) < 1e-10 * Double(n))
    // A·A⁻¹ = I
    #expect((a * chol.inverse).maxAbsDifference(Matrix.identity(n)) < 1e-10)
    // log|A| agrees with LU's.
    let lu = try LU(a)
    #expect(abs(chol.logDeterminant - lu.logAbsDeterminant.value) < 1e-10)
    #expect(lu.logAbsDeterminant.sign == 1)
    // Solve.
    let x = randomMatrix(n, 2, &g)
    #expect(try chol.solve(a * x).maxAbsDifference(x) < 1e-9)
    #expect(chol.reciprocalCondition > 0 && chol.reciprocalCondition <= 1)
  }

  @Test func notPositiveDefiniteNamesTheLeadingMinor() {
    // Leading minors: 4 > 0; 4·1 − 2·2 = 0 → order 2 fails.
    let a = Matrix([[4, 2, 0], [2, 1, 0], [0, 0, 3]])
    #expect(throws: LinearAlgebraError.notPositiveDefinite(leadingMinor: 2)) { try Cholesky(a) }
    let b = Matrix([[-1, 0], [0, 1]])
    #expect(throws: LinearAlgebraError.notPositiveDefinite(leadingMinor: 1)) { try Cholesky(b) }
    var c = b
    #expect(Cholesky.factorInPlaceInfo(&c) == 1)
  }

  @Test func dimensionMismatch() throws {
    #expect(throws: LinearAlgebraError.self) { try Cholesky(Matrix(rows: 2, columns: 3)) }
    let chol = try Cholesky(Matrix.identity(2))
    #expect(throws: LinearAlgebraError.self) { try chol.solve(Matrix(rows: 3, columns: 1)) }
  }
}

@Suite struct EigenTests {
  @Test(arguments: [1, 3, 9, 25])
  func decompositionReproducesMatrix(n: Int) throws {
    var g = SplitMix64(seed: UInt64(200 + n))
    let a = randomSPD(n, &g)
    let e = try SymmetricEigen(a)
    // Descending order.
    for k in 1..<max(1, n) { #expect(e.values[k - 1] >= e.values[k]) }
    // QΛQᵀ = A and QᵀQ = I.
    let q = e.vectors
    #expect((q * Matrix.diagonal(e.values) * q.transposed).maxAbsDifference(a) < 1e-9)
    #expect(q.gram.maxAbsDifference(Matrix.identity(n)) < 1e-10)
    // Sign convention: each vector's largest-magnitude element is positive.
    for j in 0..<n {
      let col = q.column(j)
      let big = col.max { abs($0) < abs($1) }!
      #expect(big > 0)
    }
    #expect(e.reconstruct { $0 }.maxAbsDifference(a) < 1e-9)
  }

  @Test func knownEigenvalues() throws {
    let e = try SymmetricEigen(Matrix([[2, 1], [1, 2]]))
    #expect(abs(e.values[0] - 3) < 1e-14 && abs(e.values[1] - 1) < 1e-14)
    let r = 1 / 2.0.squareRoot()
    #expect(abs(e.vectors[0, 0] - r) < 1e-14 && abs(e.vectors[1, 0] - r) < 1e-14)
  }
}

@Suite struct LUTests {
  @Test func solveAndInverseOfGeneralMatrix() throws {
    var g = SplitMix64(seed: 7)
    let a = randomMatrix(6, 6, &g)
    let inv = try a.inverse()
    #expect((a * inv).maxAbsDifference(Matrix.identity(6)) < 1e-9)
    let x = randomMatrix(6, 3, &g)
    #expect(try a.solve(a * x).maxAbsDifference(x) < 1e-9)
    let lu = try LU(Matrix([[0, 2], [3, 4]]))
    #expect(abs(lu.determinant - (-6)) < 1e-14)
  }

  @Test func singularNamesThePivot() {
    let a = Matrix([[1, 2, 3], [2, 4, 6], [1, 0, 1]])
    #expect(throws: LinearAlgebraError.self) { try LU(a) }
    do {
      _ = try LU(Matrix([[1, 2], [2, 4]]))
      Issue.record("expected singular")
    } catch {
      #expect(error == .singular(pivot: 2))
    }
    #expect(Matrix([[1, 2], [2, 4]]).reciprocalCondition == 0)
    #expect(Matrix([[1, 0], [0, 1e-14]]).reciprocalCondition < 1e-13)
  }
}

@Suite struct SplitMix64Tests {
  @Test func referenceSequence() {
    // Vigna's splitmix64.c with seed 0 starts 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4.
    var g = SplitMix64(seed: 0)
    #expect(g.next() == 0xE220_A839_7B1D_CDAF)
    #expect(g.next() == 0x6E78_9E6A_A1B9_65F4)
  }

  @Test func gaussianMoments() {
    var g = SplitMix64(seed: 42)
    let n = 200_000
    var s = 0.0, s2 = 0.0
    for _ in 0..<n { let z = g.nextGaussian(); s += z; s2 += z * z }
    let m = s / Double(n), v = s2 / Double(n) - m * m
    // Monte-Carlo error of the mean is 1/√n ≈ 0.0022; of the variance ≈ 0.0032.
    #expect(abs(m) < 0.01 && abs(v - 1) < 0.015)
  }
}
