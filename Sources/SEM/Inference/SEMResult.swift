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

extension SEM {
  /// A fitted model with everything reported about it, in one order for
  /// every caller (cfa/sem, the study): fit → inference → (modification
  /// indices) → (CR/AVE/HTMT) → (nonparametric bootstrap over `data`'s
  /// complete cases). Whether an improper solution stops the caller, and
  /// when, is the caller's policy (`SEMResult.improper`).
  public static func analyse(
    table: ParameterTable, moments: SampleMoments, options: SEMOptions, data frame: DataFrame?,
    measurement: Bool = false, modindices: Bool = false, bootstrap: BootstrapOptions? = nil,
    progress: (@Sendable (Int) -> Void)? = nil
  ) throws -> (FittedModel, SEMResult) {
    let fitted = try SEM.fit(table: table, moments: moments, options: options)
    let inf = try Inference(fitted)
    let mi = modindices ? try ModificationIndices.compute(fitted, inf) : nil
    let quality = measurement ? try Measurement.assess(fitted, data: frame) : nil
    var result = SEMResult(fitted, inf, modindices: mi, measurement: quality)
    if let bootstrap, let frame {
      let data = try frame.listwiseMatrix(fitted.moments.names).data
      result.applyBootstrap(try Bootstrap.run(fitted, data: data, options: bootstrap, progress: progress))
    }
    return (fitted, result)
  }
}
