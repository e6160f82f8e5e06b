import LinearAlgebra
import Survey

// Fitting a model: parse → parameter table → LISREL layout → starting values →
// quasi-Newton minimisation of the discrepancy → inference. Each failure that
// makes the numbers meaningless stops here with a message (exit status 1):
// negative degrees of freedom or a singular information matrix (not
// identified, naming a parameter involved), no convergence (with iterations
// and gradient norm). Heywood cases (negative variance estimates) and a
// non-positive-definite Ψ or Θ are reported as warnings with every output.

public struct SEMOptions: Sendable {
  public var model = ModelOptions()
  public var estimator: Estimator = .ml
  public var ciLevel = 0.95
  public var optimizer = OptimizerOptions()
  /// Starting values for the free parameters (e.g. the full-sample estimates
  /// for a bootstrap replicate); nil: lavaan-like starting values.
  public var start: [Double]?
  public init(model: ModelOptions = ModelOptions(), estimator: Estimator = .ml, ciLevel: Double = 0.95) {
    self.model = model
    self.estimator = estimator
    self.ciLevel = ciLevel
  }
}

/// A fitted model: what inference and fit measures are computed from.
public struct FittedModel: @unchecked Sendable {
  public let table: ParameterTable
  public let layout: LISRELLayout
  public let moments: SampleMoments
  /// The covariance matrix the model was fitted to: divisor N for ML, N − 1 for GLS and ULS.
  public let sampleCovariance: Matrix
  public let options: SEMOptions
  public let theta: [Double]
  public let optimization: OptimizeResult
  /// F at the optimum (2·lavaan's fmin for ML).
  public let fValue: Double
  public let workspace: LISRELWorkspace
  public var warnings: [String]

  public var n: Int { moments.n }
  public var p: Int { layout.p }
  public var q: Int { layout.freeCount }
  /// Exogenous covariates whose moments are fixed at the sample values.
  public var fixedXCount: Int { table.roles.observedX.count }
  public var df: Int { p * (p + 1) / 2 - q - fixedXCount * (fixedXCount + 1) / 2 }
  public var sigma: Matrix { workspace.sigma }
}

public enum SEM {
  /// Parses and fits; the data must hold every observed variable of the model.
  public static func fit(syntax: String, data: DataFrame, options: SEMOptions = SEMOptions()) throws -> FittedModel {
    let (table, moments) = try prepare(syntax: syntax, data: data, options: options)
    return try fit(table: table, moments: moments, options: options)
  }

  public static func fit(syntax: String, moments: SampleMoments, options: SEMOptions = SEMOptions()) throws -> FittedModel {
    let (table, ordered) = try prepare(syntax: syntax, moments: moments, options: options)
    return try fit(table: table, moments: ordered, options: options)
  }

  /// The parameter table and the sample moments of its observed variables
  /// (listwise complete), everything a fit needs from the data: callers that
  /// fit repeatedly (benchmarks, bootstraps) do this once.
  public static func prepare(syntax: String, data: DataFrame, options: SEMOptions = SEMOptions()) throws -> (ParameterTable, SampleMoments) {
    let table = try ParameterTable.build(try ModelSyntax.parse(syntax), options: options.model)
    let missing = table.roles.observed.filter { data.index(of: $0) == nil }
    if !missing.isEmpty {
      let line = table.rows.first { missing.contains($0.lhs) || missing.contains($0.rhs) }?.line ?? 0
      throw InputError(file: data.source, line: line > 0 ? line : nil, column: missing[0],
        "the model (syntax line \(line)) uses \(missing.map { "'\($0)'" }.joined(separator: ", ")), which \(missing.count == 1 ? "is not a column" : "are not columns") of the data; a name that is neither a column nor defined with =~ is a typo or a missing latent variable")
    }
    return (table, try SampleMoments.fromData(data, names: table.roles.observed))
  }

  public static func prepare(syntax: String, moments: SampleMoments, options: SEMOptions = SEMOptions()) throws -> (ParameterTable, SampleMoments) {
    let table = try ParameterTable.build(try ModelSyntax.parse(syntax), options: options.model)
    let missing = table.roles.observed.filter { !moments.names.contains($0) }
    if !missing.isEmpty {
      throw InputError(column: missing[0], "the model uses \(missing.joined(separator: ", ")), not in the covariance matrix")
    }
    return (table, moments.reordered(table.roles.observed))
  }

  public static func fit(table: ParameterTable, moments: SampleMoments, options: SEMOptions) throws -> FittedModel {
    if let c = table.constraints.first {
      throw SyntaxError(line: c.line, column: 1, "the constraint '\(c.lhs) \(c.op.rawValue) \(c.rhs)' is not supported yet: ClusterStat handles equality between two labels ('a == b'); give both parameters the same label instead")
    }
    var layout = try LISRELLayout(table: table)
    // lavaan fits GLS and ULS to the unbiased covariance matrix.
    let s = options.estimator == .ml ? moments.covariance : (Double(moments.n) / Double(moments.n - 1)) * moments.covariance
    // fixed.x: exogenous covariates' (co)variances are their sample values.
    for k in layout.fixedEntries.indices {
      let e = layout.fixedEntries[k].entry
      guard e.tableRow >= 0, table.rows[e.tableRow].exo == 1 else { continue }
      let r = table.rows[e.tableRow]
      let i = moments.names.firstIndex(of: r.lhs)!, j = moments.names.firstIndex(of: r.rhs)!
      layout.fixedEntries[k].value = s[i, j]
    }
    let p = layout.p
    let q = layout.freeCount
    let nx = table.roles.observedX.count
    let moments_ = p * (p + 1) / 2 - nx * (nx + 1) / 2
    if q > moments_ {
      throw SEMFailure(kind: .notIdentified,
        message: "the model is not identified: it has \(q) free parameters but the data give only \(moments_) variances and covariances (degrees of freedom \(moments_ - q)); fix or constrain \(q - moments_) parameter\(q - moments_ == 1 ? "" : "s")")
    }
    let objective: Objective
    do {
      objective = try Objective(layout: layout, s: s, estimator: options.estimator)
    } catch {
      throw SEMFailure(kind: .sampleNotPositiveDefinite,
        message: "the sample covariance matrix of \(moments.names.joined(separator: ", ")) is not positive definite (\(error)); some variables are collinear or there are fewer complete cases than variables")
    }
    let start = options.start.flatMap { $0.count == q ? $0 : nil } ?? StartValues.compute(table: table, layout: layout, s: s)
    let weightFor: (LISRELWorkspace) -> Matrix? = { ws in
      switch options.estimator {
      case .ml: return try? Cholesky(ws.sigma).inverse
      case .gls: return objective.sInverse
      case .uls: return Matrix.identity(p)
      }
    }
    let result = Optimizer.minimize(
      x0: start, options: options.optimizer,
      f: { x, g in
        let v = objective.value(x)
        if v.isFinite { objective.gradient(into: &g) }
        return v
      },
      hessian: { x in
        guard objective.value(x).isFinite, let w = weightFor(objective.workspace) else { return nil }
        return Information.matrix(objective.workspace, weight: w)
      })
    guard result.converged else {
      throw SEMFailure(kind: .notConverged,
        message: "the model did not converge: \(result.message) after \(result.iterations) iterations (largest gradient element \(String(format: "%.3g", result.gradientNorm))); check the model for misspecification or try other start values")
    }
    _ = objective.value(result.x)
    var fitted = FittedModel(table: table, layout: layout, moments: moments, sampleCovariance: s, options: options, theta: result.x,
                             optimization: result, fValue: result.value, workspace: objective.workspace, warnings: [])
    fitted.warnings = Diagnostics.improperSolution(fitted)
    return fitted
  }
}

enum Diagnostics {
  /// Heywood cases and non-positive-definite Ψ or Θ, as warnings.
  static func improperSolution(_ f: FittedModel) -> [String] {
    var w: [String] = []
    for r in f.table.rows where r.isVariance && r.free > 0 && f.theta[r.free - 1] < 0 {
      w.append("Heywood case: the variance of '\(r.lhs)' is negative (\(String(format: "%.4g", f.theta[r.free - 1]))); the solution is improper")
    }
    let ws = f.workspace
    let lvCount = f.layout.latentCount
    if lvCount > 0 {
      var psiLV = Matrix(rows: lvCount, columns: lvCount)
      for i in 0..<lvCount { for j in 0..<lvCount { psiLV[i, j] = ws.psi[i, j] } }
      if let e = try? SymmetricEigen(psiLV, vectors: false), let smallest = e.values.last, smallest < -1e-10 {
        w.append("the covariance matrix of the latent variables (Ψ) is not positive definite (smallest eigenvalue \(String(format: "%.3g", smallest)))")
      }
    }
    if let e = try? SymmetricEigen(ws.theta, vectors: false), let smallest = e.values.last, smallest < -1e-10 {
      w.append("the residual covariance matrix of the observed variables (Θ) is not positive definite (smallest eigenvalue \(String(format: "%.3g", smallest)))")
    }
    return w
  }
}
