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
//   ℓ'(ρ) = Σᵢ Pᵢ'/Pᵢ,  ℓ''(ρ) = Σᵢ [Pᵢ''/Pᵢ − (Pᵢ'/Pᵢ)²],
//   Pᵢ' = φ(uᵢ,ₖ)u'ᵢ,ₖ − φ(uᵢ,ₖ₋₁)u'ᵢ,ₖ₋₁,  Pᵢ'' = Σ± φ(u)(u'' − u·u'²),
//   u' = (ρτ − z)/s³,  u'' = [τs² + 3ρ(ρτ − z)]/s⁵
// (the marginal density of x does not involve ρ). Solved to the exact optimum
// by Newton steps on the score, kept inside a bracket of its sign change
// (bisection when a step leaves it or ℓ is not concave there), from Olsson et
// al.'s ad hoc estimate r(x, y)·sd(y)/Σₖφ(τₖ), within lavaan's box |ρ| ≤ 0.995.
// Φ and φ here are the erfc route (Normal.fastCDF): a score costs one pass.

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

    /// Olsson, Drasgow & Dorans's ad hoc estimate: Pearson's r of x and the
    /// category codes, times the codes' standard deviation over Σₖφ(τₖ).
    func start() -> Double {
      let n = Double(z.count)
      var sum = 0.0, sumSquares = 0.0, cross = 0.0
      for (zi, c) in zip(z, codes) { let ci = Double(c); sum += ci; sumSquares += ci * ci; cross += zi * ci }
      let covariance = cross / n  // z has mean 0
      let variance = sumSquares / n - (sum / n) * (sum / n)
      let heights = OrdinalVariable.thresholdHeights(tau)
      guard variance > 0, heights > 0 else { return 0 }
      return covariance / heights
    }

    /// ℓ'(ρ) and ℓ''(ρ) (no logarithms): what Newton's method needs; NaN where
    /// a case's probability underflows.
    func derivatives(_ rho: Double) -> (score: Double, curvature: Double) {
      let s2 = 1 - rho * rho, s = s2.squareRoot(), s3 = s2 * s, s5 = s3 * s2
      var score = 0.0, curvature = 0.0
      let n = z.count
      return z.withUnsafeBufferPointer { z in
        codes.withUnsafeBufferPointer { codes in
          tau.withUnsafeBufferPointer { tau in
            for i in 0..<n {
              let zi = z[i], c = Int(codes[i])
              let lo = tau[c], hi = tau[c + 1]
              let uHi = (hi - rho * zi) / s, uLo = (lo - rho * zi) / s
              let p = uLo > 0 ? Normal.fastCDF(uLo, upperTail: true) - Normal.fastCDF(uHi, upperTail: true)
                              : Normal.fastCDF(uHi) - Normal.fastCDF(uLo)
              guard p > 1e-300 else { return (.nan, .nan) }
              var d1 = 0.0, d2 = 0.0
              if hi.isFinite {
                let f = Normal.fastDensity(uHi), du = (rho * hi - zi) / s3
                d1 += f * du
                d2 += f * ((hi * s2 + 3 * rho * (rho * hi - zi)) / s5 - uHi * du * du)
              }
              if lo.isFinite {
                let f = Normal.fastDensity(uLo), du = (rho * lo - zi) / s3
                d1 -= f * du
                d2 -= f * ((lo * s2 + 3 * rho * (rho * lo - zi)) / s5 - uLo * du * du)
              }
              let ratio = d1 / p
              score += ratio
              curvature += d2 / p - ratio * ratio
            }
            return (score, curvature)
          }
        }
      }
    }

    func score(_ rho: Double) -> Double { derivatives(rho).score }

    /// The root of the score by Newton steps kept inside a bracket of its sign
    /// change; a bound is evaluated only when a step heads beyond it.
    func maximise() -> Double {
      let bound = PolyserialPair.bound
      var lo = -bound, hi = bound
      var loChecked = false, hiChecked = false
      var rho = max(-0.9, min(0.9, start()))
      for _ in 0..<200 {
        let (g, h) = derivatives(rho)
        if g == 0 { return rho }
        // The score falls through 0 at the maximum; where a case's probability
        // underflows ρ is too far from it on its own side.
        if g.isNaN { if rho > 0 { hi = rho; hiChecked = true } else { lo = rho; loChecked = true } }
        else if g > 0 { lo = rho; loChecked = true } else { hi = rho; hiChecked = true }
        var next = h < 0 && g.isFinite ? rho - g / h : .nan
        // Converged: Newton's error after a step of δ is O(δ²), so a step below
        // 1e-8 lands within rounding of the root (and below what the bracket test resolves).
        if abs(next - rho) <= 1e-8 * max(1, abs(rho)) { return max(-bound, min(bound, next)) }
        if next >= bound && !hiChecked {
          // Heading past the upper bound: the maximum is the bound itself when the score there still points outwards.
          if score(bound) > 0 { return bound }
          hiChecked = true
        } else if next <= -bound && !loChecked {
          if score(-bound) < 0 { return -bound }
          loChecked = true
        }
        if !(next > lo && next < hi) { next = (lo + hi) / 2 }
        if hi - lo <= 4 * Double.ulpOfOne { return next }
        rho = next
      }
      return rho
    }
  }
}
