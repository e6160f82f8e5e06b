import _Core
// A model-syntax error names the line and column (1-based, in the text the
// user wrote) and what was expected there.

public struct SyntaxError: Error, CustomStringConvertible, Sendable, Equatable {
  public var line: Int
  public var column: Int
  public var message: String
  public var settings: [Setting]

  public init(line: Int, column: Int, _ message: String, settings: [Setting] = []) {
    self.line = line
    self.column = column
    self.message = message
    self.settings = settings
  }

  public var description: String { "model syntax, line \(line), column \(column): \(message)" }
}

extension SyntaxError: ClassifiedError {
  public var failureKind: FailureKind { .badInput }
}
