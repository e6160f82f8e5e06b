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
  public var warnings: [String]
  /// The cut-offs used: ΔCFI ≥ −deltaCFI, ΔRMSEA ≤ deltaRMSEA.
  public var cutoffs: [String: Double]
}

public enum Invariance {
  public static let steps: [(name: String, equal: [GroupEqual])] = [
    ("configural", []), ("metric", [.loadings]), ("scalar", [.loadings, .intercepts]),
    ("strict", [.loadings, .intercepts, .residuals]),
  ]

  /// Fits the steps in order on the data split by `group`; `partial` frees rows in every step.
  public static func run(syntax: String, data: DataFrame, group: String, options: SEMOptions, through last: Int = 3,
                         deltaCFI: Double = 0.010, deltaRMSEA: Double = 0.015) throws -> InvarianceResult {
    var out: [InvarianceStep] = []
    var labels: [String] = [], nobs: [Int] = [], warnings: [String] = []
    for (name, equal) in steps.prefix(last + 1) {
      var o = options
      o.model.groupEqual = equal
      let fitted = try SEM.fit(try SEMModel(syntax: syntax, data: data, options: o, group: group))
      _ = try Inference(fitted)
      warnings += fitted.diagnostics.map { "\(name): \($0)" }
      let f = FitMeasures.compute(fitted)
      labels = fitted.groups.map(\.label)
      nobs = fitted.groups.map(\.n)
      let robust = f["chisq.scaling.factor"] != nil
      func pick(_ key: String) -> Double { (robust ? f["\(key).robust"] : nil) ?? f[key]! }
      var step = InvarianceStep(
        model: name, groupEqual: equal.map(\.rawValue), npar: fitted.q, chisq: f["chisq"]!, df: f["df"]!,
        pvalue: f[robust ? "pvalue.scaled" : "pvalue"]!,
        cfi: pick("cfi"), tli: pick("tli"), rmsea: pick("rmsea"), srmr: f["srmr"]!, aic: f["aic"]!, bic: f["bic"]!)
      step.chisqScaled = f["chisq.scaled"]
      step.scalingFactor = f["chisq.scaling.factor"]
      if let prev = out.last {
        let d = DifferenceTest(restricted: (step.chisq, step.df, step.scalingFactor), free: (prev.chisq, prev.df, prev.scalingFactor))
        step.chisqDiff = d.chisq
        step.dfDiff = d.df
        step.pvalueDiff = d.pvalue
        step.deltaCFI = step.cfi - prev.cfi
        step.deltaRMSEA = step.rmsea - prev.rmsea
        step.holds = step.deltaCFI! >= -deltaCFI && step.deltaRMSEA! <= deltaRMSEA
      }
      out.append(step)
    }
    return InvarianceResult(groups: labels, nobs: nobs, missing: options.missing.rawValue, steps: out, warnings: warnings,
                            cutoffs: ["delta_cfi": deltaCFI, "delta_rmsea": deltaRMSEA])
  }
}
