// Table labels in Chinese or English (`--lang zh|en`). One dictionary, so a
// label reads the same in every table and every format.

public enum Language: String, Sendable, CaseIterable, Codable {
  case zh, en
}

public struct Labels: Sendable {
  public let language: Language
  public init(_ language: Language) { self.language = language }

  public subscript(_ key: String) -> String {
    guard let pair = Labels.table[key] else { return key }
    return language == .zh ? pair.zh : pair.en
  }

  static let table: [String: (zh: String, en: String)] = [
    "descriptives.title": ("描述性统计", "Descriptive statistics"),
    "frequencies.title": ("频数分布", "Frequencies"),
    "variable": ("变量", "variable"),
    "n": ("样本量", "n"),
    "missing": ("缺失", "missing"),
    "mean": ("均值", "mean"),
    "sd": ("标准差", "sd"),
    "median": ("中位数", "median"),
    "trimmed": ("截尾均值", "trimmed"),
    "mad": ("MAD", "mad"),
    "min": ("最小值", "min"),
    "max": ("最大值", "max"),
    "range": ("全距", "range"),
    "skew": ("偏度", "skew"),
    "kurtosis": ("峰度", "kurtosis"),
    "se": ("标准误", "se"),
    "value": ("选项", "value"),
    "count": ("频数", "count"),
    "percent": ("百分比(%)", "percent"),
    "valid_percent": ("有效百分比(%)", "valid %"),
    "cumulative_percent": ("累积百分比(%)", "cumulative %"),
    "total": ("合计", "total"),
    "note": ("注", "Note"),
    "warning": ("警告", "Warning"),
    "describe.note": ("偏度、峰度按 psych::describe 默认 (type 3) 计算；标准差分母为 n−1；截尾均值去掉两端各 10%。",
                      "Skew and kurtosis as psych::describe's default (type 3); sd with divisor n − 1; trimmed mean drops 10% at each end."),
    "freetext": ("个不同取值（文本，未列表）", "distinct values (free text; not tabulated)"),
    "rows": ("行", "rows"),
  ]
}
