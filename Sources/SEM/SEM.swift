// SEM: structural equation models as lavaan fits them. The stages are
// folders, in the order data flows through them (README.md):
//   Syntax → ParameterTable → SampleStatistics → Representation → Estimation
//   → Inference → Test → Baseline → FitMeasures
// plus Modification (indices), Measurement (CR, AVE, HTMT), Comparison
// (invariance) and Simulation. This file is the driver: the steps of a fit
// in order, as lavaan's lavaan() calls lav_step01_options … lav_step15_baseline.
@_exported import LinearAlgebra
@_exported import Distributions
@_exported import Survey
@_exported import Optimization

/// A model to fit: its parameter table, each group's sample statistics and
/// the options (steps 1–4). Fitting it is `SEM.fit`, fitting and reporting
/// everything about it `SEM.analyse`.
public struct SEMModel: Sendable {
  public let table: ParameterTable
  public let groups: [GroupData]
  public let options: SEMOptions

  /// Steps 1–4 from lavaan syntax and a data frame (`group`: the column that
  /// splits the cases into groups, in order of first appearance).
  public init(syntax: String, data: DataFrame, options: SEMOptions = SEMOptions(), group: String? = nil) throws {
    (table, groups) = try SampleData.build(syntax: syntax, data: data, options: options, group: group)
    self.options = options
    layouts = SEMModel.buildLayouts(table, groups: groups.count)
  }

  /// Steps 1–4 from lavaan syntax and a covariance matrix (one group, complete data).
  public init(syntax: String, moments: SampleMoments, options: SEMOptions = SEMOptions()) throws {
    let (table, ordered) = try SampleData.build(syntax: syntax, moments: moments, options: options)
    self.init(table: table, groups: [GroupData(moments: ordered)], options: options, layouts: SEMModel.buildLayouts(table, groups: 1))
  }

  /// The layouts once per model, not once per fit (a model is often fitted
  /// many times: benchmarks, the delta parameterization's refit from its
  /// estimates); nil where one cannot be built, so that the fit reports why.
  static func buildLayouts(_ table: ParameterTable, groups: Int) -> [LISRELLayout]? {
    try? (0..<groups).map { try LISRELLayout(table: table, group: $0 + 1) }
  }

  /// A built table with its groups' data: for callers that fit one table many
  /// times (bootstrap replicates, benchmarks), without parsing again.
  public init(table: ParameterTable, groups: [GroupData], options: SEMOptions, layouts: [LISRELLayout]? = nil) {
    self.table = table
    self.groups = groups
    self.options = options
    self.layouts = layouts
  }

  /// One group with complete data.
  public init(table: ParameterTable, moments: SampleMoments, options: SEMOptions, layouts: [LISRELLayout]? = nil) {
    self.init(table: table, groups: [GroupData(moments: moments)], options: options, layouts: layouts)
  }

  /// Each group's LISREL layout of `table`, when already built (with the
  /// model from syntax; a replicate refits the full sample's table, whose
  /// fit's layouts serve); nil: built in step 6.
  public let layouts: [LISRELLayout]?

  /// The first group's moments.
  public var moments: SampleMoments { groups[0].moments }

  /// The same table and options on other data (a replicate, a resample).
  public func with(groups: [GroupData], options: SEMOptions? = nil) -> SEMModel {
    SEMModel(table: table, groups: groups, options: options ?? self.options)
  }
}

public enum SEM {
  /// Estimates the model (steps 5–9). Ordered variables (delta
  /// parameterization): their residual variances are fixed while fitting (F
  /// does not depend on them) and set to 1/Δᵢ² − explained by a second,
  /// immediate fit from the estimates, so that the latent responses' variances
  /// are 1/Δᵢ² (1 where the scale factor is 1).
  public static func fit(_ model: SEMModel) throws -> FittedModel {
    let first = try fitOnce(model)
    guard first.ordinal != nil, model.options.parameterization == .delta else { return first }
    var table = model.table
    let names = first.moments.names
    let scales = first.groups.enumerated().map { g, fit in
      OrdinalParameters(table: table, group: g + 1, sample: fit.data.ordinal!).values(first.theta).scale
    }
    var changed = false
    for k in table.rows.indices where table.rows[k].isVariance && table.rows[k].free == 0 && model.options.ordered.contains(table.rows[k].lhs) {
      let i = names.firstIndex(of: table.rows[k].lhs)!, g = table.rows[k].group - 1
      let sigma = first.groups[g].implied.sigma
      let shift = 1 / (scales[g][i] * scales[g][i]) - sigma[i, i]
      if abs(shift) > 1e-13 { changed = true }
      table.rows[k].ustart = (table.rows[k].ustart ?? 0) + shift
    }
    guard changed else { return first }
    var options = model.options
    options.start = first.theta
    let second = try fitOnce(SEMModel(table: table, groups: model.groups, options: options))
    // The iterations are the first fit's (the second starts at its optimum).
    var optimization = second.optimization
    optimization.iterations += first.optimization.iterations
    optimization.evaluations += first.optimization.evaluations
    return second.with(optimization: optimization)
  }

  static func fitOnce(_ model: SEMModel) throws -> FittedModel {
    // 5. What counting shows: npar against the sample statistics; the estimator.
    let (constraints, estimator) = try Estimation.check(model)
    // 6. Each group's model matrices, sample covariance and estimator.
    let (objective, layouts, covariances) = try Estimation.setUp(model, estimator: estimator)
    // 7. Start values.
    let start = Estimation.start(model, objective: objective, layouts: layouts, covariances: covariances)
    // 8. Minimise F; F − F_H1 under FIML.
    let (result, active) = try Estimation.minimize(model, objective: objective, start: start, constraints: constraints, covariances: covariances)
    let fValue = Estimation.discrepancy(model, objective: objective, at: result)
    // 9. The estimates' matrices and moments as values (the optimizer's last
    // evaluation is usually at the estimates already); the post-check.
    _ = objective.standAt(result.x)
    let implied = objective.snapshots()
    let fits = model.groups.indices.map { g in
      GroupFit(data: model.groups[g], layout: layouts[g], sampleCovariance: covariances[g], implied: implied[g])
    }
    var fitted = FittedModel(table: model.table, groups: fits, options: model.options, theta: result.x, optimization: result,
                             fValue: fValue, diagnostics: [], constraints: constraints, activeConstraints: active)
    if !model.options.replicate { fitted.diagnostics = Diagnostics.improperSolution(fitted) }
    return fitted
  }

  /// A fitted model with everything reported about it, in one order for
  /// every caller (cfa/sem, the study): fit (5–9) → standard errors (10,
  /// Inference/) → test statistics, baseline and fit measures (11–13,
  /// SEMResult) → modification indices, CR/AVE/HTMT, the nonparametric
  /// bootstrap over `data`'s complete cases (14). Whether an improper
  /// solution stops the caller, and when, is the caller's policy
  /// (`SEMResult.improper`). The bootstrap is for one group with complete
  /// data and no mean structure.
  public static func analyse(
    _ model: SEMModel, data frame: DataFrame?,
    measurement: Bool = false, modindices: Bool = false, bootstrap: BootstrapOptions? = nil,
    progress: (@Sendable (Int) -> Void)? = nil
  ) throws -> (FittedModel, SEMResult) {
    let options = model.options
    let fitted = try SEM.fit(model)
    // 10. Standard errors: the information, robust sandwich where asked.
    let inf = try Inference(fitted)
    // Ordered variables have a mean structure of fixed zeros and thresholds.
    let simple = fitted.groups.count == 1 && (!fitted.meanstructure || fitted.ordinal != nil) && !fitted.fiml
    if bootstrap != nil && fitted.constraints != nil {
      throw InputError("bootstrap standard errors do not yet refit models with constraints (==, <, >); use the standard errors", settings: [.standardErrors])
    }
    if options.robust != nil && fitted.constraints != nil {
      throw InputError("the \(options.robust!.rawValue) estimator with constraints (==, <, >) is not available; use ML", settings: [.estimator])
    }
    if let bootstrap, bootstrap.bollenStine, fitted.ordinal != nil {
      throw InputError("the Bollen–Stine bootstrap transforms continuous data; with ordered variables use the ordinary bootstrap", settings: [.bollenStine, .ordered])
    }
    if bootstrap != nil && (!simple || options.robust != nil) {
      throw InputError("bootstrap standard errors are available for one group with complete data and normal-theory ML; drop the groups, FIML, the intercepts or the \(options.robust?.rawValue ?? "robust") estimator", settings: [.standardErrors, .group, .missing, .estimator])
    }
    // 14. What else was asked for.
    let mi = modindices ? try ModificationIndices.compute(fitted, inf) : nil
    let quality = measurement && fitted.groups.count == 1 ? try Measurement.assess(fitted, data: fitted.fiml ? nil : frame) : nil
    // 11–13. The test, the baseline model and the fit measures.
    var result = SEMResult(fitted, inf, modindices: mi, measurement: quality)
    if let bootstrap, let frame {
      let data = try frame.listwiseMatrix(fitted.moments.names).data
      result.applyBootstrap(try Bootstrap.run(fitted, data: data, options: bootstrap, progress: progress))
    }
    return (fitted, result)
  }
}
