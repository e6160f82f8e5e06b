import Survey
import Distributions

// Measurement invariance across groups (Meredith 1993; Vandenberg & Lance
// 2000): the same model fitted with more and more parameters equal across
// groups — configural (none), metric (loadings), scalar (+ intercepts),
// strict (+ residual variances) — and each step compared with the one before:
//   the χ² difference test (Test/Difference.swift, lavaan's lavTestLRT);
//   ΔCFI = CFI_k − CFI_{k−1}, ΔRMSEA = RMSEA_k − RMSEA_{k−1}, with the usual
//   reading that a step holds when ΔCFI ≥ −0.010 (Cheung & Rensvold 2002) and
//   ΔRMSEA ≤ 0.015 (Chen 2007), since Δχ² rejects trivial differences in
//   large samples.
// With MLR the difference test is the scaled one (Satorra & Bentler 2001) and
// CFI/TLI/RMSEA are the robust ones (cfi.robust, rmsea.robust).

public struct InvarianceStep: Sendable, Codable {
  public var model: String
  public var groupEqual: [String]
  public var npar: Int
  public var chisq: Double
  public var df: Double
  public var pvalue: Double
  public var cfi: Double
  public var tli: Double
  public var rmsea: Double
  public var srmr: Double
  public var aic: Double
  public var bic: Double
  /// With MLR: χ²/c and c.
  public var chisqScaled: Double?
  public var scalingFactor: Double?
  public var chisqDiff: Double?
  public var dfDiff: Double?
  public var pvalueDiff: Double?
  public var deltaCFI: Double?
  public var deltaRMSEA: Double?
  /// Whether ΔCFI and ΔRMSEA are within the cut-offs (nil for the first step).
  public var holds: Bool?

  enum CodingKeys: String, CodingKey {
    case model, npar, chisq, df, pvalue, cfi, tli, rmsea, srmr, aic, bic, holds
    case chisqScaled = "chisq.scaled", scalingFactor = "chisq.scaling.factor"
    case groupEqual = "group_equal", chisqDiff = "chisq_diff", dfDiff = "df_diff", pvalueDiff = "pvalue_diff"
    case deltaCFI = "delta_cfi", deltaRMSEA = "delta_rmsea"
  }
}

public struct InvarianceResult: Sendable, Codable {
  public var groups: [String]
  public var nobs: [Int]
  public var missing: String
  public var steps: [InvarianceStep]
  public var warnings: [Warning]
  /// Ordered indicators: the estimator, the identification used and which
  /// fit indices and difference test are reported.
  public var notes: [String] = []
  /// Ordered indicators: how their latent responses are scaled; nil for continuous ones.
  public var parameterization: Parameterization?
  /// The cut-offs used: ΔCFI ≥ −deltaCFI, ΔRMSEA ≤ deltaRMSEA.
  public var cutoffs: [String: Double]
}

public enum Invariance {
  public static let steps: [(name: String, equal: [GroupEqual])] = [
    ("configural", []), ("metric", [.loadings]), ("scalar", [.loadings, .intercepts]),
    ("strict", [.loadings, .intercepts, .residuals]),
  ]

  /// The steps with ordered indicators (Wu & Estabrook 2016, as semTools'
  /// measEq.syntax builds them by default: ID.fac = "std.lv", ID.cat =
  /// "Wu.Estabrook.2016"), each against the one before:
  ///   configural: latent variances 1, means 0; every group's thresholds free,
  ///     intercepts 0 and scale factors (delta) or residual variances (theta) 1;
  ///   thresholds: thresholds equal; the later groups' intercepts and scale
  ///     factors (delta) or residual variances (theta) free — for a binary item
  ///     the intercept only (its scale is freed with equal intercepts), so for
  ///     binary items this step fits as the configural one;
  ///   metric: + loadings equal; the later groups' latent variances free;
  ///   scalar: + intercepts equal (0 again); the later groups' latent means free;
  ///   strict (theta only): + residual variances equal (1 again). Residual
  ///     variances are not parameters in the delta parameterization, so there
  ///     it stops at scalar (measEq.syntax refuses strict there too).
  public static let ordinalSteps: [(name: String, equal: [GroupEqual])] = [
    ("configural", []), ("thresholds", [.thresholds]), ("metric", [.thresholds, .loadings]),
    ("scalar", [.thresholds, .loadings, .intercepts]), ("strict", [.thresholds, .loadings, .intercepts, .residuals]),
  ]

  /// The lines measEq.syntax would add to the model for a step (labels tie
  /// thresholds; c(…) fixes in group 1 and frees in the others).
  static func ordinalStepSyntax(_ equal: [GroupEqual], groups: Int, ordered: [String], continuous: [String], thresholds: [String: Int],
                                latent: [String], theta: Bool) -> String {
    func perGroup(_ first: String, _ rest: String) -> String { "c(\(([first] + Array(repeating: rest, count: groups - 1)).joined(separator: ", ")))" }
    var lines: [String] = []
    let tied = equal.contains(.thresholds), meansFree = equal.contains(.intercepts), residualsEqual = equal.contains(.residuals)
    if tied {
      for v in ordered {
        let labels = (1...thresholds[v]!).map { k in "\(perGroup("\(v).thr\(k)", "\(v).thr\(k)"))*t\(k)" }
        lines.append("\(v) | \(labels.joined(separator: " + "))")
        // A binary item's one threshold identifies only the intercept: its
        // scale (or residual variance) is freed with equal intercepts (W&E, as measEq.syntax).
        let scaleFree = thresholds[v]! >= 2 || meansFree
        if theta {
          if scaleFree && !residualsEqual { lines.append("\(v) ~~ \(perGroup("1", "NA"))*\(v)") }
        } else if scaleFree {
          lines.append("\(v) ~*~ \(perGroup("1", "NA"))*\(v)")
        }
        if !meansFree { lines.append("\(v) ~ \(perGroup("0", "NA"))*1") }
      }
    }
    // Continuous indicators as in a continuous model: equal intercepts, then equal residual variances.
    for v in continuous {
      if meansFree { lines.append("\(v) ~ \(perGroup("\(v).nu", "\(v).nu"))*1") }
      if residualsEqual { lines.append("\(v) ~~ \(perGroup("\(v).theta", "\(v).theta"))*\(v)") }
    }
    if equal.contains(.loadings) { for f in latent { lines.append("\(f) ~~ \(perGroup("1", "NA"))*\(f)") } }
    if meansFree { for f in latent { lines.append("\(f) ~ \(perGroup("0", "NA"))*1") } }
    return lines.joined(separator: "\n")
  }

  /// Fits the steps in order on the data split by `group`; `partial` frees rows in every step.
  public static func run(syntax: String, data: DataFrame, group: String, options: SEMOptions, through last: Int? = nil,
                         deltaCFI: Double = 0.010, deltaRMSEA: Double = 0.015) throws -> InvarianceResult {
    var out: [InvarianceStep] = []
    var labels: [String] = [], nobs: [Int] = [], warnings: [Warning] = [], notes: [String] = []
    let ordinal = !options.ordered.isEmpty
    var stepList = steps
    var base = options
    var extra: ([GroupEqual]) -> String = { _ in "" }
    var configural: SEMModel?
    let theta = options.parameterization == .theta
    if ordinal {
      stepList = theta ? ordinalSteps : Array(ordinalSteps.prefix(4))
      base.model.stdLV = true
      base.model.groupEqual = []
      // The configural model tells the groups, the variables and their
      // thresholds; its groups' polychorics and Γ serve every step.
      let model = try SEMModel(syntax: syntax, data: data, options: base, group: group)
      configural = model
      if model.table.rows.contains(where: { $0.user == 1 && ($0.op == .threshold || $0.op == .scale) }) {
        throw InputError(file: data.source, "invariance with ordered indicators sets the thresholds and scale factors of each step itself; drop the '|' and '~*~' lines from the model", settings: [.ordered])
      }
      let sample = model.groups[0].ordinal!
      let thresholds = sample.thresholdCounts
      let continuous = sample.continuousNames, ordered = sample.names.filter { thresholds[$0] != nil }
      let latent = model.table.roles.latent, g = model.groups.count
      extra = { ordinalStepSyntax($0, groups: g, ordered: ordered, continuous: continuous, thresholds: thresholds, latent: latent, theta: theta) }
      let scales = theta ? "residual variances" : "scale factors"
      notes.append("ordered indicators: \(options.meanAndVariance ? (options.estimator == .uls ? "ULSMV" : "WLSMV") : options.estimator.rawValue.uppercased()), \(theta ? "theta" : "delta") parameterization; identification of Wu & Estabrook (2016) as semTools' measEq.syntax (ID.fac = \"std.lv\", ID.cat = \"Wu.Estabrook.2016\"): configural — latent variances 1, means 0, intercepts 0, \(scales) 1; thresholds — thresholds equal, later groups' intercepts and \(scales) free; metric — loadings equal, later groups' latent variances free; scalar — intercepts equal (0), later groups' latent means free\(theta ? "; strict — residual variances equal (1)" : "")\(continuous.isEmpty ? "" : "; continuous indicators (\(continuous.joined(separator: ", "))): intercepts equal at the scalar step\(theta ? ", residual variances at the strict step" : "")")")
      notes.append("χ² difference: lavTestLRT's scaled-shifted test of Satorra (2000) (method = \"satorra.2000\"); CFI, TLI and RMSEA are the scaled ones (the robust ones are not defined once thresholds are equal)\(theta ? "" : "; no strict step: residual variances are not parameters in the delta parameterization (the theta parameterization has one)")")
    }
    var previous: FittedModel?
    for (name, equal) in stepList.prefix((last ?? stepList.count - 1) + 1) {
      var o = base
      // Ordinal steps: the thresholds, intercepts and scale factors come from the
      // step's lines; the loadings are tied by group.equal.
      o.model.groupEqual = ordinal ? equal.filter { $0 == .loadings } : equal
      let added = extra(equal)
      let text = added.isEmpty ? syntax : syntax + "\n" + added
      let stepModel: SEMModel
      if let configural {
        var m = o.model
        m.groups = configural.groups.count
        let table = try SampleData.ordinalTable(try ModelSyntax.parse(text), options: m, ordered: o, groups: configural.groups, source: data.source)
        stepModel = SEMModel(table: table, groups: configural.groups, options: o)
      } else {
        stepModel = try SEMModel(syntax: text, data: data, options: o, group: group)
      }
      let fitted = try SEM.fit(stepModel)
      _ = try Inference(fitted)
      warnings += fitted.diagnostics.map { Warning(en: "\(name): \($0.message(chinese: false))", zh: "\(name)：\($0.message(chinese: true))", improper: $0.isImproper) }
      let f = FitMeasures.compute(fitted)
      labels = fitted.groups.map(\.label)
      nobs = fitted.groups.map(\.n)
      let robust = f["chisq.scaling.factor"] != nil
      func pick(_ key: String) -> Double { (robust ? f["\(key)\(ordinal ? ".scaled" : ".robust")"] : nil) ?? f[key]! }
      var step = InvarianceStep(
        model: name, groupEqual: equal.map(\.rawValue), npar: fitted.q, chisq: f["chisq"]!, df: f["df"]!,
        pvalue: f[robust ? "pvalue.scaled" : "pvalue"]!,
        cfi: pick("cfi"), tli: pick("tli"), rmsea: pick("rmsea"), srmr: f["srmr"]!, aic: f["aic"] ?? .nan, bic: f["bic"] ?? .nan)
      step.chisqScaled = f["chisq.scaled"]
      step.scalingFactor = f["chisq.scaling.factor"]
      if let prev = out.last {
        let d = ordinal && robust
          ? DifferenceTest.satorra2000(restricted: fitted, free: previous!)
          : DifferenceTest(restricted: (step.chisq, step.df, step.scalingFactor), free: (prev.chisq, prev.df, prev.scalingFactor))
        step.chisqDiff = d.chisq
        step.dfDiff = d.df
        step.pvalueDiff = d.pvalue
        step.deltaCFI = step.cfi - prev.cfi
        step.deltaRMSEA = step.rmsea - prev.rmsea
        step.holds = step.deltaCFI! >= -deltaCFI && step.deltaRMSEA! <= deltaRMSEA
      }
      out.append(step)
      previous = fitted
    }
    return InvarianceResult(groups: labels, nobs: nobs, missing: options.missing.rawValue, steps: out, warnings: warnings,
                            notes: notes, parameterization: ordinal ? options.parameterization : nil,
                            cutoffs: ["delta_cfi": deltaCFI, "delta_rmsea": deltaRMSEA])
  }
}
