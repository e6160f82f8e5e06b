import Testing
@testable import LinearAlgebra

// Products with a matrix most of whose columns hold one non-zero (a WLS
// Jacobian's thresholds) against the same products through BLAS, on a seeded
// 180 × 95 matrix shaped like bfi's Δ: 75 single-entry columns (one of them
// sharing its row with another) and 20 dense ones.
@Test func productsWithSingleEntryColumnsAreBLASProducts() throws {
  var g = SplitMix64(seed: 23)
  let m = 180, n = 95
  var a = Matrix(rows: m, columns: n)
  for c in 0..<75 { a[c == 74 ? 3 : c, c] = g.nextGaussian() }
  for c in 75..<n { for r in 0..<m where r >= 60 || c % 3 == 0 { a[r, c] = g.nextGaussian() } }
  var x = Matrix(rows: 40, columns: m), y = Matrix(rows: m, columns: 7)
  for i in 0..<x.elements.count { x.elements[i] = g.nextGaussian() }
  for i in 0..<y.elements.count { y.elements[i] = g.nextGaussian() }

  let s = try #require(ColumnSparsity(a))
  #expect(s.dense == Array(75..<n))
  #expect(s.single[74] == 3 && s.single[3] == 3 && s.single[10] == 10)
  #expect(Matrix.gramOfSparseColumns(a).maxAbsDifference(a.gram) < 1e-12)
  #expect(Matrix.times(x, sparse: a, s).maxAbsDifference(x * a) < 1e-12)
  #expect(Matrix.transposeTimes(sparse: a, s, y).maxAbsDifference(a.times(y, transposeSelf: true)) < 1e-12)
  // Where it does not pay (a small matrix, or mostly dense columns) there is no sparsity.
  #expect(ColumnSparsity(Matrix(rows: 10, columns: 10)) == nil)
  var dense = a
  for c in 0..<75 { dense[100, c] = 1 }
  #expect(ColumnSparsity(dense) == nil)
  // ⟨A, B⟩ = tr(AᵀB).
  #expect(abs(Matrix.innerProduct(a, a) - a.gram.trace) < 1e-10 * a.gram.trace)
}
