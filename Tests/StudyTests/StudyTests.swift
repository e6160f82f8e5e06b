import Foundation
import Testing
import _TestSupport
import ZIPFoundation
@testable import Report
@testable import SEM
@testable import Study
@testable import Survey
import Tables

// The study end to end on the shipped (simulated) data. The reference here
// is the simulation's known truth (Datasets/cluster-enterprise/population.lav)
// and what the generator planted.

let root = packageRoot
func dataset(_ p: String) -> String { root.appendingPathComponent("Datasets/\(p)").path }

func options(data: String = dataset("cluster-enterprise/responses-wjx.xlsx"), lang: String = "zh") -> StudyOptions {
  // The coupling chapter comes from the codebook's coupling: entry.
  StudyOptions(data: data, codebook: dataset("cluster-enterprise/codebook.yaml"), lang: lang, bootstrap: 0)
}

/// One run of the pipeline, shared by the tests (bootstrap off: the reports' other numbers do not depend on it).
let shipped: Result<StudyResult, Error> = Result { try StudyPipeline.run(options(), version: "test") }

func tempDir() throws -> String {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cs-study-\(UUID().uuidString)").path
  try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
  return dir
}

@Suite struct StudyTests {
  @Test func shippedDataRegenerateByteForByte() throws {
    let dir = try tempDir()
    try FileManager.default.copyItem(atPath: dataset("cluster-enterprise/population.lav"), toPath: dir + "/population.lav")
    try StudyData.regenerate(.clusterEnterprise, into: dir)
    for f in ["codebook.yaml", "responses.csv", "responses-wjx.xlsx"] {
      #expect(FileManager.default.contents(atPath: dir + "/" + f) == FileManager.default.contents(atPath: dataset("cluster-enterprise/" + f)), "\(f)")
    }
    let firms = try tempDir()
    try StudyData.regenerate(.suzhouFirms, into: firms)
    for f in ["codebook.yaml", "firms.csv"] {
      #expect(FileManager.default.contents(atPath: firms + "/" + f) == FileManager.default.contents(atPath: dataset("suzhou-firms/" + f)), "\(f)")
    }
  }

  @Test func screeningFindsWhatWasPlanted() throws {
    let r = try shipped.get()
    let s = try #require(r.sample.screening)
    let counts = Dictionary(uniqueKeysWithValues: s.rules.map { ($0.rule, $0.flagged) })
    #expect(counts["straightlining"] == 8 && counts["too_fast"] == 7 && counts["duplicate"] == 5)
    #expect(s.rowsRead == 330 && r.sample.rowsKept == 310)
    #expect(r.sample.reverseCoded == ["SE4R"])
    #expect(Set(r.sample.excluded.map(\.column)) == ["source_detail", "ip", "Q12", "Q13", "Q14", "Q15"])
  }

  @Test func fullModelRecoversThePopulation() throws {
    let r = try shipped.get()
    let full = try #require(r.models.last)
    let truth: [String: Double] = [
      "KR~RE": 0.25, "KR~SE": 0.15, "KR~NC": 0.25, "KR~AC": 0.30,
      "IG~KR": 0.45, "IG~RE": 0.10, "IG~SE": 0.05, "IG~NC": 0.10, "IG~AC": 0.10,
    ]
    for p in full.result.parameters where p.op == .regression {
      let t = try #require(truth["\(p.lhs)~\(p.rhs)"])
      // The standard error of the standardised estimate, by the delta method's first-order scaling.
      let se = p.se * abs(p.stdAll / p.est)
      #expect(abs(p.stdAll - t) <= 2.5 * se, "\(p.lhs) ~ \(p.rhs): \(p.stdAll) vs \(t) (se \(se))")
    }
    // Exogenous correlations.
    let cor: [String: Double] = ["RE~~SE": 0.45, "RE~~NC": 0.40, "RE~~AC": 0.35, "SE~~NC": 0.40, "SE~~AC": 0.30, "NC~~AC": 0.50]
    for p in full.result.parameters where p.op == .covariance && cor["\(p.lhs)~~\(p.rhs)"] != nil {
      let se = p.se * abs(p.stdAll / p.est)
      #expect(abs(p.stdAll - cor["\(p.lhs)~~\(p.rhs)"]!) <= 2.5 * se, "\(p.lhs) ~~ \(p.rhs)")
    }
    #expect(full.result.converged)
    #expect(r.hypotheses.count == 13)
  }

  @Test func simulationRecoversItsPopulationAtLargeN() throws {
    let syntax = "F =~ 0.8*x1 + 0.7*x2 + 0.75*x3\nG =~ 0.7*y1 + 0.8*y2 + 0.6*y3\nG ~ 0.4*F"
    let pop = try Simulation.population(syntax: syntax)
    for i in 0..<pop.observed.count { #expect(abs(pop.sigma[i, i] - 1) < 1e-12) }
    #expect(abs(pop.phi[1, 1] - 1) < 1e-12)
    let cols = try Simulation.draw(pop, options: SimulationOptions(n: 20000, seed: 7))
    let frame = DataFrame(source: "sim", columns: zip(pop.observed, cols).map { Column(name: $0, values: .numeric($1)) }, rowCount: 20000)
    let prepared = try SEMModel(syntax: "F =~ x1 + x2 + x3\nG =~ y1 + y2 + y3\nG ~ F", data: frame)
    let (table, moments) = (prepared.table, prepared.moments)
    let fitted = try SEM.fit(SEMModel(table: table, moments: moments, options: SEMOptions()))
    let result = SEMResult(fitted, try Inference(fitted))
    let truth: [String: Double] = ["F=~x1": 0.8, "F=~x2": 0.7, "F=~x3": 0.75, "G=~y1": 0.7, "G=~y2": 0.8, "G=~y3": 0.6, "G~F": 0.4]
    for p in result.parameters {
      guard let t = truth["\(p.lhs)\(p.op)\(p.rhs)"] else { continue }
      #expect(abs(p.stdAll - t) < 0.03, "\(p.lhs)\(p.op)\(p.rhs): \(p.stdAll)")
    }
    // Likert cuts follow the requested shape.
    let lik = try Simulation.draw(pop, options: SimulationOptions(n: 20000, seed: 7, categories: 7))
    let share6 = Double(lik[0].filter { $0 == 5 }.count) / 20000
    #expect(abs(share6 - 0.30) < 0.015)
    #expect(Set(lik[0]) == Set((1...7).map(Double.init)))
  }

  @Test(.tags(.slow), .enabled(if: slowTestsEnabled)) func reportsAgreeAndHoldNoPersonalData() throws {
    let r = try shipped.get()
    let dir = try tempDir()
    let (files, document) = try StudyReport.write(r, to: dir)
    #expect(files.count == 7)
    let text = try String(contentsOfFile: dir + "/report.txt", encoding: .utf8)
    let md = try String(contentsOfFile: dir + "/report.md", encoding: .utf8)
    let html = try String(contentsOfFile: dir + "/report.html", encoding: .utf8)
    let json = try String(contentsOfFile: dir + "/results.json", encoding: .utf8)
    let docx = try #require(FileManager.default.contents(atPath: dir + "/report.docx"))
    let word = try #require(try zipEntry(docx, "word/document.xml"))
    // One picture per figure, a PNG and an SVG of each in figures/.
    let figures = r.models.count + r.efa.count + (r.subModel5 == nil ? 0 : 1) + r.moderation.reduce(0) { $0 + ProcessFigures.make($1, Labels(.zh)).count }
      + r.sample.profile.count + r.likert.count + (r.scoreDistributions.isEmpty ? 0 : 1)
    #expect(word.components(separatedBy: "<pic:pic>").count - 1 == figures)
    let folder = try FileManager.default.contentsOfDirectory(atPath: dir + "/figures")
    #expect(folder.filter { $0.hasSuffix(".png") }.count == figures && folder.filter { $0.hasSuffix(".svg") }.count == figures)
    let workbook = dir + "/report.xlsx"
    let sheets = try XLSXReader.sheetNames(path: workbook)
    let grids = try sheets.map { try XLSXReader.grid(path: workbook, sheet: $0) }
    let excel = grids.flatMap { $0.flatMap { $0.compactMap { $0 } } }
    // A sample of cells, as each format shows them.
    let full = try #require(r.models.last).result
    let kr = try #require(full.parameters.first { $0.op == .regression && $0.lhs == "IG" && $0.rhs == "KR" })
    let cells = [
      String(format: "%.3f", full.fit["cfi"]!), String(format: "%.3f", full.fit["rmsea"]!), String(format: "%.3f", kr.stdAll),
      String(format: "%.3f", r.reliability.scales[0].alpha), String(format: "%.3f", r.subModel5!.coupling.rows[0].D),
      String(format: "%.3f", r.cfa.reliability![0].ave),
    ]
    for c in cells {
      #expect(text.contains(c), "text lacks \(c)")
      #expect(md.contains(c), "md lacks \(c)")
      #expect(html.contains(c), "html lacks \(c)")
      #expect(word.contains(c), "docx lacks \(c)")
      // The workbook keeps the full value; shown to three decimals it is the same.
      #expect(excel.contains { Double($0).map { String(format: "%.3f", $0) == c } ?? false }, "xlsx lacks \(c)")
    }
    // One sheet per table, each opening with the table's numbered title.
    let tables = document.blocks.compactMap { if case .table(let t) = $0 { t } else { nil } }
    #expect(sheets.count == tables.count && tables.count > 20)
    #expect(grids.first?.first?.first == "表 1  样本基本特征")
    #expect(zip(grids, tables).allSatisfy { $0.first?.first??.hasSuffix($1.title) == true })
    let obj = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
    let models = obj["models"] as! [[String: Any]]
    let fit = (models.last!["result"] as! [String: Any])["fit"] as! [String: Any]
    #expect(String(format: "%.3f", fit["cfi"] as! Double) == cells[0])
    // Every table is in every format.
    for title in ["样本基本特征", "无效问卷筛查", "因子载荷（标准化与非标准化）", "各构念的均值、标准差与相关系数", "各结构模型的拟合指标",
                  "经由知识租金获取 (KR)的间接效应", "假设检验汇总（全模型）", "灰色关联"] {
      for (name, s) in [("text", text), ("md", md), ("html", html), ("docx", word)] { #expect(s.contains(title), "\(name) lacks \(title)") }
      #expect(excel.contains { $0.contains(title) }, "xlsx lacks \(title)")
    }
    // Three-line tables in Word: 1.5 pt top and bottom, 0.75 pt under the header, no vertical rules.
    #expect(word.contains("<w:top w:val=\"single\" w:sz=\"12\"") && word.contains("<w:bottom w:val=\"single\" w:sz=\"6\""))
    #expect(word.contains("<w:insideV w:val=\"nil\"/>"))
    // HTML: self-contained, with path diagrams, scree plots and the coupling chart.
    #expect(!html.contains("<script") && !html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("@import"))
    #expect(html.components(separatedBy: "class=\"path-diagram\"").count - 1 == 5)
    #expect(html.contains("class=\"bar-chart\""))
    // One ellipse per latent variable of each model's diagram.
    let latents = r.models.map { Set($0.result.parameters.filter { $0.op == .measuredBy }.map(\.lhs)).count }.reduce(0, +)
    #expect(html.components(separatedBy: "<ellipse").count - 1 == latents)
    // No planted personal datum anywhere.
    let export = try ClusterEnterpriseData.generate(population: String(contentsOfFile: dataset("cluster-enterprise/population.lav"), encoding: .utf8))
    #expect(export.personalData.count > 900)
    let all = Data(([text, md, html, json, word] + excel).joined(separator: "\n").utf8)
    for datum in export.personalData { #expect(all.range(of: Data(datum.utf8)) == nil, "leaked \(datum)") }
  }

  /// Every number an interpretation paragraph quotes is in a table of its
  /// section (thresholds such as 0.70 aside), in both languages.
  @Test func interpretationQuotesTheTables() throws {
    for lang in ["zh", "en"] {
      var o = options(lang: lang)
      o.bootstrap = 0
      let doc = StudyDocument.make(try StudyPipeline.run(o, version: "test"))
      let thresholds: Set<String> = ["0.05", "0.30", "0.3", "0.4", "0.50", "0.5", "0.60", "0.70", "0.7", "0.85", "0.90", "0.95"]
      var section: [String] = []
      var previousWasTable = false
      var checked = 0
      for block in doc.blocks {
        switch block {
        case .heading(_, let level):
          if level <= 2 { section = [] }
          previousWasTable = false
        case .table(let t):
          section.append(([t.title] + t.headers + t.rows.flatMap { $0.map(\.display) } + t.notes).joined(separator: " | "))
          previousWasTable = true
        case .paragraph(let text) where previousWasTable:
          let cells = section.joined(separator: " | ")
          let numbers = text.matches(of: /-?\d*\.\d+/).map { String($0.output) }
          for n in numbers where !thresholds.contains(n) {
            #expect(cells.contains(n), "\(lang): \(n) in “\(text.prefix(80))…” is in no table of its section")
          }
          checked += 1
        default:
          previousWasTable = false
        }
      }
      #expect(checked >= 10, "\(lang): only \(checked) interpretation paragraphs")
    }
  }

  /// No table is printed twice (the KMO table once per part, not with the EFA again).
  @Test func noTableTwice() throws {
    let doc = StudyDocument.make(try shipped.get())
    var seen: [String: String] = [:]
    for case .table(let t) in doc.blocks {
      let body = (t.headers + t.rows.flatMap { $0.map(\.display) }).joined(separator: "|")
      if let first = seen[body] { Issue.record("“\(t.title)” repeats “\(first)”") }
      seen[body] = t.title
    }
  }

  /// The Chinese report speaks Chinese: English words only where they are
  /// names (authors, software, data files) or statistics' symbols.
  @Test func chineseReportHasNoUntranslatedEnglish() throws {
    let r = try shipped.get()
    // The data file's path and the version string are the user's, not report text.
    let md = StudyDocument.make(r).markdown().replacingOccurrences(of: r.sample.data, with: "").replacingOccurrences(of: "ClusterStat test", with: "")
    let allowed: Set<String> = [
      "Nunnally", "Bernstein", "Kaiser", "Bartlett", "Bentler", "Browne", "Cudeck", "Wheaton", "Mulaik", "Larcker", "Kline", "Fornell",
      "Bonett", "Bollen", "Hofmann", "Harman", "Sharma", "Podsakoff", "Feldt", "Williams", "Wang", "Schmid", "Rensvold", "Pearson", "McDonald",
      "Leiman", "Henseler", "Hair", "Cheung", "Cronbach's", "reskog", "rbom", "Hu", "Shujia", "Deng", "Liu", "Sifeng",
      "psych", "lavaan", "semTools", "fitMeasures", "compRelSEM", "htmt", "omega", "alpha", "drop", "ClusterStat",
      "bootstrap", "Bootstrap", "delta", "varimax", "promax", "oblimin", "quartimax", "geomin", "min", "max", "TOPSIS",
      "report", "html", "xlsx", "png", "figures", "figure-", "Datasets", "cluster-enterprise", "responses-wjx", "source", "detail", "include-personal-data", "wjx",
    ]
    var foreign = Set<String>()
    for m in md.matches(of: /[A-Za-z][A-Za-z'-]{2,}/) {
      let w = String(m.output)
      // Construct codes and statistics' symbols are capitals (RE, KMO, RMSEA, CITC).
      if w.allSatisfy({ $0.isUppercase || $0.isNumber }) || allowed.contains(w) { continue }
      foreign.insert(w)
    }
    #expect(foreign.isEmpty, "untranslated: \(foreign.sorted())")
  }

  /// The study's diagrams, the full model's among them, laid out without a
  /// label over a node or another label.
  @Test func pathDiagramsKeepLabelsApart() throws {
    let r = try shipped.get()
    for m in r.models {
      let d = StudyDocument.diagram(m, r)
      let layout = try d.render(title: m.label).layout
      #expect(layout.overlaps.isEmpty, "\(m.name): \(layout.overlaps)")
      #expect(layout.edgeLabels.count == d.edges.count)
    }
  }

  /// Delta-method and bootstrap results of each indirect effect stay under their
  /// own names: the delta interval is est ± z·SE(delta), never the bootstrap's.
  @Test func mediationKeepsDeltaAndBootstrapApart() throws {
    var o = options()
    o.bootstrap = 50
    let r = try StudyPipeline.run(o, version: "test")
    #expect(!r.mediation.isEmpty)
    for e in r.mediation {
      #expect(abs(e.deltaLower - (e.est - 1.959963984540054 * e.se)) < 1e-9 && abs(e.deltaUpper - (e.est + 1.959963984540054 * e.se)) < 1e-9)
      let bootLower = try #require(e.bootLower), bootUpper = try #require(e.bootUpper), bootSE = try #require(e.bootSE)
      #expect(bootLower != e.deltaLower && bootUpper != e.deltaUpper && bootSE != e.se, "\(e.path): bootstrap numbers equal the delta method's")
    }
  }

  @Test func csvGivesTheSameReportAsTheWorkbook() throws {
    let csv = try StudyPipeline.run(options(data: dataset("cluster-enterprise/responses.csv")), version: "test")
    let xlsx = try shipped.get()
    let a = StudyDocument.make(xlsx).markdown().replacingOccurrences(of: "responses-wjx.xlsx", with: "X")
    let b = StudyDocument.make(csv).markdown().replacingOccurrences(of: "responses.csv", with: "X")
    #expect(a == b)
  }
}

/// One entry of a ZIP archive as text.
func zipEntry(_ data: Data, _ path: String) throws -> String? {
  let archive = try Archive(data: data, accessMode: .read)
  guard let e = archive[path] else { return nil }
  var out = Data()
  _ = try archive.extract(e) { out.append($0) }
  return String(decoding: out, as: UTF8.self)
}

@Suite struct CouplingChapterTests {

  /// The coupling chapter follows the indicator codebook, not the book: outcomes named otherwise (one here,
  /// `growth` holding KR's values) give one grey relational table each, equal to the book's KR table.
  @Test func couplingFollowsTheIndicatorCodebook() throws {
    let dir = try tempDir()
    let csv = try String(contentsOfFile: dataset("suzhou-firms/firms.csv"), encoding: .utf8)
    try csv.replacingOccurrences(of: ",KR,IG\n", with: ",growth,IG\n").write(toFile: dir + "/units.csv", atomically: true, encoding: .utf8)
    var book = try String(contentsOfFile: dataset("suzhou-firms/codebook.yaml"), encoding: .utf8)
    let outcomes = try #require(book.range(of: "outcomes:"))
    book = String(book[..<outcomes.lowerBound]) + "outcomes:\n  - {name: growth, label: {zh: 成长, en: Growth}}\n"
    try book.write(toFile: dir + "/units.yaml", atomically: true, encoding: .utf8)
    let other = try CouplingData.check(firms: dir + "/units.csv", codebook: dir + "/units.yaml", lang: "en")
    let original = try CouplingData.check(firms: dataset("suzhou-firms/firms.csv"), codebook: dataset("suzhou-firms/codebook.yaml"), lang: "en")
    #expect(other.outcomes.map(\.name) == ["growth"] && other.outcomes[0].label == "Growth")
    #expect(original.outcomes.map(\.name) == ["KR", "IG"])
    #expect(other.outcomes[0].result.degrees.values == original.outcomes[0].result.degrees.values)
    #expect(other.systemLabels == ["Network capability", "Absorptive capacity"])
    // An outcome the data lack is named.
    try (book + "  - {name: profit}\n").write(toFile: dir + "/units.yaml", atomically: true, encoding: .utf8)
    #expect(throws: InputError.self) { try CouplingData.check(firms: dir + "/units.csv", codebook: dir + "/units.yaml") }
  }
}
