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
      tables.append(Table(title: L["sem.improper"], headers: [L["sem.improper.problem"]],
                          rows: improperProblems(r, L).map { [.text($0)] }, notes: ["\(L["note"]): \(L["sem.improper.note"])"]))
    }
    // One set of estimate tables per group (defined parameters with the last).
    let groupCount = r.groups?.count ?? 1
    for g in 1...groupCount {
      var part = r
      part.parameters = r.parameters.filter { $0.group == g || ($0.op == .defined && g == groupCount) }
      var t = layout == .lavaan ? lavaanLayout(part, L) : amosLayout(part, L)
      if let labels = r.groups {
        for k in t.indices { t[k].title += " — \(L.language == .zh ? "组" : "group") \(labels[g - 1])" }
        if g > 1, !t.isEmpty { t[0].notes = [] }
      }
      tables += t
    }
    tables.append(fitTable(r, cutoffs, L))
    if !r.r2.names.isEmpty {
      tables.append(Table(title: L["sem.r2"], headers: [L["variable"], "R²"],
                          rows: zip(r.r2.names, r.r2.values).map { [.text($0), .number($1, decimals: 3)] }))
    }
    tables += measurementTables(r, L)
    if let mi = r.modindices {
      let shown = mi.filter { $0.mi >= 3.84 }
      let grouped = r.groups.map { $0.count > 1 } ?? false
      tables.append(Table(
        title: L["sem.mi"], headers: ["", "MI", "EPC", "SEPC (std.all)"] + (grouped ? [L["sem.mi.group"]] : []),
        rows: shown.map { m in
          [.text("\(m.lhs) \(m.op) \(m.rhs)"), .number(m.mi, decimals: 3), .number(m.epc, decimals: 3), .number(m.sepcAll, decimals: 3)]
            + (grouped ? [.text(r.groups?[m.group - 1] ?? String(m.group))] : [])
        },
        notes: ["\(L["note"]): \(L["sem.mi.note"]) (\(shown.count)/\(mi.count))"]))
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
      title: L["cfa.reliability"], headers: [L["factor"], "CR", "AVE", "√AVE"],
      rows: rel.map { [.text($0.factor), .number($0.cr, decimals: 3), .number($0.ave, decimals: 3), .number($0.ave.squareRoot(), decimals: 3)] },
      notes: ["\(L["note"]): \(L["cfa.reliability.note"])" + (r.parameters.contains { $0.op == .threshold } ? L["cfa.reliability.ordinal"] : "")])]
    let n = d.factors.count
    // Discriminant validity is between constructs: nothing to show for one.
    guard n >= 2 else { return out }
    out.append(Table(
      title: L["cfa.fornell"], headers: [""] + d.factors,
      rows: (0..<n).map { i in
        [.text(d.factors[i])] + (0..<n).map { j in
          j > i ? Cell.empty : .number(i == j ? rel[i].ave.squareRoot() : d.correlations[i][j], decimals: 3)
        }
      },
      notes: ["\(L["note"]): \(L["cfa.fornell.note"])"]))
    if !d.htmt.isEmpty {
      out.append(Table(
        title: "HTMT", headers: [""] + d.factors,
        rows: (0..<n).map { i in [.text(d.factors[i])] + (0..<n).map { j in j >= i ? Cell.empty : .number(d.htmt[i][j], decimals: 3) } },
        notes: ["\(L["note"]): \(L["cfa.htmt.note"])"]))
    }
    return out
  }

  public static func notes(_ r: SEMResult, _ L: Labels) -> [String] {
    let converged = L.language == .zh ? "迭代 \(r.iterations) 次后收敛" : "converged after \(r.iterations) iterations"
    let total = r.nobs.reduce(0, +)
    var cases = "N = \(total)"
    if let g = r.groups { cases += " (" + zip(g, r.nobs).map { "\($0): \($1)" }.joined(separator: ", ") + ")" }
    if r.missing == "fiml" {
      cases += L.language == .zh
        ? "，全信息极大似然（FIML）使用全部 \(total) 个个案、\(r.patterns ?? 0) 种缺失模式\(r.dropped > 0 ? "，\(r.dropped) 个全部缺失的个案被剔除" : "")"
        : ", full-information ML over all \(total) cases in \(r.patterns ?? 0) missing-data patterns\(r.dropped > 0 ? " (\(r.dropped) cases missing every variable dropped)" : "")"
    } else if r.dropped > 0 {
      cases += L.language == .zh ? "（成列删除 \(r.dropped) 个含缺失值的个案）" : " (\(r.dropped) rows with missing values dropped listwise)"
    }
    var n = ["\(L["note"]): \(r.estimator), \(cases); \(converged). \(L.starsNote)."]
    let ordinal = r.parameters.contains { $0.op == .threshold }
    if ordinal {
      let savalei = r.fit["cfi.robust"].map { $0.isFinite } ?? false
      let continuous = r.continuous.map { $0.joined(separator: ", ") }
      n.append(L.language == .zh
        ? "有序类别变量（\(r.estimator)）：模型拟合于多分格相关与阈值\(continuous.map { "，连续变量（\($0)）以均值、方差、多序列相关与协方差进入（Muthén, 1984）" } ?? "")（\(r.parameterization == .theta ? "theta 参数化，残差方差为 1" : "delta 参数化，潜在反应变量方差为 1")）\(r.fit["chisq.scaled"] != nil ? "；稳健标准误，χ² 为均值方差校正（scaled-shifted）χ²\(savalei ? "，稳健 CFI/TLI/RMSEA 按 Savalei（2021）" : "")" : "")。"
        : "Ordered variables (\(r.estimator)): the model is fitted to polychoric correlations and thresholds\(continuous.map { ", the continuous variables (\($0)) through their means, variances, polyserial correlations and covariances (Muthén, 1984)" } ?? "") (\(r.parameterization == .theta ? "theta parameterization, residual variances 1" : "delta parameterization, latent responses of variance 1"))\(r.fit["chisq.scaled"] != nil ? "; robust standard errors, the mean-and-variance-adjusted (scaled-shifted) χ²\(savalei ? ", and the robust CFI/TLI/RMSEA of Savalei (2021)" : "")" : "").")
    } else if r.fit["chisq.scaled"] != nil {
      n.append(L.language == .zh
        ? "稳健估计（\(r.estimator)）：标准误为稳健标准误，χ² 为校正 χ²，CFI/TLI/RMSEA 为稳健版本（Brosseau-Liard & Savalei）。"
        : "Robust estimation (\(r.estimator)): robust standard errors, scaled χ², and the robust CFI/TLI/RMSEA (Brosseau-Liard & Savalei).")
    }
    if let b = r.bootstrap {
      n.append(String(format: L["sem.bootNote"], b.completed, b.requested, b.failed, b.seed))
    }
    n += warnings(r, L).map { "\(L["warning"]): \($0)" }
    return n
  }

  /// AMOS's layout: Estimate, S.E., C.R., P, Label, standardised estimate.
  public static func amosLayout(_ r: SEMResult, _ L: Labels) -> [Table] {
    let headers = ["", L["amos.estimate"], "S.E.", "C.R.", "P", L["label"], L["amos.std"]]
    func row(_ name: String, _ e: ParameterEstimate) -> [Cell] {
      [.text(name), .number(e.est, decimals: 3), e.free > 0 || e.op == .defined ? .number(e.se, decimals: 3) : .empty,
       e.z.map { .number($0, decimals: 3) } ?? .empty, L.p(e.pvalue), .text(e.label), .number(e.stdAll, decimals: 3)]
    }
    var out: [Table] = []
    let weights = r.parameters.filter { $0.op == .measuredBy || $0.op == .regression }.map { e in
      row(e.op == .measuredBy ? "\(e.rhs) <--- \(e.lhs)" : "\(e.lhs) <--- \(e.rhs)", e)
    }
    if !weights.isEmpty { out.append(Table(title: L["amos.weights"], headers: headers, rows: weights, notes: notes(r, L))) }
    let covs = r.parameters.filter { $0.op == .covariance && $0.lhs != $0.rhs }.map { row("\($0.lhs) <--> \($0.rhs)", $0) }
    if !covs.isEmpty { out.append(Table(title: L["amos.covariances"], headers: headers, rows: covs)) }
    let thresholds = r.parameters.filter { $0.op == .threshold }.map { row("\($0.lhs) | \($0.rhs)", $0) }
    if !thresholds.isEmpty { out.append(Table(title: L.language == .zh ? "阈值" : "Thresholds", headers: headers, rows: thresholds)) }
    // The delta parameterization's zero intercepts and means say nothing; they stay in JSON.
    let means = r.parameters.filter { $0.op == .intercept && (thresholds.isEmpty || $0.free > 0 || $0.est != 0) }.map { row($0.lhs, $0) }
    if !means.isEmpty { out.append(Table(title: L.language == .zh ? "截距与均值" : "Intercepts and means", headers: headers, rows: means)) }
    let vars = r.parameters.filter { $0.op == .covariance && $0.lhs == $0.rhs }.map { row($0.lhs, $0) }
    if !vars.isEmpty { out.append(Table(title: L["amos.variances"], headers: headers, rows: vars)) }
    let definedRows = r.parameters.filter { $0.op == .defined }
    if !definedRows.isEmpty {
      let ci = L["sem.ci"]
      if let b = r.bootstrap {
        let boot = Dictionary(b.estimates.filter { $0.op == .defined }.map { ($0.lhs, $0) }, uniquingKeysWith: { a, _ in a })
        out.append(Table(
          title: L["sem.defined"], headers: headers + [L["sem.percCI"], L["sem.bcaCI"]],
          rows: definedRows.map { e in
            let be = boot[e.lhs]
            return row("\(e.lhs) := \(e.rhs)", e) + [
              .text(String(format: "[%.3f, %.3f]", e.ciLower, e.ciUpper)),
              .text(be.map { String(format: "[%.3f, %.3f]", $0.bcaLower, $0.bcaUpper) } ?? "")]
          },
          notes: ["\(L["note"]): \(String(format: L["sem.bootDefined"], b.completed))"]))
      } else {
        out.append(Table(title: L["sem.defined"], headers: headers + [ci],
                         rows: definedRows.map { row("\($0.lhs) := \($0.rhs)", $0) + [.text(String(format: "[%.3f, %.3f]", $0.ciLower, $0.ciUpper))] },
                         notes: ["\(L["note"]): \(L["sem.delta"])"]))
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
    var labelKey: String { self == .good ? "fit.good" : self == .acceptable ? "fit.acceptable" : "fit.poor" }
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
    var notes = ["\(L["note"]): \(L["fit.sources"]): \(sources). \(L["fit.lavaan"])"]
    if let bs = r.bootstrap?.bollenStine {
      rows.append([.text(L["fit.bollenStine"]), .number(bs.pvalue, decimals: 3), .text("> 0.05"),
                   .text(bs.pvalue > 0.05 ? L["fit.good"] : L["fit.poor"])])
      notes.append(String(format: L["fit.bollenStineNote"], bs.larger, bs.completed, bs.requested, bs.failed))
    }
    if let scaled = f["chisq.scaled"] {
      rows.append([.text(L.language == .zh ? "χ²（\(r.estimator) 校正）" : "χ² (\(r.estimator) scaled)"), .number(scaled, decimals: 3), .text("—"),
                   .text("c = \(String(format: "%.3f", f["chisq.scaling.factor"] ?? .nan)), p = \(String(format: "%.3f", f["pvalue.scaled"] ?? .nan))")])
    }
    let value = judgedValues(r)
    for j in verdicts(r, c) {
      let rule = j.rule
      let bound = "\(rule.higherIsBetter ? "≥" : "≤") \(formatNumberCompact(rule.good))" + (rule.acceptable.map { " (\(rule.higherIsBetter ? "≥" : "≤") \(formatNumberCompact($0)) \(L["fit.acceptable"]))" } ?? "")
      rows.append([.text(rule.label), .number(j.value, decimals: 3), .text(bound), .text(L[j.verdict.labelKey])])
    }
    if let lo = value["rmsea.ci.lower"], let hi = value["rmsea.ci.upper"] {
      rows.append([.text("RMSEA 90% CI"), .text(String(format: "[%.3f, %.3f]", lo, hi)), .text("—"), .text("PCLOSE = \(String(format: "%.3f", value["rmsea.pvalue"] ?? .nan))")])
    }
    if let aic = f["aic"], let bic = f["bic"] {
      rows.append([.text("AIC / BIC"), .text(String(format: "%.1f / %.1f", aic, bic)), .text("—"), .text(L["fit.compare"])])
    }
    return Table(title: L["fit.title"], headers: [L["fit.index"], L["fit.value"], L["fit.cutoff"], L["fit.verdict"]], rows: rows,
                 notes: notes)
  }
}

public enum InvarianceTables {
  /// The steps side by side (fit of each, then the comparison with the step before).
  public static func make(_ r: InvarianceResult, labels L: Labels) -> [Table] {
    let zh = L.language == .zh
    let names: [String: String] = zh
      ? ["configural": "形态等值（configural）", "thresholds": "阈值等值（thresholds）", "metric": "弱等值（metric，载荷）", "scalar": "强等值（scalar，+截距）", "strict": "严格等值（strict，+残差）"]
      : ["configural": "Configural", "thresholds": "Thresholds", "metric": "Metric (loadings)", "scalar": "Scalar (+ intercepts)", "strict": "Strict (+ residuals)"]
    func num(_ v: Double?, _ d: Int = 3) -> Cell { v.map { $0.isFinite ? .number($0, decimals: d) : .empty } ?? .empty }
    let robust = r.steps.first?.chisqScaled != nil
    let ordinal = r.steps.contains { $0.model == "thresholds" } || !r.notes.isEmpty
    let theta = r.notes.contains { $0.contains("theta parameterization") }
    let rows: [[Cell]] = r.steps.map { s in
      [.text(names[s.model] ?? s.model), .number(s.chisqScaled ?? s.chisq, decimals: 3), .text(String(Int(s.df))), num(s.cfi), num(s.tli), num(s.rmsea),
       num(s.srmr), num(s.aic, 1), num(s.bic, 1),
       num(s.chisqDiff), s.dfDiff.map { .text(String(Int($0))) } ?? .empty, L.p(s.pvalueDiff), num(s.deltaCFI), num(s.deltaRMSEA),
       s.holds.map { .text($0 ? (zh ? "成立" : "holds") : (zh ? "不成立" : "rejected")) } ?? .empty]
    }
    let groups = zip(r.groups, r.nobs).map { "\($0) (n = \($1))" }.joined(separator: ", ")
    let rule = String(format: zh ? "判定：ΔCFI ≥ −%.3f（Cheung & Rensvold, 2002）且 ΔRMSEA ≤ %.3f（Chen, 2007）；Δχ² 为 lavTestLRT 的嵌套模型 χ² 差异检验。"
                               : "Verdict: ΔCFI ≥ −%.3f (Cheung & Rensvold 2002) and ΔRMSEA ≤ %.3f (Chen 2007); Δχ² is lavTestLRT's nested-model χ² difference test.",
                      r.cutoffs["delta_cfi"] ?? 0.01, r.cutoffs["delta_rmsea"] ?? 0.015)
      + (ordinal
        ? (zh ? "有序指标（WLSMV，\(theta ? "theta" : "delta") 参数化），按 Wu 与 Estabrook（2016）的识别约束（同 semTools 的 measEq.syntax 默认）：形态模型潜变量方差为 1、均值为 0；阈值等值后放开其余组的截距与\(theta ? "残差方差" : "尺度因子")；载荷等值后放开其余组的潜变量方差；截距等值后放开其余组的潜变量均值\(theta ? "；严格等值再令残差方差相等（均为 1）" : "")。χ² 为均值方差校正 χ²，Δχ² 为 Satorra（2000）校正差异检验（lavTestLRT 默认），CFI/TLI/RMSEA 为校正（scaled）版本\(theta ? "" : "；delta 参数化下残差方差不是参数，故不检验严格等值（可用 --parameterization theta）")。"
              : " Ordered indicators (WLSMV, \(theta ? "theta" : "delta") parameterization) identified as Wu & Estabrook (2016), as semTools' measEq.syntax by default: configural with latent variances 1 and means 0; equal thresholds free the other groups' intercepts and \(theta ? "residual variances" : "scale factors"); equal loadings their latent variances; equal intercepts their latent means\(theta ? "; strict holds the residual variances equal (1)" : ""). χ² is the mean- and variance-adjusted χ², Δχ² the scaled-shifted difference test of Satorra (2000) (lavTestLRT's default), CFI/TLI/RMSEA the scaled versions\(theta ? "" : "; residual variances are not parameters in the delta parameterization, so there is no strict step (use --parameterization theta)").")
        : robust ? (zh ? "稳健估计（MLR）：χ² 为 Yuan–Bentler 校正 χ²，Δχ² 为 Satorra–Bentler（2001）校正差异检验，CFI/TLI/RMSEA 为稳健版本。"
                      : " Robust estimation (MLR): χ² is the Yuan–Bentler scaled χ², Δχ² the Satorra–Bentler (2001) scaled difference, and CFI/TLI/RMSEA the robust versions.") : "")
    // No likelihood (WLSMV): no AIC and BIC columns.
    let likelihood = r.steps.contains { $0.aic.isFinite }
    let keep = (0..<15).filter { likelihood || ($0 != 7 && $0 != 8) }
    return [Table(
      title: zh ? "测量不变性检验" : "Measurement invariance",
      headers: keep.map { [zh ? "模型" : "model", "χ²", "df", "CFI", "TLI", "RMSEA", "SRMR", "AIC", "BIC", "Δχ²", "Δdf", "p", "ΔCFI", "ΔRMSEA", zh ? "结论" : "verdict"][$0] },
      rows: rows.map { row in keep.map { row[$0] } },
      notes: ["\(L["note"]): \(zh ? "分组" : "groups"): \(groups)\(r.missing == "fiml" ? (zh ? "；FIML 处理缺失值" : "; missing data by FIML") : ""). \(rule) *** p < 0.001."]
        + r.warnings.map { "\(L["warning"]): \(L.text($0))" })]
  }
}
