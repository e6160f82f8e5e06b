import Foundation
import Differences
import Grey
import Psychometrics
import Validity
import Regression
import Report
import SEM
import Survey
import Tables

// A questionnaire study in the order of a results chapter, driven by the
// codebook's analysis plan (the book's, or the researcher's own), from the raw
// export to one result value that every report renders:
//   sample profile and screening → reliability → KMO/Bartlett and EFA per
//   part → common method bias → CFA of the measurement model (loadings, CR,
//   AVE, Fornell–Larcker, HTMT) → correlations with √AVE → every model of the
//   plan → mediation for every defined indirect effect (delta method and
//   bootstrap) → the plan's hypotheses (or one per path and indirect effect of
//   the last model) → coupling and grey analysis when the plan declares them.
// A model that fails is reported in its place and the study exits 1; the
// other chapters are written all the same.

public struct StudyOptions: Sendable {
  public var data: String
  public var codebook: String
  /// The coupling data and codebook; nil: as the plan declares (none if it declares none).
  public var firms: String?
  public var firmsCodebook: String?
  public var lang: String
  public var bootstrap: Int
  public var seed: UInt64
  public var threads: Int?
  /// How p values are written in the report.
  public var pStyle: PStyle = .apa

  public init(data: String, codebook: String, firms: String? = nil, firmsCodebook: String? = nil, lang: String = "zh",
              bootstrap: Int = 1000, seed: UInt64 = 20180501, threads: Int? = nil) {
    self.data = data
    self.codebook = codebook
    self.firms = firms
    self.firmsCodebook = firmsCodebook
    self.lang = lang
    self.bootstrap = bootstrap
    self.seed = seed
    self.threads = threads
  }
}

public struct PartEFA: Sendable, Codable {
  public var part: String
  public var items: [String]
  public var adequacy: Adequacy
  public var efa: EFAResult
}

/// Each scale's answers: per item, how many chose each category (for the stacked bars).
public struct LikertDistribution: Sendable, Codable {
  public var scale: String
  public var label: String
  /// Answer categories in code order (their labels, else the codes).
  public var categories: [String]
  public var items: [String]
  public var counts: [[Int]]
}

/// A scale score's histogram: counts in bins of `binWidth` from `lower` to `upper`.
public struct ScoreDistribution: Sendable, Codable {
  public var scale: String
  public var label: String
  public var lower: Double
  public var upper: Double
  public var binWidth: Double
  public var counts: [Int]
  enum CodingKeys: String, CodingKey { case scale, label, lower, upper, binWidth = "bin_width", counts }
}

public struct StudyModelResult: Sendable, Codable {
  public var name: String
  public var label: String
  public var syntax: String
  public var result: SEMResult
}

public struct MediationEffect: Sendable, Codable {
  public var model: String
  /// The defined parameter (ind_RE, ind).
  public var effect: String
  public var predictor: String
  /// Mediators in order, and the outcome.
  public var mediators: [String]
  public var outcome: String
  /// "X → M → Y".
  public var path: String
  public var est: Double
  public var se: Double
  public var pvalue: Double?
  public var deltaLower: Double
  public var deltaUpper: Double
  /// The bootstrap standard error (SD of the replicates).
  public var bootSE: Double?
  public var bootLower: Double?
  public var bootUpper: Double?
  public var bcaLower: Double?
  public var bcaUpper: Double?
  public var direct: Double
  public var total: Double
  public var supported: Bool

  enum CodingKeys: String, CodingKey {
    case model, effect, predictor, mediators, outcome, path, est, se, pvalue, direct, total, supported
    case deltaLower = "delta_ci_lower", deltaUpper = "delta_ci_upper", bootSE = "boot_se"
    case bootLower = "boot_perc_lower", bootUpper = "boot_perc_upper"
    case bcaLower = "boot_bca_lower", bcaUpper = "boot_bca_upper"
  }
}

public struct Hypothesis: Sendable, Codable {
  public var id: String
  public var statement: String
  public var model: String
  public var path: String
  public var est: Double
  public var stdAll: Double
  public var pvalue: Double?
  /// For an indirect effect: the bootstrap interval that decides it.
  public var ciLower: Double?
  public var ciUpper: Double?
  public var supported: Bool

  enum CodingKeys: String, CodingKey {
    case id, statement, model, path, est, pvalue, supported
    case stdAll = "std.all", ciLower = "ci.lower", ciUpper = "ci.upper"
  }
}

/// The scales compared across one respondent characteristic.
public struct GroupComparison: Sendable, Codable {
  public var variable: String
  public var label: String
  public var ttests: [TTestRow]
  public var anova: [ANOVAResult]
}

public struct SampleProfile: Sendable, Codable {
  public var data: String
  public var format: String
  public var rowsRead: Int
  public var rowsKept: Int
  public var excluded: [ExcludedColumn]
  public var screening: ScreeningReport?
  public var reverseCoded: [String]
  public var profile: [FrequencyTable]
  /// Variable → its label in the report language.
  public var labels: [String: String]

  enum CodingKeys: String, CodingKey {
    case data, format, excluded, screening, profile, labels
    case rowsRead = "rows_read", rowsKept = "rows_kept", reverseCoded = "reverse_coded"
  }
}

public struct CouplingStudy: Sendable, Codable {
  /// One outcome of the firms codebook against every dimension (grey relational degrees).
  public struct OutcomeGrey: Sendable, Codable {
    public var name: String
    public var label: String
    public var result: GreyRelationalResult
  }

  public var firms: Int
  public var systems: [String]
  /// The systems' labels in the report language.
  public var systemLabels: [String]
  public var dimensions: [String: [String]]
  public var coupling: CouplingResult
  public var dimensionScores: [String: [Double]]
  public var outcomes: [OutcomeGrey]
  public var greyCoupling: GreyCouplingResult

  enum CodingKeys: String, CodingKey {
    case firms, systems, dimensions, coupling, outcomes
    case systemLabels = "system_labels", dimensionScores = "dimension_scores", greyCoupling = "grey_coupling"
  }
}

public struct StudyResult: Sendable, Encodable {
  public var title: String
  public var lang: String
  /// How the report writes p values (not part of results.json).
  public var pStyle: PStyle = .apa
  public var likert: [LikertDistribution] = []
  public var scoreDistributions: [ScoreDistribution] = []
  public var version: String
  public var sample: SampleProfile
  public var reliability: ReliabilityReport
  public var efa: [PartEFA]
  public var cfa: SEMResult
  public var correlations: CorrelationTable
  public var models: [StudyModelResult]
  public var mediation: [MediationEffect]
  public var hypotheses: [Hypothesis]
  public var bootstrap: Int
  public var seed: UInt64
  /// Coupling and grey analysis, when the plan declares it.
  public var subModel5: CouplingStudy?
  /// Construct → label in the report language.
  public var constructLabels: [String: String]
  /// True when the data are the simulated data shipped with ClusterStat.
  public var shippedData: Bool
  /// Models that could not be fitted, with why (the study exits 1).
  public var failures: [String]
  /// Hypotheses came from the plan (else generated from the last model).
  public var plannedHypotheses: Bool
  /// Harman's test, the one-factor CFA and the method factor over the first-order scales.
  public var commonMethodBias: CommonMethodBias?
  /// Scale means compared across the plan's respondent characteristics.
  public var comparisons: [GroupComparison]
  /// Control variables first, then the outcome's predictors (the plan's controls:).
  public var controlRegression: RegressionResult?
  /// The plan's moderation / conditional process models.
  public var moderation: [ProcessResult]

  enum CodingKeys: String, CodingKey {
    case title, lang, version, sample, reliability, efa, cfa, correlations, models, mediation, hypotheses, bootstrap, seed, failures
    case subModel5 = "sub_model_5", constructLabels = "construct_labels", shippedData = "shipped_data"
    case plannedHypotheses = "planned_hypotheses", commonMethodBias = "common_method_bias", comparisons
    case controlRegression = "control_regression", moderation, likert, scoreDistributions = "score_distributions"
  }
}

public enum StudyPipeline {
  public static func run(_ o: StudyOptions, version: String, progress: (String) -> Void = { _ in }) throws -> StudyResult {
    let en = o.lang == "en"
    progress(en ? "reading and screening the responses" : "读取并筛查问卷数据")
    let book = try Codebook.read(path: o.codebook)
    let rules = ScreeningRules(book.screening, minSeconds: book.screening?.minSeconds)
    let ingest = try Ingest.load(path: o.data, options: IngestOptions(codebook: book, screening: rules))
    var frame = ingest.frame
    func label(_ name: String) -> String {
      if let s = book.scale(name)?.label?.text(o.lang) { return s }
      return book.variable(name)?.label?.text(o.lang) ?? name
    }
    let profileVars = book.variables.filter { $0.type == .categorical }.map(\.name)
    var profile: [FrequencyTable] = []
    var labels: [String: String] = [:]
    for v in profileVars {
      guard let c = frame[v] else { continue }
      var valueLabels = c.valueLabels
      if en, let p = Instrument.profile.first(where: { $0.name == v }) {
        valueLabels = p.optionsEn.enumerated().map { ValueLabel(code: String($0.offset + 1), label: $0.element) }
      }
      profile.append(FrequencyTable(variable: v, values: c.textValues, labels: valueLabels))
      labels[v] = label(v)
    }
    let sample = SampleProfile(data: o.data, format: ingest.format, rowsRead: ingest.screening?.rowsRead ?? frame.rowCount,
                               rowsKept: frame.rowCount, excluded: ingest.excluded, screening: ingest.screening,
                               reverseCoded: ingest.reverseCoded, profile: profile, labels: labels)

    // Reliability: every first-order construct, then the second-order ones as wholes.
    progress(en ? "reliability" : "信度分析")
    let scales = book.scales ?? []
    var reliabilities: [ScaleReliability] = []
    for s in scales {
      let items = frame.scales[s.name] ?? []
      let sample = try ItemSample.from(frame, items: items, purpose: "reliability of '\(s.name)'")
      let omega: ((ItemSample) throws -> Double)? = s.items != nil ? { try Omega.total($0) } : nil
      reliabilities.append(try Reliability.alpha(sample, name: s.name, ciLevel: 0.95, omegaTotal: omega))
    }
    let reliability = ReliabilityReport(scales: reliabilities, alphaCutoff: 0.7, citcCutoff: 0.3)

    // KMO/Bartlett and EFA per questionnaire part, as many factors as the part has dimensions.
    progress(en ? "KMO, Bartlett and EFA per part" : "各部分 KMO、Bartlett 检验与探索性因子分析")
    // Scales without a part form one group: all the first-order scales together.
    let allItems = en ? "All scales" : "全部量表"
    var parts: [String] = []
    for s in scales where s.items != nil { let p = s.part ?? allItems; if !parts.contains(p) { parts.append(p) } }
    var efas: [PartEFA] = []
    for part in parts {
      let firstOrder = scales.filter { ($0.part ?? allItems) == part && $0.items != nil }
      guard firstOrder.flatMap({ $0.items ?? [] }).count >= 3 else { continue }
      let items = firstOrder.flatMap { $0.items ?? [] }
      let sample = try ItemSample.from(frame, items: items, minimumItems: 3, purpose: "EFA of '\(part)'")
      let adequacy = try Adequacy.compute(sample)
      var eo = EFAOptions(method: .pca, rotation: firstOrder.count > 1 ? .varimax : .none, factors: firstOrder.count)
      eo.seed = o.seed
      let efa = try EFA.run(sample, options: eo)
      efas.append(PartEFA(part: en ? (Instrument.parts.first { $0.zh == part }?.en ?? part) : part, items: items, adequacy: adequacy, efa: efa))
    }

    // Common method bias over the first-order scales (two or more).
    let firstOrderScales = scales.filter { $0.items != nil }
    var cmb: CommonMethodBias?
    if firstOrderScales.count >= 2 {
      progress(en ? "common method bias" : "共同方法偏差检验")
      cmb = try? CommonMethodBias.run(frame, scales: firstOrderScales.map { ($0.name, frame.scales[$0.name] ?? $0.items ?? []) })
    }

    // CFA of the measurement model.
    progress(en ? "CFA of the measurement model" : "测量模型验证性因子分析")
    let firstOrder = scales.filter { $0.items != nil }
    let cfaSyntax = firstOrder.map { s in "\(s.name) =~ " + (s.items ?? []).joined(separator: " + ") }.joined(separator: "\n")
    let cfa = try fit(cfaSyntax, frame, name: "CFA", measurement: true, bootstrap: nil)

    // Construct scores (item means, complete items) and their correlations with √AVE.
    let firstOrderNames = firstOrder.map(\.name)
    for s in firstOrderNames {
      let cols = try (frame.scales[s] ?? []).map { try frame.numericColumn($0) }
      let means = (0..<frame.rowCount).map { r -> Double in
        let v = cols.map { $0[r] }
        return v.contains(where: \.isNaN) ? .nan : v.reduce(0, +) / Double(v.count)
      }
      frame.columns.append(Column(name: s, label: label(s), values: .numeric(means)))
    }
    // The answers' distributions and the scores' histograms, for the charts.
    var likert: [LikertDistribution] = []
    var scoreDistributions: [ScoreDistribution] = []
    for s in firstOrderNames {
      let items = frame.scales[s] ?? []
      guard let first = items.first.flatMap(book.variable), let (lo, hi) = book.scaleRange(of: first), hi - lo <= 10, lo == lo.rounded() else { continue }
      let codes = Array(stride(from: lo, through: hi, by: 1))
      let labelOf = Dictionary((book.labels(of: first) ?? []).compactMap { l in parseDecimal(l.code).map { ($0, l.label) } }) { a, _ in a }
      var counts: [[Int]] = []
      for item in items {
        let v = try frame.numericColumn(item)
        counts.append(codes.map { c in v.filter { $0 == c }.count })
      }
      likert.append(LikertDistribution(scale: s, label: label(s), categories: codes.map { labelOf[$0] ?? formatNumberCompact($0) },
                                       items: items, counts: counts))
      let scores = try frame.numericColumn(s).filter(\.isFinite)
      let width = 0.5
      let bins = Int(((hi - lo) / width).rounded())
      var hist = [Int](repeating: 0, count: bins)
      for x in scores { hist[min(bins - 1, max(0, Int((x - lo) / width)))] += 1 }
      scoreDistributions.append(ScoreDistribution(scale: s, label: label(s), lower: lo, upper: hi, binWidth: width, counts: hist))
    }
    var correlations = try CorrelationTable.compute(frame, variables: firstOrderNames, minimumVariables: 1)
    let ave = Dictionary(uniqueKeysWithValues: (cfa.reliability ?? []).map { ($0.factor, $0.ave) })
    correlations.diagonal = firstOrderNames.map { ave[$0].map { $0.squareRoot() } ?? .nan }

    // Structural models, with bootstrap for the indirect effects; a failure is reported, not fatal.
    var models: [StudyModelResult] = []
    var mediation: [MediationEffect] = []
    var failures: [String] = []
    for (k, m) in (book.models ?? []).enumerated() {
      progress((en ? "fitting " : "拟合") + (m.label?.text(o.lang) ?? m.name) + (o.bootstrap > 0 ? (en ? " (bootstrap B = \(o.bootstrap))" : "（bootstrap B = \(o.bootstrap)）") : ""))
      let r: SEMResult
      do {
        r = try fit(m.syntax, frame, name: m.name, measurement: false,
                    bootstrap: o.bootstrap > 0 ? BootstrapOptions(replicates: o.bootstrap, seed: o.seed &+ UInt64(k), threads: o.threads) : nil)
      } catch let e as InputError {
        throw InputError(file: book.source, "model '\(m.name)': \(e.description)")
      } catch {
        failures.append("\(m.label?.text(o.lang) ?? m.name): \(error)")
        continue
      }
      models.append(StudyModelResult(name: m.name, label: m.label?.text(o.lang) ?? m.name, syntax: m.syntax, result: r))
      mediation += try mediationEffects(r, model: m, source: book.source)
    }

    // Hypotheses: the plan's, else one per path and indirect effect of the last model.
    var hypotheses: [Hypothesis] = []
    let planned = book.hypotheses ?? []
    for h in planned {
      hypotheses.append(try test(h, models: models, mediation: mediation, lang: o.lang, label: label, source: book.source, failed: !failures.isEmpty))
    }
    if planned.isEmpty, let full = models.last {
      var k = 0
      for p in full.result.parameters where p.op == .regression {
        k += 1
        let statement = en ? "\(label(p.rhs)) has a positive effect on \(label(p.lhs))" : "\(label(p.rhs))对\(label(p.lhs))有正向影响"
        hypotheses.append(Hypothesis(id: "H\(k)", statement: statement, model: full.name, path: "\(p.rhs) → \(p.lhs)", est: p.est, stdAll: p.stdAll,
                                     pvalue: p.pvalue, supported: (p.pvalue ?? 1) < 0.05 && p.est > 0))
      }
      for e in mediation where e.model == full.name {
        k += 1
        let through = e.mediators.map(label).joined(separator: en ? " and " : "和")
        let statement = en ? "\(through) mediates the effect of \(label(e.predictor)) on \(label(e.outcome))"
                           : "\(through)在\(label(e.predictor))与\(label(e.outcome))之间起中介作用"
        hypotheses.append(Hypothesis(id: "H\(k)", statement: statement, model: full.name, path: e.path, est: e.est,
                                     stdAll: standardizedIndirect(e, full.result), pvalue: e.pvalue,
                                     ciLower: e.bootLower ?? e.deltaLower, ciUpper: e.bootUpper ?? e.deltaUpper, supported: e.supported))
      }
    }

    var coupling: CouplingStudy?
    let base = URL(fileURLWithPath: book.source).deletingLastPathComponent()
    let firms = o.firms ?? book.coupling.map { base.appendingPathComponent($0.data).path }
    let firmsBook = o.firmsCodebook ?? book.coupling.map { base.appendingPathComponent($0.codebook).path }
    if let firms, let firmsBook {
      progress(en ? "coupling: entropy weights, coupling coordination, grey relational analysis" : "耦合协调：熵值法、耦合协调度与灰色关联分析")
      coupling = try SubModel5.run(firms: firms, codebook: firmsBook, lang: o.lang)
    } else if (o.firms == nil) != (o.firmsCodebook == nil) {
      throw InputError("the coupling analysis needs both the firms' data and their codebook", settings: [.firms, .firmsCodebook])
    }

    // Difference tests of the scale means across the plan's respondent characteristics.
    var comparisons: [GroupComparison] = []
    for v in book.comparisons ?? [] {
      progress((en ? "comparing the scales by " : "按") + label(v) + (en ? "" : "比较各量表均值"))
      let groups = try Categorical.from(frame, column: v)
      var tt: [TTestRow] = [], av: [ANOVAResult] = []
      for s in firstOrderNames {
        let sample = try GroupedSample.from(frame, variable: s, by: groups)
        if groups.count == 2 { tt += try TTest.independent(sample) } else { av.append(try ANOVA.oneWay(sample, posthoc: [.lsd])) }
      }
      comparisons.append(GroupComparison(variable: v, label: label(v), ttests: tt, anova: av))
    }
    // Hierarchical regression: the controls, then the final outcome's predictors in the last model (scale means).
    var controlRegression: RegressionResult?
    if let controls = book.controls, !controls.isEmpty, let last = models.last {
      let paths = last.result.parameters.filter { $0.op == .regression }
      let outcomes = paths.map(\.lhs).filter { y in !paths.contains { $0.rhs == y } }
      if let y = outcomes.last, frame.index(of: y) != nil {
        let predictors = paths.filter { $0.lhs == y }.map(\.rhs).filter { frame.index(of: $0) != nil }
        progress(en ? "hierarchical regression with the control variables" : "含控制变量的层级回归")
        let categorical = Set(book.variables.filter { $0.type == .categorical }.map(\.name))
        controlRegression = try Regression.hierarchical(frame, outcome: y, blocks: [controls, predictors], categorical: categorical)
      }
    }
    // Moderation and conditional process models on the scale means.
    var moderation: [ProcessResult] = []
    for plan in book.moderation ?? [] {
      guard let model = ProcessModel(rawValue: plan.process) else {
        throw InputError(file: book.source, "moderation \(plan.id ?? ""): PROCESS model \(plan.process) is not built; the models are \(ProcessModel.allCases.map { String($0.rawValue) }.joined(separator: ", "))")
      }
      progress((en ? "PROCESS model " : "PROCESS 模型 ") + "\(plan.process)")
      var po = ProcessOptions()
      po.bootstrap = o.bootstrap >= 200 ? o.bootstrap : 0
      po.seed = o.seed
      po.threads = o.threads
      let r = try Process.run(frame, model: model, variables: ProcessVariables(x: plan.x, y: plan.y, m: plan.m ?? [], w: plan.w, z: plan.z,
                                                                               covariates: plan.covariates ?? []), options: po)
      moderation.append(r)
      if let id = plan.id {
        let statement = plan.statement?.text(o.lang) ?? (en ? "\(label(plan.w)) moderates the model \(plan.process) effect of \(label(plan.x)) on \(label(plan.y))"
                                                          : "\(label(plan.w))调节\(label(plan.x))对\(label(plan.y))的作用")
        if let index = r.indexOfModeratedMediation.first {
          hypotheses.append(Hypothesis(id: id, statement: statement, model: "PROCESS \(plan.process)", path: index.path + " × " + plan.w, est: index.effect,
                                       stdAll: .nan, pvalue: nil, ciLower: index.bootLower, ciUpper: index.bootUpper,
                                       supported: po.bootstrap > 0 && (index.bootLower > 0 || index.bootUpper < 0)))
        } else if let yModel = r.outcomeModels.last,
                  let term = yModel.coefficients.first(where: { $0.term.contains(":") && $0.term.contains(plan.w) }) {
          // A product term's β is not a standardised interaction: none is shown.
          hypotheses.append(Hypothesis(id: id, statement: statement, model: "PROCESS \(plan.process)", path: term.term, est: term.b,
                                       stdAll: .nan, pvalue: term.pvalue, ciLower: term.ciLower, ciUpper: term.ciUpper,
                                       supported: term.pvalue < 0.05))
        }
      }
    }

    var constructLabels: [String: String] = [:]
    for s in scales { constructLabels[s.name] = label(s.name) }
    for m in models {
      for p in m.result.parameters where p.op == .regression || p.op == .measuredBy {
        for n in [p.lhs, p.rhs] where constructLabels[n] == nil && (book.scale(n) != nil || book.variable(n) != nil) { constructLabels[n] = label(n) }
      }
    }
    let file = URL(fileURLWithPath: o.data).standardizedFileURL
    let shipped = file.deletingLastPathComponent().path.hasSuffix("Datasets/cluster-enterprise") && file.lastPathComponent.hasPrefix("responses")
    var result = StudyResult(
      title: book.title?.text(o.lang) ?? (en ? "Questionnaire study" : "问卷研究报告"), lang: o.lang, version: version, sample: sample,
      reliability: reliability, efa: efas, cfa: cfa, correlations: correlations, models: models, mediation: mediation,
      hypotheses: hypotheses, bootstrap: o.bootstrap, seed: o.seed, subModel5: coupling, constructLabels: constructLabels,
      shippedData: shipped, failures: failures, plannedHypotheses: !planned.isEmpty || !(book.moderation ?? []).isEmpty, commonMethodBias: cmb,
      comparisons: comparisons, controlRegression: controlRegression, moderation: moderation)
    result.pStyle = o.pStyle
    result.likert = likert
    result.scoreDistributions = scoreDistributions
    return result
  }

  /// The defined effects of a model that are indirect effects: those the plan
  /// lists, else every product of regression labels that chains X → … → Y.
  static func mediationEffects(_ r: SEMResult, model m: Codebook.Model, source: String) throws -> [MediationEffect] {
    let defined = r.parameters.filter { $0.op == .defined }
    if let listed = m.mediation {
      for name in listed where !defined.contains(where: { $0.lhs == name }) {
        throw InputError(file: source, "model '\(m.name)' lists '\(name)' under mediation, but defines no '\(name) :=' (it defines \(defined.map(\.lhs).joined(separator: ", ")))")
      }
    }
    var out: [MediationEffect] = []
    for p in defined where m.mediation?.contains(p.lhs) ?? true {
      guard let chain = chain(p.rhs, r.parameters) else {
        if m.mediation != nil { throw InputError(file: source, "'\(p.lhs) := \(p.rhs)' in model '\(m.name)' is not a product of labelled paths X → M → Y") }
        continue
      }
      let x = chain.first!.rhs, y = chain.last!.lhs
      let mediators = chain.dropLast().map(\.lhs)
      let boot = r.bootstrap?.estimates.first { $0.op == .defined && $0.lhs == p.lhs }
      let direct = r.parameters.first { $0.op == .regression && $0.lhs == y && $0.rhs == x }
      // The total effect: a defined sum of this product and the direct path, else their sum.
      let directLabel = direct?.label ?? ""
      let total = defined.first { t in
        t.lhs != p.lhs && t.rhs.contains(p.rhs) && !directLabel.isEmpty && identifiers(t.rhs).contains(directLabel)
      }?.est ?? ((direct?.est ?? 0) + p.est)
      // The delta-method row (before the bootstrap replaced it) and the bootstrap intervals, each under its name.
      let delta = r.normalTheory?.first { $0.op == .defined && $0.lhs == p.lhs } ?? p
      let lo = boot?.percLower ?? delta.ciLower, hi = boot?.percUpper ?? delta.ciUpper
      out.append(MediationEffect(
        model: m.name, effect: p.lhs, predictor: x, mediators: mediators, outcome: y, path: ([x] + mediators + [y]).joined(separator: " → "),
        est: p.est, se: delta.se, pvalue: delta.pvalue, deltaLower: delta.ciLower, deltaUpper: delta.ciUpper,
        bootSE: boot?.se, bootLower: boot?.percLower, bootUpper: boot?.percUpper,
        bcaLower: boot?.bcaLower, bcaUpper: boot?.bcaUpper, direct: direct?.est ?? .nan, total: total, supported: lo > 0 || hi < 0))
    }
    return out
  }

  static func identifiers(_ expression: String) -> [String] {
    expression.split { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }.map(String.init).filter { !($0.first?.isNumber ?? true) }
  }

  /// The regression paths whose labels multiply to `expression`, ordered X → … → Y; nil unless they chain.
  static func chain(_ expression: String, _ parameters: [ParameterEstimate]) -> [ParameterEstimate]? {
    guard !expression.contains("+"), !expression.contains("-"), !expression.contains("/") else { return nil }
    let names = identifiers(expression)
    guard names.count >= 2 else { return nil }
    var edges: [ParameterEstimate] = []
    for n in names {
      guard let e = parameters.first(where: { $0.op == .regression && $0.label == n }) else { return nil }
      edges.append(e)
    }
    guard let start = edges.first(where: { e in !edges.contains { $0.lhs == e.rhs } }) else { return nil }
    var ordered = [start]
    while ordered.count < edges.count {
      guard let next = edges.first(where: { $0.rhs == ordered.last!.lhs }) else { return nil }
      ordered.append(next)
    }
    return ordered
  }

  /// The product of the standardised paths along a mediation chain.
  static func standardizedIndirect(_ e: MediationEffect, _ r: SEMResult) -> Double {
    let nodes = [e.predictor] + e.mediators + [e.outcome]
    return zip(nodes, nodes.dropFirst()).reduce(1.0) { acc, pair in
      acc * (r.parameters.first { $0.op == .regression && $0.lhs == pair.1 && $0.rhs == pair.0 }?.stdAll ?? .nan)
    }
  }

  /// A planned hypothesis tested in its model: a path by its p value and sign, an effect by its interval.
  static func test(_ h: Codebook.HypothesisPlan, models: [StudyModelResult], mediation: [MediationEffect], lang: String,
                   label: (String) -> String, source: String, failed: Bool) throws -> Hypothesis {
    let en = lang == "en"
    guard let model = h.model.map({ name in models.first { $0.name == name } }) ?? models.last else {
      if failed { return Hypothesis(id: h.id, statement: h.statement?.text(lang) ?? h.id, model: h.model ?? "", path: h.path ?? h.effect ?? "", est: .nan, stdAll: .nan, pvalue: nil, supported: false) }
      throw InputError(file: source, "hypothesis \(h.id) names model '\(h.model ?? "")', which the plan does not have (models: \(models.map(\.name).joined(separator: ", ")))")
    }
    let sign = h.sign ?? .positive
    func signOK(_ v: Double) -> Bool { sign == .nonzero || (sign == .positive ? v > 0 : v < 0) }
    if let path = h.path {
      let parts = path.components(separatedBy: "~").map { $0.trimmingCharacters(in: .whitespaces) }
      guard parts.count == 2, let p = model.result.parameters.first(where: { $0.op == .regression && $0.lhs == parts[0] && $0.rhs == parts[1] }) else {
        let paths = model.result.parameters.filter { $0.op == .regression }.map { "\($0.lhs) ~ \($0.rhs)" }
        throw InputError(file: source, "hypothesis \(h.id): model '\(model.name)' has no path '\(path)' (its paths: \(paths.joined(separator: ", ")))")
      }
      let statement = h.statement?.text(lang) ?? (en ? "\(label(p.rhs)) has a \(sign == .negative ? "negative" : "positive") effect on \(label(p.lhs))"
                                                   : "\(label(p.rhs))对\(label(p.lhs))有\(sign == .negative ? "负" : "正")向影响")
      return Hypothesis(id: h.id, statement: statement, model: model.name, path: "\(p.rhs) → \(p.lhs)", est: p.est, stdAll: p.stdAll,
                        pvalue: p.pvalue, supported: (p.pvalue ?? 1) < 0.05 && signOK(p.est))
    }
    guard let name = h.effect else { throw InputError(file: source, "hypothesis \(h.id) needs a path ('Y ~ X') or an effect (a defined parameter)") }
    guard let e = mediation.first(where: { $0.model == model.name && $0.effect == name }) else {
      if let d = model.result.parameters.first(where: { $0.op == .defined && $0.lhs == name }) {
        let statement = h.statement?.text(lang) ?? name
        return Hypothesis(id: h.id, statement: statement, model: model.name, path: "\(d.lhs) := \(d.rhs)", est: d.est, stdAll: .nan, pvalue: d.pvalue,
                          ciLower: d.ciLower, ciUpper: d.ciUpper, supported: (d.ciLower > 0 || d.ciUpper < 0) && signOK(d.est))
      }
      throw InputError(file: source, "hypothesis \(h.id): model '\(model.name)' defines no effect '\(name)'")
    }
    let through = e.mediators.map(label).joined(separator: en ? " and " : "和")
    let statement = h.statement?.text(lang) ?? (en ? "\(through) mediates the effect of \(label(e.predictor)) on \(label(e.outcome))"
                                                 : "\(through)在\(label(e.predictor))与\(label(e.outcome))之间起中介作用")
    return Hypothesis(id: h.id, statement: statement, model: model.name, path: e.path, est: e.est, stdAll: standardizedIndirect(e, model.result),
                      pvalue: e.pvalue, ciLower: e.bootLower ?? e.deltaLower, ciUpper: e.bootUpper ?? e.deltaUpper, supported: e.supported && signOK(e.est))
  }

  /// Fits a model; one that does not converge or is improper is a failure (the study reports it and exits 1).
  static func fit(_ syntax: String, _ frame: DataFrame, name: String, measurement: Bool, bootstrap: BootstrapOptions?) throws -> SEMResult {
    let options = SEMOptions()
    let model = try SEMModel(syntax: syntax, data: frame, options: options)
    let (_, result) = try SEM.analyse(model, data: frame,
                                      measurement: measurement, bootstrap: bootstrap)
    if result.improper {
      throw SEMFailure(kind: .improperSolution, message: "model '\(name)': improper solution: \(result.improperWarnings.joined(separator: "; "))")
    }
    return result
  }
}
