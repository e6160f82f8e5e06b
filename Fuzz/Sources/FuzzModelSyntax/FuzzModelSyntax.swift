import FuzzSupport
import SEM

// Model syntax as a user types it: parse, build the parameter table (one
// group, and two with a mean structure), then print and evaluate every
// defined parameter and constraint, as the estimator and the reports do.

@main enum FuzzModelSyntax: FuzzTarget {
  static func test(_ input: UnsafeBufferPointer<UInt8>) {
    guard let syntax = try? ModelSyntax.parse(text(input)) else { return }
    let value: (String) -> Double? = { _ in 0.5 }
    // Ordered indicators too: three thresholds for every observed variable,
    // in two groups with equal thresholds and loadings.
    var ordinal = ModelOptions(groups: 2, groupEqual: [.thresholds, .loadings])
    if let observed = try? ParameterTable.roles(of: syntax.structural).observed {
      let counts = Dictionary(uniqueKeysWithValues: observed.map { ($0, 3) })
      ordinal.thresholdCounts = [counts, counts]
    }
    for options in [ModelOptions(), ModelOptions(meanstructure: true, groups: 2), ordinal] {
      guard let table = try? ParameterTable.build(syntax, options: options) else { continue }
      for e in table.rows.compactMap(\.expression) {
        _ = e.description
        _ = try? e.evaluateWithGradient(value, wrt: e.names)
      }
      for c in table.constraints {
        _ = "\(c.lhs) \(c.rhs)"
        _ = try? c.lhs.evaluate(value)
        _ = try? c.rhs.evaluate(value)
      }
    }
  }
}
