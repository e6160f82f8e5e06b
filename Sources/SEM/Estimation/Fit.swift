import LinearAlgebra
import Survey

// Fitting a model: parse → parameter table → LISREL layout → starting values →
// quasi-Newton minimisation of the discrepancy → inference. Each failure that
// makes the numbers meaningless stops here with a message (exit status 1):
// negative degrees of freedom or a singular information matrix (not
// identified, naming a parameter involved), no convergence (with iterations
// and gradient norm). Heywood cases (negative variance estimates) and a
// non-positive-definite Ψ or Θ are reported as warnings with every output.

public enum MissingPolicy: String, Sendable, Codable, CaseIterable {
  /// Complete cases only (lavaan's missing = "listwise").
  case listwise
  /// Full-information ML over the missing-data patterns (lavaan's missing = "ml").
  case fiml
}

public struct SEMOptions: Sendable {
  public var model = ModelOptions()
  public var estimator: EstimatorKind = .ml
  /// Robust standard errors and scaled test statistics (lavaan's MLM / MLR).
  public var robust: Robust?
  public var missing: MissingPolicy = .listwise
  public var ciLevel = 0.95
  public var optimizer = OptimizerOptions()
  /// Starting values for the free parameters (e.g. the full-sample estimates
  /// for a bootstrap replicate); nil: lavaan-like starting values.
  public var start: [Double]?
  public init(model: ModelOptions = ModelOptions(), estimator: EstimatorKind = .ml, robust: Robust? = nil,
              missing: MissingPolicy = .listwise, ciLevel: Double = 0.95) {
    self.model = model
    self.estimator = estimator
    self.robust = robust
    self.missing = missing
    self.ciLevel = ciLevel
  }

  /// The estimator's name as lavaan prints it (ML, GLS, ULS, MLM, MLR).
  public var estimatorName: String { robust?.rawValue.uppercased() ?? estimator.rawValue.uppercased() }
}

/// One group's data: complete-case moments, or (FIML) the missing-data
/// patterns with the EM estimates of the unrestricted moments in `moments`.
public struct GroupData: Sendable {
  public var label: String
  public var moments: SampleMoments
  public var patterns: MissingPatterns?
  /// Cases (complete cases under listwise deletion), in `moments.names` order,
  /// NaN where missing; what robust statistics and the bootstrap resample.
  public var cases: [[Double]]?
  public init(label: String = "", moments: SampleMoments, patterns: MissingPatterns? = nil, cases: [[Double]]? = nil) {
    self.label = label
    self.moments = moments
    self.patterns = patterns
    self.cases = cases
  }
}

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
  public var warnings: [String]
  /// General constraints (`a == 2*b`, `a > 0`) and those binding at the optimum (equalities and active inequalities).
  public var constraints: ModelConstraints? = nil
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
  /// Sample statistics per group: p(p + 1)/2 (co)variances and, with a mean structure, p means.
  public var momentCount: Int { groups.count * (p * (p + 1) / 2 + (meanstructure ? p : 0)) }
  public var fixedMomentCount: Int { groups.count * (fixedXCount * (fixedXCount + 1) / 2 + (meanstructure ? fixedXCount : 0)) }
  /// Free parameters as lavaan counts them (npar): each equality constraint takes one away.
  public var npar: Int { q - (constraints?.equalityCount ?? 0) }
  public var df: Int { momentCount - npar - fixedMomentCount }
  public var sigma: Matrix { implied.sigma }
  /// The estimator's type (FIML with missing-data patterns).
  var estimatorType: any Estimator.Type { options.estimatorType(fiml: fiml) }

  /// A fresh evaluator of this model's objective (scratch for the observed
  /// information and the modification indices), left unevaluated.
  func makeObjective(layouts: [LISRELLayout]? = nil) -> Objective {
    let type = estimatorType
    let groups = self.groups.enumerated().map { g, fit in
      let sample = GroupSample(s: fit.sampleCovariance, mean: meanstructure ? fit.data.moments.means : nil, patterns: fit.data.patterns)
      // The sample was factored when the model was fitted.
      let e = try! type.init(sample)
      return GroupObjective(layout: layouts?[g] ?? fit.layout, estimator: e)
    }
    return Objective(groups: groups, weights: weights)
  }
}

public enum SEM {
  /// Parses and fits; the data must hold every observed variable of the model.
  public static func fit(syntax: String, data: DataFrame, options: SEMOptions = SEMOptions(), group: String? = nil) throws -> FittedModel {
    let (table, groups) = try prepare(syntax: syntax, data: data, options: options, group: group)
    return try fit(table: table, groups: groups, options: options)
  }

  public static func fit(syntax: String, moments: SampleMoments, options: SEMOptions = SEMOptions()) throws -> FittedModel {
    let (table, ordered) = try prepare(syntax: syntax, moments: moments, options: options)
    return try fit(table: table, moments: ordered, options: options)
  }

  /// The parameter table and the sample moments of its observed variables
  /// (listwise complete), everything a fit needs from the data: callers that
  /// fit repeatedly (benchmarks, bootstraps) do this once.
  public static func prepare(syntax: String, data: DataFrame, options: SEMOptions = SEMOptions()) throws -> (ParameterTable, SampleMoments) {
    let (table, groups) = try prepare(syntax: syntax, data: data, options: options, group: nil)
    return (table, groups[0].moments)
  }

  /// The parameter table and each group's data (`group`: the column that
  /// says which case is in which group, its values in order of appearance).
  public static func prepare(syntax: String, data original: DataFrame, options: SEMOptions, group: String?) throws -> (ParameterTable, [GroupData]) {
    let parsed = try ModelSyntax.parse(syntax)
    var data = original
    var modelOptions = options.model
    var labels = [""]
    var rowsOf: [[Int]] = [Array(0..<data.rowCount)]
    if let group {
      (labels, rowsOf) = try GroupSplit.split(data, column: group)
      modelOptions.groups = labels.count
    }
    if options.missing == .fiml { modelOptions.meanstructure = true }
    var table = try ParameterTable.build(parsed, options: modelOptions)
    if options.missing == .fiml, modelOptions.fixedX, !table.roles.observedX.isEmpty {
      // FIML models the covariates' distribution too (lavaan's missing = "ml.x").
      modelOptions.fixedX = false
      table = try ParameterTable.build(parsed, options: modelOptions)
    }
    // lavaan's x:w between observed variables: their product, as lavaan forms it (no centring).
    for name in table.roles.observed where data.index(of: name) == nil && name.contains(":") {
      let parts = name.split(separator: ":").map(String.init)
      guard parts.allSatisfy({ data.index(of: $0) != nil }) else { continue }
      var product = [Double](repeating: 1, count: data.rowCount)
      for part in parts {
        let column = try data.numericColumn(part)
        for r in product.indices { product[r] *= column[r] }
      }
      data.columns.append(Column(name: name, values: .numeric(product)))
    }
    let missing = table.roles.observed.filter { data.index(of: $0) == nil }
    if !missing.isEmpty {
      let line = table.rows.first { missing.contains($0.lhs) || missing.contains($0.rhs) }?.line ?? 0
      throw InputError(file: data.source, line: line > 0 ? line : nil, column: missing[0],
        "the model (syntax line \(line)) uses \(missing.map { "'\($0)'" }.joined(separator: ", ")), which \(missing.count == 1 ? "is not a column" : "are not columns") of the data; a name that is neither a column nor defined with =~ is a typo or a missing latent variable")
    }
    let names = table.roles.observed
    var out: [GroupData] = []
    for (label, rows) in zip(labels, rowsOf) {
      let frame = group == nil ? data : data.rows(rows)
      let what = group.map { "group '\(label)' of '\($0)'" } ?? "the data"
      switch options.missing {
      case .listwise:
        let moments = try SampleMoments.fromData(frame, names: names)
        if moments.n <= names.count {
          throw InputError(file: data.source, column: group,
            "\(what) has \(moments.n) complete cases for \(names.count) observed variables; a covariance model needs more cases than variables\(group == nil ? "" : " in every group (merge small groups or drop this one)")")
        }
        // Robust statistics need the complete cases themselves (rows, not columns).
        let columns = options.robust != nil ? try frame.listwiseMatrix(names).data : nil
        let cases = columns.map { c in (0..<(c.first?.count ?? 0)).map { r in c.map { $0[r] } } }
        out.append(GroupData(label: label, moments: moments, cases: cases))
      case .fiml:
        let cases = try frame.matrixWithMissing(names)
        let patterns = MissingPatterns(data: cases, p: names.count)
        for (i, c) in patterns.observedCount().enumerated() where c < 2 {
          throw InputError(file: data.source, column: names[i],
            "is observed for \(c) case\(c == 1 ? "" : "s") in \(what); FIML needs each variable observed for several cases (drop it from the model)")
        }
        if patterns.n <= names.count {
          throw InputError(file: data.source, column: group, "\(what) has \(patterns.n) cases for \(names.count) observed variables; the model needs more cases than variables")
        }
        let h1 = patterns.saturated()
        var moments = SampleMoments(names: names, covariance: h1.covariance, means: h1.mean, n: patterns.n, dropped: patterns.empty)
        if (try? Cholesky(moments.covariance)) == nil {
          throw InputError(file: data.source, column: group, "the EM estimate of the covariance matrix of \(what) is not positive definite; some variables are collinear or rarely observed together")
        }
        moments.dropped = patterns.empty
        out.append(GroupData(label: label, moments: moments, patterns: patterns, cases: cases))
      }
    }
    return (table, out)
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
    try fit(table: table, groups: [GroupData(moments: moments)], options: options)
  }

  public static func fit(table: ParameterTable, groups data: [GroupData], options: SEMOptions) throws -> FittedModel {
    let constraints = table.constraints.isEmpty ? nil : try ModelConstraints(table: table)
    let estimatorType = options.estimatorType(fiml: data[0].patterns != nil)
    if table.meanstructure && !estimatorType.allowsMeanStructure {
      throw SEMFailure(kind: .notIdentified, message: "a mean structure (intercepts, several groups or FIML) is fitted by ML only; use --estimator ml")
    }
    precondition(data.count == table.groups, "one GroupData per group")
    // Counting first: the layouts, the sample checks and the start values cost
    // O(m³) in the number of variables, minutes for a model with a thousand
    // latent variables that counting alone shows cannot be identified.
    let npar = table.freeCount - (constraints?.equalityCount ?? 0)
    let p = table.roles.observed.count
    let nx = table.roles.observedX.count
    let perGroup = p * (p + 1) / 2 + (table.meanstructure ? p : 0) - nx * (nx + 1) / 2 - (table.meanstructure ? nx : 0)
    let available = perGroup * data.count
    if npar > available {
      throw SEMFailure(kind: .notIdentified,
        message: "the model is not identified: it has \(npar) free parameters but the data give only \(available) \(table.meanstructure ? "means, variances and covariances" : "variances and covariances") (degrees of freedom \(available - npar)); fix or constrain \(npar - available) parameter\(npar - available == 1 ? "" : "s")")
    }
    var groups: [GroupObjective] = []
    var layouts: [LISRELLayout] = []
    var covariances: [Matrix] = []
    for (g, d) in data.enumerated() {
      var layout = try LISRELLayout(table: table, group: g + 1)
      let moments = d.moments
      // lavaan fits GLS and ULS to the unbiased covariance matrix.
      let s = estimatorType.fitsUnbiasedCovariance ? (Double(moments.n) / Double(moments.n - 1)) * moments.covariance : moments.covariance
      // fixed.x: exogenous covariates' moments are their sample values.
      for k in layout.fixedEntries.indices {
        let e = layout.fixedEntries[k].entry
        guard e.tableRow >= 0, table.rows[e.tableRow].exo == 1 else { continue }
        let r = table.rows[e.tableRow]
        let i = moments.names.firstIndex(of: r.lhs)!
        if r.op == .intercept { layout.fixedEntries[k].value = moments.means[i]; continue }
        layout.fixedEntries[k].value = s[i, moments.names.firstIndex(of: r.rhs)!]
      }
      // A (nearly) singular S: name the variables that are (almost) linear
      // combinations of each other, before the optimizer fails on it.
      let inGroup = d.label.isEmpty ? "" : " in group '\(d.label)'"
      if let c = Diagnostics.collinearity(s, names: moments.names), c.ratio < 1e-10 {
        throw SEMFailure(kind: .sampleNotPositiveDefinite, message: "the sample covariance matrix\(inGroup) is \(c.ratio <= 0 ? "singular" : "nearly singular") (smallest/largest eigenvalue of the correlations \(String(format: "%.2g", c.ratio))): \(c.names.joined(separator: ", ")) are (almost) linearly dependent, one an exact or near combination of the others; drop one of them from the model")
      }
      do {
        let sample = GroupSample(s: s, mean: layout.meanstructure ? moments.means : nil, patterns: d.patterns)
        groups.append(GroupObjective(layout: layout, estimator: try estimatorType.init(sample)))
      } catch {
        throw SEMFailure(kind: .sampleNotPositiveDefinite,
          message: "the sample covariance matrix of \(moments.names.joined(separator: ", "))\(inGroup) is not positive definite (\(error)); some variables are collinear or there are fewer complete cases than variables")
      }
      layouts.append(layout)
      covariances.append(s)
    }
    let nTotal = Double(data.reduce(0) { $0 + $1.moments.n })
    let objective = Objective(groups: groups, weights: data.map { Double($0.moments.n) / nTotal })
    let q = table.freeCount
    var start: [Double]
    if let given = options.start, given.count == q {
      start = given
    } else {
      start = StartValues.compute(table: table, layouts: layouts, samples: zip(covariances, data).map { ($0, $1.moments.means) })
      if table.meanstructure { StartValues.refineMeans(&start, table: table, objective: objective, means: data.map(\.moments.means)) }
    }
    let hessian: ([Double]) -> Matrix? = { x in
      guard objective.value(x).isFinite else { return nil }
      return objective.scoringInformation()
    }
    let value: ([Double], inout [Double]) -> Double = { x, g in
      let v = objective.value(x)
      if v.isFinite { objective.gradient(into: &g) }
      return v
    }
    var active: [Int] = []
    let result: OptimizeResult
    if let constraints {
      let r = ConstrainedOptimizer.minimize(x0: start, constraints: constraints, options: options.optimizer, f: value, information: hessian)
      result = r.optimization
      active = r.active
    } else {
      result = Optimizer.minimize(x0: start, options: options.optimizer, f: value, hessian: hessian)
    }
    guard result.converged else {
      // Highly collinear data are a common cause: say which variables.
      let collinear = zip(covariances, data).compactMap { s, d -> String? in
        guard let c = Diagnostics.collinearity(s, names: d.moments.names), c.ratio < 1e-6 else { return nil }
        return "; the data are nearly collinear (smallest/largest eigenvalue of the correlations \(String(format: "%.2g", c.ratio))) in \(c.names.joined(separator: ", "))"
      }.first ?? ""
      throw SEMFailure(kind: .notConverged,
        message: "the model did not converge: \(result.message) after \(result.iterations) iterations (largest gradient element \(String(format: "%.3g", result.gradientNorm)))\(collinear); check the model for misspecification or try other start values")
    }
    var fValue = result.value
    if data[0].patterns != nil {
      // χ² = N·(F − F_H1): the unrestricted model's F at the EM estimates.
      var fSat = 0.0
      for (d, w) in zip(data, objective.weights) {
        fSat += w * FIML.saturatedValue(d.patterns!, mean: d.moments.means, covariance: d.moments.covariance)
      }
      fValue -= fSat
    }
    _ = objective.value(result.x)
    let implied = objective.snapshots()
    let fits = (0..<data.count).map { g in
      GroupFit(data: data[g], layout: layouts[g], sampleCovariance: covariances[g], implied: implied[g])
    }
    var fitted = FittedModel(table: table, groups: fits, options: options, theta: result.x, optimization: result,
                             fValue: fValue, warnings: [], constraints: constraints, activeConstraints: active)
    fitted.warnings = Diagnostics.improperSolution(fitted)
    return fitted
  }
}

enum Diagnostics {
  /// The smallest over the largest eigenvalue of S's correlation matrix, and the
  /// variables with large weights (≥ 0.3 of the largest) in the smallest
  /// eigenvalue's eigenvector: the set that is (nearly) linearly dependent.
  static func collinearity(_ s: Matrix, names: [String]) -> (ratio: Double, names: [String])? {
    let p = s.rows
    guard p > 1, (0..<p).allSatisfy({ s[$0, $0] > 0 }) else { return nil }
    var r = Matrix(rows: p, columns: p)
    for j in 0..<p { for i in 0..<p { r[i, j] = s[i, j] / (s[i, i] * s[j, j]).squareRoot() } }
    guard let e = try? SymmetricEigen(r), let largest = e.values.first, let smallest = e.values.last, largest > 0 else { return nil }
    let v = e.vectors.column(p - 1)
    let top = v.map(abs).max() ?? 0
    let set = (0..<p).filter { abs(v[$0]) >= 0.3 * top }.sorted { abs(v[$0]) > abs(v[$1]) }.map { names[$0] }
    return (max(smallest, 0) / largest, set)
  }


  /// Heywood cases, non-positive-definite Ψ or Θ and latent correlations beyond ±1 (lavaan's post.check), as warnings.
  static func improperSolution(_ f: FittedModel) -> [String] {
    var w: [String] = []
    for r in f.table.rows where r.isVariance && r.free > 0 && f.theta[r.free - 1] < 0 {
      w.append("Heywood case: the variance of '\(r.lhs)'\(f.groups.count > 1 ? " in group \(r.group)" : "") is negative (\(String(format: "%.4g", f.theta[r.free - 1]))); the solution is improper")
    }
    for group in f.groups {
    let ws = group.implied
    let lvCount = group.layout.latentCount
    let inGroup = f.groups.count > 1 ? " in group '\(group.label)'" : ""
    if lvCount > 0 {
      var psiLV = Matrix(rows: lvCount, columns: lvCount)
      for i in 0..<lvCount { for j in 0..<lvCount { psiLV[i, j] = ws.psi[i, j] } }
      if let e = try? SymmetricEigen(psiLV, vectors: false), let smallest = e.values.last, smallest < -1e-10 {
        w.append("the covariance matrix of the latent variables (Ψ)\(inGroup) is not positive definite (smallest eigenvalue \(String(format: "%.3g", smallest)))")
      }
    }
    for i in 0..<lvCount {
      for j in 0..<i where ws.psi[i, i] > 0 && ws.psi[j, j] > 0 {
        let r = ws.psi[i, j] / (ws.psi[i, i] * ws.psi[j, j]).squareRoot()
        if abs(r) > 1 {
          w.append("the correlation of '\(group.layout.eta[j])' and '\(group.layout.eta[i])'\(inGroup) is \(String(format: "%.3f", r)), beyond ±1")
        }
      }
    }
    if let e = try? SymmetricEigen(ws.theta, vectors: false), let smallest = e.values.last, smallest < -1e-10 {
      w.append("the residual covariance matrix of the observed variables (Θ)\(inGroup) is not positive definite (smallest eigenvalue \(String(format: "%.3g", smallest)))")
    }
    }
    return w
  }
}
