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
// Φ and φ at a case's two thresholds come from one exponential each
// (Normal.tails): a score costs one pass, and the influence column's sums ride
// along on the passes of the fit that needs them (Mixed.swift).

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
    let likelihood = Likelihood(x: x, codes: codes, thresholds: thresholds, mean: mean, sd: sd)
    let rho = likelihood.maximise().rho
    return PolyserialPair(rho: rho, n: x.count, atBound: abs(rho) >= bound - 1e-12)
  }

  /// What the influence column of ρ needs at the estimate (Muthén 1984's
  /// stage-2 estimating equation; formulas in Mixed.swift): each case's score
  /// s_ρ,t (written to `scores`), A₂₂ = Σₜ s²ₜ and the cross sums with the
  /// stage-1 equations of x's mean and variance and the item's thresholds.
  public struct Influence: Sendable {
    public let pair: PolyserialPair
    public let outer: Double
    /// Σₜ sₜ ∂ℓₜ/∂μ, Σₜ sₜ ∂ℓₜ/∂σ², Σₜ sₜ ∂ℓₜ/∂τ_c.
    public let mean: Double, variance: Double
    public let thresholds: [Double]
  }

  /// The estimate with its influence sums; `scores` holds x.count values.
  /// The sums come from the last Newton pass when it was within 1e-8 of the
  /// returned ρ (the convergence test's step), else from one more pass at ρ.
  /// `order`: the cases sorted by x, when the caller has it (it is x's alone,
  /// so one sort serves every item x is paired with).
  public static func estimateWithInfluence(x: [Double], codes: [Int32], thresholds: [Double], mean: Double, sd: Double,
                                           order: [Int]? = nil, scores: UnsafeMutablePointer<Double>) -> Influence {
    let likelihood = Likelihood(x: x, codes: codes, thresholds: thresholds, mean: mean, sd: sd, order: order)
    var tauSums = [Double](repeating: 0, count: thresholds.count)
    var patternScores = [Double](repeating: 0, count: likelihood.patternZ.count)
    return tauSums.withUnsafeMutableBufferPointer { tauSums in
      patternScores.withUnsafeMutableBufferPointer { patternScores in
        let ps = patternScores.baseAddress!
        var (rho, last) = likelihood.maximise(scores: ps, tauSums: tauSums.baseAddress!)
        if !(abs(last.rho - rho) <= 1e-8 * max(1, abs(rho))) { last = likelihood.pass(rho, scores: ps, tauSums: tauSums.baseAddress!) }
        for (t, u) in likelihood.patternOf.enumerated() { scores[t] = ps[Int(u)] }
        let pair = PolyserialPair(rho: rho, n: x.count, atBound: abs(rho) >= bound - 1e-12)
        return Influence(pair: pair, outer: last.outer, mean: last.mean / sd, variance: last.variance / (2 * sd * sd),
                         thresholds: Array(tauSums))
      }
    }
  }

  /// The cases' order by x (for `estimateWithInfluence`).
  public static func order(_ x: [Double]) -> [Int] {
    x.withUnsafeBufferPointer { v in
      var index = Array(v.indices)
      index.sort { v[$0] < v[$1] }  // stable: equal values keep the cases' order
      return index
    }
  }

  struct Likelihood {
    let tau: [Double]
    /// The distinct (x, category) pairs, with how many cases share each:
    /// questionnaire "continuous" variables (scale scores, ages, years) take
    /// few values, and cases alike contribute alike, so a pass computes each
    /// once (HS's x1–x3 against a 4-category item: about 100 of 301 cases).
    let patternZ: [Double], patternCode: [Int32], patternCount: [Double]
    /// Each case's pattern.
    let patternOf: [Int32]

    init(x: [Double], codes: [Int32], thresholds: [Double], mean: Double?, sd: Double?, order: [Int]? = nil) {
      precondition(x.count == codes.count)
      let n = Double(x.count)
      let mean = mean ?? x.reduce(0, +) / n
      let sd = sd ?? (x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
      tau = [-Double.infinity] + thresholds + [Double.infinity]
      // Runs of equal x in sorted order; within a run, one pattern per category
      // (`slot[c]`, valid while `stamp[c]` is the run's number).
      let order = order ?? PolyserialPair.order(x)
      var patternZ = [Double](repeating: 0, count: x.count), patternCode = [Int32](repeating: 0, count: x.count)
      var patternCount = [Double](repeating: 0, count: x.count)
      var patternOf = [Int32](repeating: 0, count: x.count)
      var slot = [Int32](repeating: 0, count: thresholds.count + 1), stamp = [Int](repeating: -1, count: thresholds.count + 1)
      var patterns = 0, run = 0, previous = Double.nan
      // Pointers: the loop runs for every case of every polyserial pair.
      x.withUnsafeBufferPointer { x in codes.withUnsafeBufferPointer { codes in
        patternZ.withUnsafeMutableBufferPointer { patternZ in patternCode.withUnsafeMutableBufferPointer { patternCode in
          patternCount.withUnsafeMutableBufferPointer { patternCount in patternOf.withUnsafeMutableBufferPointer { patternOf in
            slot.withUnsafeMutableBufferPointer { slot in stamp.withUnsafeMutableBufferPointer { stamp in
              for t in order {
                if x[t] != previous { run += 1; previous = x[t] }
                let c = Int(codes[t])
                if stamp[c] != run {
                  stamp[c] = run
                  slot[c] = Int32(patterns)
                  patternZ[patterns] = (x[t] - mean) / sd; patternCode[patterns] = codes[t]
                  patterns += 1
                }
                let u = Int(slot[c])
                patternCount[u] += 1
                patternOf[t] = Int32(u)
              }
            } }
          } }
        } }
      } }
      patternZ.removeLast(x.count - patterns); patternCode.removeLast(x.count - patterns); patternCount.removeLast(x.count - patterns)
      (self.patternZ, self.patternCode, self.patternCount, self.patternOf) = (patternZ, patternCode, patternCount, patternOf)
    }

    /// Olsson, Drasgow & Dorans's ad hoc estimate: Pearson's r of x and the
    /// category codes, times the codes' standard deviation over Σₖφ(τₖ).
    func start() -> Double {
      var n = 0.0, sum = 0.0, sumSquares = 0.0, cross = 0.0
      for u in patternZ.indices {
        let m = patternCount[u], ci = Double(patternCode[u])
        n += m; sum += m * ci; sumSquares += m * ci * ci; cross += m * patternZ[u] * ci
      }
      let covariance = cross / n  // z has mean 0
      let variance = sumSquares / n - (sum / n) * (sum / n)
      let heights = OrdinalVariable.thresholdHeights(tau)
      guard variance > 0, heights > 0 else { return 0 }
      return covariance / heights
    }

    /// One pass over the cases at ρ.
    struct Pass {
      var rho: Double
      /// ℓ'(ρ) and ℓ''(ρ): what Newton's method needs; NaN where a case's probability underflows.
      var score = 0.0, curvature = 0.0
      /// Σ sₜ², and the unscaled cross sums Σ sₜ(z + ρD/R) and Σ sₜ(z² − 1 + ρzD/R), D = (φ(u*) − φ(l*))/P.
      var outer = 0.0, mean = 0.0, variance = 0.0
    }

    /// ℓ'(ρ), ℓ''(ρ) (no logarithms) and, when `scores` is given, each
    /// pattern's score and the influence sums (the thresholds' into `tauSums`). Φ and φ
    /// at both of a case's thresholds come from one exponential each (Normal.tails).
    func pass(_ rho: Double, scores: UnsafeMutablePointer<Double>? = nil, tauSums: UnsafeMutablePointer<Double>? = nil) -> Pass {
      // Reciprocals once a pass: the loop multiplies.
      let s2 = 1 - rho * rho, s = s2.squareRoot(), r1 = 1 / s, r3 = r1 / s2, r5 = r3 / s2
      var result = Pass(rho: rho)
      let n = patternZ.count, k = tau.count - 2
      if let tauSums { for a in 0..<k { tauSums[a] = 0 } }
      return patternZ.withUnsafeBufferPointer { z in
        patternCode.withUnsafeBufferPointer { codes in
          patternCount.withUnsafeBufferPointer { counts in
          tau.withUnsafeBufferPointer { tau in
            for i in 0..<n {
              let zi = z[i], c = Int(codes[i]), rz = rho * zi, m = counts[i]
              let lo = tau[c], hi = tau[c + 1]
              let uHi = (hi - rz) * r1, uLo = (lo - rz) * r1
              var d1 = 0.0, d2 = 0.0, fHi = 0.0, fLo = 0.0
              var pHi = (lower: 1.0, upper: 0.0), pLo = (lower: 0.0, upper: 1.0)
              if hi.isFinite {
                let t = Normal.tails(uHi), a = rho * hi - zi, du = a * r3
                pHi = (t.lower, t.upper); fHi = t.density
                d1 += fHi * du
                d2 += fHi * ((hi * s2 + 3 * rho * a) * r5 - uHi * du * du)
              }
              if lo.isFinite {
                let t = Normal.tails(uLo), a = rho * lo - zi, du = a * r3
                pLo = (t.lower, t.upper); fLo = t.density
                d1 -= fLo * du
                d2 -= fLo * ((lo * s2 + 3 * rho * a) * r5 - uLo * du * du)
              }
              let p = uLo > 0 ? pLo.upper - pHi.upper : pHi.lower - pLo.lower
              guard p > 1e-300 else { result.score = .nan; result.curvature = .nan; return result }
              let ip = 1 / p, ratio = d1 * ip, mr = m * ratio
              result.score += mr
              result.curvature += m * (d2 * ip - ratio * ratio)
              if let scores, let tauSums {
                scores[i] = ratio
                let w = mr * r1 * ip, d = (fHi - fLo) * r1 * ip
                result.outer += mr * ratio
                result.mean += mr * (zi + rho * d)
                result.variance += mr * (zi * zi - 1 + rho * zi * d)
                if c < k { tauSums[c] += w * fHi }
                if c >= 1 { tauSums[c - 1] -= w * fLo }
              }
            }
            return result
          }
          }
        }
      }
    }

    /// The root of the score by Newton steps kept inside a bracket of its sign
    /// change; a bound is evaluated only when a step heads beyond it. Returns
    /// the last pass too (its ρ may differ from the root by the last step).
    func maximise(scores: UnsafeMutablePointer<Double>? = nil, tauSums: UnsafeMutablePointer<Double>? = nil) -> (rho: Double, last: Pass) {
      let bound = PolyserialPair.bound
      var lo = -bound, hi = bound
      var loChecked = false, hiChecked = false
      var rho = max(-0.9, min(0.9, start()))
      var last = Pass(rho: .nan)
      for _ in 0..<200 {
        last = pass(rho, scores: scores, tauSums: tauSums)
        let (g, h) = (last.score, last.curvature)
        if g == 0 { return (rho, last) }
        // The score falls through 0 at the maximum; where a case's probability
        // underflows ρ is too far from it on its own side.
        if g.isNaN { if rho > 0 { hi = rho; hiChecked = true } else { lo = rho; loChecked = true } }
        else if g > 0 { lo = rho; loChecked = true } else { hi = rho; hiChecked = true }
        var next = h < 0 && g.isFinite ? rho - g / h : .nan
        // Converged: Newton's error after a step of δ is O(δ²), so a step below
        // 1e-8 lands within rounding of the root (and below what the bracket test resolves).
        if abs(next - rho) <= 1e-8 * max(1, abs(rho)) { return (max(-bound, min(bound, next)), last) }
        if next >= bound && !hiChecked {
          // Heading past the upper bound: the maximum is the bound itself when the score there still points outwards.
          let atBound = pass(bound, scores: scores, tauSums: tauSums)
          if atBound.score > 0 { return (bound, atBound) }
          hiChecked = true
          last = Pass(rho: .nan)  // the buffers now hold the bound's pass
        } else if next <= -bound && !loChecked {
          let atBound = pass(-bound, scores: scores, tauSums: tauSums)
          if atBound.score < 0 { return (-bound, atBound) }
          loChecked = true
          last = Pass(rho: .nan)
        }
        if !(next > lo && next < hi) { next = (lo + hi) / 2 }
        if hi - lo <= 4 * Double.ulpOfOne { return (next, last) }
        rho = next
      }
      return (rho, last)
    }
  }
}
