import Foundation
import Testing
@testable import Survey

// A large CSV is described one batch of columns at a time; the result must be
// the whole-file describe's: statistics, frequencies, missing-data patterns,
// personal data held back and masked.
@Suite struct BatchedDescribeTests {
  func export() throws -> String {
    var lines = ["id,phone,city,comment,a,b,c,d,e"]
    var state: UInt64 = 5
    func draw(_ n: Int) -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) % n }
    for i in 0..<3000 {
      let cells = (0..<5).map { _ -> String in draw(10) == 0 ? "" : String(1 + draw(7)) }
      let comment = i % 50 == 0 ? "请联系 1381234\(String(format: "%04d", i % 10000))" : ["好", "一般", "满意"][draw(3)]
      lines.append("\(i + 1),1391234\(String(format: "%04d", i)),\(["苏州", "无锡", "宁波"][draw(3)]),\(comment),\(cells.joined(separator: ",")),")
    }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cs-batched-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let path = dir.appendingPathComponent("big.csv").path
    // An empty last column: every cell missing.
    try (lines.joined(separator: "\n") + "\n").replacingOccurrences(of: "id,phone,city,comment,a,b,c,d,e", with: "id,phone,city,comment,a,b,c,d,e,f")
      .write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func batchesGiveTheWholeFilesResult() throws {
    let path = try export()
    let whole = try Ingest.load(path: path)
    let expected = try whole.frame.describe(nil, frequencies: ["a"])
    let batched = try #require(try BatchedDescribe.run(path: path, options: IngestOptions(), items: nil, frequencies: "a", budgetBytes: 8 * 3000 * 2))
    #expect(batched.0.variables == expected.variables)
    #expect(batched.0.frequencies == expected.frequencies)
    #expect(batched.0.missingPatterns == expected.missingPatterns)
    #expect(batched.0.warnings == expected.warnings)
    #expect(batched.1 == whole.excluded && whole.excluded.map(\.column) == ["phone"])
    #expect(batched.2.contains { $0.contains("masked in column comment") })
    // An export layout is read whole, whatever its size: Qualtrics is known by its third row.
    let qualtrics = packageRoot.appendingPathComponent("Tests/SurveyTests/Fixtures/qualtrics.csv").path
    #expect(try BatchedDescribe.run(path: qualtrics, options: IngestOptions(), items: nil, frequencies: nil, budgetBytes: 64) == nil)
    // Small files are read whole.
    #expect(try BatchedDescribe.run(path: path, options: IngestOptions(), items: nil, frequencies: nil) == nil)
  }
}
