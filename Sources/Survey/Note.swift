// A note for the user in both of the interface's languages: what reading, the
// personal-data guard and screening did to the data. The command line prints
// the one of --lang (the browser page the one it shows); warnings carry their
// prefix in each language ("warning: ", "警告：").

public struct Note: Sendable, Equatable, Codable {
  public var en: String
  public var zh: String
  public var isWarning: Bool

  public init(en: String, zh: String, warning: Bool = false) {
    self.en = en
    self.zh = zh
    isWarning = warning
  }

  /// The text, with its warning prefix.
  public func text(chinese: Bool) -> String {
    isWarning ? (chinese ? "警告：" + zh : "warning: " + en) : (chinese ? zh : en)
  }
}

/// A warning a result carries (a Heywood case, a doubtful χ² approximation, weights rescaled), in both
/// languages: the command line prints the one of --lang, the tables' notes the one of their labels. JSON holds
/// the English text, as a string (the results' `warnings: [String]`); read back, both languages are that text.
public struct Warning: Sendable, Equatable, Codable, CustomStringConvertible {
  public var en: String
  public var zh: String
  /// The solution is improper (a Heywood case): shown, then the command exits 1.
  public var improper: Bool

  public init(en: String, zh: String, improper: Bool = false) {
    self.en = en
    self.zh = zh
    self.improper = improper
  }

  public func text(chinese: Bool) -> String { chinese ? zh : en }

  public var description: String { en }

  /// The same warning with a prefix in each language (the system or model it came from).
  public func prefixed(en p: String, zh q: String) -> Warning { Warning(en: p + en, zh: q + zh, improper: improper) }

  public init(from decoder: Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    self.init(en: text, zh: text)
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(en)
  }
}
