import Survey

// Liu Sifeng's degrees of grey incidence (刘思峰《灰色系统理论及其应用》; Liu &
// Lin, Grey Information, Springer 2006, ch. 5), for series over equally spaced
// points k = 1…n (their order matters).
// Zero-starting-point image: x⁰(k) = x(k) − x(1). With
//   s  = Σ_{k=2}^{n−1} x⁰(k) + ½ x⁰(n)   for each series, and
//   sᵢ − s₀ = Σ_{k=2}^{n−1} (xᵢ⁰(k) − x₀⁰(k)) + ½ (xᵢ⁰(n) − x₀⁰(n)),
// the absolute degree is
//   ε₀ᵢ = (1 + |s₀| + |sᵢ|) / (1 + |s₀| + |sᵢ| + |sᵢ − s₀|).
// The relative degree r₀ᵢ is the same formula on the initial-value images
// x(k)/x(1) (so it needs x(1) ≠ 0), and the synthetic degree is
//   ρ₀ᵢ = θ·ε₀ᵢ + (1 − θ)·r₀ᵢ,  θ ∈ [0, 1], 0.5 by default.

public enum LiuDegree: String, Sendable, Codable, CaseIterable {
  case absolute, relative, synthetic
}

public enum LiuIncidence {
  /// s of a zero-starting-point image.
  static func s(_ x: [Double]) -> Double {
    let n = x.count
    guard n >= 2 else { return 0 }
    var t = 0.0
    if n > 2 { for k in 1..<(n - 1) { t += x[k] - x[0] } }
    return t + 0.5 * (x[n - 1] - x[0])
  }

  /// ε₀ᵢ from two series (images taken here).
  public static func absolute(_ x0: [Double], _ xi: [Double]) -> Double {
    let s0 = s(x0), si = s(xi)
    let diff = s(zip(xi, x0).map { $0 - $1 })
    return (1 + abs(s0) + abs(si)) / (1 + abs(s0) + abs(si) + abs(diff))
  }

  public static func relative(_ x0: [Double], _ xi: [Double], names: (String, String), source: String? = nil) throws(InputError) -> Double {
    for (x, name) in [(x0, names.0), (xi, names.1)] where x.first == 0 {
      throw InputError(file: source, column: name, "starts with 0: the relative degree uses initial-value images x(k)/x(1)")
    }
    return absolute(x0.map { $0 / x0[0] }, xi.map { $0 / xi[0] })
  }

  public static func degree(_ kind: LiuDegree, theta: Double = 0.5, _ x0: [Double], _ xi: [Double], names: (String, String),
                            source: String? = nil) throws(InputError) -> Double {
    guard theta >= 0, theta <= 1 else { throw InputError("θ must lie in [0, 1]; got \(theta)") }
    guard x0.count >= 2 else { throw InputError(file: source, "Liu's degrees need series of at least two points") }
    switch kind {
    case .absolute: return absolute(x0, xi)
    case .relative: return try relative(x0, xi, names: names, source: source)
    case .synthetic: return theta * absolute(x0, xi) + (1 - theta) * (try relative(x0, xi, names: names, source: source))
    }
  }
}
