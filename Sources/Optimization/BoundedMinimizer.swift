import LinearAlgebra

// Minimisation of a smooth function over a box lo ≤ x ≤ hi, for the
// uniquenesses of minres and ML factor extraction, which psych bounds to
// [0.005, 1] with L-BFGS-B (Byrd, Lu, Nocedal & Zhu 1995). Without the box a
// one-factor fit of a correlation matrix with no common factor (parallel
// analysis' simulated data) runs ψ out of (0, 1) and the "eigenvalues" with it.
// Method: projected quasi-Newton (Bertsekas 1982). Variables at a bound whose
// gradient points out of the box are held; the others take a BFGS step
// (inverse Hessian over the free set, reset when the set changes, its first
// step no longer than psych's parscale of 0.01), projected back onto the box, with an Armijo backtracking search along the projected
// path. Converged when the projected gradient is below `gradientTolerance`,
// or — as L-BFGS-B's factr rule judges it, relative to the size of F — when a
// step no longer lowers F by more than `relativeTolerance`·max(|F|, 1) and the
// projected gradient is small on F's scale.

public struct BoundedResult: Sendable {
  public var x: [Double]
  public var value: Double
  public var projectedGradient: Double
  public var converged: Bool
  public var iterations: Int
}

public enum BoundedMinimizer {
  public static func minimize(
    x0: [Double], lower: Double, upper: Double, gradientTolerance: Double = 1e-10, relativeTolerance: Double = 1e-14,
    maxIterations: Int = 1000, firstStep: Double = 0.01, f: ([Double], inout [Double]) -> Double
  ) -> BoundedResult {
    let n = x0.count
    func clamp(_ v: Double) -> Double { min(max(v, lower), upper) }
    var x = x0.map(clamp)
    var g = [Double](repeating: 0, count: n)
    var fx = f(x, &g)
    var h = Matrix.identity(n)
    var free = [Bool](repeating: true, count: n)
    var xNew = x, gNew = g, d = x, s = x, y = x, hy = x
    var iterations = 0
    var smallSteps = 0
    var fresh = true

    func isFree(_ i: Int, _ x: [Double], _ g: [Double]) -> Bool {
      !((x[i] <= lower && g[i] > 0) || (x[i] >= upper && g[i] < 0))
    }
    func projectedGradient(_ x: [Double], _ g: [Double]) -> Double {
      var m = 0.0
      for i in 0..<n { m = max(m, abs(clamp(x[i] - g[i]) - x[i])) }
      return m
    }
    guard fx.isFinite else {
      return BoundedResult(x: x, value: fx, projectedGradient: .infinity, converged: false, iterations: 0)
    }
    while iterations < maxIterations {
      let pg = projectedGradient(x, g)
      if pg <= gradientTolerance {
        return BoundedResult(x: x, value: fx, projectedGradient: pg, converged: true, iterations: iterations)
      }
      iterations += 1
      let nowFree = (0..<n).map { isFree($0, x, g) }
      if nowFree != free {
        free = nowFree
        h = Matrix.identity(n)
        fresh = true
      }
      for i in 0..<n {
        guard free[i] else { d[i] = 0; continue }
        var t = 0.0
        for j in 0..<n where free[j] { t -= h[i, j] * g[j] }
        d[i] = t
      }
      var slope = 0.0
      for i in 0..<n { slope += g[i] * d[i] }
      if !(slope < 0) {
        h = Matrix.identity(n)
        fresh = true
        for i in 0..<n { d[i] = free[i] ? -g[i] : 0 }
      }
      // A fresh inverse Hessian knows no curvature: its first step is kept to
      // length `firstStep`, as L-BFGS-B's first step is one unit of psych's
      // parscale (0.01). A long first step could leave the basin of the
      // start for a distant boundary solution, which psych never reaches.
      var step = 1.0
      if fresh {
        let norm = d.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm > firstStep { step = firstStep / norm }
      }
      var accepted = false
      var fNew = fx
      for _ in 0..<60 {
        var decrease = 0.0
        for i in 0..<n {
          xNew[i] = clamp(x[i] + step * d[i])
          decrease += g[i] * (xNew[i] - x[i])
        }
        fNew = f(xNew, &gNew)
        if fNew.isFinite && fNew <= fx + 1e-4 * decrease { accepted = true; break }
        step *= 0.5
      }
      let scale = max(abs(fx), 1)
      guard accepted else {
        // No decrease along the projected path: F is flat to rounding here.
        let ok = pg <= 1e-6 * scale
        return BoundedResult(x: x, value: fx, projectedGradient: pg, converged: ok, iterations: iterations)
      }
      for i in 0..<n { s[i] = xNew[i] - x[i]; y[i] = gNew[i] - g[i] }
      var sy = 0.0, yy = 0.0
      for i in 0..<n where free[i] { sy += s[i] * y[i]; yy += y[i] * y[i] }
      if sy > 1e-14 * yy {
        if fresh {
          fresh = false
          // Scale the first inverse Hessian by sᵀy/yᵀy (Nocedal & Wright 6.20).
          h = Matrix.identity(n)
          let c = sy / yy
          for i in 0..<n { h[i, i] = c }
        }
        for i in 0..<n {
          var t = 0.0
          for j in 0..<n where free[j] { t += h[i, j] * y[j] }
          hy[i] = free[i] ? t : 0
        }
        var yhy = 0.0
        for i in 0..<n where free[i] { yhy += y[i] * hy[i] }
        let rho = 1 / sy, c = (1 + yhy * rho) * rho
        for j in 0..<n where free[j] {
          for i in 0..<n where free[i] {
            h[i, j] += c * s[i] * s[j] - rho * (hy[i] * s[j] + s[i] * hy[j])
          }
        }
      }
      let reduction = fx - fNew
      swap(&x, &xNew)
      swap(&g, &gNew)
      fx = fNew
      if reduction <= relativeTolerance * scale {
        smallSteps += 1
        if smallSteps >= 3, projectedGradient(x, g) <= 1e-6 * scale {
          return BoundedResult(x: x, value: fx, projectedGradient: projectedGradient(x, g), converged: true, iterations: iterations)
        }
      } else {
        smallSteps = 0
      }
    }
    let pg = projectedGradient(x, g)
    return BoundedResult(x: x, value: fx, projectedGradient: pg, converged: pg <= 1e-6 * max(abs(fx), 1), iterations: iterations)
  }
}
