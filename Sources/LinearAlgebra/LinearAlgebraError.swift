import _Core
// Typed failures of the factorizations. LAPACK's `info > 0` becomes one of
// these; `info < 0` (an illegal argument) is a programming error and traps.

public enum LinearAlgebraError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Cholesky failed: the leading minor of this order (1-based) is not positive.
  case notPositiveDefinite(leadingMinor: Int)
  /// LU found an exactly zero pivot at this position (1-based).
  case singular(pivot: Int)
  /// The operands' shapes do not fit; the string says which.
  case dimensionMismatch(String)
  /// An iterative LAPACK routine (the eigen-solver) did not converge.
  case noConvergence(String)

  public var description: String {
    switch self {
    case .notPositiveDefinite(let k):
      return "matrix is not positive definite (leading minor of order \(k) is not positive)"
    case .singular(let p):
      return "matrix is singular (zero pivot at position \(p))"
    case .dimensionMismatch(let what):
      return "dimension mismatch: \(what)"
    case .noConvergence(let what):
      return "no convergence: \(what)"
    }
  }
}

/// LAPACK reports an illegal argument with info < 0; that is our bug, not the user's.
@inline(__always)
func _checkIllegalArgument(_ info: Int32, _ routine: StaticString) {
  precondition(info >= 0, "\(routine): illegal value in argument \(-info)")
}

extension LinearAlgebraError: ClassifiedError {
  /// A factorization that fails while fitting is the statistics' failure; the data's own singularity is reported
  /// as bad input by the code that knows the matrix came from the data.
  public var failureKind: FailureKind { .statistical }
}
