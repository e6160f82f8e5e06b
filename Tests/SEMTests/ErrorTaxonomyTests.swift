import Testing
import _Core
import LinearAlgebra
@testable import SEM
import Survey

// Every library error says by its type whether it is bad input (exit status 2,
// HTTP 400) or a statistical failure (exit status 1, HTTP 422): the command
// line and the browser read that, and keep no list of their own.

@Suite struct ErrorTaxonomyTests {
  @Test func eachErrorTypeHasOneKind() {
    let badInput: [any ClassifiedError] = [
      InputError(file: "data.csv", row: 3, column: "x1", "is not a number"),
      SyntaxError(line: 2, column: 5, "unknown operator"),
      SEMFailure(kind: .sampleNotPositiveDefinite, message: "singular data"),
    ]
    let statistical: [any ClassifiedError] = [
      SEMFailure(kind: .notConverged, message: "not converged"),
      SEMFailure(kind: .notIdentified, message: "not identified"),
      SEMFailure(kind: .improperSolution, message: "Heywood case"),
      LinearAlgebraError.notPositiveDefinite(leadingMinor: 2),
      LinearAlgebraError.singular(pivot: 1),
    ]
    for e in badInput { #expect(e.failureKind == .badInput && e.failureKind.exitStatus == 2, "\(e)") }
    for e in statistical { #expect(e.failureKind == .statistical && e.failureKind.exitStatus == 1, "\(e)") }
  }
}
