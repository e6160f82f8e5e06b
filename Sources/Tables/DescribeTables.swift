// Tables of `describe`: descriptive statistics, frequencies, and what the
// reader held back (personal data) or dropped (screening).

import Report
import Survey
import Psychometrics
import Foundation

public enum DescribeTables {
  public static func make(_ r: DescribeResult, _ L: Labels) -> [Table] {
    var tables: [Table] = []
    if !r.variables.isEmpty {
      let keys: [Labels.Key] = [.variable, .n, .missing, .mean, .sd, .median, .trimmed, .mad, .min, .max, .range, .skew, .kurtosis, .se]
      func num(_ v: Double?) -> Cell { v.map { .number($0, decimals: 3) } ?? .empty }
      // Variable labels (SPSS's, or the questionnaire's wording), shortened, beside the names.
      func named(_ d: DescriptiveStatistics) -> String {
        guard let label = d.label, !label.isEmpty, label != d.variable else { return d.variable }
        return "\(d.variable) \(label.count > 16 ? String(label.prefix(15)) + "…" : label)"
      }
      let rows: [[Cell]] = r.variables.map { d in
        [.text(named(d)), .integer(d.n), .integer(d.missing), num(d.mean), num(d.sd), num(d.median), num(d.trimmed),
         num(d.mad), num(d.min), num(d.max), num(d.range), num(d.skew), num(d.kurtosis), num(d.se)]
      }
      tables.append(Table(title: L[.descriptivesTitle], headers: keys.map { L[$0] }, rows: rows,
                          notes: ["\(L[.note]): \(L[.describeNote])"] + r.warnings.map { "\(L[.warning]): \(L.text($0))" }))
    }
    if !r.frequencies.isEmpty {
      var rows: [[Cell]] = []
      for f in r.frequencies {
        if !f.tabulated {
          rows.append([.text(f.variable), .text("\(f.distinct) \(L[.freetext])"), .integer(f.n), .empty, .empty, .empty])
          continue
        }
        for (k, level) in f.levels.enumerated() {
          rows.append([.text(k == 0 ? f.variable : ""), .text(level.label.map { "\(level.value) \($0)" } ?? level.value), .integer(level.count),
                       .number(level.percent, decimals: 1), .number(level.validPercent, decimals: 1),
                       .number(level.cumulativePercent, decimals: 1)])
        }
        if f.missing > 0 {
          rows.append([.text(""), .text(L[.missing]), .integer(f.missing),
                       .number(100 * Double(f.missing) / Double(f.n + f.missing), decimals: 1), .empty, .empty])
        }
      }
      tables.append(Table(title: L[.frequenciesTitle],
                          headers: ([.variable, .value, .count, .percent, .validPercent, .cumulativePercent] as [Labels.Key]).map { L[$0] },
                          rows: rows))
    }
    if let m = r.missingPatterns {
      let shown = m.patterns.prefix(20)
      tables.append(Table(
        title: L[.patternsTitle],
        headers: [L[.patternsVariables], L[.patternsRows], "%"],
        rows: shown.map { [.text($0.missing.isEmpty ? L[.patternsComplete] : $0.missing.joined(separator: ", ")), .integer($0.rows), .number($0.percent, decimals: 1)] },
        notes: ["\(L[.note]): " + L.format(.patternsNote, m.patterns.count, m.patterns.count > shown.count ? L.format(.patternsShown, shown.count) : "",
                                             m.completeRows, m.rows, String(format: "%.1f", m.missingCellPercent))]))
    }
    tables += screeningTables(excluded: r.excludedColumns, screening: r.screening, reverseCoded: r.reverseCoded, L)
    return tables
  }

  /// What the reader held back (personal-data columns) and dropped (screened rows).
  public static func screeningTables(excluded: [ExcludedColumn], screening: ScreeningReport?, reverseCoded: [String], _ L: Labels) -> [Table] {
    var tables: [Table] = []
    if !excluded.isEmpty {
      let rows: [[Cell]] = excluded.map { e in
        [.text(e.column), .text(L.named("excluded", e.reason)), .text(e.found ?? ""), e.cells.map { .integer($0) } ?? .empty]
      }
      tables.append(Table(title: L[.excludedTitle],
                          headers: [L[.variable], L[.excludedReason], L[.excludedFound], L[.excludedCells]],
                          rows: rows, notes: ["\(L[.note]): \(L[.excludedNote])"]))
    }
    if let s = screening {
      var rows: [[Cell]] = s.rules.map { r in
        [.text(L.named("screening", r.rule)), r.threshold.map { .number($0, decimals: r.rule == "too_fast" ? 0 : 2) } ?? .empty,
         .integer(r.flagged)]
      }
      rows.append([.text(L[.screeningDropped]), .empty, .integer(s.rowsDropped)])
      rows.append([.text(L[.screeningKept]), .empty, .integer(s.rowsKept)])
      var notes = ["\(L[.note]): \(L[.screeningNote])"]
      notes += s.skipped.map { "\(L[.warning]): \($0)" }
      if !reverseCoded.isEmpty { notes.append(L[.reverseNote] + reverseCoded.joined(separator: ", ")) }
      tables.append(Table(title: L[.screeningTitle],
                          headers: [L[.screeningRule], L[.screeningThreshold], L[.screeningFlagged]], rows: rows, notes: notes))
    }
    return tables
  }
}
