import Foundation
import Differences
import Grey
import Psychometrics
import Regression
import Report
import SEM
import Survey
import Tables

// The study's report as one `Document`, built from one `StudyResult`: the
// text, Markdown, HTML and Word reports all render this value, and
// results.json encodes the result itself, so a number is the same in each.

public enum StudyDocument {
  public static func make(_ r: StudyResult) -> Document {
    let lang: Language = r.lang == "en" ? .en : .zh
    let L = Labels(lang, pStyle: r.pStyle)
    let en = lang == .en
    func name(_ c: String) -> String { r.constructLabels[c].map { "\($0) (\(c))" } ?? c }
    var doc = Document(title: r.title, lang: lang)
    func h(_ s: String, _ level: Int = 1) { doc.blocks.append(.heading(s, level: level)) }
    func p(_ s: String) { doc.blocks.append(.paragraph(s)) }
    func t(_ table: Table) { doc.blocks.append(.table(table)) }
    // What a result says, under its tables (empty when there is nothing to say).
    func say(_ s: String) { if !s.isEmpty { p(s) } }

    if r.shippedData {
      p(en ? "Produced by ClusterStat \(r.version) from \(r.sample.data). The questionnaire data shipped with ClusterStat are simulated from the population model in Datasets/cluster-enterprise (seed 20180501); they are not the book's responses."
           : "本报告由 ClusterStat \(r.version) 根据 \(r.sample.data) 生成。随 ClusterStat 提供的问卷数据是按 Datasets/cluster-enterprise 中的总体模型模拟的（种子 20180501），并非原书的调查数据。")
    } else {
      p(en ? "Produced by ClusterStat \(r.version) from \(r.sample.data)." : "本报告由 ClusterStat \(r.version) 根据 \(r.sample.data) 生成。")
    }

    // 1. Sample.
    h(en ? "1 Sample profile and data screening" : "1 样本概况与数据筛查")
    let s = r.sample
    p(en ? "Rows read: \(s.rowsRead); valid responses after screening: \(s.rowsKept)."
         : "读入 \(s.rowsRead) 份问卷，筛查后有效问卷 \(s.rowsKept) 份（有效率 \(String(format: "%.1f", 100 * Double(s.rowsKept) / Double(max(1, s.rowsRead))))%）。")
    var profileRows: [[Cell]] = []
    for f in s.profile {
      for (k, level) in f.levels.enumerated() {
        profileRows.append([.text(k == 0 ? (s.labels[f.variable] ?? f.variable) : ""), .text(level.label ?? level.value),
                            .integer(level.count), .number(level.validPercent, decimals: 1), .number(level.cumulativePercent, decimals: 1)])
      }
    }
    t(Table(title: en ? "Sample profile" : "样本基本特征", headers: [L[.variable], L[.value], L[.count], L[.validPercent], L[.cumulativePercent]],
            rows: profileRows, notes: ["\(L[.note]): N = \(s.rowsKept)."]))
    for f in s.profile {
      let name = s.labels[f.variable] ?? f.variable
      let title = en ? "Sample profile: \(name)" : "样本特征：\(name)"
      doc.blocks.append(.figure(Figure(title: title, svg: Charts.profileBars(title: title, categories: f.levels.map { ($0.label ?? $0.value, $0.count) }))))
    }
    for table in DescribeTables.screeningTables(excluded: s.excluded, screening: s.screening, reverseCoded: s.reverseCoded, L) { t(table) }

    // 2. Reliability.
    h(en ? "2 Reliability" : "2 信度分析")
    for table in PsychometricsTables.reliability(r.reliability, L) { t(table) }
    say(Interpretation.reliability(r.reliability, L))

    // 3. EFA.
    h(en ? "3 Sampling adequacy and exploratory factor analysis" : "3 KMO、Bartlett 球形检验与探索性因子分析")
    for part in r.efa {
      h(part.part, 2)
      // The KMO/Bartlett table once (it opens the EFA tables), then each item's MSA.
      var efaTables = PsychometricsTables.efa(part.efa, cut: 0.4, labels: L)
      efaTables.insert(contentsOf: PsychometricsTables.adequacy(n: part.efa.n, kmo: part.adequacy.kmo, bartlett: part.adequacy.bartlett, L).dropFirst(), at: 1)
      for var table in efaTables {
        table.title = "\(part.part): \(table.title)"
        t(table)
      }
      say(Interpretation.factorAnalysis(part.efa, cut: Interpretation.salientLoading, L))
      let scree = ScreePlot.svg(observed: part.efa.eigenvalues, parallel: nil, title: "\(part.part): \(L[.efaScree])",
                                xLabel: L[.efaFactor], yLabel: L[.efaEigenvalue], observedLabel: L[.efaObserved],
                                parallelLabel: L[.efaParallel95])
      doc.blocks.append(.figure(Figure(title: "\(part.part): \(L[.efaScree])", svg: scree)))
    }

    if let cmb = r.commonMethodBias {
      h(L[.cmbTitle], 2)
      for table in CommonMethodTables.make(cmb, L) { t(table) }
    }

    // 4. CFA.
    h(en ? "4 Confirmatory factor analysis of the measurement model" : "4 测量模型的验证性因子分析")
    let cutoffs = FitCutoffs()
    var fitTable = SEMTables.fitTable(r.cfa, cutoffs, L)
    fitTable.title = en ? "Fit of the measurement model" : "测量模型拟合指标"
    t(fitTable)
    say(Interpretation.fit(r.cfa, cutoffs, L))
    // Standardised loadings first (what convergent validity reads), then the unstandardised test.
    let loadings = r.cfa.parameters.filter { $0.op == .measuredBy }.map { e -> [Cell] in
      [.text(e.lhs), .text(e.rhs), .number(e.stdAll, decimals: 3), .number(e.est, decimals: 3), e.free > 0 ? .number(e.se, decimals: 3) : .empty,
       e.z.map { .number($0, decimals: 3) } ?? .empty, L.p(e.pvalue)]
    }
    t(Table(title: en ? "Factor loadings (standardised and unstandardised)" : "因子载荷（标准化与非标准化）",
            headers: [en ? "Construct" : "构念", en ? "Item" : "题项", L[.amosStd], L[.amosEstimate], "S.E.", "C.R.", "P"],
            rows: loadings, notes: ["\(L[.note]): \(en ? "the first loading of each construct is fixed to 1 (no S.E.); P tests the unstandardised loading" : "每个构念的第一个载荷固定为 1（无标准误）；P 为非标准化载荷的检验")."]))
    for table in SEMTables.measurementTables(r.cfa, L) { t(table) }
    say(Interpretation.validity(r.cfa, L))

    // 5. Correlations.
    h(en ? "5 Descriptive statistics and correlations" : "5 描述性统计与相关分析")
    for d in r.likert {
      let title = en ? "Answers to the items of \(d.label) (\(d.scale))" : "\(d.label)（\(d.scale)）各题项的作答分布"
      doc.blocks.append(.figure(Figure(title: title, svg: Charts.likertStacked(title: title, items: Array(zip(d.items, d.counts)), categories: d.categories),
                                       notes: [en ? "Share of each answer in % (labels inside bars)." : "条内数字为各选项所占百分比。"])))
    }
    if let first = r.scoreDistributions.first {
      let title = en ? "Distribution of the construct scores" : "各构念得分的分布"
      doc.blocks.append(.figure(Figure(title: title, svg: Charts.histograms(title: title, scores: r.scoreDistributions.map { ($0.scale, $0.counts) },
                                                                            lower: first.lower, upper: first.upper),
                                       notes: [en ? "Scale scores are item means; bins of \(formatNumberCompact(first.binWidth))." : "构念得分为题项均值；组距 \(formatNumberCompact(first.binWidth))。"])))
    }
    var corr = PsychometricsTables.correlation(r.correlations, L)
    corr.title = en ? "Means, standard deviations and correlations of the constructs" : "各构念的均值、标准差与相关系数"
    t(corr)
    say(Interpretation.correlations(r.correlations, L))

    for c in r.comparisons {
      h(en ? "Differences by \(c.label)" : "\(c.label)的差异分析", 2)
      for var table in DifferencesTables.ttest(c.ttests, L) + DifferencesTables.anova(c.anova, L) {
        table.title = "\(c.label): \(table.title)"
        t(table)
      }
    }

    // 6. Structural models.
    h(en ? "6 Structural equation models" : "6 结构方程模型")
    if r.models.isEmpty && r.failures.isEmpty {
      p(en ? "The codebook's analysis plan specifies no structural model (models:), so the report ends with the measurement chapters."
           : "编码簿的分析计划未设定结构模型（models:），报告止于测量部分。")
    }
    for failure in r.failures {
      p(en ? "This model could not be estimated and is not reported: \(failure)" : "该模型未能估计，不予报告：\(failure)")
    }
    let keys = ["chisq", "df", "cmin/df", "cfi", "tli", "rmsea", "srmr", "gfi", "ifi"]
    let fitRows = r.models.map { m -> [Cell] in
      let f = m.result.fit
      return [.text(m.label), .integer(m.result.nobs.reduce(0, +))] + keys.map { k -> Cell in
        if k == "cmin/df" { return .number((f["chisq"] ?? .nan) / (f["df"] ?? .nan), decimals: 3) }
        if k == "df" { return .integer(Int(f["df"] ?? 0)) }
        return .number(f[k] ?? .nan, decimals: 3)
      }
    }
    if !r.models.isEmpty { t(Table(title: en ? "Fit of the structural models" : "各结构模型的拟合指标", headers: [en ? "Model" : "模型", "N", "χ²", "df", "χ²/df", "CFI", "TLI", "RMSEA", "SRMR", "GFI", "IFI"],
            rows: fitRows,
            notes: ["\(L[.note]): \(en ? "cut-offs" : "判断标准"): χ²/df < 3, CFI/TLI/IFI ≥ 0.90 (0.95 \(en ? "good" : "良好")), RMSEA ≤ 0.08 (0.06), SRMR ≤ 0.08, GFI ≥ 0.90 (Hu & Bentler 1999; Browne & Cudeck 1993). \(en ? "N: complete cases of the model's items (listwise deletion)" : "N：模型题项无缺失的样本数（列删除）")."])) }
    for m in r.models {
      h(m.label, 2)
      var ft = SEMTables.fitTable(m.result, cutoffs, L)
      ft.title = "\(m.label): \(ft.title)"
      t(ft)
      say(Interpretation.fit(m.result, cutoffs, L))
      let structural = m.result.parameters.filter { $0.op == .regression }
      let rows = structural.map { e -> [Cell] in
        [.text("\(e.lhs) <--- \(e.rhs)"), .number(e.est, decimals: 3), .number(e.se, decimals: 3), e.z.map { .number($0, decimals: 3) } ?? .empty,
         L.p(e.pvalue), .number(e.stdAll, decimals: 3)]
      }
      t(Table(title: "\(m.label): \(en ? "path coefficients" : "路径系数")", headers: ["", L[.amosEstimate], "S.E.", "C.R.", "P", L[.amosStd]], rows: rows,
              notes: ["\(L[.note]): \(L.starsNote); R²: " + m.result.r2.names.enumerated().filter { n in structural.contains { $0.lhs == n.element } }
                .map { "\($0.element) = \(String(format: "%.3f", m.result.r2.values[$0.offset]))" }.joined(separator: ", ")]))
      say(Interpretation.paths(m.result, L))
      doc.blocks.append(.figure(Figure(title: "\(m.label): \(en ? "standardised path diagram" : "标准化路径图")", svg: diagram(m, r).svg(title: m.label),
                                       notes: [en ? "Standardised coefficients; \(L.starsNote); dashed: not significant." : "标准化系数；\(L.starsNote)；虚线表示不显著。"])))
    }

    // 7. Mediation.
    let mediators = Array(Set(r.mediation.flatMap(\.mediators))).sorted()
    h(en ? "7 Mediation effects" : "7 中介效应检验")
    if r.mediation.isEmpty {
      p(en ? "No model of the plan defines an indirect effect (a := product of labelled paths such as ind := a*b)."
           : "分析计划中的模型未定义间接效应（如 ind := a*b 这样由带标签路径相乘的定义参数）。")
    }
    let medRows = r.mediation.map { e -> [Cell] in
      [.text(r.models.first { $0.name == e.model }.map { String($0.label.split(whereSeparator: { $0 == "：" || $0 == ":" }).first ?? Substring($0.name)) } ?? e.model), .text(e.path), .number(e.est, decimals: 3), .number(e.se, decimals: 3),
       .text(String(format: "[%.3f, %.3f]", e.deltaLower, e.deltaUpper)), e.bootSE.map { .number($0, decimals: 3) } ?? .empty,
       .text(e.bootLower.map { String(format: "[%.3f, %.3f]", $0, e.bootUpper!) } ?? "—"),
       .text(e.bcaLower.map { String(format: "[%.3f, %.3f]", $0, e.bcaUpper!) } ?? "—"),
       .number(e.direct, decimals: 3), .number(e.total, decimals: 3), .text(e.supported ? (en ? "yes" : "显著") : (en ? "no" : "不显著"))]
    }
    if !r.mediation.isEmpty { t(Table(title: en ? "Indirect effects through \(mediators.map(name).joined(separator: ", "))" : "经由\(mediators.map(name).joined(separator: "、"))的间接效应",
            headers: [en ? "Model" : "模型", en ? "Path" : "路径", en ? "Indirect" : "间接效应", en ? "S.E. (delta)" : "S.E.（delta 法）", en ? "95% CI (delta)" : "95% CI（delta 法）",
                      en ? "Boot S.E." : "Bootstrap S.E.",
                      en ? "95% CI (bootstrap percentile)" : "95% CI（bootstrap 百分位）", en ? "95% CI (bias-corrected)" : "95% CI（偏差校正）",
                      en ? "Direct" : "直接效应", en ? "Total" : "总效应", en ? "Mediation" : "中介效应"],
            rows: medRows,
            notes: ["\(L[.note]): \(en ? "unstandardised effects; bootstrap with B = \(r.bootstrap) resamples of cases (seed \(r.seed)); an effect is significant when its bootstrap percentile interval excludes 0 (delta-method interval when B = 0)." : "非标准化效应；bootstrap 重抽样 B = \(r.bootstrap) 次（种子 \(r.seed)）；bootstrap 百分位区间不含 0 即中介效应显著（B = 0 时用 delta 法区间）。")"]))
      for e in r.mediation {
        let boot = e.bootLower != nil
        say(Interpretation.indirect(path: e.path, effect: e.est, lower: e.bootLower ?? e.deltaLower, upper: e.bootUpper ?? e.deltaUpper, bootstrap: boot, L))
      }
    }

    if let reg = r.controlRegression {
      h(en ? "Hierarchical regression with the control variables" : "含控制变量的层级回归", 2)
      for table in RegressionTables.regression(reg, L) { t(table) }
    }
    for m in r.moderation {
      h(en ? "Moderation: PROCESS model \(m.model)" : "调节效应：PROCESS 模型 \(m.model)", 2)
      p(en ? "Scale means (mean of each scale's items); ordinary least squares as Hayes's PROCESS." : "以各量表题项均值为变量，按 Hayes 的 PROCESS 作普通最小二乘回归。")
      for table in RegressionTables.process(m, L) { t(table) }
      for figure in ProcessFigures.make(m, L) { doc.blocks.append(.figure(figure)) }
    }

    // 8. Hypotheses.
    h(en ? "8 Hypotheses" : "8 假设检验结果")
    if !r.hypotheses.isEmpty { t(Table(title: r.plannedHypotheses ? (en ? "Hypothesis tests" : "假设检验汇总") : (en ? "Hypothesis tests (full model)" : "假设检验汇总（全模型）"),
            headers: [en ? "Hypothesis" : "假设", en ? "Statement" : "内容", en ? "Path" : "路径", en ? "Std. estimate" : "标准化系数", "P", "95% CI", en ? "Result" : "结论"],
            rows: r.hypotheses.map { hy in
              [.text(hy.id), .text(hy.statement), .text(hy.path), .number(hy.stdAll, decimals: 3), L.p(hy.pvalue),
               .text(hy.ciLower.map { String(format: "[%.3f, %.3f]", $0, hy.ciUpper!) } ?? "—"),
               .text(hy.supported ? (en ? "supported" : "支持") : (en ? "not supported" : "不支持"))]
            },
            notes: ["\(L[.note]): " + (r.plannedHypotheses
              ? (en ? "the hypotheses of the analysis plan: a path is supported when p < 0.05 with the expected sign, an indirect effect when its bootstrap interval excludes 0, a moderation when the interaction's p < 0.05 or the bootstrap interval of the index of moderated mediation excludes 0." : "分析计划中的假设：路径在 p < 0.05 且方向与预期一致时为支持，间接效应在 bootstrap 区间不含 0 时为支持，调节效应在交互项 p < 0.05 或有调节的中介指数的 bootstrap 区间不含 0 时为支持。")
              : (en ? "generated from the full model: one hypothesis per structural path (supported when p < 0.05) and per indirect effect (supported when its bootstrap interval excludes 0)." : "由全模型自动生成：每条结构路径一条假设（p < 0.05 为支持），每个间接效应一条假设（bootstrap 区间不含 0 为支持）。"))])) }

    // 9. Coupling, when the plan declares it.
    guard let c = r.subModel5 else { return doc }
    let systems = c.systemLabels.count == 2 ? c.systemLabels.joined(separator: en ? " and " : "与") : c.systemLabels.joined(separator: en ? ", " : "、")
    h(en ? "9 Coupling coordination of \(systems) (\(c.firms) units)" : "9 \(systems)的耦合协调（\(c.firms) 个单位）")
    for table in CouplingTables.make(c.coupling, L) { t(table) }
    doc.blocks.append(.figure(Figure(
      title: en ? "Coupling coordination degree D per firm" : "各企业耦合协调度 D",
      svg: BarChart.svg(title: en ? "Coupling coordination degree D" : "耦合协调度 D", units: c.coupling.rows.map(\.id),
                        values: c.coupling.rows.map(\.D), categories: c.coupling.rows.map(\.level),
                        categoryOrder: c.coupling.levels.names, yLabel: "D"))))
    for o in c.outcomes {
      for var table in GreyTables.relational(o.result, L) {
        table.title = en ? "Grey relational degrees of the dimensions with \(o.label) (\(o.name))" : "各维度与\(o.label)（\(o.name)）的灰色关联度"
        t(table)
      }
    }
    for table in GreyTables.coupling(c.greyCoupling, L) { t(table) }
    return doc
  }

  /// A model's path diagram from its parameter table, Graphviz laying it
  /// out; factors carry their construct names, items keep their codes.
  static func diagram(_ m: StudyModelResult, _ r: StudyResult) -> PathDiagram {
    let factors = Set(m.result.parameters.filter { $0.op == .measuredBy }.map(\.lhs))
    return PathDiagram(m.result, labels: r.constructLabels.filter { factors.contains($0.key) })
  }
}
