import Distributions

// The χ² difference test of two nested models (lavaan's lavTestLRT):
//   Δχ² = χ²_k − χ²_{k−1} on Δdf = df_k − df_{k−1}, p = P(χ²_Δdf > Δχ²);
// with scaling factors (MLM, MLR) the scaled difference of Satorra & Bentler
// (2001), lavTestLRT's default there:
//   c_d = (df_k·c_k − df_{k−1}·c_{k−1})/(df_k − df_{k−1}),  Δχ² = (χ²_k − χ²_{k−1})/c_d.

public struct DifferenceTest: Sendable {
  public let chisq: Double
  public let df: Double
  public let pvalue: Double

  /// `restricted` has more constraints (more df) than `free`; c: their scaling factors, when robust.
  public init(restricted: (chisq: Double, df: Double, c: Double?), free: (chisq: Double, df: Double, c: Double?)) {
    let dd = restricted.df - free.df
    var dc = restricted.chisq - free.chisq
    if let c = restricted.c, let c0 = free.c, dd > 0 {
      dc /= (restricted.df * c - free.df * c0) / dd
    }
    chisq = dc
    df = dd
    pvalue = dd > 0 ? ChiSquare(df: dd).cdf(max(dc, 0), upperTail: true) : .nan
  }
}
