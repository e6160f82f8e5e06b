import Foundation
import LinearAlgebra

// Steps 5–9 of a fit (SEM.swift), each a function: what can be checked by
// counting, each group's model matrices and estimator, start values, the
// minimisation, F − F_H1 under FIML. A failure that makes the numbers
// meaningless stops here with a message (exit status 1): more free
// parameters than sample statistics, a (nearly) singular sample covariance
// matrix naming the variables involved, no convergence (with iterations,
// gradient norm and any near-collinearity).

enum Estimation {
  /// Step 5: general constraints, the estimator, and what counting alone shows.
  static func check(_ model: SEMModel) throws -> (ModelConstraints?, any Estimator.Type) {
    let (table, data, options) = (model.table, model.groups, model.options)
    let constraints = table.constraints.isEmpty ? nil : try ModelConstraints(table: table)
    let estimatorType = options.estimatorType(fiml: data[0].patterns != nil)
    if table.meanstructure && !estimatorType.allowsMeanStructure {
      throw InputError("a mean structure (intercepts, several groups or FIML) is fitted by ML only", settings: [.estimator])
    }
    precondition(data.count == table.groups, "one GroupData per group")
    // Counting first: the layouts, the sample checks and the start values cost
    // O(m³) in the number of variables, minutes for a model with a thousand
    // latent variables that counting alone shows cannot be identified.
    let npar = table.freeCount - (constraints?.equalityCount ?? 0)
    let p = table.roles.observed.count
    let nx = table.roles.observedX.count
    // Ordered variables: the sample thresholds and the polychorics below the
    // diagonal (its diagonal is 1, not a moment), with continuous variables their means and variances too.
    let available = data[0].ordinal != nil ? data.reduce(0) { $0 + $1.ordinal!.dimension }
      : (p * (p + 1) / 2 + (table.meanstructure ? p : 0) - nx * (nx + 1) / 2 - (table.meanstructure ? nx : 0)) * data.count
    if npar > available {
      throw SEMFailure(kind: .notIdentified,
        message: "the model is not identified: it has \(npar) free parameters but the data give only \(available) \(data[0].ordinal != nil ? "thresholds and polychoric correlations" : table.meanstructure ? "means, variances and covariances" : "variances and covariances") (degrees of freedom \(available - npar)); fix or constrain \(npar - available) parameter\(npar - available == 1 ? "" : "s")")
    }
    return (constraints, estimatorType)
  }

  /// Step 6: per group the LISREL layout (fixed.x values from the sample), the
  /// covariance matrix the estimator fits, and the estimator; the objective.
  static func setUp(_ model: SEMModel, estimator estimatorType: any Estimator.Type) throws
    -> (objective: Objective, layouts: [LISRELLayout], covariances: [Matrix]) {
    let (table, data) = (model.table, model.groups)
    var groups: [GroupObjective] = []
    var layouts: [LISRELLayout] = []
    var covariances: [Matrix] = []
    for (g, d) in data.enumerated() {
      var layout = try model.layouts?[g] ?? LISRELLayout(table: table, group: g + 1)
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
      if let c = Diagnostics.collinearity(d), c.ratio < 1e-10 {
        throw SEMFailure(kind: .sampleNotPositiveDefinite, message: "the sample covariance matrix\(inGroup) is \(c.ratio <= 0 ? "singular" : "nearly singular") (smallest/largest eigenvalue of the correlations \(String(format: "%.2g", c.ratio))): \(c.names.joined(separator: ", ")) are (almost) linearly dependent, one an exact or near combination of the others; drop one of them from the model")
      }
      do {
        let sample = GroupSample(s: s, data: d, table: table, group: g + 1, options: model.options)
        groups.append(GroupObjective(layout: layout, estimator: try estimatorType.init(sample)))
      } catch {
        throw SEMFailure(kind: .sampleNotPositiveDefinite,
          message: "the sample covariance matrix of \(moments.names.joined(separator: ", "))\(inGroup) is not positive definite (\(error)); some variables are collinear or there are fewer complete cases than variables")
      }
      layouts.append(layout)
      covariances.append(s)
    }
    let nTotal = Double(data.reduce(0) { $0 + $1.moments.n })
    // Ordered variables: lavaan's group F is (n_g − 1)/n_g·F_g, so the groups weigh (n_g − 1)/(N − G).
    let weights = data[0].ordinal != nil
      ? data.map { Double($0.moments.n - 1) / (nTotal - Double(data.count)) }
      : data.map { Double($0.moments.n) / nTotal }
    return (Objective(groups: groups, weights: weights), layouts, covariances)
  }

  /// Step 7: the options' start values, or lavaan-like ones (Start.swift).
  static func start(_ model: SEMModel, objective: Objective, layouts: [LISRELLayout], covariances: [Matrix]) -> [Double] {
    let (table, data) = (model.table, model.groups)
    if let given = model.options.start, given.count == table.freeCount { return given }
    var start = StartValues.compute(table: table, layouts: layouts, samples: zip(covariances, data).map { ($0, $1.moments.means) })
    if data[0].ordinal != nil {
      // Thresholds start at the sample's, scale factors at 1, latent means at 0 (lavaan).
      for r in table.rows where r.free > 0 && r.ustart == nil {
        if r.op == .scale { start[r.free - 1] = 1 }
        guard r.op == .threshold, let o = data[r.group - 1].ordinal, let v = o.names.firstIndex(of: r.lhs),
              let k = ModelSyntax.thresholdIndex(r.rhs), k <= o.thresholds[v].count else { continue }
        start[r.free - 1] = o.thresholds[v][k - 1]
      }
    } else if table.meanstructure {
      StartValues.refineMeans(&start, table: table, objective: objective, means: data.map(\.moments.means))
    }
    return start
  }

  /// Step 8: minimise F (quasi-Newton with Fisher scoring steps; with
  /// constraints, the augmented Lagrangian of ConstrainedOptimizer.swift).
  static func minimize(_ model: SEMModel, objective: Objective, start: [Double], constraints: ModelConstraints?,
                       covariances: [Matrix]) throws -> (result: OptimizeResult, active: [Int]) {
    let options = model.options
    let hessian: ([Double]) -> Matrix? = { x in
      guard objective.standAt(x) else { return nil }
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
      let exact: ([Double]) -> Matrix? = { x in
        guard objective.standAt(x) else { return nil }
        return objective.exactHessian()
      }
      let newton = objective.groups.allSatisfy { type(of: $0.estimator).hasExactHessian } ? exact : nil
      result = Optimizer.minimize(x0: start, options: options.optimizer, f: value, hessian: hessian, newton: newton,
                                  split: ({ objective.value($0) }, { objective.gradient(into: &$0) }))
    }
    guard result.converged else {
      // Highly collinear data are a common cause: say which variables.
      let collinear = model.groups.compactMap { d -> String? in
        guard let c = Diagnostics.collinearity(d), c.ratio < Diagnostics.collinearityScreen else { return nil }
        return "; the data are nearly collinear (smallest/largest eigenvalue of the correlations \(String(format: "%.2g", c.ratio))) in \(c.names.joined(separator: ", "))"
      }.first ?? ""
      throw SEMFailure(kind: .notConverged,
        message: "the model did not converge: \(result.message) after \(result.iterations) iterations (largest gradient element \(String(format: "%.3g", result.gradientNorm)))\(collinear); check the model for misspecification or try other start values")
    }
    return (result, active)
  }

  /// F at the optimum as the test statistic uses it: under FIML minus the
  /// unrestricted model's F at the EM estimates (χ² = N·(F − F_H1)).
  static func discrepancy(_ model: SEMModel, objective: Objective, at result: OptimizeResult) -> Double {
    var fValue = result.value
    if model.groups[0].patterns != nil {
      var fSat = 0.0
      for (d, w) in zip(model.groups, objective.weights) {
        fSat += w * d.saturatedF!
      }
      fValue -= fSat
    }
    return fValue
  }
}
