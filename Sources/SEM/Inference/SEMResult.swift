import LinearAlgebra

// The result of fitting a model, as every output format renders it (and as
// --format json writes it): DESIGN.md's shape, with lavaan's column and
// fitMeasures() names.

public struct SEMResult: Sendable, Codable {
  public var converged: Bool
  public var iterations: Int
  public var evaluations: Int
  public var estimator: String
  public var nobs: [Int]
  /// Rows dropped by listwise deletion.
  public var dropped: Int
  public var warnings: [String]
  public var parameters: [ParameterEstimate]
  public var fit: FitMeasures
  public var r2: NamedValues
  public var modindices: [ModificationIndex]?
  public var reliability: [FactorReliability]?
  /// Factor correlations and HTMT, for discriminant validity.
  public var discriminant: Discriminant?
  /// With --se bootstrap: the replicates' summary (both interval types).
  public var bootstrap: BootstrapResult?

  public struct Discriminant: Sendable, Codable {
    public var factors: [String]
    public var correlations: [[Double]]
    public var htmt: [[Double]]
  }

  public init(_ f: FittedModel, _ inf: Inference, modindices: [ModificationIndex]? = nil, measurement: MeasurementQuality? = nil) {
    converged = f.optimization.converged
    iterations = f.optimization.iterations
    evaluations = f.optimization.evaluations
    estimator = f.options.estimator.rawValue.uppercased()
    nobs = [f.n]
    dropped = f.moments.dropped
    warnings = f.warnings
    parameters = inf.estimates
    fit = FitMeasures.compute(f)
    r2 = inf.r2
    self.modindices = modindices
    if let m = measurement, !m.reliability.isEmpty {
      reliability = m.reliability
      discriminant = Discriminant(factors: m.factors, correlations: m.correlations, htmt: m.htmt)
      warnings += m.warnings
    }
  }

  /// Bootstrap standard errors, z, p and percentile intervals in place of the
  /// normal-theory ones, as lavaan's parameterEstimates() after se = "bootstrap"
  /// (boot.ci.type = "perc"); bias-corrected intervals stay in `bootstrap`.
  public mutating func applyBootstrap(_ b: BootstrapResult) {
    bootstrap = b
    var byFree: [Int: BootstrapEstimate] = [:]
    var byDefined: [String: BootstrapEstimate] = [:]
    for e in b.estimates { if e.free > 0 { byFree[e.free] = e } else { byDefined[e.lhs] = e } }
    for i in parameters.indices {
      let p = parameters[i]
      guard let e = p.free > 0 ? byFree[p.free] : (p.op == ":=" ? byDefined[p.lhs] : nil) else { continue }
      parameters[i].se = e.se
      parameters[i].z = e.z
      parameters[i].pvalue = e.pvalue
      parameters[i].ciLower = e.percLower
      parameters[i].ciUpper = e.percUpper
    }
  }

  /// True when the solution is improper (a Heywood case or a non-PD Ψ/Θ).
  public var improper: Bool { !improperWarnings.isEmpty }
  public var improperWarnings: [String] { warnings.filter { $0.hasPrefix("Heywood") || $0.contains("not positive definite") } }

}
