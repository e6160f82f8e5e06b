import Distributions

// Pairwise comparisons after a one-way ANOVA, for every pair of groups i < j,
// difference ȳᵢ − ȳⱼ (SPSS's "I − J"), two-sided at the given level:
//   lsd          se = √(MS_w(1/nᵢ + 1/nⱼ)), t on N − k df, no adjustment (Fisher's LSD)
//   bonferroni   the same t, p × m (capped at 1), interval with t_{1 − α/(2m)}, m = k(k − 1)/2
//   tukey        q = |ȳᵢ − ȳⱼ|/√(MS_w/2 · (1/nᵢ + 1/nⱼ)) on the studentized range (k, N − k)
//                (Tukey–Kramer; R's TukeyHSD), interval ± q_{.95}/√2 · se
//   scheffe      F = (ȳᵢ − ȳⱼ)²/(se²(k − 1)) on (k − 1, N − k); interval ± √((k − 1)F_{.95})·se  (Scheffé 1953)
//   games-howell se = √(sᵢ²/nᵢ + sⱼ²/nⱼ) with Welch's df, studentized range (k, df)   (Games & Howell 1976)

public enum PostHocMethod: String, Sendable, Codable, CaseIterable {
  case tukey
  case gamesHowell = "games-howell"
  case lsd, bonferroni, scheffe
}

public struct PostHocRow: Sendable, Codable, Equatable {
  public var method: PostHocMethod
  public var group1: String
  public var group2: String
  public var diff: Double
  public var se: Double
  public var pvalue: Double
  public var ciLower: Double
  public var ciUpper: Double

  enum CodingKeys: String, CodingKey {
    case method, group1, group2, diff, se, pvalue
    case ciLower = "ci.lower", ciUpper = "ci.upper"
  }
}

public enum PostHoc {
  public static func compare(_ levels: [String], _ g: [Summary], msw: Double, method: PostHocMethod, level: Double = 0.95) -> [PostHocRow] {
    let k = g.count
    let N = g.reduce(0) { $0 + $1.n }
    let dfw = Double(N - k), kd = Double(k)
    let m = Double(k * (k - 1) / 2)
    let alpha = 1 - level
    var rows: [PostHocRow] = []
    for i in 0..<k {
      for j in (i + 1)..<k {
        let diff = g[i].mean - g[j].mean
        let se = (msw * (1 / Double(g[i].n) + 1 / Double(g[j].n))).squareRoot()
        var p: Double, half: Double, s = se
        switch method {
        case .lsd:
          let t = StudentT(df: dfw)
          p = 2 * t.cdf(-abs(diff / se))
          half = t.quantile(1 - alpha / 2) * se
        case .bonferroni:
          let t = StudentT(df: dfw)
          p = min(1, m * 2 * t.cdf(-abs(diff / se)))
          half = t.quantile(1 - alpha / (2 * m)) * se
        case .tukey:
          let q = StudentizedRange(groups: kd, df: dfw)
          p = q.cdf(abs(diff) / se * 2.0.squareRoot(), upperTail: true)
          half = q.quantile(level) / 2.0.squareRoot() * se
        case .scheffe:
          let f = FisherF(df1: kd - 1, df2: dfw)
          p = f.cdf(diff * diff / (se * se * (kd - 1)), upperTail: true)
          half = ((kd - 1) * f.quantile(level)).squareRoot() * se
        case .gamesHowell:
          let vi = g[i].variance / Double(g[i].n), vj = g[j].variance / Double(g[j].n)
          s = (vi + vj).squareRoot()
          let df = (vi + vj) * (vi + vj) / (vi * vi / Double(g[i].n - 1) + vj * vj / Double(g[j].n - 1))
          let q = StudentizedRange(groups: kd, df: df)
          p = q.cdf(abs(diff) / s * 2.0.squareRoot(), upperTail: true)
          half = q.quantile(level) / 2.0.squareRoot() * s
        }
        rows.append(PostHocRow(method: method, group1: levels[i], group2: levels[j], diff: diff, se: s, pvalue: p,
                               ciLower: diff - half, ciUpper: diff + half))
      }
    }
    return rows
  }
}
