import LinearAlgebra

// The result of fitting a model, as every output format renders it (and as
// --format json writes it): DESIGN.md's shape, with lavaan's column and
// fitMeasures() names.

public struct SEMResult: Sendable, Codable {
  public var converged: Bool
  public var iterations: Int
  public var evaluations: Int
  public var estimator: String
  /// Ordered variables: how their latent responses are scaled.
  public var parameterization: Parameterization?
  /// Ordered variables mixed with continuous ones: the continuous observed variables.
  public var continuous: [String]?
  public var nobs: [Int]
  /// Rows dropped: incomplete ones under listwise deletion, ones missing every
  /// model variable under FIML.
  public var dropped: Int
  /// listwise or fiml.
  public var missing: String
  /// Missing-data patterns among the cases used (FIML).
  public var patterns: Int?
  /// Group labels, in lavaan's order (first appearance), with --group.
  public var groups: [String]?
  public var warnings: [String]
  /// The typed problems behind `warnings` (not in the JSON, which has their messages).
  public var diagnostics: [SEMDiagnostic] = []
  /// The warnings no typed problem stands behind.
  public var untypedWarnings: [String] {
    let typed = Set(diagnostics.map(\.description))
    return warnings.filter { !typed.contains($0) }
  }
  /// False for an improper solution (lavaan's post.check fails); its problems in `improper`.
  public var admissible: Bool
  public var improperWarnings: [String]
  /// The model's general constraints and whether each binds at the optimum.
  public var constraints: [ConstraintStatus]?
  public var parameters: [ParameterEstimate]
  public var fit: FitMeasures
  public var r2: NamedValues
  public var modindices: [ModificationIndex]?
  public var reliability: [FactorReliability]?
  /// Factor correlations and HTMT, for discriminant validity.
  public var discriminant: Discriminant?
  /// With --se bootstrap: the replicates' summary (both interval types).
  public var bootstrap: BootstrapResult?
  /// With --se bootstrap: the normal-theory (delta-method) rows the bootstrap
  /// ones replaced in `parameters`, so both can be reported under their names.
  public var normalTheory: [ParameterEstimate]?

  enum CodingKeys: String, CodingKey {
    case converged, iterations, evaluations, estimator, parameterization, continuous, nobs, dropped, missing, patterns, groups, warnings, admissible
    case improperWarnings = "improper", constraints, parameters, fit, r2
    case modindices, reliability, discriminant, bootstrap
    case normalTheory = "normal_theory"
  }

  /// A constraint (`a > 0.6`) at the optimum: c = lhs − rhs (rhs − lhs for <), and whether it binds.
  public struct ConstraintStatus: Sendable, Codable {
    public var constraint: String
    public var value: Double
    public var active: Bool
  }

  public struct Discriminant: Sendable, Codable {
    public var factors: [String]
    public var correlations: [[Double]]
    public var htmt: [[Double]]
  }

  public init(_ f: FittedModel, _ inf: Inference, modindices: [ModificationIndex]? = nil, measurement: MeasurementQuality? = nil) {
    converged = f.optimization.converged
    iterations = f.optimization.iterations
    evaluations = f.optimization.evaluations
    estimator = f.options.estimatorName
    parameterization = f.ordinal != nil ? f.options.parameterization : nil
    continuous = f.ordinal.flatMap { $0.hasNumeric ? $0.continuousNames : nil }
    nobs = f.groups.map(\.n)
    dropped = f.groups.reduce(0) { $0 + $1.data.moments.dropped }
    missing = f.options.missing.rawValue
    patterns = f.fiml ? f.groups.reduce(0) { $0 + ($1.data.patterns?.patterns.count ?? 0) } : nil
    groups = f.groups.count > 1 ? f.groups.map(\.label) : nil
    warnings = f.diagnostics.map(\.description)
    diagnostics = f.diagnostics
    improperWarnings = f.diagnostics.filter(\.isImproper).map(\.description)
    admissible = !f.diagnostics.contains(where: \.isImproper)
    if let c = f.constraints {
      let values = c.evaluate(f.theta, items: Array(c.items.indices)).values
      constraints = c.items.enumerated().map { k, item in
        ConstraintStatus(constraint: item.text, value: values[k], active: item.isEquality || f.activeConstraints.contains(k))
      }
    }
    parameters = inf.estimates
    fit = FitMeasures.compute(f)
    r2 = inf.r2
    self.modindices = modindices
    if let m = measurement, !m.reliability.isEmpty {
      reliability = m.reliability
      discriminant = Discriminant(factors: m.factors, correlations: m.correlations, htmt: m.htmt)
      warnings += m.warnings.map(\.description)
      diagnostics += m.warnings
    }
  }

  /// Bootstrap standard errors, z, p and percentile intervals in place of the
  /// normal-theory ones, as lavaan's parameterEstimates() after se = "bootstrap"
  /// (boot.ci.type = "perc"); bias-corrected intervals stay in `bootstrap`.
  public mutating func applyBootstrap(_ b: BootstrapResult) {
    bootstrap = b
    normalTheory = parameters
    var byFree: [Int: BootstrapEstimate] = [:]
    var byDefined: [String: BootstrapEstimate] = [:]
    for e in b.estimates { if e.free > 0 { byFree[e.free] = e } else { byDefined[e.lhs] = e } }
    for i in parameters.indices {
      let p = parameters[i]
      guard let e = p.free > 0 ? byFree[p.free] : (p.op == .defined ? byDefined[p.lhs] : nil) else { continue }
      parameters[i].se = e.se
      parameters[i].z = e.z
      parameters[i].pvalue = e.pvalue
      parameters[i].ciLower = e.percLower
      parameters[i].ciUpper = e.percUpper
    }
  }

  /// True when the solution is improper (a Heywood case, a non-PD Ψ/Θ, a correlation above 1).
  public var improper: Bool { !admissible }

}
