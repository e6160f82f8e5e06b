import Distributions
import Foundation

// The polyserial correlation of a continuous variable x and an ordinal item y,
// two-step (Olsson, Drasgow & Dorans 1982, "The polyserial correlation
// coefficient", Psychometrika 47, 337–347; lavaan's lav_bvmix_cor_twostep_fit):
// x's mean and standard deviation by ML (divisor N) and y's thresholds from
// its margin are held fixed, and ρ maximises the conditional log-likelihood of
// y given x,
//
//   ℓ(ρ)  = Σᵢ log Pᵢ,   Pᵢ = Φ(uᵢ,ₖ) − Φ(uᵢ,ₖ₋₁),   uᵢ,ₖ = (τₖ − ρzᵢ)/s,  s = √(1 − ρ²),
//   zᵢ = (xᵢ − x̄)/σ̂,  k = yᵢ's category (τ₀ = −∞, τ_K = +∞),
//   ℓ'(ρ) = Σᵢ [φ(uᵢ,ₖ)(ρτₖ − zᵢ) − φ(uᵢ,ₖ₋₁)(ρτₖ₋₁ − zᵢ)] / (s³Pᵢ)
//
// (the marginal density of x does not involve ρ). Solved to the exact optimum
// by secant steps on the score inside a bracket of its sign change (one pass
// over the cases per step), within lavaan's box |ρ| ≤ 0.995.

public struct PolyserialPair: Sendable, Equatable {
  public let rho: Double
  /// Cases with both values.
  public let n: Int
  /// ρ at lavaan's bound ±0.995.
  public let atBound: Bool

  public static let bound = 0.995

  /// `x` continuous and `codes` the item's categories 0 … K − 1 for the same
  /// cases (no missing values); `thresholds` the item's K − 1 thresholds;
  /// `mean` and `sd` x's (ML, divisor N), by default over these cases (with
  /// missing values, lavaan's pairwise takes them over x's own available cases).
  public static func estimate(x: [Double], codes: [Int32], thresholds: [Double], mean: Double? = nil, sd: Double? = nil) -> PolyserialPair {
    precondition(x.count == codes.count)
    let n = x.count
    let mean = mean ?? x.reduce(0, +) / Double(n)
    let sd = sd ?? (x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)).squareRoot()
    let z = x.map { ($0 - mean) / sd }
    let tau = [-Double.infinity] + thresholds + [Double.infinity]
    let likelihood = Likelihood(z: z, codes: codes, tau: tau)
    let rho = likelihood.maximise()
    return PolyserialPair(rho: rho, n: n, atBound: abs(rho) >= bound - 1e-12)
  }

  struct Likelihood {
    let z: [Double]
    let codes: [Int32]
    let tau: [Double]

    /// Pearson's r of x and the category codes: the start.
    func start() -> Double {
      let n = Double(z.count)
      let c = codes.map(Double.init)
      let mc = c.reduce(0, +) / n
      var sxy = 0.0, syy = 0.0
      for (zi, ci) in zip(z, c) { sxy += zi * (ci - mc); syy += (ci - mc) * (ci - mc) }
      return syy > 0 ? sxy / (n * (syy / n).squareRoot()) : 0
    }

    /// ℓ'(ρ) alone (no logarithms): what the root-finding needs; NaN where a
    /// case's probability underflows.
    func score(_ rho: Double) -> Double {
      let s2 = 1 - rho * rho, s = s2.squareRoot(), s3 = s2 * s
      var score = 0.0
      for (zi, c) in zip(z, codes) {
        let lo = tau[Int(c)], hi = tau[Int(c) + 1]
        let uHi = (hi - rho * zi) / s, uLo = (lo - rho * zi) / s
        let p = uLo > 0 ? Normal.cdf(uLo, upperTail: true) - Normal.cdf(uHi, upperTail: true) : Normal.cdf(uHi) - Normal.cdf(uLo)
        guard p > 1e-300 else { return .nan }
        let dHi = hi.isFinite ? Normal.density(uHi) * (rho * hi - zi) : 0
        let dLo = lo.isFinite ? Normal.density(uLo) * (rho * lo - zi) : 0
        score += (dHi - dLo) / (s3 * p)
      }
      return score
    }

    /// The root of the score by secant steps kept inside a bracket of its sign
    /// change (bisection when a step leaves it): one score per step.
    func maximise() -> Double {
      let bound = PolyserialPair.bound
      var lo = -bound, hi = bound
      // The score falls through 0 at the maximum; at a bound with the score
      // pointing outwards the maximum is the bound itself.
      if score(hi) > 0 { return hi }
      if score(lo) < 0 { return lo }
      func shrink(_ x: Double, _ f: Double) {
        if f.isNaN { if x > 0 { hi = x } else { lo = x } } else if f > 0 { lo = x } else { hi = x }
      }
      var a = max(-0.9, min(0.9, start())), fa = score(a)
      if fa == 0 { return a }
      shrink(a, fa)
      var b = min(hi - 1e-9, max(lo + 1e-9, a + (fa > 0 ? 1e-3 : -1e-3))), fb = score(b)
      for _ in 0..<200 {
        if fb == 0 { return b }
        shrink(b, fb)
        var next = fa.isFinite && fb.isFinite && fb != fa ? b - fb * (b - a) / (fb - fa) : .nan
        if !(next > lo && next < hi) { next = (lo + hi) / 2 }
        if abs(next - b) <= 1e-13 * max(1, abs(b)) || hi - lo <= 4 * Double.ulpOfOne { return next }
        (a, fa) = (b, fb)
        b = next
        fb = score(b)
      }
      return b
    }
  }
}
