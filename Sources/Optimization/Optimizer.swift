import LinearAlgebra

// Minimisation in three phases:
//  1. Fisher scoring — Newton steps with the expected Hessian (the information
//     matrix) recomputed at every point — while each step still lowers F by
//     1% or more: robust far from the optimum, where an untrained BFGS matrix
//     steps out of the region where Σ is positive definite.
//  2. Newton steps with the exact Hessian where the objective has one
//     (`newton`, complete-data ML) and it is positive definite: quadratic
//     convergence, two or three steps from where scoring stops. Otherwise
//     BFGS (Nocedal & Wright 2006, alg. 6.1), started from the last expected
//     Hessian, so it learns the curvature the expectation misses in a
//     misspecified model. Both with a backtracking Armijo line search that
//     steps back to the minimum of the interpolating quadratic.
//  3. Where F is flat to rounding, steps judged by the gradient: a full
//     Newton step with the last Hessian, else quasi-Newton (see `polish`).
// Convergence is tighter than lavaan's nlminb default (which stops about 2e-6
// relative short of the optimum): the largest gradient element must fall
// below `gradientTolerance`.
//
// Non-convergence is data, not an exception (like scipy's OptimizeResult).

public struct OptimizeResult: Sendable {
  public var x: [Double]
  public var value: Double
  public var gradient: [Double]
  public var converged: Bool
  public var iterations: Int
  public var evaluations: Int
  public var message: String
  public var gradientNorm: Double { gradient.map(abs).max() ?? 0 }
  public init(x: [Double], value: Double, gradient: [Double], converged: Bool, iterations: Int, evaluations: Int, message: String) {
    self.x = x
    self.value = value
    self.gradient = gradient
    self.converged = converged
    self.iterations = iterations
    self.evaluations = evaluations
    self.message = message
  }
}

public struct OptimizerOptions: Sendable {
  public var gradientTolerance = 1e-10
  public var maxIterations = 2000
  public init() {}
}

public enum Optimizer {
  /// Minimises f from x0; `f` returns the value and fills the gradient;
  /// `hessian` gives a positive-definite curvature estimate at a point,
  /// `newton` the exact Hessian where there is one; `split` the same f as a
  /// value and a gradient at the point last valued.
  public static func minimize(
    x0: [Double], options: OptimizerOptions = OptimizerOptions(),
    f: ([Double], inout [Double]) -> Double, hessian: ([Double]) -> Matrix?,
    newton: (([Double]) -> Matrix?)? = nil,
    split: (value: ([Double]) -> Double, gradient: (inout [Double]) -> Void)? = nil
  ) -> OptimizeResult {
    let n = x0.count
    var x = x0
    var g = [Double](repeating: 0, count: n)
    var fx = f(x, &g)
    var evaluations = 1
    guard fx.isFinite else {
      return OptimizeResult(x: x, value: fx, gradient: g, converged: false, iterations: 0, evaluations: 1,
                            message: "the starting values give a model-implied covariance matrix that is not positive definite")
    }
    // The curvature is the inverse Hessian `h`, except in the Fisher phase,
    // where it is the expected Hessian's Cholesky factor: a step there needs
    // only a solve (n³/3 flops against n³ for the inverse), and the inverse
    // is formed once, when BFGS takes over, with the last step's update
    // (`deferred`) applied then.
    var h = Matrix(rows: n, columns: n)
    var factor: Cholesky? = nil
    var deferred = false
    var xNew = x, gNew = g
    var s = [Double](repeating: 0, count: n), y = s, hy = s, d = s
    func useCurvature(_ m: Matrix?) {
      deferred = false
      if let m, let c = try? Cholesky(m) { factor = c } else { factor = nil; h = inverseOrIdentity(m, n) }
    }
    func formInverse() {
      guard let c = factor else { return }
      h = c.inverse
      factor = nil
      if deferred { bfgsUpdate(&h, s: s, y: y, hy: &hy); deferred = false }
    }
    func direction() {
      if !deferred, let c = factor, let solved = try? c.solve(g) {
        for i in 0..<n { d[i] = -solved[i] }
      } else {
        formInverse()
        descent(h, g, into: &d)
      }
    }
    var iterations = 0
    var restarts = 0
    var fisherPhase = true
    // After the Fisher phase, Newton steps with the exact Hessian where there
    // is one and it is positive definite (`inNewton`); BFGS otherwise.
    var newtonUsable = newton != nil, inNewton = false, chord = false, newtonFailures = 0
    /// Where F is flat to rounding, a full Newton step kept if it shrinks the
    /// largest gradient element (the Hessian of the last step reused).
    func flatNewtonStep() -> Bool {
      for i in 0..<n { xNew[i] = x[i] + d[i] }
      let fNew = f(xNew, &gNew)
      evaluations += 1
      guard fNew.isFinite, maxAbs(gNew) < maxAbs(g) else { return false }
      swap(&x, &xNew)
      swap(&g, &gNew)
      fx = fNew
      chord = true
      return true
    }
    while iterations < options.maxIterations {
      if maxAbs(g) <= options.gradientTolerance {
        return OptimizeResult(x: x, value: fx, gradient: g, converged: true, iterations: iterations, evaluations: evaluations, message: "converged")
      }
      iterations += 1
      // Far from the optimum, Fisher scoring (a fresh expected Hessian each
      // step) is robust where BFGS, still learning, takes wild steps out of
      // the region where Σ is positive definite; near it BFGS takes over.
      // The expected Hessian costs O(pq² + q³) a step, so scoring stops once a
      // step lowers F by less than 1%.
      // The first curvature only after the convergence test: a refit started
      // at its optimum (the delta parameterization's second fit) needs none.
      if iterations == 1 {
        useCurvature(hessian(x))
      } else if fisherPhase {
        if maxAbs(g) > 1e-3, let info = hessian(x) {
          useCurvature(info)
        } else {
          fisherPhase = false
        }
      }
      // Once the gradient is below 1e-4 the last Hessian is good enough (a
      // chord step's error is O(‖x − x*‖·‖Δx‖), far below the tolerance after
      // one or two steps): reuse its factor.
      if inNewton, maxAbs(g) < 1e-4, factor != nil {
        chord = true
        deferred = false
      }
      if !fisherPhase, newtonUsable, !chord {
        if let m = newton?(x), let c = try? Cholesky(m) {
          factor = c
          deferred = false
          inNewton = true
        } else {
          // Not positive definite yet: a scoring step, and Newton again at
          // the next point (BFGS from the third failure on).
          newtonFailures += 1
          newtonUsable = newtonFailures < 3
          inNewton = false
          if let info = hessian(x) { useCurvature(info) }
        }
      }
      direction()
      var slope = dot(g, d)
      if !(slope < 0) {
        // Not a descent direction: fall back to the gradient scaled by the curvature.
        useCurvature(hessian(x))
        direction()
        slope = dot(g, d)
        if !(slope < 0) { for i in 0..<n { d[i] = -g[i] }; slope = -dot(g, g) }
      }
      // Once the predicted decrease −½gᵀHg is within a few hundred ulps of F
      // (the rounding noise of log|Σ| and a trace over p² terms), comparing
      // values of F is meaningless: judge the remaining steps by the gradient.
      if -slope <= 1e-10 * max(1, abs(fx)), maxAbs(g) < 1e-4 {
        if inNewton, flatNewtonStep() { continue }
        formInverse()
        var polished = polish(x: x, g: g, fx: fx, h: h, f: f, tolerance: options.gradientTolerance)
        polished.iterations += iterations
        polished.evaluations += evaluations
        return polished
      }
      var step = 1.0
      var fNew = Double.infinity
      var accepted = false
      for _ in 0..<60 {
        for i in 0..<n { xNew[i] = x[i] + step * d[i] }
        evaluations += 1
        // With F and ∇F apart (`split`), a trial point the line search rejects costs no gradient.
        if let split {
          fNew = split.value(xNew)
          if fNew.isFinite && fNew <= fx + 1e-4 * step * slope { split.gradient(&gNew); accepted = true; break }
        } else {
          fNew = f(xNew, &gNew)
          if fNew.isFinite && fNew <= fx + 1e-4 * step * slope { accepted = true; break }
        }
        step = backtrack(step, fx: fx, slope: slope, fTrial: fNew)
      }
      // Near the optimum F is flat to rounding (a gradient of 1e-9 can lower
      // F by ~1e-18, below its resolution), so progress in F stops meaning
      // anything: finish with Newton steps judged by the gradient.
      let flat = accepted && abs(fx - fNew) <= 4 * Double.ulpOfOne * max(1, abs(fx))
        && !(inNewton && maxAbs(gNew) < maxAbs(g))
      if !accepted || flat {
        if maxAbs(g) < 1e-4 {
          formInverse()
          var polished = polish(x: x, g: g, fx: fx, h: h, f: f, tolerance: options.gradientTolerance)
          polished.iterations += iterations
          polished.evaluations += evaluations
          return polished
        }
        if !accepted {
          // Far from the optimum: restart from the expected Hessian, twice at most.
          if restarts < 2 {
            restarts += 1
            useCurvature(hessian(x))
            continue
          }
          return OptimizeResult(x: x, value: fx, gradient: g, converged: false, iterations: iterations, evaluations: evaluations,
                                message: "the line search found no decrease")
        }
      }
      // BFGS update of the inverse Hessian (deferred while it is a factor).
      for i in 0..<n { s[i] = xNew[i] - x[i]; y[i] = gNew[i] - g[i] }
      if factor != nil { deferred = true } else { bfgsUpdate(&h, s: s, y: y, hy: &hy) }
      if fisherPhase, fx - fNew < 0.01 * max(abs(fNew), 0.01) { fisherPhase = false }
      swap(&x, &xNew)
      swap(&g, &gNew)
      fx = fNew
    }
    let gn = g.map(abs).max() ?? 0
    return OptimizeResult(x: x, value: fx, gradient: g, converged: gn <= options.gradientTolerance, iterations: iterations,
                          evaluations: evaluations, message: gn <= options.gradientTolerance ? "converged" : "reached the iteration limit (\(options.maxIterations))")
  }

  /// Finishes where F is flat to rounding: quasi-Newton steps with the BFGS
  /// inverse Hessian (still updated), each kept only if it shrinks the largest
  /// gradient element; when such a step fails, one Newton step with the
  /// Hessian from central differences of the analytic gradient (2q
  /// evaluations, so only as a fallback). Converged at the tolerance, or at
  /// the floor of the gradient's own rounding noise once that is below 1e-8
  /// (still 1000 times tighter than lavaan's default stop).
  static func polish(x x0: [Double], g g0: [Double], fx f0: Double, h h0: Matrix, f: ([Double], inout [Double]) -> Double,
                     tolerance: Double) -> OptimizeResult {
    let n = x0.count
    var x = x0, g = g0, fx = f0, h = h0
    var evaluations = 0, steps = 0
    var gp = [Double](repeating: 0, count: n), gm = [Double](repeating: 0, count: n)
    var xt = x, gt = g
    var s = [Double](repeating: 0, count: n), y = s, hy = s
    var newtonFailures = 0
    while steps < 30 {
      let gn = maxAbs(g)
      if gn <= tolerance { break }
      descent(h, g, into: &xt)
      for i in 0..<n { xt[i] += x[i] }
      var ft = f(xt, &gt)
      evaluations += 1
      steps += 1
      if ft.isFinite, (gt.map(abs).max() ?? .infinity) < gn {
        for i in 0..<n { s[i] = xt[i] - x[i]; y[i] = gt[i] - g[i] }
        bfgsUpdate(&h, s: s, y: y, hy: &hy)
        x = xt; g = gt; fx = ft
        continue
      }
      guard newtonFailures < 2 else { break }
      var hess = Matrix(rows: n, columns: n)
      for j in 0..<n {
        let hstep = 1e-6 * max(1, abs(x[j]))
        var xp = x, xm = x
        xp[j] += hstep
        xm[j] -= hstep
        _ = f(xp, &gp)
        _ = f(xm, &gm)
        evaluations += 2
        for i in 0..<n { hess[i, j] = (gp[i] - gm[i]) / (2 * hstep) }
      }
      for j in 0..<n { for i in 0..<j { let v = (hess[i, j] + hess[j, i]) / 2; hess[i, j] = v; hess[j, i] = v } }
      h = inverseOrIdentity(hess, n)
      descent(h, g, into: &xt)
      for i in 0..<n { xt[i] += x[i] }
      ft = f(xt, &gt)
      evaluations += 1
      guard ft.isFinite, (gt.map(abs).max() ?? .infinity) < gn else { newtonFailures += 1; break }
      x = xt; g = gt; fx = ft
    }
    let gn = g.map(abs).max() ?? 0
    let ok = gn <= max(tolerance, 1e-8)
    return OptimizeResult(x: x, value: fx, gradient: g, converged: ok, iterations: steps, evaluations: evaluations,
                          message: ok ? "converged" : "the gradient could not be reduced below \(String(format: "%.3g", gn))")
  }

  /// The BFGS update of an inverse Hessian approximation from step s and
  /// gradient change y (skipped when the curvature sᵀy is not positive).
  static func bfgsUpdate(_ h: inout Matrix, s: [Double], y: [Double], hy: inout [Double]) {
    let n = s.count
    let sy = dot(s, y)
    let sn = dot(s, s).squareRoot(), yn = dot(y, y).squareRoot()
    guard sy > 1e-12 * sn * yn else { return }
    hy = h.apply(y)
    let yhy = dot(y, hy)
    let rho = 1 / sy
    let c = (1 + yhy * rho) * rho
    // H += c·ssᵀ − ρ(Hy·sᵀ + s·(Hy)ᵀ), a column at a time through raw storage
    // (the subscript's bounds and uniqueness checks cost more than the arithmetic).
    s.withUnsafeBufferPointer { ps in
      hy.withUnsafeBufferPointer { phy in
        h.elements.withUnsafeMutableBufferPointer { ph in
          for j in 0..<n {
            let a = c * ps[j] - rho * phy[j], b = rho * ps[j]
            let col = ph.baseAddress! + j * n
            for i in 0..<n { col[i] += ps[i] * a - phy[i] * b }
          }
        }
      }
    }
  }

  /// The next trial step after `step` failed the Armijo test: the minimum of
  /// the quadratic through F(0), F'(0) and F(step) (Nocedal & Wright 2006,
  /// eq. 3.57), kept within [0.1, 0.5]·step; halving where F was not finite.
  static func backtrack(_ step: Double, fx: Double, slope: Double, fTrial: Double) -> Double {
    guard fTrial.isFinite else { return 0.5 * step }
    let curvature = fTrial - fx - slope * step
    guard curvature > 0 else { return 0.5 * step }
    let t = -slope * step * step / (2 * curvature)
    return min(max(t, 0.1 * step), 0.5 * step)
  }

  /// d = −H·g.
  static func descent(_ h: Matrix, _ g: [Double], into d: inout [Double]) {
    let hg = h.apply(g)
    for i in 0..<d.count { d[i] = -hg[i] }
  }

  static func dot(_ a: [Double], _ b: [Double]) -> Double {
    a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        var t = 0.0
        for i in 0..<pa.count { t += pa[i] * pb[i] }
        return t
      }
    }
  }

  /// The largest |vᵢ|; NaN if any element is NaN, so that a broken gradient never passes a tolerance.
  static func maxAbs(_ v: [Double]) -> Double {
    var m = 0.0
    for x in v {
      if x.isNaN { return .nan }
      m = max(m, abs(x))
    }
    return m
  }

  /// The Hessian of f by four-point central differences of its analytic
  /// gradient, (−g(x+2h) + 8g(x+h) − 8g(x−h) + g(x−2h))/(12h), symmetrised
  /// (f is left evaluated at x); nil where f is not finite on the stencil.
  public static func numericalHessian(_ x0: [Double], f: ([Double], inout [Double]) -> Double) -> Matrix? {
    let n = x0.count
    var h = Matrix(rows: n, columns: n)
    var x = x0
    var g = [Double](repeating: 0, count: n)
    for j in 0..<n {
      let step = 1e-4 * max(1, abs(x0[j]))
      var d = [Double](repeating: 0, count: n)
      for (c, w) in [(2.0, -1.0), (1, 8), (-1, -8), (-2, 1)] {
        x[j] = x0[j] + c * step
        guard f(x, &g).isFinite else { _ = f(x0, &g); return nil }
        for i in 0..<n { d[i] += w * g[i] }
      }
      x[j] = x0[j]
      for i in 0..<n { h[i, j] = d[i] / (12 * step) }
    }
    _ = f(x0, &g)
    for j in 0..<n { for i in 0..<j { let v = 0.5 * (h[i, j] + h[j, i]); h[i, j] = v; h[j, i] = v } }
    return h
  }

  static func inverseOrIdentity(_ h: Matrix?, _ n: Int) -> Matrix {
    if let h, let inv = try? Cholesky(h).inverse { return inv }
    if let h, let e = try? SymmetricEigen(h) {
      // Not positive definite: floor the eigenvalues.
      let floor = max(1e-8, (e.values.first ?? 1) * 1e-10)
      return e.reconstruct { 1 / max($0, floor) }
    }
    return Matrix.identity(n)
  }
}
