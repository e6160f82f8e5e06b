import Foundation

// Descriptive statistics as psych::describe() computes them by default
// (Revelle, psych package, `describe`, type = 3):
//   n, mean, sd (divisor n − 1), median, trimmed (R's mean(x, trim = 0.1)),
//   mad (R's mad(): 1.4826 · median|x − median(x)|), min, max, range,
//   skew     = √n · Σ(x − x̄)³ / (Σ(x − x̄)²)^{3/2} · (1 − 1/n)^{3/2}     (b₁, type 3)
//   kurtosis = n · Σ(x − x̄)⁴ / (Σ(x − x̄)²)² · (1 − 1/n)² − 3            (b₂ − 3, type 3)
//   se       = sd / √n.
// Type 3 is Joanes & Gill's (1998) b₁ and b₂, what psych and MINITAB report.
// Frequencies follow SPSS: percent of all rows, valid percent of answered rows.

public struct DescriptiveStatistics: Sendable, Codable, Equatable {
  public var variable: String
  public var n: Int
  public var missing: Int
  public var mean: Double?
  public var sd: Double?
  public var median: Double?
  public var trimmed: Double?
  public var mad: Double?
  public var min: Double?
  public var max: Double?
  public var range: Double?
  public var skew: Double?
  public var kurtosis: Double?
  public var se: Double?
  /// The variable's label (SPSS variable label, questionnaire wording), when it has one.
  public var label: String?

  public init(variable: String, values: [Double], label: String? = nil) {
    self.variable = variable
    self.label = label
    let x = values.filter { !$0.isNaN }
    n = x.count
    missing = values.count - x.count
    guard !x.isEmpty else { return }
    let m = _mean(x)
    mean = m
    let sorted = x.sorted()
    min = sorted.first
    max = sorted.last
    range = sorted.last! - sorted.first!
    let med = sortedMedian(sorted)
    median = med
    trimmed = _trimmedMean(sorted, trim: 0.1)
    mad = 1.4826 * sortedMedian(x.map { Swift.abs($0 - med) }.sorted())
    guard x.count > 1 else { return }
    var s2 = 0.0, s3 = 0.0, s4 = 0.0
    for v in x {
      let d = v - m, d2 = d * d
      s2 += d2
      s3 += d2 * d
      s4 += d2 * d2
    }
    setMoments(s2: s2, s3: s3, s4: s4)
  }

  /// The statistics of a column described without holding it (StreamingDescribe):
  /// order statistics as given, the moments from Σ(x − x̄)², Σ(x − x̄)³, Σ(x − x̄)⁴
  /// by the same formulas as above. nil values: no answers (n = 0).
  init(variable: String, n: Int, missing: Int, mean: Double?, median: Double?, trimmed: Double?, mad: Double?,
       min: Double?, max: Double?, s2: Double, s3: Double, s4: Double, label: String? = nil) {
    self.variable = variable
    self.label = label
    self.n = n
    self.missing = missing
    guard n > 0, let min, let max else { return }
    self.mean = mean
    self.min = min
    self.max = max
    range = max - min
    self.median = median
    self.trimmed = trimmed
    self.mad = mad
    guard n > 1 else { return }
    setMoments(s2: s2, s3: s3, s4: s4)
  }

  private mutating func setMoments(s2: Double, s3: Double, s4: Double) {
    let nn = Double(n)
    let sdv = (s2 / (nn - 1)).squareRoot()
    sd = sdv
    se = sdv / nn.squareRoot()
    if s2 > 0 {
      skew = nn.squareRoot() * s3 / pow(s2, 1.5) * pow(1 - 1 / nn, 1.5)
      kurtosis = nn * s4 / (s2 * s2) * (1 - 1 / nn) * (1 - 1 / nn) - 3
    }
  }

  /// describe's warning for a column it leaves out, every cell missing.
  static func allMissingWarning(_ name: String) -> Warning {
    Warning(en: "column '\(name)': every cell is missing; left out", zh: "列 '\(name)' 全部缺失，未纳入")
  }

  /// describe's warning for a constant column (nil when it is not constant).
  var constantWarning: Warning? {
    guard n > 1, sd == 0, let min else { return nil }
    return Warning(en: "column '\(variable)' is constant (every answer \(formatNumberCompact(min))); skew and kurtosis are undefined",
                   zh: "列 '\(variable)' 为常数（全部为 \(formatNumberCompact(min))），偏度与峰度无定义")
  }
}

/// Mean with R's refinement: the first-pass mean plus the mean residual.
func _mean(_ x: [Double]) -> Double {
  let n = Double(x.count)
  var s = 0.0
  for v in x { s += v }
  var m = s / n
  var t = 0.0
  for v in x { t += v - m }
  m += t / n
  return m
}

/// The plain mean and R's sd() (divisor n − 1) of a sample, in two passes;
/// NaN for the sd of fewer than two values.
public func meanAndSD(_ x: [Double]) -> (mean: Double, sd: Double) {
  let m = x.reduce(0, +) / Double(x.count)
  return (m, (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)).squareRoot())
}

/// R's median of values sorted ascending (NaN when there are none).
public func sortedMedian(_ sorted: [Double]) -> Double {
  let n = sorted.count
  if n == 0 { return .nan }
  return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
}

/// R's quantile(x, q, type = 7) of values sorted ascending.
public func sortedQuantile(_ sorted: [Double], _ q: Double) -> Double {
  let h = Double(sorted.count - 1) * q
  let lo = Int(h.rounded(.down))
  let hi = min(lo + 1, sorted.count - 1)
  return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
}

/// R's mean(x, trim): drop floor(n·trim) values at each end.
func _trimmedMean(_ sorted: [Double], trim: Double) -> Double {
  let n = sorted.count
  if trim >= 0.5 { return sortedMedian(sorted) }
  let lo = Int((Double(n) * trim).rounded(.down))
  return _mean(Array(sorted[lo..<(n - lo)]))
}

public struct FrequencyLevel: Sendable, Codable, Equatable {
  public var value: String
  /// The value's label (codebook or SPSS), if it has one.
  public var label: String?
  public var count: Int
  public var percent: Double
  public var validPercent: Double
  public var cumulativePercent: Double

  enum CodingKeys: String, CodingKey {
    case value, label, count, percent
    case validPercent = "valid_percent"
    case cumulativePercent = "cumulative_percent"
  }
}

public struct FrequencyTable: Sendable, Codable, Equatable {
  public var variable: String
  public var n: Int
  public var missing: Int
  public var distinct: Int
  /// False when the column has too many distinct values to tabulate (free text).
  public var tabulated: Bool
  public var levels: [FrequencyLevel]

  /// Tabulates at most `maxLevels` distinct values; beyond that the column is free text.
  public init(variable: String, values: [String?], labels: [ValueLabel]? = nil, maxLevels: Int = 50) {
    var counts: [String: Int] = [:]
    for v in values {
      guard let v else { continue }
      counts[v, default: 0] += 1
    }
    self.init(variable: variable, counts: counts, total: values.count, labels: labels, maxLevels: maxLevels)
  }

  /// From the count of each answer (missing cells not among them) and the number of rows.
  init(variable: String, counts: [String: Int], total: Int, labels: [ValueLabel]? = nil, maxLevels: Int = 50) {
    self.variable = variable
    let valid = counts.values.reduce(0, +)
    n = valid
    missing = total - valid
    distinct = counts.count
    tabulated = counts.count <= maxLevels
    guard tabulated else {
      levels = []
      return
    }
    let numericKeys = counts.keys.compactMap { k in parseDecimal(k).map { (k, $0) } }
    var keys: [String] = numericKeys.count == counts.count
      ? numericKeys.sorted { $0.1 < $1.1 }.map(\.0)
      : counts.keys.sorted()
    // Value labels give the order a reader expects (非常不同意 … 非常同意), codes or texts alike.
    if let labels, !labels.isEmpty {
      func rank(_ k: String) -> Int {
        labels.firstIndex { $0.code == k || $0.label == k || (parseDecimal($0.code).map { formatNumberCompact($0) } == k) } ?? labels.count
      }
      keys = keys.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element)
    }
    var cumulative = 0
    levels = keys.map { k in
      let c = counts[k]!
      cumulative += c
      return FrequencyLevel(
        value: k, label: labels?.first { $0.code == k }?.label, count: c, percent: 100 * Double(c) / Double(Swift.max(total, 1)),
        validPercent: 100 * Double(c) / Double(Swift.max(valid, 1)),
        cumulativePercent: 100 * Double(cumulative) / Double(Swift.max(valid, 1)))
    }
  }
}

/// The result of `clusterstat describe`: one value, rendered by every format.
public struct DescribeResult: Sendable, Codable, Equatable {
  public var data: String
  public var encoding: String?
  public var rows: Int
  public var variables: [DescriptiveStatistics]
  public var frequencies: [FrequencyTable]
  public var warnings: [Warning]
  /// Columns held back as personal data (names and reasons only).
  public var excludedColumns: [ExcludedColumn] = []
  public var screening: ScreeningReport?
  public var reverseCoded: [String] = []
  /// Which numeric variables are missing together (nil when nothing is missing).
  public var missingPatterns: MissingPatternSummary?

  enum CodingKeys: String, CodingKey {
    case data, encoding, rows, variables, frequencies, warnings, screening
    case excludedColumns = "excluded_columns"
    case reverseCoded = "reverse_coded"
    case missingPatterns = "missing_patterns"
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(data, forKey: .data)
    try c.encode(encoding, forKey: .encoding)
    try c.encode(rows, forKey: .rows)
    try c.encode(variables, forKey: .variables)
    try c.encode(frequencies, forKey: .frequencies)
    try c.encode(warnings, forKey: .warnings)
    try c.encode(excludedColumns, forKey: .excludedColumns)
    try c.encode(screening, forKey: .screening)
    try c.encode(reverseCoded, forKey: .reverseCoded)
    try c.encode(missingPatterns, forKey: .missingPatterns)
  }

  public init(data: String, encoding: String?, rows: Int, variables: [DescriptiveStatistics], frequencies: [FrequencyTable], warnings: [Warning]) {
    self.data = data
    self.encoding = encoding
    self.rows = rows
    self.variables = variables
    self.frequencies = frequencies
    self.warnings = warnings
  }
}

extension DataFrame {
  /// Describes the named columns (all by default): numeric columns get
  /// psych-style statistics, text columns frequency tables; `frequencies`
  /// adds frequency tables for numeric columns (e.g. Likert items).
  public func describe(_ names: [String]? = nil, frequencies freqNames: [String] = []) throws(InputError) -> DescribeResult {
    try describe(names, frequencies: freqNames, patterns: true)
  }

  /// `patterns: false` leaves out the missing-data patterns (a caller that counts them itself).
  func describe(_ names: [String]?, frequencies freqNames: [String], patterns: Bool) throws(InputError) -> DescribeResult {
    let explicit = names != nil
    let chosen = names ?? self.names
    var stats: [DescriptiveStatistics] = []
    var freqs: [FrequencyTable] = []
    var warnings: [Warning] = []
    for name in chosen {
      guard let col = self[name] else { _ = try resolve(name); continue }
      switch col.values {
      case .numeric(let v):
        if !v.isEmpty, v.allSatisfy(\.isNaN) {
          if explicit { _ = try numericColumn(name) }
          warnings.append(DescriptiveStatistics.allMissingWarning(name))
          continue
        }
        let d = DescriptiveStatistics(variable: name, values: v, label: col.label)
        if let w = d.constantWarning { warnings.append(w) }
        stats.append(d)
      case .text(let t):
        if explicit, col.numericCells > 0, col.numericCells * 2 >= t.count - col.missingCount {
          // Mostly numbers with a stray text cell: the user asked for it as an
          // item, so name the cell rather than tabulating it.
          _ = try numericColumn(name)
        }
        freqs.append(FrequencyTable(variable: name, values: t, labels: col.valueLabels))
      }
    }
    for name in freqNames {
      guard let col = self[name] else { _ = try resolve(name); continue }
      if col.isNumeric, !freqs.contains(where: { $0.variable == name }) {
        freqs.append(FrequencyTable(variable: name, values: col.textValues, labels: col.valueLabels))
      }
    }
    var result = DescribeResult(data: source, encoding: encoding?.rawValue, rows: rowCount, variables: stats, frequencies: freqs, warnings: warnings)
    if patterns { result.missingPatterns = try MissingPatternSummary(self, variables: stats.map(\.variable)) }
    return result
  }
}

/// The missing-data patterns of the numeric variables (as mice's md.pattern):
/// each distinct set of missing variables with its number of rows, the most
/// frequent first — what FIML (`--missing fiml`) sums its likelihood over,
/// and what listwise deletion throws away.
public struct MissingPatternSummary: Sendable, Codable, Equatable {
  public struct Pattern: Sendable, Codable, Equatable {
    /// The variables missing in this pattern (empty: complete rows).
    public var missing: [String]
    public var rows: Int
    public var percent: Double
  }
  public var variables: [String]
  public var completeRows: Int
  public var rows: Int
  /// Missing cells over all cells of these variables, in percent.
  public var missingCellPercent: Double
  public var patterns: [Pattern]

  enum CodingKeys: String, CodingKey {
    case variables, rows, patterns
    case completeRows = "complete_rows"
    case missingCellPercent = "missing_cell_percent"
  }

  /// nil when no cell of these variables is missing.
  init?(_ frame: DataFrame, variables: [String]) throws(InputError) {
    guard !variables.isEmpty, frame.rowCount > 0 else { return nil }
    var cols: [[Double]] = []
    for v in variables { cols.append(try frame.numericColumn(v)) }
    var counts: [[Int]: Int] = [:]
    var missingCells = 0
    for r in 0..<frame.rowCount {
      let key = cols.indices.filter { cols[$0][r].isNaN }
      missingCells += key.count
      counts[key, default: 0] += 1
    }
    guard missingCells > 0 else { return nil }
    self.variables = variables
    rows = frame.rowCount
    completeRows = counts[[]] ?? 0
    missingCellPercent = 100 * Double(missingCells) / Double(frame.rowCount * variables.count)
    patterns = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.lexicographicallyPrecedes($1.key) }.map {
      Pattern(missing: $0.key.map { variables[$0] }, rows: $0.value, percent: 100 * Double($0.value) / Double(frame.rowCount))
    }
  }
}
