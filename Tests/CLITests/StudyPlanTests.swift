import Survey
import Foundation
import Testing
import _TestSupport

/// `study` for a questionnaire that is not the book's (issue 20): a codebook
/// drafted by `codebook` runs as it is (measurement chapters), and the same
/// codebook with an analysis plan gives that questionnaire's constructs,
/// mediation and hypotheses — and nothing of the shipped data sets.
@Suite(.serialized) struct StudyPlanTests {
  static let export = packageRoot.appendingPathComponent("Tests/SurveyTests/Fixtures/wjx-text-matrix.xlsx").path
  static let planned = packageRoot.appendingPathComponent("Tests/CLITests/Fixtures/team-codebook.yaml").path
  static let bookWords = ["知识租金", "集群", "苏州", "Suzhou", "网络嵌入", "国际化成长", "knowledge rent"]

  /// Exit 2 with every fragment in the message, and no report folder written.
  func expectRefused(_ args: [String], _ fragments: [String]) throws {
    let r = try run(args)
    #expect(r.status == 2, "status \(r.status): \(r.stderr)")
    for f in fragments { #expect(r.stderr.contains(f), "stderr: \(r.stderr) lacks \(f)") }
  }

  func report(_ dir: URL) throws -> String {
    try ["report.txt", "report.md", "report.html", "results.json"].map {
      try String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8)
    }.joined(separator: "\n")
  }

  @Test func draftedCodebookRunsAsItIs() throws {
    let dir = try tempDir()
    let book = dir.appendingPathComponent("codebook.yaml").path
    let draft = try run(["codebook", "--data", Self.export, "--out", book])
    #expect(draft.status == 0, "\(draft.stderr)")
    let yaml = try String(contentsOfFile: book, encoding: .utf8)
    #expect(yaml.contains("values: conform7") && yaml.contains("items: [Q3_1, Q3_2, Q3_3]") && yaml.contains("personal_data: [source_detail, ip, Q7, Q8, Q9]"))
    let out = dir.appendingPathComponent("report")
    let r = try run(["study", "--data", Self.export, "--codebook", book, "--out", out.path, "--bootstrap", "0"])
    #expect(r.status == 0, "\(r.stderr)")
    let text = try report(out)
    #expect(text.contains("未设定结构模型"))
    #expect(text.contains("共同方法偏差检验"))
    for w in Self.bookWords { #expect(!text.contains(w), "book text '\(w)' in the report") }
    try expectRefused(["codebook", "--data", Self.export, "--out", Self.export], ["--out names the data file"])
  }

  @Test func theAnalysisPlanDrivesTheChapters() throws {
    let dir = try tempDir()
    let out = dir.appendingPathComponent("report")
    let r = try run(["study", "--data", Self.export, "--codebook", Self.planned, "--out", out.path, "--bootstrap", "200", "--lang", "en"])
    #expect(r.status == 0, "\(r.stderr)")
    let text = try report(out)
    for w in Self.bookWords { #expect(!text.lowercased().contains(w.lowercased()), "book text '\(w)' in the report") }
    #expect(text.contains("Indirect effects through Information sharing (IS)"))
    #expect(text.contains("TR → IS → IP"))
    #expect(text.contains("Information sharing mediates the effect of trust on innovation"))
    #expect(text.contains("Team trust raises information sharing"))
    let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("results.json"))) as? [String: Any])
    #expect((json["hypotheses"] as? [[String: Any]])?.map { $0["id"] as? String } == ["H1", "H2", "H3", "H4"])
    #expect(json["sub_model_5"] == nil || json["sub_model_5"] is NSNull)
    let mediation = try #require((json["mediation"] as? [[String: Any]])?.first)
    #expect(mediation["effect"] as? String == "ind" && mediation["mediators"] as? [String] == ["IS"])
    // The delta-method and bootstrap intervals are different numbers under their own names.
    #expect(mediation["delta_ci_lower"] as? Double != mediation["boot_perc_lower"] as? Double)
  }

  @Test func badPlansAndFailingModels() throws {
    let dir = try tempDir()
    let plan = try String(contentsOfFile: Self.planned, encoding: .utf8)
    let wrongPath = try write(plan.replacingOccurrences(of: "path: \"IP ~ IS\"", with: "path: \"IP ~ XX\""), "wrong.yaml", in: dir)
    try expectRefused(["study", "--data", Self.export, "--codebook", wrongPath, "--out", dir.appendingPathComponent("r1").path, "--bootstrap", "0"],
                       ["hypothesis H2", "no path 'IP ~ XX'", "IS ~ TR"])
    let wrongEffect = try write(plan.replacingOccurrences(of: "effect: ind", with: "effect: indirect"), "effect.yaml", in: dir)
    try expectRefused(["study", "--data", Self.export, "--codebook", wrongEffect, "--out", dir.appendingPathComponent("r2").path, "--bootstrap", "0"],
                       ["hypothesis H4", "'indirect'"])
    // A model that cannot be estimated (a variance fixed below zero) is reported in its place; the other chapters are written; exit 1.
    let improper = try write(plan.replacingOccurrences(of: "      IS ~ a*TR", with: "      IS ~ a*TR\n      TR ~~ -0.5*TR"), "improper.yaml", in: dir)
    let out = dir.appendingPathComponent("r3")
    let r = try run(["study", "--data", Self.export, "--codebook", improper, "--out", out.path, "--bootstrap", "0"])
    #expect(r.status == 1, "\(r.stderr)")
    let text = try report(out)
    #expect(text.contains("该模型未能估计") && text.contains("信度分析"))
  }
}

/// The second shipped example (Datasets/team-voice): the README's two commands,
/// every chapter its plan asks for, and none of its respondents' names or phones.
@Suite(.serialized) struct SecondExampleTests {
  @Test(.tags(.slow), .enabled(if: slowTestsEnabled)) func teamVoiceStudy() throws {
    let export = packageRoot.appendingPathComponent("Datasets/team-voice/responses-wjx-text.xlsx").path
    let book = packageRoot.appendingPathComponent("Datasets/team-voice/codebook.yaml").path
    let dir = try tempDir()
    let draft = try run(["codebook", "--data", export, "--out", dir.appendingPathComponent("draft.yaml").path])
    #expect(draft.status == 0, "\(draft.stderr)")
    let out = dir.appendingPathComponent("report")
    let r = try run(["study", "--data", export, "--codebook", book, "--out", out.path, "--bootstrap", "500"])
    #expect(r.status == 0, "\(r.stderr)")
    let text = try ["report.txt", "report.md", "report.html", "results.json"].map {
      try String(contentsOf: out.appendingPathComponent($0), encoding: .utf8)
    }.joined(separator: "\n")
    for title in ["您的性别的差异分析", "含控制变量的层级回归", "调节效应：PROCESS 模型 1", "调节效应：PROCESS 模型 14", "有调节的中介指数",
                  "Johnson–Neyman", "经由心理安全感 (PS)的间接效应", "共同方法偏差检验", "反向"] {
      #expect(text.contains(title), "the report lacks \(title)")
    }
    for w in ["知识租金", "集群", "苏州", "国际化成长"] { #expect(!text.contains(w), "book text \(w)") }
    let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("results.json"))) as? [String: Any])
    #expect((json["hypotheses"] as? [[String: Any]])?.map { $0["id"] as? String } == ["H1", "H2", "H3", "H4", "H5"])
    // No respondent's name or phone number in any output.
    let raw = try XLSXReader.read(path: export, options: XLSXOptions())
    for column in ["9、您的姓名", "10、您的手机号码"] {
      for value in try #require(raw[column]).textValues.compactMap({ $0 }) {
        #expect(!text.contains(value), "leaked \(value)")
      }
    }
  }
}
