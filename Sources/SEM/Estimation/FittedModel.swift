import LinearAlgebra

// A fitted model: the parameter table, each group's data and model matrices
// at the estimates (ImpliedModel, a value), the optimizer's result and the
// diagnostics of the solution — immutable; what inference, the tests, the
// baseline and the fit measures are computed from.

/// One group of a fitted model.
public struct GroupFit: Sendable {
  public let data: GroupData
  public let layout: LISRELLayout
  /// The covariance matrix the model was fitted to: divisor N for ML, N − 1 for GLS and ULS.
  public let sampleCovariance: Matrix
  /// The model matrices and implied moments at the estimates.
  public let implied: ImpliedModel
  public var n: Int { data.moments.n }
  public var label: String { data.label }
}

/// A fitted model: what inference and fit measures are computed from.
public struct FittedModel: Sendable {
  public let table: ParameterTable
  public let groups: [GroupFit]
  public let options: SEMOptions
  public let theta: [Double]
  public let optimization: OptimizeResult
  /// F at the optimum (2·lavaan's fmin for ML); under FIML, minus F of the unrestricted model.
  public let fValue: Double
  /// Problems of the solution (lavaan's post.check): an improper solution when not empty.
  public var diagnostics: [SEMDiagnostic]
  /// General constraints (`a == 2*b`, `a > 0`) and those binding at the optimum (equalities and active inequalities).
  var constraints: ModelConstraints? = nil
  public var activeConstraints: [Int] = []
  /// Information and robust statistics, computed once (shared by copies, which are the same fit).
  let cache = _FitCache()

  public var layout: LISRELLayout { groups[0].layout }
  public var implied: ImpliedModel { groups[0].implied }
  public var moments: SampleMoments { groups[0].data.moments }
  public var sampleCovariance: Matrix { groups[0].sampleCovariance }
  public var n: Int { groups.reduce(0) { $0 + $1.n } }
  public var p: Int { layout.p }
  public var q: Int { layout.freeCount }
  public var meanstructure: Bool { table.meanstructure }
  public var fiml: Bool { groups[0].data.patterns != nil }
  /// Group weights n_g/N in F.
  public var weights: [Double] { groups.map { Double($0.n) / Double(n) } }
  /// Exogenous covariates whose moments are fixed at the sample values.
  public var fixedXCount: Int { table.roles.observedX.count }
  /// Sample statistics per group: p(p + 1)/2 (co)variances and, with a mean structure, p means;
  /// for ordered variables the thresholds and p(p − 1)/2 polychoric correlations.
  public var momentCount: Int {
    if ordinal != nil { return ordinalSamples.reduce(0) { $0 + $1.dimension } }
    return groups.count * (p * (p + 1) / 2 + (meanstructure ? p : 0))
  }
  /// Ordered variables' sample statistics: the first group's (nil for continuous data), every group's.
  public var ordinal: OrdinalSample? { groups[0].data.ordinal }
  public var ordinalSamples: [OrdinalSample] { groups.compactMap(\.data.ordinal) }
  /// A group's implied correlations of the latent responses: Σ̂ (delta), DΣ̂D with D = diag(Σ̂)^(−½) (theta).
  func impliedCorrelation(_ g: Int) -> Matrix {
    // The latent responses' correlations ΔΣΔ (unit diagonal in either parameterization).
    let sigma = groups[g].implied.sigma
    var r = sigma
    for j in 0..<p { for i in 0..<p { r[i, j] = sigma[i, j] / (sigma[i, i] * sigma[j, j]).squareRoot() } }
    return r
  }
  public var fixedMomentCount: Int { groups.count * (fixedXCount * (fixedXCount + 1) / 2 + (meanstructure ? fixedXCount : 0)) }
  /// Free parameters as lavaan counts them (npar): each equality constraint takes one away.
  public var npar: Int { q - (constraints?.equalityCount ?? 0) }
  public var df: Int { momentCount - npar - fixedMomentCount }
  public var sigma: Matrix { implied.sigma }
  /// The estimator's type (FIML with missing-data patterns).
  var estimatorType: any Estimator.Type { options.estimatorType(fiml: fiml) }

  /// The same fit with the optimizer's record replaced (iterations counted over two passes).
  func with(optimization: OptimizeResult) -> FittedModel {
    var f = FittedModel(table: table, groups: groups, options: options, theta: theta, optimization: optimization, fValue: fValue,
                        diagnostics: diagnostics, constraints: constraints, activeConstraints: activeConstraints)
    f.diagnostics = diagnostics
    return f
  }

  /// Each group's estimator for its sample (the sample was factored when the model was fitted).
  func estimators() -> [any Estimator] {
    let type = estimatorType
    return groups.enumerated().map { g, fit in
      let e = try! type.init(GroupSample(s: fit.sampleCovariance, data: fit.data, table: table, group: g + 1, options: options))
      e.load(theta)
      return e
    }
  }

  /// Σ_g (n_g/N) I_g, the expected information per case at the estimates.
  func expectedInformation() -> Matrix? {
    let estimators = estimators()
    return Information.weightedSum(weights) { estimators[$0].expectedInformation(groups[$0].implied) }
  }

  /// A fresh evaluator of this model's objective (scratch for the observed
  /// information and the modification indices), left unevaluated.
  func makeObjective(layouts: [LISRELLayout]? = nil, weights given: [Double]? = nil) -> Objective {
    let objectives = zip(estimators(), groups).enumerated().map { g, pair in
      GroupObjective(layout: layouts?[g] ?? pair.1.layout, estimator: pair.0)
    }
    return Objective(groups: objectives, weights: given ?? weights)
  }
}
