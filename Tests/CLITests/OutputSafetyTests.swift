import Foundation
import Survey
import Testing
import _TestSupport

/// Outputs that cannot destroy inputs, a study folder never mixed from two
/// runs, and JSON that stays valid when a number is not finite (issue 18, items 4 and 5).
@Suite struct OutputSafetyTests {
  @Test func anOutputNeverReplacesAnInput() throws {
    let dir = try tempDir()
    let data = dir.appendingPathComponent("hs.csv").path
    try FileManager.default.copyItem(atPath: hsPath, toPath: data)
    let before = try Data(contentsOf: URL(fileURLWithPath: data))
    for args in [["describe", "--data", data, "--items", "x1:x3", "--out", data],
                 ["cfa", "--data", data, "--syntax", "f =~ x1 + x2 + x3", "--out", dir.appendingPathComponent("./hs.csv").path],
                 ["reliability", "--data", data, "--items", "x1:x3", "--format", "json", "--out", data]] {
      let r = try run(args)
      #expect(r.status == 2 && r.stderr.contains("is an input of this run"), "\(args[0]): \(r.stderr)")
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: data)) == before)
  }

  @Test func nonFiniteNumbersAreNullInJSON() throws {
    struct Row: Encodable { var a = 1.5; var b = Double.nan; var c = [Double.infinity, -Double.infinity, 2] }
    let (data, count) = try JSONOutput.encode(Row())
    #expect(count == 3)
    let obj = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(obj["b"] is NSNull && (obj["c"] as? [Any])?.first is NSNull && obj["a"] as? Double == 1.5)
    // A method factor's CR and AVE are undefined: the JSON is still JSON, and the user is told.
    let syntax = "RE =~ RE1 + RE2 + RE3 + RE4 + RE5; KR =~ KR1 + KR2 + KR3 + KR4 + KR5; "
      + "method =~ 1*RE1 + 1*RE2 + 1*RE3 + 1*RE4 + 1*RE5 + 1*KR1 + 1*KR2 + 1*KR3 + 1*KR4 + 1*KR5; method ~~ method; method ~~ 0*RE + 0*KR"
    let r = try run(["cfa", "--data", packageRoot.appendingPathComponent("Datasets/cluster-enterprise/responses-wjx.xlsx").path,
                     "--codebook", packageRoot.appendingPathComponent("Datasets/cluster-enterprise/codebook.yaml").path,
                     "--syntax", syntax, "--format", "json"])
    #expect(r.stderr.contains("不是有限数") && r.stderr.contains("写为 null"), "\(r.stderr)")
    #expect((try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8))) != nil)
  }

  @Test func aStudyFolderIsLockedDuringARun() throws {
    let dir = try tempDir()
    let out = dir.appendingPathComponent("report").path
    FileManager.default.createFile(atPath: dir.appendingPathComponent(".report.lock").path, contents: Data())
    let r = try run(["study", "--out", out, "--bootstrap", "0"])
    #expect(r.status == 2 && r.stderr.contains("another study run is writing this folder"))
    #expect(!FileManager.default.fileExists(atPath: out + "/report.md"))
  }
}

@Suite struct CommandNameTests {
  @Test func anUnknownCommandIsNamed() throws {
    let r = try run(["ttst", "--data", hsPath])
    #expect(r.status == 2)
    #expect(r.stderr.contains("unknown command 'ttst'") && r.stderr.contains("did you mean 'ttest'") && r.stderr.contains("regress"))
  }
}
