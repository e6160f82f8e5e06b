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

public struct XLSXOptions: Sendable {
  /// The sheet to read (nil: the first).
  public var sheet: String?
  public var missingCodes: [String]

  public init(sheet: String? = nil, missingCodes: [String] = []) {
    self.sheet = sheet
    self.missingCodes = missingCodes
  }
}

public enum XLSXReader {
  public static func read(path: String, options: XLSXOptions = XLSXOptions()) throws(InputError) -> DataFrame {
    let grid = try readGrid(path: path, sheet: options.sheet)
    let missing = _MissingCodes(options.missingCodes)
    guard let headerRow = grid.rows.first else {
      throw InputError(file: path, "sheet '\(grid.sheet)' is empty")
    }
    let width = grid.rows.map { $0.cells.count }.max() ?? 0
    var names: [String] = []
    for c in 0..<width {
      let h = (c < headerRow.cells.count ? headerRow.cells[c] : nil)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
      names.append(h.isEmpty ? "V\(c + 1)" : h)
    }
    var seen: [String: Int] = [:]
    for (i, n) in names.enumerated() {
      if let first = seen[n] {
        throw InputError(file: path, line: headerRow.number,
          "sheet '\(grid.sheet)': duplicate column name '\(n)' (columns \(columnLetters(first)) and \(columnLetters(i))); rename one of them")
      }
      seen[n] = i
    }
    let body = grid.rows.dropFirst()
    if body.isEmpty { throw InputError(file: path, "sheet '\(grid.sheet)' has a header but no data rows") }
    var builders = names.map { _ColumnBuilder(name: $0) }
    var lines: [Int] = []
    for (k, row) in body.enumerated() {
      lines.append(row.number)
      for c in 0..<width {
        let raw = c < row.cells.count ? row.cells[c] : nil
        let cell = raw.map { missing.classify($0) } ?? .missing
        try builders[c].append(cell, row: k + 1, line: row.number) { () throws(InputError) -> String in raw ?? "" }
      }
    }
    return DataFrame(source: path, columns: builders.map(\.column), rowCount: body.count, lines: lines)
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

  struct Grid {
    var sheet: String
    /// Non-empty rows in order; `number` is the sheet's 1-based row number.
    var rows: [(number: Int, cells: [String?])]
  }

  static func readGrid(path: String, sheet wanted: String?) throws(InputError) -> Grid {
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
    func part(_ name: String, required: Bool = true) throws(InputError) -> Data? {
      guard let entry = archive[name] else {
        if required { throw InputError(file: path, "is a damaged .xlsx workbook: the part \(name) is missing") }
        return nil
      }
      var data = Data()
      do {
        _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
      } catch {
        throw InputError(file: path, "is a damaged .xlsx workbook: the part \(name) cannot be decompressed")
      }
      return data
    }
    func decode<T: Decodable>(_ type: T.Type, _ data: Data, _ name: String, keepSpaces: Bool = false) throws(InputError) -> T {
      let decoder = XMLDecoder(trimValueWhitespaces: !keepSpaces, removeWhitespaceElements: true)
      do {
        return try decoder.decode(T.self, from: data)
      } catch {
        throw InputError(file: path, "is a damaged .xlsx workbook: \(name) is not valid spreadsheet XML")
      }
    }

    let workbook = try decode(_Workbook.self, part("xl/workbook.xml")!, "xl/workbook.xml")
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
    let rels = try decode(_Relationships.self, part("xl/_rels/workbook.xml.rels")!, "xl/_rels/workbook.xml.rels")
    guard let target = rels.relationship.first(where: { $0.id == chosen.rid })?.target else {
      throw InputError(file: path, "is a damaged .xlsx workbook: sheet '\(chosen.name)' has no part")
    }
    let sheetPart = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target

    var shared: [String] = []
    if let data = try part("xl/sharedStrings.xml", required: false) {
      shared = try decode(_SharedStrings.self, data, "xl/sharedStrings.xml", keepSpaces: true).si.map(\.text)
    }
    var dateStyles = Set<Int>()
    if let data = try part("xl/styles.xml", required: false) {
      let styles = try decode(_Styles.self, data, "xl/styles.xml")
      var dateFormats = Set(_builtinDateFormats)
      for f in styles.numFmts?.numFmt ?? [] where _isDateFormat(f.formatCode) { dateFormats.insert(f.numFmtId) }
      for (i, xf) in (styles.cellXfs?.xf ?? []).enumerated() where dateFormats.contains(xf.numFmtId ?? 0) {
        dateStyles.insert(i)
      }
    }
    let date1904 = workbook.workbookPr?.date1904.map { $0 == "1" || $0 == "true" } ?? false

    let ws = try decode(_Worksheet.self, part(sheetPart)!, sheetPart, keepSpaces: true)
    var rows: [(number: Int, cells: [String?])] = []
    var lastRow = 0
    for row in ws.sheetData.row ?? [] {
      let number = row.r ?? (lastRow + 1)
      lastRow = number
      var cells: [String?] = []
      var lastCol = -1
      for c in row.c ?? [] {
        let col = c.r.flatMap(_columnIndex(ofReference:)) ?? (lastCol + 1)
        lastCol = col
        let value: String?
        switch c.t ?? "n" {
        case "s":
          guard let i = c.v.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), i >= 0, i < shared.count else {
            throw InputError(file: path, row: nil, line: number, column: XLSXReader.columnLetters(col),
              "sheet '\(chosen.name)': a shared-string cell points outside the string table (damaged workbook)")
          }
          value = shared[i]
        case "inlineStr": value = c.inline?.text
        case "str", "d": value = c.v
        case "b": value = c.v.map { $0 == "1" ? "1" : "0" }
        case "e": value = c.v == "#N/A" ? nil : c.v
        default:
          if let v = c.v, let s = c.s, dateStyles.contains(s), let serial = Double(v) {
            value = _excelDateText(serial, date1904: date1904)
          } else {
            value = c.v
          }
        }
        guard let value, !value.isEmpty else { continue }
        if col >= cells.count { cells.append(contentsOf: repeatElement(nil, count: col - cells.count + 1)) }
        cells[col] = value
      }
      if cells.contains(where: { $0 != nil }) { rows.append((number, cells)) }
    }
    return Grid(sheet: chosen.name, rows: rows)
  }
}


/// 0-based column of a cell reference such as "AB12".
func _columnIndex(ofReference r: String) -> Int? {
  var n = 0, any = false
  for u in r.unicodeScalars {
    guard u.value >= 65, u.value <= 90 else { break }
    n = n * 26 + Int(u.value - 64)
    any = true
  }
  return any ? n - 1 : nil
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

/// An Excel serial date as "yyyy-mm-dd" or "yyyy-mm-dd hh:mm:ss".
func _excelDateText(_ serial: Double, date1904: Bool) -> String {
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

/// `<t>` text, possibly with xml:space="preserve".
struct _Text: Decodable {
  let value: String?
  enum CodingKeys: String, CodingKey { case value = "" }
  init(from decoder: Decoder) throws {
    if let c = try? decoder.container(keyedBy: CodingKeys.self) {
      value = try? c.decodeIfPresent(String.self, forKey: .value)
    } else {
      value = try? decoder.singleValueContainer().decode(String.self)
    }
  }
}

/// A string item: plain `<t>` or rich-text runs `<r><t>`; phonetic runs are not text.
struct _StringItem: Decodable {
  struct Run: Decodable { let t: _Text? }
  let t: _Text?
  let r: [Run]?
  var text: String {
    if let t { return t.value ?? "" }
    return (r ?? []).map { $0.t?.value ?? "" }.joined()
  }
}

struct _SharedStrings: Decodable {
  let si: [_StringItem]
  enum CodingKeys: String, CodingKey { case si }
  init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    si = try c.decodeIfPresent([_StringItem].self, forKey: .si) ?? []
  }
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

struct _Worksheet: Decodable {
  struct Cell: Decodable {
    let r: String?
    let t: String?
    let s: Int?
    let v: String?
    let inline: _StringItem?
    enum CodingKeys: String, CodingKey {
      case r, t, s, v
      case inline = "is"
    }
  }
  struct Row: Decodable {
    let r: Int?
    let c: [Cell]?
  }
  struct SheetData: Decodable { let row: [Row]? }
  let sheetData: SheetData
}
