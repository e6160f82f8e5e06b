import Foundation

// Reads a delimited text file into a DataFrame, keeping only the columns the
// caller selects (all by default). Each column starts numeric; at its first
// cell that is neither missing nor a number it becomes text, and the numbers
// read so far are kept as their text.

public enum DataFrameReader {
  /// - Parameter select: given the header, the column indices to keep (nil: all).
  public static func readCSV(
    path: String, options: CSVOptions = CSVOptions(),
    select: (([String]) throws(InputError) -> [Int]?)? = nil
  ) throws(InputError) -> DataFrame {
    let reader = try CSVReader(path: path, options: options)
    let keep = try select?(reader.header) ?? Array(reader.header.indices)
    var builders = keep.map { _ColumnBuilder(name: reader.header[$0]) }
    if let rows = options.expectedRows { for k in builders.indices { builders[k].numbers.reserveCapacity(rows) } }
    var lines: [Int] = []
    while try reader.next() {
      lines.append(reader.line)
      let rec = reader.record
      for (k, i) in keep.enumerated() {
        do {
          try builders[k].append(rec, reader, field: i)
        } catch {
          var located = error
          if located.file == nil { located.file = path }
          throw located
        }
      }
    }
    if reader.row == 0 {
      throw InputError(file: path, "has a header but no data rows")
    }
    return DataFrame(source: path, columns: builders.map { $0.column }, rowCount: reader.row, lines: lines,
                     encoding: reader.encoding)
  }
}

struct _ColumnBuilder {
  /// A number beyond a double's range is bad input, never a silent ±∞ that
  /// later makes a column look constant.
  static func overflow(_ text: String) -> String {
    "\(_quoteCell(text)) is beyond the range of a number (±1.8·10³⁰⁸); correct the cell or mark it missing"
  }

  let name: String
  var numbers: [Double] = []
  var texts: [String?]? = nil
  var firstNonNumeric: CellLocation?
  var numericCells = 0

  init(name: String) {
    self.name = name
    numbers.reserveCapacity(1024)
  }

  @inline(__always)
  mutating func append(_ rec: CSVRecord, _ r: CSVReader, field i: Int) throws(InputError) {
    try append(rec.numeric(i), row: r.row, line: r.line) { () throws(InputError) -> String in try r.text(i) }
  }

  /// One cell, classified as missing, number or text; `text` is asked for
  /// only when the column holds (or turns to) text.
  @inline(__always)
  mutating func append(
    _ cell: NumericCell, row: Int, line: Int, text: () throws(InputError) -> String
  ) throws(InputError) {
    if case .number(let v) = cell, !v.isFinite {
      throw InputError(row: row, line: line, column: name, Self.overflow(try text()))
    }
    if texts == nil {
      switch cell {
      case .missing: numbers.append(.nan); return
      case .number(let v): numbers.append(v); return
      case .notNumber:
        // First text cell: switch this column to text.
        texts = numbers.map { $0.isNaN ? nil : formatNumberCompact($0) }
        numericCells = numbers.reduce(0) { $0 + ($1.isNaN ? 0 : 1) }
        numbers = []
      }
    }
    switch cell {
    case .missing: texts!.append(nil)
    case .number:
      numericCells += 1
      texts!.append(try text().trimmingCharacters(in: .whitespaces))
    case .notNumber:
      let t = try text().trimmingCharacters(in: .whitespaces)
      if firstNonNumeric == nil { firstNonNumeric = CellLocation(row: row, line: line, text: t) }
      texts!.append(t)
    }
  }

  var column: Column {
    if let texts {
      return Column(name: name, values: .text(texts), firstNonNumeric: firstNonNumeric, numericCells: numericCells)
    }
    return Column(name: name, values: .numeric(numbers))
  }
}
