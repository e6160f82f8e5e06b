// A column read as categories: its levels and, per row, the level's index
// (nil where missing). Levels come in the order a reader expects: a codebook's
// or SPSS file's value labels in their order (named by their labels), else
// numbers in numeric order (R's factor() of a numeric column), else text in
// Unicode order (R's factor() in the C locale). `levels:` given by the user
// fixes the order and keeps only those.

public struct Categorical: Sendable, Equatable {
  public var name: String
  /// Display name of each level (the value label where there is one).
  public var levels: [String]
  /// Per row, the index into `levels`, or nil (missing, or not a kept level).
  public var codes: [Int?]

  public var count: Int { levels.count }

  /// Rows in each level.
  public var sizes: [Int] {
    var n = [Int](repeating: 0, count: levels.count)
    for c in codes { if let c { n[c] += 1 } }
    return n
  }

  public init(name: String, levels: [String], codes: [Int?]) {
    self.name = name
    self.levels = levels
    self.codes = codes
  }

  /// The levels of column `name`; `only` keeps and orders the named ones
  /// (matched against labels and raw values).
  public static func from(_ frame: DataFrame, column name: String, only: [String]? = nil) throws(InputError) -> Categorical {
    guard let column = frame[name] else {
      _ = try frame.resolve(name)
      throw InputError(file: frame.source, column: name, "no such column")
    }
    var raw: [String?]
    var keys: [String]
    switch column.values {
    case .numeric(let v):
      raw = v.map { $0.isNaN ? nil : formatNumberCompact($0) }
      keys = Array(Set(v.filter { !$0.isNaN })).sorted().map(formatNumberCompact)
    case .text(let v):
      raw = v.map { s in s.flatMap { $0.isEmpty ? nil : $0 } }
      keys = Array(Set(raw.compactMap { $0 })).sorted { Array($0.unicodeScalars.map(\.value)).lexicographicallyPrecedes($1.unicodeScalars.map(\.value)) }
    }
    var display = keys
    if let labels = column.valueLabels, !labels.isEmpty {
      let present = Set(keys)
      var ordered = labels.filter { present.contains($0.code) || present.contains(formatNumberCompact(Double($0.code) ?? .nan)) }.map(\.code)
      ordered += keys.filter { k in !ordered.contains(k) && !labels.contains { formatNumberCompact(Double($0.code) ?? .nan) == k } }
      keys = ordered.map { k in Double(k).map(formatNumberCompact) ?? k }
      display = keys.map { k in labels.first { $0.code == k || formatNumberCompact(Double($0.code) ?? .nan) == k }?.label ?? k }
    }
    if let only {
      var kept: [Int] = []
      for wanted in only {
        guard let i = keys.firstIndex(of: wanted) ?? display.firstIndex(of: wanted) else {
          throw InputError(file: frame.source, column: name, "has no level '\(wanted)' (its levels: \(display.joined(separator: ", ")))")
        }
        kept.append(i)
      }
      keys = kept.map { keys[$0] }
      display = kept.map { display[$0] }
    }
    var index: [String: Int] = [:]
    for (i, k) in keys.enumerated() { index[k] = i }
    return Categorical(name: name, levels: display, codes: raw.map { $0.flatMap { index[$0] } })
  }
}
