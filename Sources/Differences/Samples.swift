import Survey

// The values of one outcome split by a grouping column, with the rows where
// either is missing left out (R's t.test/aov on a formula: na.action = na.omit).

public struct GroupedSample: Sendable {
  public var variable: String
  public var group: String
  public var levels: [String]
  /// Values per level, in level order.
  public var values: [[Double]]
  /// The file, for messages.
  public var source: String?

  public static func from(_ frame: DataFrame, variable: String, by groups: Categorical) throws(InputError) -> GroupedSample {
    let y = try frame.numericColumn(variable)
    var values = Array(repeating: [Double](), count: groups.count)
    for (r, v) in y.enumerated() where !v.isNaN {
      if let c = groups.codes[r] { values[c].append(v) }
    }
    for (i, v) in values.enumerated() where v.count < 2 {
      throw InputError(file: frame.source, column: groups.name,
        "group '\(groups.levels[i])' has \(v.count) case\(v.count == 1 ? "" : "s") with '\(variable)' answered; a comparison needs at least 2 in every group")
    }
    return GroupedSample(variable: variable, group: groups.name, levels: groups.levels, values: values, source: frame.source)
  }

  public var n: Int { values.reduce(0) { $0 + $1.count } }
}

/// Mean and variance (divisor n − 1) of a sample.
public struct Summary: Sendable, Codable, Equatable {
  public var n: Int
  public var mean: Double
  public var sd: Double
  public var variance: Double { sd * sd }

  public init(_ x: [Double]) {
    n = x.count
    let (m, s) = meanAndSD(x)
    mean = n > 0 ? m : 0
    sd = n > 1 ? s : .nan
  }
}
