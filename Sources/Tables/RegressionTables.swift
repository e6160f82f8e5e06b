// Tables of `regress` (SPSS's model summary, ANOVA and coefficients) and
// `process` (PROCESS's outcome models, conditional, direct, total and
// indirect effects).

import Report
import Survey
import Regression
import Foundation

public enum RegressionTables {
  static let n3 = DifferencesTables.n3
  static let ci = DifferencesTables.ci

  static func coefficientRows(_ rows: [CoefficientRow], model: Int?, _ L: Labels) -> [[Cell]] {
    rows.map { c in
      (model.map { [Cell.integer($0)] } ?? []) +
        [.text(c.term), n3(c.b), n3(c.se), n3(c.beta), n3(c.t), L.p(c.pvalue), ci(c.ciLower, c.ciUpper), n3(c.vif)]
    }
  }

  public static func regression(_ r: RegressionResult, _ L: Labels) -> [Table] {
    let summary: [[Cell]] = r.models.map { m in
      [.integer(m.block), n3(m.r2), n3(m.adjR2), n3(m.r2Change), n3(m.fChange), .integer(m.df1Change), .integer(m.df2Change), L.p(m.pChange)]
    }
    var anova: [[Cell]] = []
    for m in r.models {
      anova.append([.integer(m.block), .text(L[.regRegression]), n3(m.ssRegression), .integer(m.df1), n3(m.ssRegression / Double(m.df1)), n3(m.F), L.p(m.pvalue)])
      anova.append([.text(""), .text(L[.regResidual]), n3(m.ssResidual), .integer(m.df2), n3(m.ssResidual / Double(m.df2)), .empty, .empty])
    }
    var coefNotes = [L[.regCoefNote]]
    if r.robust == .hc3 { coefNotes.append(L[.regHc3]) }
    if r.standardized { coefNotes.append(L[.regStandardized]) }
    for (v, level) in (r.models.last?.references ?? [:]).sorted(by: { $0.key < $1.key }) {
      coefNotes.append(L.format(.regReference, v, level))
    }
    return [
      Table(title: L.format(.regSummary, r.outcome), headers: [L[.regModel], "R²", "adj. R²", "ΔR²", "ΔF", "df1", "df2", "p (ΔF)"],
            rows: summary, notes: [L.format(.regSummaryNote, r.n, r.dropped)]),
      Table(title: L.format(.regAnova, r.outcome), headers: [L[.regModel], "", "SS", "df", "MS", "F", "p"], rows: anova),
      Table(title: L.format(.regCoefficients, r.outcome),
            headers: [L[.regModel], L[.regTerm], "B", "SE", "β", "t", "p", "95% CI", "VIF"],
            rows: r.models.flatMap { coefficientRows($0.coefficients, model: $0.block, L) }, notes: coefNotes),
    ]
  }

  static func effectRows(_ effects: [ConditionalEffect], _ L: Labels) -> [[Cell]] {
    effects.map { e in
      [.text(e.w.map { String(format: "%.3f", $0) } ?? "—")] + (effects.contains { $0.z != nil } ? [.text(e.z.map { String(format: "%.3f", $0) } ?? "—")] : [])
        + [n3(e.effect), n3(e.se), n3(e.t), L.p(e.pvalue), ci(e.ciLower, e.ciUpper)]
    }
  }

  public static func process(_ r: ProcessResult, _ L: Labels) -> [Table] {
    let v = r.variables
    var desc = "X = \(v.x), Y = \(v.y)"
    if !v.m.isEmpty { desc += ", M = \(v.m.joined(separator: ", "))" }
    if let w = v.w { desc += ", W = \(w)" }
    if let z = v.z { desc += ", Z = \(z)" }
    if !v.covariates.isEmpty { desc += L.format(.prCovariates, v.covariates.joined(separator: ", ")) }
    var notes = [L.format(.prNote, L[r.probe == .meanSD ? .prMeanSD : .prPercentiles])]
    if r.center == .mean { notes.append(L[.prCentered]) }
    notes += r.warnings.map(L.text)
    var tables: [Table] = []
    for m in r.outcomeModels {
      tables.append(Table(
        title: L.format(.prOutcome, m.outcome, m.r2, m.df1, m.df2, m.F, String(L.pText(m.pvalue).dropFirst(2))),
        headers: [L[.regTerm], "B", "SE", "β", "t", "p", "95% CI", "VIF"], rows: coefficientRows(m.coefficients, model: nil, L)))
    }
    tables[0].title = L.format(.prTitle, r.model, desc) + " — " + tables[0].title
    let wName = v.w ?? "W"
    if !r.conditionalEffects.isEmpty {
      let hasZ = r.conditionalEffects.contains { $0.z != nil }
      tables.append(Table(title: L.format(.prConditional, v.x, v.y),
                          headers: [wName] + (hasZ ? [v.z ?? "Z"] : []) + [L[.prEffect], "SE", "t", "p", "95% CI"],
                          rows: effectRows(r.conditionalEffects, L), notes: notes))
    }
    if !r.direct.isEmpty || r.total != nil {
      var rows: [[Cell]] = []
      if let t = r.total { rows.append([.text(L[.prTotal])] + effectRows([t], L)[0].dropFirst()) }
      for d in r.direct { rows.append([.text(L[.prDirect] + (d.w.map { String(format: "（%@ = %.3f）", wName, $0) } ?? ""))] + effectRows([d], L)[0].dropFirst()) }
      tables.append(Table(title: L[.prDirect] + " / " + L[.prTotal], headers: ["", L[.prEffect], "SE", "t", "p", "95% CI"], rows: rows,
                          notes: r.conditionalEffects.isEmpty ? notes : []))
    }
    if !r.indirect.isEmpty {
      tables.append(Table(
        title: L.format(.prIndirect, r.bootstrap, r.seed),
        headers: [L[.prPath], wName, L[.prEffect], L[.prBootSE], L[.prBootCI]],
        rows: r.indirect.map { [.text($0.path), .text($0.w.map { String(format: "%.3f", $0) } ?? "—"), n3($0.effect), n3($0.bootSE), ci($0.bootLower, $0.bootUpper)] }))
    }
    if !r.indexOfModeratedMediation.isEmpty {
      tables.append(Table(
        title: L[.prIndex], headers: [L[.prPath], "W", L[.prEffect], L[.prBootSE], L[.prBootCI]],
        rows: r.indexOfModeratedMediation.map { [.text($0.path), .text($0.moderator ?? ""), n3($0.effect), n3($0.bootSE), ci($0.bootLower, $0.bootUpper)] }))
    }
    if !r.contrasts.isEmpty {
      tables.append(Table(
        title: L[.prContrasts], headers: [L[.prPath], "\(wName) (1)", "\(wName) (2)", L[.prEffect], L[.prBootSE], L[.prBootCI]],
        rows: r.contrasts.map { [.text($0.path), n3($0.w), n3($0.w2), n3($0.effect), n3($0.bootSE), ci($0.bootLower, $0.bootUpper)] }))
    }
    if let jn = r.johnsonNeyman {
      let lines = jn.bounds.isEmpty ? [L.format(.prJnNone, wName, v.x)]
        : zip(jn.bounds, jn.below).map { L.format(.prJnBounds, v.x, wName, String(format: "%.3f", $0), String(format: "%.1f%%", 100 * $1)) }
      tables.append(Table(title: L[.prJn], headers: [wName, L[.prEffect], "SE", "t", "p", "95% CI"],
                          rows: effectRows(jn.table, L), notes: lines))
    }
    return tables
  }
}

/// The figures of a moderation analysis: simple slopes and, for model 1, Johnson–Neyman.
public enum ProcessFigures {
  public static func make(_ r: ProcessResult, _ L: Labels) -> [Figure] {
    let v = r.variables
    var out: [Figure] = []
    if let points = r.simpleSlopes, let w = v.w {
      let lines = Dictionary(grouping: points, by: \.w).sorted { $0.key < $1.key }.map { (w, ps) in
        (label: "\(v.w ?? "W") = \(String(format: "%.2f", w))", points: ps.sorted { $0.x < $1.x }.map { (x: $0.x, y: $0.yhat) })
      }
      let title = L.format(.prSlopesTitle, w, v.x, v.y)
      out.append(Figure(title: title, svg: InteractionPlots.simpleSlopes(title: title, xLabel: v.x, yLabel: v.y, lines: lines),
                        notes: [L.format(.prSlopesNote, v.x)]))
    }
    if let jn = r.johnsonNeyman, let w = v.w {
      let title = L.format(.prJnTitle, v.x, w)
      let rows = jn.table.compactMap { e in e.w.map { (w: $0, effect: e.effect, lower: e.ciLower, upper: e.ciUpper) } }
      out.append(Figure(title: title, svg: InteractionPlots.johnsonNeyman(title: title, wLabel: w, effectLabel: L[.prConditionalEffect],
                                                                        rows: rows, bounds: jn.bounds),
                        notes: [L[.prJnNote]]))
    }
    return out
  }
}
