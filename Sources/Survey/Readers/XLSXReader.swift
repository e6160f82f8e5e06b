import Foundation
import XMLCoder
import ZIPFoundation

// Office Open XML spreadsheets (ECMA-376 Part 1, §18): a ZIP archive whose
// xl/workbook.xml names the sheets, xl/_rels/workbook.xml.rels maps each to
// its part, xl/sharedStrings.xml holds the strings cells refer to by index,
// and xl/styles.xml says which number formats are dates. Cells are addressed
// by reference ("C12"), and a sheet may leave out empty cells and rows, so
// the grid is rebuilt from the references, not from positions.
//
// The first non-empty row is the header. Numbers stay numbers; cells whose
// number format is a date are given as text (yyyy-mm-dd hh:mm:ss), since
// questionnaire exports use them only as submission times.
//
// The sheet and the shared strings are streams (_XMLStream.swift): libxml2's
// SAX push parser over ZIPFoundation's inflated chunks, each row handed to
// the column builders as it closes, so memory is one row plus the string
// table plus the data frame itself. The DOM reader before it refused any
// sheet past ~10 MB and took 8 s and 2.16 GB for 100,000 respondents.
// Measured (2 shared cores, `/usr/bin/time -v clusterstat describe --data F
// --format json`, data from Benchmarks/scripts/make_big_xlsx.py):
//   100,000 × 50 numbers: .xlsx (169 MB of sheet XML) 2.6 s, 82 MB peak RSS;
//                         the same as CSV 0.5 s, 73 MB.
//   100,000 × 50 with a date and an id column: .xlsx 16 s, 100 MB; CSV 13 s,
//                         91 MB (both spend ~12 s matching 100,000 distinct
//                         texts against answer scales, not reading).
// Limits (ReadLimits.swift) make a hostile file bad input: sizes and ratio
// before inflating, cell references against XFD and row 1,048,576, date
// serials against Excel's range, XML depth, width and cell count.

public struct XLSXOptions: Sendable {
  /// The sheet to read (nil: the first).
  public var sheet: String?
  public var missingCodes: [String]
  /// What the reader refuses (nil: the defaults with the environment's overrides).
  public var limits: ReadLimits?

  public init(sheet: String? = nil, missingCodes: [String] = [], limits: ReadLimits? = nil) {
    self.sheet = sheet
    self.missingCodes = missingCodes
    self.limits = limits
  }
}

public enum XLSXReader {
  public static func read(path: String, options: XLSXOptions = XLSXOptions()) throws(InputError) -> DataFrame {
    var limits = ReadLimits()
    if let given = options.limits { limits = given } else { limits = try ReadLimits.fromEnvironment() }
    let book = try _Workbook.open(path: path, sheet: options.sheet, limits: limits)
    var frame = _FrameBuilder(path: path, sheet: book.sheetName, missing: _MissingCodes(options.missingCodes), limits: limits)
    let sheet = _SheetStream(book: book) { (row: _SheetStream) throws(InputError) in try frame.add(row) }
    try sheet.parse(book.archive, book.sheetEntry)
    return try frame.finish()
  }

  /// The names of a workbook's sheets, in order.
  static func sheetNames(path: String) throws(InputError) -> [String] {
    try _Workbook.open(path: path, sheet: nil, limits: ReadLimits()).sheetNames
  }

  /// A sheet as it stands, each cell's text by row and column from A1 (nil:
  /// empty): for a sheet that is not a data frame, such as a written table
  /// whose first row is its title.
  static func grid(path: String, sheet: String? = nil) throws(InputError) -> [[String?]] {
    let book = try _Workbook.open(path: path, sheet: sheet, limits: ReadLimits())
    var grid: [[String?]] = []
    let stream = _SheetStream(book: book) { (row: _SheetStream) throws(InputError) in
      while grid.count < row.rowNumber { grid.append([]) }
      grid[row.rowNumber - 1] = row.cells.map(row.text)
    }
    try stream.parse(book.archive, book.sheetEntry)
    return grid
  }

  /// Column letters of a 0-based index: 0 → A, 26 → AA.
  public static func columnLetters(_ index: Int) -> String {
    var n = index + 1, s = ""
    while n > 0 {
      let r = (n - 1) % 26
      s = String(UnicodeScalar(UInt8(65 + r))) + s
      n = (n - 1) / 26
    }
    return s
  }
}

/// The workbook around the chosen sheet: its archive, the sheet's entry, the
/// shared strings and which styles are dates.
struct _OpenWorkbook {
  let path: String
  let archive: Archive
  let sheetName: String
  /// Every sheet's name, in the workbook's order.
  let sheetNames: [String]
  let sheetPart: String
  let sheetEntry: Entry
  let shared: [String]
  let dateStyles: Set<Int>
  let date1904: Bool
  let limits: ReadLimits
}

extension _Workbook {
  static func open(path: String, sheet wanted: String?, limits: ReadLimits) throws(InputError) -> _OpenWorkbook {
    let url = URL(fileURLWithPath: path)
    guard let head = FileHandle(forReadingAtPath: path) else {
      var isDir: ObjCBool = false
      if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
        throw InputError(file: path, "is a directory, not a data file")
      }
      throw InputError(file: path, "file not found")
    }
    let magic = head.readData(ofLength: 8)
    try? head.close()
    if magic.isEmpty { throw InputError(file: path, "file is empty") }
    if Array(magic) == _compoundFileMagic {
      if _isEncryptedOffice(path) {
        throw InputError(file: path, "is password-protected (an encrypted Office file); open it in Excel, remove the password (File → Info → Protect Workbook) and save it again as .xlsx")
      }
      throw InputError(file: path, "is a legacy Excel 97–2003 (.xls) workbook, which ClusterStat does not read; open it in Excel or WPS and save it as .xlsx or CSV (UTF-8)")
    }
    guard magic.starts(with: [0x50, 0x4B]) else {
      throw InputError(file: path, "is not an .xlsx workbook (no ZIP signature); if it is a CSV, give it a .csv name")
    }
    let archive: Archive
    do {
      archive = try Archive(url: url, accessMode: .read)
    } catch {
      throw InputError(file: path, "is a damaged .xlsx workbook (its ZIP directory cannot be read); open and re-save it in Excel")
    }
    func entry(_ name: String) throws(InputError) -> Entry {
      guard let e = archive[name] else { throw InputError(file: path, "is a damaged .xlsx workbook: the part \(name) is missing") }
      return e
    }
    // A small part is checked by libxml2 (well-formed UTF-8, bounded depth
    // and size) before XMLCoder builds it whole, since Foundation's parser
    // traps on some malformed bytes.
    func decode<T: Decodable>(_ type: T.Type, _ name: String, keepSpaces: Bool = false) throws(InputError) -> T {
      let e = try entry(name)
      if Int64(clamping: e.uncompressedSize) > limits.maxSmallPartBytes {
        throw InputError(file: path, "is a damaged .xlsx workbook: \(name) declares \(_megabytes(Int64(clamping: e.uncompressedSize))), over the limit of \(_megabytes(limits.maxSmallPartBytes)) for a part read whole")
      }
      let check = _XMLStream(file: path, part: name, limits: limits)
      check.kept = Data()
      try check.parse(archive, e)
      let decoder = XMLDecoder(trimValueWhitespaces: !keepSpaces, removeWhitespaceElements: true)
      do {
        return try decoder.decode(T.self, from: check.kept ?? Data())
      } catch {
        throw InputError(file: path, "is a damaged .xlsx workbook: \(name) is not valid spreadsheet XML")
      }
    }

    let workbook = try decode(_Workbook.self, "xl/workbook.xml")
    let sheets = workbook.sheets.sheet
    guard !sheets.isEmpty else { throw InputError(file: path, "the workbook has no sheets") }
    let chosen: _Workbook.Sheet
    if let wanted {
      guard let s = sheets.first(where: { $0.name == wanted }) else {
        throw InputError(file: path, "has no sheet '\(wanted)'; its sheets are: \(sheets.map(\.name).joined(separator: ", "))")
      }
      chosen = s
    } else {
      chosen = sheets[0]
    }
    let rels = try decode(_Relationships.self, "xl/_rels/workbook.xml.rels")
    guard let target = rels.relationship.first(where: { $0.id == chosen.rid })?.target else {
      throw InputError(file: path, "is a damaged .xlsx workbook: sheet '\(chosen.name)' has no part")
    }
    let sheetPart = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target

    var dateStyles = Set<Int>()
    if archive["xl/styles.xml"] != nil {
      let styles = try decode(_Styles.self, "xl/styles.xml")
      var dateFormats = Set(_builtinDateFormats)
      for f in styles.numFmts?.numFmt ?? [] where _isDateFormat(f.formatCode) { dateFormats.insert(f.numFmtId) }
      for (i, xf) in (styles.cellXfs?.xf ?? []).enumerated() where dateFormats.contains(xf.numFmtId ?? 0) {
        dateStyles.insert(i)
      }
    }
    var shared: [String] = []
    if let e = archive["xl/sharedStrings.xml"] {
      let strings = _SharedStringsStream(file: path, part: "xl/sharedStrings.xml", limits: limits)
      try strings.parse(archive, e)
      shared = strings.strings
    }
    let date1904 = workbook.workbookPr?.date1904.map { $0 == "1" || $0 == "true" } ?? false
    return _OpenWorkbook(
      path: path, archive: archive, sheetName: chosen.name, sheetNames: sheets.map(\.name), sheetPart: sheetPart, sheetEntry: try entry(sheetPart),
      shared: shared, dateStyles: dateStyles, date1904: date1904, limits: limits)
  }
}

// MARK: - Streams

/// A string item (§18.4.8 `si`, §18.3.1.53 `is`): plain `<t>`, or rich-text
/// runs `<r><t>` joined; phonetic runs (`<rPh>`) are readings, not text.
class _StringItemStream: _XMLStream {
  /// Depth of the open `si`/`is` element (0: none), and of its open `<r>`.
  var itemDepth = 0
  private var runDepth = 0
  private enum Into { case none, plain, run, value }
  private var into = Into.none
  var plain: [UInt8] = []
  var runs: [UInt8] = []
  var hasPlain = false
  /// `<v>` of a cell (the sheet's stream collects into it).
  var value: [UInt8] = []

  func beginItem() {
    itemDepth = depth
    plain.removeAll(keepingCapacity: true)
    runs.removeAll(keepingCapacity: true)
    hasPlain = false
  }

  /// The item's text bytes: the plain text if there is one, else the runs.
  var itemText: [UInt8] { hasPlain ? plain : runs }

  func collectValue() {
    value.removeAll(keepingCapacity: true)
    into = .value
  }

  /// Text-bearing children of an open item.
  func startInItem(_ name: UnsafePointer<UInt8>) {
    guard itemDepth > 0 else { return }
    if depth == itemDepth + 1, _xmlNameIs(name, "t") {
      into = .plain
      hasPlain = true
    } else if depth == itemDepth + 1, _xmlNameIs(name, "r") {
      runDepth = depth
    } else if runDepth > 0, depth == runDepth + 1, _xmlNameIs(name, "t") {
      into = .run
    }
  }

  /// Closes what `startInItem` or `collectValue` opened; `depth` is the element's parent's.
  func endCollecting() {
    if runDepth > 0, depth < runDepth { runDepth = 0 }
    into = .none
  }

  override func characters(_ bytes: UnsafeBufferPointer<UInt8>) throws(InputError) {
    switch into {
    case .none: return
    case .plain: plain.append(contentsOf: bytes)
    case .run: runs.append(contentsOf: bytes)
    case .value: value.append(contentsOf: bytes)
    }
  }
}

/// xl/sharedStrings.xml (§18.4.9): the table cells of type "s" index.
final class _SharedStringsStream: _StringItemStream {
  var strings: [String] = []

  override func start(_ name: UnsafePointer<UInt8>, _ attributes: _XMLAttributes) throws(InputError) {
    if depth == 2, _xmlNameIs(name, "si") { beginItem() } else { startInItem(name) }
  }

  override func end(_ name: UnsafePointer<UInt8>) throws(InputError) {
    endCollecting()
    if itemDepth > 0, depth + 1 == itemDepth {
      strings.append(String(decoding: itemText, as: UTF8.self))
      itemDepth = 0
    }
  }
}

/// One cell's content in the row being read.
enum _CellValue {
  case empty
  /// Bytes [start, end) of the row's arena.
  case bytes(Int, Int)
  case text(String)
}

/// The worksheet (§18.3.1.99): `sheetData` of `row`s of `c`ells. Each row is
/// handed on when it closes; memory is one row.
final class _SheetStream: _StringItemStream {
  let book: _OpenWorkbook
  let onRow: (_SheetStream) throws(InputError) -> Void
  /// The book's, held here so the per-cell path reads them without retaining the book.
  private let shared: [String]
  private let dateStyles: Set<Int>

  /// The row being read: its 1-based number and its cells by column.
  private(set) var rowNumber = 0
  private(set) var cells: [_CellValue] = []
  private(set) var arena: [UInt8] = []

  private var sheetDataDepth = 0
  private var rowDepth = 0
  private var cellDepth = 0
  private var lastColumn = -1
  private var column = 0
  private var type = _CellType.number
  private var style: Int?
  private var hasValue = false

  init(book: _OpenWorkbook, onRow: @escaping (_SheetStream) throws(InputError) -> Void) {
    self.book = book
    self.shared = book.shared
    self.dateStyles = book.dateStyles
    self.onRow = onRow
    super.init(file: book.path, part: book.sheetPart, limits: book.limits)
  }

  /// Bad input at a cell, naming the sheet, the part and the reference.
  func bad(_ what: String, line: Int? = nil, column: String? = nil) -> InputError {
    InputError(file: file, line: line, column: column, "sheet '\(book.sheetName)' (\(part)): \(what)")
  }

  override func start(_ name: UnsafePointer<UInt8>, _ attributes: _XMLAttributes) throws(InputError) {
    if cellDepth > 0 {
      if depth == cellDepth + 1, _xmlNameIs(name, "v") {
        hasValue = true
        collectValue()
      } else if depth == cellDepth + 1, _xmlNameIs(name, "is") {
        beginItem()
      } else {
        startInItem(name)
      }
    } else if rowDepth > 0 {
      if depth == rowDepth + 1, _xmlNameIs(name, "c") { try startCell(attributes) }
    } else if sheetDataDepth > 0 {
      if depth == sheetDataDepth + 1, _xmlNameIs(name, "row") { try startRow(attributes) }
    } else if depth == 2, _xmlNameIs(name, "sheetData") {
      sheetDataDepth = depth
    }
  }

  override func end(_ name: UnsafePointer<UInt8>) throws(InputError) {
    let closed = depth + 1
    endCollecting()
    if closed == itemDepth { itemDepth = 0 }
    if closed == cellDepth {
      try endCell()
      cellDepth = 0
    } else if closed == rowDepth {
      rowDepth = 0
      if !cells.isEmpty { try onRow(self) }
    } else if closed == sheetDataDepth {
      sheetDataDepth = 0
    }
  }

  private func startRow(_ attributes: _XMLAttributes) throws(InputError) {
    rowDepth = depth
    if let r = attributes.value("r") {
      guard let n = _boundedNumber(r, max: _xlsxMaxRows), n >= 1 else {
        let text = _shortText(r)
        throw bad(_isDigits(r)
          ? "row \(text) is beyond row \(_grouped(_xlsxMaxRows)), the last a worksheet can have (damaged workbook)"
          : "the row number '\(text)' is not a whole number from 1 (damaged workbook)")
      }
      rowNumber = n
    } else {
      guard rowNumber < _xlsxMaxRows else {
        throw bad("a row after row \(_grouped(_xlsxMaxRows)) is beyond the last a worksheet can have (damaged workbook)")
      }
      rowNumber += 1
    }
    cells.removeAll(keepingCapacity: true)
    arena.removeAll(keepingCapacity: true)
    lastColumn = -1
  }

  private func startCell(_ attributes: _XMLAttributes) throws(InputError) {
    cellDepth = depth
    hasValue = false
    value.removeAll(keepingCapacity: true)
    plain.removeAll(keepingCapacity: true)
    runs.removeAll(keepingCapacity: true)
    hasPlain = false
    if let r = attributes.value("r"), let col = try columnOf(reference: r) {
      column = col
    } else {
      column = lastColumn + 1
    }
    lastColumn = column
    if column >= limits.maxColumns {
      throw bad("row \(rowNumber) is wider than \(_grouped(limits.maxColumns)) columns, the limit on a row's width", line: rowNumber)
    }
    type = attributes.value("t").map(_CellType.init) ?? .number
    style = attributes.value("s").flatMap { _boundedNumber($0, max: Int(Int32.max)) }
  }

  /// 0-based column of a reference; nil when it has no column letters (the
  /// cell then follows the previous one).
  private func columnOf(reference r: UnsafeBufferPointer<UInt8>) throws(InputError) -> Int? {
    switch _cellReference(r) {
    case .column(let c): return c
    case .noColumn: return nil
    case .beyondColumns:
      throw bad("the cell reference \(_shortText(r)) is beyond column XFD, the last of the \(_grouped(_xlsxMaxColumns)) a worksheet can have (damaged workbook)", line: rowNumber)
    case .beyondRows:
      throw bad("the cell reference \(_shortText(r)) is beyond row \(_grouped(_xlsxMaxRows)), the last a worksheet can have (damaged workbook)", line: rowNumber)
    }
  }

  private func endCell() throws(InputError) {
    switch type {
    case .shared:
      guard let i = _boundedNumber(_trimmed(value), max: shared.count - 1) else {
        throw InputError(file: file, row: nil, line: rowNumber, column: XLSXReader.columnLetters(column),
          "sheet '\(book.sheetName)': a shared-string cell points outside the string table (damaged workbook)")
      }
      placeText(shared[i])
    case .inline: placeBytes(itemText)
    case .text: if hasValue { placeBytes(value) }
    case .boolean: if hasValue { placeText(value == [49] ? "1" : "0") }
    case .error: if hasValue, !value.elementsEqual("#N/A".utf8) { placeBytes(value) }
    case .number:
      guard hasValue else { return }
      // Most cells have no style: the date test costs them nothing.
      if let s = style, dateStyles.contains(s), let serial = Double(String(decoding: value, as: UTF8.self)) {
        guard let date = _excelDateText(serial, date1904: book.date1904) else {
          let letters = XLSXReader.columnLetters(column)
          throw bad("the date-formatted cell \(letters)\(rowNumber) holds \(serial), which is not a date: Excel's dates are serials from 0 to \(_grouped(_excelMaxSerial)) (9999-12-31)", line: rowNumber, column: letters)
        }
        placeText(date)
      } else {
        placeBytes(value)
      }
    }
  }

  /// A cell of only white space is empty, as a spreadsheet shows it.
  private func placeText(_ t: String) {
    if t.utf8.contains(where: { !_isSpace($0) }) { place(.text(t)) }
  }

  private func placeBytes(_ b: [UInt8]) {
    guard b.contains(where: { !_isSpace($0) }) else { return }
    let start = arena.count
    arena.append(contentsOf: b)
    place(.bytes(start, arena.count))
  }

  private func place(_ v: _CellValue) {
    if column >= cells.count { cells.append(contentsOf: repeatElement(.empty, count: column - cells.count + 1)) }
    cells[column] = v
  }

  /// A cell's text (for the header and text columns).
  func text(_ v: _CellValue) -> String? {
    switch v {
    case .empty: return nil
    case .text(let s): return s
    case .bytes(let a, let b): return arena.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[a..<b]), as: UTF8.self) }
    }
  }
}

enum _CellReference: Equatable {
  case column(Int)
  case noColumn
  case beyondColumns
  case beyondRows
}

/// The 0-based column of a reference such as "AB12", with its column and
/// row checked against the worksheet's bounds before any arithmetic can
/// overflow (a reference of a dozen letters would).
func _cellReference<C: Collection<UInt8>>(_ r: C) -> _CellReference {
  var n = 0
  var i = r.startIndex
  while i != r.endIndex, r[i] >= 65, r[i] <= 90 {
    n = n * 26 + Int(r[i] - 64)
    if n > _xlsxMaxColumns { return .beyondColumns }
    i = r.index(after: i)
  }
  if n == 0 { return .noColumn }
  let digits = r[i...]
  if _isDigits(digits), _boundedNumber(digits, max: _xlsxMaxRows) == nil { return .beyondRows }
  return .column(n - 1)
}

/// 0-based column of a cell reference such as "AB12" (nil: none, or beyond XFD).
func _columnIndex(ofReference r: String) -> Int? {
  if case .column(let c) = _cellReference(Array(r.utf8)) { return c }
  return nil
}

/// The `t` attribute of a cell (§18.18.11); anything else is a number.
enum _CellType {
  case shared, inline, text, boolean, error, number

  init(_ t: UnsafeBufferPointer<UInt8>) {
    // Compared as bytes: this runs once per cell.
    func `is`(_ s: StaticString) -> Bool {
      t.count == s.utf8CodeUnitCount && memcmp(t.baseAddress!, s.utf8Start, t.count) == 0
    }
    if t.count == 1 {
      switch t[0] {
      case UInt8(ascii: "s"): self = .shared
      case UInt8(ascii: "d"): self = .text
      case UInt8(ascii: "b"): self = .boolean
      case UInt8(ascii: "e"): self = .error
      default: self = .number
      }
    } else if `is`("inlineStr") {
      self = .inline
    } else if `is`("str") {
      self = .text
    } else {
      self = .number
    }
  }
}

@inline(__always)
private func _isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 }

private func _trimmed(_ b: [UInt8]) -> ArraySlice<UInt8> {
  var a = 0, e = b.count
  while a < e, b[a] == 32 || b[a] == 9 { a += 1 }
  while e > a, b[e - 1] == 32 || b[e - 1] == 9 { e -= 1 }
  return b[a..<e]
}

private func _isDigits<C: Collection<UInt8>>(_ b: C) -> Bool {
  !b.isEmpty && b.allSatisfy { $0 &- 48 < 10 }
}

/// Decimal digits as a number no greater than `max`; nil when not digits or
/// greater (checked before each step, so it cannot overflow).
func _boundedNumber<C: Collection<UInt8>>(_ b: C, max: Int) -> Int? {
  guard _isDigits(b), max >= 0 else { return nil }
  var n = 0
  for c in b {
    let d = Int(c - 48)
    guard max - d >= 0, n <= (max - d) / 10 else { return nil }
    n = n * 10 + Int(c - 48)
  }
  return n
}

/// 16384 → "16,384", the same in every locale.
func _grouped(_ n: Int) -> String {
  let digits = String(n.magnitude)
  var out = ""
  for (i, ch) in digits.enumerated() {
    if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
    out.append(ch)
  }
  return (n < 0 ? "-" : "") + out
}

/// Attribute text for a message: at most 20 characters.
private func _shortText(_ b: UnsafeBufferPointer<UInt8>) -> String {
  let s = String(decoding: b, as: UTF8.self)
  return s.count > 20 ? String(s.prefix(20)) + "…" : s
}

// MARK: - The data frame, row by row

/// Columns built as rows arrive: the first non-empty row is the header; a
/// later, wider row adds columns (named V1, V2, … by position) that are
/// missing in the rows before it.
struct _FrameBuilder {
  let path: String
  let sheet: String
  let missing: _MissingCodes
  let limits: ReadLimits
  var names: [String]?
  var headerLine = 0
  var builders: [_ColumnBuilder] = []
  var lines: [Int] = []

  init(path: String, sheet: String, missing: _MissingCodes, limits: ReadLimits) {
    self.path = path
    self.sheet = sheet
    self.missing = missing
    self.limits = limits
  }

  mutating func add(_ row: _SheetStream) throws(InputError) {
    guard var names else {
      var header: [String] = []
      for (c, v) in row.cells.enumerated() {
        let h = row.text(v)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        header.append(h.isEmpty ? "V\(c + 1)" : h)
      }
      try checkDuplicates(header)
      names = header
      headerLine = row.rowNumber
      builders = header.map { _ColumnBuilder(name: $0) }
      return
    }
    let k = lines.count
    if row.cells.count > builders.count {
      for c in builders.count..<row.cells.count {
        names.append("V\(c + 1)")
        var b = _ColumnBuilder(name: names[c])
        for r in 0..<k { try b.append(.missing, row: r + 1, line: lines[r]) { () throws(InputError) -> String in "" } }
        builders.append(b)
      }
      self.names = names
    }
    let (cells, overflow) = (k + 1).multipliedReportingOverflow(by: builders.count)
    if overflow || cells > limits.maxCells {
      throw InputError(file: path, line: row.rowNumber,
        "sheet '\(sheet)': \(k + 1) rows of \(builders.count) columns are more than \(_grouped(limits.maxCells)) cells, the limit on a data frame read from a workbook")
    }
    lines.append(row.rowNumber)
    try row.arena.withUnsafeBufferPointer { (arena: UnsafeBufferPointer<UInt8>) throws(InputError) in
      for c in 0..<builders.count {
        let v = c < row.cells.count ? row.cells[c] : .empty
        let cell: NumericCell
        switch v {
        case .empty: cell = .missing
        case .text(let s): cell = missing.classify(s)
        case .bytes(let a, let b): cell = missing.classify(bytes: UnsafeBufferPointer(rebasing: arena[a..<b]))
        }
        try builders[c].append(cell, row: k + 1, line: row.rowNumber) { () throws(InputError) -> String in row.text(v) ?? "" }
      }
    }
  }

  func checkDuplicates(_ names: [String]) throws(InputError) {
    var seen: [String: Int] = [:]
    for (i, n) in names.enumerated() {
      if let first = seen[n] {
        throw InputError(file: path, line: headerLine,
          "sheet '\(sheet)': duplicate column name '\(n)' (columns \(XLSXReader.columnLetters(first)) and \(XLSXReader.columnLetters(i))); rename one of them")
      }
      seen[n] = i
    }
  }

  func finish() throws(InputError) -> DataFrame {
    guard let names else { throw InputError(file: path, "sheet '\(sheet)' is empty") }
    if lines.isEmpty { throw InputError(file: path, "sheet '\(sheet)' has a header but no data rows") }
    // Columns added after the header can repeat one of its names.
    try checkDuplicates(names)
    return DataFrame(source: path, columns: builders.map(\.column), rowCount: lines.count, lines: lines)
  }
}

extension _MissingCodes {
  /// A cell's bytes classified as `classify` does, without a String for a
  /// number (a number's text has no other spelling a missing code can match).
  func classify(bytes: UnsafeBufferPointer<UInt8>) -> NumericCell {
    var a = 0, e = bytes.count
    while a < e, bytes[a] == 32 || bytes[a] == 9 { a += 1 }
    while e > a, bytes[e - 1] == 32 || bytes[e - 1] == 9 { e -= 1 }
    if a < e, case .number(let v) = _parseDecimal(bytes.baseAddress!, a, e) {
      return numbers.contains(v) ? .missing : .number(v)
    }
    return classify(String(decoding: bytes, as: UTF8.self))
  }
}


/// OLE2 compound file: .xls, .doc, and encrypted OOXML files.
let _compoundFileMagic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

/// An encrypted OOXML file is a compound file with an "EncryptedPackage" stream.
func _isEncryptedOffice(_ path: String) -> Bool {
  guard let data = FileManager.default.contents(atPath: path) else { return false }
  let name = Data("EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
  return data.range(of: name) != nil
}

/// Built-in number formats that are dates or times (ECMA-376 §18.8.30).
let _builtinDateFormats: [Int] = Array(14...22) + Array(27...36) + [45, 46, 47] + Array(50...58)

/// A custom format is a date when it has a date or time code outside quotes
/// and brackets ("[Red]", "[$-804]").
func _isDateFormat(_ code: String) -> Bool {
  var inQuote = false, inBracket = false, prev: Character = " "
  for ch in code {
    if ch == "\"" { inQuote.toggle(); continue }
    if inQuote { continue }
    if ch == "[" { inBracket = true; continue }
    if ch == "]" { inBracket = false; continue }
    if inBracket || prev == "\\" { prev = ch; continue }
    if "ymdhsYMDHS".contains(ch) { return true }
    prev = ch
  }
  return false
}

/// The last serial Excel gives a date: 9999-12-31.
let _excelMaxSerial = 2_958_465

/// An Excel serial date as "yyyy-mm-dd" or "yyyy-mm-dd hh:mm:ss"; nil for a
/// serial that is not finite or outside Excel's dates, whose seconds would
/// overflow time_t's conversion.
func _excelDateText(_ serial: Double, date1904: Bool) -> String? {
  guard serial.isFinite, serial >= 0, serial < Double(_excelMaxSerial + 1) else { return nil }
  // Serial 0 is 1899-12-30 in the 1900 system (which counts 1900-02-29).
  let seconds = (serial * 86400).rounded()
  // Unix time of serial 0: 1899-12-30, or 1904-01-01 in the 1904 system.
  let epoch: Double = date1904 ? -2_082_844_800 : -2_209_161_600
  return utcTimestampText(epoch + seconds, includeTime: serial != serial.rounded(.down))
}

/// Unix seconds as "yyyy-mm-dd hh:mm:ss" (or "yyyy-mm-dd") in UTC, so the
/// text is the same on every machine whatever its time zone.
public func utcTimestampText(_ unixSeconds: Double, includeTime: Bool = true) -> String {
  var tt = time_t(unixSeconds)
  var tmv = tm()
  gmtime_r(&tt, &tmv)
  let date = String(format: "%04d-%02d-%02d", tmv.tm_year + 1900, tmv.tm_mon + 1, tmv.tm_mday)
  return includeTime ? date + String(format: " %02d:%02d:%02d", tmv.tm_hour, tmv.tm_min, tmv.tm_sec) : date
}

// MARK: - The parts' XML, as far as a reader needs it

struct _Workbook: Decodable {
  struct Sheet: Decodable {
    let name: String
    let rid: String
    enum CodingKeys: String, CodingKey {
      case name
      case rid = "r:id"
    }
  }
  struct Sheets: Decodable { let sheet: [Sheet] }
  struct Properties: Decodable { let date1904: String? }
  let sheets: Sheets
  let workbookPr: Properties?
}

struct _Relationships: Decodable {
  struct Relationship: Decodable {
    let id: String
    let target: String
    enum CodingKeys: String, CodingKey {
      case id = "Id"
      case target = "Target"
    }
  }
  let relationship: [Relationship]
  enum CodingKeys: String, CodingKey { case relationship = "Relationship" }
}

struct _Styles: Decodable {
  struct NumFmt: Decodable {
    let numFmtId: Int
    let formatCode: String
  }
  struct NumFmts: Decodable { let numFmt: [NumFmt]? }
  struct XF: Decodable { let numFmtId: Int? }
  struct CellXfs: Decodable { let xf: [XF]? }
  let numFmts: NumFmts?
  let cellXfs: CellXfs?
}
