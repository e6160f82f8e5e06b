import Foundation
import LinearAlgebra
import Survey

// Parallel analysis (Horn 1965) as psych::fa.parallel(fa = "both") decides it:
// `iterations` data sets of N × p independent standard normal values; for each,
// the eigenvalues of its correlation matrix (components) and psych's factor
// eigenvalues (R with the communalities of a one-factor minres solution on the
// diagonal). The suggested number of factors is the count of leading observed
// factor eigenvalues above the 95th percentile (R's quantile type 7) of the
// simulated ones; likewise for components. Kaiser's eigenvalue > 1 count is
// given alongside. The one-factor fits are bounded as psych bounds them
// (uniquenesses in [0.005, 1]), so a replicate of pure noise cannot run away;
// a replicate whose fit still fails is left out and counted (`failed`), never
// fatal. `quantile` nil takes the mean of the simulated eigenvalues instead
// (Horn's original criterion). psych draws with R's RNG, so the simulated values agree
// with psych's within Monte-Carlo error, not digit for digit; ours repeat
// exactly for a seed: replicate i draws from SplitMix64(seed).split(stream: i)
// whatever the number of threads.

public struct ParallelAnalysis: Sendable, Codable, Equatable {
  public var iterations: Int
  public var seed: UInt64
  /// nil: the mean of the simulated eigenvalues is the threshold.
  public var quantile: Double?
  public var observedComponents: [Double]
  public var observedFactors: [Double]
  public var simulatedComponentsMean: [Double]
  public var simulatedComponentsQuantile: [Double]
  public var simulatedFactorsMean: [Double]
  public var simulatedFactorsQuantile: [Double]
  public var suggestedFactors: Int
  public var suggestedComponents: Int
  public var kaiser: Int
  /// Replicates whose one-factor fit failed and were left out.
  public var failed: Int

  enum CodingKeys: String, CodingKey {
    case iterations, seed, quantile, kaiser, failed
    case observedComponents = "observed_components", observedFactors = "observed_factors"
    case simulatedComponentsMean = "simulated_components_mean", simulatedComponentsQuantile = "simulated_components_quantile"
    case simulatedFactorsMean = "simulated_factors_mean", simulatedFactorsQuantile = "simulated_factors_quantile"
    case suggestedFactors = "suggested_factors", suggestedComponents = "suggested_components"
  }

  public static func run(_ r: Matrix, n: Int, iterations: Int = 20, seed: UInt64 = 20180501, quantile q: Double? = 0.95) throws -> ParallelAnalysis {
    let p = r.rows
    guard p >= 3 else {
      throw InputError("parallel analysis needs at least 3 items (a one-factor model of \(p) is not identified); give the number of factors", settings: [.factors])
    }
    let observedPC = try SymmetricEigen(r, vectors: false).values
    let observedFA = try Extract.run(r, factors: 1, method: .minres, names: Array(repeating: "", count: p)).values
    let base = SplitMix64(seed: seed)
    final class Slots: @unchecked Sendable {
      var pc: [[Double]]
      var fa: [[Double]]
      init(_ n: Int) { pc = Array(repeating: [], count: n); fa = Array(repeating: [], count: n) }
    }
    let slots = Slots(iterations)
    let lock = NSLock()
    DispatchQueue.concurrentPerform(iterations: iterations) { i in
      var g = base.split(stream: UInt64(i))
      var x = Matrix(rows: n, columns: p)
      for t in x.elements.indices { x.elements[t] = g.nextGaussian() }
      let sim = correlationOf(&x)
      let pc = try? SymmetricEigen(sim, vectors: false).values
      let fa = try? Extract.run(sim, factors: 1, method: .minres, names: Array(repeating: "", count: p)).values
      lock.withLock { slots.pc[i] = pc ?? []; slots.fa[i] = fa ?? [] }
    }
    // A replicate counts only when both its eigenvalue sets were found.
    let ok = (0..<iterations).filter { slots.pc[$0].count == p && slots.fa[$0].count == p }
    guard ok.count >= 2 else {
      throw FactorAnalysisFailure(description: "parallel analysis failed: \(iterations - ok.count) of \(iterations) simulated data sets could not be factored; give the number of factors", settings: [.factors])
    }
    func summarise(_ all: [[Double]]) -> (mean: [Double], threshold: [Double]) {
      let v = ok.map { all[$0] }
      let mean = (0..<p).map { j in v.reduce(0) { $0 + $1[j] } / Double(v.count) }
      guard let q else { return (mean, mean) }
      return (mean, (0..<p).map { j in sortedQuantile(v.map { $0[j] }.sorted(), q) })
    }
    let pc = summarise(slots.pc), fa = summarise(slots.fa)
    func leadingAbove(_ observed: [Double], _ threshold: [Double]) -> Int {
      (0..<p).first { !(observed[$0] > threshold[$0]) } ?? p
    }
    return ParallelAnalysis(
      iterations: iterations, seed: seed, quantile: q,
      observedComponents: observedPC, observedFactors: observedFA,
      simulatedComponentsMean: pc.mean, simulatedComponentsQuantile: pc.threshold,
      simulatedFactorsMean: fa.mean, simulatedFactorsQuantile: fa.threshold,
      suggestedFactors: leadingAbove(observedFA, fa.threshold), suggestedComponents: leadingAbove(observedPC, pc.threshold),
      kaiser: observedPC.filter { $0 > 1 }.count, failed: iterations - ok.count)
  }

  /// Pearson correlation matrix of the columns of x (x is centred in place).
  static func correlationOf(_ x: inout Matrix) -> Matrix {
    let n = x.rows, p = x.columns
    for j in 0..<p {
      var m = 0.0
      for i in 0..<n { m += x[i, j] }
      m /= Double(n)
      for i in 0..<n { x[i, j] -= m }
    }
    var c = Matrix(rows: p, columns: p)
    Matrix.gram(x, into: &c)
    let d = (0..<p).map { 1 / c[$0, $0].squareRoot() }
    for j in 0..<p { for i in 0..<p { c[i, j] *= d[i] * d[j] } }
    for i in 0..<p { c[i, i] = 1 }
    return c
  }
}


