import Foundation
import Survey

// Tables as an Excel workbook (.xlsx, SpreadsheetML: ECMA-376 Part 1 §18,
// styles §18.8), one worksheet per table: the title in the first row, the
// header, the body, the notes below. The rules are a three-line table's
// (三线表): medium (1.5 pt) above the header and under the last row, thin
// (0.75 pt) under the header, none between columns, and the grid hidden so
// only they show. Numbers stay numbers, each with a format of exactly the
// decimals the text table shows ("0.000"), so Excel shows the same digits
// and still computes with the full value; p-values, intervals and stars are
// text in the table and stay text.

public enum XLSXRenderer {
  public static func workbook(_ tables: [Table]) throws -> Data {
    try XLSXWriter.workbook(tables.map(sheet))
  }

  static func sheet(_ t: Table) -> XLSXSheet {
    let ncol = t.headers.count
    let right = (0..<ncol).map(t.rightAligned)
    func align(_ j: Int) -> XLSXStyle.Alignment { right[j] ? .right : .left }
    let last = t.rows.count - 1
    var rows: [[XLSXSheet.Cell]] = [[XLSXSheet.Cell(.text(t.title), XLSXStyle(bold: true))]]
    rows.append(t.headers.enumerated().map { j, h in
      XLSXSheet.Cell(.text(h), XLSXStyle(top: .medium, bottom: last < 0 ? .medium : .thin, alignment: align(j)))
    })
    for (i, r) in t.rows.enumerated() {
      rows.append((0..<ncol).map { j in
        let c = j < r.count ? r[j] : .empty
        var (value, format) = content(c)
        if case .number(let v) = value, c.display.allSatisfy({ $0 == "0" || $0 == "." }), v < 0 {
          // A small negative the table shows as 0.000 would read -0.000 in Excel.
          value = .number(0)
        }
        return XLSXSheet.Cell(value, XLSXStyle(numberFormat: format, bottom: i == last ? .medium : .none, alignment: align(j)))
      })
    }
    for n in t.notes { rows.append([XLSXSheet.Cell(.text(n))]) }
    var widths = t.headers.map(displayWidth)
    for r in t.rows { for j in 0..<min(ncol, r.count) { widths[j] = max(widths[j], displayWidth(r[j].display)) } }
    // The title and notes overflow into the empty cells beside them, so only
    // the table's own cells set the widths: two characters of margin, and a
    // cap so one long label does not push the other columns off the screen.
    return XLSXSheet(name: t.title, rows: rows, columnWidths: widths.map { Double(min($0 + 2, 80)) }, showGridLines: false)
  }

  /// A cell's value and number format: numbers with the table's decimals,
  /// integers whole, anything without a finite number as the text it shows.
  static func content(_ c: Cell) -> (XLSXCell, String?) {
    switch c {
    case .integer(let i): return (.number(Double(i)), "0")
    case .number(let v, let d) where v.isFinite:
      let d = max(0, d)
      return (.number(v), d == 0 ? "0" : "0." + String(repeating: "0", count: d))
    case .text, .number, .empty: return (.text(c.display), nil)
    }
  }
}
