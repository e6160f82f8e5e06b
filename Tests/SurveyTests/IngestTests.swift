import Foundation
import Testing
@testable import Survey

// The ingestion fixtures come from Fixtures/make_wjx_fixtures.py; the planted
// counts and personal data below are the ones that script plants.

private func describeAll(_ r: IngestResult, _ names: [String]) throws -> DescribeResult {
  try r.frame.describe(names)
}

private let items = ["Q1", "Q6_1", "Q6_2", "Q6_3", "Q7_1", "Q7_2", "Q8_1", "Q8_2", "Q8_3"]

@Suite struct IngestTests {
  @Test func xlsxCSVAndGBKGiveTheSameNumbers() throws {
    let x = try Ingest.load(path: fixture("wjx-codes.xlsx"))
    let c = try Ingest.load(path: fixture("wjx-codes.csv"))
    let g = try Ingest.load(path: fixture("wjx-codes-gbk.csv"))
    #expect(x.layout?.layout == "wjx" && c.layout?.layout == "wjx")
    #expect(g.frame.encoding == .gb18030)
    let dx = try describeAll(x, items), dc = try describeAll(c, items), dg = try describeAll(g, items)
    #expect(dx.variables == dc.variables)
    #expect(dg.variables == dc.variables)
    #expect(dx.variables.count == items.count)
    // -2/-3 became missing: row 21 of Q6_1..Q6_3 and Q7_2.
    #expect(dx.variables.first { $0.variable == "Q6_1" }?.missing == 1)
    // Metadata renamed, 所用时间 in seconds.
    #expect(x.frame.names.prefix(4) == ["id", "submitted", "seconds", "source"])
    // 问卷星's 来源详情 (the referrer URL, which carries openid) is personal data.
    #expect(x.excluded.first?.column == "source_detail")
    #expect(try x.frame.numericColumn("seconds")[15] == 45)
    #expect(x.frame["Q6_1"]?.label == "我们与主要合作伙伴之间相互信任")
    #expect(x.layout?.questions["Q6"] == ["Q6_1", "Q6_2", "Q6_3"])
    // The text columns too (frequency tables).
    let fx = try x.frame.describe(["submitted", "source"]), fc = try c.frame.describe(["submitted", "source"])
    #expect(fx.frequencies == fc.frequencies)
  }

  @Test func savGivesTheSameNumbersWithLabels() throws {
    let s = try Ingest.load(path: fixture("wjx-codes.sav"))
    let c = try Ingest.load(path: fixture("wjx-codes.csv"))
    // The same numbers; the labels differ (SPSS keeps the header "6(…)", the 问卷星 layout the wording).
    func unlabelled(_ v: [DescriptiveStatistics]) -> [DescriptiveStatistics] { v.map { var d = $0; d.label = nil; return d } }
    #expect(unlabelled(try describeAll(s, items).variables) == unlabelled(try describeAll(c, items).variables))
    let q = try #require(s.frame["Q6_1"])
    #expect(q.label == "6(我们与主要合作伙伴之间相互信任)")
    #expect(q.valueLabels?.first == ValueLabel(code: "1", label: "非常不同意"))
    #expect(s.frame["Q1"]?.valueLabels?.count == 5)
  }

  @Test func textExportMapsThroughTheCodebook() throws {
    let book = try Codebook.read(path: fixture("wjx-codebook.yaml"))
    let t = try Ingest.load(path: fixture("wjx-text.xlsx"), options: IngestOptions(codebook: book))
    let c = try Ingest.load(path: fixture("wjx-codes.xlsx"), options: IngestOptions(codebook: book))
    let names = ["industry", "RE1", "RE2", "RE3", "RE4", "SE4R"]
    #expect(try t.frame.describe(names).variables == c.frame.describe(names).variables)
    // The ┋-joined multi-select became 0/1 columns in order of first appearance.
    #expect(t.layout?.split == ["Q8"])
    let split = t.frame.names.filter { $0.hasPrefix("Q8_") }
    #expect(split.count == 3)
    #expect(t.reverseCoded == ["SE4R"])
    // Reverse-coding: SE4R = 6 − Q7_2.
    let raw = try Ingest.load(path: fixture("wjx-codes.xlsx"))
    let q72 = try raw.frame.numericColumn("Q7_2"), se4r = try c.frame.numericColumn("SE4R")
    for (a, b) in zip(q72, se4r) where !a.isNaN { #expect(b == 6 - a) }
    #expect(c.frame.scales["RE"] == ["RE1", "RE2", "RE3", "RE4", "SE4R"])
    #expect(try c.frame.resolve("RE") == ["RE1", "RE2", "RE3", "RE4", "SE4R"])
  }

  @Test func screeningCountsArePlantedCounts() throws {
    let book = try Codebook.read(path: fixture("wjx-codebook.yaml"))
    var o = IngestOptions(codebook: book)
    o.screening = ScreeningRules(straightlining: true, minSeconds: 90, duplicates: true, maxMissingShare: 0.5)
    for path in ["wjx-codes.xlsx", "wjx-text.xlsx", "wjx-codes.csv"] {
      let r = try Ingest.load(path: fixture(path), options: o)
      let s = try #require(r.screening)
      let counts = Dictionary(uniqueKeysWithValues: s.rules.map { ($0.rule, $0.flagged) })
      #expect(counts == ["straightlining": 3, "too_fast": 2, "duplicate": 2, "too_much_missing": 1], "\(path)")
      #expect(s.rules.first { $0.rule == "straightlining" }?.rows == [11, 12, 13])
      #expect(s.rules.first { $0.rule == "duplicate" }?.rows == [39, 40])
      #expect(s.rowsDropped == 8 && s.rowsKept == 32 && r.frame.rowCount == 32)
    }
  }

  @Test func personalDataIsHeldBack() throws {
    let r = try Ingest.load(path: fixture("wjx-codes.xlsx"))
    #expect(r.excluded.map(\.column) == ["source_detail", "ip", "Q2", "Q3", "Q4", "Q5", "Q9"])
    #expect(r.excluded.last?.reason == "content" && r.excluded.last?.found == "id_number")
    for c in ["ip", "Q2", "Q3", "Q4", "Q5", "Q9"] { #expect(r.frame[c] == nil) }
    #expect(r.frame.excludedColumns.contains("Q4"))
    let e = inputError { _ = try r.frame.resolve("Q4") }
    #expect(e?.message.contains("personal data") == true)
    let open = try Ingest.load(path: fixture("wjx-codes.xlsx"), options: IngestOptions(includePersonalData: true))
    #expect(open.frame["Q4"] != nil && open.personalDataIncluded)
    #expect(open.notes.first?.hasPrefix("warning:") == true)
  }

  @Test func personalDataPatterns() {
    #expect(PersonalDataGuard.kind(of: "13812345678") == "phone")
    #expect(PersonalDataGuard.kind(of: "电话：+86 15912345678") == "phone")
    #expect(PersonalDataGuard.kind(of: "12812345678") == nil)
    #expect(PersonalDataGuard.kind(of: "138123456789") == nil)
    #expect(PersonalDataGuard.kind(of: "wang.li@example.com.cn") == "email")
    #expect(PersonalDataGuard.kind(of: "a@b") == nil)
    #expect(PersonalDataGuard.kind(of: "112.80.45.3(江苏-南京)") == "ip")
    #expect(PersonalDataGuard.kind(of: "版本 1.2.3") == nil)
    #expect(PersonalDataGuard.kind(of: "300.1.1.1") == nil)
    // GB 11643 check digit: valid and one digit off.
    #expect(PersonalDataGuard.kind(of: "11010519491231002X") == "id_number")
    #expect(PersonalDataGuard.kind(of: "110105194912310021") == nil)
    #expect(PersonalDataGuard.headerMatch("联系电话") == "电话")
    #expect(PersonalDataGuard.headerMatch("zip_code") == nil)
    #expect(PersonalDataGuard.headerMatch("IP") == "IP")
  }

  @Test func durations() {
    #expect(WJXLayout.seconds("123秒") == 123)
    #expect(WJXLayout.seconds("2分3秒") == 123)
    #expect(WJXLayout.seconds("1小时2分3秒") == 3723)
    #expect(WJXLayout.seconds("95") == 95)
    #expect(WJXLayout.seconds("很快") == nil)
  }

  @Test func headers() {
    #expect(WJXLayout.question(in: "7、我们与主要合作伙伴之间相互信任")! == (7, "我们与主要合作伙伴之间相互信任"))
    #expect(WJXLayout.subQuestion(in: "第8题(欧洲)")! == (8, "欧洲"))
    #expect(WJXLayout.subQuestion(in: "8（北美）")! == (8, "北美"))
    #expect(WJXLayout.question(in: "x1") == nil)
  }

  @Test func xlsxSheetsAndCells() throws {
    let info = try Ingest.load(path: fixture("wjx-codes.xlsx"), options: IngestOptions(sheet: "说明", layout: .plain))
    #expect(info.frame.names == ["本文件为测试用模拟数据"])
    let e = inputError { _ = try Ingest.load(path: fixture("wjx-codes.xlsx"), options: IngestOptions(sheet: "Sheet9")) }
    #expect(e?.message.contains("no sheet 'Sheet9'") == true)
    #expect(XLSXReader.columnLetters(0) == "A" && XLSXReader.columnLetters(27) == "AB")
    #expect(_columnIndex(ofReference: "AB12") == 27)
    #expect(_isDateFormat("yyyy/m/d h:mm") && !_isDateFormat("0.00") && !_isDateFormat("[Red]0.0"))
    #expect(_excelDateText(43221.5, date1904: false) == "2018-05-01 12:00:00")
    #expect(_excelDateText(43221, date1904: false) == "2018-05-01")
  }

  @Test func badInputs() throws {
    func message(_ path: String, _ o: IngestOptions = IngestOptions()) -> InputError? {
      inputError { _ = try Ingest.load(path: path, options: o) }
    }
    #expect(message(fixture("bad/encrypted.xlsx"))?.message.contains("password-protected") == true)
    #expect(message(fixture("bad/legacy.xls"))?.message.contains("save it as .xlsx") == true)
    #expect(message(fixture("bad/corrupt.xlsx"))?.message.contains("damaged") == true)
    #expect(message(fixture("bad/not-spss.sav"))?.message.contains("not an SPSS .sav") == true)

    let missing = try Codebook.read(path: fixture("bad/codebook-missing-column.yaml"))
    let m = message(fixture("wjx-codes.xlsx"), IngestOptions(codebook: missing))
    #expect(m?.file == fixture("bad/codebook-missing-column.yaml"))
    #expect(m?.message.contains("'Q6_9' is not in") == true)

    let reverse = inputError { _ = try Codebook.read(path: fixture("bad/codebook-reverse-no-range.yaml")) }
    #expect(reverse?.message.contains("no scale range") == true)

    let short = try Codebook.read(path: fixture("bad/codebook-short-labels.yaml"))
    let t = message(fixture("wjx-text.xlsx"), IngestOptions(codebook: short))
    #expect(t?.column == "Q6_1")
    #expect(t?.row != nil && t?.line == (t?.row ?? 0) + 1)
    #expect(t?.message.contains("has no value label") == true)

    let yaml = inputError { _ = try Codebook.parse("variables: [name: x", source: "cb.yaml") }
    #expect(yaml?.message.contains("not valid YAML") == true)
    let noName = inputError { _ = try Codebook.parse("variables:\n  - {source: Q1}\n", source: "cb.yaml") }
    #expect(noName?.message.contains("name") == true)
  }
}

@Test func messagesNeverQuotePersonalData() throws {
  let path = try tempFile("contacts.csv", "id,score\n1,5\n2,13812345678 call me\n")
  let frame = try DataFrameReader.readCSV(path: path)
  let e = inputError { _ = try frame.numericColumn("score") }
  #expect(e?.row == 2 && e?.column == "score")
  #expect(e?.message.contains("13812345678") == false)
  #expect(e?.message.contains("personal data: phone") == true)
}
