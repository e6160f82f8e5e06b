import LinearAlgebra

// An estimator is a discrepancy F(S, ȳ; Σ, μ) ≥ 0 between one group's sample
// statistics and the moments the model implies, with what the later stages
// need to know about it (lavaan's lav_model_objective_ml/gls/uls/fiml, and
// the estimator-specific branches of lav_model_vcov, lav_test and lav_fit):
//   - the value and its gradient with respect to Σ and μ (the chain rule to θ
//     is the model's, Objective.swift, and the same for every estimator);
//   - the weight P of the information M(P) = tr(PΣᵢPΣⱼ) that Fisher scoring
//     steps with, and the expected information the standard errors use;
//   - the N of the test statistic T = N·F, the covariance matrix it is fitted
//     to (divisor N or N − 1), whether T is referred to a χ² distribution,
//     whether there is a log-likelihood, and the weight the GFI uses.
// With G groups F = Σ_g (n_g/N) F_g.
//
// To add an estimator: a file in Estimators/ with a final class conforming to
// Estimator, a case in EstimatorKind, and its line in EstimatorKind.type.

/// The estimators a user can ask for (lavaan's estimator = "ML", "GLS", "ULS";
/// MLM and MLR are ML with robust statistics, `Robust`). FIML is ML on
/// incomplete data, chosen by the missing-data policy.
public enum EstimatorKind: String, Sendable, Codable, CaseIterable {
  case ml, gls, uls
  /// Diagonally weighted and (fully) weighted least squares: ordinal data only.
  case dwls, wls

  /// The registry: the type that computes each estimator (for continuous data;
  /// every estimator of ordered data is WeightedLeastSquares with its weight).
  var type: any Estimator.Type {
    switch self {
    case .ml: ML.self
    case .gls: GLS.self
    case .uls: ULS.self
    case .dwls, .wls: WeightedLeastSquares.self
    }
  }
}

/// One group's sample statistics, as an estimator is made from them.
struct GroupSample {
  /// The covariance matrix the estimator fits (`Estimator.fitsUnbiasedCovariance`).
  var s: Matrix
  /// The sample means, when the model has a mean structure.
  var mean: [Double]?
  /// Missing-data patterns (FIML).
  var patterns: MissingPatterns?
  /// Ordered variables: thresholds, polychorics, Γ, and which weight (DWLS, WLS, ULS).
  var ordinal: OrdinalSample?
  var weighting: EstimatorKind = .ml
  /// Ordered variables in the theta parameterization: fit the correlations of Σ.
  var standardize = false
  /// Ordered variables: where the thresholds and scale factors are in θ.
  var ordinalParameters: OrdinalParameters?

  /// A group's sample as the model's estimator takes it (`s`: the covariance
  /// matrix it fits).
  init(s: Matrix, mean: [Double]? = nil, patterns: MissingPatterns? = nil, ordinal: OrdinalSample? = nil,
       weighting: EstimatorKind = .ml, standardize: Bool = false, ordinalParameters: OrdinalParameters? = nil) {
    self.s = s
    self.mean = mean
    self.patterns = patterns
    self.ordinal = ordinal
    self.weighting = weighting
    self.standardize = standardize
    self.ordinalParameters = ordinalParameters
  }

  /// Group `g` (1-based) of a model: its sample as `options` and `table` say.
  init(s: Matrix, data: GroupData, table: ParameterTable, group g: Int, options: SEMOptions) {
    self.init(s: s, mean: table.meanstructure ? data.moments.means : nil, patterns: data.patterns, ordinal: data.ordinal,
              weighting: options.estimator, standardize: options.parameterization == .theta,
              ordinalParameters: data.ordinal.map { OrdinalParameters(table: table, group: g, sample: $0) })
  }
}

/// How a GFI weighs the residuals (FitMeasures/GFI.swift).
enum GFIWeight {
  /// ½tr(RARA) + mᵀAm summed over pieces A with their shares.
  case normal([(weight: Matrix, share: Double)])
  /// Each moment once with unit weight (ULS).
  case unit
}

/// One group's discrepancy function, made once per fit for its sample, with
/// its scratch storage so that evaluations allocate nothing.
protocol Estimator: AnyObject {
  init(_ sample: GroupSample) throws(LinearAlgebraError)

  /// F at Σ, μ; +∞ where it cannot be evaluated (ML: Σ not positive definite).
  func value(sigma: Matrix, mu: Matrix) -> Double

  /// ∂F/∂Σ (symmetric, each element's own derivative) and ∂F/∂μ at the point
  /// of the last `value` call.
  func gradient(sigma: Matrix, mu: Matrix, gSigma: inout Matrix, gMu: inout [Double])

  /// Parameters the estimator reads from θ itself (the thresholds and scale
  /// factors of ordered variables): taken before each `value`.
  func load(_ theta: [Double])

  /// Their derivatives, scaled by `scale`, into `gradient`; after `gradient(…)`.
  func addParameterGradient(into gradient: inout [Double], scale: Double)

  /// P of the information M(P) that Fisher scoring steps with.
  func scoringWeight(sigma: Matrix) -> Matrix?

  /// The expected (or Gauss–Newton) Hessian of F at the model, which Fisher
  /// scoring steps with: M(P) at the scoring weight, by default.
  func scoringInformation(_ model: ImpliedModel) -> Matrix?

  /// The expected information per case (half the expected Hessian of F) at
  /// the model, for the standard errors and modification indices.
  func expectedInformation(_ model: ImpliedModel) -> Matrix?

  /// The exact Hessian of F at the model, for Newton steps near the
  /// optimum; nil where the estimator has none (the optimizer then goes on with BFGS).
  func exactHessian(_ model: ImpliedModel) -> Matrix?
  /// Whether `exactHessian` gives one (the optimizer asks for Newton steps only then).
  static var hasExactHessian: Bool { get }

  /// The weight of the GFI's quadratic forms at Σ̂.
  func gfiWeight(sigma: Matrix) -> GFIWeight?

  /// N in T = N·F.
  static func testN(sampleSize n: Int) -> Double
  /// Fitted to S with divisor N − 1 (GLS, ULS) rather than N (ML).
  static var fitsUnbiasedCovariance: Bool { get }
  /// T has a χ² reference distribution (not ULS's).
  static var chiSquareReferenced: Bool { get }
  /// F is −2/N times a normal log-likelihood up to a constant (ML, FIML).
  static var hasLikelihood: Bool { get }
  /// Intercepts and means can be modelled.
  static var allowsMeanStructure: Bool { get }
  /// The baseline (independence) model's Σ_b for S: free variances, the
  /// fixed.x covariates' block at the sample.
  static func baselineSigma(s: Matrix, isFixedX: [Bool]) -> Matrix
  /// The estimator's F at the baseline's Σ_b.
  static func baselineDiscrepancy(s: Matrix, isFixedX: [Bool]) -> Double
}

extension Estimator {
  func scoringInformation(_ model: ImpliedModel) -> Matrix? {
    scoringWeight(sigma: model.sigma).map { Information.matrix(model, weight: $0) }
  }

  /// ½M(P) at the scoring weight: the expected information of the normal-theory estimators.
  func expectedInformation(_ model: ImpliedModel) -> Matrix? {
    scoringInformation(model).map { 0.5 * $0 }
  }

  func exactHessian(_ model: ImpliedModel) -> Matrix? { nil }
  static var hasExactHessian: Bool { false }

  static func testN(sampleSize n: Int) -> Double { Double(fitsUnbiasedCovariance ? n - 1 : n) }
  static var chiSquareReferenced: Bool { true }
  static var hasLikelihood: Bool { false }
  static var allowsMeanStructure: Bool { false }
  func load(_ theta: [Double]) {}
  func addParameterGradient(into gradient: inout [Double], scale: Double) {}

  /// diag(S) with the covariates' block: F's minimiser for ML and ULS.
  static func baselineSigma(s: Matrix, isFixedX: [Bool]) -> Matrix {
    let p = s.rows
    var sb = Matrix(rows: p, columns: p)
    for i in 0..<p {
      for j in 0..<p where i == j || (isFixedX[i] && isFixedX[j]) { sb[i, j] = s[i, j] }
    }
    return sb
  }

  static func baselineDiscrepancy(s: Matrix, isFixedX: [Bool]) -> Double {
    discrepancy(GroupSample(s: s), sigma: baselineSigma(s: s, isFixedX: isFixedX))
  }

  /// F between S and a fixed Σ (and μ): the baseline's and the saturated model's.
  static func discrepancy(_ sample: GroupSample, sigma: Matrix, mu: [Double]? = nil) -> Double {
    guard let e = try? Self(sample) else { return .nan }
    let m = Matrix(rows: sigma.rows, columns: 1, columnMajor: mu ?? [Double](repeating: 0, count: sigma.rows))
    let v = e.value(sigma: sigma, mu: m)
    return v.isFinite ? v : .nan
  }
}

extension SEMOptions {
  /// The estimator's type for these options and data (FIML where there are missing-data patterns).
  func estimatorType(fiml: Bool) -> any Estimator.Type {
    if !ordered.isEmpty { return WeightedLeastSquares.self }
    return fiml ? FIML.self : estimator.type
  }
}
