import Foundation
import Survey

// WordprocessingML (ECMA-376 Part 1 §17) for a report: headings, paragraphs,
// three-line tables (三线表) and figures. Border sizes are in eighths of a
// point: 12 = 1.5 pt for the top and bottom rules, 6 = 0.75 pt under the
// header. A figure is a PNG part under word/media/ shown by a DrawingML
// inline picture (§20.4.2.8 wp:inline, §20.2.2.5 pic:pic) as wide as the
// text, its numbered caption below it (图 captions go below the figure in
// Chinese theses, 表 captions above the table).

enum DOCXWriter {
  static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

  static func run(_ text: String, bold: Bool = false, size: Int? = nil, italic: Bool = false) -> String {
    var props = ""
    if bold { props += "<w:b/>" }
    if italic { props += "<w:i/>" }
    if let size { props += "<w:sz w:val=\"\(size)\"/><w:szCs w:val=\"\(size)\"/>" }
    return "<w:r>\(props.isEmpty ? "" : "<w:rPr>\(props)</w:rPr>")<w:t xml:space=\"preserve\">\(OOXMLPackage.escape(text))</w:t></w:r>"
  }

  static func paragraph(_ text: String, style: String? = nil, bold: Bool = false, size: Int? = nil, italic: Bool = false,
                        align: String? = nil, keepNext: Bool = false) -> String {
    var ppr = ""
    if let style { ppr += "<w:pStyle w:val=\"\(style)\"/>" }
    if keepNext { ppr += "<w:keepNext/>" }
    if let align { ppr += "<w:jc w:val=\"\(align)\"/>" }
    return "<w:p>\(ppr.isEmpty ? "" : "<w:pPr>\(ppr)</w:pPr>")\(run(text, bold: bold, size: size, italic: italic))</w:p>"
  }

  /// A table wider than a portrait page takes (the correlation matrix with
  /// stars): set on a landscape page, in a smaller size, so no number wraps.
  static func isWide(_ t: Table) -> Bool {
    let widths = (0..<t.headers.count).map { j in ([t.headers[j]] + t.rows.map { j < $0.count ? $0[j].display : "" }).map(displayWidth).max() ?? 0 }
    return widths.reduce(0) { $0 + $1 + 2 } > 90
  }

  static func table(_ t: Table) -> String {
    let rule = { (sz: Int) in "w:val=\"single\" w:sz=\"\(sz)\" w:space=\"0\" w:color=\"000000\"" }
    let size = isWide(t) ? 16 : 18
    var x = paragraph(t.title, bold: true, size: 21, align: "center", keepNext: true)
    x += "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/><w:jc w:val=\"center\"/><w:tblBorders>"
    x += "<w:top \(rule(12))/><w:left w:val=\"nil\"/><w:bottom \(rule(12))/><w:right w:val=\"nil\"/>"
    x += "<w:insideH w:val=\"nil\"/><w:insideV w:val=\"nil\"/></w:tblBorders>"
    x += "<w:tblCellMar><w:left w:w=\"80\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>"
    // Numbers never wrap ("0.345⏎***"); a header sits over its column as the column is aligned.
    func cell(_ text: String, header: Bool, right: Bool) -> String {
      var c = "<w:tc><w:tcPr><w:noWrap/>"
      if header { c += "<w:tcBorders><w:bottom \(rule(6))/></w:tcBorders>" }
      c += "</w:tcPr><w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"0\"/>\(right ? "<w:jc w:val=\"right\"/>" : "")</w:pPr>"
      c += run(text, bold: header, size: size) + "</w:p></w:tc>"
      return c
    }
    x += "<w:tr><w:trPr><w:tblHeader/></w:trPr>" + t.headers.enumerated().map { j, h in cell(h, header: true, right: t.rightAligned(j)) }.joined() + "</w:tr>"
    for r in t.rows {
      x += "<w:tr>" + r.enumerated().map { j, c in cell(c.display, header: false, right: t.rightAligned(j)) }.joined() + "</w:tr>"
    }
    x += "</w:tbl>"
    for n in t.notes { x += paragraph(n, size: 18) }
    x += paragraph("")
    return x
  }

  /// A4 page size and margins (ECMA-376 Part 1 §17.6.13, §17.6.11), portrait or landscape.
  static func pageSetup(landscape: Bool) -> String {
    landscape
      ? "<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/><w:pgMar w:top=\"1134\" w:right=\"1440\" w:bottom=\"1134\" w:left=\"1440\" w:header=\"720\" w:footer=\"720\" w:gutter=\"0\"/>"
      : "<w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1440\" w:right=\"1134\" w:bottom=\"1440\" w:left=\"1134\" w:header=\"720\" w:footer=\"720\" w:gutter=\"0\"/>"
  }

  static let r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
  static let wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
  static let a = "http://schemas.openxmlformats.org/drawingml/2006/main"
  static let pic = "http://schemas.openxmlformats.org/drawingml/2006/picture"

  /// The text width of the page below (A4, 11906 twips less two 1134-twip
  /// margins) in EMU (635 per twip), and the tallest a figure may be (the
  /// text height less room for its caption).
  static let textWidth = (11906 - 2 * 1134) * 635
  static let maxFigureHeight = (16838 - 2 * 1440 - 1800) * 635

  /// A centred paragraph holding one inline picture as wide as the text
  /// (narrower when that would make it taller than the page), kept with its caption.
  static func picture(_ image: Raster.Image, id: Int, relationship: String, name: String, description: String) -> String {
    var cx = textWidth
    var cy = Int((Double(cx) * Double(image.pixelHeight) / Double(max(1, image.pixelWidth))).rounded())
    if cy > maxFigureHeight {
      cx = Int((Double(cx) * Double(maxFigureHeight) / Double(cy)).rounded())
      cy = maxFigureHeight
    }
    let d = OOXMLPackage.escape(description)
    return "<w:p><w:pPr><w:keepNext/><w:spacing w:before=\"240\" w:after=\"60\" w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"center\"/></w:pPr><w:r><w:drawing>"
      + "<wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"\(cx)\" cy=\"\(cy)\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/>"
      + "<wp:docPr id=\"\(id)\" name=\"\(name)\" descr=\"\(d)\"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>"
      + "<a:graphic><a:graphicData uri=\"\(pic)\"><pic:pic><pic:nvPicPr><pic:cNvPr id=\"\(id)\" name=\"\(name)\" descr=\"\(d)\"/><pic:cNvPicPr/></pic:nvPicPr>"
      + "<pic:blipFill><a:blip r:embed=\"\(relationship)\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>"
      + "<pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"\(cx)\" cy=\"\(cy)\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr>"
      + "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
  }

  /// - Parameter images: the figures' PNGs in the order of the figure blocks.
  static func document(_ blocks: [Block], title: String, lang: Language, images: [Raster.Image]) throws -> Data {
    var body = paragraph(title, style: "Title")
    var media: [(number: Int, png: Data)] = []
    let portraitEnds = "<w:p><w:pPr><w:sectPr>\(pageSetup(landscape: false))</w:sectPr></w:pPr></w:p>"
    var landscapeOpen = false
    for (i, b) in blocks.enumerated() {
      switch b {
      case .heading(let h, let level):
        // A heading over a wide table goes onto the table's landscape page.
        if i + 1 < blocks.count, case .table(let next) = blocks[i + 1], isWide(next) {
          body += portraitEnds
          landscapeOpen = true
        }
        body += paragraph(h, style: "Heading\(min(3, level))", keepNext: true)
      case .paragraph(let p): body += paragraph(p)
      case .table(let t) where isWide(t):
        // A landscape section of its own: the section before ends portrait, this one landscape.
        if !landscapeOpen { body += portraitEnds }
        landscapeOpen = false
        body += table(t)
        body += "<w:p><w:pPr><w:sectPr>\(pageSetup(landscape: true))</w:sectPr></w:pPr></w:p>"
      case .table(let t): body += table(t)
      case .figure(let f):
        let k = media.count + 1
        guard k <= images.count else {
          body += paragraph(f.title, bold: true, align: "center")
          continue
        }
        media.append((k, images[k - 1].png))
        body += picture(images[k - 1], id: k, relationship: "rIdImage\(k)", name: "image\(k).png", description: f.title)
        body += paragraph(f.title, bold: true, size: 21, align: "center")
        for n in f.notes { body += paragraph(n, size: 18) }
      }
    }
    let document = """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <w:document xmlns:w="\(w)" xmlns:r="\(r)" xmlns:wp="\(wp)" xmlns:a="\(a)" xmlns:pic="\(pic)"><w:body>\(body)<w:sectPr>\(pageSetup(landscape: false))</w:sectPr></w:body></w:document>
      """
    func style(_ id: String, _ name: String, size: Int, bold: Bool) -> String {
      "<w:style w:type=\"paragraph\" w:styleId=\"\(id)\"><w:name w:val=\"\(name)\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:pPr><w:spacing w:before=\"240\" w:after=\"120\"/></w:pPr><w:rPr>\(bold ? "<w:b/>" : "")<w:sz w:val=\"\(size)\"/><w:szCs w:val=\"\(size)\"/></w:rPr></w:style>"
    }
    let styles = """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <w:styles xmlns:w="\(w)"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="SimSun" w:cs="Times New Roman"/><w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="\(lang == .zh ? "en-US" : "en-GB")" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="60" w:line="300" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>\(style("Title", "Title", size: 32, bold: true))\(style("Heading1", "heading 1", size: 28, bold: true))\(style("Heading2", "heading 2", size: 24, bold: true))\(style("Heading3", "heading 3", size: 22, bold: true))</w:styles>
      """
    let parts: [(path: String, content: String)] = [
      ("[Content_Types].xml", OOXMLPackage.contentTypes([
        ("/word/document.xml", "wordprocessingml.document.main+xml"), ("/word/styles.xml", "wordprocessingml.styles+xml"),
      ], defaults: media.isEmpty ? [] : [("png", "image/png")])),
      ("_rels/.rels", OOXMLPackage.relationships([("rId1", "officeDocument", "word/document.xml")])),
      ("word/_rels/document.xml.rels", OOXMLPackage.relationships(
        [("rId1", "styles", "styles.xml")] + media.map { ("rIdImage\($0.number)", "image", "media/image\($0.number).png") })),
      ("word/document.xml", document),
      ("word/styles.xml", styles),
    ]
    return try OOXMLPackage.archive(parts.map { ($0.path, Data($0.content.utf8)) } + media.map { ("word/media/image\($0.number).png", $0.png) })
  }
}
