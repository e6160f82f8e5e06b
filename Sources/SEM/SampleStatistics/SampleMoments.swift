import LinearAlgebra
import Survey

// The sample statistics an ML fit of complete data needs: the covariance
// matrix with divisor N (lavaan's likelihood = "normal") and N. From raw data
// with listwise deletion, or from a covariance matrix the user supplies, which
// is taken (as lavaan's sample.cov.rescale = TRUE does) to have divisor N − 1.

public struct SampleMoments: Sendable {
  public var names: [String]
  /// Divisor N.
  public var covariance: Matrix
  public var means: [Double]
  public var n: Int
  /// Rows dropped because a model variable was missing.
  public var dropped: Int

  public init(names: [String], covariance: Matrix, means: [Double], n: Int, dropped: Int = 0) {
    self.names = names
    self.covariance = covariance
    self.means = means
    self.n = n
    self.dropped = dropped
  }

  public static func fromData(_ frame: DataFrame, names: [String]) throws(InputError) -> SampleMoments {
    let m = try Moments.of(frame, columns: names)
    for (i, name) in names.enumerated() where !(m.crossProducts[i][i] > 0) {
      throw InputError(file: frame.source, column: name, "is constant over the \(m.n) complete rows (variance 0); a covariance model needs a variance")
    }
    return SampleMoments(names: names, covariance: m.covarianceML, means: m.means, n: m.n, dropped: m.skippedIncomplete)
  }

  /// A covariance matrix with divisor N − 1, as R's cov() gives it.
  public static func fromCovariance(_ s: Matrix, names: [String], n: Int, means: [Double]? = nil) -> SampleMoments {
    SampleMoments(names: names, covariance: (Double(n - 1) / Double(n)) * s, means: means ?? Array(repeating: 0, count: names.count), n: n)
  }

  /// The moments of `subset`, in that order.
  public func reordered(_ subset: [String]) -> SampleMoments {
    let idx = subset.map { names.firstIndex(of: $0)! }
    var c = Matrix(rows: idx.count, columns: idx.count)
    for (a, i) in idx.enumerated() { for (b, j) in idx.enumerated() { c[a, b] = covariance[i, j] } }
    return SampleMoments(names: subset, covariance: c, means: idx.map { means[$0] }, n: n, dropped: dropped)
  }
}
