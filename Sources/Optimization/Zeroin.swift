// Brent's root finder exactly as R's uniroot() runs it (R's
// src/library/stats/src/zeroin.c, R_zeroin2; Brent 1973, "Algorithms for
// Minimization without Derivatives", ch. 4), with uniroot's defaults
// tol = ε^¼ and maxiter = 1000. lavaan finds the RMSEA interval with uniroot;
// the same algorithm with the same tolerance gives the same interval, not
// merely one within tolerance of it.

public enum Zeroin {
  public static let defaultTolerance = 0.0001220703125  // .Machine$double.eps^0.25

  public static func root(_ lower: Double, _ upper: Double, tolerance: Double = defaultTolerance, maxIterations: Int = 1000,
                   _ f: (Double) -> Double) -> Double? {
    var a = lower, b = upper
    var fa = f(a), fb = f(b)
    if fa == 0 { return a }
    if fb == 0 { return b }
    guard (fa > 0) != (fb > 0) else { return nil }
    var c = a, fc = fa
    let eps = Double.ulpOfOne
    var remaining = maxIterations + 1
    while remaining > 0 {
      remaining -= 1
      let prevStep = b - a
      if abs(fc) < abs(fb) {
        a = b; b = c; c = a
        fa = fb; fb = fc; fc = fa
      }
      let tolAct = 2 * eps * abs(b) + tolerance / 2
      var newStep = (c - b) / 2
      if abs(newStep) <= tolAct || fb == 0 { return b }
      if abs(prevStep) >= tolAct, abs(fa) > abs(fb) {
        var p: Double, q: Double
        let cb = c - b
        if a == c {
          let t1 = fb / fa
          p = cb * t1
          q = 1 - t1
        } else {
          q = fa / fc
          let t1 = fb / fc, t2 = fb / fa
          p = t2 * (cb * q * (q - t1) - (b - a) * (t1 - 1))
          q = (q - 1) * (t1 - 1) * (t2 - 1)
        }
        if p > 0 { q = -q } else { p = -p }
        if p < (0.75 * cb * q - abs(tolAct * q) / 2), p < abs(prevStep * q / 2) {
          newStep = p / q
        }
      }
      if abs(newStep) < tolAct { newStep = newStep > 0 ? tolAct : -tolAct }
      a = b; fa = fb
      b += newStep
      fb = f(b)
      if (fb > 0 && fc > 0) || (fb < 0 && fc < 0) { c = a; fc = fa }
    }
    return nil
  }
}
