import Survey

// The cases of each group (lavaan's group = "col"): groups in order of first
// appearance, as lavaan orders them; a case with no group value is left out.

enum GroupSplit {
  static func split(_ data: DataFrame, column: String) throws -> (labels: [String], rows: [[Int]]) {
    guard let c = data[column] else {
      _ = try data.resolve(column)
      throw InputError(file: data.source, column: column, "is not a column of the data")
    }
    let values = c.textValues
    var labels: [String] = []
    var rows: [String: [Int]] = [:]
    for (r, v) in values.enumerated() {
      guard let v else { continue }
      if rows[v] == nil { labels.append(v) }
      rows[v, default: []].append(r)
    }
    guard labels.count >= 2 else {
      throw InputError(file: data.source, column: column,
        "has \(labels.count) distinct value\(labels.count == 1 ? "" : "s"); a multiple-group model needs at least two groups")
    }
    return (labels, labels.map { rows[$0]! })
  }
}
