// Tables of `ttest`, `anova` and `crosstab`: SPSS's layouts, one p style.

import Report
import Survey
import Differences
import Foundation

public enum DifferencesTables {
  static func n3(_ v: Double?) -> Cell { v.map { $0.isFinite ? .number($0, decimals: 3) : .empty } ?? .empty }
  static func msd(_ m: Double?, _ s: Double?) -> Cell {
    guard let m, let s else { return .empty }
    return .text(String(format: "%.3f (%.3f)", m, s))
  }
  static func ci(_ lo: Double, _ hi: Double) -> Cell { .text(String(format: "[%.3f, %.3f]", lo, hi)) }

  public static func ttest(_ rows: [TTestRow], _ L: Labels) -> [Table] {
    let cells: [[Cell]] = rows.map { r in
      let kind: String
      switch r.kind {
      case .pooled: kind = L[.ttPooled]
      case .welch: kind = L[.ttWelch]
      case .paired: kind = L[.ttPaired]
      case .oneSample: kind = L.format(.ttOneSample, r.labels.first ?? "")
      }
      let groups = r.kind == .oneSample ? r.variable : L.format(.ttGroupStats, r.variable, r.labels[0], r.labels.count > 1 ? r.labels[1] : "")
      let showLevene = r.kind == .pooled
      return [.text(groups), .text(kind), .text("\(r.n1)" + (r.n2.map { " / \($0)" } ?? "")), msd(r.mean1, r.sd1), msd(r.mean2, r.sd2),
              showLevene ? n3(r.levene?.F) : .empty, showLevene ? L.p(r.levene?.pvalue) : .empty,
              n3(r.t), r.kind == .welch ? .number(r.df, decimals: 2) : .number(r.df, decimals: 0), L.p(r.pvalue),
              n3(r.meanDiff), ci(r.ciLower, r.ciUpper), n3(r.d)]
    }
    return [Table(title: L[.ttTitle],
                  headers: [L[.variable], L[.ttKind], "n", "M (SD) 1", "M (SD) 2", L[.ttLevene], L[.ttLeveneP], "t", "df", "p",
                            L[.ttDiff], "95% CI", "d"],
                  rows: cells, notes: [L[.ttNote]])]
  }

  public static func anova(_ results: [ANOVAResult], _ L: Labels) -> [Table] {
    guard let first = results.first else { return [] }
    let sameLevels = results.allSatisfy { $0.levels == first.levels }
    var headers = [L[.variable]]
    headers += sameLevels ? first.levels.map { "\($0) M (SD)" } : ["M (SD)"]
    headers += ["F", "p", "η²", "ω²", "Welch F", "p", "Brown–Forsythe F", "p", "Levene F", "p"]
    let rows: [[Cell]] = results.map { a in
      var r: [Cell] = [.text(a.variable)]
      if sameLevels {
        r += a.groups.map { g in .text(String(format: "%.3f (%.3f), %d", g.mean, g.sd, g.n)) }
      } else {
        r.append(.text(zip(a.levels, a.groups).map { String(format: "%@ %.3f (%.3f)", $0, $1.mean, $1.sd) }.joined(separator: "; ")))
      }
      r += [.number(a.F, decimals: 3), L.p(a.pvalue), n3(a.eta2), n3(a.omega2), n3(a.welch.F), L.p(a.welch.pvalue),
            n3(a.brownForsythe.F), L.p(a.brownForsythe.pvalue), n3(a.levene.F), L.p(a.levene.pvalue)]
      return r
    }
    var tables = [Table(title: L[.anovaTitle] + "（\(first.group)）", headers: headers, rows: rows, notes: [L[.anovaNote]])]
    for a in results where !a.posthoc.isEmpty {
      tables.append(Table(
        title: L.format(.anovaPosthoc, a.variable),
        headers: [L[.anovaMethod], "(I)", "(J)", L[.ttDiff], "SE", "p", "95% CI"],
        rows: a.posthoc.map { [.text($0.method.rawValue), .text($0.group1), .text($0.group2), n3($0.diff), n3($0.se), L.p($0.pvalue), ci($0.ciLower, $0.ciUpper)] },
        notes: [L[.anovaPosthocNote]]))
    }
    return tables
  }

  public static func crosstab(_ c: CrosstabResult, _ L: Labels) -> [Table] {
    let percent = c.rowPercent
    let colTotals = c.colLevels.indices.map { j in c.counts.reduce(0) { $0 + $1[j] } }
    var rows: [[Cell]] = c.rowLevels.indices.map { i in
      [.text(c.rowLevels[i])] + c.colLevels.indices.map { j in .text(String(format: "%d (%.1f%%)", c.counts[i][j], percent[i][j])) }
        + [.integer(c.counts[i].reduce(0, +))]
    }
    rows.append([.text(L[.ctTotal])] + colTotals.map { .text(String(format: "%d (%.1f%%)", $0, 100 * Double($0) / Double(c.n))) } + [.integer(c.n)])
    var tests: [[Cell]] = [[.text(L[.ctPearson]), .number(c.chisq, decimals: 3), .integer(c.df), L.p(c.pvalue)],
                           [.text(L[.ctLr]), .number(c.lrChisq, decimals: 3), .integer(c.df), L.p(c.lrPvalue)]]
    if let y = c.yatesChisq { tests.append([.text(L[.ctYates]), .number(y, decimals: 3), .integer(1), L.p(c.yatesPvalue)]) }
    if let f = c.fisherP { tests.append([.text(L[.ctFisher]), .empty, .empty, L.p(f)]) }
    tests.append([.text(L[.ctCramer]), n3(c.cramersV), .empty, .empty])
    return [
      Table(title: L.format(.ctTitle, c.rows, c.cols), headers: [c.rows] + c.colLevels + [L[.ctTotal]], rows: rows, notes: [L[.ctNote]]),
      Table(title: L[.ctTests], headers: ["", L[.fitValue], "df", "p"], rows: tests,
            notes: [L.format(.ctTestsNote, c.n, c.expectedMin)] + c.warnings.map(L.text)),
    ]
  }
}
