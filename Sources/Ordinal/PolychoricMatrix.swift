import Dispatch
import Foundation
import Survey

// The polychoric correlation matrix of p ordinal items with their thresholds
// (lavaan's lavCor(ordered = …), psych::polychoric):
//   listwise — the rows complete on every item; each item's categories and
//              thresholds from those rows, every pair's table from them;
//   pairwise — each item's thresholds from all its observed cases (psych's
//              global = TRUE, lavaan's missing = "pairwise"), each pair's
//              table from the cases observed on both.
// Pairs are estimated in parallel; the result does not depend on the thread count.

public enum OrdinalMissing: String, Sendable, Codable, CaseIterable {
  case listwise, pairwise
}

public struct PolychoricMatrix: Sendable, Equatable {
  /// The items as analysed (listwise: their complete rows, categories recounted).
  public let items: [OrdinalVariable]
  public let missing: OrdinalMissing
  /// Each item's thresholds τ₁ … τ_{K−1}.
  public let thresholds: [[Double]]
  /// Cases behind each item's thresholds.
  public let caseCounts: [Int]
  /// p × p, unit diagonal.
  public let rho: [[Double]]
  /// Cases behind each pair's table (the item's own count on the diagonal).
  public let n: [[Int]]
  /// Pairs whose table has empty cells (i > j), and those corrected or at the bound.
  public let sparsePairs: [SparsePair]
  /// Each pair's contingency table (PolychoricPair.table), i > j at i(i − 1)/2 + j.
  let tables: [[Int]]

  /// The table of items i > j (rows: i's categories).
  func table(_ i: Int, _ j: Int) -> [Int] { tables[i * (i - 1) / 2 + j] }

  public struct SparsePair: Sendable, Equatable, Codable {
    public let first: String, second: String
    public let emptyCells: Int
    public let zeroAdded: Bool
    public let atBound: Bool
    /// A pair's entry in the report when its table has empty cells or ρ is at
    /// the bound (nil otherwise); fewer than 2 cases on both items is an error.
    static func check(_ e: PolychoricPair, _ first: String, _ second: String, source: String?) throws(InputError) -> SparsePair? {
      guard e.n >= 2 else { throw InputError(file: source, "items '\(first)' and '\(second)' have fewer than 2 cases observed on both") }
      guard e.emptyCells > 0 || e.atBound else { return nil }
      return SparsePair(first: first, second: second, emptyCells: e.emptyCells, zeroAdded: e.zeroAdded, atBound: e.atBound)
    }

    enum CodingKeys: String, CodingKey {
      case first, second
      case emptyCells = "empty_cells", zeroAdded = "zero_added", atBound = "at_bound"
    }
  }

  public var p: Int { items.count }
  public var names: [String] { items.map(\.name) }
  /// Each item's categories (observed values).
  public var levels: [[Double]] { items.map(\.levels) }

  public static func compute(_ items: [OrdinalVariable], missing: OrdinalMissing = .pairwise,
                             threads: Int? = nil, source: String? = nil) throws(InputError) -> PolychoricMatrix {
    guard items.count >= 2 else { throw InputError(file: source, "polychoric correlations need at least 2 ordinal items") }
    var vars = items
    let complete = items.allSatisfy { !$0.codes.contains(-1) }
    if missing == .listwise && !complete {
      let rows = items[0].codes.indices.filter { i in items.allSatisfy { $0.codes[i] >= 0 } }
      guard rows.count >= 2 else { throw InputError(file: source, "fewer than 2 rows are complete on every item (listwise)") }
      vars = []
      for v in items {
        vars.append(try OrdinalVariable(name: v.name, values: rows.map { v.levels[Int(v.codes[$0])] }, source: source))
      }
    }
    let p = vars.count
    let counts = vars.map { $0.counts() }
    let thresholds = counts.map(OrdinalVariable.thresholds(counts:))
    let pairs = (1..<p).flatMap { i in (0..<i).map { (i, $0) } }

    final class Slots: @unchecked Sendable {
      var results: [PolychoricPair?]
      var tables: [[Int]]
      init(_ n: Int) { results = Array(repeating: nil, count: n); tables = Array(repeating: [], count: n) }
    }
    let slots = Slots(pairs.count)
    let workers = max(1, min(threads ?? pairWorkers(pairs: pairs.count, cases: vars.first?.codes.count ?? 0), pairs.count))
    let table = vars
    DispatchQueue.concurrentPerform(iterations: workers) { w in
      var k = w
      while k < pairs.count {
        let (i, j) = pairs[k]
        let cells = PolychoricPair.table(table[i], table[j])
        slots.results[k] = PolychoricPair.estimate(table: cells, rows: table[i].categories, columns: table[j].categories,
                                                   rowThresholds: thresholds[i], columnThresholds: thresholds[j])
        slots.tables[k] = cells
        k += workers
      }
    }
    var rho = [[Double]](repeating: [Double](repeating: 1, count: p), count: p)
    var n = [[Int]](repeating: [Int](repeating: 0, count: p), count: p)
    var sparse: [SparsePair] = []
    for i in 0..<p { n[i][i] = counts[i].reduce(0, +) }
    for (k, (i, j)) in pairs.enumerated() {
      let e = slots.results[k]!
      if let s = try SparsePair.check(e, vars[i].name, vars[j].name, source: source) { sparse.append(s) }
      rho[i][j] = e.rho; rho[j][i] = e.rho
      n[i][j] = e.n; n[j][i] = e.n
    }
    return PolychoricMatrix(items: vars, missing: missing, thresholds: thresholds,
                            caseCounts: counts.map { $0.reduce(0, +) }, rho: rho, n: n, sparsePairs: sparse, tables: slots.tables)
  }
}

/// The cores this process may use, read once: Foundation answers from the
/// affinity mask and the cgroup's quota files, which costs more than a small
/// polychoric matrix's pair loop.
let availableCores = ProcessInfo.processInfo.activeProcessorCount

/// Cores for a per-pair stage over n cases: waking a second one costs more
/// than a small model's whole stage (HS's 36 pairs of 301 cases: 1.6 against
/// 1.3 ms a fit), so threads from 50,000 pair-cases or a few hundred pairs
/// (bfi's 105 pairs of 2,563 cases run on every core).
func pairWorkers(pairs: Int, cases n: Int) -> Int {
  pairs >= 200 || pairs * n >= 50_000 ? max(1, min(availableCores, pairs)) : 1
}
