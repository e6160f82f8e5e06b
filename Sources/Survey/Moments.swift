import LinearAlgebra

// Means and covariance matrix in one streaming pass, block by block.
//
// Rows are buffered into a block of B rows; each full block contributes its
// own mean m_b and centred cross-product M_b = Σ (x − m_b)(x − m_b)ᵀ (dsyrk),
// which is merged into the running totals by the pairwise formula of
// Chan, Golub & LeVeque (1983, "Algorithms for computing the sample variance"):
//   δ = m_b − m,  n' = n + n_b,  m ← m + δ·n_b/n',  M ← M + M_b + δδᵀ·n·n_b/n'.
// Centring within each block keeps the cancellation error of the naive
// Σxxᵀ − n·m·mᵀ away, and the work is one BLAS-3 call per block.
// Rows with a missing value in any selected column are skipped (listwise).

public struct Moments: Sendable, Codable, Equatable {
  public var names: [String]
  /// Complete rows used.
  public var n: Int
  /// Rows skipped because a selected column was missing.
  public var skippedIncomplete: Int
  public var means: [Double]
  /// Σ (x − x̄)(x − x̄)ᵀ, row-major.
  public var crossProducts: [[Double]]

  /// Covariance with divisor n − 1 (R's cov()).
  public var covariance: Matrix { scaledCrossProducts(1 / Double(n - 1)) }
  /// Covariance with divisor n (lavaan's ML sample covariance).
  public var covarianceML: Matrix { scaledCrossProducts(1 / Double(n)) }

  private func scaledCrossProducts(_ s: Double) -> Matrix {
    s * Matrix(crossProducts)
  }

  /// Pearson correlations; a constant column is an error, since it has none.
  public func correlation(source: String? = nil) throws(InputError) -> Matrix {
    let c = crossProducts
    for (i, name) in names.enumerated() where !(c[i][i] > 0) {
      throw InputError(file: source, column: name, "is constant over the \(n) complete rows (variance 0); a correlation needs a variance — drop the column")
    }
    var r = Matrix(rows: names.count, columns: names.count)
    for i in names.indices { for j in names.indices { r[i, j] = c[i][j] / (c[i][i] * c[j][j]).squareRoot() } }
    return r
  }
}

public struct MomentAccumulator {
  public let names: [String]
  private let p: Int
  private let blockRows: Int
  private var block: Matrix
  private var filled = 0
  private var n = 0
  private var skipped = 0
  private var mean: [Double]
  private var m2: Matrix
  private var blockM2: Matrix
  private var blockMean: [Double]

  public init(names: [String], blockRows: Int = 2048) {
    self.names = names
    p = names.count
    self.blockRows = blockRows
    block = Matrix(rows: blockRows, columns: p)
    mean = Array(repeating: 0, count: p)
    blockMean = Array(repeating: 0, count: p)
    m2 = Matrix(rows: p, columns: p)
    blockM2 = Matrix(rows: p, columns: p)
  }

  /// Adds one row (length p); a NaN anywhere skips the row.
  @inline(__always)
  public mutating func add(_ row: UnsafeBufferPointer<Double>) {
    for v in row where v.isNaN { skipped += 1; return }
    let r = filled
    let b = blockRows
    block.elements.withUnsafeMutableBufferPointer { e in
      for j in 0..<p { e[r + j * b] = row[j] }
    }
    filled += 1
    if filled == blockRows { flush() }
  }

  public mutating func add(_ row: [Double]) {
    row.withUnsafeBufferPointer { add($0) }
  }

  /// Counts a row that was skipped before reaching the accumulator.
  public mutating func skip() { skipped += 1 }

  private mutating func flush() {
    let k = filled
    if k == 0 { return }
    let b = blockRows
    let nb = Double(k)
    block.elements.withUnsafeMutableBufferPointer { e in
      for j in 0..<p {
        var s = 0.0
        for r in 0..<k { s += e[r + j * b] }
        let m = s / nb
        blockMean[j] = m
        for r in 0..<k { e[r + j * b] -= m }
      }
    }
    Matrix.gramLower(block, rowCount: k, into: &blockM2)
    let n0 = Double(n), n1 = n0 + nb
    let w = n0 * nb / n1
    for j in 0..<p {
      let dj = blockMean[j] - mean[j]
      for i in j..<p {
        let di = blockMean[i] - mean[i]
        m2[i, j] += blockM2[i, j] + di * dj * w
      }
    }
    for j in 0..<p { mean[j] += (blockMean[j] - mean[j]) * nb / n1 }
    n += k
    filled = 0
  }

  public mutating func finish() -> Moments {
    flush()
    var full = m2
    full.symmetrizeFromLower()
    return Moments(names: names, n: n, skippedIncomplete: skipped, means: mean, crossProducts: full.rowArrays)
  }
}

extension Moments {
  /// Streams a CSV file to the means and covariance of the selected columns
  /// (a column list as `DataFrame.resolve` takes it; nil: every column),
  /// holding one chunk of text and one block of rows at a time.
  public static func stream(path: String, columns spec: String? = nil, options: CSVOptions = CSVOptions()) throws(InputError) -> Moments {
    let reader = try CSVReader(path: path, options: options)
    let names = try spec.map { (s: String) throws(InputError) in try ColumnList.resolve(s, in: reader.header, source: path) } ?? reader.header
    let fields = names.map { reader.header.firstIndex(of: $0)! }
    var acc = MomentAccumulator(names: names)
    var row = [Double](repeating: 0, count: names.count)
    var observed = [Int](repeating: 0, count: names.count)
    while try reader.next() {
      var complete = true
      for (k, f) in fields.enumerated() {
        switch reader.numeric(f) {
        case .number(let v):
          row[k] = v
          observed[k] += 1
        case .missing:
          complete = false
        case .notNumber:
          let t = (try? reader.text(f)) ?? "?"
          throw InputError(file: path, row: reader.row, line: reader.line, column: names[k],
            "\(_quoteCell(t)) is not a number (the column must be numeric here; declare the code as missing with --missing-codes if it is one)")
        }
      }
      if complete { acc.add(row) } else { acc.skip() }
    }
    if reader.row == 0 { throw InputError(file: path, "has a header but no data rows") }
    for (k, name) in names.enumerated() where observed[k] == 0 {
      throw InputError(file: path, column: name, "every cell is missing (\(reader.row) rows); nothing to analyse")
    }
    let m = acc.finish()
    if m.n < 2 {
      throw InputError(file: path, "only \(m.n) row\(m.n == 1 ? " is" : "s are") complete on the selected columns; a covariance needs at least 2")
    }
    return m
  }

  /// The same moments from columns already in memory (listwise deletion).
  public static func of(_ frame: DataFrame, columns names: [String]) throws(InputError) -> Moments {
    let (data, rows) = try frame.listwiseMatrix(names)
    if rows.count < 2 {
      throw InputError(file: frame.source, "only \(rows.count) row\(rows.count == 1 ? " is" : "s are") complete on the selected columns; a covariance needs at least 2")
    }
    var acc = MomentAccumulator(names: names)
    for _ in 0..<(frame.rowCount - rows.count) { acc.skip() }
    var row = [Double](repeating: 0, count: names.count)
    for r in rows.indices {
      for j in names.indices { row[j] = data[j][r] }
      acc.add(row)
    }
    return acc.finish()
  }
}
