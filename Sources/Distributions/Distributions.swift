import CRmath

// Distribution functions from R's own math library (libRmath, built from the
// same sources as R's `pnorm`, `pchisq`, …), so values agree with R to the last
// bit on the same platform. `upperTail: true` is R's `lower.tail = FALSE`: it
// keeps full precision for tiny p-values instead of computing 1 − cdf.
//
// R distinguishes `pchisq(x, df)` (the central algorithm) from
// `pchisq(x, df, ncp = 0)` (the non-central one, which differs in the last
// digits). `noncentrality: nil` selects the former, any number the latter, so
// callers can mirror the R call they reproduce (lavaan's RMSEA interval passes
// `ncp =` explicitly).

@inline(__always) private func flag(_ b: Bool) -> Int32 { b ? 1 : 0 }

public enum Normal {
  public static func density(_ x: Double, mean: Double = 0, sd: Double = 1) -> Double {
    dnorm4(x, mean, sd, 0)
  }

  public static func cdf(_ x: Double, mean: Double = 0, sd: Double = 1, upperTail: Bool = false) -> Double {
    pnorm5(x, mean, sd, flag(!upperTail), 0)
  }

  public static func quantile(_ p: Double, mean: Double = 0, sd: Double = 1, upperTail: Bool = false) -> Double {
    qnorm5(p, mean, sd, flag(!upperTail), 0)
  }

  /// Two-sided p-value of a z statistic, 2·Φ(−|z|), as lavaan reports it.
  public static func twoSidedP(_ z: Double) -> Double {
    2 * pnorm5(-Swift.abs(z), 0, 1, 1, 0)
  }
}

public struct ChiSquare: Sendable {
  public let df: Double
  public let noncentrality: Double?

  public init(df: Double, noncentrality: Double? = nil) {
    self.df = df
    self.noncentrality = noncentrality
  }

  public func density(_ x: Double) -> Double {
    if let ncp = noncentrality { return dnchisq(x, df, ncp, 0) }
    return dchisq(x, df, 0)
  }

  public func cdf(_ x: Double, upperTail: Bool = false) -> Double {
    if let ncp = noncentrality { return pnchisq(x, df, ncp, flag(!upperTail), 0) }
    return pchisq(x, df, flag(!upperTail), 0)
  }

  public func quantile(_ p: Double, upperTail: Bool = false) -> Double {
    if let ncp = noncentrality { return qnchisq(p, df, ncp, flag(!upperTail), 0) }
    return qchisq(p, df, flag(!upperTail), 0)
  }
}

public struct StudentT: Sendable {
  public let df: Double
  public init(df: Double) { self.df = df }

  public func density(_ x: Double) -> Double { dt(x, df, 0) }
  public func cdf(_ x: Double, upperTail: Bool = false) -> Double { pt(x, df, flag(!upperTail), 0) }
  public func quantile(_ p: Double, upperTail: Bool = false) -> Double { qt(p, df, flag(!upperTail), 0) }

  /// Two-sided p-value of a t statistic.
  public func twoSidedP(_ t: Double) -> Double { 2 * pt(-Swift.abs(t), df, 1, 0) }
}

public struct FisherF: Sendable {
  public let df1: Double
  public let df2: Double
  public init(df1: Double, df2: Double) {
    self.df1 = df1
    self.df2 = df2
  }

  public func density(_ x: Double) -> Double { CRmath.df(x, df1, df2, 0) }
  public func cdf(_ x: Double, upperTail: Bool = false) -> Double { pf(x, df1, df2, flag(!upperTail), 0) }
  public func quantile(_ p: Double, upperTail: Bool = false) -> Double { qf(p, df1, df2, flag(!upperTail), 0) }
}

/// The studentized range of `groups` means on `df` degrees of freedom
/// (Tukey's HSD, Games–Howell): R's ptukey/qtukey with nranges = 1.
public struct StudentizedRange: Sendable {
  public let groups: Double
  public let df: Double
  public init(groups: Double, df: Double) {
    self.groups = groups
    self.df = df
  }

  public func cdf(_ q: Double, upperTail: Bool = false) -> Double { ptukey(q, 1, groups, df, flag(!upperTail), 0) }
  public func quantile(_ p: Double, upperTail: Bool = false) -> Double { qtukey(p, 1, groups, df, flag(!upperTail), 0) }
}

/// The hypergeometric distribution of white balls among `draws` from an urn
/// of `white` and `black` (R's dhyper), for Fisher's exact test.
public struct Hypergeometric: Sendable {
  public let white: Double
  public let black: Double
  public let draws: Double
  public init(white: Double, black: Double, draws: Double) {
    self.white = white
    self.black = black
    self.draws = draws
  }

  public func probability(_ x: Double) -> Double { dhyper(x, white, black, draws, 0) }
}
