import Foundation
import LinearAlgebra
import Survey

// The items of one analysis and the moments every psychometric analysis
// starts from, under either treatment of missing values psych offers:
//   pairwise (psych's default, use = "pairwise"): each covariance and
//     correlation over the rows where both items are present, with the means
//     of those rows (R's cov/cor(use = "pairwise.complete.obs")); item means
//     and SDs over each item's present values; n.obs = nrow(x), all rows, as
//     psych's alpha, fa and cortest.bartlett take it.
//   listwise: the rows where every item is present, n.obs = their count.
// A pairwise correlation matrix need not be positive definite. psych's
// cor.smooth then floors the eigenvalues below 1e-12 at 100·1e-12, rescales
// them to sum to p and rescales the result to unit diagonal (Wothke 1993);
// the smoothed matrix serves KMO, factor analysis and ω, and a warning says so.

/// The items of one analysis: names, n, means, covariance (divisor N − 1) and
/// correlation, the raw columns, and the checks every analysis needs first.
public struct ItemSample: Sendable {
  public var names: [String]
  /// psych's n.obs: every row (pairwise) or the complete rows (listwise).
  public var n: Int
  public var means: [Double]
  /// Divisor N − 1 (pairwise: each entry over its pair's complete rows).
  public var covariance: Matrix
  /// psych's cor(x, use): Pearson r per pair (smoothed when not positive definite).
  public var correlation: Matrix
  /// Rows dropped because an item was missing (listwise); 0 under pairwise.
  public var dropped: Int
  public var use: MissingHandling
  /// Cases per pair (diagonal: per item).
  public var pairCounts: [[Int]]
  /// The item values of the rows analysed (NaN = missing), one array per item.
  public var columns: [[Double]]
  /// Notes on how the moments were formed (smoothing).
  public var warnings: [Warning]
  /// The file the items came from, for messages.
  public var source: String?
  /// Pearson, or polychoric when the items are treated as ordinal (`polychoric(_:items:…)`).
  public var correlationMethod: CorrelationMethod = .pearson

  /// From moments alone (no raw data): listwise, as a covariance matrix input.
  public init(names: [String], n: Int, means: [Double], covariance: Matrix, dropped: Int = 0, source: String? = nil) {
    self.names = names
    self.n = n
    self.means = means
    self.covariance = covariance
    self.correlation = ItemSample.cov2cor(covariance)
    self.dropped = dropped
    self.use = .listwise
    self.pairCounts = Array(repeating: Array(repeating: n, count: names.count), count: names.count)
    self.columns = []
    self.warnings = []
    self.source = source
  }

  /// The moments of `items` under `use`; refuses fewer than `minimumItems`
  /// items, repeated items, constant items and too few cases.
  public static func from(_ frame: DataFrame, items: [String], minimumItems: Int = 2, use: MissingHandling = .listwise,
                          purpose: String) throws(InputError) -> ItemSample {
    guard items.count >= minimumItems else {
      throw InputError(file: frame.source, "\(purpose) needs at least \(minimumItems) items; \(items.count == 1 ? "only '\(items[0])' was" : "\(items.count) were") given")
    }
    var seen = Set<String>()
    for name in items where !seen.insert(name).inserted {
      throw InputError(file: frame.source, column: name, "is listed twice among the items")
    }
    var cols: [[Double]] = []
    for name in items { cols.append(try frame.numericColumn(name)) }
    for (j, c) in cols.enumerated() {
      if let bad = c.firstIndex(where: { $0.isInfinite }) {
        throw InputError(file: frame.source, row: bad + 1, column: items[j], "holds a value too large to be a number (\(c[bad] > 0 ? "+" : "−")∞)")
      }
    }
    var dropped = 0
    if use == .listwise {
      let (complete, keep) = try frame.listwiseMatrix(items)
      dropped = frame.rowCount - keep.count
      guard keep.count > 1 else {
        throw InputError(file: frame.source, "only \(keep.count) row\(keep.count == 1 ? " has" : "s have") all of \(items.joined(separator: ", ")) (listwise deletion dropped \(dropped)); \(purpose) needs at least 2")
      }
      cols = complete
    }
    var s = try ItemSample.pairwise(columns: cols, names: items, source: frame.source)
    s.dropped = dropped
    s.use = use
    return s
  }

  /// Moments over pairwise-complete rows (for complete columns, the ordinary ones).
  static func pairwise(columns cols: [[Double]], names: [String], source: String?) throws(InputError) -> ItemSample {
    let p = cols.count, rows = cols.first?.count ?? 0
    var cov = Matrix(rows: p, columns: p), cor = Matrix(rows: p, columns: p)
    var counts = Array(repeating: Array(repeating: 0, count: p), count: p)
    var means = [Double](repeating: .nan, count: p)
    for i in 0..<p {
      var m = 0.0, c = 0
      for v in cols[i] where !v.isNaN { m += v; c += 1 }
      counts[i][i] = c
      guard c > 1 else {
        throw InputError(file: source, column: names[i], "has \(c) answer\(c == 1 ? "" : "s"); an item needs at least 2")
      }
      m /= Double(c)
      means[i] = m
      var ss = 0.0
      for v in cols[i] where !v.isNaN { ss += (v - m) * (v - m) }
      cov[i, i] = ss / Double(c - 1)
      guard cov[i, i] > 0 else {
        throw InputError(file: source, column: names[i], "is constant over its \(c) answers (variance 0); drop it from the items")
      }
      cor[i, i] = 1
    }
    for j in 0..<p {
      for i in (j + 1)..<p {
        var mi = 0.0, mj = 0.0, c = 0
        for r in 0..<rows where !cols[i][r].isNaN && !cols[j][r].isNaN { mi += cols[i][r]; mj += cols[j][r]; c += 1 }
        guard c > 2 else {
          throw InputError(file: source, "'\(names[i])' and '\(names[j])' are both answered in only \(c) row\(c == 1 ? "" : "s"); a correlation needs at least 3")
        }
        mi /= Double(c); mj /= Double(c)
        var sij = 0.0, sii = 0.0, sjj = 0.0
        for r in 0..<rows where !cols[i][r].isNaN && !cols[j][r].isNaN {
          let a = cols[i][r] - mi, b = cols[j][r] - mj
          sij += a * b; sii += a * a; sjj += b * b
        }
        guard sii > 0, sjj > 0 else {
          throw InputError(file: source, column: sii > 0 ? names[j] : names[i], "is constant over the \(c) rows where '\(names[i])' and '\(names[j])' are both answered; their correlation is undefined")
        }
        cov[i, j] = sij / Double(c - 1); cov[j, i] = cov[i, j]
        cor[i, j] = sij / (sii * sjj).squareRoot(); cor[j, i] = cor[i, j]
        counts[i][j] = c; counts[j][i] = c
      }
    }
    var warnings: [Warning] = []
    if let smoothed = ItemSample.smoothed(cor) {
      cor = smoothed
      warnings.append(.smoothed(what: "pairwise", zh: "成对删除的相关矩阵"))
    }
    return ItemSample(names: names, n: rows, means: means, covariance: cov, correlation: cor, dropped: 0, use: .pairwise,
                      pairCounts: counts, columns: cols, warnings: warnings, source: source)
  }

  init(names: [String], n: Int, means: [Double], covariance: Matrix, correlation: Matrix, dropped: Int, use: MissingHandling,
       pairCounts: [[Int]], columns: [[Double]], warnings: [Warning], source: String?) {
    self.names = names; self.n = n; self.means = means; self.covariance = covariance; self.correlation = correlation
    self.dropped = dropped; self.use = use; self.pairCounts = pairCounts; self.columns = columns
    self.warnings = warnings; self.source = source
  }

  public var p: Int { names.count }

  public var standardDeviations: [Double] { (0..<p).map { covariance[$0, $0].squareRoot() } }

  /// The smallest and largest number of cases behind a correlation.
  public var pairwiseRange: (min: Int, max: Int) {
    let all = pairCounts.joined()
    return (all.min() ?? n, all.max() ?? n)
  }

  /// cov2cor(S).
  public static func cov2cor(_ c: Matrix) -> Matrix {
    let p = c.rows
    let sd = (0..<p).map { c[$0, $0].squareRoot() }
    var r = Matrix(rows: p, columns: p)
    for j in 0..<p { for i in 0..<p { r[i, j] = i == j ? 1 : c[i, j] / (sd[i] * sd[j]) } }
    return r
  }

  /// psych::cor.smooth: nil when R's eigenvalues are all at least machine ε.
  public static func smoothed(_ r: Matrix, tolerance: Double = 1e-12) -> Matrix? {
    guard let e = try? SymmetricEigen(r), let smallest = e.values.last, smallest < Double.ulpOfOne else { return nil }
    let p = Double(r.rows)
    var values = e.values.map { $0 < tolerance ? 100 * tolerance : $0 }
    let total = values.reduce(0, +)
    values = values.map { $0 * p / total }
    var i = 0
    return cov2cor(e.reconstruct { _ in defer { i += 1 }; return values[i] })
  }

  /// The items with those marked −1 reversed as psych does (adjust − x,
  /// adjust = min + max over all the items' values unless given): columns,
  /// means, and the signs of covariances and correlations.
  public func reversed(_ keys: [Double], adjust given: Double? = nil) -> ItemSample {
    guard keys.contains(where: { $0 < 0 }) else { return self }
    var s = self
    let values = columns.joined().filter { !$0.isNaN }
    let adjust = given ?? ((values.min() ?? 0) + (values.max() ?? 0))
    for j in 0..<p where keys[j] < 0 {
      s.means[j] = adjust - means[j]
      if !columns.isEmpty { s.columns[j] = columns[j].map { adjust - $0 } }
    }
    for j in 0..<p { for i in 0..<p {
      s.covariance[i, j] = keys[i] * keys[j] * covariance[i, j]
      s.correlation[i, j] = keys[i] * keys[j] * correlation[i, j]
    } }
    return s
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

extension Warning {
  /// A correlation matrix that was not positive definite, smoothed as psych's cor.smooth.
  static func smoothed(what: String, zh: String) -> Warning {
    Warning(en: "the \(what) correlation matrix is not positive definite; it was smoothed as psych's cor.smooth does (eigenvalues below 1e-12 raised, rescaled to unit diagonal)",
            zh: "\(zh)非正定，已按 psych 的 cor.smooth 平滑（低于 1e-12 的特征值上调，再缩放为单位对角线）")
  }
}
