import Foundation

// .xlsx workbooks (SpreadsheetML, ECMA-376 Part 1 §18): one or more sheets of
// cells, numbers as numbers and text as inline strings (§18.3.1.53), so any
// spreadsheet program and ClusterStat's own reader open them. Cells may carry
// a style — number format, bold, top and bottom rules, alignment, wrapping —
// which goes into a styles part (§18.8): numFmts, fonts, fills, borders and
// cellXfs, each style written once and referred to by index. A sheet may also
// merge cells of a row, set row heights and column widths, hide the grid and
// say how it prints (§18.3.1: mergeCells, row, cols, sheetView, pageSetup).
// A workbook whose cells all keep the default style has no styles part, as
// before styles existed, so the shipped data files keep their bytes.

public enum XLSXCell: Sendable, Equatable {
  case number(Double)
  case text(String)
  case empty
}

/// How a cell looks. The default is Excel's: General, regular, no rules.
public struct XLSXStyle: Sendable, Hashable {
  /// A border line (§18.18.3 ST_BorderStyle). Excel draws thin 1 px and
  /// medium 2 px, i.e. the 0.75 pt and 1.5 pt rules of a three-line table.
  public enum Rule: String, Sendable, Hashable {
    case none, thin, medium, thick
  }

  /// Horizontal alignment (§18.18.40 ST_HorizontalAlignment); general puts
  /// numbers right and text left.
  public enum Alignment: String, Sendable, Hashable {
    case general, left, center, right
  }

  /// A number format code such as "0.000" (§18.8.31); nil is General.
  public var numberFormat: String?
  public var bold: Bool
  public var top: Rule
  public var bottom: Rule
  public var alignment: Alignment
  /// Text wrapped within the cell's width, from the top.
  public var wraps: Bool
  /// Indent levels from the aligned edge (left or right alignment only).
  public var indent: Int

  public init(numberFormat: String? = nil, bold: Bool = false, top: Rule = .none, bottom: Rule = .none,
              alignment: Alignment = .general, wraps: Bool = false, indent: Int = 0) {
    self.numberFormat = numberFormat
    self.bold = bold
    self.top = top
    self.bottom = bottom
    self.alignment = alignment
    self.wraps = wraps
    self.indent = indent
  }

  public static let plain = XLSXStyle()
}

/// One worksheet: rows of cells from A1, column widths and whether the grid shows.
public struct XLSXSheet: Sendable {
  public struct Cell: Sendable, Equatable {
    public var value: XLSXCell
    public var style: XLSXStyle
    public init(_ value: XLSXCell, _ style: XLSXStyle = .plain) {
      self.value = value
      self.style = style
    }
  }

  /// Cells of one row merged into one, its first holding the content (0-based).
  public struct Span: Sendable, Equatable {
    public var row: Int
    public var columns: ClosedRange<Int>
    public init(row: Int, columns: ClosedRange<Int>) {
      self.row = row
      self.columns = columns
    }
  }

  public var name: String
  public var rows: [[Cell]]
  public var merged: [Span]
  /// Heights in points of the rows given (0-based); others keep Excel's.
  public var rowHeights: [Int: Double]
  /// Widths in characters of the default font's digits (§18.3.1.13); empty: Excel's default.
  public var columnWidths: [Double]
  /// A sheet that is a finished table hides the grid, so only its own rules show.
  public var showGridLines: Bool
  /// Printing on A4 (§18.3.1.63): shrunk to the page's width, so a wide table
  /// is not cut into pages of columns; landscape for a table wider than portrait holds.
  public var printFitsWidth: Bool
  public var landscape: Bool

  public init(name: String, rows: [[Cell]], merged: [Span] = [], rowHeights: [Int: Double] = [:], columnWidths: [Double] = [],
              showGridLines: Bool = true, printFitsWidth: Bool = false, landscape: Bool = false) {
    self.name = name
    self.rows = rows
    self.merged = merged
    self.rowHeights = rowHeights
    self.columnWidths = columnWidths
    self.showGridLines = showGridLines
    self.printFitsWidth = printFitsWidth
    self.landscape = landscape
  }
}

public enum XLSXWriter {
  /// A one-sheet workbook of a header row and data rows, unstyled.
  public static func workbook(sheet: String, header: [String], rows: [[XLSXCell]]) throws -> Data {
    let cells = [header.map { XLSXSheet.Cell(.text($0)) }] + rows.map { $0.map { XLSXSheet.Cell($0) } }
    return try workbook([XLSXSheet(name: sheet, rows: cells)])
  }

  /// A workbook of the given sheets, in order; their names are made valid and unique (`sheetNames`).
  public static func workbook(_ sheets: [XLSXSheet]) throws -> Data {
    var styles = StyleTable()
    let xml = sheets.map { worksheet($0, &styles) }
    let names = sheetNames(sheets.map(\.name))
    return try OOXMLPackage.archive(parts(sheets: Array(zip(names, xml)), styles: styles.isDefault ? nil : styles.xml()))
  }

  static func worksheet(_ sheet: XLSXSheet, _ styles: inout StyleTable) -> Data {
    var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    xml += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
    if sheet.printFitsWidth { xml += #"<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>"# }
    if !sheet.showGridLines { xml += #"<sheetViews><sheetView workbookViewId="0" showGridLines="0"/></sheetViews>"# }
    if !sheet.columnWidths.isEmpty {
      xml += "<cols>"
      for (j, w) in sheet.columnWidths.enumerated() {
        xml += "<col min=\"\(j + 1)\" max=\"\(j + 1)\" width=\"\(String(format: "%.2f", w))\" customWidth=\"1\"/>"
      }
      xml += "</cols>"
    }
    xml += "<sheetData>"
    for (i, cells) in sheet.rows.enumerated() {
      let r = i + 1
      xml += "<row r=\"\(r)\""
      if let h = sheet.rowHeights[i] { xml += " ht=\"\(String(format: "%.2f", h))\" customHeight=\"1\"" }
      xml += ">"
      for (j, c) in cells.enumerated() {
        let ref = XLSXReader.columnLetters(j) + String(r)
        let s = styles.index(c.style)
        let attr = s == 0 ? "" : " s=\"\(s)\""
        switch c.value {
        case .number(let v) where v.isFinite:
          let text = v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(format: "%.17g", v)
          xml += "<c r=\"\(ref)\"\(attr)><v>\(text)</v></c>"
        case .text(let t):
          xml += "<c r=\"\(ref)\"\(attr) t=\"inlineStr\"><is><t xml:space=\"preserve\">\(OOXMLPackage.escape(t))</t></is></c>"
        // A cell cannot hold NaN or infinity: it stays empty, keeping its rules.
        case .number, .empty:
          if s != 0 { xml += "<c r=\"\(ref)\"\(attr)/>" }
        }
      }
      xml += "</row>"
    }
    xml += "</sheetData>"
    if !sheet.merged.isEmpty {
      xml += "<mergeCells count=\"\(sheet.merged.count)\">"
      for m in sheet.merged {
        let r = String(m.row + 1)
        xml += "<mergeCell ref=\"\(XLSXReader.columnLetters(m.columns.lowerBound) + r):\(XLSXReader.columnLetters(m.columns.upperBound) + r)\"/>"
      }
      xml += "</mergeCells>"
    }
    if sheet.printFitsWidth || sheet.landscape {
      // A4 (paperSize 9); fitToHeight 0 lets a long table run on over pages.
      xml += "<pageSetup paperSize=\"9\" orientation=\"\(sheet.landscape ? "landscape" : "portrait")\""
      xml += sheet.printFitsWidth ? " fitToWidth=\"1\" fitToHeight=\"0\"/>" : "/>"
    }
    xml += "</worksheet>"
    return Data(xml.utf8)
  }

  /// Names Excel accepts (§18.2.19): no `[]:*?/\`, none empty, at most 31
  /// characters, no leading or trailing apostrophe, unique ignoring case (a
  /// repeat gets " (2)", " (3)" …), and not "History", which Excel reserves.
  public static func sheetNames(_ wanted: [String]) -> [String] {
    let forbidden = Set("[]:*?/\\")
    var taken = Set<String>()
    func fit(_ s: String, _ limit: Int) -> String {
      var out = ""
      for ch in s {
        if out.utf16.count + ch.utf16.count > limit { break }
        out.append(ch)
      }
      return out.trimmingCharacters(in: .whitespaces)
    }
    return wanted.enumerated().map { k, raw in
      var base = raw.map { forbidden.contains($0) || $0.isNewline ? " " : String($0) }.joined()
        .split(whereSeparator: \.isWhitespace).joined(separator: " ")
      while base.hasPrefix("'") { base.removeFirst() }
      while base.hasSuffix("'") { base.removeLast() }
      if base.isEmpty || base.lowercased() == "history" { base = "Sheet\(k + 1)" }
      var name = fit(base, 31), n = 1
      while taken.contains(name.lowercased()) {
        n += 1
        let suffix = " (\(n))"
        name = fit(base, 31 - suffix.utf16.count) + suffix
      }
      taken.insert(name.lowercased())
      return name
    }
  }

  /// The parts of a one-sheet workbook around the given worksheet XML.
  static func parts(sheet: String, sheetXML: Data) -> [(path: String, content: Data)] {
    parts(sheets: [(sheet, sheetXML)], styles: nil)
  }

  /// The parts of a workbook around the given worksheets' XML, with a styles part if given.
  static func parts(sheets: [(name: String, xml: Data)], styles: String?) -> [(path: String, content: Data)] {
    let ns = OOXMLPackage.ns
    let numbered = sheets.indices.map { (part: "worksheets/sheet\($0 + 1).xml", rid: "rId\($0 + 1)") }
    var overrides = [("/xl/workbook.xml", "spreadsheetml.sheet.main+xml")]
    overrides += numbered.map { ("/xl/\($0.part)", "spreadsheetml.worksheet+xml") }
    var rels = numbered.map { (id: $0.rid, type: "worksheet", target: $0.part) }
    if styles != nil {
      overrides.append(("/xl/styles.xml", "spreadsheetml.styles+xml"))
      rels.append((id: "rId\(sheets.count + 1)", type: "styles", target: "styles.xml"))
    }
    let entries = zip(sheets, numbered).enumerated().map { k, s in
      "<sheet name=\"\(OOXMLPackage.escape(s.0.name))\" sheetId=\"\(k + 1)\" r:id=\"\(s.1.rid)\"/>"
    }
    var text: [(path: String, content: String)] = [
      ("[Content_Types].xml", OOXMLPackage.contentTypes(overrides)),
      ("_rels/.rels", OOXMLPackage.relationships([("rId1", "officeDocument", "xl/workbook.xml")])),
      ("xl/workbook.xml", """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="\(ns)/spreadsheetml/2006/main" xmlns:r="\(ns)/officeDocument/2006/relationships"><sheets>\(entries.joined())</sheets></workbook>
        """),
      ("xl/_rels/workbook.xml.rels", OOXMLPackage.relationships(rels)),
    ]
    if let styles { text.append(("xl/styles.xml", styles)) }
    return text.map { ($0.path, Data($0.content.utf8)) } + zip(numbered, sheets).map { ("xl/\($0.0.part)", $0.1.xml) }
  }
}

/// The distinct styles of a workbook, numbered as cellXfs (§18.8.10) in the
/// order first used; index 0 is the default.
struct StyleTable {
  private(set) var styles: [XLSXStyle] = [.plain]
  private var indexOf: [XLSXStyle: Int] = [.plain: 0]

  var isDefault: Bool { styles.count == 1 }

  mutating func index(_ s: XLSXStyle) -> Int {
    if let i = indexOf[s] { return i }
    styles.append(s)
    indexOf[s] = styles.count - 1
    return styles.count - 1
  }

  /// The styles part. Custom number formats are numbered from 164, the first
  /// id not built in (§18.8.30); fills 0 and 1 are the two Excel requires.
  func xml() -> String {
    var formats: [String] = []
    var borders: [[XLSXStyle.Rule]] = [[.none, .none]]
    for s in styles {
      if let f = s.numberFormat, !formats.contains(f) { formats.append(f) }
      if !borders.contains([s.top, s.bottom]) { borders.append([s.top, s.bottom]) }
    }
    func rule(_ side: String, _ r: XLSXStyle.Rule) -> String {
      r == .none ? "<\(side)/>" : "<\(side) style=\"\(r.rawValue)\"><color auto=\"1\"/></\(side)>"
    }
    let font = #"<sz val="11"/><name val="Calibri"/><family val="2"/>"#
    var x = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    x += "<styleSheet xmlns=\"\(OOXMLPackage.ns)/spreadsheetml/2006/main\">"
    if !formats.isEmpty {
      x += "<numFmts count=\"\(formats.count)\">"
      for (k, f) in formats.enumerated() { x += "<numFmt numFmtId=\"\(164 + k)\" formatCode=\"\(OOXMLPackage.escape(f))\"/>" }
      x += "</numFmts>"
    }
    x += "<fonts count=\"2\"><font>\(font)</font><font><b/>\(font)</font></fonts>"
    x += #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
    x += "<borders count=\"\(borders.count)\">"
    for b in borders { x += "<border>" + rule("left", .none) + rule("right", .none) + rule("top", b[0]) + rule("bottom", b[1]) + "<diagonal/></border>" }
    x += "</borders>"
    x += #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
    x += "<cellXfs count=\"\(styles.count)\">"
    for s in styles {
      let fmt = s.numberFormat.flatMap { formats.firstIndex(of: $0) }.map { 164 + $0 } ?? 0
      let border = borders.firstIndex(of: [s.top, s.bottom]) ?? 0
      x += "<xf numFmtId=\"\(fmt)\" fontId=\"\(s.bold ? 1 : 0)\" fillId=\"0\" borderId=\"\(border)\" xfId=\"0\""
      if fmt != 0 { x += " applyNumberFormat=\"1\"" }
      if s.bold { x += " applyFont=\"1\"" }
      if border != 0 { x += " applyBorder=\"1\"" }
      if s.alignment == .general && !s.wraps {
        x += "/>"
      } else {
        x += " applyAlignment=\"1\"><alignment horizontal=\"\(s.alignment.rawValue)\""
        if s.wraps { x += " vertical=\"top\" wrapText=\"1\"" }
        if s.indent > 0 { x += " indent=\"\(s.indent)\"" }
        x += "/></xf>"
      }
    }
    x += "</cellXfs>"
    x += #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
    x += "</styleSheet>"
    return x
  }
}
