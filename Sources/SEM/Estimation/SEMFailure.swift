import _Core
// A model that cannot be reported as fitted: exit status 1 with this message.
// (Bad input — syntax, missing variables — is a SyntaxError or InputError, exit 2.)

public struct SEMFailure: Error, CustomStringConvertible, Sendable, Equatable {
  public enum Kind: String, Sendable, Codable {
    case notIdentified = "not identified"
    case notConverged = "not converged"
    case improperSolution = "improper solution"
    case sampleNotPositiveDefinite = "sample covariance matrix not positive definite"
  }
  public var kind: Kind
  public var message: String

  public var description: String { message }

  public init(kind: Kind, message: String) {
    self.kind = kind
    self.message = message
  }
}

extension SEMFailure: ClassifiedError {
  /// Singular data are bad input, not a model's failure.
  public var failureKind: FailureKind { kind == .sampleNotPositiveDefinite ? .badInput : .statistical }
}
