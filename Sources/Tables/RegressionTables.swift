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
      anova.append([.integer(m.block), .text(L["reg.regression"]), n3(m.ssRegression), .integer(m.df1), n3(m.ssRegression / Double(m.df1)), n3(m.F), L.p(m.pvalue)])
      anova.append([.text(""), .text(L["reg.residual"]), n3(m.ssResidual), .integer(m.df2), n3(m.ssResidual / Double(m.df2)), .empty, .empty])
    }
    var coefNotes = [L["reg.coefNote"]]
    if r.robust == .hc3 { coefNotes.append(L["reg.hc3"]) }
    if r.standardized { coefNotes.append(L["reg.standardized"]) }
    for (v, level) in (r.models.last?.references ?? [:]).sorted(by: { $0.key < $1.key }) {
      coefNotes.append(String(format: L["reg.reference"], v, level))
    }
    return [
      Table(title: String(format: L["reg.summary"], r.outcome), headers: [L["reg.model"], "R²", "adj. R²", "ΔR²", "ΔF", "df1", "df2", "p (ΔF)"],
            rows: summary, notes: [String(format: L["reg.summaryNote"], r.n, r.dropped)]),
      Table(title: String(format: L["reg.anova"], r.outcome), headers: [L["reg.model"], "", "SS", "df", "MS", "F", "p"], rows: anova),
      Table(title: String(format: L["reg.coefficients"], r.outcome),
            headers: [L["reg.model"], L["reg.term"], "B", "SE", "β", "t", "p", "95% CI", "VIF"],
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
    if !v.covariates.isEmpty { desc += L.language == .zh ? "，协变量 \(v.covariates.joined(separator: ", "))" : "; covariates \(v.covariates.joined(separator: ", "))" }
    var notes = [String(format: L["pr.note"], L[r.probe == .meanSD ? "pr.meanSD" : "pr.percentiles"])]
    if r.center == .mean { notes.append(L["pr.centered"]) }
    notes += r.warnings.map(L.text)
    var tables: [Table] = []
    for m in r.outcomeModels {
      tables.append(Table(
        title: String(format: L["pr.outcome"], m.outcome, m.r2, m.df1, m.df2, m.F, String(L.pText(m.pvalue).dropFirst(2))),
        headers: [L["reg.term"], "B", "SE", "β", "t", "p", "95% CI", "VIF"], rows: coefficientRows(m.coefficients, model: nil, L)))
    }
    tables[0].title = String(format: L["pr.title"], r.model, desc) + " — " + tables[0].title
    let wName = v.w ?? "W"
    if !r.conditionalEffects.isEmpty {
      let hasZ = r.conditionalEffects.contains { $0.z != nil }
      tables.append(Table(title: String(format: L["pr.conditional"], v.x, v.y),
                          headers: [wName] + (hasZ ? [v.z ?? "Z"] : []) + [L["pr.effect"], "SE", "t", "p", "95% CI"],
                          rows: effectRows(r.conditionalEffects, L), notes: notes))
    }
    if !r.direct.isEmpty || r.total != nil {
      var rows: [[Cell]] = []
      if let t = r.total { rows.append([.text(L["pr.total"])] + effectRows([t], L)[0].dropFirst()) }
      for d in r.direct { rows.append([.text(L["pr.direct"] + (d.w.map { String(format: "（%@ = %.3f）", wName, $0) } ?? ""))] + effectRows([d], L)[0].dropFirst()) }
      tables.append(Table(title: L["pr.direct"] + " / " + L["pr.total"], headers: ["", L["pr.effect"], "SE", "t", "p", "95% CI"], rows: rows,
                          notes: r.conditionalEffects.isEmpty ? notes : []))
    }
    if !r.indirect.isEmpty {
      tables.append(Table(
        title: String(format: L["pr.indirect"], r.bootstrap, r.seed),
        headers: [L["pr.path"], wName, L["pr.effect"], L["pr.bootSE"], L["pr.bootCI"]],
        rows: r.indirect.map { [.text($0.path), .text($0.w.map { String(format: "%.3f", $0) } ?? "—"), n3($0.effect), n3($0.bootSE), ci($0.bootLower, $0.bootUpper)] }))
    }
    if !r.indexOfModeratedMediation.isEmpty {
      tables.append(Table(
        title: L["pr.index"], headers: [L["pr.path"], "W", L["pr.effect"], L["pr.bootSE"], L["pr.bootCI"]],
        rows: r.indexOfModeratedMediation.map { [.text($0.path), .text($0.moderator ?? ""), n3($0.effect), n3($0.bootSE), ci($0.bootLower, $0.bootUpper)] }))
    }
    if !r.contrasts.isEmpty {
      tables.append(Table(
        title: L["pr.contrasts"], headers: [L["pr.path"], "\(wName) (1)", "\(wName) (2)", L["pr.effect"], L["pr.bootSE"], L["pr.bootCI"]],
        rows: r.contrasts.map { [.text($0.path), n3($0.w), n3($0.w2), n3($0.effect), n3($0.bootSE), ci($0.bootLower, $0.bootUpper)] }))
    }
    if let jn = r.johnsonNeyman {
      let lines = jn.bounds.isEmpty ? [String(format: L["pr.jnNone"], wName, v.x)]
        : zip(jn.bounds, jn.below).map { String(format: L["pr.jnBounds"], v.x, wName, String(format: "%.3f", $0), String(format: "%.1f%%", 100 * $1)) }
      tables.append(Table(title: L["pr.jn"], headers: [wName, L["pr.effect"], "SE", "t", "p", "95% CI"],
                          rows: effectRows(jn.table, L), notes: lines))
    }
    return tables
  }
}

/// The figures of a moderation analysis: simple slopes and, for model 1, Johnson–Neyman.
public enum ProcessFigures {
  public static func make(_ r: ProcessResult, _ L: Labels) -> [Figure] {
    let v = r.variables
    let zh = L.language == .zh
    var out: [Figure] = []
    if let points = r.simpleSlopes, let w = v.w {
      let lines = Dictionary(grouping: points, by: \.w).sorted { $0.key < $1.key }.map { (w, ps) in
        (label: "\(v.w ?? "W") = \(String(format: "%.2f", w))", points: ps.sorted { $0.x < $1.x }.map { (x: $0.x, y: $0.yhat) })
      }
      let title = zh ? "\(w) 对 \(v.x)→\(v.y) 的调节：简单斜率" : "Simple slopes of \(v.x) on \(v.y) by \(w)"
      out.append(Figure(title: title, svg: InteractionPlots.simpleSlopes(title: title, xLabel: v.x, yLabel: v.y, lines: lines),
                        notes: [zh ? "\(v.x) 取均值 ± 1 个标准差，其他变量取均值。" : "\(v.x) at its mean ± 1 SD, other variables at their means."]))
    }
    if let jn = r.johnsonNeyman, let w = v.w {
      let title = zh ? "Johnson–Neyman 图：\(v.x) 的条件效应随 \(w) 的变化" : "Johnson–Neyman: the conditional effect of \(v.x) across \(w)"
      let rows = jn.table.compactMap { e in e.w.map { (w: $0, effect: e.effect, lower: e.ciLower, upper: e.ciUpper) } }
      out.append(Figure(title: title, svg: InteractionPlots.johnsonNeyman(title: title, wLabel: w, effectLabel: zh ? "条件效应" : "conditional effect",
                                                                        rows: rows, bounds: jn.bounds),
                        notes: [zh ? "阴影为 95% 置信区间，虚线为显著性区域的边界。" : "Shaded: 95% confidence band; dashed: the bounds of the region of significance."]))
    }
    return out
  }
}
