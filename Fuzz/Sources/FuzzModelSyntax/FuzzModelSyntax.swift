import FuzzSupport
import SEM

// Model syntax as a user types it: parse, build the parameter table (one and
// two groups, with and without a mean structure), then print and evaluate
// every defined parameter and constraint, as the estimator and the reports do.

@main enum Fuzzer {
  static func main() { runFuzzer { data, size in fuzzModelSyntax(data, size) } }
}

func fuzzModelSyntax(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let data else { return 0 }
  guard let syntax = try? ModelSyntax.parse(fuzzText(data, size)) else { return 0 }
  for options in [ModelOptions(), ModelOptions(meanstructure: true, groups: 2)] {
    guard let table = try? ParameterTable.build(syntax, options: options) else { continue }
    let value: (String) -> Double? = { _ in 0.5 }
    for row in table.rows {
      guard let e = row.expression else { continue }
      _ = e.description
      _ = try? e.evaluateDual(value, wrt: e.names)
    }
    for c in table.constraints {
      _ = "\(c.lhs) \(c.rhs)"
      _ = try? c.lhs.evaluate(value)
      _ = try? c.rhs.evaluate(value)
    }
  }
  return 0
}
