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

// With ordered indicators (WLSMV, ULSMV), lavTestLRT's default is the
// scaled-shifted difference test of Satorra (2000) (method = "satorra.2000",
// A.method = "delta"; lavaan's lav_test_diff_Satorra2000 and lav_test_diff_A):
//   H = Δ₁⁺Δ₀ (how the restricted model's parameters move the free model's),
//   A = the orthogonal complement of H's columns (rows: the m restrictions),
//   M = E₁⁻¹Aᵀ(AE₁⁻¹Aᵀ)⁻¹AE₁⁻¹,  K = Σ_g f_g Δ₁ᵀW_gΓ_gW_gΔ₁  (OrdinalStatistics.h),
//   a = √(m / tr((MK)²)),  b = m − a·tr(MK),  Δχ² = a(T₀ − T₁) + b on m df,
// T the models' standard statistics and E₁, Δ₀, Δ₁ at each model's estimates
// (Satorra 2000, "Scaled and adjusted restricted tests in multi-sample
// analysis of moment structures"; Asparouhov & Muthén 2006).
extension DifferenceTest {
  init(chisq: Double, df: Double) {
    self.chisq = chisq
    self.df = df
    pvalue = df > 0 ? ChiSquare(df: df).cdf(max(chisq, 0), upperTail: true) : .nan
  }

  static func satorra2000(restricted m0: FittedModel, free m1: FittedModel) -> DifferenceTest {
    let s1 = OrdinalStatistics(m1), s0 = OrdinalStatistics(m0)
    let m = Double(m0.df - m1.df)
    let t = s0.chisq - s1.chisq
    guard m > 0 else { return DifferenceTest(chisq: t, df: m) }
    let d1 = s1.delta, d0 = s0.delta
    guard let h = try? Cholesky(d1.times(d1, transposeSelf: true)).solve(d1.times(d0, transposeSelf: true)),
          let eigen = try? SymmetricEigen(h * h.transposed) else { return DifferenceTest(chisq: .nan, df: m) }
    // The eigenvectors of HHᵀ with (numerically) zero eigenvalues span the complement.
    let k1 = h.rows, tol = max(eigen.values.first ?? 0, 1) * 1e-10
    let null = (0..<k1).filter { eigen.values[$0] < tol }
    var a = Matrix(rows: null.count, columns: k1)
    for (r, c) in null.enumerated() { for j in 0..<k1 { a[r, j] = eigen.vectors[j, c] } }
    let ae = a * s1.eInverse
    guard let middle = try? Cholesky(ae.times(a, transposeOther: true)).inverse else { return DifferenceTest(chisq: .nan, df: m) }
    let mk = ae.times(middle * ae, transposeSelf: true) * s1.h
    var tr = 0.0, tr2 = 0.0
    for i in 0..<k1 {
      tr += mk[i, i]
      for j in 0..<k1 { tr2 += mk[i, j] * mk[j, i] }
    }
    let scale = (m / tr2).squareRoot()
    return DifferenceTest(chisq: scale * t + (m - scale * tr), df: m)
  }
}
