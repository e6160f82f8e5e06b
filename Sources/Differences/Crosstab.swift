import Distributions
import Survey

// Cross-tabulation of two categorical columns (R's table, chisq.test,
// fisher.test; SPSS CROSSTABS), over the rows where both are answered:
//   expected Eᵢⱼ = rowᵢ·colⱼ/N;  Pearson χ² = Σ(O − E)²/E on (r − 1)(c − 1) df;
//   likelihood-ratio G² = 2ΣO·ln(O/E) over the non-empty cells (Wilks 1938);
//   Cramér's V = √(χ²/(N(min(r, c) − 1)))   (Cramér 1946);
//   2 × 2 only: Yates's χ² = Σ(max(0, |O − E| − ½))²/E (R's chisq.test(correct = TRUE)),
//   Fisher's exact p = Σ of the hypergeometric probabilities no larger than the
//   observed table's (×(1 + 10⁻⁷), R's fisher.test), two-sided.
// Cochran's (1954) rule: warn when more than 20% of cells expect fewer than 5.

public struct CrosstabResult: Sendable, Codable, Equatable {
  public var rows: String
  public var cols: String
  public var rowLevels: [String]
  public var colLevels: [String]
  public var counts: [[Int]]
  public var expected: [[Double]]
  public var n: Int
  public var chisq: Double
  public var df: Int
  public var pvalue: Double
  public var lrChisq: Double
  public var lrPvalue: Double
  public var yatesChisq: Double?
  public var yatesPvalue: Double?
  public var fisherP: Double?
  public var cramersV: Double
  public var expectedMin: Double
  /// Share of cells with an expected count below 5.
  public var expectedBelow5: Double
  public var warnings: [Warning]

  enum CodingKeys: String, CodingKey {
    case rows, cols, counts, expected, n, chisq, df, pvalue, warnings
    case rowLevels = "row_levels", colLevels = "col_levels", lrChisq = "lr_chisq", lrPvalue = "lr_pvalue"
    case yatesChisq = "yates_chisq", yatesPvalue = "yates_pvalue", fisherP = "fisher_p", cramersV = "cramers_v"
    case expectedMin = "expected_min", expectedBelow5 = "expected_below_5"
  }

  /// Row percentages (each row sums to 100).
  public var rowPercent: [[Double]] {
    counts.map { r in let t = Double(r.reduce(0, +)); return r.map { t > 0 ? 100 * Double($0) / t : .nan } }
  }

  /// Column percentages (each column sums to 100).
  public var columnPercent: [[Double]] {
    let totals = colLevels.indices.map { j in Double(counts.reduce(0) { $0 + $1[j] }) }
    return counts.map { r in r.indices.map { j in totals[j] > 0 ? 100 * Double(r[j]) / totals[j] : .nan } }
  }
}

public enum Crosstab {
  public static func compute(rows a: Categorical, cols b: Categorical, source: String? = nil) throws(InputError) -> CrosstabResult {
    var counts = Array(repeating: Array(repeating: 0, count: b.count), count: a.count)
    for (r, ca) in a.codes.enumerated() {
      if let ca, let cb = b.codes[r] { counts[ca][cb] += 1 }
    }
    // Levels never seen together with the other column are dropped (R's table of the complete pairs).
    let keepRows = counts.indices.filter { counts[$0].reduce(0, +) > 0 }
    let keepCols = b.levels.indices.filter { j in counts.contains { $0[j] > 0 } }
    counts = keepRows.map { i in keepCols.map { counts[i][$0] } }
    guard keepRows.count >= 2, keepCols.count >= 2 else {
      throw InputError(file: source, column: keepRows.count < 2 ? a.name : b.name,
        "has fewer than 2 categories among the rows where both '\(a.name)' and '\(b.name)' are answered; a cross-tabulation needs at least 2 × 2")
    }
    let r = keepRows.count, c = keepCols.count
    let rowT = counts.map { Double($0.reduce(0, +)) }
    let colT = (0..<c).map { j in Double(counts.reduce(0) { $0 + $1[j] }) }
    let n = rowT.reduce(0, +)
    var expected = Array(repeating: Array(repeating: 0.0, count: c), count: r)
    var chisq = 0.0, g2 = 0.0, yates = 0.0, below = 0
    for i in 0..<r {
      for j in 0..<c {
        let e = rowT[i] * colT[j] / n
        expected[i][j] = e
        let o = Double(counts[i][j])
        chisq += (o - e) * (o - e) / e
        if o > 0 { g2 += 2 * o * log(o / e) }
        let y = max(0, abs(o - e) - 0.5)
        yates += y * y / e
        if e < 5 { below += 1 }
      }
    }
    let df = (r - 1) * (c - 1)
    let dist = ChiSquare(df: Double(df))
    let share = Double(below) / Double(r * c)
    let two = r == 2 && c == 2
    var warnings: [Warning] = []
    if share > 0.2 {
      let smallest = expected.joined().min() ?? 0
      warnings.append(Warning(
        en: String(format: "%.0f%% of the cells expect fewer than 5 cases (smallest %.2f): the χ² approximation is doubtful%@", share * 100,
                   smallest, two ? "; use Fisher's exact p" : "; merge sparse categories"),
        zh: String(format: "%.0f%% 的单元格期望频数小于 5（最小 %.2f），χ² 近似不可靠%@", share * 100,
                   smallest, two ? "；请看 Fisher 精确检验的 p" : "；宜合并稀疏类别")))
    }
    return CrosstabResult(
      rows: a.name, cols: b.name, rowLevels: keepRows.map { a.levels[$0] }, colLevels: keepCols.map { b.levels[$0] },
      counts: counts, expected: expected, n: Int(n), chisq: chisq, df: df, pvalue: dist.cdf(chisq, upperTail: true),
      lrChisq: g2, lrPvalue: dist.cdf(g2, upperTail: true),
      yatesChisq: two ? yates : nil, yatesPvalue: two ? dist.cdf(yates, upperTail: true) : nil,
      fisherP: two ? fisherExact(counts) : nil,
      cramersV: (chisq / (n * Double(min(r, c) - 1))).squareRoot(), expectedMin: expected.joined().min() ?? 0,
      expectedBelow5: share, warnings: warnings)
  }

  /// Two-sided Fisher's exact p of a 2 × 2 table, as R's fisher.test.
  static func fisherExact(_ t: [[Int]]) -> Double {
    let m = Double(t[0][0] + t[1][0]), n = Double(t[0][1] + t[1][1]), k = Double(t[0][0] + t[0][1])
    let lo = max(0, k - n), hi = min(k, m)
    let h = Hypergeometric(white: m, black: n, draws: k)
    let observed = h.probability(Double(t[0][0]))
    var p = 0.0
    var x = lo
    while x <= hi {
      let d = h.probability(x)
      if d <= observed * (1 + 1e-7) { p += d }
      x += 1
    }
    return min(1, p)
  }
}

#if canImport(Glibc)
import Glibc
#endif
