import LinearAlgebra

// Minimisation under general constraints (ModelConstraints): sequential
// quadratic programming on an active set (Nocedal & Wright 2006, alg. 18.3
// with the ℓ₁ merit function φ = F + μΣ|cᵢ|, and the active-set rule of
// §16.5). Each step solves the KKT system
//   [H  Jᵀ] [d]   [−∇F]
//   [J  0 ] [λ] = [−c ]
// over the equalities and the active inequalities, with H the expected
// information (positive definite, robust far from the optimum) and, once the
// steps are small, the Hessian from differences of the analytic gradient, so
// the last steps converge quadratically to ‖∇F + Jᵀλ‖ < tolerance, ‖c‖ < 1e-12.
// An active inequality whose multiplier says it pushes the wrong way
// (λ > 0: F would fall inside the feasible region) is released; a violated
// inactive one is added; the problem is solved again until neither happens.
// lavaan fits these models with nlminb.constr (an augmented Lagrangian); the
// optimum is the same point.

enum ConstrainedOptimizer {
  struct Result {
    var optimization: OptimizeResult
    /// Indices of the equalities and the active inequalities at the optimum.
    var active: [Int]
    var multipliers: [Double]
  }

  static func minimize(x0: [Double], constraints: ModelConstraints, options: OptimizerOptions,
                       f: ([Double], inout [Double]) -> Double, information: ([Double]) -> Matrix?) -> Result {
    let items = constraints.items
    var active = items.indices.filter { items[$0].isEquality }
    let inequalities = items.indices.filter { !items[$0].isEquality }
    let start = constraints.evaluate(x0, items: inequalities).values
    for (k, v) in zip(inequalities, start) where v < 0 { active.append(k) }
    var x = x0
    var last: (OptimizeResult, [Double])?
    var totalIterations = 0
    for _ in 0..<(2 * items.count + 4) {
      let (result, lambda) = solve(x0: x, active: active, constraints: constraints, options: options, f: f, information: information)
      totalIterations += result.iterations
      x = result.x
      last = (result, lambda)
      guard result.converged else { break }
      // λ > 0 on an inequality cᵢ ≥ 0 means the optimum lies inside: release the strongest.
      let releasable = zip(active, lambda).filter { !items[$0.0].isEquality && $0.1 > 1e-9 }
      if let worst = releasable.max(by: { $0.1 < $1.1 }) {
        active.removeAll { $0 == worst.0 }
        continue
      }
      let inactive = inequalities.filter { !active.contains($0) }
      let values = constraints.evaluate(x, items: inactive).values
      if let (k, v) = zip(inactive, values).min(by: { $0.1 < $1.1 }), v < -1e-10 {
        active.append(k)
        continue
      }
      var done = result
      done.iterations = totalIterations
      return Result(optimization: done, active: active, multipliers: lambda)
    }
    var failed = last?.0 ?? OptimizeResult(x: x, value: .nan, gradient: [], converged: false, iterations: 0, evaluations: 0, message: "no step")
    if failed.converged { failed.converged = false; failed.message = "the active set of the inequality constraints did not settle" }
    return Result(optimization: failed, active: active, multipliers: last?.1 ?? [])
  }

  /// SQP with the listed constraints as equalities; returns the point and the multipliers.
  static func solve(x0: [Double], active: [Int], constraints: ModelConstraints, options: OptimizerOptions,
                    f: ([Double], inout [Double]) -> Double, information: ([Double]) -> Matrix?) -> (OptimizeResult, [Double]) {
    let n = x0.count
    let m = active.count
    var x = x0
    var g = [Double](repeating: 0, count: n)
    var fx = f(x, &g)
    var evaluations = 1
    var mu = 1.0
    var exact = false
    var lambda = [Double](repeating: 0, count: m)
    var gn = [Double](repeating: 0, count: n)
    func fail(_ message: String, _ it: Int) -> (OptimizeResult, [Double]) {
      (OptimizeResult(x: x, value: fx, gradient: g, converged: false, iterations: it, evaluations: evaluations, message: message), lambda)
    }
    guard fx.isFinite else { return fail("the starting values give a model-implied covariance matrix that is not positive definite", 0) }
    for iteration in 1...max(1, options.maxIterations) {
      let (c, jac) = constraints.evaluate(x, items: active)
      guard var h = exact ? Optimizer.numericalHessian(x, f: f) : information(x) else { return fail("the information matrix could not be computed", iteration) }
      if !exact { h = h + 1e-10 * Matrix.identity(n) }
      var k = Matrix(rows: n + m, columns: n + m)
      var rhs = Matrix(rows: n + m, columns: 1)
      for j in 0..<n { for i in 0..<n { k[i, j] = h[i, j] } }
      for r in 0..<m {
        for j in 0..<n { k[n + r, j] = jac[r, j]; k[j, n + r] = jac[r, j] }
        rhs[n + r, 0] = -c[r]
      }
      for i in 0..<n { rhs[i, 0] = -g[i] }
      guard let sol = try? LU(k).solve(rhs) else { return fail("the constraints are redundant or contradict each other (singular KKT system)", iteration) }
      let d = (0..<n).map { sol[$0, 0] }
      lambda = (0..<m).map { sol[n + $0, 0] }
      // KKT residual at x with these multipliers.
      var kkt = 0.0
      for i in 0..<n {
        var t = g[i]
        for r in 0..<m { t += jac[r, i] * lambda[r] }
        kkt = max(kkt, abs(t))
      }
      let feasibility = c.map(abs).max() ?? 0
      if kkt <= options.gradientTolerance && feasibility <= 1e-12 {
        var projected = g
        for i in 0..<n { for r in 0..<m { projected[i] += jac[r, i] * lambda[r] } }
        return (OptimizeResult(x: x, value: fx, gradient: projected, converged: true, iterations: iteration, evaluations: evaluations,
                               message: "converged"), lambda)
      }
      let stepSize = d.map(abs).max() ?? 0
      if exact && stepSize < 1e-3 {
        // Newton on the KKT conditions: full steps.
        var xn = x
        for i in 0..<n { xn[i] += d[i] }
        let fn = f(xn, &gn)
        evaluations += 1
        guard fn.isFinite else { return fail("a Newton step left the region where Σ is positive definite", iteration) }
        x = xn; fx = fn; g = gn
        continue
      }
      mu = max(mu, 2 * (lambda.map(abs).max() ?? 0))
      let violation = c.reduce(0) { $0 + abs($1) }
      let phi0 = fx + mu * violation
      var slope = -mu * violation
      for i in 0..<n { slope += g[i] * d[i] }
      var t = 1.0
      var accepted = false
      for _ in 0..<50 {
        var xn = x
        for i in 0..<n { xn[i] += t * d[i] }
        let fn = f(xn, &gn)
        evaluations += 1
        if fn.isFinite {
          let cn = constraints.evaluate(xn, items: active).values
          let phi = fn + mu * cn.reduce(0) { $0 + abs($1) }
          if phi <= phi0 + 1e-4 * t * min(slope, 0) || (t * stepSize < 1e-12) {
            x = xn; fx = fn; g = gn
            accepted = true
            break
          }
        }
        t *= 0.5
      }
      if !accepted {
        if exact { return fail("the line search found no decrease", iteration) }
        exact = true
        continue
      }
      if t * stepSize < 1e-3 { exact = true }
    }
    return fail("reached the iteration limit (\(options.maxIterations))", options.maxIterations)
  }
}
