import Foundation
import Testing
import _TestSupport

// Reading 问卷星/Excel/SPSS exports from the command line: the personal-data
// guard across every output format, screening, and bad input (exit 2).
// Fixtures: Tests/SurveyTests/Fixtures/make_wjx_fixtures.py.

private func surveyFixture(_ name: String) -> String {
  packageRoot.appendingPathComponent("Tests/SurveyTests/Fixtures/\(name)").path
}

/// The personal data the fixture script planted (phones, e-mails, IPs, names, an ID number).
private let planted: [String] = {
  let text = (try? String(contentsOfFile: surveyFixture("wjx-planted.txt"), encoding: .utf8)) ?? ""
  return text.split(separator: "\n").compactMap { $0.split(separator: "\t").last.map(String.init) }
}()

@Suite struct IngestCommandTests {
  @Test(.tags(.slow), .enabled(if: slowTestsEnabled)) func noPlantedPersonalDatumInAnyOutput() throws {
    #expect(planted.count > 100)
    let dir = try tempDir()
    let data = surveyFixture("wjx-codes.xlsx"), book = surveyFixture("wjx-codebook.yaml")
    let commands: [[String]] = [
      ["describe", "--data", data],
      ["describe", "--data", data, "--codebook", book, "--screen"],
      ["describe", "--data", surveyFixture("wjx-text.xlsx"), "--codebook", book, "--freq", "industry"],
      ["describe", "--data", surveyFixture("wjx-codes-gbk.csv")],
      ["reliability", "--data", data, "--codebook", book, "--items", "RE", "--screen"],
      ["corr", "--data", data, "--codebook", book, "--items", "RE"],
    ]
    var outputs: [String] = []
    for (k, args) in commands.enumerated() {
      for format in ["text", "json", "md", "csv", "html"] {
        let out = dir.appendingPathComponent("out-\(k).\(format)").path
        let r = try run(args + ["--format", format, "--out", out])
        #expect(r.status == 0, "\(args) \(format): \(r.stderr)")
        outputs.append(try String(contentsOfFile: out, encoding: .utf8))
        outputs.append(r.stderr)
      }
    }
    for text in outputs {
      for p in planted { #expect(!text.contains(p), "planted '\(p)' leaked") }
    }
    // describe lists what it held back.
    let json = try run(["describe", "--data", data, "--format", "json"])
    let obj = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
    let excluded = (obj["excluded_columns"] as! [[String: Any]]).map { $0["column"] as! String }
    #expect(excluded == ["source_detail", "ip", "Q2", "Q3", "Q4", "Q5", "Q9"])
  }

  @Test func includePersonalDataLetsThemThroughWithAWarning() throws {
    let r = try run(["describe", "--data", surveyFixture("wjx-codes.xlsx"), "--items", "Q4", "--include-personal-data", "--format", "json", "--lang", "en"])
    #expect(r.status == 0)
    #expect(r.stderr.contains("warning: personal data included on request"))
    // Notes follow --lang (zh by default).
    let zh = try run(["describe", "--data", surveyFixture("wjx-codes.xlsx"), "--items", "Q4", "--include-personal-data", "--format", "json"])
    #expect(zh.stderr.contains("警告：应要求保留了个人信息列"), "\(zh.stderr)")
    let blocked = try run(["describe", "--data", surveyFixture("wjx-codes.xlsx"), "--items", "Q4"])
    #expect(blocked.status == 2)
    #expect(blocked.stderr.contains("personal data"))
  }

  @Test func screeningSummaryAndCounts() throws {
    let r = try run(["describe", "--data", surveyFixture("wjx-codes.xlsx"), "--codebook", surveyFixture("wjx-codebook.yaml"),
                     "--screen", "--items", "RE", "--format", "json", "--lang", "en"])
    #expect(r.status == 0)
    #expect(r.stderr.contains("screening dropped 8 of 40 rows: 3 straight-lining, 2 too fast (< 90 s), 2 duplicate submissions, 1 with more than 50% of items missing"))
    let zh = try run(["describe", "--data", surveyFixture("wjx-codes.xlsx"), "--codebook", surveyFixture("wjx-codebook.yaml"),
                      "--screen", "--items", "RE", "--format", "json"])
    #expect(zh.stderr.contains("答卷筛查剔除 40 份中的 8 份：直线作答 3 份，用时过短（< 90 秒）2 份，重复提交 2 份，缺失超过 50% 题目 1 份"), "\(zh.stderr)")
    #expect(zh.stderr.contains("反向计分（最小值 + 最大值 − 原值）：SE4R"))
    let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
    let s = obj["screening"] as! [String: Any]
    #expect(s["rows_kept"] as? Int == 32)
    #expect(obj["reverse_coded"] as? [String] == ["SE4R"])
    // Reliability runs on the screened, reverse-coded items.
    let rel = try run(["reliability", "--data", surveyFixture("wjx-codes.xlsx"), "--codebook", surveyFixture("wjx-codebook.yaml"),
                       "--screen", "--items", "RE", "--format", "json"])
    #expect(rel.status == 0, "\(rel.stderr)")
    let relObj = try JSONSerialization.jsonObject(with: Data(rel.stdout.utf8)) as! [String: Any]
    #expect((relObj["scales"] as! [[String: Any]])[0]["n"] as? Int == 32)
  }

  @Test func badInputsExitTwo() throws {
    let book = surveyFixture("wjx-codebook.yaml")
    try expectBadInput(["describe", "--data", surveyFixture("bad/encrypted.xlsx")], ["encrypted.xlsx", "password-protected"])
    try expectBadInput(["describe", "--data", surveyFixture("bad/corrupt.xlsx")], ["corrupt.xlsx", "damaged"])
    try expectBadInput(["describe", "--data", surveyFixture("bad/legacy.xls")], ["legacy.xls", ".xlsx or CSV"])
    try expectBadInput(["describe", "--data", surveyFixture("bad/not-spss.sav")], ["not-spss.sav", "not an SPSS"])
    try expectBadInput(["describe", "--data", surveyFixture("wjx-codes.xlsx"), "--codebook", surveyFixture("bad/codebook-missing-column.yaml")],
                       ["codebook-missing-column.yaml", "RE1", "Q6_9"])
    try expectBadInput(["describe", "--data", surveyFixture("wjx-codes.xlsx"), "--codebook", surveyFixture("bad/codebook-reverse-no-range.yaml")],
                       ["SE4R", "no scale range"])
    try expectBadInput(["describe", "--data", surveyFixture("wjx-text.xlsx"), "--codebook", surveyFixture("bad/codebook-short-labels.yaml")],
                       ["wjx-text.xlsx", "row", "column 'Q6_1'", "非常同意", "no value label"])
    try expectBadInput(["reliability", "--data", surveyFixture("wjx-codes.xlsx"), "--codebook", book, "--items", "ONE"],
                       ["reliability of 'ONE'", "at least 2 items"])
    try expectBadInput(["describe", "--data", surveyFixture("wjx-codes.xlsx"), "--sheet", "nope"], ["no sheet 'nope'"])
  }
}

/// Every subcommand's options parse (a clash between shared option groups
/// only shows when the command runs).
@Test func everySubcommandParses() throws {
  for sub in ["describe", "reliability", "adequacy", "corr", "efa", "cfa", "sem", "grey", "entropy", "coupling", "bench"] {
    let r = try run([sub, "--help"])
    #expect(r.status == 0, "\(sub): \(r.stderr)")
  }
}

/// Identifiers planted in every written form (Tests/SurveyTests/PersonalDataTests.swift's
/// corpus) into free-text answers, a column of names under a neutral header,
/// a name typed into a rating item, 工号 and 来源详情 columns: no output
/// format and no message of any command shows one.
@Suite struct PlantedIdentifierTests {
  static let forms = [
    "13812345678", "138-1234-5678", "139 1234 5678", "+86 138 1234 5678", "１３８１２３４５６７８", "0512-68765432",
    "zhang.wei@example.com", "li_na＠qq．com", "wangfang at 163 dot com", "chen(at)sina.cn", "192.168.10.25",
    "2001:db8:85a3::8a2e:370:7334", "11010519491231002X", "QQ: 123456789", "微信：zhangwei_1988", "wxid_a1b2c3d4e5",
    "openid=oXyZ12345abcdef",
  ]
  static let names: [String] = {
    let family = ["欧阳", "张", "王", "李", "刘", "陈", "杨", "赵", "黄"], given = ["明远", "伟", "芳", "娜", "洋"]
    return family.flatMap { f in given.map { f + $0 } }
  }()

  func export() throws -> String {
    var lines = ["序号,工号,来源详情,respondent,comment,Q1,Q2,Q3,Q4"]
    var state: UInt64 = 11
    func draw(_ n: Int) -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) % n }
    for i in 0..<40 {
      let form = Self.forms[i % Self.forms.count]
      let comment = i % 3 == 0 ? "有事请联系 \(form) 谢谢" : ["很好", "一般", "满意", "还可以"][i % 4]
      // Four correlated 5-point items: a common level and noise.
      let level = draw(5)
      let q = (0..<4).map { _ in String(min(5, max(1, level + draw(3)))) }
      let q1 = i == 7 ? "欧阳明远甲" : q[0]
      lines.append("\(i + 1),E\(10000 + i),https://www.wjx.cn/jq/1.aspx?openid=oXyZ\(1000 + i)abcdef,\(Self.names[i % Self.names.count]),\"\(comment)\",\(q1),\(q[1]),\(q[2]),\(q[3])")
    }
    return try write(lines.joined(separator: "\n") + "\n", "planted.csv", in: try tempDir())
  }

  @Test(.tags(.slow), .enabled(if: slowTestsEnabled)) func noFormLeaks() throws {
    let data = try export()
    var seen: [String] = []
    for args in [["describe", "--data", data], ["describe", "--data", data, "--freq", "comment"], ["reliability", "--data", data, "--items", "Q1:Q4"],
                 ["corr", "--data", data, "--items", "Q1:Q4"], ["describe", "--data", data, "--screen", "--screen-items", "Q1:Q4"],
                 ["efa", "--data", data, "--items", "Q1:Q4", "--factors", "1"], ["crosstab", "--data", data, "--rows", "comment", "--cols", "Q2"],
                 ["anova", "--data", data, "--y", "Q1", "--group", "Q2"], ["regress", "--data", data, "--y", "Q1", "--block", "Q2,Q3"]] {
      for format in ["text", "json", "md", "csv", "html"] {
        let r = try run(args + ["--format", format])
        #expect(r.status == 0, "\(args) \(format): \(r.stderr)")
        seen.append(r.stdout + r.stderr)
      }
    }
    // The drafted codebook lists the personal columns by name only.
    let draft = try run(["codebook", "--data", data])
    #expect(draft.status == 0 && draft.stdout.contains("personal_data: [工号, source_detail, respondent]"), "\(draft.stderr)")
    seen.append(draft.stdout + draft.stderr)
    // An item list that names the column of names: refused without showing one.
    let bad = try run(["describe", "--data", data, "--screen", "--screen-items", "respondent"])
    #expect(bad.status == 2 && bad.stderr.contains("holds personal data"))
    seen.append(bad.stdout + bad.stderr)
    let all = seen.joined(separator: "\n")
    for planted in Self.forms + Self.names + ["E10003", "oXyZ1001"] {
      #expect(!all.contains(planted), "leaked \(planted)")
    }
    #expect(all.contains("[电话]") && all.contains("列 comment 中的个人信息已遮蔽"))
    #expect(all.contains("个人信息列不参与分析：工号, source_detail, respondent"))
  }
}
