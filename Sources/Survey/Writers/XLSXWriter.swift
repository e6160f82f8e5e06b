import Foundation

// A one-sheet .xlsx workbook of a header row and data rows: numbers as
// numbers, text as inline strings (ECMA-376 Part 1 §18.3.1.53), so any
// spreadsheet program and ClusterStat's own reader open it.

public enum XLSXCell: Sendable, Equatable {
  case number(Double)
  case text(String)
  case empty
}

public enum XLSXWriter {
  public static func workbook(sheet: String, header: [String], rows: [[XLSXCell]]) throws -> Data {
    var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    xml += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
    func row(_ r: Int, _ cells: [XLSXCell]) {
      xml += "<row r=\"\(r)\">"
      for (j, c) in cells.enumerated() {
        let ref = XLSXReader.columnLetters(j) + String(r)
        switch c {
        case .empty: continue
        case .number(let v):
          let s = v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(format: "%.17g", v)
          xml += "<c r=\"\(ref)\"><v>\(s)</v></c>"
        case .text(let t):
          xml += "<c r=\"\(ref)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(OOXMLPackage.escape(t))</t></is></c>"
        }
      }
      xml += "</row>"
    }
    row(1, header.map { .text($0) })
    for (i, r) in rows.enumerated() { row(i + 2, r) }
    xml += "</sheetData></worksheet>"

    return try OOXMLPackage.archive(parts(sheet: sheet, sheetXML: Data(xml.utf8)))
  }

  /// The parts of a one-sheet workbook around the given worksheet XML.
  static func parts(sheet: String, sheetXML: Data) -> [(path: String, content: Data)] {
    let ns = OOXMLPackage.ns
    let text: [(path: String, content: String)] = [
      ("[Content_Types].xml", OOXMLPackage.contentTypes([
        ("/xl/workbook.xml", "spreadsheetml.sheet.main+xml"), ("/xl/worksheets/sheet1.xml", "spreadsheetml.worksheet+xml"),
      ])),
      ("_rels/.rels", OOXMLPackage.relationships([("rId1", "officeDocument", "xl/workbook.xml")])),
      ("xl/workbook.xml", """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="\(ns)/spreadsheetml/2006/main" xmlns:r="\(ns)/officeDocument/2006/relationships"><sheets><sheet name="\(OOXMLPackage.escape(sheet))" sheetId="1" r:id="rId1"/></sheets></workbook>
        """),
      ("xl/_rels/workbook.xml.rels", OOXMLPackage.relationships([("rId1", "worksheet", "worksheets/sheet1.xml")])),
    ]
    return text.map { ($0.path, Data($0.content.utf8)) } + [("xl/worksheets/sheet1.xml", sheetXML)]
  }
}
