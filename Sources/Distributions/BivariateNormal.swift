import Foundation

// The standard bivariate normal distribution with correlation ρ.
//
//   φ₂(x, y; ρ) = exp(−(x² − 2ρxy + y²) / (2(1 − ρ²))) / (2π √(1 − ρ²))
//   Φ₂(h, k; ρ) = P(X ≤ h, Y ≤ k) = L(−h, −k; ρ),  L(h, k; ρ) = P(X > h, Y > k)
//
// L by Genz's method (A. Genz, "Numerical computation of rectangular bivariate
// and trivariate normal and t probabilities", Statistics and Computing 14
// (2004) 251–260; the algorithm of Drezner & Wesolowsky 1990 refined), the
// one R's pbivnorm and mvtnorm use and so lavaan's polychorics:
//   |ρ| < 0.925:  L = Φ(−h)Φ(−k) + (1/2π) ∫₀^{asin ρ} exp(−(h² + k² − 2hk sin θ) / (2cos² θ)) dθ
//                 by Gauss–Legendre with 6, 12 or 20 points (|ρ| < 0.3, < 0.75, else);
//   |ρ| ≥ 0.925:  Owen's reduction to the singular case ρ = ±1 plus an
//                 integral of the remainder, whose integrand is smooth after the
//                 substitution x = √(1 − ρ²)·(1 ± t)/2 and a Taylor term removed.
// Absolute error below 1e-15 (Genz 2004, Table 1).
//   ∂Φ₂/∂ρ = φ₂ (Plackett's identity), used for the polychoric score.

public enum BivariateNormal {
  /// Φ₂(h, k; ρ) = P(X ≤ h, Y ≤ k); ±∞ allowed.
  public static func cdf(_ h: Double, _ k: Double, rho: Double) -> Double {
    upper(-h, -k, rho: rho)
  }

  /// P(a₁ < X ≤ b₁, a₂ < Y ≤ b₂).
  public static func rectangle(x a1: Double, _ b1: Double, y a2: Double, _ b2: Double, rho: Double) -> Double {
    cdf(b1, b2, rho: rho) - cdf(a1, b2, rho: rho) - cdf(b1, a2, rho: rho) + cdf(a1, a2, rho: rho)
  }

  /// φ₂(x, y; ρ); 0 when either argument is infinite.
  @inlinable
  public static func density(_ x: Double, _ y: Double, rho: Double) -> Double {
    guard x.isFinite, y.isFinite else { return 0 }
    let s = 1 - rho * rho
    return exp(-(x * x - 2 * rho * x * y + y * y) / (2 * s)) / (2 * Double.pi * s.squareRoot())
  }

  /// L(h, k; ρ) = P(X > h, Y > k).
  public static func upper(_ h: Double, _ k: Double, rho r: Double) -> Double {
    if h == .infinity || k == .infinity { return 0 }
    if h == -.infinity { return k == -.infinity ? 1 : phi(-k) }
    if k == -.infinity { return phi(-h) }
    if r == 0 { return phi(-h) * phi(-k) }
    if r >= 1 { return phi(-max(h, k)) }
    if r <= -1 { return h < -k ? phi(-k) - phi(h) : 0 }
    let rule = abs(r) < 0.3 ? GaussLegendre.six : abs(r) < 0.75 ? GaussLegendre.twelve : GaussLegendre.twenty
    let twoPi = 2 * Double.pi
    var hk = h * k
    var bvn = 0.0
    if abs(r) < 0.925 {
      let hs = (h * h + k * k) / 2
      let asr = asin(r) / 2
      for i in rule.nodes.indices {
        let x = rule.nodes[i], w = rule.weights[i]
        let s1 = sin(asr * (1 - x)), s2 = sin(asr * (1 + x))
        bvn += w * (exp((s1 * hk - hs) / (1 - s1 * s1)) + exp((s2 * hk - hs) / (1 - s2 * s2)))
      }
      return min(1, max(0, bvn * asr / twoPi + phi(-h) * phi(-k)))
    }
    var k = k
    if r < 0 { k = -k; hk = -hk }
    let as2 = (1 - r) * (1 + r)
    var a = as2.squareRoot()
    let bs = (h - k) * (h - k)
    let c = (4 - hk) / 8, d = (12 - hk) / 80
    let e = -(bs / as2 + hk) / 2
    if e > -100 { bvn = a * exp(e) * (1 - c * (bs - as2) * (1 - d * bs) / 3 + c * d * as2 * as2) }
    if hk > -100 {
      let b = bs.squareRoot()
      bvn -= exp(-hk / 2) * twoPi.squareRoot() * phi(-b / a) * b * (1 - c * bs * (1 - d * bs) / 3)
    }
    a /= 2
    var sum = 0.0
    for i in 0..<(2 * rule.nodes.count) {
      let x = rule.nodes[i >> 1], w = rule.weights[i >> 1]
      let t = i & 1 == 0 ? 1 - x : 1 + x
      do {
        let xs = (a * t) * (a * t)
        let asr = -(bs / xs + hk) / 2
        guard asr > -100 else { continue }
        let sp = 1 + c * xs * (1 + 5 * d * xs)
        let rs = (1 - xs).squareRoot()
        let ep = exp(-(hk / 2) * xs / ((1 + rs) * (1 + rs))) / rs
        sum += w * exp(asr) * (sp - ep)
      }
    }
    bvn = (a * sum - bvn) / twoPi
    if r > 0 {
      bvn += phi(-max(h, k))
    } else if h >= k {
      bvn = -bvn
    } else {
      let l = h < 0 ? phi(k) - phi(h) : phi(-h) - phi(-k)
      bvn = l - bvn
    }
    return min(1, max(0, bvn))
  }

  @inline(__always)
  static func phi(_ z: Double) -> Double { Normal.cdf(z) }
}

extension BivariateNormal {
  /// Φ₂(·, ·; ρ) at many points for one ρ (a polychoric likelihood's grid of
  /// thresholds): for |ρ| < 0.925 the sines of the quadrature angles are the
  /// same for every point and are computed once.
  public struct Fixed: Sendable {
    public let rho: Double
    /// (sin θᵢ, 1/(1 − sin²θᵢ), wᵢ) for each node, in one buffer: a
    /// likelihood makes one per evaluation, and separate arrays cost three
    /// allocations where the sines cost less.
    let nodes: [Double]
    let scale: Double

    public init(rho: Double) {
      self.rho = rho
      if abs(rho) < 0.925, rho != 0 {
        let rule = abs(rho) < 0.3 ? GaussLegendre.six : abs(rho) < 0.75 ? GaussLegendre.twelve : GaussLegendre.twenty
        let asr = asin(rho) / 2
        let m = 2 * rule.nodes.count
        nodes = [Double](unsafeUninitializedCapacity: 3 * m) { buffer, count in
          for i in 0..<m {
            let sine = sin(asr * (i & 1 == 0 ? 1 - rule.nodes[i >> 1] : 1 + rule.nodes[i >> 1]))
            buffer[3 * i] = sine
            buffer[3 * i + 1] = 1 / (1 - sine * sine)
            buffer[3 * i + 2] = rule.weights[i >> 1]
          }
          count = 3 * m
        }
        scale = asr / (2 * Double.pi)
      } else {
        nodes = []; scale = 0
      }
    }

    /// Φ₂(h, k; ρ) with marginal Φ(h), Φ(k) supplied (they are shared by a whole row or column of a grid).
    @inline(__always)
    public func cdf(_ h: Double, _ k: Double, phiH: Double, phiK: Double) -> Double {
      guard !nodes.isEmpty, h.isFinite, k.isFinite else { return BivariateNormal.cdf(h, k, rho: rho) }
      // L(−h, −k): hk = h·k, hs = (h² + k²)/2.
      let hk = h * k, hs = (h * h + k * k) / 2
      let sum = nodes.withUnsafeBufferPointer { pn in
        var t = 0.0
        var i = 0
        while i < pn.count { t += pn[i + 2] * exp((pn[i] * hk - hs) * pn[i + 1]); i += 3 }
        return t
      }
      return min(1, max(0, sum * scale + phiH * phiK))
    }
  }
}

/// Gauss–Legendre rules on [−1, 1], the nonnegative half of the nodes
/// (the rules are symmetric), computed once by Newton's method on Pₙ.
enum GaussLegendre {
  struct Rule: Sendable { let nodes: [Double]; let weights: [Double] }
  static let six = rule(6), twelve = rule(12), twenty = rule(20)

  static func rule(_ n: Int) -> Rule {
    var nodes: [Double] = [], weights: [Double] = []
    for i in 0..<(n / 2) {
      var x = cos(Double.pi * (Double(i) + 0.75) / (Double(n) + 0.5))
      var dp = 0.0
      for _ in 0..<100 {
        var p0 = 1.0, p1 = x
        for j in 2...n { let p2 = ((2 * Double(j) - 1) * x * p1 - Double(j - 1) * p0) / Double(j); p0 = p1; p1 = p2 }
        dp = Double(n) * (x * p1 - p0) / (x * x - 1)
        let step = p1 / dp
        x -= step
        if abs(step) < 1e-17 { break }
      }
      var p0 = 1.0, p1 = x
      for j in 2...n { let p2 = ((2 * Double(j) - 1) * x * p1 - Double(j - 1) * p0) / Double(j); p0 = p1; p1 = p2 }
      dp = Double(n) * (x * p1 - p0) / (x * x - 1)
      nodes.append(x)
      weights.append(2 / ((1 - x * x) * dp * dp))
    }
    return Rule(nodes: nodes, weights: weights)
  }
}
