import Foundation
import Distributions
import LinearAlgebra
import Optimization
import Survey

// Exploratory factor analysis, end to end as psych::fa / psych::principal
// present it: extraction (Extraction.swift) → rotation (Rotation.swift) →
// columns made positive-sum → columns ordered by variance accounted for
//   SS loadings = diag(LᵀL), or diag(ΦLᵀL) for oblique rotations (psych)
// → item statistics: h² = diag(LΦLᵀ), u² = 1 − h², Hofmann's complexity
// (Σλ²)²/Σλ⁴; proportion of variance = SS/p, proportion explained = SS/ΣSS.
// The number of factors a model with p items identifies (df ≥ 0):
//   k ≤ ((2p + 1) − √(8p + 1)) / 2   (Ledermann 1937).

public struct EFAOptions: Sendable {
  public var method: ExtractionMethod = .minres
  public var rotation: RotationMethod = .oblimin
  /// nil: chosen by parallel analysis.
  public var factors: Int?
  public var parallelIterations = 20
  public var seed: UInt64 = 20180501
  /// Parallel analysis' threshold: this quantile of the simulated eigenvalues, or their mean (nil).
  public var parallelQuantile: Double? = 0.95
  public init(method: ExtractionMethod = .minres, rotation: RotationMethod = .oblimin, factors: Int? = nil) {
    self.method = method
    self.rotation = rotation
    self.factors = factors
  }
}

public struct EFAResult: Sendable, Codable {
  public struct ItemRow: Sendable, Codable, Equatable {
    public var item: String
    public var loadings: [Double]
    public var h2: Double
    public var u2: Double
    public var complexity: Double
  }

  public struct Variance: Sendable, Codable, Equatable {
    public var ssLoadings: [Double]
    public var proportion: [Double]
    public var cumulative: [Double]
    public var proportionExplained: [Double]
    enum CodingKeys: String, CodingKey {
      case proportion, cumulative
      case ssLoadings = "ss_loadings", proportionExplained = "proportion_explained"
    }
  }

  /// psych's fa.stats for the k-factor model (n = psych's n.obs).
  public struct ModelFit: Sendable, Codable, Equatable {
    public var objective: Double
    public var chisq: Double
    public var df: Int
    public var pvalue: Double?
    public var nullChisq: Double
    public var nullDf: Int
    public var tli: Double
    public var rmsea: Double?
    /// 90% interval (psych's alpha = 0.1), found by uniroot as psych finds it.
    public var rmseaLower: Double?
    public var rmseaUpper: Double?
    public var bic: Double?
    enum CodingKeys: String, CodingKey {
      case objective, chisq, df, pvalue, tli, rmsea, bic
      case nullChisq = "null_chisq", nullDf = "null_df", rmseaLower = "rmsea_lower", rmseaUpper = "rmsea_upper"
    }
  }

  public var method: ExtractionMethod
  public var rotation: RotationMethod
  public var n: Int
  public var dropped: Int
  /// Missing values: pairwise (psych's default; n = all rows) or listwise.
  public var use: MissingHandling
  /// Smallest and largest number of cases behind a correlation.
  public var pairwiseN: [Int]
  public var items: [String]
  public var factors: [String]
  public var eigenvalues: [Double]
  public var kmo: Adequacy.KMO
  public var bartlett: Adequacy.Bartlett
  public var loadings: [ItemRow]
  public var communalities: NamedValues
  public var uniquenesses: NamedValues
  public var variance: Variance
  public var phi: [[Double]]?
  public var fit: ModelFit?
  public var parallel: ParallelAnalysis?
  public var iterations: Int
  public var warnings: [Warning]
  /// The matrix factored: Pearson, or polychoric (psych's fa(cor = "poly")).
  public var correlation: CorrelationMethod = .pearson

  enum CodingKeys: String, CodingKey {
    case method, rotation, n, dropped, use, items, factors, eigenvalues, kmo, bartlett, loadings, communalities, uniquenesses
    case variance, phi, fit, parallel, iterations, warnings, correlation
    case pairwiseN = "pairwise_n"
  }

  /// Items ordered by their main factor, then by the size of that loading
  /// (psych's fa.sort; SPSS's "sorted by size").
  public var sortedRows: [ItemRow] {
    let main = loadings.map { row in row.loadings.indices.max { abs(row.loadings[$0]) < abs(row.loadings[$1]) } ?? 0 }
    return loadings.indices.sorted { a, b in
      if main[a] != main[b] { return main[a] < main[b] }
      return abs(loadings[a].loadings[main[a]]) > abs(loadings[b].loadings[main[b]])
    }.map { loadings[$0] }
  }
}

public enum EFA {
  /// Ledermann's bound: the most factors p items identify.
  public static func maximumFactors(items p: Int, method: ExtractionMethod) -> Int {
    if method == .pca { return p }
    let d = Double(p)
    return Int((((2 * d + 1) - (8 * d + 1).squareRoot()) / 2 + 1e-9).rounded(.down))
  }

  public static func run(_ s: ItemSample, options: EFAOptions) throws -> EFAResult {
    let r = s.correlation
    // Adequacy refuses a singular R (naming the collinear items) first.
    let adequacy = try Adequacy.compute(s, purpose: "factor analysis")
    let p = s.p
    var parallel: ParallelAnalysis?
    var warnings: [Warning] = s.warnings
    let k: Int
    if let f = options.factors {
      k = f
    } else {
      let pa = try ParallelAnalysis.run(r, n: s.n, iterations: options.parallelIterations, seed: options.seed,
                                        quantile: options.parallelQuantile)
      parallel = pa
      let suggested = options.method == .pca ? pa.suggestedComponents : pa.suggestedFactors
      if suggested < 1 {
        warnings.append(Warning(en: "parallel analysis suggests no factor (no observed eigenvalue above the simulated ones); one is extracted",
                                zh: "平行分析未建议任何因子（没有实际特征值高于模拟值）；提取 1 个"))
      }
      if s.correlationMethod == .polychoric {
        warnings.append(Warning(en: "parallel analysis compared the polychoric eigenvalues with those of simulated normal data of the same size",
                                zh: "平行分析以同样规模的模拟正态数据的特征值与多分格相关矩阵的特征值比较"))
      }
      if pa.failed > 0 {
        warnings.append(Warning(en: "parallel analysis left out \(pa.failed) of \(pa.iterations) simulated data sets whose one-factor fit failed",
                                zh: "平行分析的 \(pa.iterations) 个模拟数据集中有 \(pa.failed) 个单因子拟合失败，未计入"))
      }
      k = max(1, min(suggested, maximumFactors(items: p, method: options.method)))
    }
    let limit = maximumFactors(items: p, method: options.method)
    guard k >= 1, k <= limit else {
      throw InputError(file: s.source, "\(k) factors are more than \(p) items identify: at most \(limit) for \(options.method.rawValue) (degrees of freedom p(p − 1)/2 − pk + k(k − 1)/2 must not be negative)")
    }
    let solved = try solution(r, factors: k, method: options.method, rotation: options.rotation, names: s.names)
    warnings += solved.warnings
    let l = solved.loadings, phi = solved.phi, ssOrdered = solved.ss
    let model: Matrix = phi.map { l * $0 * l.transposed } ?? l.times(l, transposeOther: true)
    var rows: [EFAResult.ItemRow] = []
    for i in 0..<p {
      let rowL = (0..<k).map { l[i, $0] }
      let sq = rowL.reduce(0) { $0 + $1 * $1 }, quad = rowL.reduce(0) { $0 + $1 * $1 * $1 * $1 }
      rows.append(EFAResult.ItemRow(item: s.names[i], loadings: rowL, h2: model[i, i], u2: 1 - model[i, i], complexity: sq * sq / quad))
    }
    let total = ssOrdered.reduce(0, +)
    var cumulative: [Double] = []
    var run = 0.0
    for v in ssOrdered { run += v / Double(p); cumulative.append(run) }
    let variance = EFAResult.Variance(
      ssLoadings: ssOrdered, proportion: ssOrdered.map { $0 / Double(p) }, cumulative: cumulative,
      proportionExplained: ssOrdered.map { $0 / total })
    let prefix = "F"
    return EFAResult(
      method: options.method, rotation: k > 1 ? options.rotation : .none, n: s.n, dropped: s.dropped,
      use: s.use, pairwiseN: [s.pairwiseRange.min, s.pairwiseRange.max], items: s.names,
      factors: (1...k).map { "\(prefix)\($0)" },
      eigenvalues: adequacy.eigenvalues,
      kmo: adequacy.kmo, bartlett: adequacy.bartlett, loadings: rows,
      communalities: NamedValues(names: s.names, values: rows.map(\.h2)),
      uniquenesses: NamedValues(names: s.names, values: rows.map(\.u2)),
      variance: variance, phi: phi.map { m in (0..<k).map { i in (0..<k).map { m[i, $0] } } },
      fit: modelFit(r, model: model, n: s.n, k: k),
      parallel: parallel, iterations: solved.iterations, warnings: warnings, correlation: s.correlationMethod)
  }

  /// Extraction → rotation → columns made positive-sum → columns ordered by
  /// the variance they account for, as psych::fa returns its loadings.
  public static func solution(_ r: Matrix, factors k: Int, method: ExtractionMethod, rotation: RotationMethod, names: [String]) throws
    -> (loadings: Matrix, phi: Matrix?, ss: [Double], iterations: Int, warnings: [Warning]) {
    let p = r.rows
    let ex = try Extract.run(r, factors: k, method: method, names: names)
    var warnings = ex.warnings
    let rot = try Rotate.run(ex.loadings, k > 1 ? rotation : .none)
    if !rot.converged {
      warnings.append(Warning(en: "the \(rotation.rawValue) rotation did not converge in \(rot.iterations) iterations",
                              zh: "\(rotation.rawValue) 旋转在 \(rot.iterations) 次迭代内未收敛"))
    }
    var l = rot.loadings
    var phi = rot.phi
    var sign = [Double](repeating: 1, count: k)
    for c in 0..<k {
      let sum = (0..<p).reduce(0) { $0 + l[$1, c] }
      sign[c] = sum < 0 ? -1 : 1
      for i in 0..<p { l[i, c] *= sign[c] }
    }
    if var ph = phi {
      for j in 0..<k { for i in 0..<k { ph[i, j] *= sign[i] * sign[j] } }
      phi = ph
    }
    let ltl = l.times(l, transposeSelf: true)
    let ss: [Double] = (0..<k).map { j in
      guard let phi else { return ltl[j, j] }
      return (0..<k).reduce(0) { $0 + phi[j, $1] * ltl[$1, j] }
    }
    let order = (0..<k).sorted { ss[$0] > ss[$1] }
    var ordered = Matrix(rows: p, columns: k)
    for (c, o) in order.enumerated() { for i in 0..<p { ordered[i, c] = l[i, o] } }
    if let ph = phi {
      var o = Matrix(rows: k, columns: k)
      for (b, jb) in order.enumerated() { for (a, ja) in order.enumerated() { o[a, b] = ph[ja, jb] } }
      phi = o
    }
    return (ordered, phi, order.map { ss[$0] }, ex.iterations, warnings)
  }

  /// psych's fa.stats: the χ² of the k-factor model with Bartlett's
  /// correction, the null model's χ², Tucker–Lewis index, RMSEA with its 90%
  /// interval and BIC (nil pieces where psych gives NA):
  ///   M = LΦLᵀ with unit diagonal (cor.smooth'ed when not positive definite);
  ///   F = tr(M⁻¹R) − ln|M⁻¹R| − p,  F₀ = −ln|R|;
  ///   χ² = F·(N − 1 − (2p + 5)/6 − 2k/3),  χ²₀ = F₀·(N − 1 − (2p + 5)/6);
  ///   TLI = (F₀/df₀ − F/df)/(F₀/df₀ − 1/(N − 1 − (2p + 5)/6 − 2k/3))   (Tucker & Lewis 1973);
  ///   RMSEA = √max(χ²/(df·N) − 1/(N − 1), 0);  BIC = χ² − df·ln N.
  static func modelFit(_ r: Matrix, model m0: Matrix, n: Int, k: Int) -> EFAResult.ModelFit? {
    let p = r.rows
    var m = m0
    for i in 0..<p { m[i, i] = 1 }
    if let smoothed = ItemSample.smoothed(m) { m = smoothed }
    guard let lu = try? LU(m), let mir = try? lu.solve(r) else { return nil }
    guard let det = try? LU(mir).logAbsDeterminant, det.sign > 0 else { return nil }
    guard let detR = try? LU(r).logAbsDeterminant, detR.sign > 0 else { return nil }
    let objective = mir.trace - det.value - Double(p)
    let df = p * (p - 1) / 2 - p * k + k * (k - 1) / 2
    let nd = Double(n), pd = Double(p), kd = Double(k)
    let multiplier = nd - 1 - (2 * pd + 5) / 6 - 2 * kd / 3
    let chisq = max(0, objective * multiplier)
    let f0 = -detR.value
    let nullDf = p * (p - 1) / 2
    let tli = (f0 * 2 / (pd * (pd - 1)) - objective / Double(df)) / (f0 * 2 / (pd * (pd - 1)) - 1 / multiplier)
    var rmsea: Double?, lower: Double?, upper: Double?
    if df > 0 {
      let dfd = Double(df)
      rmsea = max(chisq / (dfd * nd) - 1 / (nd - 1), 0).squareRoot()
      let tail = 0.05
      let central = ChiSquare(df: dfd).cdf(chisq)
      let top = max(nd, chisq) + 2 * nd
      upper = 0
      if central > tail {
        upper = Zeroin.root(0, top) { ChiSquare(df: dfd, noncentrality: $0).cdf(chisq) - tail }
          .map { ($0 / (nd - 1) / dfd).squareRoot() }
      }
      lower = 0
      if central > 1 - tail {
        lower = Zeroin.root(0, top) { ChiSquare(df: dfd, noncentrality: $0).cdf(chisq) - 1 + tail }
          .map { ($0 / (nd - 1) / dfd).squareRoot() }
      }
      if let u = upper, let r = rmsea, u < r { upper = nil }
      if let l = lower, let r = rmsea, l > r { lower = nil }
    }
    return EFAResult.ModelFit(
      objective: objective, chisq: chisq, df: df,
      pvalue: df > 0 ? ChiSquare(df: Double(df)).cdf(chisq, upperTail: true) : nil,
      nullChisq: f0 * (nd - 1 - (2 * pd + 5) / 6), nullDf: nullDf, tli: tli,
      rmsea: rmsea, rmseaLower: lower, rmseaUpper: upper, bic: df > 0 ? chisq - Double(df) * log(nd) : nil)
  }
}
