import Foundation
import Grey
import Psychometrics
import SEM
import Survey
import Tables

// The book's analysis (chapters 5–7) in its order, from the raw export to
// one result value that every report renders:
//   sample profile and screening → reliability → KMO/Bartlett and EFA per
//   part → CFA of the measurement model (loadings, CR, AVE, Fornell–Larcker,
//   HTMT) → correlations with √AVE → sub-models 1–4 and the full model →
//   mediation (delta method and bootstrap) → hypotheses → sub-model 5
//   (entropy weights, coupling coordination, grey relational analysis).

public struct StudyOptions: Sendable {
  public var data: String
  public var codebook: String
  public var firms: String
  public var firmsCodebook: String
  public var lang: String
  public var bootstrap: Int
  public var seed: UInt64
  public var threads: Int?

  public init(data: String, codebook: String, firms: String, firmsCodebook: String, lang: String = "zh",
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

public struct StudyModelResult: Sendable, Codable {
  public var name: String
  public var label: String
  public var syntax: String
  public var result: SEMResult
}

public struct MediationEffect: Sendable, Codable {
  public var model: String
  public var predictor: String
  /// "X → KR → IG".
  public var path: String
  public var est: Double
  public var se: Double
  public var pvalue: Double?
  public var deltaLower: Double
  public var deltaUpper: Double
  public var bootLower: Double?
  public var bootUpper: Double?
  public var bcaLower: Double?
  public var bcaUpper: Double?
  public var direct: Double
  public var total: Double
  public var supported: Bool

  enum CodingKeys: String, CodingKey {
    case model, predictor, path, est, se, pvalue, direct, total, supported
    case deltaLower = "delta_ci_lower", deltaUpper = "delta_ci_upper"
    case bootLower = "boot_perc_lower", bootUpper = "boot_perc_upper"
    case bcaLower = "boot_bca_lower", bcaUpper = "boot_bca_upper"
  }
}

public struct Hypothesis: Sendable, Codable {
  public var id: String
  public var statement: String
  public var path: String
  public var est: Double
  public var stdAll: Double
  public var pvalue: Double?
  /// For an indirect effect: the bootstrap interval that decides it.
  public var ciLower: Double?
  public var ciUpper: Double?
  public var supported: Bool

  enum CodingKeys: String, CodingKey {
    case id, statement, path, est, pvalue, supported
    case stdAll = "std.all", ciLower = "ci.lower", ciUpper = "ci.upper"
  }
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
  public var firms: Int
  public var systems: [String]
  public var dimensions: [String: [String]]
  public var coupling: CouplingResult
  public var dimensionScores: [String: [Double]]
  public var greyKR: GreyRelationalResult
  public var greyIG: GreyRelationalResult
  public var greyCoupling: GreyCouplingResult

  enum CodingKeys: String, CodingKey {
    case firms, systems, dimensions, coupling
    case dimensionScores = "dimension_scores", greyKR = "grey_kr", greyIG = "grey_ig", greyCoupling = "grey_coupling"
  }
}

public struct StudyResult: Sendable, Encodable {
  public var title: String
  public var lang: String
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
  public var subModel5: CouplingStudy
  /// Construct → label in the report language.
  public var constructLabels: [String: String]

  enum CodingKeys: String, CodingKey {
    case title, lang, version, sample, reliability, efa, cfa, correlations, models, mediation, hypotheses, bootstrap, seed
    case subModel5 = "sub_model_5", constructLabels = "construct_labels"
  }
}

public enum StudyPipeline {
  public static func run(_ o: StudyOptions, version: String, progress: (String) -> Void = { _ in }) throws -> StudyResult {
    let en = o.lang == "en"
    progress(en ? "reading and screening the responses" : "读取并筛查问卷数据")
    let book = try Codebook.read(path: o.codebook)
    let rules = ScreeningRules(book.screening, minSeconds: book.screening?.minSeconds ?? ClusterEnterpriseData.fastThreshold)
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
      reliabilities.append(try Reliability.alpha(sample, name: s.name, ciLevel: 0.95, omega: s.items != nil))
    }
    let reliability = ReliabilityReport(scales: reliabilities, alphaCutoff: 0.7, citcCutoff: 0.3)

    // KMO/Bartlett and EFA per questionnaire part, as many factors as the part has dimensions.
    progress(en ? "KMO, Bartlett and EFA per part" : "各部分 KMO、Bartlett 检验与探索性因子分析")
    var parts: [String] = []
    for s in scales { if let p = s.part, !parts.contains(p) { parts.append(p) } }
    var efas: [PartEFA] = []
    for part in parts {
      let firstOrder = scales.filter { $0.part == part && $0.items != nil }
      let items = firstOrder.flatMap { $0.items ?? [] }
      let sample = try ItemSample.from(frame, items: items, minimumItems: 3, purpose: "EFA of '\(part)'")
      let adequacy = try Adequacy.compute(sample)
      var eo = EFAOptions(method: .pca, rotation: firstOrder.count > 1 ? .varimax : .none, factors: firstOrder.count)
      eo.seed = o.seed
      let efa = try EFA.run(sample, options: eo)
      efas.append(PartEFA(part: en ? (Instrument.parts.first { $0.zh == part }?.en ?? part) : part, items: items, adequacy: adequacy, efa: efa))
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
    var correlations = try CorrelationTable.compute(frame, variables: firstOrderNames)
    let ave = Dictionary(uniqueKeysWithValues: (cfa.reliability ?? []).map { ($0.factor, $0.ave) })
    correlations.diagonal = firstOrderNames.map { ave[$0].map { $0.squareRoot() } ?? .nan }

    // Structural models, with bootstrap for the indirect effects.
    var models: [StudyModelResult] = []
    var mediation: [MediationEffect] = []
    for (k, m) in (book.models ?? []).enumerated() {
      progress((en ? "fitting " : "拟合") + (m.label?.text(o.lang) ?? m.name) + (o.bootstrap > 0 ? (en ? " (bootstrap B = \(o.bootstrap))" : "（bootstrap B = \(o.bootstrap)）") : ""))
      let r = try fit(m.syntax, frame, name: m.name, measurement: false,
                      bootstrap: o.bootstrap > 0 ? BootstrapOptions(replicates: o.bootstrap, seed: o.seed &+ UInt64(k), threads: o.threads) : nil)
      models.append(StudyModelResult(name: m.name, label: m.label?.text(o.lang) ?? m.name, syntax: m.syntax, result: r))
      for p in r.parameters where p.op == ":=" && p.lhs.hasPrefix("ind_") {
        let x = String(p.lhs.dropFirst(4))
        let boot = r.bootstrap?.estimates.first { $0.op == ":=" && $0.lhs == p.lhs }
        let direct = r.parameters.first { $0.op == "~" && $0.lhs == "IG" && $0.rhs == x }?.est ?? .nan
        let total = r.parameters.first { $0.op == ":=" && $0.lhs == "total_\(x)" }?.est ?? .nan
        let lo = boot?.percLower ?? p.ciLower, hi = boot?.percUpper ?? p.ciUpper
        mediation.append(MediationEffect(
          model: m.name, predictor: x, path: "\(x) → KR → IG", est: p.est, se: p.se, pvalue: p.pvalue,
          deltaLower: p.ciLower, deltaUpper: p.ciUpper, bootLower: boot?.percLower, bootUpper: boot?.percUpper,
          bcaLower: boot?.bcaLower, bcaUpper: boot?.bcaUpper, direct: direct, total: total, supported: lo > 0 || hi < 0))
      }
    }

    // Hypotheses from the full model (the last model): each structural path, then each indirect effect.
    var hypotheses: [Hypothesis] = []
    if let full = models.last {
      var k = 0
      // The book's hypotheses are directional: each path is positive, each indirect effect exists.
      for p in full.result.parameters where p.op == "~" {
        k += 1
        let statement = en ? "\(label(p.rhs)) has a positive effect on \(label(p.lhs))" : "\(label(p.rhs))对\(label(p.lhs))有正向影响"
        hypotheses.append(Hypothesis(id: "H\(k)", statement: statement, path: "\(p.rhs) → \(p.lhs)", est: p.est, stdAll: p.stdAll,
                                     pvalue: p.pvalue, supported: (p.pvalue ?? 1) < 0.05 && p.est > 0))
      }
      func std(_ lhs: String, _ rhs: String) -> Double {
        full.result.parameters.first { $0.op == "~" && $0.lhs == lhs && $0.rhs == rhs }?.stdAll ?? .nan
      }
      for e in mediation where e.model == full.name {
        k += 1
        let statement = en ? "Knowledge-rent acquisition mediates the effect of \(label(e.predictor)) on international growth"
                           : "知识租金获取在\(label(e.predictor))与国际化成长之间起中介作用"
        hypotheses.append(Hypothesis(id: "H\(k)", statement: statement, path: e.path, est: e.est,
                                     stdAll: std("KR", e.predictor) * std("IG", "KR"), pvalue: e.pvalue,
                                     ciLower: e.bootLower ?? e.deltaLower, ciUpper: e.bootUpper ?? e.deltaUpper, supported: e.supported))
      }
    }

    progress(en ? "sub-model 5: entropy weights, coupling coordination, grey relational analysis" : "子模型5：熵值法、耦合协调度与灰色关联分析")
    let coupling = try SubModel5.run(firms: o.firms, codebook: o.firmsCodebook, lang: o.lang)

    var constructLabels: [String: String] = [:]
    for s in scales { constructLabels[s.name] = label(s.name) }
    for n in ["KR", "IG"] { constructLabels[n] = label(n) }
    return StudyResult(
      title: book.title?.text(o.lang) ?? "ClusterStat study", lang: o.lang, version: version, sample: sample,
      reliability: reliability, efa: efas, cfa: cfa, correlations: correlations, models: models, mediation: mediation,
      hypotheses: hypotheses, bootstrap: o.bootstrap, seed: o.seed, subModel5: coupling, constructLabels: constructLabels)
  }

  /// Fits a model; a model that does not converge or is improper stops the study (exit 1).
  static func fit(_ syntax: String, _ frame: DataFrame, name: String, measurement: Bool, bootstrap: BootstrapOptions?) throws -> SEMResult {
    let options = SEMOptions()
    let (table, moments) = try SEM.prepare(syntax: syntax, data: frame, options: options)
    let (_, result) = try SEM.analyse(table: table, moments: moments, options: options, data: frame,
                                      measurement: measurement, bootstrap: bootstrap)
    if result.improper {
      throw SEMFailure(kind: .improperSolution, message: "model '\(name)': improper solution: \(result.improperWarnings.joined(separator: "; "))")
    }
    return result
  }
}
