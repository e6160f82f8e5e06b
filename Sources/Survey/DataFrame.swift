// A data frame of named columns: numeric (NaN marks a missing cell) or text
// (nil marks a missing cell). Columns are typed by their content: a column is
// numeric when every non-missing cell is a number. A text column remembers
// its first non-numeric cell, so an analysis that needs it as numbers can say
// exactly which cell is in the way.

public struct CellLocation: Sendable, Equatable, Codable {
  public var row: Int
  public var line: Int
  public var text: String
}

public enum ColumnValues: Sendable, Equatable {
  case numeric([Double])
  case text([String?])
}

/// A code and what it means ("5" → "比较同意"), from a codebook or an SPSS file.
public struct ValueLabel: Sendable, Equatable, Codable {
  public var code: String
  public var label: String
  public init(code: String, label: String) {
    self.code = code
    self.label = label
  }
}

public struct Column: Sendable, Equatable {
  public var name: String
  public var label: String?
  public var valueLabels: [ValueLabel]?
  public var values: ColumnValues
  /// For a text column: the first cell that is not a number.
  public var firstNonNumeric: CellLocation?
  /// For a text column: how many non-missing cells are numbers.
  public var numericCells: Int

  public init(name: String, label: String? = nil, values: ColumnValues, firstNonNumeric: CellLocation? = nil, numericCells: Int = 0) {
    self.name = name
    self.label = label
    self.values = values
    self.firstNonNumeric = firstNonNumeric
    self.numericCells = numericCells
  }

  public var count: Int {
    switch values {
    case .numeric(let v): return v.count
    case .text(let v): return v.count
    }
  }

  public var isNumeric: Bool {
    if case .numeric = values { return true }
    return false
  }

  public var missingCount: Int {
    switch values {
    case .numeric(let v): return v.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
    case .text(let v): return v.reduce(0) { $0 + ($1 == nil ? 1 : 0) }
    }
  }

  /// Each cell as text (numbers in R's 15-significant-digit form), nil if missing.
  public var textValues: [String?] {
    switch values {
    case .numeric(let v): return v.map { $0.isNaN ? nil : formatNumberCompact($0) }
    case .text(let v): return v
    }
  }
}

public struct DataFrame: Sendable {
  /// Where the data came from, for messages.
  public var source: String
  public var columns: [Column]
  public var rowCount: Int
  /// 1-based physical line of each row, for messages.
  public var lines: [Int]
  public var encoding: TextEncoding?
  /// Scale name → items (second-order constructs expanded), from a codebook:
  /// column lists accept these names.
  public var scales: [String: [String]] = [:]
  /// Columns held back as personal data (names only; their cells are gone).
  public var excludedColumns: [String] = []

  public init(source: String, columns: [Column], rowCount: Int, lines: [Int] = [], encoding: TextEncoding? = nil) {
    self.source = source
    self.columns = columns
    self.rowCount = rowCount
    self.lines = lines.isEmpty ? Array(2..<(2 + rowCount)) : lines
    self.encoding = encoding
  }

  public var names: [String] { columns.map(\.name) }

  public func index(of name: String) -> Int? { columns.firstIndex { $0.name == name } }

  public subscript(name: String) -> Column? {
    index(of: name).map { columns[$0] }
  }

  /// Resolves a user's column list against this frame's columns.
  public func resolve(_ spec: String) throws(InputError) -> [String] {
    try ColumnList.resolve(spec, in: names, source: source, scales: scales, excluded: excludedColumns)
  }

  /// The frame restricted to the given rows (in order).
  public func rows(_ keep: [Int]) -> DataFrame {
    var out = self
    out.rowCount = keep.count
    out.lines = keep.map { lines[$0] }
    for j in out.columns.indices {
      switch columns[j].values {
      case .numeric(let v): out.columns[j].values = .numeric(keep.map { v[$0] })
      case .text(let v): out.columns[j].values = .text(keep.map { v[$0] })
      }
    }
    return out
  }

  private func require(_ name: String) throws(InputError) -> Int {
    _ = try ColumnList.resolve(name, in: names, source: source, excluded: excludedColumns)
    return index(of: name)!
  }

  /// The named column's numbers; an error that names the offending cell if it
  /// holds text, or says so if every cell is missing.
  public func numericColumn(_ name: String) throws(InputError) -> [Double] {
    guard let c = self[name] else { _ = try require(name); return [] }
    switch c.values {
    case .numeric(let v):
      if !v.isEmpty, v.allSatisfy(\.isNaN) {
        throw InputError(file: source, column: name, "every cell is missing (\(v.count) rows); nothing to analyse")
      }
      return v
    case .text:
      if let bad = c.firstNonNumeric {
        throw InputError(file: source, row: bad.row, line: bad.line, column: name,
          "\(_quoteCell(bad.text)) is not a number (the column must be numeric here; declare the code as a missing-value code if it is one\(c.numericCells == 0 ? "; if the column holds answer texts of a rating scale ClusterStat does not know, give their codes in a codebook value set, e.g. values: {1: 很差, 2: 较差, 3: 一般, 4: 较好, 5: 很好}" : ""))", settings: [.missingCodes])
      }
      throw InputError(file: source, column: name, "is not numeric")
    }
  }

  /// The numeric matrix of the given columns over complete rows (listwise deletion).
  public func listwiseMatrix(_ names: [String]) throws(InputError) -> (data: [[Double]], rows: [Int]) {
    var cols: [[Double]] = []
    for n in names { cols.append(try numericColumn(n)) }
    let rows = (0..<rowCount).filter { r in cols.allSatisfy { !$0[r].isNaN } }
    return (cols.map { c in rows.map { c[$0] } }, rows)
  }

  /// The cases (rows) of the given numeric columns, NaN where missing; cases
  /// missing every column are kept (the caller decides what they mean).
  public func matrixWithMissing(_ names: [String]) throws(InputError) -> [[Double]] {
    var cols: [[Double]] = []
    for n in names { cols.append(try numericColumn(n)) }
    return (0..<rowCount).map { r in cols.map { $0[r] } }
  }
}

/// A number as R prints it with 15 significant digits, integers without ".0".
public func formatNumberCompact(_ v: Double) -> String {
  if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
  var s = String(format: "%.15g", v)
  if s.contains("e") { return s }
  while s.hasSuffix("0") && s.contains(".") { s.removeLast() }
  return s
}

import Foundation
