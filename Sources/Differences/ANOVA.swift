import Distributions
import Survey

// One-way analysis of variance of k groups (R's aov / oneway.test; SPSS ONEWAY):
//   F = (SS_b/(k − 1)) / (SS_w/(N − k)),  η² = SS_b/SS_t,
//   ω² = (SS_b − (k − 1)MS_w)/(SS_t + MS_w)   (Hays 1963);
//   Welch's F (Welch 1951), R's oneway.test(var.equal = FALSE):
//     wᵢ = nᵢ/sᵢ², ȳ_w = Σwᵢȳᵢ/Σwᵢ, A = Σwᵢ(ȳᵢ − ȳ_w)²/(k − 1),
//     λ = Σ(1 − wᵢ/Σw)²/(nᵢ − 1),  F = A/(1 + 2(k − 2)λ/(k² − 1)),  df = (k − 1, (k² − 1)/(3λ));
//   Brown–Forsythe's F* (Brown & Forsythe 1974):
//     F* = Σnᵢ(ȳᵢ − ȳ)²/Σ(1 − nᵢ/N)sᵢ²,  df₂ = 1/Σ(cᵢ²/(nᵢ − 1)),  cᵢ = (1 − nᵢ/N)sᵢ²/Σⱼ(1 − nⱼ/N)sⱼ²;
//   Levene's test centred on the mean; post-hoc comparisons in PostHoc.swift.

public struct FTest: Sendable, Codable, Equatable {
  public var F: Double
  public var df1: Double
  public var df2: Double
  public var pvalue: Double

  init(_ F: Double, _ df1: Double, _ df2: Double) {
    self.F = F
    self.df1 = df1
    self.df2 = df2
    pvalue = FisherF(df1: df1, df2: df2).cdf(F, upperTail: true)
  }
}

public struct ANOVAResult: Sendable, Codable, Equatable {
  public var variable: String
  public var group: String
  public var levels: [String]
  public var groups: [Summary]
  public var F: Double
  public var df1: Int
  public var df2: Int
  public var pvalue: Double
  public var ssBetween: Double
  public var ssWithin: Double
  public var eta2: Double
  public var omega2: Double
  public var welch: FTest
  public var brownForsythe: FTest
  public var levene: LeveneTest
  public var posthoc: [PostHocRow]

  enum CodingKeys: String, CodingKey {
    case variable, group, levels, groups, F, df1, df2, pvalue, eta2, omega2, welch, levene, posthoc
    case ssBetween = "ss_between", ssWithin = "ss_within", brownForsythe = "brown_forsythe"
  }
}

public enum ANOVA {
  public static func oneWay(_ s: GroupedSample, posthoc methods: [PostHocMethod] = [], level: Double = 0.95) throws(InputError) -> ANOVAResult {
    guard s.levels.count >= 2 else {
      throw InputError(file: s.source, column: s.group, "has only \(s.levels.count) group with '\(s.variable)' answered; an ANOVA compares two or more")
    }
    let groups = s.values.map(Summary.init)
    let k = Double(groups.count), N = Double(s.n)
    let f = OneWay.fTest(s.values)
    guard f.ssw > 0 else { throw InputError(file: s.source, column: s.variable, "is constant within every group; there is nothing to test") }
    let msw = f.ssw / Double(f.df2)
    // Welch.
    let w = groups.map { Double($0.n) / $0.variance }
    let sw = w.reduce(0, +)
    let yw = zip(w, groups).reduce(0) { $0 + $1.0 * $1.1.mean } / sw
    let a = zip(w, groups).reduce(0) { $0 + $1.0 * ($1.1.mean - yw) * ($1.1.mean - yw) } / (k - 1)
    let lambda = zip(w, groups).reduce(0) { $0 + (1 - $1.0 / sw) * (1 - $1.0 / sw) / Double($1.1.n - 1) }
    let welch = FTest(a / (1 + 2 * (k - 2) * lambda / (k * k - 1)), k - 1, (k * k - 1) / (3 * lambda))
    // Brown–Forsythe.
    let grand = s.values.reduce(0) { $0 + $1.reduce(0, +) } / N
    let spread = groups.map { (1 - Double($0.n) / N) * $0.variance }
    let total = spread.reduce(0, +)
    let bf = groups.reduce(0) { $0 + Double($1.n) * ($1.mean - grand) * ($1.mean - grand) } / total
    let bfDF2 = 1 / zip(spread, groups).reduce(0) { $0 + ($1.0 / total) * ($1.0 / total) / Double($1.1.n - 1) }
    return ANOVAResult(
      variable: s.variable, group: s.group, levels: s.levels, groups: groups,
      F: f.F, df1: f.df1, df2: f.df2, pvalue: f.pvalue, ssBetween: f.ssb, ssWithin: f.ssw,
      eta2: f.ssb / (f.ssb + f.ssw), omega2: (f.ssb - (k - 1) * msw) / (f.ssb + f.ssw + msw),
      welch: welch, brownForsythe: FTest(bf, k - 1, bfDF2), levene: LeveneTest.of(s.values),
      posthoc: methods.flatMap { PostHoc.compare(s.levels, groups, msw: msw, method: $0, level: level) })
  }
}
