import Foundation
import Testing
import _TestSupport

// `clusterstat describe` as a user runs it. Reference numbers: psych::describe on
// HolzingerSwineford1939 (Tests/SurveyTests/Fixtures/psych_describe_hs.json and
// the R script beside it).

struct PsychRow: Decodable {
  var variable: String
  var n: Int
  var mean, sd, skew, kurtosis: Double
}

struct DescribeJSON: Decodable {
  struct Row: Decodable {
    var variable: String
    var n: Int
    var missing: Int
    var mean, sd, skew, kurtosis: Double?
  }
  var rows: Int
  var variables: [Row]
  var frequencies: [Frequency]
  struct Frequency: Decodable {
    var variable: String
    var levels: [Level]
    struct Level: Decodable { var value: String; var count: Int; var valid_percent: Double }
  }
}

@Suite struct DescribeCommandTests {
  @Test func jsonMeansAndSDsEqualR() throws {
    let r = try run(["describe", "--data", hsPath, "--items", "x1:x9", "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let got = try JSONDecoder().decode(DescribeJSON.self, from: Data(r.stdout.utf8))
    struct Ref: Decodable { var describe: [PsychRow] }
    let refURL = packageRoot.appendingPathComponent("Tests/SurveyTests/Fixtures/psych_describe_hs.json")
    let ref = try JSONDecoder().decode(Ref.self, from: Data(contentsOf: refURL))
    #expect(got.rows == 301 && got.variables.count == 9)
    for (g, e) in zip(got.variables, ref.describe) {
      #expect(g.variable == e.variable && g.n == e.n)
      #expect(abs(g.mean! - e.mean) <= 1e-10 * abs(e.mean))
      #expect(abs(g.sd! - e.sd) <= 1e-10 * abs(e.sd))
      #expect(abs(g.skew! - e.skew) <= 1e-10 * max(1, abs(e.skew)))
      #expect(abs(g.kurtosis! - e.kurtosis) <= 1e-10 * max(1, abs(e.kurtosis)))
    }
  }

  @Test func textTableInEnglishAndChinese() throws {
    let en = try run(["describe", "--data", hsPath, "--items", "x1,x2,school", "--lang", "en"])
    #expect(en.status == 0)
    #expect(en.stdout.contains("Descriptive statistics") && en.stdout.contains("Frequencies"))
    #expect(en.stdout.contains("Grant-White") && en.stdout.contains(" 4.936 "))
    let zh = try run(["describe", "--data", hsPath, "--items", "x1", "--lang", "zh"])
    #expect(zh.stdout.contains("描述性统计") && zh.stdout.contains("标准差"))
  }

  @Test func frequenciesOfNumericItems() throws {
    let r = try run(["describe", "--data", hsPath, "--items", "grade", "--freq", "grade", "--format", "json"])
    let got = try JSONDecoder().decode(DescribeJSON.self, from: Data(r.stdout.utf8))
    #expect(got.frequencies.first?.levels.map(\.value) == ["7", "8"])
    #expect(got.frequencies.first?.levels.map(\.count) == [157, 143])
  }

  @Test func markdownCSVAndHTML() throws {
    let md = try run(["describe", "--data", hsPath, "--items", "x1", "--format", "md", "--lang", "en"])
    #expect(md.stdout.contains("| x1 | 301 | 0 | 4.936 |"))
    let csv = try run(["describe", "--data", hsPath, "--items", "x1", "--format", "csv", "--lang", "en"])
    #expect(csv.stdout.hasPrefix("\u{FEFF}variable,n,missing,mean,sd,") && csv.stdout.contains("x1,301,0,4.93576965637874,"))
    let html = try run(["describe", "--data", hsPath, "--items", "x1", "--format", "html"])
    #expect(html.stdout.hasPrefix("<!DOCTYPE html>") && html.stdout.contains("three-line"))
  }

  @Test func outFileIsWrittenWhole() throws {
    let dir = try tempDir()
    let out = dir.appendingPathComponent("d.json").path
    let r = try run(["describe", "--data", hsPath, "--items", "x1:x3", "--format", "json", "--out", out])
    #expect(r.status == 0 && r.stdout.isEmpty)
    #expect(try String(contentsOfFile: out, encoding: .utf8).contains("\"variable\" : \"x3\""))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["d.json"])
  }

  @Test func helpShowsExamplesAndVersion() throws {
    let root = try run(["--help"])
    #expect(root.status == 0 && root.stdout.contains("clusterstat describe --data"))
    let sub = try run(["describe", "--help"])
    #expect(sub.status == 0 && sub.stdout.contains("Examples:"))
    let v = try run(["--version"])
    #expect(v.status == 0 && v.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
  }
}

// Bad input through the command line: exit status 2, a message naming file,
// row and column, and no output file left behind.
@Suite struct DescribeBadInputTests {
  @Test func missingFile() throws {
    try expectBadInput(["describe", "--data", "/no/such.csv"], ["/no/such.csv: file not found"])
  }

  @Test func emptyAndHeaderOnly() throws {
    let dir = try tempDir()
    try expectBadInput(["describe", "--data", try write("", "e.csv", in: dir)], ["e.csv: file is empty"])
    try expectBadInput(["describe", "--data", try write("a,b\n", "h.csv", in: dir)], ["h.csv: has a header but no data rows"])
  }

  @Test func raggedRow() throws {
    let dir = try tempDir()
    try expectBadInput(["describe", "--data", try write("a,b\n1,2\n3,4,5\n", "r.csv", in: dir)],
                       ["r.csv, row 2 (line 3): has 3 fields, the header has 2"])
  }

  @Test func unterminatedQuote() throws {
    let dir = try tempDir()
    try expectBadInput(["describe", "--data", try write("a,b\n1,\"x\n", "q.csv", in: dir)],
                       ["q.csv, row 1 (line 2), column 'b': unterminated quoted field"])
  }

  @Test func invalidEncoding() throws {
    let bad = packageRoot.appendingPathComponent("Tests/SurveyTests/Fixtures/bad-encoding.csv").path
    try expectBadInput(["describe", "--data", bad], ["bad-encoding.csv, line 2: text is neither UTF-8 nor GBK"])
  }

  @Test func duplicateNames() throws {
    let dir = try tempDir()
    try expectBadInput(["describe", "--data", try write("a,a\n1,2\n", "d.csv", in: dir)], ["duplicate column name 'a'"])
  }

  @Test func unknownColumn() throws {
    try expectBadInput(["describe", "--data", hsPath, "--items", "x1,x42"], ["column 'x42': no such column"])
  }

  @Test func nonNumericCellInAnItem() throws {
    let dir = try tempDir()
    let path = try write("q1,q2\n1,2\n3,4\n5,6\n7,x\n", "n.csv", in: dir)
    try expectBadInput(["describe", "--data", path, "--items", "q1,q2"], ["n.csv, row 4 (line 5), column 'q2': \"x\" is not a number"])
  }

  @Test func allMissingItem() throws {
    let dir = try tempDir()
    try expectBadInput(["describe", "--data", try write("a,b\n1,\n2,\n", "m.csv", in: dir), "--items", "b"],
                       ["column 'b': every cell is missing"])
  }

  @Test func usageErrorsAreBadInputToo() throws {
    try expectBadInput(["describe", "--data", hsPath, "--encoding", "latin9"], ["'latin9' is invalid for '--encoding"])
    try expectBadInput(["describe"], ["--data"])
  }
}
