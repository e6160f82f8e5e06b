// Renderers from `Table` to text. The text form is a three-line table
// (三线表): a heavy rule above the header, a light rule under it, a heavy rule
// under the last row, no vertical rules; the title above, notes below, as
// journals and thesis templates ask.

public enum OutputFormat: String, Sendable, CaseIterable, Codable {
  case text, json, md, csv, html
  /// An Excel workbook (XLSXRenderer): binary, so written only to a file.
  case xlsx
}

public enum TextRenderer {
  public static func render(_ t: Table) -> String {
    let ncol = t.headers.count
    var widths = t.headers.map(displayWidth)
    for r in t.rows { for j in 0..<ncol { widths[j] = max(widths[j], displayWidth(r[j].display)) } }
    let right = (0..<ncol).map(t.rightAligned)
    let gap = "  "
    func line(_ cells: [String]) -> String {
      var parts: [String] = []
      for j in 0..<ncol { parts.append(pad(cells[j], to: widths[j], alignRight: right[j])) }
      var s = " " + parts.joined(separator: gap)
      while s.hasSuffix(" ") { s.removeLast() }
      return s
    }
    let total = widths.reduce(0, +) + gap.count * max(0, ncol - 1) + 2
    let heavy = String(repeating: "━", count: total)
    let light = String(repeating: "─", count: total)
    var out = [t.title, heavy, line(t.headers), light]
    for r in t.rows { out.append(line(r.map(\.display))) }
    out.append(heavy)
    out.append(contentsOf: t.notes)
    return out.joined(separator: "\n") + "\n"
  }
}

public enum MarkdownRenderer {
  public static func render(_ t: Table) -> String {
    func esc(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
    var out = ["**\(esc(t.title))**", ""]
    out.append("| " + t.headers.map(esc).joined(separator: " | ") + " |")
    out.append("|" + (0..<t.headers.count).map { t.rightAligned($0) ? "---:|" : ":---|" }.joined())
    for r in t.rows { out.append("| " + r.map { esc($0.display) }.joined(separator: " | ") + " |") }
    if !t.notes.isEmpty {
      out.append("")
      out.append(contentsOf: t.notes.map { "*\(esc($0))*" })
    }
    return out.joined(separator: "\n") + "\n"
  }
}

public enum CSVRenderer {
  /// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
  public static func field(_ s: String) -> String {
    if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
      return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return s
  }

  /// Full-precision cells; several tables are separated by a blank line and
  /// introduced by their title as a comment-free first row.
  public static func render(_ t: Table, includeTitle: Bool = false) -> String {
    var out: [String] = []
    if includeTitle { out.append(field(t.title)) }
    out.append(t.headers.map(field).joined(separator: ","))
    for r in t.rows { out.append(r.map { field($0.exact) }.joined(separator: ",")) }
    return out.joined(separator: "\n") + "\n"
  }
}

public enum HTMLRenderer {
  public static func escape(_ s: String) -> String {
    var o = ""
    for ch in s {
      switch ch {
      case "&": o += "&amp;"
      case "<": o += "&lt;"
      case ">": o += "&gt;"
      case "\"": o += "&quot;"
      default: o.append(ch)
      }
    }
    return o
  }

  /// A three-line table in HTML (rules by CSS class `three-line`).
  public static func render(_ t: Table) -> String {
    let wide = t.headers.count > 10
    var out = ["<table class=\"three-line\(wide ? " wide" : "")\">", "<caption>\(escape(t.title))</caption>", "<thead><tr>"]
    out.append(t.headers.enumerated().map { j, h in "<th\(t.rightAligned(j) ? " class=\"num\"" : "")>\(escape(h))</th>" }.joined())
    out.append("</tr></thead><tbody>")
    for r in t.rows {
      out.append("<tr>" + r.enumerated().map { j, c in
        "<td\(t.rightAligned(j) ? " class=\"num\"" : "")>\(escape(c.display))</td>"
      }.joined() + "</tr>")
    }
    out.append("</tbody></table>")
    for n in t.notes { out.append("<p class=\"note\">\(escape(n))</p>") }
    return out.joined(separator: "\n") + "\n"
  }

  public static let style = """
    table.three-line { border-collapse: collapse; border-top: 1.5pt solid #000; border-bottom: 1.5pt solid #000; margin: 1em 0; }
    table.three-line { margin-left: auto; margin-right: auto; }
    table.three-line caption { caption-side: top; text-align: center; font-weight: bold; padding-bottom: .3em; }
    table.three-line thead th { border-bottom: .75pt solid #000; padding: .2em .8em; text-align: left; white-space: nowrap; }
    table.three-line td { padding: .15em .8em; }
    table.three-line td.num, table.three-line th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    table.three-line.wide { font-size: .8em; }
    table.three-line.wide td, table.three-line.wide th { padding: .15em .4em; }
    p.note { font-size: .9em; margin-top: -.6em; }
    """

  /// A whole self-contained page for a list of tables.
  public static func page(title: String, tables: [Table], lang: Language) -> String {
    var out = ["<!DOCTYPE html>", "<html lang=\"\(lang.rawValue)\"><head><meta charset=\"utf-8\">",
               "<title>\(escape(title))</title><style>\(style)</style></head><body>", "<h1>\(escape(title))</h1>"]
    for t in tables { out.append(render(t)) }
    out.append("</body></html>")
    return out.joined(separator: "\n") + "\n"
  }
}

extension Table {
  public func rendered(_ format: OutputFormat) -> String {
    switch format {
    case .text: return TextRenderer.render(self)
    case .md: return MarkdownRenderer.render(self)
    case .csv: return CSVRenderer.render(self)
    case .html: return HTMLRenderer.render(self)
    case .json: preconditionFailure("JSON renders the result value, not its tables")
    case .xlsx: preconditionFailure("a workbook holds all the tables: XLSXRenderer.workbook")
    }
  }
}

import Foundation
