import Distributions
import Foundation

// The polychoric correlation of two ordinal items, two-step (Olsson 1979,
// "Maximum likelihood estimation of the polychoric correlation coefficient",
// Psychometrika 44, 443–460; lavaan's lav_bvord_cor_twostep_fit): the
// thresholds a (rows) and b (columns) fixed at their marginal values, ρ
// maximises the multinomial log-likelihood of the r × c table n:
//
//   ℓ(ρ)  = Σᵢⱼ nᵢⱼ log πᵢⱼ(ρ),
//   πᵢⱼ   = Φ₂(aᵢ₊₁, bⱼ₊₁) − Φ₂(aᵢ, bⱼ₊₁) − Φ₂(aᵢ₊₁, bⱼ) + Φ₂(aᵢ, bⱼ)   (a₀ = b₀ = −∞, a_r = b_c = +∞)
//   ℓ'(ρ) = Σ nᵢⱼ π'ᵢⱼ/πᵢⱼ,  π'ᵢⱼ the same differences of φ₂ (∂Φ₂/∂ρ = φ₂),
//   ℓ''(ρ)= Σ nᵢⱼ (π''ᵢⱼ/πᵢⱼ − (π'ᵢⱼ/πᵢⱼ)²),
//           ∂φ₂/∂ρ = φ₂·[ρ/(1−ρ²) + (xy(1−ρ²) − ρ(x² − 2ρxy + y²))/(1−ρ²)²].
// Solved to the exact optimum by Newton's method inside a bracket of the
// score, within lavaan's box ρ ∈ [−0.999, 0.999].
//
// Empty cells, as lavaan's defaults (zero.add = c(0.5, 0), zero.keep.margins):
// tables larger than 2 × 2 are used as they are; a 2 × 2 table with one empty
// cell gets 0.5 moved onto its diagonal or off-diagonal so the margins stay;
// with two empty cells ρ = ±1; ad = bc gives ρ = 0; two median splits give
// the closed form ρ = −cos(2π p₁₁).

public struct PolychoricPair: Sendable, Equatable {
  public let rho: Double
  /// Cases in the table.
  public let n: Int
  /// Cells of the table with no case.
  public let emptyCells: Int
  /// A 2 × 2 table corrected by lavaan's zero.add (0.5 kept within the margins).
  public let zeroAdded: Bool
  /// ρ at lavaan's bound ±0.999 (the likelihood rises beyond it).
  public let atBound: Bool

  public static let bound = 0.999

  /// The pair's contingency table from the cases observed on both items, then `estimate(table:…)`.
  public static func estimate(_ x: OrdinalVariable, _ y: OrdinalVariable, rowThresholds: [Double], columnThresholds: [Double]) -> PolychoricPair {
    estimate(table: table(x, y), rows: x.categories, columns: y.categories, rowThresholds: rowThresholds, columnThresholds: columnThresholds)
  }

  /// The contingency table of the cases observed on both items, x's categories by row (row-major).
  public static func table(_ x: OrdinalVariable, _ y: OrdinalVariable) -> [Int] {
    let c = y.categories, size = x.categories * c
    // Four tables for cases t mod 4, summed at the end: consecutive cases in
    // one cell would otherwise wait on each other's store.
    var cells = [Int](repeating: 0, count: 4 * size)
    x.codes.withUnsafeBufferPointer { xc in
      y.codes.withUnsafeBufferPointer { yc in
        cells.withUnsafeMutableBufferPointer { cells in
          let out = cells.baseAddress!
          for t in 0..<xc.count {
            let a = xc[t], b = yc[t]
            if a >= 0 && b >= 0 { out[(t & 3) &* size &+ Int(a) &* c &+ Int(b)] &+= 1 }
          }
        }
      }
    }
    return (0..<size).map { cells[$0] + cells[size + $0] + cells[2 * size + $0] + cells[3 * size + $0] }
  }

  /// `table` row-major rows × columns; thresholds finite, ascending (rows − 1 and columns − 1 of them).
  public static func estimate(table counts: [Int], rows r: Int, columns c: Int,
                              rowThresholds a: [Double], columnThresholds b: [Double]) -> PolychoricPair {
    precondition(counts.count == r * c && a.count == r - 1 && b.count == c - 1)
    let n = counts.reduce(0, +)
    let empty = counts.filter { $0 == 0 }.count
    var table = counts.map(Double.init)
    var zeroAdded = false
    if r == 2 && c == 2 {
      func done(_ rho: Double) -> PolychoricPair { PolychoricPair(rho: rho, n: n, emptyCells: empty, zeroAdded: zeroAdded, atBound: false) }
      if empty == 2 { return done(table[0] > 0 ? 1 : -1) }
      if empty == 1 {
        let z = 0.5
        let onDiagonal = counts[0] == 0 || counts[3] == 0
        table[0] += onDiagonal ? z : -z; table[3] += onDiagonal ? z : -z
        table[1] += onDiagonal ? -z : z; table[2] += onDiagonal ? -z : z
        zeroAdded = true
      }
      if table[0] * table[3] == table[1] * table[2] { return done(0) }
      if a[0] == 0 && b[0] == 0 { return done(-cos(2 * Double.pi * table[0] / Double(n))) }
    }
    let likelihood = Likelihood(table: table, rows: r, columns: c, a: a, b: b)
    let rho = likelihood.maximise()
    return PolychoricPair(rho: rho, n: n, emptyCells: empty, zeroAdded: zeroAdded, atBound: abs(rho) >= bound - 1e-12)
  }

  /// ℓ and its first two derivatives in ρ for one table.
  struct Likelihood {
    let table: [Double]
    let rows: Int, columns: Int
    /// Thresholds with ±∞ at the ends, and Φ of them.
    let a: [Double], b: [Double], phiA: [Double], phiB: [Double]

    init(table: [Double], rows: Int, columns: Int, a: [Double], b: [Double]) {
      self.table = table; self.rows = rows; self.columns = columns
      self.a = [-.infinity] + a + [.infinity]
      self.b = [-.infinity] + b + [.infinity]
      phiA = self.a.map { Normal.cdf($0) }
      phiB = self.b.map { Normal.cdf($0) }
    }

    /// (ℓ, ℓ', ℓ'') at ρ; without `value` ℓ is 0 where finite (Newton needs only whether it is).
    func evaluate(_ rho: Double, derivatives: Bool = true, value wantValue: Bool = true) -> (value: Double, score: Double, hessian: Double) {
      let w = columns + 1
      // Corner values F, φ₂ and ∂φ₂/∂ρ on the (rows + 1) × (columns + 1) grid, on the stack.
      return withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * (rows + 1) * w) { scratch in
        scratch.initialize(repeating: 0)
        let size = (rows + 1) * w
        return evaluate(rho, derivatives: derivatives, value: wantValue, cdf: scratch.baseAddress!,
                        pdf: scratch.baseAddress! + size, dpdf: scratch.baseAddress! + 2 * size)
      }
    }

    private func evaluate(_ rho: Double, derivatives: Bool, value wantValue: Bool, cdf: UnsafeMutablePointer<Double>,
                          pdf: UnsafeMutablePointer<Double>, dpdf: UnsafeMutablePointer<Double>) -> (value: Double, score: Double, hessian: Double) {
      let f = BivariateNormal.Fixed(rho: rho)
      let s = 1 - rho * rho
      let w = columns + 1
      for i in 0...rows {
        for j in 0...columns {
          let x = a[i], y = b[j]
          let k = i * w + j
          if x == -.infinity || y == -.infinity { continue }
          if x == .infinity { cdf[k] = phiB[j]; continue }
          if y == .infinity { cdf[k] = phiA[i]; continue }
          cdf[k] = f.cdf(x, y, phiH: phiA[i], phiK: phiB[j])
          if derivatives {
            let d = BivariateNormal.density(x, y, rho: rho)
            pdf[k] = d
            dpdf[k] = d * (rho / s + (x * y * s - rho * (x * x - 2 * rho * x * y + y * y)) / (s * s))
          }
        }
      }
      var value = 0.0, score = 0.0, hessian = 0.0
      for i in 0..<rows {
        for j in 0..<columns {
          let nij = table[i * columns + j]
          guard nij != 0 else { continue }
          let k00 = i * w + j, k01 = k00 + 1, k10 = k00 + w, k11 = k10 + 1
          let p = cdf[k11] - cdf[k01] - cdf[k10] + cdf[k00]
          // An observed cell the model makes (numerically) impossible.
          guard p > 1e-300 else { return (-.infinity, .nan, .nan) }
          if wantValue { value += nij * log(p) }
          if derivatives {
            let d1 = (pdf[k11] - pdf[k01] - pdf[k10] + pdf[k00]) / p
            let d2 = (dpdf[k11] - dpdf[k01] - dpdf[k10] + dpdf[k00]) / p
            score += nij * d1
            hessian += nij * (d2 - d1 * d1)
          }
        }
      }
      return (value, score, hessian)
    }

    /// The start: the covariance of the row and column indices over the table
    /// divided by Σᵢφ(aᵢ)·Σⱼφ(bⱼ) — the first term of the tetrachoric series,
    /// cov = ρ·Σφ(aᵢ)Σφ(bⱼ) + O(ρ²) (Olsson 1979's ad hoc estimate for two
    /// ordered variables); Pearson's r of the indices where a margin has no spread.
    func start() -> Double {
      var n = 0.0, sx = 0.0, sy = 0.0, sxx = 0.0, syy = 0.0, sxy = 0.0
      for i in 0..<rows {
        for j in 0..<columns {
          let w = table[i * columns + j], x = Double(i), y = Double(j)
          n += w; sx += w * x; sy += w * y; sxx += w * x * x; syy += w * y * y; sxy += w * x * y
        }
      }
      let cov = sxy - sx * sy / n, vx = sxx - sx * sx / n, vy = syy - sy * sy / n
      guard vx > 0 && vy > 0 else { return 0 }
      let heightsA = OrdinalVariable.thresholdHeights(a), heightsB = OrdinalVariable.thresholdHeights(b)
      guard heightsA > 0, heightsB > 0 else { return cov / (vx * vy).squareRoot() }
      return cov / n / (heightsA * heightsB)
    }

    /// The maximiser in [−bound, bound]: Newton steps from the ad hoc estimate kept inside
    /// a bracket of the score's sign change, bisection where Newton leaves it.
    /// A point where an observed cell has (numerically) zero probability lies
    /// beyond the maximum, on its side of 0.
    func maximise() -> Double {
      let bound = PolychoricPair.bound
      var lo = -bound, hi = bound
      var rho = max(-0.9, min(0.9, start()))
      for _ in 0..<200 {
        let e = evaluate(rho, value: false)
        var next: Double
        if !e.value.isFinite || !e.score.isFinite || !e.hessian.isFinite {
          if rho > 0 { hi = rho } else { lo = rho }
          next = (lo + hi) / 2
        } else {
          if e.score == 0 { return rho }
          if e.score > 0 { lo = rho } else { hi = rho }
          next = e.hessian < 0 ? rho - e.score / e.hessian : .nan
          // Newton converges quadratically: after a step of 1e-9 the error is about 1e-18.
          // (Tested before the bracket: a step below rounding does not move ρ off the end just set.)
          if abs(next - rho) <= 1e-9 { return max(-bound, min(bound, next)) }
          if !(next > lo && next < hi) { next = (lo + hi) / 2 }
        }
        if hi - lo <= 4 * Double.ulpOfOne { return abs(next) > bound - 1e-12 ? (next > 0 ? bound : -bound) : next }
        rho = next
      }
      return rho
    }
  }
}
