import Foundation

// A request body {"items": "x1:x9", "check-keys": true, "scale": ["a=x1:x3"]}
// turned into the command line the CLI would take: each key checked against
// the kind's list (AnalysisKind.options), each value against its shape. The
// values themselves are the CLI's business: its parser and validate() judge
// them, and their messages come back as 400s.

/// A JSON value of a request body.
enum JSONValue: Decodable, Equatable {
  case string(String), number(Double), bool(Bool), array([JSONValue]), object([String: JSONValue]), null

  init(from decoder: Decoder) throws {
    let c = try decoder.singleValueContainer()
    if c.decodeNil() { self = .null }
    else if let b = try? c.decode(Bool.self) { self = .bool(b) }
    else if let d = try? c.decode(Double.self) { self = .number(d) }
    else if let s = try? c.decode(String.self) { self = .string(s) }
    else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
    else { self = .object(try c.decode([String: JSONValue].self)) }
  }

  /// A string or a number as the command line writes it; nil for anything else.
  var scalarText: String? {
    switch self {
    case .string(let s): return s
    case .number(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : "\(d)"
    default: return nil
    }
  }
}

enum AnalysisRequest {
  /// Longest option value taken (model syntax is the long one).
  static let maxValueLength = 100_000

  /// Decodes a JSON object body (an empty body is {}), or 400.
  static func object(_ body: Data) throws(ServeError) -> [String: JSONValue] {
    if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return [:] }
    do {
      return try JSONDecoder().decode([String: JSONValue].self, from: body)
    } catch {
      throw ServeError(.badRequest, "the request body is not a JSON object of options: \(Self.describe(error))")
    }
  }

  static func describe(_ error: Error) -> String {
    switch error {
    case DecodingError.dataCorrupted(let c): return c.underlyingError.map { "\($0.localizedDescription)" } ?? c.debugDescription
    case DecodingError.typeMismatch(_, let c): return c.debugDescription
    default: return "\(error)"
    }
  }

  /// The command-line options for `kind` from a body's options, in the body's
  /// key order sorted (the parser does not care about order; logs read better).
  static func arguments(_ kind: AnalysisKind, _ options: [String: JSONValue]) throws(ServeError) -> [String] {
    let allowed = kind.options
    var out: [String] = []
    for key in options.keys.sorted() {
      guard let shape = allowed[key] else {
        throw ServeError(.badRequest, "'\(key.prefix(60))' is not an option of \(kind.command) here; its options are \(allowed.keys.sorted().joined(separator: ", "))")
      }
      let value = options[key]!
      switch (shape, value) {
      case (_, .null): continue
      case (.flag, .bool(let on)): if on { out.append("--\(key)") }
      case (.flag, _): throw ServeError(.badRequest, "'\(key)' is a switch: give true or false")
      case (.value, _):
        guard let text = value.scalarText else { throw ServeError(.badRequest, "'\(key)' takes one value (a string or a number)") }
        out.append(try Self.option(key, text))
      case (.repeated, .array(let items)):
        for item in items {
          guard let text = item.scalarText else { throw ServeError(.badRequest, "'\(key)' takes a list of strings") }
          out.append(try Self.option(key, text))
        }
      case (.repeated, _):
        guard let text = value.scalarText else { throw ServeError(.badRequest, "'\(key)' takes a list of strings") }
        out.append(try Self.option(key, text))
      }
    }
    return out
  }

  /// --key=value: written as one word, a value that starts with '-' (a negative
  /// number, or an attempt at an option) stays a value.
  static func option(_ key: String, _ text: String) throws(ServeError) -> String {
    guard text.utf8.count <= maxValueLength else { throw ServeError(.contentTooLarge, "'\(key)' is longer than \(maxValueLength) bytes") }
    guard key == "syntax" || !text.contains(where: \.isNewline) else { throw ServeError(.badRequest, "'\(key)' must be one line") }
    guard !text.contains("\0") else { throw ServeError(.badRequest, "'\(key)' contains a NUL character") }
    return "--\(key)=\(text)"
  }
}
