import Foundation
import Testing
import Survey
import LinearAlgebra
@testable import Ordinal

// Properties of the polychoric machinery that need no reference: the score
// and Hessian against finite differences of the log-likelihood, the exact
// optimum (score 0), symmetry under reversing an item, thread-count
// independence, and the bad inputs an ordinal item can bring.

/// A seeded ordinal sample: latent bivariate normal with correlation rho, cut at the given points.
func latentSample(n: Int, rho: Double, cutsX: [Double], cutsY: [Double], seed: UInt64) -> ([Double], [Double]) {
  var state = seed
  func uniform() -> Double {
    state = state &* 6364136223846793005 &+ 1442695040888963407
    return (Double(state >> 11) + 0.5) / 9007199254740992.0
  }
  func normal() -> Double { (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform()) }
  var xs: [Double] = [], ys: [Double] = []
  for _ in 0..<n {
    let u = normal(), v = rho * u + (1 - rho * rho).squareRoot() * normal()
    xs.append(Double(cutsX.filter { u > $0 }.count + 1))
    ys.append(Double(cutsY.filter { v > $0 }.count + 1))
  }
  return (xs, ys)
}

struct PolychoricTests {
  @Test func scoreAndHessianMatchDifferences() {
    let table: [Double] = [30, 12, 5, 2, 10, 25, 14, 6, 3, 11, 28, 19]
    let l = PolychoricPair.Likelihood(table: table, rows: 3, columns: 4, a: [-0.5, 0.6], b: [-0.9, 0.0, 0.8])
    for rho in [-0.6, 0.1, 0.55, 0.94] {
      let h = 1e-6
      let e = l.evaluate(rho)
      let up = l.evaluate(rho + h), down = l.evaluate(rho - h)
      let fdScore = (up.value - down.value) / (2 * h), fdHessian = (up.score - down.score) / (2 * h)
      #expect(abs(e.score - fdScore) < 1e-6 * max(1, abs(e.score)), "score at \(rho)")
      #expect(abs(e.hessian - fdHessian) < 1e-5 * max(1, abs(e.hessian)), "hessian at \(rho)")
    }
  }

  @Test func estimateIsTheExactMaximum() throws {
    for (rho, seed) in [(0.45, 1 as UInt64), (-0.7, 2), (0.9, 3), (0.05, 4)] {
      let (x, y) = latentSample(n: 500, rho: rho, cutsX: [-1, 0, 0.7, 1.5], cutsY: [-0.4, 0.9], seed: seed)
      let vx = try OrdinalVariable(name: "x", values: x), vy = try OrdinalVariable(name: "y", values: y)
      let m = try PolychoricMatrix.compute([vx, vy])
      let r = m.rho[1][0]
      #expect(abs(r - rho) < 0.15, "ρ = \(r) for a latent \(rho)")
      var cells = [Int](repeating: 0, count: vx.categories * vy.categories)
      for t in x.indices { cells[Int(vy.codes[t]) * vx.categories + Int(vx.codes[t])] += 1 }
      let l = PolychoricPair.Likelihood(table: cells.map(Double.init), rows: vy.categories, columns: vx.categories,
                                        a: m.thresholds[1], b: m.thresholds[0])
      let e = l.evaluate(r)
      #expect(abs(e.score) < 1e-9 * Double(x.count), "score \(e.score) at the estimate")
    }
  }

  @Test func reversingAnItemFlipsTheSign() throws {
    let (x, y) = latentSample(n: 400, rho: 0.5, cutsX: [-0.8, 0.1, 1.2], cutsY: [-1.1, -0.2, 0.5, 1.3], seed: 9)
    let a = try PolychoricMatrix.compute([OrdinalVariable(name: "x", values: x), OrdinalVariable(name: "y", values: y)])
    let b = try PolychoricMatrix.compute([OrdinalVariable(name: "x", values: x.map { 5 - $0 }), OrdinalVariable(name: "y", values: y)])
    #expect(abs(a.rho[1][0] + b.rho[1][0]) < 1e-10)
    #expect(zip(a.thresholds[0], b.thresholds[0].reversed()).allSatisfy { abs($0 + $1) < 1e-12 })
  }

  @Test func sameOnAnyThreadCountAndListwiseEqualsPairwiseOnCompleteData() throws {
    var items: [OrdinalVariable] = []
    for k in 0..<6 {
      let (x, _) = latentSample(n: 300, rho: 0.3, cutsX: [-0.5 + 0.1 * Double(k), 0.4, 1.1], cutsY: [0], seed: UInt64(20 + k))
      items.append(try OrdinalVariable(name: "i\(k)", values: x))
    }
    let one = try PolychoricMatrix.compute(items, threads: 1), two = try PolychoricMatrix.compute(items, threads: 2)
    let listwise = try PolychoricMatrix.compute(items, missing: .listwise, threads: 3)
    #expect(one == two)
    #expect(one.rho == listwise.rho && one.thresholds == listwise.thresholds)
  }

  @Test func twoByTwoTablesFollowLavaansRules() {
    // Median splits: the closed form −cos(2π p₁₁).
    let median = PolychoricPair.estimate(table: [40, 10, 10, 40], rows: 2, columns: 2, rowThresholds: [0], columnThresholds: [0])
    #expect(abs(median.rho - (-cos(2 * Double.pi * 0.4))) < 1e-15)
    // ad = bc: independent.
    #expect(PolychoricPair.estimate(table: [20, 10, 40, 20], rows: 2, columns: 2, rowThresholds: [0.3], columnThresholds: [-0.2]).rho == 0)
    // Two empty cells: ±1.
    #expect(PolychoricPair.estimate(table: [20, 0, 0, 30], rows: 2, columns: 2, rowThresholds: [0.3], columnThresholds: [-0.2]).rho == 1)
    // One empty cell: 0.5 moved within the margins, said in the result.
    let one = PolychoricPair.estimate(table: [20, 0, 7, 30], rows: 2, columns: 2, rowThresholds: [-0.3], columnThresholds: [0.2])
    #expect(one.zeroAdded && one.emptyCells == 1 && one.rho > 0.8)
    // A likelihood rising to ρ = 1 (an empty corner of a 3 × 3 table): lavaan's bound.
    let edge = PolychoricPair.estimate(table: [30, 5, 0, 4, 30, 6, 0, 3, 30], rows: 3, columns: 3,
                                       rowThresholds: [-0.4, 0.4], columnThresholds: [-0.4, 0.4])
    #expect(edge.rho > 0.9 && edge.rho <= PolychoricPair.bound)
  }

  @Test func badItemsAreRefusedWithTheirNames() {
    #expect(throws: InputError.self) { try OrdinalVariable(name: "q1", values: [1, 2, 2.5, 3]) }
    #expect(throws: InputError.self) { try OrdinalVariable(name: "q2", values: [3, 3, .nan, 3]) }
    #expect(throws: InputError.self) { try OrdinalVariable(name: "q3", values: (1...25).map(Double.init)) }
    do {
      _ = try OrdinalVariable(name: "q2", values: [3, 3, .nan, 3], source: "survey.csv")
    } catch {
      #expect(error.description.contains("q2") && error.description.contains("one observed category"))
    }
  }
}

// Γ = N ZᵀZ by row blocks on another core (InfluenceGram, large enough for it:
// 2,000 cases × 70 statistics): the same matrix as one dsyrk to rounding, the
// same bits from run to run whichever core formed which block, and the
// diagonal (DWLS's weight) before the rest.
@Test func influenceGramByBlocksIsOneGram() {
  var g = SplitMix64(seed: 2563)
  let n = 2000, d = 70
  let z = (0..<(n * d)).map { _ in g.nextGaussian() }
  var reference = Matrix(rows: d, columns: d)
  Matrix.gram(Matrix(rows: n, columns: d, columnMajor: z), into: &reference, alpha: Double(n))
  let first = InfluenceGram(z: z, cases: n, dimension: d)
  #expect(zip(first.diagonal, reference.diagonalElements).allSatisfy { abs($0 - $1) <= 1e-12 * $1 })
  let gamma = first.matrix
  #expect(gamma.maxAbsDifference(reference) <= 1e-11 * Double(n) * Double(n))
  #expect(gamma.maxAbsDifference(gamma.transposed) == 0)
  for _ in 0..<5 { #expect(InfluenceGram(z: z, cases: n, dimension: d).matrix.elements == gamma.elements) }
  #expect(first.matrix.elements == gamma.elements)
  #expect(InfluenceGram.blockBounds(2563) == [0, 640, 1280, 1600, 1920, 2080, 2240, 2368, 2496, 2563])
}
