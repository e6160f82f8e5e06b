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
    // Text right after a right-aligned column would touch its numbers: the
    // text table's two-space gap becomes one indent.
    let indented = (0..<ncol).map { j in j > 0 && !right[j] && right[j - 1] }
    func style(_ j: Int, numberFormat: String? = nil, top: XLSXStyle.Rule = .none, bottom: XLSXStyle.Rule) -> XLSXStyle {
      XLSXStyle(numberFormat: numberFormat, top: top, bottom: bottom, alignment: align(j), indent: indented[j] ? 1 : 0)
    }
    let last = t.rows.count - 1
    var rows: [[XLSXSheet.Cell]] = [[XLSXSheet.Cell(.text(t.title), XLSXStyle(bold: true))]]
    rows.append(t.headers.enumerated().map { j, h in
      XLSXSheet.Cell(.text(h), style(j, top: .medium, bottom: last < 0 ? .medium : .thin))
    })
    for (i, r) in t.rows.enumerated() {
      rows.append((0..<ncol).map { j in
        let c = j < r.count ? r[j] : .empty
        var (value, format) = content(c)
        if case .number(let v) = value, c.display.allSatisfy({ $0 == "0" || $0 == "." }), v < 0 {
          // A small negative the table shows as 0.000 would read -0.000 in Excel.
          value = .number(0)
        }
        return XLSXSheet.Cell(value, style(j, numberFormat: format, bottom: i == last ? .medium : .none))
      })
    }
    var widths = t.headers.map(displayWidth)
    for r in t.rows { for j in 0..<min(ncol, r.count) { widths[j] = max(widths[j], displayWidth(r[j].display)) } }
    // The title overflows into the empty cells beside it and the notes wrap,
    // so only the table's own cells set the widths. A width counts the default font's
    // digits, and a CJK glyph is a little over two of them, hence the 1.1; the
    // margin keeps a right-aligned number off the text of the next column, and
    // the cap keeps one long label from pushing the others off the screen.
    let columns = widths.indices.map { j in min(Double(widths[j]) * 1.1 + (indented[j] ? 5 : 3), 80) }
    let across = columns.reduce(0, +)
    // A note wraps within the table's width, as under a printed table, in
    // merged cells; neither Excel nor LibreOffice sizes a merged row, so its
    // height is the lines the note takes at 15 pt each (estimated wide: a
    // line too many beats a clipped one).
    var merged: [XLSXSheet.Span] = [], heights: [Int: Double] = [:]
    for n in t.notes {
      let lines = max(1, (Double(displayWidth(n)) * 1.2 / max(1, across - 2)).rounded(.up))
      if ncol > 1 { merged.append(XLSXSheet.Span(row: rows.count, columns: 0...(ncol - 1))) }
      if lines > 1 { heights[rows.count] = 15 * lines }
      rows.append([XLSXSheet.Cell(.text(n), XLSXStyle(alignment: .left, wraps: true))])
    }
    // Portrait A4 holds about 90 digits across at 100%.
    return XLSXSheet(name: t.title, rows: rows, merged: merged, rowHeights: heights, columnWidths: columns, showGridLines: false,
                     printFitsWidth: true, landscape: across > 90)
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
