import Foundation
import Testing
@testable import Survey

// Reference: Fixtures/psych_describe_hs.json, from
// psych::describe(hs[, c(paste0('x', 1:9), 'grade', 'ageyr')]) and cov(hs[, x1..x9])
// (Fixtures/make_describe_reference.R, psych 2.2.9).

struct PsychRow: Decodable {
  var variable: String
  var n: Int
  var mean, sd, median, trimmed, mad, min, max, range, skew, kurtosis, se: Double
}

struct PsychReference: Decodable {
  var describe: [PsychRow]
  var cov_x: [[Double]]
}

func psychReference() throws -> PsychReference {
  try JSONDecoder().decode(PsychReference.self, from: Data(contentsOf: URL(fileURLWithPath: fixture("psych_describe_hs.json"))))
}

@Suite struct DescribeTests {
  @Test func matchesPsychDescribe() throws {
    let ref = try psychReference()
    let frame = try DataFrameReader.readCSV(path: hsPath)
    let result = try frame.describe(ref.describe.map(\.variable))
    #expect(result.variables.count == ref.describe.count)
    for (ours, r) in zip(result.variables, ref.describe) {
      #expect(ours.variable == r.variable)
      #expect(ours.n == r.n)
      for (name, a, b) in [("mean", ours.mean, r.mean), ("sd", ours.sd, r.sd), ("median", ours.median, r.median),
                           ("trimmed", ours.trimmed, r.trimmed), ("mad", ours.mad, r.mad), ("min", ours.min, r.min),
                           ("max", ours.max, r.max), ("range", ours.range, r.range), ("skew", ours.skew, r.skew),
                           ("kurtosis", ours.kurtosis, r.kurtosis), ("se", ours.se, r.se)] {
        #expect(close(a, b, 1e-10), "\(r.variable).\(name): ours \(a ?? .nan), psych \(b)")
      }
    }
    // grade has one missing cell.
    #expect(result.variables.first { $0.variable == "grade" }?.missing == 1)
  }

  @Test func covarianceInMemoryAndStreamedMatchR() throws {
    let ref = try psychReference()
    let names = (1...9).map { "x\($0)" }
    let frame = try DataFrameReader.readCSV(path: hsPath)
    let inMemory = try Moments.of(frame, columns: names)
    let streamed = try Moments.stream(path: hsPath, columns: "x1:x9")
    // A tiny chunk size forces records across chunk boundaries; a tiny block the merge formula.
    let chunked = try Moments.stream(path: hsPath, columns: "x1:x9", options: CSVOptions(chunkSize: 64))
    for m in [inMemory, streamed, chunked] {
      #expect(m.n == 301)
      let c = m.covariance
      for i in 0..<9 { for j in 0..<9 { #expect(close(c[i, j], ref.cov_x[i][j], 1e-12)) } }
      for (k, d) in ref.describe.prefix(9).enumerated() { #expect(close(m.means[k], d.mean, 1e-12)) }
    }
    #expect(streamed == chunked)
  }

  @Test func blockMergeIsAccurateUnderALargeOffset() {
    // Rows 10⁶ + z: x − 10⁶ is exact (Sterbenz), so a two-pass computation on
    // the differences is the exact reference. The naive Σxxᵀ − n·x̄x̄ᵀ loses
    // about 10¹⁵·2⁻⁵² ≈ 0.1 here; the block-centred merge must stay at the
    // resolution of the data (x carries ~1e-10 absolute).
    var g = SplitMix64(seed: 11)
    let p = 4, n = 1000
    var rows: [[Double]] = []
    for _ in 0..<n { rows.append((0..<p).map { _ in 1e6 + g.nextGaussian() }) }
    var acc = MomentAccumulator(names: ["a", "b", "c", "d"], blockRows: 64)
    for r in rows { acc.add(r) }
    let m = acc.finish()
    let d = rows.map { $0.map { $0 - 1e6 } }
    let dm = (0..<p).map { j in d.map { $0[j] }.reduce(0, +) / Double(n) }
    func exact(_ i: Int, _ j: Int) -> Double { d.map { ($0[i] - dm[i]) * ($0[j] - dm[j]) }.reduce(0, +) }
    func naive(_ i: Int, _ j: Int) -> Double {
      let si = rows.map { $0[i] }.reduce(0, +), sj = rows.map { $0[j] }.reduce(0, +)
      return rows.map { $0[i] * $0[j] }.reduce(0, +) - si * sj / Double(n)
    }
    var naiveWorst = 0.0
    for i in 0..<p {
      #expect(abs(m.means[i] - (1e6 + dm[i])) < 1e-9)
      for j in 0..<p {
        let scale = (exact(i, i) * exact(j, j)).squareRoot()
        #expect(abs(m.crossProducts[i][j] - exact(i, j)) <= 1e-10 * scale)
        naiveWorst = max(naiveWorst, abs(naive(i, j) - exact(i, j)) / scale)
      }
    }
    #expect(naiveWorst > 1e-6)
  }

  @Test func listwiseSkipsIncompleteRows() throws {
    let path = try tempFile("m.csv", "a,b\n1,2\n2,\n3,5\n4,4\n")
    let m = try Moments.stream(path: path)
    #expect(m.n == 3 && m.skippedIncomplete == 1)
    #expect(close(m.means[0], 8.0 / 3, 1e-15))
    let frame = try DataFrameReader.readCSV(path: path)
    #expect(try Moments.of(frame, columns: ["a", "b"]) == m)
  }

  @Test func psychDefinitionsOnAHandCase() {
    // x = 1, 2, 3, 4, 10: mean 4, deviations −3 −2 −1 0 6; Σd² = 50, Σd³ = 180, Σd⁴ = 1394.
    let d = DescriptiveStatistics(variable: "x", values: [1, 2, .nan, 3, 4, 10])
    #expect(d.n == 5 && d.missing == 1)
    #expect(d.mean == 4 && d.median == 3 && d.min == 1 && d.max == 10 && d.range == 9)
    #expect(close(d.sd, (50.0 / 4).squareRoot(), 1e-15))
    #expect(close(d.skew, 5.0.squareRoot() * 180 / pow(50, 1.5) * pow(0.8, 1.5), 1e-14))
    #expect(close(d.kurtosis, 5 * 1394 / 2500.0 * 0.64 - 3, 1e-14))
    // mad: |x − 3| = 2 1 0 1 7 → median 1 → 1.4826.
    #expect(close(d.mad, 1.4826, 1e-15))
    // trimmed: floor(5·0.1) = 0 values dropped.
    #expect(d.trimmed == 4)
  }

  @Test func constantAndEmptyColumns() throws {
    let path = try tempFile("c.csv", "a,b,c\n1,5,\n2,5,\n3,5,\n")
    let frame = try DataFrameReader.readCSV(path: path)
    let r = try frame.describe()
    #expect(r.variables.map(\.variable) == ["a", "b"])
    #expect(r.variables[1].sd == 0 && r.variables[1].skew == nil)
    #expect(r.warnings.count == 2)
    // Asked for by name, an all-missing column is an error.
    let e = inputError { _ = try frame.describe(["c"]) }
    #expect(e?.column == "c" && e?.message.contains("every cell is missing") == true)
    // A correlation needs a variance.
    let m = try Moments.of(frame, columns: ["a", "b"])
    let ce = inputError { _ = try m.correlation(source: path) }
    #expect(ce?.column == "b" && ce?.message.contains("constant") == true)
  }

  @Test func frequencyTableIsSPSSLike() {
    let f = FrequencyTable(variable: "q", values: ["2", "1", nil, "2", "10"])
    #expect(f.levels.map(\.value) == ["1", "2", "10"])
    #expect(f.levels.map(\.count) == [1, 2, 1])
    #expect(f.levels[1].percent == 40 && f.levels[1].validPercent == 50)
    #expect(f.levels[2].cumulativePercent == 100)
    #expect(f.missing == 1)
    let free = FrequencyTable(variable: "t", values: (0..<100).map { "answer \($0)" })
    #expect(!free.tabulated && free.distinct == 100)
  }
}
