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

  public init(_ f: FittedModel, _ inf: Inference, modindices: [ModificationIndex]? = nil, reliability: [FactorReliability]? = nil) {
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
    self.reliability = reliability
  }

  /// True when the solution is improper (a Heywood case or a non-PD Ψ/Θ).
  public var improper: Bool { !warnings.isEmpty }
}
