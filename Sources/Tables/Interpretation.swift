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

  /// One sentence per scale, and the items that weaken it.
  public static func reliability(_ r: ReliabilityReport, _ L: Labels) -> String {
    var out: [String] = []
    let cutoff = String(format: "%.2f", r.alphaCutoff)
    let good = r.scales.filter { $0.alpha >= r.alphaCutoff }, low = r.scales.filter { $0.alpha < r.alphaCutoff }
    func alphas(_ scales: [ScaleReliability]) -> String { L.list(scales.map { L.format(.interpRelScaleAlpha, $0.name, f3($0.alpha)) }) }
    if !good.isEmpty { out.append(L.format(.interpRelGood, alphas(good), cutoff)) }
    if !low.isEmpty { out.append(L.format(.interpRelLow, alphas(low), cutoff)) }
    var weak: [String] = []
    for s in r.scales {
      for st in s.itemStats where st.citc < 0.3 || st.alphaIfDeleted > s.alpha + 0.005 {
        weak.append(L.format(.interpRelWeakItem, s.name, st.item, f3(st.citc), f3(st.alphaIfDeleted)))
      }
    }
    if !weak.isEmpty {
      out.append(L.format(.interpRelWeak, L.list(weak)))
    } else if !r.scales.isEmpty {
      out.append(L[.interpRelItemsFine])
    }
    return L.paragraph(out)
  }

  /// A loading that assigns an item to a factor when the user hides none
  /// (`--cut 0` shows them all): 0.40, SPSSAU's and Hair et al.'s (2019) rule.
  public static let salientLoading = 0.4

  /// KMO and Bartlett, then what the factor solution retains.
  public static func factorAnalysis(_ r: EFAResult, cut: Double, _ L: Labels) -> String {
    let kmo = r.kmo.overall
    var out: [String] = []
    let factorable = kmo >= 0.6 && r.bartlett.pvalue < 0.05
    out.append(L.format(factorable ? .interpEfaFactorable : .interpEfaNotFactorable,
                        f3(kmo), PsychometricsTables.kmoVerdict(kmo, L), f3(r.bartlett.chisq), L.pText(r.bartlett.pvalue)))
    let pca = r.method == .pca
    let k = r.factors.count
    if k > 0, k <= r.variance.cumulative.count {
      let cumulative = String(format: "%.2f", r.variance.cumulative[k - 1] * 100)
      let method = L[method: r.method]
      let noun = L[pca ? (k == 1 ? .interpComponent : .interpComponents) : (k == 1 ? .interpFactor : .interpFactors)]
      out.append(L.format(.interpEfaRetained, method.prefix(1).uppercased() + method.dropFirst(), k, noun, cumulative))
    }
    var low: [String] = [], cross: [String] = []
    for row in r.sortedRows {
      let big = row.loadings.filter { abs($0) >= cut }
      if big.isEmpty { low.append(row.item) } else if big.count > 1 { cross.append(row.item) }
    }
    let cutText = formatNumberCompact(cut)
    if low.isEmpty && cross.isEmpty {
      out.append(L.format(.interpEfaClean, cutText, L[pca ? .interpComponent : .interpFactor]))
    } else {
      if !low.isEmpty { out.append(L.format(.interpEfaLowLoadings, L.list(low), cutText)) }
      if !cross.isEmpty { out.append(L.format(.interpEfaCrossLoadings, L.list(cross), cutText, L[pca ? .interpComponents : .interpFactors])) }
    }
    return L.paragraph(out)
  }

  /// The fit indices against their cut-offs. χ²/df, CFI, TLI, RMSEA and SRMR
  /// decide (Hu & Bentler 1999; Kline 2016); GFI, AGFI, NFI and the parsimony
  /// indices fall with model size and N (Sharma et al. 2005), so they are
  /// reported beside the verdict, not as its ground.
  public static func fit(_ r: SEMResult, _ c: FitCutoffs, _ L: Labels) -> String {
    let judged = SEMTables.verdicts(r, c)
    guard !judged.isEmpty else { return "" }
    let coreKeys: Set<String> = ["cmin/df", "cfi", "tli", "rmsea", "srmr"]
    let core = judged.filter { coreKeys.contains($0.rule.key) }, other = judged.filter { !coreKeys.contains($0.rule.key) }
    func named(_ js: [(rule: FitCutoffs.Rule, value: Double, verdict: SEMTables.FitVerdict)]) -> String {
      L.list(js.map { "\($0.rule.label) = \(f3($0.value))" })
    }
    var out: [String] = []
    let corePoor = core.filter { $0.verdict == .poor }, coreFair = core.filter { $0.verdict == .acceptable }
    if corePoor.isEmpty && coreFair.isEmpty {
      out.append(L.format(.interpFitGood, named(core)))
    } else if corePoor.isEmpty {
      out.append(L.format(.interpFitAcceptable, named(core), named(coreFair)))
    } else {
      out.append(L.format(.interpFitPoor, named(corePoor)))
    }
    let otherPoor = other.filter { $0.verdict == .poor }
    if !otherPoor.isEmpty { out.append(L.format(.interpFitSecondary, named(otherPoor))) }
    return L.paragraph(out)
  }

  /// CR, AVE and discriminant validity of a measurement model.
  public static func validity(_ r: SEMResult, _ L: Labels) -> String {
    guard let rel = r.reliability, !rel.isEmpty else { return "" }
    var out: [String] = []
    let crLow = rel.filter { $0.cr < 0.7 }, aveLow = rel.filter { $0.ave < 0.5 }
    // One construct: its value; several: their range.
    func values(_ v: [Double]) -> String {
      v.count == 1 ? L.format(.interpValValue, f3(v[0])) : L.format(.interpValRange, f3(v.min()!), f3(v.max()!))
    }
    if crLow.isEmpty && aveLow.isEmpty {
      let cr = values(rel.map(\.cr)), ave = values(rel.map(\.ave))
      out.append(rel.count == 1 ? L.format(.interpValConvergentOne, rel[0].factor, cr, ave) : L.format(.interpValConvergentAll, cr, ave))
    } else {
      if !crLow.isEmpty { out.append(L.format(.interpValCrLow, L.list(crLow.map { L.format(.interpValCrItem, $0.factor, f3($0.cr)) }))) }
      if !aveLow.isEmpty { out.append(L.format(.interpValAveLow, L.list(aveLow.map { L.format(.interpValAveItem, $0.factor, f3($0.ave)) }))) }
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
      if failing.isEmpty && htmtHigh.isEmpty {
        out.append(L[d.htmt.count == k ? .interpValDiscriminantHTMT : .interpValDiscriminant])
      } else {
        if !failing.isEmpty { out.append(L.format(.interpValFailing, L.list(failing))) }
        if !htmtHigh.isEmpty { out.append(L.format(.interpValHtmtHigh, L.list(htmtHigh))) }
      }
    }
    return L.paragraph(out)
  }

  /// Which correlations are significant, as associations.
  public static func correlations(_ t: CorrelationTable, _ L: Labels) -> String {
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
    return L.format(.interpCorrSummary, positive + negative + none, positive, negative, none, s.0, s.1, f3(s.2), L.pText(s.3))
  }

  /// The structural paths of a model: significant or not, in the direction found.
  public static func paths(_ r: SEMResult, _ L: Labels) -> String {
    let structural = r.parameters.filter { $0.op == .regression }
    guard !structural.isEmpty else { return "" }
    let significant = structural.filter { ($0.pvalue ?? 1) < 0.05 }, other = structural.filter { ($0.pvalue ?? 1) >= 0.05 }
    func show(_ es: [ParameterEstimate]) -> String {
      L.list(es.map { L.format(.interpPathItem, $0.rhs, $0.lhs, f3($0.stdAll), L.pText($0.pvalue ?? 1)) })
    }
    var out: [String] = []
    if !significant.isEmpty { out.append(L.format(.interpPathSignificant, show(significant))) }
    if !other.isEmpty { out.append(L.format(.interpPathNotSignificant, show(other))) }
    return L.paragraph(out)
  }

  /// An indirect effect judged by the interval that decides it.
  public static func indirect(path: String, effect: Double, lower: Double, upper: Double, bootstrap: Bool, _ L: Labels) -> String {
    let excludes = lower > 0 || upper < 0
    return L.format(.interpIndirectSentence, path, f3(effect), L[bootstrap ? .interpIndirectBootstrap : .interpIndirectDelta],
                    "[\(f3(lower)), \(f3(upper))]", L[excludes ? .interpIndirectExcludes : .interpIndirectIncludes])
  }
}
