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
  /// Polychoric with continuous variables: which (polyserial with the items, Pearson among themselves).
  public var continuous: [String]?

  enum CodingKeys: String, CodingKey {
    case method, missing, variables, means, sds, r, p, n, diagonal, levels, thresholds, se, continuous
    case sparsePairs = "sparse_pairs"
  }

  public static func stars(_ p: Double) -> String {
    p < 0.001 ? "***" : p < 0.01 ? "**" : p < 0.05 ? "*" : ""
  }

  public static func compute(_ frame: DataFrame, variables: [String], method: CorrelationMethod = .pearson,
                             missing: MissingHandling = .listwise, minimumVariables: Int = 2) throws(InputError) -> CorrelationTable {
    // The study's table of one construct is its mean and SD; a correlation command of one variable is a mistake.
    guard variables.count >= max(1, minimumVariables) else {
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
    // Columns that are not ordinal (fractions, more than 20 values) are
    // continuous: polyserial with the ordinal ones, Pearson among themselves (lavCor).
    var continuous: [Int] = []
    for (i, v) in variables.enumerated() {
      let column = try frame.numericColumn(v)
      if column.contains(where: { !$0.isNaN && $0 != $0.rounded() }) || Set(column.filter { !$0.isNaN }).count > OrdinalVariable.maximumCategories {
        continuous.append(i)
      }
    }
    if continuous.count == variables.count {
      throw InputError(file: frame.source, column: variables[continuous[0]],
        "polychoric correlations need ordinal items with whole-number categories, and none of \(variables.joined(separator: ", ")) is one (fractions or more than \(OrdinalVariable.maximumCategories) values); use Pearson correlations", settings: [.correlationMethod])
    }
    if !continuous.isEmpty { return try mixed(frame, variables: variables, continuous: Set(continuous), missing: missing) }
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

  /// Ordinal items with continuous variables (lavaan's lavCor with ordered =
  /// the ordinal ones): polychoric among the items, polyserial between an item
  /// and a continuous variable (Ordinal's PolyserialPair; each variable's
  /// univariate step on its own available cases), Pearson between continuous
  /// ones. Standard errors and p values for the polychoric and Pearson pairs;
  /// the polyserial ones would need the mixed Γ of Muthén (1984) and are left out.
  static func mixed(_ frame: DataFrame, variables: [String], continuous: Set<Int>, missing: MissingHandling) throws(InputError) -> CorrelationTable {
    let k = variables.count
    let columns: [[Double]] = missing == .listwise ? try frame.listwiseMatrix(variables).data
      : try variables.map { v throws(InputError) in try frame.numericColumn(v) }
    let ordinalIndex = (0..<k).filter { !continuous.contains($0) }
    var items: [OrdinalVariable] = []
    for i in ordinalIndex { items.append(try OrdinalVariable(name: variables[i], values: columns[i], source: frame.source)) }
    let m = items.count >= 2 ? try PolychoricMatrix.compute(items, missing: missing == .listwise ? .listwise : .pairwise, source: frame.source) : nil
    let se = m.map { PolychoricInfluence($0).standardErrors }
    var r = Array(repeating: Array(repeating: 0.0, count: k), count: k)
    var p = r, seMatrix = Array(repeating: Array(repeating: Double.nan, count: k), count: k)
    var n = Array(repeating: Array(repeating: 0, count: k), count: k)
    for i in 0..<k { r[i][i] = 1; seMatrix[i][i] = 0 }
    // Polychoric block.
    if let m, let se {
      var q = m.thresholds.reduce(0) { $0 + $1.count }
      for b in 0..<items.count {
        for a in (b + 1)..<max(b + 1, items.count) {
          let (i, j) = (ordinalIndex[a], ordinalIndex[b])
          r[i][j] = m.rho[a][b]; r[j][i] = r[i][j]
          n[i][j] = m.n[a][b]; n[j][i] = n[i][j]
          seMatrix[i][j] = se[q]; seMatrix[j][i] = se[q]
          p[i][j] = Normal.twoSidedP(m.rho[a][b] / se[q]); p[j][i] = p[i][j]
          q += 1
        }
      }
    }
    let thresholdsOf: [Int: [Double]] = Dictionary(uniqueKeysWithValues: zip(ordinalIndex, items.map { OrdinalVariable.thresholds(counts: $0.counts()) }))
    for j in 0..<k {
      for i in (j + 1)..<max(j + 1, k) {
        let both = (0..<columns[i].count).filter { !columns[i][$0].isNaN && !columns[j][$0].isNaN }
        switch (continuous.contains(i), continuous.contains(j)) {
        case (true, true):
          let x = both.map { columns[i][$0] }, y = both.map { columns[j][$0] }
          let rho = pearson(x, y)
          let df = Double(both.count - 2)
          r[i][j] = rho; r[j][i] = rho
          p[i][j] = 2 * StudentT(df: df).cdf(-abs(rho * (df / (1 - rho * rho)).squareRoot())); p[j][i] = p[i][j]
        case (true, false), (false, true):
          let (c, o) = continuous.contains(i) ? (i, j) : (j, i)
          let item = items[ordinalIndex.firstIndex(of: o)!]
          let xs = columns[c].filter { !$0.isNaN }
          let mean = xs.reduce(0, +) / Double(xs.count)
          let sd = (xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count)).squareRoot()
          let pair = PolyserialPair.estimate(x: both.map { columns[c][$0] }, codes: both.map { item.codes[$0] }, thresholds: thresholdsOf[o]!,
                                             mean: mean, sd: sd)
          r[i][j] = pair.rho; r[j][i] = pair.rho
          p[i][j] = .nan; p[j][i] = .nan
        case (false, false):
          continue
        }
        n[i][j] = both.count; n[j][i] = both.count
      }
    }
    for i in 0..<k { n[i][i] = columns[i].filter { !$0.isNaN }.count }
    let moments = columns.map { c in meanAndSD(c.filter { !$0.isNaN }) }
    return CorrelationTable(method: .polychoric, missing: missing, variables: variables, means: moments.map(\.mean), sds: moments.map(\.sd),
                            r: r, p: p, n: n, diagonal: nil,
                            levels: (0..<k).map { continuous.contains($0) ? [] : items[ordinalIndex.firstIndex(of: $0)!].levels },
                            thresholds: (0..<k).map { thresholdsOf[$0] ?? [] }, se: seMatrix, sparsePairs: m?.sparsePairs ?? [],
                            continuous: continuous.sorted().map { variables[$0] })
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
