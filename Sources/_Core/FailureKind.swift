// One error taxonomy for every ClusterStat library: an error says by its type
// whether the user's input is at fault — a file, a row, a column, a syntax line,
// an option that cannot be honoured: exit status 2, HTTP 400 — or the
// statistics failed on input that was fine — not converged, not identified, an
// improper solution, a singular matrix met while fitting: exit status 1, HTTP
// 422. The command line (ClusterStatCommand.status) and the browser interface
// (Serve/Messages.swift) read it; neither keeps a list of error types.

public enum FailureKind: Sendable, Equatable {
  case badInput
  case statistical

  /// The command line's exit status.
  public var exitStatus: Int32 {
    switch self {
    case .badInput: 2
    case .statistical: 1
    }
  }
}

/// An error that knows which kind of failure it is.
public protocol ClassifiedError: Error, CustomStringConvertible {
  var failureKind: FailureKind { get }
  /// The user's settings the failure is about (Setting.swift), for the front end to name.
  var settings: [Setting] { get }
}
