import Foundation
import Survey

// A report as a sequence of blocks — headings, paragraphs, tables, figures —
// rendered to text, Markdown, self-contained HTML and Word (.docx). Tables
// and figures are numbered in order (表 1 / Table 1, 图 1 / Figure 1) by the
// renderer, so every format numbers them alike.

public struct Figure: Sendable, Equatable, Codable {
  public var title: String
  /// A self-contained SVG document.
  public var svg: String
  public var notes: [String]
  public init(title: String, svg: String, notes: [String] = []) {
    self.title = title
    self.svg = svg
    self.notes = notes
  }
}

public enum Block: Sendable, Equatable {
  case heading(String, level: Int)
  case paragraph(String)
  case table(Table)
  case figure(Figure)
}

public struct Document: Sendable {
  public var title: String
  public var lang: Language
  public var blocks: [Block]
  public init(title: String, lang: Language, blocks: [Block] = []) {
    self.title = title
    self.lang = lang
    self.blocks = blocks
  }

  func tableCaption(_ k: Int, _ t: String) -> String { Labels(lang).format(.docTableCaption, k, t) }
  func figureCaption(_ k: Int, _ t: String) -> String { Labels(lang).format(.docFigureCaption, k, t) }

  /// Blocks with tables' and figures' titles numbered.
  var numbered: [Block] {
    var t = 0, f = 0
    return blocks.map { b in
      switch b {
      case .table(var table):
        t += 1
        table.title = tableCaption(t, table.title)
        return .table(table)
      case .figure(var fig):
        f += 1
        fig.title = figureCaption(f, fig.title)
        return .figure(fig)
      default: return b
      }
    }
  }

  // MARK: Text and Markdown

  public func text() -> String {
    var out = [title, String(repeating: "═", count: displayWidth(title)), ""]
    var figure = 0
    for b in numbered {
      switch b {
      case .heading(let h, let level):
        out.append(level <= 1 ? "\n\(h)\n\(String(repeating: "─", count: displayWidth(h)))" : "\n\(h)")
      case .paragraph(let p): out.append(p)
      case .table(let t): out.append(TextRenderer.render(t))
      case .figure(let f):
        figure += 1
        out.append("[\(Labels(lang)[.docFigureAt]) figures/\(String(format: "figure-%02d", figure)).png]\n\(f.title)")
      }
    }
    return out.joined(separator: "\n") + "\n"
  }

  public func markdown() -> String {
    var out = ["# \(title)", ""]
    var figure = 0
    for b in numbered {
      switch b {
      case .heading(let h, let level): out.append(String(repeating: "#", count: min(6, level + 1)) + " " + h + "\n")
      case .paragraph(let p): out.append(p + "\n")
      case .table(let t): out.append(MarkdownRenderer.render(t))
      case .figure(let f):
        // The image written beside the report, its caption below (图 captions go under the figure).
        figure += 1
        out.append("![\(f.title)](figures/\(String(format: "figure-%02d", figure)).png)\n\n*\(f.title)*\n")
      }
    }
    return out.joined(separator: "\n")
  }

  // MARK: HTML

  /// One self-contained page: inline CSS and SVG, no scripts, nothing fetched.
  public func html() -> String {
    var out = ["<!DOCTYPE html>", "<html lang=\"\(lang.rawValue)\"><head><meta charset=\"utf-8\">",
               "<title>\(HTMLRenderer.escape(title))</title>",
               "<style>body{font-family:'Noto Serif CJK SC','Songti SC',serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.5}"
                 + "figure{margin:1.5em 0;text-align:center}figcaption{font-weight:bold;margin-top:.3em}figure svg{max-width:100%;height:auto}"
                 + "figure p.note{text-align:left}"
                 + HTMLRenderer.style.replacingOccurrences(of: "\n", with: "") + "</style></head><body>",
               "<h1>\(HTMLRenderer.escape(title))</h1>"]
    for b in numbered {
      switch b {
      case .heading(let h, let level): out.append("<h\(min(6, level + 1))>\(HTMLRenderer.escape(h))</h\(min(6, level + 1))>")
      case .paragraph(let p): out.append("<p>\(HTMLRenderer.escape(p))</p>")
      case .table(let t): out.append(HTMLRenderer.render(t))
      case .figure(let f):
        // Chinese theses put a figure's caption below it (a table's above).
        out.append("<figure class=\"figure\">")
        out.append(f.svg)
        out.append("<figcaption>\(HTMLRenderer.escape(f.title))</figcaption>")
        for n in f.notes { out.append("<p class=\"note\">\(HTMLRenderer.escape(n))</p>") }
        out.append("</figure>")
      }
    }
    out.append("</body></html>")
    return out.joined(separator: "\n") + "\n"
  }

  // MARK: Figures and Word

  /// A figure as files: its SVG and its PNG at print resolution.
  public struct FigureFile: Sendable {
    /// figure-01, figure-02, … in the order the report numbers them.
    public var name: String
    /// The numbered caption (图 1  … / Figure 1. …).
    public var caption: String
    public var svg: String
    public var image: Raster.Image
  }

  /// Every figure rasterised by librsvg at `dpi` (200 by default: sharp in
  /// print at the text width of an A4 page).
  public func figureFiles(dpi: Double = 200) throws -> [FigureFile] {
    var out: [FigureFile] = []
    for case .figure(let f) in numbered {
      let image = try Raster.png(svg: f.svg, dpi: dpi)
      out.append(FigureFile(name: String(format: "figure-%02d", out.count + 1), caption: f.title, svg: f.svg, image: image))
    }
    return out
  }

  /// A .docx whose tables are three-line tables: top and bottom rules 1.5 pt,
  /// the rule under the header 0.75 pt, no vertical rules; the numbered title
  /// above each table and its notes below. Each figure is its PNG at the text
  /// width with the numbered caption below it; `figures` are the ones
  /// `figureFiles()` made (drawn here when not given).
  public func docx(figures: [FigureFile]? = nil) throws -> Data {
    let images = try (figures ?? figureFiles()).map(\.image)
    return try DOCXWriter.document(numbered, title: title, lang: lang, images: images)
  }

  // MARK: Excel

  /// Every table, numbered as in the other formats, one worksheet each;
  /// headings, paragraphs and figures are not tables and stay out.
  public func xlsx() throws -> Data {
    try XLSXRenderer.workbook(numbered.compactMap { if case .table(let t) = $0 { t } else { nil } })
  }
}
