import Foundation

// Φ(x), 1 − Φ(x) and φ(x) together from one exponential, for the inner loops
// of the ordinal likelihoods, which need all three at every threshold of
// every case (W. J. Cody 1969, "Rational Chebyshev approximations for the
// error function", Math. Comp. 23, 631–637; the coefficients of Cody 1993,
// ACM TOMS 715, as R's pnorm_both uses them):
//
//   |x| ≤ 0.67448975:  Φ(x) = ½ + x·A(x²)/B(x²)                (A, B degree 4)
//   0.674… < |x| ≤ √32: Φ(−|x|) = e^(−x²/2) · C(|x|)/D(|x|)     (C, D degree 8)
//   |x| > √32:          Φ(−|x|) = e^(−x²/2)/|x| · [1/√(2π) − x⁻²·P(x⁻²)/Q(x⁻²)]
//   φ(x) = e^(−x²/2)/√(2π)
//
// The one exponential serves both the tail and the density. R splits x² into
// a part exact in 1/16ths and a remainder and takes two exponentials to keep
// the last bits of e^(−x²/2); here the rounding of x² is corrected instead
// (x² = h + l exactly with l = fma(x, x, −h), e^(−(h+l)/2) = e^(−h/2)(1 − l/2)),
// which costs one exponential and agrees with R's pnorm and dnorm within
// 1.1e-15 relative over ±38 (DistributionsTests.normalTailsAgreeWithR). The
// erfc route of `fastCDF` plus `fastDensity` takes three exponentials for the
// same three numbers.

extension Normal {
  /// Φ(x), 1 − Φ(x) (each to full relative precision, the small one not by
  /// subtraction) and φ(x).
  @inlinable public static func tails(_ x: Double) -> (lower: Double, upper: Double, density: Double) {
    let y = Swift.abs(x)
    if y <= 0.67448975 {
      let s = x * x
      var num = 0.065682337918207449113 * s, den = s
      num = (num + 2.2352520354606839287) * s; den = (den + 47.20258190468824187) * s
      num = (num + 161.02823106855587881) * s; den = (den + 976.09855173777669322) * s
      num = (num + 1067.6894854603709582) * s; den = (den + 10260.932208618978205) * s
      let t = x * (num + 18154.981253343561249) / (den + 45507.789335026729956)
      return (0.5 + t, 0.5 - t, 0.39894228040143267794 * exp(-0.5 * s))
    }
    let h = y * y
    let e = exponential(y, h)
    var small: Double
    if y <= 5.6568542494923801952 {
      var num = 1.0765576773720192317e-8 * y, den = y
      num = (num + 0.39894151208813466764) * y; den = (den + 22.266688044328115691) * y
      num = (num + 8.8831497943883759412) * y; den = (den + 235.38790178262499861) * y
      num = (num + 93.506656132177855979) * y; den = (den + 1519.377599407554805) * y
      num = (num + 597.27027639480026226) * y; den = (den + 6485.558298266760755) * y
      num = (num + 2494.5375852903726711) * y; den = (den + 18615.571640885098091) * y
      num = (num + 6848.1904505362823326) * y; den = (den + 34900.952721145977266) * y
      num = (num + 11602.651437647350124) * y; den = (den + 38912.003286093271411) * y
      small = e * (num + 9842.7148383839780218) / (den + 19685.429676859990727)
    } else {
      let s = 1 / h
      var num = 0.02307344176494017303 * s, den = s
      num = (num + 0.21589853405795699) * s; den = (den + 1.28426009614491121) * s
      num = (num + 0.1274011611602473639) * s; den = (den + 0.468238212480865118) * s
      num = (num + 0.022235277870649807) * s; den = (den + 0.0659881378689285515) * s
      num = (num + 0.001421619193227893466) * s; den = (den + 0.00378239633202758244) * s
      let t = s * (num + 2.9112874951168792e-5) / (den + 7.29751555083966205e-5)
      small = e * (0.39894228040143267794 - t) / y
    }
    let density = 0.39894228040143267794 * e
    return x > 0 ? (1 - small, small, density) : (small, 1 - small, density)
  }

  /// e^(−y²/2) with the rounding of y² = h taken into account.
  @usableFromInline @inline(__always) static func exponential(_ y: Double, _ h: Double) -> Double {
    let l = (-h).addingProduct(y, y)  // y·y − h exactly
    return exp(-0.5 * h) * (1 - 0.5 * l)
  }
}
