import Survey

// Dimensionless forms of an indicator (a column x over units k = 1…m).
//   initial   x(k) / x(1)                               (Deng's 初值化)
//   mean      x(k) / x̄                                  (均值化)
//   minmax    benefit (x − min)/(max − min); cost (max − x)/(max − min)   (极差化)
//   interval  a + (b − a)·minmax, default [0.01, 0.99] (SPSSAU's 区间化, which keeps
//             zeros out of the entropy method's logarithms)
//   zscore    (x − x̄)/s, s with divisor m − 1
// Cost indicators (smaller is better) are reversed by minmax and interval; the
// ratio forms and zscore keep the raw direction, and say so.

public enum Normalization: String, Sendable, CaseIterable, Codable {
  case none, initial, mean, minmax, interval, zscore

  /// One-line statement of the formula, for the note under a table.
  public var formula: String {
    switch self {
    case .none: return "no normalisation"
    case .initial: return "initial-value: x(k)/x(1)"
    case .mean: return "mean: x(k)/x̄"
    case .minmax: return "min–max: (x−min)/(max−min), cost (max−x)/(max−min)"
    case .interval: return "interval: a+(b−a)(x−min)/(max−min), cost reversed"
    case .zscore: return "z-score: (x−x̄)/s"
    }
  }

  /// Whether this form turns cost indicators around.
  public var honoursDirection: Bool { self == .minmax || self == .interval }
}

public struct NormalizationOptions: Sendable {
  public var method: Normalization
  /// Names of cost indicators (smaller is better).
  public var cost: Set<String>
  /// Target range of `interval`.
  public var interval: (lower: Double, upper: Double)

  public init(method: Normalization, cost: Set<String> = [], interval: (Double, Double) = (0.01, 0.99)) {
    self.method = method
    self.cost = cost
    self.interval = interval
  }
}

extension Normalization {
  /// Normalises one column; `source` and `name` go into error messages.
  public func apply(_ x: [Double], name: String, cost: Bool = false, interval: (lower: Double, upper: Double) = (0.01, 0.99),
                    source: String? = nil) throws(InputError) -> [Double] {
    guard !x.isEmpty else { throw InputError(file: source, column: name, "has no values") }
    if let bad = x.firstIndex(where: { !$0.isFinite }) {
      throw InputError(file: source, row: bad + 1, column: name, "is missing or not finite; grey and coupling methods need complete data (drop such units listwise)", settings: [.missing])
    }
    switch self {
    case .none:
      return x
    case .initial:
      guard x[0] != 0 else {
        throw InputError(file: source, column: name, "starts with 0: initial-value normalisation divides every value by the first; use mean or min–max normalisation")
      }
      return x.map { $0 / x[0] }
    case .mean:
      let m = x.reduce(0, +) / Double(x.count)
      guard m != 0 else { throw InputError(file: source, column: name, "has mean 0: mean normalisation divides by it; use min–max normalisation") }
      return x.map { $0 / m }
    case .minmax, .interval:
      let lo = x.min()!, hi = x.max()!
      guard hi > lo else {
        throw InputError(file: source, column: name, "is constant (every value \(formatNumberCompact(lo))): min–max normalisation divides by max − min = 0; drop the indicator")
      }
      let unit = x.map { cost ? (hi - $0) / (hi - lo) : ($0 - lo) / (hi - lo) }
      if self == .minmax { return unit }
      return unit.map { interval.lower + (interval.upper - interval.lower) * $0 }
    case .zscore:
      let n = Double(x.count)
      let m = x.reduce(0, +) / n
      let s = (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)).squareRoot()
      guard s > 0 else {
        throw InputError(file: source, column: name, "is constant (every value \(formatNumberCompact(m))): z-scores divide by the standard deviation 0")
      }
      return x.map { ($0 - m) / s }
    }
  }

  public func apply(columns: [[Double]], names: [String], options: NormalizationOptions, source: String? = nil) throws(InputError) -> [[Double]] {
    var out: [[Double]] = []
    for (c, name) in zip(columns, names) {
      out.append(try apply(c, name: name, cost: options.cost.contains(name), interval: options.interval, source: source))
    }
    return out
  }
}
