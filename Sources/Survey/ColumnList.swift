// Column lists as users type them: names, ranges `x1:x9` (inclusive, in file
// order), and a codebook's scale names (expanded to their items), separated
// by commas (ASCII or fullwidth) or spaces.

public enum ColumnList {
  /// - Parameters:
  ///   - scales: scale name → its items, from a codebook.
  ///   - excluded: columns held back as personal data, named in the message
  ///     when a list asks for one.
  public static func resolve(
    _ spec: String, in names: [String], source: String?,
    scales: [String: [String]] = [:], excluded: [String] = []
  ) throws(InputError) -> [String] {
    let tokens = spec.split { $0 == "," || $0 == " " || $0 == "，" }.map { String($0) }.filter { !$0.isEmpty }
    if tokens.isEmpty { throw InputError(file: source, "empty column list") }
    var index: [String: Int] = [:]
    for (i, n) in names.enumerated() where index[n] == nil { index[n] = i }
    func require(_ name: String) throws(InputError) -> Int {
      if let i = index[name] { return i }
      if excluded.contains(name) {
        throw InputError(file: source, column: name,
          "holds personal data and is excluded from analysis; include personal data explicitly to analyse it anyway", settings: [.includePersonalData])
      }
      let near = names.filter { $0.lowercased() == name.lowercased() || $0.hasPrefix(name) }.prefix(3)
      let hint = near.isEmpty ? "" : "; did you mean \(near.map { "'\($0)'" }.joined(separator: ", "))?"
      let listed = names.prefix(12).joined(separator: ", ") + (names.count > 12 ? ", …" : "")
      throw InputError(file: source, column: name, "no such column (the file has \(names.count): \(listed))\(hint)")
    }
    var out: [String] = []
    for t in tokens {
      if index[t] == nil, let items = scales[t] {
        for item in items { out.append(names[try require(item)]) }
      } else if index[t] == nil, let colon = t.firstIndex(of: ":") {
        let a = String(t[..<colon]), b = String(t[t.index(after: colon)...])
        let ia = try require(a), ib = try require(b)
        guard ia <= ib else { throw InputError(file: source, "range '\(t)': '\(a)' comes after '\(b)' in the file") }
        out.append(contentsOf: names[ia...ib])
      } else {
        out.append(names[try require(t)])
      }
    }
    var seen = Set<String>()
    for n in out where !seen.insert(n).inserted {
      throw InputError(file: source, column: n, "named twice in the column list")
    }
    return out
  }
}
