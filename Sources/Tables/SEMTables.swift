// Tables of a fitted SEM: AMOS- or lavaan-style estimates, fit with cut-offs
// and verdicts, R², and the measurement-model checks after a CFA.

import Report
import Survey
import SEM
import Validity
import Foundation

public enum SEMTables {

  /// How the estimates are laid out: AMOS's columns or lavaan's summary().
  public enum Layout: String, Sendable, CaseIterable {
    case amos, lavaan
  }

  public static func make(_ r: SEMResult, layout: Layout, cutoffs: FitCutoffs, labels L: Labels) -> [Table] {
    var tables: [Table] = []
    if r.improper {
      tables.append(Table(title: L[.semImproper], headers: [L[.semImproperProblem]],
                          rows: improperProblems(r, L).map { [.text($0)] }, notes: ["\(L[.note]): \(L[.semImproperNote])"]))
    }
    // One set of estimate tables per group (defined parameters with the last).
    let groupCount = r.groups?.count ?? 1
    for g in 1...groupCount {
      var part = r
      part.parameters = r.parameters.filter { $0.group == g || ($0.op == .defined && g == groupCount) }
      var t = layout == .lavaan ? lavaanLayout(part, L) : amosLayout(part, L)
      if let labels = r.groups {
        for k in t.indices { t[k].title += " — \(L[.semGroup]) \(labels[g - 1])" }
        if g > 1, !t.isEmpty { t[0].notes = [] }
      }
      tables += t
    }
    tables.append(fitTable(r, cutoffs, L))
    if !r.r2.names.isEmpty {
      tables.append(Table(title: L[.semR2], headers: [L[.variable], "R²"],
                          rows: zip(r.r2.names, r.r2.values).map { [.text($0), .number($1, decimals: 3)] }))
    }
    tables += measurementTables(r, L)
    if let mi = r.modindices {
      let shown = mi.filter { $0.mi >= 3.84 }
      let grouped = r.groups.map { $0.count > 1 } ?? false
      tables.append(Table(
        title: L[.semMi], headers: ["", "MI", "EPC", "SEPC (std.all)"] + (grouped ? [L[.semMiGroup]] : []),
        rows: shown.map { m in
          [.text("\(m.lhs) \(m.op) \(m.rhs)"), .number(m.mi, decimals: 3), .number(m.epc, decimals: 3), .number(m.sepcAll, decimals: 3)]
            + (grouped ? [.text(r.groups?[m.group - 1] ?? String(m.group))] : [])
        },
        notes: ["\(L[.note]): \(L[.semMiNote]) (\(shown.count)/\(mi.count))"]))
    }
    return tables
  }

  /// The result's warnings in the labels' language: its typed problems in either, the rest as they are.
  static func warnings(_ r: SEMResult, _ L: Labels) -> [String] {
    r.diagnostics.map { $0.message(chinese: L.language == .zh) } + r.untypedWarnings
  }

  /// The improper solution's problems in the labels' language (a result read back from JSON has only their messages).
  static func improperProblems(_ r: SEMResult, _ L: Labels) -> [String] {
    let typed = r.diagnostics.filter(\.isImproper)
    guard !typed.isEmpty else { return r.improperWarnings }
    return typed.map { $0.message(chinese: L.language == .zh) }
  }

  public static func measurementTables(_ r: SEMResult, _ L: Labels) -> [Table] {
    guard let rel = r.reliability, let d = r.discriminant else { return [] }
    var out = [Table(
      title: L[.cfaReliability], headers: [L[.factor], "CR", "AVE", "√AVE"],
      rows: rel.map { [.text($0.factor), .number($0.cr, decimals: 3), .number($0.ave, decimals: 3), .number($0.ave.squareRoot(), decimals: 3)] },
      notes: ["\(L[.note]): \(L[.cfaReliabilityNote])" + (r.parameters.contains { $0.op == .threshold } ? L[.cfaReliabilityOrdinal] : "")])]
    let n = d.factors.count
    // Discriminant validity is between constructs: nothing to show for one.
    guard n >= 2 else { return out }
    out.append(Table(
      title: L[.cfaFornell], headers: [""] + d.factors,
      rows: (0..<n).map { i in
        [.text(d.factors[i])] + (0..<n).map { j in
          j > i ? Cell.empty : .number(i == j ? rel[i].ave.squareRoot() : d.correlations[i][j], decimals: 3)
        }
      },
      notes: ["\(L[.note]): \(L[.cfaFornellNote])"]))
    if !d.htmt.isEmpty {
      out.append(Table(
        title: "HTMT", headers: [""] + d.factors,
        rows: (0..<n).map { i in [.text(d.factors[i])] + (0..<n).map { j in j >= i ? Cell.empty : .number(d.htmt[i][j], decimals: 3) } },
        notes: ["\(L[.note]): \(L[.cfaHtmtNote])"]))
    }
    return out
  }

  public static func notes(_ r: SEMResult, _ L: Labels) -> [String] {
    let converged = L.format(.semConverged, r.iterations)
    let total = r.nobs.reduce(0, +)
    var cases = "N = \(total)"
    if let g = r.groups { cases += " (" + zip(g, r.nobs).map { "\($0): \($1)" }.joined(separator: ", ") + ")" }
    if r.missing == "fiml" {
      cases += L.format(.semFiml, total, r.patterns ?? 0) + (r.dropped > 0 ? L.format(.semFimlDropped, r.dropped) : "")
    } else if r.dropped > 0 {
      cases += L.format(.semListwise, r.dropped)
    }
    var n = ["\(L[.note]): \(r.estimator), \(cases); \(converged). \(L.starsNote)."]
    let ordinal = r.parameters.contains { $0.op == .threshold }
    if ordinal {
      let savalei = r.fit["cfi.robust"].map { $0.isFinite } ?? false
      let continuous = r.continuous.map { $0.joined(separator: ", ") }
      let robust = r.fit["chisq.scaled"] != nil ? L.format(.semOrdinalRobust, savalei ? L[.semOrdinalSavalei] : "") : ""
      n.append(L.format(.semOrdinalNote, r.estimator, continuous.map { L.format(.semOrdinalContinuous, $0) } ?? "",
                        L[r.parameterization == .theta ? .semThetaParameterization : .semDeltaParameterization], robust))
    } else if r.fit["chisq.scaled"] != nil {
      n.append(L.format(.semRobustNote, r.estimator))
    }
    if let b = r.bootstrap {
      n.append(L.format(.semBootNote, b.completed, b.requested, b.failed, b.seed))
    }
    n += warnings(r, L).map { "\(L[.warning]): \($0)" }
    return n
  }

  /// AMOS's layout: Estimate, S.E., C.R., P, Label, standardised estimate.
  public static func amosLayout(_ r: SEMResult, _ L: Labels) -> [Table] {
    let headers = ["", L[.amosEstimate], "S.E.", "C.R.", "P", L[.label], L[.amosStd]]
    func row(_ name: String, _ e: ParameterEstimate) -> [Cell] {
      [.text(name), .number(e.est, decimals: 3), e.free > 0 || e.op == .defined ? .number(e.se, decimals: 3) : .empty,
       e.z.map { .number($0, decimals: 3) } ?? .empty, L.p(e.pvalue), .text(e.label), .number(e.stdAll, decimals: 3)]
    }
    var out: [Table] = []
    let weights = r.parameters.filter { $0.op == .measuredBy || $0.op == .regression }.map { e in
      row(e.op == .measuredBy ? "\(e.rhs) <--- \(e.lhs)" : "\(e.lhs) <--- \(e.rhs)", e)
    }
    if !weights.isEmpty { out.append(Table(title: L[.amosWeights], headers: headers, rows: weights, notes: notes(r, L))) }
    let covs = r.parameters.filter { $0.op == .covariance && $0.lhs != $0.rhs }.map { row("\($0.lhs) <--> \($0.rhs)", $0) }
    if !covs.isEmpty { out.append(Table(title: L[.amosCovariances], headers: headers, rows: covs)) }
    let thresholds = r.parameters.filter { $0.op == .threshold }.map { row("\($0.lhs) | \($0.rhs)", $0) }
    if !thresholds.isEmpty { out.append(Table(title: L[.semThresholds], headers: headers, rows: thresholds)) }
    // The delta parameterization's zero intercepts and means say nothing; they stay in JSON.
    let means = r.parameters.filter { $0.op == .intercept && (thresholds.isEmpty || $0.free > 0 || $0.est != 0) }.map { row($0.lhs, $0) }
    if !means.isEmpty { out.append(Table(title: L[.semIntercepts], headers: headers, rows: means)) }
    let vars = r.parameters.filter { $0.op == .covariance && $0.lhs == $0.rhs }.map { row($0.lhs, $0) }
    if !vars.isEmpty { out.append(Table(title: L[.amosVariances], headers: headers, rows: vars)) }
    let definedRows = r.parameters.filter { $0.op == .defined }
    if !definedRows.isEmpty {
      let ci = L[.semCi]
      if let b = r.bootstrap {
        let boot = Dictionary(b.estimates.filter { $0.op == .defined }.map { ($0.lhs, $0) }, uniquingKeysWith: { a, _ in a })
        out.append(Table(
          title: L[.semDefined], headers: headers + [L[.semPercCI], L[.semBcaCI]],
          rows: definedRows.map { e in
            let be = boot[e.lhs]
            return row("\(e.lhs) := \(e.rhs)", e) + [
              .text(String(format: "[%.3f, %.3f]", e.ciLower, e.ciUpper)),
              .text(be.map { String(format: "[%.3f, %.3f]", $0.bcaLower, $0.bcaUpper) } ?? "")]
          },
          notes: ["\(L[.note]): \(L.format(.semBootDefined, b.completed))"]))
      } else {
        out.append(Table(title: L[.semDefined], headers: headers + [ci],
                         rows: definedRows.map { row("\($0.lhs) := \($0.rhs)", $0) + [.text(String(format: "[%.3f, %.3f]", $0.ciLower, $0.ciUpper))] },
                         notes: ["\(L[.note]): \(L[.semDelta])"]))
      }
    }
    return out
  }

  /// lavaan's summary() layout.
  public static func lavaanLayout(_ r: SEMResult, _ L: Labels) -> [Table] {
    let headers = ["", "Estimate", "Std.Err", "z-value", "P(>|z|)", "Std.lv", "Std.all"]
    func row(_ e: ParameterEstimate, _ name: String) -> [Cell] {
      [.text(name), .number(e.est, decimals: 3), e.free > 0 || e.op == .defined ? .number(e.se, decimals: 3) : .empty,
       e.z.map { .number($0, decimals: 3) } ?? .empty, e.pvalue.map { .number($0, decimals: 3) } ?? .empty,
       .number(e.stdLV, decimals: 3), .number(e.stdAll, decimals: 3)]
    }
    func block(_ title: String, _ op: Operator, _ filter: (ParameterEstimate) -> Bool, grouped: Bool) -> Table? {
      let rows = r.parameters.filter { $0.op == op && filter($0) }
      guard !rows.isEmpty else { return nil }
      var cells: [[Cell]] = []
      var last = ""
      for e in rows {
        let label = e.label.isEmpty ? "" : " (\(e.label))"
        if grouped, e.lhs != last {
          cells.append([.text("\(e.lhs) \(op)"), .empty, .empty, .empty, .empty, .empty, .empty])
          last = e.lhs
        }
        let name = op == .intercept ? "\(e.lhs)\(label)" : op == .threshold ? "\(e.lhs)|\(e.rhs)\(label)" : "\(e.lhs) \(op) \(e.rhs)\(label)"
        cells.append(row(e, grouped ? "  \(e.rhs)\(label)" : name))
      }
      return Table(title: title, headers: headers, rows: cells)
    }
    var out = [
      block("Latent Variables:", .measuredBy, { _ in true }, grouped: true),
      block("Regressions:", .regression, { _ in true }, grouped: true),
      block("Covariances:", .covariance, { $0.lhs != $0.rhs }, grouped: true),
      block("Intercepts:", .intercept, { _ in true }, grouped: false),
      block("Thresholds:", .threshold, { _ in true }, grouped: false),
      block("Variances:", .covariance, { $0.lhs == $0.rhs }, grouped: false),
      block("Defined Parameters:", .defined, { _ in true }, grouped: false),
    ].compactMap { $0 }
    if !out.isEmpty { out[0].notes = notes(r, L) }
    return out
  }

  /// A fit index judged against its cut-offs.
  public enum FitVerdict: Sendable {
    case good, acceptable, poor
    var labelKey: Labels.Key { self == .good ? .fitGood : self == .acceptable ? .fitAcceptable : .fitPoor }
  }

  /// The values the cut-offs judge: fitMeasures() by key and CMIN/DF; for
  /// the robust estimators, the scaled χ² and the robust indices.
  static func judgedValues(_ r: SEMResult) -> [String: Double] {
    let f = r.fit
    var value: [String: Double] = Dictionary(uniqueKeysWithValues: f.values.names.enumerated().map { ($1, f.values.values[$0]) })
      .merging(["cmin/df": (f["chisq"] ?? .nan) / (f["df"] ?? .nan)]) { a, _ in a }
    if let scaled = f["chisq.scaled"] {
      value["cmin/df"] = scaled / (f["df"] ?? .nan)
      for key in ["cfi", "tli", "nnfi", "rni", "rmsea", "rmsea.ci.lower", "rmsea.ci.upper", "rmsea.pvalue"] {
        if let v = value["\(key).robust"] { value[key] = v }
      }
    }
    return value
  }

  /// Each cut-off rule with the model's value and the verdict (the fit table and its interpretation read these).
  public static func verdicts(_ r: SEMResult, _ c: FitCutoffs) -> [(rule: FitCutoffs.Rule, value: Double, verdict: FitVerdict)] {
    let value = judgedValues(r)
    return c.rules.compactMap { rule in
      guard let v = value[rule.key], v.isFinite else { return nil }
      let ok = rule.higherIsBetter ? v >= rule.good : v <= rule.good
      let fair = rule.acceptable.map { rule.higherIsBetter ? v >= $0 : v <= $0 } ?? false
      return (rule, v, ok ? .good : (fair ? .acceptable : .poor))
    }
  }

  public static func fitTable(_ r: SEMResult, _ c: FitCutoffs, _ L: Labels) -> Table {
    let f = r.fit
    let sources = Array(Set(c.rules.flatMap { $0.source.components(separatedBy: "; ") })).sorted().joined(separator: "; ")
    var rows: [[Cell]] = [
      [.text("χ²"), .number(f["chisq"] ?? .nan, decimals: 3), .text("—"), .text("df = \(Int(f["df"] ?? 0)), p = " + ((f["pvalue"]).flatMap { $0.isFinite ? String(format: "%.3f", $0) : nil } ?? "—"))],
    ]
    var notes = ["\(L[.note]): \(L[.fitSources]): \(sources). \(L[.fitLavaan])"]
    if let bs = r.bootstrap?.bollenStine {
      rows.append([.text(L[.fitBollenStine]), .number(bs.pvalue, decimals: 3), .text("> 0.05"),
                   .text(bs.pvalue > 0.05 ? L[.fitGood] : L[.fitPoor])])
      notes.append(L.format(.fitBollenStineNote, bs.larger, bs.completed, bs.requested, bs.failed))
    }
    if let scaled = f["chisq.scaled"] {
      rows.append([.text(L.format(.fitScaledChisq, r.estimator)), .number(scaled, decimals: 3), .text("—"),
                   .text("c = \(String(format: "%.3f", f["chisq.scaling.factor"] ?? .nan)), p = \(String(format: "%.3f", f["pvalue.scaled"] ?? .nan))")])
    }
    let value = judgedValues(r)
    for j in verdicts(r, c) {
      let rule = j.rule
      let bound = "\(rule.higherIsBetter ? "≥" : "≤") \(formatNumberCompact(rule.good))" + (rule.acceptable.map { " (\(rule.higherIsBetter ? "≥" : "≤") \(formatNumberCompact($0)) \(L[.fitAcceptable]))" } ?? "")
      rows.append([.text(rule.label), .number(j.value, decimals: 3), .text(bound), .text(L[j.verdict.labelKey])])
    }
    if let lo = value["rmsea.ci.lower"], let hi = value["rmsea.ci.upper"] {
      rows.append([.text("RMSEA 90% CI"), .text(String(format: "[%.3f, %.3f]", lo, hi)), .text("—"), .text("PCLOSE = \(String(format: "%.3f", value["rmsea.pvalue"] ?? .nan))")])
    }
    if let aic = f["aic"], let bic = f["bic"] {
      rows.append([.text("AIC / BIC"), .text(String(format: "%.1f / %.1f", aic, bic)), .text("—"), .text(L[.fitCompare])])
    }
    return Table(title: L[.fitTitle], headers: [L[.fitIndex], L[.fitValue], L[.fitCutoff], L[.fitVerdict]], rows: rows,
                 notes: notes)
  }
}

public enum InvarianceTables {
  /// The steps side by side (fit of each, then the comparison with the step before).
  public static func make(_ r: InvarianceResult, labels L: Labels) -> [Table] {
    let names: [String: Labels.Key] = ["configural": .invConfigural, "thresholds": .invThresholds, "metric": .invMetric, "scalar": .invScalar, "strict": .invStrict]
    func num(_ v: Double?, _ d: Int = 3) -> Cell { v.map { $0.isFinite ? .number($0, decimals: d) : .empty } ?? .empty }
    let robust = r.steps.first?.chisqScaled != nil
    let ordinal = r.parameterization != nil
    let theta = r.parameterization == .theta
    let rows: [[Cell]] = r.steps.map { s in
      [.text(names[s.model].map { L[$0] } ?? s.model), .number(s.chisqScaled ?? s.chisq, decimals: 3), .text(String(Int(s.df))), num(s.cfi), num(s.tli), num(s.rmsea),
       num(s.srmr), num(s.aic, 1), num(s.bic, 1),
       num(s.chisqDiff), s.dfDiff.map { .text(String(Int($0))) } ?? .empty, L.p(s.pvalueDiff), num(s.deltaCFI), num(s.deltaRMSEA),
       s.holds.map { .text(L[$0 ? .invHolds : .invRejected]) } ?? .empty]
    }
    let groups = zip(r.groups, r.nobs).map { "\($0) (n = \($1))" }.joined(separator: ", ")
    let rule = L.paragraph([L.format(.invRule, r.cutoffs["delta_cfi"] ?? 0.01, r.cutoffs["delta_rmsea"] ?? 0.015)]
                           + (ordinal ? [L[theta ? .invOrdinalTheta : .invOrdinalDelta]] : robust ? [L[.invRobust]] : []))
    // No likelihood (WLSMV): no AIC and BIC columns.
    let likelihood = r.steps.contains { $0.aic.isFinite }
    let keep = (0..<15).filter { likelihood || ($0 != 7 && $0 != 8) }
    return [Table(
      title: L[.invTitle],
      headers: keep.map { [L[.invModel], "χ²", "df", "CFI", "TLI", "RMSEA", "SRMR", "AIC", "BIC", "Δχ²", "Δdf", "p", "ΔCFI", "ΔRMSEA", L[.invVerdict]][$0] },
      rows: rows.map { row in keep.map { row[$0] } },
      notes: ["\(L[.note]): \(L[.invGroups]): \(groups)\(r.missing == "fiml" ? L[.invFiml] : ""). \(rule) *** p < 0.001."]
        + r.warnings.map { "\(L[.warning]): \(L.text($0))" })]
  }
}
