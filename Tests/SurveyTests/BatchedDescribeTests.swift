import Foundation
import Testing
import _TestSupport
@testable import Survey

// A large CSV is described by streaming (numeric columns tallied on all cores,
// the others a batch of columns at a time); the result must be the whole-file
// describe's: statistics (to 1e-12: the sums are exact where the in-memory
// code adds in row order), frequencies, missing-data patterns, personal data
// held back and masked.
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
    expectSameStatistics(batched.0.variables, expected.variables)
    #expect(batched.0.frequencies == expected.frequencies)
    #expect(batched.0.missingPatterns == expected.missingPatterns)
    #expect(batched.0.warnings == expected.warnings)
    #expect(batched.1 == whole.excluded && whole.excluded.map(\.column) == ["phone"])
    #expect(batched.2.contains { $0.en.contains("masked in column comment") && $0.zh.contains("个人信息已遮蔽") })
    // An export layout is read whole, whatever its size: Qualtrics is known by its third row.
    let qualtrics = packageRoot.appendingPathComponent("Tests/SurveyTests/Fixtures/qualtrics.csv").path
    #expect(try BatchedDescribe.run(path: qualtrics, options: IngestOptions(), items: nil, frequencies: nil, budgetBytes: 64) == nil)
    // Small files are read whole.
    #expect(try BatchedDescribe.run(path: path, options: IngestOptions(), items: nil, frequencies: nil) == nil)
  }
}

/// The same statistics: counts and order statistics exactly, moments and means to 1e-12 relative.
func expectSameStatistics(_ got: [DescriptiveStatistics], _ expected: [DescriptiveStatistics],
                          sourceLocation: SourceLocation = #_sourceLocation) {
  #expect(got.map(\.variable) == expected.map(\.variable), sourceLocation: sourceLocation)
  for (g, e) in zip(got, expected) {
    #expect(g.n == e.n && g.missing == e.missing && g.label == e.label, "\(e.variable)", sourceLocation: sourceLocation)
    #expect(g.median == e.median && g.mad == e.mad && g.min == e.min && g.max == e.max && g.range == e.range,
            "\(e.variable): order statistics \(g) vs \(e)", sourceLocation: sourceLocation)
    for (name, a, b) in [("mean", g.mean, e.mean), ("sd", g.sd, e.sd), ("trimmed", g.trimmed, e.trimmed), ("skew", g.skew, e.skew),
                         ("kurtosis", g.kurtosis, e.kurtosis), ("se", g.se, e.se)] {
      let same: Bool
      if let a, let b { same = a == b || abs(a - b) <= 1e-12 * abs(b) } else { same = a == nil && b == nil }
      #expect(same, "\(e.variable).\(name): streamed \(a ?? .nan), in memory \(b ?? .nan)", sourceLocation: sourceLocation)
    }
  }
}

// The streaming route against the in-memory describe on a file with missing
// cells, ties at the quantiles, whole and fractional values, negative values,
// a column with more distinct values than are counted exactly (so that its
// median, trimmed mean and MAD come from the second pass's buckets), text, a
// phone column and a constant and an empty column; read in many small parts
// on all cores, and in one pass when a quoted cell rules out the parts.
@Suite struct StreamingDescribeTests {
  func file(rows: Int, quoted: Bool) throws -> String {
    var g = SplitMix64(seed: 41)
    var lines = ["id,likert,half,neg,score,skewed,spike,phone,note,const,empty"]
    for i in 0..<rows {
      func maybe(_ s: String, _ p: Double = 0.05) -> String { g.nextUniform() < p ? "" : s }
      let likert = maybe(String(1 + Int(7 * g.nextUniform())), 0.1)
      let half = maybe(String(format: "%.1f", (Double(Int(9 * g.nextUniform())) / 2)))
      let neg = maybe(String(format: "%.2f", -50 + 10 * g.nextGaussian()))
      let score = maybe(String(format: "%.6f", 4 + 1.2 * g.nextGaussian()))
      let skewed = maybe(String(format: "%.4f", exp(1.5 * g.nextGaussian())))
      // Half the answers 0 (a tie across the median), the rest spread out.
      let spike = maybe(g.nextUniform() < 0.5 ? "0" : String(format: "%.5f", 100 * g.nextUniform()))
      let note = quoted && i == rows / 2 ? "\"a, b\"" : ["ok", "fine", ""][i % 3]
      lines.append("\(i + 1),\(likert),\(half),\(neg),\(score),\(skewed),\(spike),1391234\(String(format: "%04d", i % 10000)),\(note),3.3,")
    }
    return try tempFile("stream.csv", lines.joined(separator: "\n") + "\n")
  }

  func expectInMemoryResult(_ path: String, items: String?, freq: String?, rows: Int, partBytes: Int,
                            budgetBytes: Int? = nil) throws -> DescribeResult {
    // Items named: as `clusterstat describe` reads a small file, only the listed columns.
    let whole = try Ingest.load(path: path, options: IngestOptions(columns: items == nil ? [] : [items, freq].compactMap { $0 }))
    let frame = whole.frame
    let expected = try frame.describe(items.map { try frame.resolve($0) }, frequencies: try freq.map { try frame.resolve($0) } ?? [])
    // A small budget: the file counts as large.
    let streamed = try #require(try BatchedDescribe.run(path: path, options: IngestOptions(), items: items, frequencies: freq,
                                                        budgetBytes: budgetBytes ?? 8 * rows, partBytes: partBytes))
    expectSameStatistics(streamed.0.variables, expected.variables)
    #expect(streamed.0.frequencies == expected.frequencies)
    #expect(streamed.0.missingPatterns == expected.missingPatterns)
    #expect(streamed.0.warnings == expected.warnings)
    #expect(streamed.0.rows == expected.rows)
    #expect(streamed.1 == whole.excluded)
    #expect(streamed.2 == whole.noteList)
    return streamed.0
  }

  @Test func streamedEqualsInMemory() throws {
    let rows = 12_000
    let path = try file(rows: rows, quoted: false)
    let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
    let parallel = try expectInMemoryResult(path, items: nil, freq: "likert,half", rows: rows, partBytes: size / 7)
    #expect(parallel.excludedColumns.map(\.column) == ["phone"])
    #expect(parallel.warnings.contains { $0.en.contains("'const' is constant") } && parallel.warnings.contains { $0.en.contains("'empty'") })
    // The same numbers whatever the cores' timing, and from one part.
    let again = try #require(try BatchedDescribe.run(path: path, options: IngestOptions(), items: nil, frequencies: "likert,half",
                                                     budgetBytes: 8 * rows, partBytes: size / 7))
    #expect(again.0 == parallel)
    // A budget that holds the five continuous columns: their second pass runs
    // over the values kept in memory, with the same sums as over the file.
    let kept = try expectInMemoryResult(path, items: nil, freq: "likert,half", rows: rows, partBytes: size / 7, budgetBytes: 8 * rows * 8)
    #expect(kept == parallel)
    _ = try expectInMemoryResult(path, items: nil, freq: "likert,half", rows: rows, partBytes: 1 << 30)
    // Items named: only those, in their order; a frequency table of a column with many values.
    _ = try expectInMemoryResult(path, items: "score,likert,spike", freq: "neg", rows: rows, partBytes: size / 5)
  }

  @Test func quotedCellReadsInOnePass() throws {
    let rows = 6_000
    let path = try file(rows: rows, quoted: true)
    let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
    _ = try expectInMemoryResult(path, items: nil, freq: nil, rows: rows, partBytes: size / 4)
  }

  @Test func talliesMergeInAnyOrder() {
    // Exact until 4,096 distinct values, then buckets; merged tallies equal
    // the tally of all values at once, whatever the order.
    var g = SplitMix64(seed: 12)
    var values: [Double] = []
    for i in 0..<60_000 {
      let sign: Double = i % 2 == 0 ? -1 : 1
      values.append(i % 3 == 0 ? Double(i % 7) : sign * exp(40 * g.nextGaussian()))
    }
    func tally(_ v: ArraySlice<Double>) -> _Tally {
      var t = _Tally()
      for x in v { t.add(x) }
      return t
    }
    let whole = tally(values[...])
    #expect(!whole.isExact)
    let entries = whole.bucketEntries()
    #expect(entries.reduce(0) { $0 + $1.count } == values.count)
    #expect(zip(entries, entries.dropFirst()).allSatisfy { $0.key < $1.key })
    // Bucket keys follow the values' order.
    let keys = Set(entries.map { $0.key })
    #expect(values.allSatisfy { keys.contains((_orderedKey($0) >> _Tally.shift) + 1) })
    var parts = [tally(values[0..<100]), tally(values[100..<30_000]), tally(values[30_000...])]
    var forward = _Tally(), backward = _Tally()
    for k in [0, 1, 2] { forward.merge(&parts[k]) }
    for k in [2, 1, 0] { backward.merge(&parts[k]) }
    #expect(forward.bucketEntries().map { $0.key } == entries.map { $0.key })
    #expect(forward.bucketEntries().map { $0.count } == entries.map { $0.count })
    #expect(backward.bucketEntries().map { $0.count } == entries.map { $0.count })
    let few = tally(values.prefix(3000).filter { $0 == $0.rounded() && abs($0) < 100 }[...])
    #expect(few.isExact && few.exactEntries().map { $0.value } == [0, 1, 2, 3, 4, 5, 6])
    for t in [whole, forward, backward, few] + parts { t.free() }
  }

  @Test func bucketsAgreeOnHardCases() throws {
    // Many distinct values packed into few buckets around a heavy tie, and a
    // column whose values span many binades, each on its own.
    var g = SplitMix64(seed: 7)
    var lines = ["packed,wide"]
    for _ in 0..<9_000 {
      let packed = g.nextUniform() < 0.3 ? "1000" : String(format: "%.6f", 1000 + 0.01 * g.nextGaussian())
      let wide = String(format: "%.6g", exp(12 * g.nextGaussian()) * (g.nextUniform() < 0.5 ? -1 : 1))
      lines.append("\(packed),\(wide)")
    }
    let path = try tempFile("hard.csv", lines.joined(separator: "\n") + "\n")
    _ = try expectInMemoryResult(path, items: nil, freq: nil, rows: 9_000, partBytes: 40_000)
    // Every bucketed column's selection added up (none was sent to the in-memory route).
    #expect(StreamingDescribe._fallbacks == 0)
  }
}
