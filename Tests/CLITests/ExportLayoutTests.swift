import Foundation
import Testing
import _TestSupport

/// Survey exports as they come (issue 19): 问卷星's option-text and option-code
/// exports with matrix headers, a title row above the header, a construct
/// named IP, a Qualtrics CSV. Fixtures and the list of planted personal values
/// from Tests/SurveyTests/Fixtures/make_export_fixtures.py.
@Suite struct ExportLayoutTests {
  static let fixtures = packageRoot.appendingPathComponent("Tests/SurveyTests/Fixtures")
  static func path(_ name: String) -> String { fixtures.appendingPathComponent(name).path }
  static let planted: [String] = {
    let text = (try? String(contentsOfFile: path("exports-planted.txt"), encoding: .utf8)) ?? ""
    return text.split(separator: "\n").map(String.init)
  }()

  func expectNoPersonalData(_ r: RunResult, _ what: String) {
    for value in Self.planted where r.stdout.contains(value) || r.stderr.contains(value) {
      Issue.record("\(what) shows the planted personal value \(value)")
    }
  }

  func describeJSON(_ file: String, _ extra: [String] = []) throws -> (json: [String: Any], run: RunResult) {
    let r = try run(["describe", "--data", Self.path(file), "--format", "json"] + extra)
    #expect(r.status == 0, "\(file): \(r.stderr)")
    expectNoPersonalData(r, "describe \(file)")
    return (try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]), r)
  }

  func means(_ json: [String: Any]) -> [String: Double] {
    var out: [String: Double] = [:]
    for v in json["variables"] as? [[String: Any]] ?? [] { out[v["variable"] as! String] = v["mean"] as? Double }
    return out
  }

  @Test(.tags(.slow), .enabled(if: slowTestsEnabled)) func wenjuanxingTextAndCodeExportsAgree() throws {
    let (text, textRun) = try describeJSON("wjx-text-matrix.xlsx")
    let (codes, _) = try describeJSON("wjx-codes-matrix.xlsx")
    #expect(textRun.stderr.contains("Q2_1…Q2_3 的作答文字按 7 级量表 conform7 编码"), "\(textRun.stderr)")
    #expect(textRun.stderr.contains("Q3_1…Q3_3 的作答文字按 5 级量表 agree5 编码"))
    let a = means(text), b = means(codes)
    for item in ["Q2_1", "Q2_2", "Q2_3", "Q3_1", "Q3_2", "Q3_3", "Q4_1", "Q4_2", "Q4_3"] {
      #expect(a[item] != nil && a[item] == b[item], "\(item): text export \(a[item] ?? .nan), code export \(b[item] ?? .nan)")
    }
    // The skipped answer is missing in both: "(跳过)" and -2.
    let n = (text["variables"] as! [[String: Any]]).first { $0["variable"] as? String == "Q3_2" }?["n"] as? Int
    #expect(n == 56)
    for file in ["wjx-text-matrix.xlsx", "wjx-codes-matrix.xlsx"] {
      for format in ["text", "md", "csv", "html"] {
        let r = try run(["describe", "--data", Self.path(file), "--freq", "Q2_1", "--format", format])
        #expect(r.status == 0)
        expectNoPersonalData(r, "describe --format \(format) \(file)")
      }
      let rel = try run(["reliability", "--data", Self.path(file), "--scale", "TR=Q2_1:Q2_3", "--scale", "IS=Q3_1:Q3_3", "--scale", "IP=Q4_1:Q4_3"])
      #expect(rel.status == 0, "\(rel.stderr)")
      expectNoPersonalData(rel, "reliability \(file)")
      let cfa = try run(["cfa", "--data", Self.path(file), "--syntax", "TR =~ Q2_1 + Q2_2 + Q2_3; IS =~ Q3_1 + Q3_2 + Q3_3; IP =~ Q4_1 + Q4_2 + Q4_3"])
      #expect(cfa.status == 0, "\(cfa.stderr)")
      expectNoPersonalData(cfa, "cfa \(file)")
    }
    // Frequencies in the scale's order, with its labels.
    let f = try run(["describe", "--data", Self.path("wjx-text-matrix.xlsx"), "--freq", "Q3_1", "--lang", "en"])
    let order = ["非常不同意", "不同意", "一般", "同意", "非常同意"].compactMap { f.stdout.range(of: " \($0) ")?.lowerBound }
    #expect(order.count == 5 && order == order.sorted())
  }

  @Test func titleRowAboveTheHeader() throws {
    let (json, r) = try describeJSON("title-row.xlsx")
    #expect(r.stderr.contains("表头在文件第 3 行"), "\(r.stderr)")
    #expect(means(json)["TR1"] != nil && means(json)["IP3"] != nil)
    let (explicit, _) = try describeJSON("title-row.xlsx", ["--header-row", "3"])
    #expect(means(explicit) == means(json))
    let rel = try run(["reliability", "--data", Self.path("title-row.xlsx"), "--items", "TR1:TR3"])
    #expect(rel.status == 0, "\(rel.stderr)")
  }

  @Test func aConstructNamedIPIsData() throws {
    let (json, r) = try describeJSON("likert-ip.csv")
    #expect(means(json)["IP"] != nil)
    #expect(r.stderr.contains("个人信息列不参与分析") && r.stderr.contains("联系电话"), "\(r.stderr)")
    #expect(!r.stderr.contains("不参与分析：IP") && !r.stderr.contains(", IP"))
    let reg = try run(["regress", "--data", Self.path("likert-ip.csv"), "--y", "IP", "--block", "TR1,IS1"])
    #expect(reg.status == 0, "\(reg.stderr)")
    expectNoPersonalData(reg, "regress likert-ip.csv")
  }

  @Test func qualtricsExport() throws {
    let (json, r) = try describeJSON("qualtrics.csv")
    #expect(r.stderr.contains("Q2_1…Q2_3 的作答文字按 5 级量表 agree5_en 编码"), "\(r.stderr)")
    for item in ["Q2_1", "Q3_3", "seconds"] { #expect(means(json)[item] != nil, "\(item)") }
    for hidden in ["RecipientEmail", "LocationLatitude", "ip"] { #expect(r.stderr.contains(hidden), "\(hidden) not excluded") }
    let cfa = try run(["cfa", "--data", Self.path("qualtrics.csv"), "--syntax", "TR =~ Q2_1 + Q2_2 + Q2_3; IS =~ Q3_1 + Q3_2 + Q3_3"])
    #expect(cfa.status == 0, "\(cfa.stderr)")
    expectNoPersonalData(cfa, "cfa qualtrics.csv")
  }

  /// codebook then study on each export: the scales the draft finds, the measurement chapters, no personal datum.
  @Test(.tags(.slow), .enabled(if: slowTestsEnabled), arguments: ["wjx-text-matrix.xlsx", "wjx-codes-matrix.xlsx", "title-row.xlsx", "likert-ip.csv", "qualtrics.csv"])
  func studyReadsEachExport(_ file: String) throws {
    let dir = try tempDir()
    let book = dir.appendingPathComponent("codebook.yaml").path
    let draft = try run(["codebook", "--data", Self.path(file), "--out", book])
    #expect(draft.status == 0, "\(file): \(draft.stderr)")
    let yaml = try String(contentsOfFile: book, encoding: .utf8)
    #expect(yaml.contains("scales:"), "\(file): the draft found no scale")
    let out = dir.appendingPathComponent("report")
    let r = try run(["study", "--data", Self.path(file), "--codebook", book, "--out", out.path, "--bootstrap", "0"])
    #expect(r.status == 0, "\(file): \(r.stderr)")
    expectNoPersonalData(r, "study \(file)")
    let text = try ["report.md", "report.html", "results.json"].map { try String(contentsOf: out.appendingPathComponent($0), encoding: .utf8) }.joined()
    #expect(text.contains("测量模型的验证性因子分析"))
    for value in Self.planted where text.contains(value) { Issue.record("study \(file) report shows \(value)") }
  }

  @Test func negativeMissingCodesAsDocumented() throws {
    let r = try run(["describe", "--data", hsPath, "--items", "x1:x3", "--missing-codes", "-2,-3", "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
  }

  @Test func badHeadersAreBadInput() throws {
    let dir = try tempDir()
    let clash = try write("序号,提交答卷时间,5、(请评价—信任),5、(请评价—分享),5、您的年龄\n1,2026-01-01,1,2,3\n2,2026-01-02,2,3,4\n", "clash.csv", in: dir)
    try expectBadInput(["describe", "--data", clash], ["question 5 is both a matrix", "5、您的年龄"])
    let titles = try write("调查数据,,\n" + String(repeating: "说明,,\n", count: 25), "titles.csv", in: dir)
    try expectBadInput(["describe", "--data", titles], ["none of the next 20 rows reads as a header", "--header-row"])
    let odd = try write("a,b\n很差,1\n很好,2\n一般,3\n", "odd.csv", in: dir)
    try expectBadInput(["reliability", "--data", odd, "--items", "a,b"], ["column 'a'", "codebook value set"])
  }
}
