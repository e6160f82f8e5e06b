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
