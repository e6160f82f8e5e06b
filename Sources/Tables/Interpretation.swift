// Interpretation text under a result, in the register of a thesis' results
// chapter (SPSSAU's 分析建议): what the numbers say against the usual
// thresholds, with their sources, generated from the result values. Every
// number quoted is formatted as its table shows it (three decimals, p in the
// report's style), and the wording never claims more than the numbers show:
// correlations are associations, a non-significant path is "not supported"
// (未得到支持), never "no effect".
//
// Thresholds: α ≥ .70 (Nunnally 1978); corrected item–total r ≥ .30 (Nunnally &
// Bernstein 1994); KMO ≥ .60 and a significant Bartlett test for factoring
// (Kaiser 1974); CR ≥ .70 and AVE ≥ .50 (Fornell & Larcker 1981; Hair et al.
// 2019); √AVE above the factor correlations (Fornell & Larcker 1981); HTMT <
// .85 (Henseler, Ringle & Sarstedt 2015); fit indices as the fit table's
// cut-offs (Hu & Bentler 1999 and the sources it names).

import Report
import Survey
import SEM
import Psychometrics
import Validity
import Differences
import Regression
import Grey
import Foundation

public enum Interpretation {
  static func f3(_ v: Double) -> String { String(format: "%.3f", v) }
  static func list(_ items: [String], _ L: Labels) -> String { items.joined(separator: L.language == .zh ? "、" : ", ") }

  /// One sentence per scale, and the items that weaken it.
  public static func reliability(_ r: ReliabilityReport, _ L: Labels) -> String {
    let zh = L.language == .zh
    var out: [String] = []
    let good = r.scales.filter { $0.alpha >= r.alphaCutoff }, low = r.scales.filter { $0.alpha < r.alphaCutoff }
    if !good.isEmpty {
      let alphas = good.map { zh ? "\($0.name)（α = \(f3($0.alpha))）" : "\($0.name) (α = \(f3($0.alpha)))" }
      out.append(zh ? "量表 \(list(alphas, L)) 的 Cronbach's α 均不低于 \(String(format: "%.2f", r.alphaCutoff)) 的常用标准（Nunnally, 1978），内部一致性信度良好。"
                    : "Cronbach's α of \(list(alphas, L)) meets the usual \(String(format: "%.2f", r.alphaCutoff)) (Nunnally 1978): the scales are internally consistent.")
    }
    if !low.isEmpty {
      let alphas = low.map { zh ? "\($0.name)（α = \(f3($0.alpha))）" : "\($0.name) (α = \(f3($0.alpha)))" }
      out.append(zh ? "\(list(alphas, L)) 的 α 低于 \(String(format: "%.2f", r.alphaCutoff))，信度偏低，宜检查题项措辞或删除题项后再分析。"
                    : "\(list(alphas, L)) fall below \(String(format: "%.2f", r.alphaCutoff)): reliability is low; check the items' wording or drop items before further analysis.")
    }
    var weak: [String] = []
    for s in r.scales {
      for st in s.itemStats where st.citc < 0.3 || st.alphaIfDeleted > s.alpha + 0.005 {
        weak.append(zh ? "\(s.name) 的 \(st.item)（CITC = \(f3(st.citc))，删除后 α = \(f3(st.alphaIfDeleted))）"
                       : "\(st.item) of \(s.name) (CITC = \(f3(st.citc)), α if deleted = \(f3(st.alphaIfDeleted)))")
      }
    }
    if !weak.isEmpty {
      out.append(zh ? "题项 \(list(weak, L)) 与量表总分的相关偏低或删除后 α 上升（CITC 宜 ≥ 0.30，Nunnally & Bernstein, 1994），可考虑修订或删除。"
                    : "Items \(list(weak, L)) correlate weakly with their scale or raise α when deleted (CITC ≥ 0.30, Nunnally & Bernstein 1994); consider revising or dropping them.")
    } else if !r.scales.isEmpty {
      out.append(zh ? "各题项的校正项—总相关（CITC）均不低于 0.30，删除任一题项都不会明显提高 α。"
                    : "Every corrected item–total correlation is at least 0.30, and deleting an item would not raise α noticeably.")
    }
    return out.joined(separator: zh ? "" : " ")
  }

  /// KMO and Bartlett, then what the factor solution retains.
  public static func factorAnalysis(_ r: EFAResult, cut: Double, _ L: Labels) -> String {
    let zh = L.language == .zh
    let kmo = r.kmo.overall
    var out: [String] = []
    let factorable = kmo >= 0.6 && r.bartlett.pvalue < 0.05
    out.append(zh ? "KMO 值为 \(f3(kmo))（\(PsychometricsTables.kmoVerdict(kmo, L))，Kaiser, 1974），Bartlett 球形检验 χ² = \(f3(r.bartlett.chisq))，\(L.pText(r.bartlett.pvalue))，\(factorable ? "数据适合进行因子分析" : "数据不宜进行因子分析")。"
                  : "KMO is \(f3(kmo)) (\(PsychometricsTables.kmoVerdict(kmo, L)); Kaiser 1974) and Bartlett's test gives χ² = \(f3(r.bartlett.chisq)), \(L.pText(r.bartlett.pvalue)): the data are \(factorable ? "" : "not ")suitable for factor analysis.")
    let k = r.factors.count
    if k > 0, k <= r.variance.cumulative.count {
      let cumulative = String(format: "%.2f", r.variance.cumulative[k - 1] * 100)
      out.append(zh ? "\(L["efa.method.\(r.method.rawValue)"])提取 \(k) 个\(r.method == .pca ? "成分" : "因子")，累计解释 \(cumulative)% 的方差。"
                    : "\(L["efa.method.\(r.method.rawValue)"].prefix(1).uppercased() + L["efa.method.\(r.method.rawValue)"].dropFirst()) retains \(k) \(r.method == .pca ? "component" : "factor")\(k == 1 ? "" : "s"), explaining \(cumulative)% of the variance.")
    }
    var low: [String] = [], cross: [String] = []
    for row in r.sortedRows {
      let big = row.loadings.filter { abs($0) >= cut }
      if big.isEmpty { low.append(row.item) } else if big.count > 1 { cross.append(row.item) }
    }
    if low.isEmpty && cross.isEmpty {
      out.append(zh ? "各题项在所属\(r.method == .pca ? "成分" : "因子")上的载荷均不低于 \(formatNumberCompact(cut))，且无交叉载荷，结构清晰。"
                    : "Every item loads at least \(formatNumberCompact(cut)) on one \(r.method == .pca ? "component" : "factor") and on no other: the structure is clean.")
    } else {
      if !low.isEmpty {
        out.append(zh ? "题项 \(list(low, L)) 的载荷均低于 \(formatNumberCompact(cut))，归属不明，宜考虑删除。"
                      : "Items \(list(low, L)) load below \(formatNumberCompact(cut)) everywhere and belong to no factor; consider dropping them.")
      }
      if !cross.isEmpty {
        out.append(zh ? "题项 \(list(cross, L)) 在多个\(r.method == .pca ? "成分" : "因子")上的载荷均不低于 \(formatNumberCompact(cut))（交叉载荷），宜检查其措辞。"
                      : "Items \(list(cross, L)) load at least \(formatNumberCompact(cut)) on several factors (cross-loadings); check their wording.")
      }
    }
    return out.joined(separator: zh ? "" : " ")
  }

  /// The fit indices against their cut-offs. χ²/df, CFI, TLI, RMSEA and SRMR
  /// decide (Hu & Bentler 1999; Kline 2016); GFI, AGFI, NFI and the parsimony
  /// indices fall with model size and N (Sharma et al. 2005), so they are
  /// reported beside the verdict, not as its ground.
  public static func fit(_ r: SEMResult, _ c: FitCutoffs, _ L: Labels) -> String {
    let zh = L.language == .zh
    let judged = SEMTables.verdicts(r, c)
    guard !judged.isEmpty else { return "" }
    let coreKeys: Set<String> = ["cmin/df", "cfi", "tli", "rmsea", "srmr"]
    let core = judged.filter { coreKeys.contains($0.rule.key) }, other = judged.filter { !coreKeys.contains($0.rule.key) }
    func named(_ js: [(rule: FitCutoffs.Rule, value: Double, verdict: SEMTables.FitVerdict)]) -> String {
      list(js.map { "\($0.rule.label) = \(f3($0.value))" }, L)
    }
    var out: [String] = []
    let corePoor = core.filter { $0.verdict == .poor }, coreFair = core.filter { $0.verdict == .acceptable }
    if corePoor.isEmpty && coreFair.isEmpty {
      out.append(zh ? "主要拟合指标（\(named(core))）均达到良好标准，模型拟合良好。" : "The main fit indices (\(named(core))) all meet the strict cut-offs: the model fits well.")
    } else if corePoor.isEmpty {
      out.append(zh ? "主要拟合指标（\(named(core))）均在可接受范围内（\(named(coreFair)) 未达良好标准），模型拟合可以接受。"
                    : "The main fit indices (\(named(core))) are within the acceptable range (\(named(coreFair)) short of the strict cut-offs): the fit is acceptable.")
    } else {
      out.append(zh ? "\(named(corePoor)) 未达到标准，模型拟合欠佳，宜结合理论与修正指数检查模型设定。"
                    : "\(named(corePoor)) miss their cut-offs: the fit is poor; check the specification against theory and the modification indices.")
    }
    let otherPoor = other.filter { $0.verdict == .poor }
    if !otherPoor.isEmpty {
      out.append(zh ? "\(named(otherPoor)) 低于常用标准；这些指标受样本量与模型规模影响较大（Sharma et al., 2005），宜作参考。"
                    : "\(named(otherPoor)) fall below their usual cut-offs; these indices depend on sample size and model size (Sharma et al. 2005) and are secondary.")
    }
    return out.joined(separator: zh ? "" : " ")
  }

  /// CR, AVE and discriminant validity of a measurement model.
  public static func validity(_ r: SEMResult, _ L: Labels) -> String {
    let zh = L.language == .zh
    guard let rel = r.reliability, !rel.isEmpty else { return "" }
    var out: [String] = []
    let crLow = rel.filter { $0.cr < 0.7 }, aveLow = rel.filter { $0.ave < 0.5 }
    // One construct: its value; several: their range.
    func values(_ v: [Double]) -> (zh: String, en: String) {
      let lo = f3(v.min()!), hi = f3(v.max()!)
      return v.count == 1 ? ("为 \(lo)", "is \(lo)") : ("介于 \(lo)–\(hi)", "ranges \(lo)–\(hi)")
    }
    if crLow.isEmpty && aveLow.isEmpty {
      let cr = values(rel.map(\.cr)), ave = values(rel.map(\.ave))
      let subject = rel.count == 1 ? (zh: "\(rel[0].factor) 的", en: " of \(rel[0].factor)") : (zh: "各构念的", en: "")
      out.append(zh ? "\(subject.zh)组合信度 CR \(cr.zh)（≥ 0.70），平均方差抽取量 AVE \(ave.zh)（≥ 0.50），收敛效度良好（Fornell & Larcker, 1981）。"
                    : "Composite reliability\(subject.en) \(cr.en) (≥ 0.70) and AVE \(ave.en) (≥ 0.50): convergent validity holds (Fornell & Larcker 1981).")
    } else {
      if !crLow.isEmpty {
        out.append(zh ? "\(list(crLow.map { "\($0.factor)（CR = \(f3($0.cr))）" }, L)) 的组合信度低于 0.70。"
                      : "Composite reliability of \(list(crLow.map { "\($0.factor) (CR = \(f3($0.cr)))" }, L)) is below 0.70.")
      }
      if !aveLow.isEmpty {
        out.append(zh ? "\(list(aveLow.map { "\($0.factor)（AVE = \(f3($0.ave))）" }, L)) 的 AVE 低于 0.50，收敛效度不足（Fornell & Larcker, 1981）。"
                      : "AVE of \(list(aveLow.map { "\($0.factor) (AVE = \(f3($0.ave)))" }, L)) is below 0.50: convergent validity is weak (Fornell & Larcker 1981).")
      }
    }
    if let d = r.discriminant, d.factors.count >= 2 {
      let k = d.factors.count
      var failing: [String] = [], htmtHigh: [String] = []
      let ave = Dictionary(uniqueKeysWithValues: rel.map { ($0.factor, $0.ave) })
      for i in 0..<k {
        for j in 0..<i {
          let a = d.factors[i], b = d.factors[j]
          if let ai = ave[a], let bj = ave[b], abs(d.correlations[i][j]) >= min(ai.squareRoot(), bj.squareRoot()) {
            failing.append("\(a)–\(b) (r = \(f3(d.correlations[i][j])))")
          }
          // HTMT needs the items' correlations: absent with a covariance matrix or FIML.
          if i < d.htmt.count, j < d.htmt[i].count, d.htmt[i][j] >= 0.85 { htmtHigh.append("\(a)–\(b) (HTMT = \(f3(d.htmt[i][j])))") }
        }
      }
      let withHTMT = d.htmt.count == k
      if failing.isEmpty && htmtHigh.isEmpty {
        out.append(zh ? "各构念 AVE 的平方根均大于其与其他构念的相关系数\(withHTMT ? "，HTMT 均低于 0.85" : "")，区分效度良好（Fornell & Larcker, 1981\(withHTMT ? "; Henseler et al., 2015" : "")）。"
                      : "Each √AVE exceeds the construct's correlations with the others\(withHTMT ? " and every HTMT is below 0.85" : ""): discriminant validity holds (Fornell & Larcker 1981\(withHTMT ? "; Henseler et al. 2015" : "")).")
      } else {
        if !failing.isEmpty {
          out.append(zh ? "构念对 \(list(failing, L)) 的相关系数不小于其 AVE 的平方根，区分效度存疑。" : "For \(list(failing, L)) the correlation is not below √AVE: discriminant validity is in doubt.")
        }
        if !htmtHigh.isEmpty {
          out.append(zh ? "构念对 \(list(htmtHigh, L)) 的 HTMT 不低于 0.85（Henseler et al., 2015）。" : "\(list(htmtHigh, L)) reach HTMT ≥ 0.85 (Henseler et al. 2015).")
        }
      }
    }
    return out.joined(separator: zh ? "" : " ")
  }

  /// Which correlations are significant, as associations.
  public static func correlations(_ t: CorrelationTable, _ L: Labels) -> String {
    let zh = L.language == .zh
    let k = t.variables.count
    var positive = 0, negative = 0, none = 0
    var strongest: (String, String, Double, Double)?
    for i in 0..<k {
      for j in 0..<i {
        let r = t.r[i][j], p = t.p[i][j]
        // Pairs without a test (polyserial) are counted nowhere.
        guard !p.isNaN else { continue }
        if p < 0.05 { if r > 0 { positive += 1 } else { negative += 1 } } else { none += 1 }
        if strongest == nil || abs(r) > abs(strongest!.2) { strongest = (t.variables[i], t.variables[j], r, p) }
      }
    }
    guard let s = strongest else { return "" }
    let pairs = positive + negative + none
    return zh
      ? "\(pairs) 对变量中，\(positive) 对显著正相关、\(negative) 对显著负相关、\(none) 对相关不显著；相关最强的是 \(s.0) 与 \(s.1)（r = \(f3(s.2))，\(L.pText(s.3))）。相关系数只说明变量间存在关联，不表示因果关系，变量间的作用关系有待结构方程模型检验。"
      : "Of \(pairs) pairs, \(positive) correlate significantly positively, \(negative) negatively and \(none) not significantly; the strongest is \(s.0) with \(s.1) (r = \(f3(s.2)), \(L.pText(s.3))). Correlations show association, not causation; the paths are tested in the structural model."
  }

  /// The structural paths of a model: significant or not, in the direction found.
  public static func paths(_ r: SEMResult, _ L: Labels) -> String {
    let zh = L.language == .zh
    let structural = r.parameters.filter { $0.op == .regression }
    guard !structural.isEmpty else { return "" }
    let significant = structural.filter { ($0.pvalue ?? 1) < 0.05 }, other = structural.filter { ($0.pvalue ?? 1) >= 0.05 }
    func show(_ e: ParameterEstimate) -> String { "\(e.rhs) → \(e.lhs)（β = \(f3(e.stdAll))，\(L.pText(e.pvalue ?? 1))）" }
    func showEN(_ e: ParameterEstimate) -> String { "\(e.rhs) → \(e.lhs) (β = \(f3(e.stdAll)), \(L.pText(e.pvalue ?? 1)))" }
    var out: [String] = []
    if !significant.isEmpty {
      out.append(zh ? "路径 \(list(significant.map(show), L)) 在 0.05 水平上显著。" : "The paths \(list(significant.map(showEN), L)) are significant at the 0.05 level.")
    }
    if !other.isEmpty {
      out.append(zh ? "路径 \(list(other.map(show), L)) 不显著，相应关系未得到数据支持。" : "The paths \(list(other.map(showEN), L)) are not significant: those relations are not supported by the data.")
    }
    return out.joined(separator: zh ? "" : " ")
  }

  /// An indirect effect judged by the interval that decides it.
  public static func indirect(path: String, effect: Double, lower: Double, upper: Double, bootstrap: Bool, _ L: Labels) -> String {
    let zh = L.language == .zh
    let excludes = lower > 0 || upper < 0
    let interval = "[\(f3(lower)), \(f3(upper))]"
    return zh
      ? "\(path) 的间接效应为 \(f3(effect))，\(bootstrap ? "bootstrap 95% 百分位区间" : "delta 法 95% 置信区间") \(interval) \(excludes ? "不包含 0，中介效应显著" : "包含 0，中介效应未得到支持")。"
      : "The indirect effect \(path) is \(f3(effect)); its \(bootstrap ? "bootstrap 95% percentile" : "delta-method 95%") interval \(interval) \(excludes ? "excludes 0: the mediation is significant" : "includes 0: the mediation is not supported")."
  }
}
