// Tables of grey relational analysis, entropy weights and coupling coordination.

import Report
import Survey
import Grey
import Foundation

public enum GreyTables {
  public static func num(_ v: Double, _ d: Int = 4) -> Cell { .number(v, decimals: d) }

  /// A normalisation's formula in the report's language.
  public static func normalization(_ name: String, _ L: Labels) -> String {
    Normalization(rawValue: name).map { L[normalization: $0] } ?? name
  }

  public static func formulaNote(_ r: GreyRelationalResult, _ L: Labels) -> String {
    let norm = normalization(r.normalization, L)
    switch r.degree {
    case "deng":
      let ext = L[r.extremes == "per-series" ? .greyExtremesSeries : .greyExtremesGlobal]
      let ref = r.layout == "evaluation" ? L[.greyReferenceIdeal] : L.format(.greyReference, r.reference)
      return "\(L[.note]): " + L.format(.greyDengNote, formatNumberCompact(r.rho ?? 0.5), ext, ref, norm)
    case "synthetic":
      return "\(L[.note]): " + L.format(.greySyntheticNote, formatNumberCompact(r.theta ?? 0.5), norm)
    default:
      return "\(L[.note]): " + L.format(.greyDegreeNote, L.named("grey.degree", r.degree), norm)
    }
  }

  public static func relational(_ r: GreyRelationalResult, _ L: Labels) -> [Table] {
    let rank = Dictionary(uniqueKeysWithValues: r.ranking.enumerated().map { ($1, $0 + 1) })
    let degrees = Table(
      title: L[.greyTitle], headers: [r.layout == "evaluation" ? L[.unit] : L[.series], L[.degree], L[.rank]],
      rows: zip(r.degrees.names, r.degrees.values).map { [.text($0), num($1), .integer(rank[$0]!)] },
      notes: [formulaNote(r, L)] + r.warnings.map { "\(L[.warning]): \(L.text($0))" })
    guard !r.coefficients.isEmpty else { return [degrees] }
    let isEval = r.layout == "evaluation"
    let rowNames = isEval ? r.series : r.points
    let colNames = isEval ? r.points : r.series
    let coeff = Table(
      title: L[.greyCoefficients], headers: [isEval ? L[.unit] : L[.point]] + colNames,
      rows: zip(rowNames, r.coefficients).map { name, row in [.text(name)] + row.map { num($0) } })
    return [degrees, coeff]
  }

  public static func coupling(_ r: GreyCouplingResult, _ L: Labels) -> [Table] {
    let gamma = Table(
      title: "\(L[.greyCouplingTitle]) γ (\(r.systems[0]) × \(r.systems[1]))",
      headers: [r.systems[0]] + r.indicators2 + [L[.rowMean]],
      rows: zip(r.indicators1, r.gamma).enumerated().map { i, pair in
        [.text(pair.0)] + pair.1.map { num($0) } + [num(r.rowMeans.values[i])]
      } + [[.text(L[.columnMean])] + r.columnMeans.values.map { num($0) } + [.empty]],
      notes: ["\(L[.note]): " + L.format(.greyCouplingNote, formatNumberCompact(r.rho),
                                               L[r.extremes == "global" ? .greyExtremesAll : .greyExtremesPerT], normalization(r.normalization, L))])
    let byUnit = Table(
      title: L[.greyCouplingByunit], headers: [L[.unit], "C(t)"],
      rows: zip(r.units, r.coupling).map { [.text($0), num($1)] })
    return [gamma, byUnit]
  }
}

public enum EntropyTables {
  public static func make(_ r: EntropyResult, _ L: Labels) -> [Table] {
    let num = { (v: Double) in GreyTables.num(v) }
    var notes = ["\(L[.note]): " + L.format(.entropyNote, GreyTables.normalization(r.normalization, L),
                                             r.cost.isEmpty ? "" : L.format(.entropyCost, r.cost.joined(separator: ", ")))]
    if !r.shifted.isEmpty { notes.append("\(L[.note]): " + L.format(.entropyShifted, r.shifted.joined(separator: ", "))) }
    notes += r.warnings.map { "\(L[.warning]): \(L.text($0))" }
    let weights = Table(
      title: L[.entropyTitle], headers: [L[.indicator], "E", "d", L[.weight]],
      rows: r.indicators.indices.map { j in
        [.text(r.indicators[j]), num(r.entropy.values[j]), num(r.divergence.values[j]), num(r.weights.values[j])]
      }, notes: notes)
    var headers = [L[.unit], L[.score]]
    if r.topsis != nil { headers += ["D+", "D−", "C", L[.rank]] }
    let scores = Table(
      title: L[.entropyScores], headers: headers,
      rows: r.units.indices.map { i in
        var row: [Cell] = [.text(r.units[i]), num(r.scores[i])]
        if let t = r.topsis { row += [num(t.dPlus[i]), num(t.dMinus[i]), num(t.closeness[i]), .integer(t.rank[i])] }
        return row
      },
      notes: r.topsis == nil ? [] : ["\(L[.note]): \(L[.entropyTopsis])"])
    return [weights, scores]
  }
}

public enum CouplingTables {
  public static func make(_ r: CouplingResult, _ L: Labels) -> [Table] {
    let num = { (v: Double) in GreyTables.num(v) }
    var tables: [Table] = []
    let weightRows: [[Cell]] = r.systems.flatMap { s -> [[Cell]] in
      guard let w = r.weights[s] else { return [] }
      return zip(w.names, w.values).enumerated().map { k, p in [.text(k == 0 ? s : ""), .text(p.0), num(p.1)] }
    }
    if !weightRows.isEmpty {
      tables.append(Table(title: L[.couplingWeights], headers: [L[.system], L[.indicator], L[.weight]], rows: weightRows,
                          notes: ["\(L[.note]): " + L.format(.couplingWeightsNote, L.named("weights", r.weightMethod), GreyTables.normalization(r.normalization, L))]))
    }
    let cName = r.model == "wang" ? "C (Wang)" : "C"
    let headers = [L[.unit]] + r.systems.map { "U(\($0))" } + [L[.cStandard], L[.cRevised], L[.cStage], "T", "D", L[.level]]
    let rows: [[Cell]] = r.rows.map { row in
      [.text(row.id)] + row.U.values.map { num($0) } + [num(row.C_standard), num(row.C_wang), .text(row.C_stage), num(row.T), num(row.D), .text(row.level)]
    }
    let n = r.systems.count
    var notes = [
      "\(L[.note]): " + L.format(.couplingFormulaNote, r.alpha.map { formatNumberCompact($0) }.joined(separator: ", "), cName, n),
      "\(L[.note]): " + L.format(.couplingLevelsNote, L[.level],
                                  zip(r.levels.names, r.levels.cutoffs).map { "\($0) ≤ \(formatNumberCompact($1))" }.joined(separator: L.clauseSeparator))]
    // The library's note on the standard C, in the report's language.
    let high = r.rows.filter { $0.C_standard > 0.9 }.count
    if !r.rows.isEmpty, Double(high) > 0.5 * Double(r.rows.count) {
      notes.append("\(L[.note]): " + L.format(.couplingHighC, high, r.rows.count))
    }
    notes += r.warnings.map { "\(L[.warning]): \(L.text($0))" }
    tables.append(Table(title: L[.couplingTitle], headers: headers, rows: rows, notes: notes))
    return tables
  }
}
