import CRmath
import Foundation

// Distribution functions from R's own math library (libRmath, built from the
// same sources as R's `pnorm`, `pchisq`, …), so values agree with R to the last
// bit on the same platform. `upperTail: true` is R's `lower.tail = FALSE`: it
// keeps full precision for tiny p-values instead of computing 1 − cdf.
//
// R distinguishes `pchisq(x, df)` (the central algorithm) from
// `pchisq(x, df, ncp = 0)` (the non-central one, which differs in the last
// digits). `noncentrality: nil` selects the former, any number the latter, so
// callers can mirror the R call they reproduce (lavaan's RMSEA interval passes
// `ncp =` explicitly).

@inline(__always) private func flag(_ b: Bool) -> Int32 { b ? 1 : 0 }

public enum Normal {
  public static func density(_ x: Double, mean: Double = 0, sd: Double = 1) -> Double {
    dnorm4(x, mean, sd, 0)
  }

  public static func cdf(_ x: Double, mean: Double = 0, sd: Double = 1, upperTail: Bool = false) -> Double {
    pnorm5(x, mean, sd, flag(!upperTail), 0)
  }

  public static func quantile(_ p: Double, mean: Double = 0, sd: Double = 1, upperTail: Bool = false) -> Double {
    qnorm5(p, mean, sd, flag(!upperTail), 0)
  }

  /// Two-sided p-value of a z statistic, 2·Φ(−|z|), as lavaan reports it.
  public static func twoSidedP(_ z: Double) -> Double {
    2 * pnorm5(-Swift.abs(z), 0, 1, 1, 0)
  }
}

// The standard normal cdf and density for the inner loops of the ordinal
// likelihoods (a few hundred thousand calls per polyserial fit), through the C
// library: Φ(x) = erfc(−x/√2)/2 and φ(x) = e^(−x²/2)/√(2π). Against R's pnorm and
// dnorm the relative difference is below 1e-14 for |x| < 8 and below 2e-13 out
// to the underflow at |x| ≈ 37, at about a third of the cost; p-values and
// everything reported on its own keep R's own functions above.
extension Normal {
  @inlinable public static func fastCDF(_ x: Double, upperTail: Bool = false) -> Double {
    0.5 * erfc((upperTail ? x : -x) * 0.70710678118654752440)
  }

  @inlinable public static func fastDensity(_ x: Double) -> Double {
    0.39894228040143267794 * exp(-0.5 * x * x)
  }
}

public struct ChiSquare: Sendable {
  public let df: Double
  public let noncentrality: Double?

  public init(df: Double, noncentrality: Double? = nil) {
    self.df = df
    self.noncentrality = noncentrality
  }

  public func density(_ x: Double) -> Double {
    if let ncp = noncentrality { return dnchisq(x, df, ncp, 0) }
    return dchisq(x, df, 0)
  }

  public func cdf(_ x: Double, upperTail: Bool = false) -> Double {
    if let ncp = noncentrality {
      if !upperTail, let p = Self.poissonMixtureCDF(x, df: df, ncp: ncp) { return p }
      return Self.rmathNoncentralCDF(x, df: df, ncp: ncp, upperTail: upperTail)
    }
    return pchisq(x, df, flag(!upperTail), 0)
  }

  static func rmathNoncentralCDF(_ x: Double, df: Double, ncp: Double, upperTail: Bool) -> Double {
    pnchisq(x, df, ncp, flag(!upperTail), 0)
  }

  /// R's pnchisq below λ = 80 (its pnchisq_raw, lower tail): the Poisson
  /// mixture of central χ² cdfs
  ///
  ///   F(x; f, λ) = Σᵢ wᵢ P(f/2 + i, x/2) / Σᵢ wᵢ,   wᵢ = e^(−λ/2) (λ/2)ⁱ / i!,
  ///
  /// summed, as R does, until Σwᵢ ≥ 1 − 1e-15 or 110 terms. R calls pgamma for
  /// every term (about 37 000 instructions a cdf, 80 cdfs in three RMSEA
  /// intervals); here P(a, y) comes once from pgamma and then by the downward
  /// recurrence P(a + 1, y) = P(a, y) − yᵃe^(−y)/Γ(a + 1) (Abramowitz & Stegun
  /// 6.5.21), whose absolute error stays near rounding level (about 1e-14 from R's
  /// values out to df = 300; uniroot's tolerance in λ is 1.2e-4). nil where R
  /// works on the log scale (x so small that every term underflows) or uses its
  /// other series (λ ≥ 80): R's own code answers those.
  static func poissonMixtureCDF(_ x: Double, df f: Double, ncp theta: Double) -> Double? {
    var cdf = NoncentralCDF(x: x, df: f)
    guard cdf.mixture, theta >= 0, theta < 80 else { return nil }
    return cdf(noncentrality: theta)
  }

  /// F(x; f, λ) for one x and f at many λ (a root search over λ, as the RMSEA's
  /// interval): below λ = 80 the mixture's central terms P(f/2 + i, x/2) do not
  /// depend on λ, so they are made once (lazily, as far as a λ needs them) and
  /// each λ costs its Poisson weights alone; `poissonMixtureCDF` is one λ of it.
  /// From λ = 80 on, R's other series (`LargeNoncentrality`) likewise keeps its
  /// λ-free terms.
  public struct NoncentralCDF {
    let x: Double, df: Double
    /// P(f/2 + i, x/2) for i = 0, 1, …; empty where R's own code answers (see poissonMixtureCDF).
    var terms: [Double] = []
    var term = 0.0
    let mixture: Bool
    /// λ ≥ 80: made at the first such λ (nil where R's own code answers).
    lazy var series = LargeNoncentrality(x: x, df: df)

    public init(x: Double, df f: Double) {
      self.x = x; df = f
      // R works on the log scale below this x (every term underflows; R's M_LN2 · DBL_MIN_EXP).
      mixture = x > 0 && x.isFinite && f > 0 && log(x) >= 0.69314718055994530942 + 2 / f * (lgamma(f / 2 + 1) + 0.69314718055994530942 * -1021)
      if mixture {
        terms.reserveCapacity(110)
        terms.append(pchisq(x, f, 1, 0))
        term = dgamma(0.5 * x, 0.5 * f + 1, 1, 0)
      }
    }

    public mutating func callAsFunction(noncentrality theta: Double) -> Double {
      guard mixture, theta >= 0, theta < 80 else {
        if theta >= 80, theta.isFinite, let series { return series.cdf(noncentrality: theta) }
        return ChiSquare.rmathNoncentralCDF(x, df: df, ncp: theta, upperTail: false)
      }
      let lambda = 0.5 * theta, a = 0.5 * df, y = 0.5 * x
      var weight = exp(-lambda), sum = 0.0, weights = 0.0
      for i in 0..<110 {
        if i == terms.count {
          terms.append(terms[i - 1] - term)
          term *= y / (a + Double(i))
        }
        weights += weight
        sum += weight * max(terms[i], 0)
        if weights >= 1 - 1e-15 { break }
        weight *= lambda / Double(i + 1)
      }
      return sum / weights
    }
  }

  /// R's pnchisq from λ = 80 on (pnchisq_raw's second series, lower tail):
  ///
  ///   F(x; f, λ) = Σₙ vₙ tₙ,   tₙ = e^(−x/2) (x/2)^(f/2 + n) / Γ(f/2 + n + 1),
  ///   vₙ = Σ_{k ≤ n} e^(−λ/2) (λ/2)ᵏ / k!  (the Poisson cdf at n, mean λ/2).
  ///
  /// R sums from n = 0 until its error bound falls below 1e-12, re-making every
  /// tₙ for every λ (about 800 terms a cdf in long double for χ² ≈ 1,600). The
  /// tₙ do not depend on λ: they are made once, from the largest one (at
  /// n = ⌊x/2 − f/2⌋, by R's dpois_raw) outwards by tₙ₊₁ = tₙ·(x/2)/(f/2 + n + 1), as
  /// far as tₙ ≥ 1e-20 of the largest (what lies beyond is below the sum's
  /// rounding); a λ then costs one ppois and dpois for v at the first term it
  /// reaches and vₙ₊₁ = vₙ + uₙ·(λ/2)/(n + 1) over the window. The result
  /// differs from R's by its truncation (≤ 1e-12) and rounding, not in method.
  struct LargeNoncentrality {
    /// n of the window's first term, the window's tₙ over the largest, and the largest.
    let first: Int
    let scaled: [Double]
    /// 1/(first + i): the Poisson recurrence multiplies instead of dividing (a division's latency on every term).
    let reciprocals: [Double]
    let peak: Double
    let x: Double, df: Double
    /// t₀ underflows (R's test on log t₀ against M_LN2 · DBL_MIN_EXP): then R answers 1 past mean + 5 sd.
    let firstTermUnderflows: Bool

    /// nil where R's own code answers: x or f not positive and finite, or a window
    /// so long (x/2 past about 10⁷) that re-summing is as cheap.
    init?(x: Double, df f: Double) {
      guard x > 0, x.isFinite, f > 0, f.isFinite, x < 2e7 else { return nil }
      let x2 = 0.5 * x, f2 = 0.5 * f
      self.x = x; df = f
      firstTermUnderflows = f2 * log(x2) - x2 - lgamma(f2 + 1) < 0.69314718055994530942 * -1021
      let mode = max(0, (x2 - f2).rounded(.down))
      peak = dpois_raw(f2 + mode, x2, 0)  // e^(−x/2)(x/2)^a/Γ(a + 1) without lgamma's cancellation
      var below: [Double] = [], above: [Double] = []
      var r = 1.0, n = mode
      while n > 0 {
        r *= (f2 + n) / x2
        n -= 1
        if r < 1e-20 { break }
        below.append(r)
      }
      r = 1; n = mode
      while true {
        r *= x2 / (f2 + n + 1)
        n += 1
        if r < 1e-20 { break }
        above.append(r)
      }
      first = Int(mode) - below.count
      scaled = below.reversed() + [1] + above
      reciprocals = (0..<scaled.count).map { [first] in 1 / Double(first + $0) }
    }

    func cdf(noncentrality theta: Double) -> Double {
      // R's shortcut where t₀ underflows and x lies past mean + 5 sd (its own FIXME: the cdf is within about 1e-6 of 1 there).
      if firstTermUnderflows && x > df + theta + 5 * (2 * (df + 2 * theta)).squareRoot() { return 1 }
      let lambda = 0.5 * theta
      let count = scaled.count
      // Left of the Poisson's mean, uₙ (and vₙ < uₙ·λ/(λ − n)) may underflow:
      // the window's terms start where uₙ is representable.
      var k = 0
      if Double(first) < lambda {
        var logU = -lambda + Double(first) * log(lambda) - lgamma(Double(first) + 1)
        while k < count - 1 && logU < -700 && Double(first + k) < lambda {
          k += 1
          logU += log(lambda / Double(first + k))
        }
      }
      var u = dpois(Double(first + k), lambda, 0), v = ppois(Double(first + k), lambda, 1, 0)
      return scaled.withUnsafeBufferPointer { t in
        reciprocals.withUnsafeBufferPointer { r in
          var sum = t[k] * v
          var i = k + 1
          while i < count {
            u *= lambda * r[i]
            v += u
            sum += t[i] * v
            i += 1
          }
          return min(sum * peak, 1)
        }
      }
    }
  }

  public func quantile(_ p: Double, upperTail: Bool = false) -> Double {
    if let ncp = noncentrality { return qnchisq(p, df, ncp, flag(!upperTail), 0) }
    return qchisq(p, df, flag(!upperTail), 0)
  }
}

public struct StudentT: Sendable {
  public let df: Double
  public init(df: Double) { self.df = df }

  public func density(_ x: Double) -> Double { dt(x, df, 0) }
  public func cdf(_ x: Double, upperTail: Bool = false) -> Double { pt(x, df, flag(!upperTail), 0) }
  public func quantile(_ p: Double, upperTail: Bool = false) -> Double { qt(p, df, flag(!upperTail), 0) }

  /// Two-sided p-value of a t statistic.
  public func twoSidedP(_ t: Double) -> Double { 2 * pt(-Swift.abs(t), df, 1, 0) }
}

public struct FisherF: Sendable {
  public let df1: Double
  public let df2: Double
  public init(df1: Double, df2: Double) {
    self.df1 = df1
    self.df2 = df2
  }

  public func density(_ x: Double) -> Double { CRmath.df(x, df1, df2, 0) }
  public func cdf(_ x: Double, upperTail: Bool = false) -> Double { pf(x, df1, df2, flag(!upperTail), 0) }
  public func quantile(_ p: Double, upperTail: Bool = false) -> Double { qf(p, df1, df2, flag(!upperTail), 0) }
}

/// The studentized range of `groups` means on `df` degrees of freedom
/// (Tukey's HSD, Games–Howell): R's ptukey/qtukey with nranges = 1.
public struct StudentizedRange: Sendable {
  public let groups: Double
  public let df: Double
  public init(groups: Double, df: Double) {
    self.groups = groups
    self.df = df
  }

  public func cdf(_ q: Double, upperTail: Bool = false) -> Double { ptukey(q, 1, groups, df, flag(!upperTail), 0) }
  public func quantile(_ p: Double, upperTail: Bool = false) -> Double { qtukey(p, 1, groups, df, flag(!upperTail), 0) }
}

/// The hypergeometric distribution of white balls among `draws` from an urn
/// of `white` and `black` (R's dhyper), for Fisher's exact test.
public struct Hypergeometric: Sendable {
  public let white: Double
  public let black: Double
  public let draws: Double
  public init(white: Double, black: Double, draws: Double) {
    self.white = white
    self.black = black
    self.draws = draws
  }

  public func probability(_ x: Double) -> Double { dhyper(x, white, black, draws, 0) }
}
