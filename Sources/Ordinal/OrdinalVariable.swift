import Distributions
import Survey

// An ordered-categorical item: its observed values (levels, ascending) and
// each case's category 0 … K − 1 (−1 missing), as lavaan's `ordered =` and
// R's `ordered()` take a numeric column: the categories are the values that
// occur, in numeric order.
//
// Thresholds from the margin (lavaan's lav_uvord_fit without covariates, the
// probit ML; psych::polychoric's τ):
//   τₖ = Φ⁻¹( (n₀ + … + nₖ₋₁) / n ),  k = 1 … K − 1.

public struct OrdinalVariable: Sendable, Equatable {
  public let name: String
  /// The observed values, ascending; category c is `levels[c]`.
  public let levels: [Double]
  /// Per case: 0 ..< levels.count, −1 when missing.
  public let codes: [Int32]

  public var categories: Int { levels.count }

  /// The most categories an ordinal item may have (lavaan refuses more than
  /// about this many as a sign of a continuous variable).
  public static let maximumCategories = 20

  /// Categories from a numeric column (NaN = missing). Values must be whole
  /// numbers; at least 2 and at most `maximumCategories` distinct ones.
  public init(name: String, values: [Double], source: String? = nil) throws(InputError) {
    var lo = Double.infinity, hi = -Double.infinity
    var bad: Int? = nil
    values.withUnsafeBufferPointer { v in
      for i in 0..<v.count where !v[i].isNaN {
        // Whole numbers: below 2⁵² in size a Double is whole exactly when it survives the round trip through Int64.
        let x = v[i], whole = x.magnitude < 0x1p52 ? Double(Int64(x)) == x : x.isFinite
        if !whole { bad = i; break }
        lo = min(lo, x); hi = max(hi, x)
      }
    }
    if let i = bad {
      throw InputError(file: source, row: i + 1, column: name,
                       "an ordinal item takes whole-number categories; this cell is \(values[i]). Leave the item continuous, or recode it")
    }
    // Answer codes span a short range: count them in an array (a set otherwise).
    var levels: [Double]
    let short = lo.isFinite && hi - lo < 4096
    if short {
      var present = [Bool](repeating: false, count: Int(hi - lo) + 1)
      values.withUnsafeBufferPointer { v in
        present.withUnsafeMutableBufferPointer { present in
          for x in v where !x.isNaN { present[Int(x - lo)] = true }
        }
      }
      levels = present.indices.filter { present[$0] }.map { lo + Double($0) }
    } else {
      levels = Set(values.filter { !$0.isNaN }).sorted()
    }
    guard levels.count <= Self.maximumCategories else {
      throw InputError(file: source, column: name,
                       "has \(levels.count) different values, more than the \(Self.maximumCategories) an ordinal item may have; treat it as continuous")
    }
    guard levels.count >= 2 else {
      throw InputError(file: source, column: name,
                       levels.isEmpty ? "has no observed value" : "has one observed category only (\(levels[0])); an ordinal item needs two or more")
    }
    self.name = name
    self.levels = levels
    if short {
      var index = [Int32](repeating: -1, count: Int(hi - lo) + 1)
      for (c, v) in levels.enumerated() { index[Int(v - lo)] = Int32(c) }
      self.codes = values.withUnsafeBufferPointer { v in
        index.withUnsafeBufferPointer { index in
          [Int32](unsafeUninitializedCapacity: v.count) { codes, count in
            for i in 0..<v.count { codes[i] = v[i].isNaN ? -1 : index[Int(v[i] - lo)] }
            count = v.count
          }
        }
      }
    } else {
      var index: [Double: Int32] = [:]
      for (c, v) in levels.enumerated() { index[v] = Int32(c) }
      self.codes = values.map { $0.isNaN ? -1 : index[$0]! }
    }
  }

  public init(name: String, levels: [Double], codes: [Int32]) {
    self.name = name; self.levels = levels; self.codes = codes
  }

  /// Counts per category over the cases where `include` is true (all observed cases by default).
  public func counts(where include: ((Int) -> Bool)? = nil) -> [Int] {
    var n = [Int](repeating: 0, count: categories)
    for (i, c) in codes.enumerated() where c >= 0 && (include?(i) ?? true) { n[Int(c)] += 1 }
    return n
  }

  /// Σₖφ(τₖ) over the finite thresholds: the scale of the ad hoc polychoric and
  /// polyserial estimates (Olsson 1979; Olsson, Drasgow & Dorans 1982).
  static func thresholdHeights(_ tau: [Double]) -> Double {
    tau.reduce(0.0) { $0 + ($1.isFinite ? Normal.fastDensity($1) : 0) }
  }

  /// τ₁ … τ_{K−1} from category counts; ±∞ where a cumulative proportion is 0 or 1.
  public static func thresholds(counts: [Int]) -> [Double] {
    let n = Double(counts.reduce(0, +))
    var cumulative = 0
    return counts.dropLast().map { c in
      cumulative += c
      return Normal.quantile(Double(cumulative) / n)
    }
  }
}
