import Distributions
import LinearAlgebra
import Survey

// Sampling adequacy of a correlation matrix R (p items, N cases):
//   Kaiser–Meyer–Olkin (Kaiser 1970; Kaiser & Rice 1974), as psych::KMO:
//     Q = anti-image correlations, qᵢⱼ = (R⁻¹)ᵢⱼ / √((R⁻¹)ᵢᵢ(R⁻¹)ⱼⱼ), diagonals of R and Q set to 0;
//     MSA = Σr² / (Σr² + Σq²),   MSAᵢ = Σⱼ rᵢⱼ² / (Σⱼ rᵢⱼ² + Σⱼ qᵢⱼ²).
//   Bartlett's test of sphericity (Bartlett 1951), as psych::cortest.bartlett:
//     χ² = −ln|R| · (N − 1 − (2p + 5)/6),  df = p(p − 1)/2,
//     with psych's N for raw data: nrow(x) under pairwise deletion (its default).
// The eigenvalues of R are reported with them (the scree's numbers).

public struct Adequacy: Sendable, Codable, Equatable {
  public struct KMO: Sendable, Codable, Equatable {
    public var overall: Double
    /// Item → MSA, in item order.
    public var items: NamedValues
  }

  public struct Bartlett: Sendable, Codable, Equatable {
    public var chisq: Double
    public var df: Int
    public var pvalue: Double
  }

  public var n: Int
  public var use: MissingHandling
  /// Smallest and largest number of cases behind a correlation.
  public var pairwiseN: [Int]
  public var dropped: Int
  public var kmo: KMO
  public var bartlett: Bartlett
  /// Eigenvalues of R, largest first.
  public var eigenvalues: [Double]

  enum CodingKeys: String, CodingKey {
    case n, use, dropped, kmo, bartlett, eigenvalues
    case pairwiseN = "pairwise_n"
  }

  /// KMO and Bartlett for the items' correlation matrix.
  public static func compute(_ s: ItemSample, purpose: String = "KMO and Bartlett's test") throws -> Adequacy {
    let r = s.correlation
    try s.requireNonsingular(r, purpose: purpose)
    let chol = try Cholesky(r)
    let inv = chol.inverse
    let p = s.p
    var sumR2 = 0.0, sumQ2 = 0.0
    var colR2 = [Double](repeating: 0, count: p), colQ2 = colR2
    for j in 0..<p {
      for i in 0..<p where i != j {
        let q = inv[i, j] / (inv[i, i] * inv[j, j]).squareRoot()
        colR2[j] += r[i, j] * r[i, j]
        colQ2[j] += q * q
      }
      sumR2 += colR2[j]
      sumQ2 += colQ2[j]
    }
    let items = NamedValues(names: s.names, values: (0..<p).map { colR2[$0] / (colR2[$0] + colQ2[$0]) })
    let pd = Double(p)
    let chisq = -chol.logDeterminant * (Double(s.n) - 1 - (2 * pd + 5) / 6)
    let df = p * (p - 1) / 2
    return Adequacy(
      n: s.n, use: s.use, pairwiseN: [s.pairwiseRange.min, s.pairwiseRange.max], dropped: s.dropped,
      kmo: KMO(overall: sumR2 / (sumR2 + sumQ2), items: items),
      bartlett: Bartlett(chisq: chisq, df: df, pvalue: ChiSquare(df: Double(df)).cdf(chisq, upperTail: true)),
      eigenvalues: try SymmetricEigen(r, vectors: false).values)
  }
}

