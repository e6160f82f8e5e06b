import Foundation
import Testing
@testable import Survey

// Moments.stream on several cores: parts cut at line breaks, pooled in order.
@Suite struct StreamPartsTests {
  /// 2,000 rows × 3 columns, some missing, as CSV text.
  func sample(quotedLineBreakAt: Int? = nil, badCellAt: Int? = nil) -> String {
    var g = SplitMix64(seed: 99)
    var lines = ["a,b,note"]
    for r in 1...2000 {
      let a = String(format: "%.4f", 3 + g.nextGaussian())
      let b = r % 97 == 0 ? "" : String(format: "%.3f", 10 * g.nextUniform())
      var note = "ok"
      if r == quotedLineBreakAt { note = "\"two\nlines\"" }
      lines.append("\(a),\(r == badCellAt ? "oops" : b),\(note)")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  @Test func partsPoolToTheOnePassResult() throws {
    let path = try tempFile("p.csv", sample())
    let one = try Moments.stream(path: path, columns: "a,b", partBytes: 1 << 30)
    let parts = try Moments.stream(path: path, columns: "a,b", partBytes: 1000)
    #expect(one.n == parts.n && one.skippedIncomplete == parts.skippedIncomplete)
    #expect(parts.n == 2000 - 20)
    for i in 0..<2 {
      #expect(abs(one.means[i] - parts.means[i]) <= 1e-13 * abs(one.means[i]))
      for j in 0..<2 { #expect(abs(one.crossProducts[i][j] - parts.crossProducts[i][j]) <= 1e-11 * abs(one.crossProducts[i][i])) }
    }
    // The same on every run: the parts depend on the file, not on the cores.
    #expect(try Moments.stream(path: path, columns: "a,b", partBytes: 1000) == parts)
  }

  @Test func quotedLineBreakFallsBackToOnePass() throws {
    // A quoted field with a line break near every cut: parts would misread
    // it, so the quote sends the read back to one pass.
    let path = try tempFile("q.csv", sample(quotedLineBreakAt: 1500))
    let one = try Moments.stream(path: path, columns: "a,b", partBytes: 1 << 30)
    for partBytes in [500, 1000, 3000] {
      #expect(try Moments.stream(path: path, columns: "a,b", partBytes: partBytes) == one)
    }
    #expect(one.n == 2000 - 20)
  }

  @Test func errorInALaterPartNamesTheTrueRow() throws {
    let path = try tempFile("e.csv", sample(badCellAt: 1777))
    let e = inputError { _ = try Moments.stream(path: path, columns: "a,b", partBytes: 1000) }
    #expect(e?.row == 1777 && e?.line == 1778 && e?.column == "b")
  }

  @Test func pooledEqualsDirect() {
    var g = SplitMix64(seed: 3)
    let rows = (0..<500).map { _ in [g.nextGaussian(), g.nextGaussian() * 2 + 1] }
    func moments(_ rs: ArraySlice<[Double]>) -> Moments {
      var acc = MomentAccumulator(names: ["x", "y"])
      for r in rs { acc.add(r) }
      return acc.finish()
    }
    let whole = moments(rows[...])
    let pooled = Moments.pooled([moments(rows[0..<100]), moments(rows[100..<101]), moments(rows[101..<500])])
    #expect(pooled.n == 500)
    for i in 0..<2 {
      #expect(abs(pooled.means[i] - whole.means[i]) < 1e-14)
      for j in 0..<2 { #expect(abs(pooled.crossProducts[i][j] - whole.crossProducts[i][j]) < 1e-10) }
    }
  }
}
