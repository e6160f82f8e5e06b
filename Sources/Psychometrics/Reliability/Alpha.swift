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
// Missing values as the ItemSample was formed: pairwise (psych's default: C =
// cov(x, use = "pairwise"), R = cov2cor(C), item means and SDs over each item's
// answers, raw.r = cor(item, row mean of the answered items) over pairs,
// N = nrow(x) in ase and Feldt's interval) or listwise (complete rows).
// Reverse keys as psych's check.keys = TRUE: items loading negatively on the
// first principal component of R are reversed (x ← min + max − x, the range
// over all the items' values), or the items the user names.
// ω two ways: McDonald's ω from a one-factor CFA (semTools compRelSEM, signed
// loadings: mixed signs deflate it, and a warning says so) and psych::omega's
// ω_h / ω_t from a Schmid–Leiman solution (OmegaHierarchical.swift).

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
  /// Answers to the item (psych's n).
  public var n: Int
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
    case item, n, mean, sd, citc, smc
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
  /// McDonald's ω total from a one-factor CFA, semTools compRelSEM (nil when it could not be fitted).
  public var omegaTotal: Double?
  /// psych::omega: ω_h, ω_t and the Schmid–Leiman solution (nil for fewer than 3 items).
  public var omegaHierarchical: OmegaHierarchical?
  /// Missing values: pairwise (psych's default) or listwise.
  public var use: MissingHandling
  /// Smallest and largest number of cases behind a covariance.
  public var pairwiseN: [Int]
  /// Items reversed before the analysis (check.keys or named).
  public var reversed: [String]
  public var warnings: [Warning]
  public var scaleMean: Double
  public var scaleVariance: Double
  public var itemStats: [ItemStatistic]
  /// Pearson (the raw items) or polychoric (ordinal α and ω, Zumbo et al. 2007).
  public var correlation: CorrelationMethod = .pearson

  enum CodingKeys: String, CodingKey {
    case name, items, n, alpha, g6, ase
    case alphaStd = "alpha_std", averageR = "average_r", medianR = "median_r", signalNoise = "signal_noise"
    case ciLevel = "ci_level"
    case alphaCILower = "alpha_ci_lower", alphaCIUpper = "alpha_ci_upper"
    case duhachekLower = "duhachek_ci_lower", duhachekUpper = "duhachek_ci_upper"
    case omegaTotal = "omega_total", scaleMean = "scale_mean", scaleVariance = "scale_variance"
    case itemStats = "item_stats", omegaHierarchical = "omega_hierarchical", use, pairwiseN = "pairwise_n", reversed, warnings
    case correlation
  }
}

/// Which items to reverse before computing reliability.
public enum ReverseKeys: Sendable, Equatable {
  case none
  /// psych's check.keys = TRUE.
  case check
  /// These items (min + max − x).
  case items([String])
}

public enum Reliability {
  /// Keys (±1) from the first principal component of R, signed so its
  /// loadings sum positive (psych::principal(x, 1)).
  public static func principalKeys(_ r: Matrix) throws -> [Double] {
    let e = try SymmetricEigen(r)
    let v = (0..<r.rows).map { e.vectors[$0, 0] }
    let flip = v.reduce(0, +) < 0 ? -1.0 : 1.0
    return v.map { $0 * flip < 0 ? -1 : 1 }
  }

  /// psych::alpha (with check.keys or named reversed items); with `omegaTotal`
  /// (the one-factor CFA's ω, Validity's Omega.total) ω both ways.
  public static func alpha(_ sample: ItemSample, name: String, ciLevel: Double = 0.95,
                           omegaTotal omegaOf: ((ItemSample) throws -> Double)? = nil,
                           keys reverse: ReverseKeys = .none, omegaFactors: Int? = nil) throws -> ScaleReliability {
    let k = sample.p
    precondition(k >= 2, "alpha needs two items")
    var warnings: [Warning] = []
    let pcKeys = try principalKeys(sample.correlation)
    var keys = [Double](repeating: 1, count: k)
    switch reverse {
    case .none: break
    case .check: keys = pcKeys
    case .items(let names):
      for n in names {
        guard let i = sample.names.firstIndex(of: n) else {
          throw InputError(file: sample.source, column: n, "is to be reversed but is not among the items of '\(name)' (\(sample.names.joined(separator: ", ")))")
        }
        keys[i] = -1
      }
    }
    let s = sample.reversed(keys)
    let c = s.covariance
    let r = ItemSample.cov2cor(c)
    try s.requireNonsingular(s.correlation, purpose: "reliability")
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
    let rawR = totalCorrelations(s, colSums: colSums, sumC: sumC)

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
        item: s.names[i], n: s.pairCounts[i][i], mean: s.means[i], sd: sd[i],
        citc: (colSums[i] - c[i, i]) / (c[i, i] * vDrop).squareRoot(),
        alphaIfDeleted: dropped.0, standardizedAlphaIfDeleted: dropped.1, smc: smc[i],
        scaleMeanIfDeleted: meanSum - s.means[i], scaleVarianceIfDeleted: vDrop,
        rawR: rawR[i],
        stdR: colSumsR[i] / sumR.squareRoot(),
        rCor: colSumsRC[i] / sumRC.squareRoot()))
    }
    let reversedNames = (0..<k).filter { keys[$0] < 0 }.map { s.names[$0] }
    if reverse == .none {
      let suspects = (0..<k).filter { pcKeys[$0] < 0 || stats[$0].citc < 0 }.map { s.names[$0] }
      if !suspects.isEmpty {
        warnings.append(Warning(
          en: "\(suspects.joined(separator: ", ")) correlate\(suspects.count == 1 ? "s" : "") negatively with the rest of '\(name)': reverse-worded? try --check-keys or --reverse",
          zh: "\(suspects.joined(separator: "、")) 与 '\(name)' 的其余题项负相关：是否为反向题？可用 --check-keys（自动识别）或 --reverse 反向计分"))
      }
    }
    var omegaTotal: Double?
    var hierarchical: OmegaHierarchical?
    if let omegaOf, k >= 3 {
      omegaTotal = try? omegaOf(s)
      if omegaTotal != nil, let one = try? EFA.solution(s.correlation, factors: 1, method: .minres, rotation: .none, names: s.names) {
        let negative = (0..<k).filter { one.loadings[$0, 0] < 0 }.map { s.names[$0] }
        if !negative.isEmpty {
          warnings.append(Warning(
            en: "the one-factor loadings of '\(name)' have mixed signs (\(negative.joined(separator: ", ")) negative): ω (semTools, signed loadings) is deflated; psych's ω_t reverses those items; reverse them with --check-keys or --reverse",
            zh: "'\(name)' 的单因子载荷正负不一（\(negative.joined(separator: "、")) 为负）：ω（semTools，按载荷符号求和）因此偏低，psych 的 ω_t 已将这些题项反向；可用 --check-keys 或 --reverse 反向计分"))
        }
      }
      let factors = omegaFactors ?? OmegaHierarchical.defaultFactors(items: k)
      hierarchical = try? OmegaHierarchical.compute(s.correlation, factors: factors, names: s.names)
    }
    return ScaleReliability(
      name: name, items: s.names, n: s.n,
      alpha: total.raw, alphaStd: total.standardized, g6: total.g6, averageR: total.averageR, medianR: total.medianR,
      signalNoise: total.signalNoise, ase: ase, ciLevel: ciLevel,
      alphaCILower: 1 - (1 - total.raw) * f.quantile(1 - pval / 2),
      alphaCIUpper: 1 - (1 - total.raw) * f.quantile(pval / 2),
      duhachekLower: total.raw - z * ase, duhachekUpper: total.raw + z * ase,
      omegaTotal: omegaTotal, omegaHierarchical: hierarchical, use: s.use, pairwiseN: [s.pairwiseRange.min, s.pairwiseRange.max],
      reversed: reversedNames, warnings: warnings + s.warnings, scaleMean: meanSum, scaleVariance: sumC, itemStats: stats,
      correlation: s.correlationMethod)
  }

  /// psych's raw.r: cor(item, row mean of the answered items), over pairs;
  /// Σⱼ Cᵢⱼ / √(Cᵢᵢ ΣC) when only moments are known.
  static func totalCorrelations(_ s: ItemSample, colSums: [Double], sumC: Double) -> [Double] {
    let k = s.p
    guard !s.columns.isEmpty, s.correlationMethod == .pearson else {
      return (0..<k).map { colSums[$0] / (s.covariance[$0, $0] * sumC).squareRoot() }
    }
    let rows = s.columns[0].count
    var total = [Double](repeating: .nan, count: rows)
    for t in 0..<rows {
      var sum = 0.0, c = 0
      for j in 0..<k where !s.columns[j][t].isNaN { sum += s.columns[j][t]; c += 1 }
      if c > 0 { total[t] = sum / Double(c) }
    }
    return (0..<k).map { j in
      let pairs = (0..<rows).filter { !total[$0].isNaN && !s.columns[j][$0].isNaN }
      return CorrelationTable.pearson(pairs.map { total[$0] }, pairs.map { s.columns[j][$0] })
    }
  }
}

/// smcᵢ = 1 − 1/(R⁻¹)ᵢᵢ (psych::smc for a nonsingular correlation matrix).
public func squaredMultipleCorrelations(_ r: Matrix) -> [Double] {
  guard let inv = try? Cholesky(r).inverse else { return Array(repeating: .nan, count: r.rows) }
  return (0..<r.rows).map { 1 - 1 / inv[$0, $0] }
}
