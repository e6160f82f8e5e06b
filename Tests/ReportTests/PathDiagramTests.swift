import Foundation
import Testing
import _TestSupport
import Report
import SEM
import Survey
import Tables
import ZIPFoundation

// Path diagrams laid out by Graphviz for models fitted here: one node per
// variable, one edge per loading, regression and covariance, dashed edges
// exactly for p ≥ .05, and no edge label overlapping a node or another label
// in the layout's own coordinates. Then figures as PNG (librsvg) and in Word.

let root = packageRoot

func fit(_ syntax: String, _ data: String, group: String? = nil) throws -> SEMResult {
  let frame = try DataFrameReader.readCSV(path: root.appendingPathComponent("Datasets/reference/\(data)").path)
  let options = SEMOptions()
  return try SEM.analyse(try SEMModel(syntax: syntax, data: frame, options: options, group: group), data: frame).1
}

let polidem = (try? String(contentsOf: root.appendingPathComponent("Benchmarks/models/polidem.lav"), encoding: .utf8)) ?? ""
let hs3 = "visual =~ x1+x2+x3; textual =~ x4+x5+x6; speed =~ x7+x8+x9"
let mediation = hs3 + "; textual ~ a*visual; speed ~ b*textual + c*visual; ind := a*b"
let secondOrderModel = hs3 + "; g =~ visual + textual + speed"

@Suite struct PathDiagramTests {
  /// The diagram of group `group` checked against the parameter table it came from.
  func check(_ r: SEMResult, group: Int = 1, title: String) throws {
    let rows = r.parameters.filter { $0.group == group }
    let drawn = rows.filter { [Operator.measuredBy, .regression].contains($0.op) || ($0.op == .covariance && $0.lhs != $0.rhs) }
    let d = PathDiagram(r, group: group, indicators: .all)
    let variables = Set(drawn.flatMap { [$0.lhs, $0.rhs] })
    #expect(Set(d.nodes.map(\.id)) == variables && d.nodes.count == variables.count, "\(title): nodes")
    let latent = Set(rows.filter { $0.op == .measuredBy }.map(\.lhs))
    #expect(d.nodes.allSatisfy { $0.latent == latent.contains($0.id) }, "\(title): shapes")
    for (op, kind) in [(Operator.measuredBy, PathDiagram.Kind.loading), (.regression, .regression), (.covariance, .covariance)] {
      #expect(d.edges.filter { $0.kind == kind }.count == drawn.filter { $0.op == op }.count, "\(title): \(op) edges")
    }
    #expect(d.edges.filter(\.dashed).count == drawn.filter { ($0.pvalue ?? 0) >= 0.05 }.count, "\(title): dashed")
    let (svg, layout) = try d.render(title: title)
    // Graphviz's SVG: one node group per variable, one edge group per path, dashed ones with a dash array.
    #expect(svg.hasPrefix("<svg class=\"path-diagram\""))
    #expect(svg.components(separatedBy: "class=\"node\"").count - 1 == d.nodes.count)
    #expect(svg.components(separatedBy: "class=\"edge\"").count - 1 == d.edges.count)
    #expect(svg.components(separatedBy: "stroke-dasharray").count - 1 == d.edges.filter(\.dashed).count)
    #expect(layout.nodes.count == d.nodes.count)
    #expect(layout.edgeLabels.count == d.edges.count, "\(title): one label per edge")
    #expect(layout.overlaps.isEmpty, "\(title): overlapping labels \(layout.overlaps)")
  }

  @Test func politicalDemocracy() throws {
    let r = try fit(polidem, "PoliticalDemocracy.csv")
    try check(r, title: "PoliticalDemocracy")
    // R² inside the endogenous factors' nodes, none for the exogenous one.
    let d = PathDiagram(r)
    let dem65 = try #require(d.nodes.first { $0.id == "dem65" }), ind60 = try #require(d.nodes.first { $0.id == "ind60" })
    #expect(dem65.r2 != nil && ind60.r2 == nil)
  }

  @Test func threeFactorsWithCovariances() throws {
    try check(fit(hs3, "HolzingerSwineford1939.csv"), title: "HS three factors")
  }

  @Test func mediationWithADashedPath() throws {
    let r = try fit(mediation, "HolzingerSwineford1939.csv")
    try check(r, title: "HS mediation")
    // The direct path is drawn dashed exactly when its p is at least .05.
    let c = try #require(r.parameters.first { $0.op == .regression && $0.lhs == "speed" && $0.rhs == "visual" })
    let e = try #require(PathDiagram(r).edges.first { $0.from == "visual" && $0.to == "speed" })
    #expect(e.dashed == ((c.pvalue ?? 0) >= 0.05))
  }

  @Test func secondOrder() throws {
    let r = try fit(secondOrderModel, "HolzingerSwineford1939.csv")
    try check(r, title: "HS second order")
    let d = PathDiagram(r)
    let higher = d.edges.filter { $0.from == "g" && $0.kind == .loading }
    #expect(higher.count == 3)
    let visual = try #require(d.nodes.first { $0.id == "visual" })
    #expect(visual.r2 != nil)
  }

  @Test func twoGroups() throws {
    let r = try fit(hs3, "HolzingerSwineford1939.csv", group: "school")
    #expect(r.groups?.count == 2)
    for g in 1...2 { try check(r, group: g, title: "HS group \(g)") }
    // Each group's own estimates label its diagram.
    let a = PathDiagram(r, group: 1).edges.map(\.label), b = PathDiagram(r, group: 2).edges.map(\.label)
    #expect(a != b)
  }

  @Test func bigModelsCollapseTheirIndicators() throws {
    let params = (1...6).flatMap { f in (1...5).map { PathDiagram.Parameter(lhs: "F\(f)", op: "=~", rhs: "F\(f)i\($0)", std: 0.7, pvalue: 0.001) } }
      + [PathDiagram.Parameter(lhs: "F6", op: "~", rhs: "F1", std: 0.3, pvalue: 0.2)]
    let d = PathDiagram(parameters: params)
    #expect(d.nodes.count == 12 && d.edges.filter { $0.kind == .loading }.count == 6)
    #expect(d.nodes.contains { $0.label == "F1i1 … F1i5 (5)" })
    #expect(d.edges.filter(\.dashed).count == 1)
    #expect(try d.render(title: "big").layout.overlaps.isEmpty)
  }

  @Test func chineseLabelsRenderToPNG() throws {
    let d = PathDiagram(parameters: [
      .init(lhs: "KR", op: "~", rhs: "NC", std: 0.42, pvalue: 0.0001),
      .init(lhs: "KR", op: "~", rhs: "RE", std: 0.05, pvalue: 0.4),
      .init(lhs: "NC", op: "~~", rhs: "RE", std: 0.31, pvalue: 0.003),
    ], r2: ["KR": 0.427], labels: ["KR": "知识租金获取", "NC": "网络能力", "RE": "关系性嵌入"])
    let svg = d.svg(title: "路径图")
    #expect(svg.contains("知识租金获取") && svg.contains("R² = 0.43") && svg.contains("Noto Sans CJK SC"))
    let image = try Raster.png(svg: svg, dpi: 200)
    #expect(image.png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
    #expect(image.pixelWidth > 400 && image.png.count > 10_000)
  }
}

@Suite struct FigureTests {
  @Test func everyFigureIsAPictureInWordWithItsCaptionBelow() throws {
    let bars = BarChart.svg(title: "D", units: ["a", "b"], values: [0.4, 0.7], categories: ["x", "y"], yLabel: "D")
    let scree = ScreePlot.svg(observed: [3, 1.2, 0.5], parallel: nil, title: "碎石图", xLabel: "因子", yLabel: "特征值",
                              observedLabel: "观测", parallelLabel: "平行分析")
    let doc = Document(title: "t", lang: .zh, blocks: [
      .paragraph("p"), .figure(Figure(title: "耦合", svg: bars, notes: ["注：示例。"])), .table(Table(title: "表", headers: ["a"], rows: [[.text("1")]])),
      .figure(Figure(title: "碎石图", svg: scree)),
    ])
    let files = try doc.figureFiles()
    #expect(files.map(\.name) == ["figure-01", "figure-02"] && files.map(\.caption) == ["图 1  耦合", "图 2  碎石图"])
    // 640 CSS px at 200 dpi.
    #expect(files[1].image.pixelWidth == 1334)
    let archive = try Archive(data: doc.docx(figures: files), accessMode: .read)
    func entry(_ path: String) throws -> Data? {
      guard let e = archive[path] else { return nil }
      var out = Data()
      _ = try archive.extract(e) { out.append($0) }
      return out
    }
    let media = archive.filter { $0.path.hasPrefix("word/media/") && $0.path.hasSuffix(".png") }
    #expect(media.count == 2)
    #expect(try entry("word/media/image1.png") == files[0].image.png)
    let xml = String(decoding: try #require(try entry("word/document.xml")), as: UTF8.self)
    #expect(xml.components(separatedBy: "<pic:pic>").count - 1 == 2)
    // The caption follows its picture.
    let picture = try #require(xml.range(of: "r:embed=\"rIdImage1\""))
    let caption = try #require(xml.range(of: ">图 1  耦合</w:t>"))
    #expect(picture.upperBound < caption.lowerBound)
    let rels = String(decoding: try #require(try entry("word/_rels/document.xml.rels")), as: UTF8.self)
    #expect(rels.contains("Id=\"rIdImage2\"") && rels.contains("Target=\"media/image2.png\""))
    let types = String(decoding: try #require(try entry("[Content_Types].xml")), as: UTF8.self)
    #expect(types.contains("Extension=\"png\" ContentType=\"image/png\""))
  }
}
