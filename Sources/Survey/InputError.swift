import _Core
// Bad input, reported to the user with where it is (file, row, line, column)
// and exit status 2. The location is structured so that reports and the
// personal-data guard can render or redact it; `description` is the message.

public struct InputError: Error, CustomStringConvertible, Sendable, Equatable {
  public var file: String?
  /// 1-based data row (the header is not a row).
  public var row: Int?
  /// 1-based physical line where the row starts.
  public var line: Int?
  public var column: String?
  public var message: String
  /// The settings the message is about (named by the front end, not in the message).
  public var settings: [Setting]

  public init(file: String? = nil, row: Int? = nil, line: Int? = nil, column: String? = nil, _ message: String, settings: [Setting] = []) {
    self.file = file
    self.row = row
    self.line = line
    self.column = column
    self.message = message
    self.settings = settings
  }

  public var description: String {
    var place: [String] = []
    if let file { place.append(file) }
    if let row { place.append(line.map { "row \(row) (line \($0))" } ?? "row \(row)") } else if let line { place.append("line \(line)") }
    if let column { place.append("column '\(column)'") }
    return place.isEmpty ? message : place.joined(separator: ", ") + ": " + message
  }
}

/// Shows a cell's content in a message: short, on one line; a cell that
/// holds personal data is described, never shown.
func _quoteCell(_ s: String) -> String {
  if let kind = PersonalDataGuard.kind(of: s) { return "(a cell holding personal data: \(kind))" }
  let oneLine = s.replacingOccurrences(of: "\n", with: "⏎").replacingOccurrences(of: "\r", with: "")
  let cut = oneLine.count > 40 ? String(oneLine.prefix(40)) + "…" : oneLine
  return "\"\(cut)\""
}

import Foundation

extension InputError: ClassifiedError {
  public var failureKind: FailureKind { .badInput }
}
