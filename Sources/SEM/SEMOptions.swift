// What a fit is asked to do (lavaan's lavOptions, those ClusterStat has):
// the estimator, robust statistics, missing data, the model's defaults
// (ModelOptions), the CI level and the optimizer's settings.

public enum MissingPolicy: String, Sendable, Codable, CaseIterable {
  /// Complete cases only (lavaan's missing = "listwise").
  case listwise
  /// Full-information ML over the missing-data patterns (lavaan's missing = "ml").
  case fiml
}

/// How ordered variables' latent responses are scaled (lavaan's parameterization =).
public enum Parameterization: String, Sendable, Codable, CaseIterable {
  /// Latent responses of variance 1; residual variances 1 − explained (lavaan's default).
  case delta
  /// Residual variances 1; the scale factors Δ = 1/√σ*ᵢᵢ follow (thresholds and loadings in that metric).
  case theta
}

public struct SEMOptions: Sendable {
  public var model = ModelOptions()
  public var estimator: EstimatorKind = .ml
  /// Robust standard errors and scaled test statistics (lavaan's MLM / MLR).
  public var robust: Robust?
  public var missing: MissingPolicy = .listwise
  /// Observed variables treated as ordinal (lavaan's `ordered =`): their
  /// thresholds and polychoric correlations are fitted by DWLS, WLS or ULS
  /// (`estimator`) in the delta parameterization.
  public var ordered: [String] = []
  /// With ordered variables: robust (sandwich) standard errors and the
  /// mean-and-variance-adjusted ("scaled.shifted") test, lavaan's WLSMV / ULSMV.
  public var meanAndVariance = false
  /// Ordered variables: delta (default) or theta.
  public var parameterization: Parameterization = .delta
  public var ciLevel = 0.95
  public var optimizer = OptimizerOptions()
  /// Starting values for the free parameters (e.g. the full-sample estimates
  /// for a bootstrap replicate); nil: lavaan-like starting values.
  public var start: [Double]?
  /// A refit of an already fitted model on resampled data (bootstrap,
  /// Bollen–Stine): no check for an improper solution afterwards (lavaan's
  /// bootstrap keeps every converged replicate).
  public var replicate = false
  public init(model: ModelOptions = ModelOptions(), estimator: EstimatorKind = .ml, robust: Robust? = nil,
              missing: MissingPolicy = .listwise, ciLevel: Double = 0.95) {
    self.model = model
    self.estimator = estimator
    self.robust = robust
    self.missing = missing
    self.ciLevel = ciLevel
  }

  /// The estimator's name as lavaan prints it (ML, GLS, ULS, MLM, MLR; WLSMV, ULSMV, DWLS, WLS).
  public var estimatorName: String {
    if meanAndVariance { return estimator == .uls ? "ULSMV" : "WLSMV" }
    return robust?.rawValue.uppercased() ?? estimator.rawValue.uppercased()
  }
}
