import Foundation
import LinearAlgebra

// The Bollen–Stine bootstrap test of model fit (Bollen & Stine 1992,
// "Bootstrapping goodness-of-fit measures in structural equation models",
// Sociological Methods & Research 21(2); lavaan's test = "bollen.stine").
// The χ² test assumes normal data; resampling the raw data cannot replace it,
// because in the raw data the model does not hold. So the data are first
// rotated into a population where it holds exactly:
//   Z = (X − 1x̄ᵀ)·S^(−1/2)·Σ̂^(1/2),   so that ZᵀZ/N = Σ̂
// (S with divisor N, symmetric square roots from the eigen-decomposition),
// and B resamples of Z's rows are fitted. With T the observed χ² and T*_b the
// replicates' χ² (failed or non-converged replicates dropped, as lavaan does):
//   p = #{T*_b > T} / B_ok.
// Because Z keeps the data's non-normality, p does not lean on normality the
// way the χ² p value does.
// lavaan's se = "bootstrap" with test = "bollen.stine" also takes its standard
// errors from the rotated data; ClusterStat keeps the two apart: the standard
// errors and intervals come from the ordinary resamples, and this run (its own
// streams of the same seed) gives only the p value.

public struct BollenStineResult: Sendable, Codable {
  /// The observed χ².
  public var chisq: Double
  public var df: Int
  /// #{T* > T} / B_ok.
  public var pvalue: Double
  /// #{T* > T} (lavaan's boot.larger).
  public var larger: Int
  /// Replicates fitted (lavaan's boot.length).
  public var completed: Int
  public var failed: Int
  public var requested: Int
  /// The replicates' χ², in replicate order (not in JSON).
  public var statistics: [Double] = []

  enum CodingKeys: String, CodingKey {
    case chisq, df, pvalue, failed, requested
    case larger = "boot.larger", completed = "boot.length"
  }
}

public enum BollenStine {
  /// `data`: the fit's complete cases, one array per variable in
  /// `f.moments.names` order (as for `Bootstrap.run`).
  public static func run(_ f: FittedModel, data: [[Double]], replicates: Int, generator: SplitMix64,
                         threads: Int? = nil, progress: (@Sendable (Int) -> Void)? = nil) throws -> BollenStineResult {
    precondition(f.groups.count == 1 && !f.meanstructure && !f.fiml && f.estimatorType == ML.self,
                 "the Bollen–Stine bootstrap is for one group with complete data and ML")
    let rotated = try rotate(data, sample: f.sampleCovariance, implied: f.sigma)
    let fitOptions = Bootstrap.replicateOptions(f)
    let layouts = f.groups.map(\.layout)
    let (slots, failedRuns) = Bootstrap.resample(rotated, names: f.moments.names, replicates: replicates, generator: generator,
                                                 threads: threads, progress: progress) { moments in
      guard let fit = try? SEM.fit(SEMModel(table: f.table, moments: moments, options: fitOptions, layouts: layouts)), fit.optimization.converged else { return nil }
      return [fit.chisq]
    }
    let statistics = slots.compactMap { $0?[0] }
    try Bootstrap.checkEnough(completed: statistics.count, failedRuns: failedRuns, of: replicates, what: "Bollen–Stine bootstrap")
    let t = f.chisq
    let larger = statistics.filter { $0 > t }.count
    return BollenStineResult(chisq: t, df: f.df, pvalue: Double(larger) / Double(statistics.count), larger: larger,
                             completed: statistics.count, failed: replicates - statistics.count, requested: replicates,
                             statistics: statistics)
  }

  /// Z = (X − 1x̄ᵀ)·S^(−1/2)·Σ̂^(1/2), column by column as `data` is laid out.
  static func rotate(_ data: [[Double]], sample s: Matrix, implied sigma: Matrix) throws -> [[Double]] {
    let p = data.count, n = data.first?.count ?? 0
    let sEigen = try SymmetricEigen(s), sigmaEigen = try SymmetricEigen(sigma)
    guard let smallest = sEigen.values.last, smallest > 0 else {
      throw SEMFailure(kind: .sampleNotPositiveDefinite, message: "the Bollen–Stine bootstrap needs S^(−1/2): the sample covariance matrix is not positive definite")
    }
    guard let smallestImplied = sigmaEigen.values.last, smallestImplied > 0 else {
      throw SEMFailure(kind: .improperSolution, message: "the Bollen–Stine bootstrap needs Σ̂^(1/2): the model-implied covariance matrix is not positive definite")
    }
    let m = sEigen.reconstruct { 1 / $0.squareRoot() }.times(sigmaEigen.reconstruct { $0.squareRoot() })
    var x = Matrix(rows: n, columns: p)
    for j in 0..<p {
      let mean = data[j].reduce(0, +) / Double(n)
      for i in 0..<n { x[i, j] = data[j][i] - mean }
    }
    let z = x.times(m)
    return (0..<p).map { j in (0..<n).map { z[$0, j] } }
  }
}
