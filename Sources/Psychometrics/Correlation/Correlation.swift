import Distributions
import LinearAlgebra
import Ordinal
import Survey

// Correlation matrices with tests, as psych::corr.test:
//   Pearson r over complete pairs (pairwise) or complete rows (listwise);
//   Spearman ρ = Pearson r of the ranks (ties get their average rank, R's rank());
//   t = r √((n − 2)/(1 − r²)) on n − 2 df, p two-sided;
//   polychoric: two-step ML ρ of ordinal items with their thresholds (the
//     Ordinal target; lavaan's lavCor), tested by Wald z = ρ/SE with SE = √(Γᵨᵨ/N),
//     Γ Muthén's (1984) asymptotic covariance, as lavCor(se = "standard");
//   stars: * p < .05, ** p < .01, *** p < .001.
// The "mean, SD, correlations" table takes an optional diagonal (√AVE from a
// CFA, the Fornell–Larcker layout).

public enum CorrelationMethod: String, Sendable, Codable, CaseIterable {
  case pearson, spearman, polychoric
}

public enum MissingHandling: String, Sendable, Codable, CaseIterable {
  case listwise, pairwise
}

public struct CorrelationTable: Sendable, Codable, Equatable {
  public var method: CorrelationMethod
  public var missing: MissingHandling
  public var variables: [String]
  public var means: [Double]
  public var sds: [Double]
  /// Row-major p × p.
  public var r: [[Double]]
  public var p: [[Double]]
  public var n: [[Int]]
  /// Replaces the diagonal in the published table (e.g. √AVE), when given.
  public var diagonal: [Double]?
  /// Polychoric only: each item's categories and thresholds, the standard
  /// errors of the correlations, and the pairs whose tables have empty cells.
  public var levels: [[Double]]?
  public var thresholds: [[Double]]?
  public var se: [[Double]]?
  public var sparsePairs: [PolychoricMatrix.SparsePair]?

  enum CodingKeys: String, CodingKey {
    case method, missing, variables, means, sds, r, p, n, diagonal, levels, thresholds, se
    case sparsePairs = "sparse_pairs"
  }

  public static func stars(_ p: Double) -> String {
    p < 0.001 ? "***" : p < 0.01 ? "**" : p < 0.05 ? "*" : ""
  }

  public static func compute(_ frame: DataFrame, variables: [String], method: CorrelationMethod = .pearson,
                             missing: MissingHandling = .listwise) throws(InputError) -> CorrelationTable {
    guard variables.count >= 2 else {
      throw InputError(file: frame.source, "a correlation table needs at least 2 variables")
    }
    if method == .polychoric { return try polychoric(frame, variables: variables, missing: missing) }
    var cols: [[Double]] = []
    if missing == .listwise {
      cols = try frame.listwiseMatrix(variables).data
    } else {
      for v in variables { cols.append(try frame.numericColumn(v)) }
    }
    let k = variables.count
    let moments = cols.map { c in meanAndSD(c.filter { !$0.isNaN }) }
    let means = moments.map(\.mean), sds = moments.map(\.sd)
    var r = Array(repeating: Array(repeating: 1.0, count: k), count: k)
    var pv = Array(repeating: Array(repeating: 0.0, count: k), count: k)
    var nn = Array(repeating: Array(repeating: 0, count: k), count: k)
    for i in 0..<k {
      nn[i][i] = cols[i].filter { !$0.isNaN }.count
      if nn[i][i] > 1, !(sds[i] > 0) {
        throw InputError(file: frame.source, column: variables[i], "is constant (variance 0); it has no correlation with anything")
      }
      for j in 0..<i {
        var x: [Double] = [], y: [Double] = []
        for t in cols[i].indices where !cols[i][t].isNaN && !cols[j][t].isNaN {
          x.append(cols[i][t]); y.append(cols[j][t])
        }
        if method == .spearman { x = ranks(x); y = ranks(y) }
        let rij = pearson(x, y)
        let m = x.count
        let t = rij * (Double(m - 2) / (1 - rij * rij)).squareRoot()
        let p = m > 2 ? (abs(rij) >= 1 ? 0 : 2 * StudentT(df: Double(m - 2)).cdf(-abs(t))) : .nan
        r[i][j] = rij; r[j][i] = rij
        pv[i][j] = p; pv[j][i] = p
        nn[i][j] = m; nn[j][i] = m
      }
    }
    guard nn.joined().min() ?? 0 >= 3 else {
      throw InputError(file: frame.source, "fewer than 3 complete pairs for some variables; a correlation test needs at least 3")
    }
    return CorrelationTable(method: method, missing: missing, variables: variables, means: means, sds: sds, r: r, p: pv, n: nn, diagonal: nil)
  }

  static func polychoric(_ frame: DataFrame, variables: [String], missing: MissingHandling) throws(InputError) -> CorrelationTable {
    var items: [OrdinalVariable] = []
    for v in variables { items.append(try OrdinalVariable(name: v, values: try frame.numericColumn(v), source: frame.source)) }
    let m = try PolychoricMatrix.compute(items, missing: missing == .listwise ? .listwise : .pairwise, source: frame.source)
    let se = PolychoricInfluence(m).standardErrors
    let k = variables.count
    let offset = m.thresholds.reduce(0) { $0 + $1.count }
    var seMatrix = Array(repeating: Array(repeating: 0.0, count: k), count: k)
    var p = seMatrix
    var q = offset
    for j in 0..<k {
      for i in (j + 1)..<max(j + 1, k) {
        seMatrix[i][j] = se[q]; seMatrix[j][i] = se[q]
        let pv = Normal.twoSidedP(m.rho[i][j] / se[q])
        p[i][j] = pv; p[j][i] = pv
        q += 1
      }
    }
    // Means and SDs of the raw codes, over the rows the correlations used.
    let cols = missing == .listwise ? try frame.listwiseMatrix(variables).data : try variables.map { v throws(InputError) in try frame.numericColumn(v) }
    let moments = cols.map { c in meanAndSD(c.filter { !$0.isNaN }) }
    return CorrelationTable(method: .polychoric, missing: missing, variables: variables, means: moments.map(\.mean), sds: moments.map(\.sd),
                            r: m.rho, p: p, n: m.n, diagonal: nil, levels: m.levels, thresholds: m.thresholds, se: seMatrix,
                            sparsePairs: m.sparsePairs)
  }

  static func pearson(_ x: [Double], _ y: [Double]) -> Double {
    let n = Double(x.count)
    let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
    var sxy = 0.0, sxx = 0.0, syy = 0.0
    for i in x.indices {
      let dx = x[i] - mx, dy = y[i] - my
      sxy += dx * dy; sxx += dx * dx; syy += dy * dy
    }
    return sxy / (sxx * syy).squareRoot()
  }

  /// R's rank(ties.method = "average").
  static func ranks(_ x: [Double]) -> [Double] {
    let order = x.indices.sorted { x[$0] < x[$1] }
    var out = [Double](repeating: 0, count: x.count)
    var i = 0
    while i < order.count {
      var j = i
      while j + 1 < order.count && x[order[j + 1]] == x[order[i]] { j += 1 }
      let avg = Double(i + j + 2) / 2
      for t in i...j { out[order[t]] = avg }
      i = j + 1
    }
    return out
  }
}
