import Foundation

// One table, as every output format sees it. Cells keep their numbers, so
// the text and Markdown renderers round for reading while CSV keeps full
// precision; every format renders the same value.

public enum Cell: Sendable, Equatable, Codable {
  case text(String)
  case integer(Int)
  /// A number and the decimals to show it with in text and Markdown.
  case number(Double, decimals: Int)
  /// Not defined (psych prints NA; tables show a dash).
  case empty

  public var isNumeric: Bool {
    switch self {
    case .integer, .number: return true
    default: return false
    }
  }

  /// For reading: rounded.
  public var display: String {
    switch self {
    case .text(let s): return s
    case .integer(let i): return String(i)
    case .number(let v, let d):
      if v.isNaN { return "—" }
      let s = String(format: "%.\(d)f", v)
      // "-0.000" reads as a sign where there is none.
      return s.hasPrefix("-") && s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) ? String(s.dropFirst()) : s
    case .empty: return "—"
    }
  }

  /// For machines: full precision (R's 15 significant digits).
  public var exact: String {
    switch self {
    case .text(let s): return s
    case .integer(let i): return String(i)
    case .number(let v, _): return v.isNaN ? "" : String(format: "%.15g", v)
    case .empty: return ""
    }
  }
}

public struct Table: Sendable, Equatable, Codable {
  public var title: String
  public var headers: [String]
  public var rows: [[Cell]]
  public var notes: [String]

  public init(title: String, headers: [String], rows: [[Cell]], notes: [String] = []) {
    self.title = title
    self.headers = headers
    self.rows = rows
    self.notes = notes
  }

  /// A column is right-aligned when all its non-empty cells are numbers
  /// (blank text, e.g. a hidden loading, counts as empty).
  func rightAligned(_ j: Int) -> Bool {
    let cells = rows.map { $0[j] }.filter { $0 != .empty && $0 != .text("") }
    return !cells.isEmpty && cells.allSatisfy(\.isNumeric)
  }
}
