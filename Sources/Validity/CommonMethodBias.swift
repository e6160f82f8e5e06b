import Distributions
import LinearAlgebra
import Psychometrics
import SEM
import Survey

// Common method bias, the three checks a management thesis reports, on the
// complete cases of every item (one N for all):
//   Harman's single-factor test (Harman 1976; Podsakoff et al. 2003): the
//     share of the items' total variance taken by the first unrotated factor,
//     λ₁/p of the correlation matrix for principal components
//     (psych::principal(x, 1, rotate = "none")) and SS loadings/p of a
//     one-factor minres solution (psych::fa(x, 1)); the usual thresholds are
//     40% (周浩、龙立荣 2004) and 50% (Podsakoff et al. 2003).
//   The one-factor CFA against the measurement model: every item on one
//     factor; Δχ² on Δdf (a likelihood-ratio test: nested models) and ΔCFI.
//   The unmeasured latent method construct (ULMC; Williams, Cote & Buckley
//     1989; Podsakoff et al. 2003; Williams & McGonagle 2016): the
//     measurement model plus a method factor on every item, orthogonal to the
//     traits, with equal loadings (all fixed to 1, its variance free: one
//     parameter, the identified form); the changes in CFI, TLI, RMSEA and SRMR,
//     and the mean squared standardised method and trait loadings (the
//     variance each explains).
// What they show: none proves the absence of method variance. Harman's test
// detects only a method factor so strong it dominates; the one-factor CFA
// tells whether the constructs are distinguishable; the ULMC's method factor
// also absorbs true correlations among the traits, so a sizeable "method
// variance" with correlated constructs is not by itself evidence of bias.

public struct ModelFitSummary: Sendable, Codable, Equatable {
  public var chisq: Double
  public var df: Double
  public var pvalue: Double
  public var cfi: Double
  public var tli: Double
  public var rmsea: Double
  public var srmr: Double

  init(_ f: FitMeasures) {
    chisq = f["chisq"] ?? .nan; df = f["df"] ?? .nan; pvalue = f["pvalue"] ?? .nan
    cfi = f["cfi"] ?? .nan; tli = f["tli"] ?? .nan; rmsea = f["rmsea"] ?? .nan; srmr = f["srmr"] ?? .nan
  }
}

public struct CommonMethodBias: Sendable, Codable, Equatable {
  public var n: Int
  public var items: [String]
  public var scales: [String]
  public var harmanPCA: Double
  public var firstEigenvalue: Double
  public var kaiser: Int
  public var harmanEFA: Double
  public var measurement: ModelFitSummary
  public var oneFactor: ModelFitSummary
  public var deltaChisq: Double
  public var deltaDf: Double
  public var deltaPvalue: Double
  public var deltaCFI: Double
  public var ulmc: ModelFitSummary?
  public var ulmcDeltaCFI: Double?
  public var ulmcDeltaTLI: Double?
  public var ulmcDeltaRMSEA: Double?
  public var ulmcDeltaSRMR: Double?
  public var methodVariance: Double?
  public var traitVariance: Double?
  public var warnings: [Warning]

  enum CodingKeys: String, CodingKey {
    case n, items, scales, kaiser, measurement, warnings, ulmc
    case harmanPCA = "harman_pca", firstEigenvalue = "first_eigenvalue", harmanEFA = "harman_efa", oneFactor = "one_factor"
    case deltaChisq = "delta_chisq", deltaDf = "delta_df", deltaPvalue = "delta_pvalue", deltaCFI = "delta_cfi"
    case ulmcDeltaCFI = "ulmc_delta_cfi", ulmcDeltaTLI = "ulmc_delta_tli", ulmcDeltaRMSEA = "ulmc_delta_rmsea", ulmcDeltaSRMR = "ulmc_delta_srmr"
    case methodVariance = "method_variance", traitVariance = "trait_variance"
  }

  /// The three checks for `scales` (name → items) on the complete cases of all items.
  public static func run(_ frame: DataFrame, scales: [(name: String, items: [String])]) throws -> CommonMethodBias {
    guard scales.count >= 2 else {
      throw InputError(file: frame.source, "the common-method-bias tests compare a measurement model of two or more scales with one factor; \(scales.count) scale given")
    }
    let items = scales.flatMap(\.items)
    let sample = try ItemSample.from(frame, items: items, minimumItems: 3, use: .listwise, purpose: "the common-method-bias tests")
    let complete = frame.rows(try frame.listwiseMatrix(items).rows)
    let r = sample.correlation
    try sample.requireNonsingular(r, purpose: "Harman's test")
    let values = try SymmetricEigen(r, vectors: false).values
    let p = Double(items.count)
    let one = try EFA.solution(r, factors: 1, method: .minres, rotation: .none, names: items)
    // lavaan names need not be the columns' (Chinese, spaces): v1 … vp.
    let alias = Dictionary(uniqueKeysWithValues: items.enumerated().map { ($0.element, "v\($0.offset + 1)") })
    var renamed = complete
    renamed.columns = complete.columns.map { c in var c = c; if let a = alias[c.name] { c.name = a }; return c }
    let traits = scales.enumerated().map { k, s in "t\(k + 1) =~ " + s.items.map { alias[$0]! }.joined(separator: " + ") }
    let measurementSyntax = traits.joined(separator: "\n")
    let measurement = try SEM.fit(try SEMModel(syntax: measurementSyntax, data: renamed))
    let oneFactor = try SEM.fit(try SEMModel(syntax: "common =~ " + items.map { alias[$0]! }.joined(separator: " + "), data: renamed))
    let fm = ModelFitSummary(FitMeasures.compute(measurement)), fo = ModelFitSummary(FitMeasures.compute(oneFactor))
    func diagnostics(_ f: FittedModel, en: String, zh: String) -> [Warning] {
      f.diagnostics.map { Warning(en: en + $0.message(chinese: false), zh: zh + $0.message(chinese: true), improper: $0.isImproper) }
    }
    var warnings = diagnostics(measurement, en: "measurement model: ", zh: "测量模型：")
    let deltaDf = fo.df - fm.df, deltaChisq = fo.chisq - fm.chisq
    var out = CommonMethodBias(
      n: sample.n, items: items, scales: scales.map(\.name), harmanPCA: values[0] / p, firstEigenvalue: values[0],
      kaiser: values.filter { $0 > 1 }.count, harmanEFA: one.ss[0] / p, measurement: fm, oneFactor: fo,
      deltaChisq: deltaChisq, deltaDf: deltaDf, deltaPvalue: ChiSquare(df: deltaDf).cdf(deltaChisq, upperTail: true),
      deltaCFI: fm.cfi - fo.cfi, ulmc: nil, warnings: [])
    let ulmcSyntax = measurementSyntax + "\nmethod =~ " + items.map { "1*" + alias[$0]! }.joined(separator: " + ")
      + "\nmethod ~~ method\n" + (1...scales.count).map { "method ~~ 0*t\($0)" }.joined(separator: "\n")
    do {
      let ulmc = try SEM.fit(try SEMModel(syntax: ulmcSyntax, data: renamed))
      let fu = ModelFitSummary(FitMeasures.compute(ulmc))
      let estimates = try Inference(ulmc).estimates
      let method = estimates.filter { $0.op == .measuredBy && $0.lhs == "method" }.map(\.stdAll)
      let trait = estimates.filter { $0.op == .measuredBy && $0.lhs.hasPrefix("t") }.map(\.stdAll)
      out.ulmc = fu
      out.ulmcDeltaCFI = fu.cfi - fm.cfi; out.ulmcDeltaTLI = fu.tli - fm.tli
      out.ulmcDeltaRMSEA = fu.rmsea - fm.rmsea; out.ulmcDeltaSRMR = fu.srmr - fm.srmr
      out.methodVariance = method.reduce(0) { $0 + $1 * $1 } / Double(method.count)
      out.traitVariance = trait.reduce(0) { $0 + $1 * $1 } / Double(trait.count)
      warnings += diagnostics(ulmc, en: "method-factor model: ", zh: "方法因子模型：")
    } catch {
      warnings.append(Warning(en: "the model with a method factor could not be estimated (\(error)); its comparison is left out",
                              zh: "含方法因子的模型无法估计（\(error)），略去其比较"))
    }
    out.warnings = warnings
    return out
  }
}
