import Distributions
import LinearAlgebra
import Survey

// Cronbach's α and the item statistics of psych::alpha (Revelle, psych 2.2.9),
// from the covariance matrix C (divisor N − 1) and R = cov2cor(C) of k items:
//   raw α       = k/(k − 1) · (1 − tr C / ΣC)                   (Cronbach 1951)
//   std. α      = k/(k − 1) · (1 − k / ΣR)
//   Guttman λ6  = 1 − Σ(1 − smcᵢ) / ΣR,  smcᵢ = 1 − 1/(R⁻¹)ᵢᵢ    (Guttman 1945)
//   average r   = (ΣR − k) / (k(k − 1));  S/N = k·r̄/(1 − r̄)
//   ase         = √(Q/N),  Q = 2k²/((k − 1)²(ΣC)³) · [ΣC(tr C² + (tr C)²) − 2 tr C · Σ(C²)]
//                 (Duhachek & Iacobucci 2004); Duhachek interval α ± z·ase
//   Feldt interval: 1 − (1 − α)·F_{1−p/2 | p/2}(N − 1, (N − 1)(k − 1))   (Feldt, Woodruff & Salih 1987)
// Item statistics (psych's names; SPSS's Item-Total Statistics alongside):
//   raw.r  = cor(item, total) = Σⱼ Cᵢⱼ / √(Cᵢᵢ ΣC)      (total: the item mean, as psych)
//   std.r  = Σⱼ Rᵢⱼ / √ΣR;   r.cor = the same with smc on R's diagonal
//   r.drop = cor(item, sum of the other items) = (Σⱼ Cᵢⱼ − Cᵢᵢ) / √(Cᵢᵢ · Σ C₋ᵢ)   (SPSS: CITC)
//   α if deleted = raw α of the other k − 1 items (for k = 2: C₁₂/C_other,other, as psych)
//   scale mean / variance if deleted = Σⱼ≠ᵢ meanⱼ and Σ C₋ᵢ   (SPSS)
// Listwise complete cases throughout (psych's default is pairwise covariances;
// the two agree when no item is missing).

/// psych::alpha's totals for one set of items.
public struct AlphaCoefficients: Sendable, Codable, Equatable {
  public var raw: Double
  public var standardized: Double
  public var g6: Double
  public var averageR: Double
  public var signalNoise: Double
  public var medianR: Double
  /// Q of Duhachek & Iacobucci; ase = √(Q/N).
  var q: Double

  /// α from C and R (both k × k, k ≥ 2).
  static func of(_ c: Matrix, _ r: Matrix) -> AlphaCoefficients {
    let k = Double(c.rows)
    var sumC = 0.0, trC = 0.0, sumR = 0.0, trCC = 0.0, sumCC = 0.0
    var off: [Double] = []
    for j in 0..<c.rows {
      for i in 0..<c.rows {
        sumC += c[i, j]
        sumR += r[i, j]
        trCC += c[i, j] * c[j, i]
        if i > j { off.append(r[i, j]) }
      }
      trC += c[j, j]
    }
    // Σ(C·C), the sum of the elements of C², is Σᵢ(row sum ᵢ)² for symmetric C.
    var rowSums = [Double](repeating: 0, count: c.rows)
    for j in 0..<c.rows { for i in 0..<c.rows { rowSums[i] += c[i, j] } }
    sumCC = rowSums.reduce(0) { $0 + $1 * $1 }
    let smc = squaredMultipleCorrelations(r)
    let averageR = (sumR - k) / (k * (k - 1))
    let q = (2 * k * k / ((k - 1) * (k - 1) * sumC * sumC * sumC)) * (sumC * (trCC + trC * trC) - 2 * trC * sumCC)
    return AlphaCoefficients(
      raw: (1 - trC / sumC) * k / (k - 1),
      standardized: (1 - k / sumR) * k / (k - 1),
      g6: 1 - (k - smc.reduce(0, +)) / sumR,
      averageR: averageR,
      signalNoise: k * averageR / (1 - averageR),
      medianR: sortedMedian(off.sorted()),
      q: q)
  }
}

public struct ItemStatistic: Sendable, Codable, Equatable {
  public var item: String
  public var mean: Double
  public var sd: Double
  /// Corrected item-total correlation (psych's r.drop).
  public var citc: Double
  public var alphaIfDeleted: Double
  public var standardizedAlphaIfDeleted: Double
  public var smc: Double
  public var scaleMeanIfDeleted: Double
  public var scaleVarianceIfDeleted: Double
  public var rawR: Double
  public var stdR: Double
  public var rCor: Double

  enum CodingKeys: String, CodingKey {
    case item, mean, sd, citc, smc
    case alphaIfDeleted = "alpha_if_deleted"
    case standardizedAlphaIfDeleted = "alpha_std_if_deleted"
    case scaleMeanIfDeleted = "scale_mean_if_deleted"
    case scaleVarianceIfDeleted = "scale_variance_if_deleted"
    case rawR = "raw_r", stdR = "std_r", rCor = "r_cor"
  }
}

/// The reliability of one scale, as `clusterstat reliability` reports it.
public struct ScaleReliability: Sendable, Codable, Equatable {
  public var name: String
  public var items: [String]
  public var n: Int
  public var alpha: Double
  public var alphaStd: Double
  public var g6: Double
  public var averageR: Double
  public var medianR: Double
  public var signalNoise: Double
  public var ase: Double
  public var ciLevel: Double
  /// Feldt's interval (psych's alpha.ci, printed as "Feldt").
  public var alphaCILower: Double
  public var alphaCIUpper: Double
  /// Duhachek's interval α ± z·ase (psych prints it as "Duhachek").
  public var duhachekLower: Double
  public var duhachekUpper: Double
  /// McDonald's ω total from a one-factor model (nil when it could not be fitted).
  public var omegaTotal: Double?
  public var scaleMean: Double
  public var scaleVariance: Double
  public var itemStats: [ItemStatistic]

  enum CodingKeys: String, CodingKey {
    case name, items, n, alpha, g6, ase
    case alphaStd = "alpha_std", averageR = "average_r", medianR = "median_r", signalNoise = "signal_noise"
    case ciLevel = "ci_level"
    case alphaCILower = "alpha_ci_lower", alphaCIUpper = "alpha_ci_upper"
    case duhachekLower = "duhachek_ci_lower", duhachekUpper = "duhachek_ci_upper"
    case omegaTotal = "omega_total", scaleMean = "scale_mean", scaleVariance = "scale_variance"
    case itemStats = "item_stats"
  }
}

public enum Reliability {
  /// psych::alpha on the items' complete cases; ω from `Omega.total` when asked.
  public static func alpha(_ s: ItemSample, name: String, ciLevel: Double = 0.95, omega: Bool = true) throws -> ScaleReliability {
    let k = s.p
    precondition(k >= 2, "alpha needs two items")
    let c = s.covariance
    let r = s.correlation
    try s.requireNonsingular(r, purpose: "reliability")
    let total = AlphaCoefficients.of(c, r)
    let nd = Double(s.n), kd = Double(k)
    let pval = 1 - ciLevel
    let f = FisherF(df1: nd - 1, df2: (nd - 1) * (kd - 1))
    let ase = (total.q / nd).squareRoot()
    let z = Normal.quantile(1 - pval / 2)

    var sumC = 0.0, colSums = [Double](repeating: 0, count: k), sumR = 0.0, colSumsR = [Double](repeating: 0, count: k)
    for j in 0..<k { for i in 0..<k { sumC += c[i, j]; colSums[j] += c[i, j]; sumR += r[i, j]; colSumsR[j] += r[i, j] } }
    let smc = squaredMultipleCorrelations(r)
    var sumRC = sumR
    for i in 0..<k { sumRC += smc[i] - 1 }
    var colSumsRC = colSumsR
    for i in 0..<k { colSumsRC[i] += smc[i] - 1 }
    let sd = s.standardDeviations
    let meanSum = s.means.reduce(0, +)

    var stats: [ItemStatistic] = []
    for i in 0..<k {
      let others = (0..<k).filter { $0 != i }
      let cDrop = c.submatrix(others), rDrop = r.submatrix(others)
      let vDrop = cDrop.elements.reduce(0, +)
      let dropped: (Double, Double)
      if k > 2 {
        let a = AlphaCoefficients.of(cDrop, rDrop)
        dropped = (a.raw, a.standardized)
      } else {
        // psych's convention for two items: the regression slope and r.
        dropped = (c[0, 1] / c[others[0], others[0]], r[0, 1])
      }
      stats.append(ItemStatistic(
        item: s.names[i], mean: s.means[i], sd: sd[i],
        citc: (colSums[i] - c[i, i]) / (c[i, i] * vDrop).squareRoot(),
        alphaIfDeleted: dropped.0, standardizedAlphaIfDeleted: dropped.1, smc: smc[i],
        scaleMeanIfDeleted: meanSum - s.means[i], scaleVarianceIfDeleted: vDrop,
        rawR: colSums[i] / (c[i, i] * sumC).squareRoot(),
        stdR: colSumsR[i] / sumR.squareRoot(),
        rCor: colSumsRC[i] / sumRC.squareRoot()))
    }
    let omegaTotal = omega ? try? Omega.total(s) : nil
    return ScaleReliability(
      name: name, items: s.names, n: s.n,
      alpha: total.raw, alphaStd: total.standardized, g6: total.g6, averageR: total.averageR, medianR: total.medianR,
      signalNoise: total.signalNoise, ase: ase, ciLevel: ciLevel,
      alphaCILower: 1 - (1 - total.raw) * f.quantile(1 - pval / 2),
      alphaCIUpper: 1 - (1 - total.raw) * f.quantile(pval / 2),
      duhachekLower: total.raw - z * ase, duhachekUpper: total.raw + z * ase,
      omegaTotal: omegaTotal ?? nil,
      scaleMean: meanSum, scaleVariance: sumC, itemStats: stats)
  }
}

/// smcᵢ = 1 − 1/(R⁻¹)ᵢᵢ (psych::smc for a nonsingular correlation matrix).
public func squaredMultipleCorrelations(_ r: Matrix) -> [Double] {
  guard let inv = try? Cholesky(r).inverse else { return Array(repeating: .nan, count: r.rows) }
  return (0..<r.rows).map { 1 - 1 / inv[$0, $0] }
}
