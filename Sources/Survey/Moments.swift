import Foundation
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
  /// Pools moments of disjoint sets of rows (Chan, Golub & LeVeque's pairwise
  /// update, applied left to right so the result does not depend on timing).
  public static func pooled(_ parts: [Moments]) -> Moments {
    var total = parts[0]
    let p = total.names.count
    for m in parts.dropFirst() where m.n > 0 {
      if total.n == 0 {
        let skipped = total.skippedIncomplete
        total = m
        total.skippedIncomplete += skipped
        continue
      }
      let na = Double(total.n), nb = Double(m.n), n = na + nb
      let delta = (0..<p).map { m.means[$0] - total.means[$0] }
      for i in 0..<p {
        for j in 0..<p { total.crossProducts[i][j] += m.crossProducts[i][j] + delta[i] * delta[j] * na * nb / n }
      }
      for i in 0..<p { total.means[i] += delta[i] * nb / n }
      total.n += m.n
      total.skippedIncomplete += m.skippedIncomplete
    }
    return total
  }

  /// Bytes per part when a file is streamed on several cores. Parts are fixed
  /// by size, not by core count, so every machine computes the same numbers.
  public static let defaultPartBytes = 32 << 20

  /// Streams a CSV file to the means and covariance of the selected columns
  /// (a column list as `ColumnList` takes it; nil: every column), holding
  /// one chunk of text and one block of rows per core at a time.
  ///
  /// A large file is cut into parts of `partBytes` at line breaks and the
  /// parts are read on all cores, then pooled in order. A part reader stops
  /// at any quote byte (a quoted line break could straddle a cut), and any
  /// error in a part is left to the sequential read, which then reports it
  /// with its true row and line: both fall back to reading the whole file
  /// in one pass.
  public static func stream(path: String, columns spec: String? = nil, options: CSVOptions = CSVOptions(),
                            partBytes: Int = defaultPartBytes) throws(InputError) -> Moments {
    let reader = try CSVReader(path: path, options: options)
    let names = try spec.map { (s: String) throws(InputError) in try ColumnList.resolve(s, in: reader.header, source: path) } ?? reader.header
    let fields = names.map { reader.header.firstIndex(of: $0)! }
    let cuts = _recordCuts(path: path, from: reader.dataOffset, partBytes: partBytes)
    if cuts.count > 2, let parallel = _streamParts(reader, names: names, fields: fields, cuts: cuts) {
      return try _validated(parallel, path: path, rows: parallel.moments.n + parallel.moments.skippedIncomplete)
    }
    let one = try _streamReader(reader, names: names, fields: fields)
    return try _validated(one, path: path, rows: reader.row)
  }

  private struct _PartResult {
    var moments: Moments
    var observed: [Int]
  }

  private static func _validated(_ r: _PartResult, path: String, rows: Int) throws(InputError) -> Moments {
    if rows == 0 { throw InputError(file: path, "has a header but no data rows") }
    for (k, name) in r.moments.names.enumerated() where r.observed[k] == 0 {
      throw InputError(file: path, column: name, "every cell is missing (\(rows) rows); nothing to analyse")
    }
    let m = r.moments
    if m.n < 2 {
      throw InputError(file: path, "only \(m.n) row\(m.n == 1 ? " is" : "s are") complete on the selected columns; a covariance needs at least 2")
    }
    return m
  }

  /// Offsets [dataStart, c₁, …, fileSize] where each cᵢ follows a line break.
  static func _recordCuts(path: String, from dataStart: Int, partBytes: Int) -> [Int] {
    var st = stat()
    guard stat(path, &st) == 0 else { return [dataStart] }
    let size = Int(st.st_size)
    var cuts = [dataStart]
    guard size - dataStart > partBytes, let fh = fopen(path, "rb") else { return [dataStart, size] }
    defer { fclose(fh) }
    var target = dataStart + partBytes
    var window = [UInt8](repeating: 0, count: 1 << 16)
    while target < size {
      fseeko(fh, off_t(target), SEEK_SET)
      let n = fread(&window, 1, window.count, fh)
      guard let k = window[0..<n].firstIndex(of: 10) else { break }
      let cut = target + k + 1
      if cut >= size { break }
      cuts.append(cut)
      target = cut + partBytes
    }
    cuts.append(size)
    return cuts
  }

  /// nil when a part met a quote or an error: the caller reads sequentially.
  private static func _streamParts(_ reader: CSVReader, names: [String], fields: [Int], cuts: [Int]) -> _PartResult? {
    let parts = cuts.count - 1
    final class Slots: @unchecked Sendable {
      var results: [_PartResult?]
      let lock = NSLock()
      init(_ n: Int) { results = Array(repeating: nil, count: n) }
    }
    let slots = Slots(parts)
    nonisolated(unsafe) let base = reader
    DispatchQueue.concurrentPerform(iterations: parts) { k in
      guard let part = try? base.part(from: cuts[k], to: cuts[k + 1]),
            let r = try? _streamReader(part, names: names, fields: fields),
            !part.stoppedAtQuote else { return }
      slots.lock.lock()
      slots.results[k] = r
      slots.lock.unlock()
    }
    let done = slots.results.compactMap { $0 }
    guard done.count == parts else { return nil }
    var observed = [Int](repeating: 0, count: names.count)
    for r in done { for k in observed.indices { observed[k] += r.observed[k] } }
    return _PartResult(moments: pooled(done.map(\.moments)), observed: observed)
  }

  private static func _streamReader(_ reader: CSVReader, names: [String], fields: [Int]) throws(InputError) -> _PartResult {
    var acc = MomentAccumulator(names: names)
    let p = names.count
    let row = UnsafeMutableBufferPointer<Double>.allocate(capacity: p)
    let observed = UnsafeMutableBufferPointer<Int>.allocate(capacity: p)
    let fieldOf = UnsafeMutableBufferPointer<Int>.allocate(capacity: p)
    defer { row.deallocate(); observed.deallocate(); fieldOf.deallocate() }
    observed.initialize(repeating: 0)
    _ = fieldOf.initialize(from: fields)
    while try reader.next() {
      let rec = reader.record
      var complete = true
      for k in 0..<p {
        switch rec.numeric(fieldOf[k]) {
        case .number(let v):
          guard v.isFinite else {
            throw InputError(file: reader.path, row: reader.row, line: reader.line, column: names[k],
                             _ColumnBuilder.overflow((try? reader.text(fieldOf[k])) ?? "?"))
          }
          row[k] = v
          observed[k] += 1
        case .missing:
          complete = false
        case .notNumber:
          let t = (try? reader.text(fieldOf[k])) ?? "?"
          throw InputError(file: reader.path, row: reader.row, line: reader.line, column: names[k],
            "\(_quoteCell(t)) is not a number (the column must be numeric here; declare the code as a missing-value code if it is one)", settings: [.missingCodes])
        }
      }
      if complete { acc.add(UnsafeBufferPointer(row)) } else { acc.skip() }
    }
    return _PartResult(moments: acc.finish(), observed: Array(observed))
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
