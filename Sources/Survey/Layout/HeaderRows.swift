// Where the header is. Chinese Excel files often carry a title row (a merged
// cell across the table, "2024年集群企业调查数据") and notes above the real
// header; read as the header, the title leaves one named column and V2, V3, …
// and the real header becomes a row of data. Detection looks at the names the
// reader took from row 1: when at most one in five is a real name (the rest
// empty, hence V2, V3, …) and there are three or more columns, the header is
// the first of the next 20 rows in which at least 60% of the cells are filled
// and no more than half of those are numbers. `--header-row N` (the file's
// N-th row) overrides the search. The rows above the header are dropped and
// said so; the columns are typed anew from the rows below it.

public enum HeaderRows {
  /// The frame with its header at the right row; a note when rows were skipped or the header looks like data.
  public static func locate(_ frame: DataFrame, headerRow: Int?, missingCodes: [String] = []) throws(InputError) -> (DataFrame, [Note]) {
    let n = frame.columns.count
    let placeholders = frame.columns.enumerated().filter { $0.element.name == "V\($0.offset + 1)" }.count
    var notes: [Note] = []
    var headerIndex: Int?
    if let headerRow {
      guard headerRow >= 1 else { throw InputError(file: frame.source, "the header row counts rows from 1", settings: [.headerRow]) }
      if headerRow == 1 { return (frame, []) }
      guard headerRow - 2 < frame.rowCount else {
        throw InputError(file: frame.source, "header row \(headerRow) is beyond the \(frame.rowCount + 1) rows of the file", settings: [.headerRow])
      }
      headerIndex = headerRow - 2
    } else if n >= 3, n - placeholders <= max(1, n / 5) {
      for r in 0..<min(20, frame.rowCount) {
        let cells = frame.columns.map { cell($0, r) }
        let filled = cells.compactMap { $0 }
        let numbers = filled.filter { parseDecimal($0) != nil }.count
        if filled.count >= max(2, (6 * n + 9) / 10), numbers * 2 <= filled.count {
          headerIndex = r
          break
        }
      }
      guard headerIndex != nil else {
        throw InputError(file: frame.source, "row 1 has \(n - placeholders) column name\(n - placeholders == 1 ? "" : "s") for \(n) columns (a title row?), and none of the next 20 rows reads as a header; give the header's row", settings: [.headerRow])
      }
    }
    guard let h = headerIndex else {
      let names = frame.names
      if names.count >= 2, names.allSatisfy({ parseDecimal($0) != nil }) {
        notes.append(numericHeaderNote(names))
      }
      return (frame, notes)
    }
    var out = frame
    let keep = Array((h + 1)..<frame.rowCount)
    var used = Set<String>()
    out.columns = frame.columns.enumerated().map { j, column in
      var name = cell(column, h) ?? "V\(j + 1)"
      if used.contains(name) { name = "\(name)_\(j + 1)" }
      used.insert(name)
      return typed(name: name, cells: keep.map { cell(column, $0) }, lines: keep.map { frame.lines[$0] }, missingCodes: missingCodes)
    }
    out.rowCount = keep.count
    out.lines = keep.map { frame.lines[$0] }
    let skipped = h + 1
    notes.append(Note(en: "the header is row \(skipped + 1) of the file (line \(frame.lines[h])); \(skipped) row\(skipped == 1 ? "" : "s") above it (title or notes) skipped",
                      zh: "表头在文件第 \(skipped + 1) 行（第 \(frame.lines[h]) 行文本）；其上 \(skipped) 行（标题或说明）已跳过"))
    return (out, notes)
  }

  /// A header of numbers only: perhaps no header row at all.
  public static func numericHeaderNote(_ names: [String]) -> Note {
    let first = names.prefix(3).joined(separator: ", ")
    return Note(en: "every column name in row 1 is a number (\(first)…): the file may have no header row, and its first row of data is being read as the names",
                zh: "第 1 行的列名都是数字（\(first)…）：文件可能没有表头，第一行数据被当作列名读取", warning: true)
  }

  static func cell(_ c: Column, _ r: Int) -> String? {
    switch c.values {
    case .numeric(let v): return v[r].isNaN ? nil : formatNumberCompact(v[r])
    case .text(let v): return v[r].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0.trimmingCharacters(in: .whitespaces) }
    }
  }

  /// A column from its cells: numeric when every answered cell is a number.
  static func typed(name: String, cells: [String?], lines: [Int], missingCodes: [String]) -> Column {
    let missing = Set(["NA", "N/A", "#N/A", "NaN", ".", ""] + missingCodes)
    let cleaned = cells.map { c -> String? in c.flatMap { missing.contains($0) ? nil : $0 } }
    let numbers = cleaned.map { $0.flatMap(parseDecimal) }
    if zip(cleaned, numbers).allSatisfy({ $0 == nil || $1 != nil }) {
      return Column(name: name, values: .numeric(numbers.map { $0 ?? .nan }))
    }
    let first = cleaned.firstIndex { $0 != nil && parseDecimal($0!) == nil }
    return Column(name: name, values: .text(cleaned),
                  firstNonNumeric: first.map { CellLocation(row: $0 + 1, line: lines[$0], text: cleaned[$0]!) },
                  numericCells: numbers.compactMap { $0 }.count)
  }
}
