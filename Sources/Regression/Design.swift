import LinearAlgebra
import Survey

// Design matrices from a data frame: an intercept, numeric predictors as they
// are, and categorical predictors (text columns, or columns a codebook calls
// categorical) as 0/1 dummies against their first level — R's treatment
// contrasts, so lm's coefficients and these agree; the reference level is
// named in the output. Rows with any variable missing are left out (listwise
// over every variable of every block, as SPSS's hierarchical regression).

public struct Predictor: Sendable, Codable, Equatable {
  public var variable: String
  /// The dummy's level for a categorical predictor, nil for a numeric one.
  public var level: String?
  /// The reference level of a categorical predictor.
  public var reference: String?

  /// "school: Pasteur" for a dummy, the variable name otherwise.
  public var term: String { level.map { "\(variable): \($0)" } ?? variable }
}

public struct DesignData: Sendable {
  /// Per variable, its column over the kept rows: numbers, or level codes.
  public var columns: [String: [Double]]
  public var categorical: [String: Categorical]
  public var rows: [Int]
  public var dropped: Int

  /// Reads `variables` over the rows where all are present.
  public static func read(_ frame: DataFrame, variables: [String], categorical names: Set<String> = []) throws(InputError) -> DesignData {
    var numeric: [String: [Double]] = [:]
    var cats: [String: Categorical] = [:]
    for v in variables {
      guard let col = frame[v] else { _ = try frame.resolve(v); continue }
      if names.contains(v) || !col.isNumeric {
        cats[v] = try Categorical.from(frame, column: v)
      } else {
        numeric[v] = try frame.numericColumn(v)
      }
    }
    let rows = (0..<frame.rowCount).filter { r in
      numeric.values.allSatisfy { !$0[r].isNaN } && cats.values.allSatisfy { $0.codes[r] != nil }
    }
    var columns: [String: [Double]] = [:]
    for (v, c) in numeric { columns[v] = rows.map { c[$0] } }
    for (v, c) in cats {
      columns[v] = rows.map { Double(c.codes[$0]!) }
      let present = Set(columns[v]!)
      if present.count < 2 {
        throw InputError(file: frame.source, column: v, "has one category (\(c.levels[Int(present.first ?? 0)])) in the complete cases; a predictor must vary")
      }
    }
    return DesignData(columns: columns, categorical: cats, rows: rows, dropped: frame.rowCount - rows.count)
  }

  public var n: Int { rows.count }

  /// The predictors of `variables`: one per numeric, one per non-reference level.
  public func predictors(_ variables: [String]) -> [Predictor] {
    variables.flatMap { v -> [Predictor] in
      guard let c = categorical[v] else { return [Predictor(variable: v, level: nil, reference: nil)] }
      let present = Set(columns[v]!.map { Int($0) }).sorted()
      return present.dropFirst().map { Predictor(variable: v, level: c.levels[$0], reference: c.levels[present[0]]) }
    }
  }

  /// Value of a predictor in kept row i.
  public func value(_ p: Predictor, _ i: Int) -> Double {
    let x = columns[p.variable]![i]
    guard let level = p.level, let c = categorical[p.variable] else { return x }
    return c.levels[Int(x)] == level ? 1 : 0
  }

  /// [1, predictors…] for every kept row.
  public func matrix(_ predictors: [Predictor]) -> Matrix {
    var x = Matrix(rows: n, columns: predictors.count + 1)
    for i in 0..<n {
      x[i, 0] = 1
      for (j, p) in predictors.enumerated() { x[i, j + 1] = value(p, i) }
    }
    return x
  }
}
