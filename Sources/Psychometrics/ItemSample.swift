import LinearAlgebra
import Survey

/// The items of one analysis over their complete cases: names, n, means and
/// the covariance matrix with divisor N − 1 (R's cov()), plus the checks every
/// psychometric analysis needs before it starts.
public struct ItemSample: Sendable {
  public var names: [String]
  public var n: Int
  public var means: [Double]
  /// Divisor N − 1.
  public var covariance: Matrix
  /// Rows dropped because an item was missing (listwise deletion).
  public var dropped: Int
  /// The file the items came from, for messages.
  public var source: String?

  public init(names: [String], n: Int, means: [Double], covariance: Matrix, dropped: Int = 0, source: String? = nil) {
    self.names = names
    self.n = n
    self.means = means
    self.covariance = covariance
    self.dropped = dropped
    self.source = source
  }

  /// Listwise-complete moments of `items`; refuses fewer than `minimumItems`
  /// items, constant items and too few complete cases.
  public static func from(_ frame: DataFrame, items: [String], minimumItems: Int = 2, purpose: String) throws(InputError) -> ItemSample {
    guard items.count >= minimumItems else {
      throw InputError(file: frame.source, "\(purpose) needs at least \(minimumItems) items; \(items.count == 1 ? "only '\(items[0])' was" : "\(items.count) were") given")
    }
    var seen = Set<String>()
    for name in items where !seen.insert(name).inserted {
      throw InputError(file: frame.source, column: name, "is listed twice among the items")
    }
    let m = try Moments.of(frame, columns: items)
    guard m.n > 1 else {
      throw InputError(file: frame.source, "only \(m.n) row\(m.n == 1 ? " has" : "s have") all of \(items.joined(separator: ", ")) (listwise deletion dropped \(m.skippedIncomplete)); \(purpose) needs at least 2")
    }
    let sample = ItemSample(names: items, n: m.n, means: m.means, covariance: m.covariance, dropped: m.skippedIncomplete, source: frame.source)
    try sample.checkVariances()
    return sample
  }

  public var p: Int { names.count }

  public var standardDeviations: [Double] { (0..<p).map { covariance[$0, $0].squareRoot() } }

  /// cov2cor(S).
  public var correlation: Matrix {
    let sd = standardDeviations
    var r = Matrix(rows: p, columns: p)
    for j in 0..<p { for i in 0..<p { r[i, j] = i == j ? 1 : covariance[i, j] / (sd[i] * sd[j]) } }
    return r
  }

  func checkVariances() throws(InputError) {
    for (i, name) in names.enumerated() where !(covariance[i, i] > 0) {
      throw InputError(file: source, column: name, "is constant over the \(n) complete rows (variance 0); drop it from the items")
    }
  }

  /// Refuses a singular correlation matrix, naming the items that are collinear
  /// (those with weight in the eigenvector of the near-zero eigenvalue).
  public func requireNonsingular(_ r: Matrix, purpose: String) throws(InputError) {
    guard let e = try? SymmetricEigen(r) else { return }
    let smallest = e.values.last ?? 1
    guard smallest <= 1e-10 * max(1, e.values.first ?? 1) else {
      if n <= p {
        throw InputError(file: source, "\(purpose) needs more complete cases than items: \(n) cases for \(p) items")
      }
      return
    }
    let k = p - 1
    let v = (0..<p).map { abs(e.vectors[$0, k]) }
    let top = v.max() ?? 1
    let involved = (0..<p).filter { v[$0] > 0.1 * top }.map { names[$0] }
    if n <= p {
      throw InputError(file: source, "the correlation matrix is singular: \(n) complete cases for \(p) items; \(purpose) needs more cases than items")
    }
    throw InputError(file: source, "the correlation matrix of the items is singular: \(involved.joined(separator: ", ")) are linearly dependent (one is a combination of the others, e.g. a total score); drop one of them")
  }
}
