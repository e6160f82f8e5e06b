import Yams

// The codebook's keys, checked before it is decoded: a key the codebook does
// not know is an error naming the line and the nearest known key, because a
// typo would otherwise switch a setting off in silence (`personal_date:`
// would let personal data through; `revers: true` would skip reverse coding).
// YAML syntax errors are reported with their line and column.

enum CodebookSchema {
  indirect enum Shape: Sendable {
    /// A mapping with these keys.
    case map([String: Shape])
    /// A sequence of one shape.
    case list(Shape)
    /// Text, or {zh, en}.
    case text
    /// Anything (codes, numbers, lists of names).
    case any
  }

  static let root: Shape = .map([
    "title": .text,
    "layout": .any,
    "missing_codes": .any,
    "value_sets": .any,
    "variables": .list(.map(["name": .any, "source": .any, "question": .any, "label": .text, "type": .any, "values": .any,
                             "reverse": .any, "range": .any, "missing_codes": .any])),
    "scales": .list(.map(["name": .any, "label": .text, "items": .any, "constructs": .any, "part": .any])),
    "personal_data": .any,
    "screening": .map(["straightlining": .any, "min_seconds": .any, "duplicates": .any, "max_missing_share": .any]),
    "models": .list(.map(["name": .any, "label": .text, "syntax": .any, "mediation": .any])),
    "hypotheses": .list(.map(["id": .any, "model": .any, "path": .any, "effect": .any, "sign": .any, "statement": .text])),
    "controls": .any,
    "comparisons": .any,
    "moderation": .list(.map(["id": .any, "process": .any, "x": .any, "m": .any, "w": .any, "z": .any, "y": .any,
                              "covariates": .any, "statement": .text])),
    "coupling": .map(["data": .any, "codebook": .any]),
  ])

  /// Parses the YAML and checks every key against the schema.
  static func check(_ text: String, source: String) throws(InputError) {
    let node: Node?
    do {
      node = try Yams.compose(yaml: text)
    } catch {
      throw syntaxError(error, source: source)
    }
    guard let node else { return }
    try check(node, root, path: "", source: source)
  }

  static func check(_ node: Node, _ shape: Shape, path: String, source: String) throws(InputError) {
    switch shape {
    case .any:
      return
    case .text:
      guard let mapping = node.mapping else { return }
      try check(Node.mapping(mapping), .map(["zh": .any, "en": .any]), path: path, source: source)
    case .list(let element):
      guard let sequence = node.sequence else { return }
      for (k, item) in sequence.enumerated() { try check(item, element, path: "\(path)[\(k + 1)]", source: source) }
    case .map(let keys):
      guard let mapping = node.mapping else { return }
      for (key, value) in mapping {
        guard let name = key.string else { continue }
        let here = path.isEmpty ? name : "\(path).\(name)"
        guard let sub = keys[name] else {
          let near = keys.keys.min { editDistance($0, name) < editDistance($1, name) }
          let hint = near.map { editDistance($0, name) <= 3 ? "; did you mean '\($0)'?" : "" } ?? ""
          throw InputError(file: source, line: key.mark.map { $0.line },
            "unknown key '\(name)' in \(path.isEmpty ? "the codebook" : path)\(hint) (the keys here are \(keys.keys.sorted().joined(separator: ", "))); an unknown key would be ignored, so the codebook is refused")
        }
        try check(value, sub, path: here, source: source)
      }
    }
  }

  /// A YAML syntax error with its line and column.
  static func syntaxError(_ error: Error, source: String) -> InputError {
    if let y = error as? YamlError {
      switch y {
      case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
        return InputError(file: source, line: mark.line, "is not valid YAML: \(problem) (line \(mark.line), column \(mark.column))")
      default:
        break
      }
    }
    return InputError(file: source, "is not valid YAML: \(error)")
  }
}

/// Levenshtein distance, for "did you mean".
public func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a), b = Array(b)
  if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
  var row = Array(0...b.count)
  for i in 1...a.count {
    var previous = row[0]
    row[0] = i
    for j in 1...b.count {
      let current = row[j]
      row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
      previous = current
    }
  }
  return row[b.count]
}
