import LinearAlgebra

// General constraints over labels (lavaan's `lhs == rhs`, `lhs > rhs`,
// `lhs < rhs`, lav_constraints.R), as functions of the free parameters:
//   equality    c(θ) = lhs − rhs = 0
//   inequality  c(θ) = lhs − rhs ≥ 0 (for >),  rhs − lhs ≥ 0 (for <)
// with lhs and rhs arithmetic over labels (+ − * / ^, exp, log, sqrt, abs)
// and defined parameters (:=) expanded in place. The Jacobian ∂c/∂θ is exact
// (forward-mode differentiation, Expression.evaluateDual). `a == b` between
// two labels never reaches here: the parameter table gives both one index.
// Equality constraints lower the number of free parameters lavaan counts
// (npar, and so df, AIC, BIC); inequalities do not.

public struct ModelConstraints: Sendable {
  public struct Item: Sendable {
    public var expression: Expression
    public var isEquality: Bool
    public var text: String
    public var line: Int
  }
  public let items: [Item]
  /// Label → 0-based free index, or its fixed value.
  let freeIndex: [String: Int]
  let fixedValue: [String: Double]
  let labels: [String]

  public var isEmpty: Bool { items.isEmpty }
  public var equalityCount: Int { items.filter(\.isEquality).count }

  init(table: ParameterTable) throws(SyntaxError) {
    var freeIndex: [String: Int] = [:], fixedValue: [String: Double] = [:]
    for r in table.rows where !r.label.isEmpty && r.op != ":=" {
      if r.free > 0 { freeIndex[r.label] = r.free - 1 } else { fixedValue[r.label] = r.ustart ?? 0 }
    }
    var defined: [String: Expression] = [:]
    for r in table.rows where r.op == ":=" { if let e = r.expression { defined[r.lhs] = e.substituting(defined) } }
    items = table.constraints.map { c in
      let difference: Expression = c.op == .less ? .binary("-", c.rhs, c.lhs) : .binary("-", c.lhs, c.rhs)
      return Item(expression: difference.substituting(defined), isEquality: c.op == .equal,
                  text: "\(c.lhs) \(c.op.rawValue) \(c.rhs)", line: c.line)
    }
    self.freeIndex = freeIndex
    self.fixedValue = fixedValue
    labels = Array(freeIndex.keys).sorted()
    for item in items {
      for n in item.expression.names where freeIndex[n] == nil && fixedValue[n] == nil {
        throw SyntaxError(line: item.line, column: 1, "'\(n)' in the constraint '\(item.text)' is not a parameter label")
      }
    }
  }

  /// c(θ) of the listed items and their Jacobian (rows: items, columns: θ).
  func evaluate(_ theta: [Double], items which: [Int]) -> (values: [Double], jacobian: Matrix) {
    var values = [Double](repeating: 0, count: which.count)
    var jacobian = Matrix(rows: which.count, columns: theta.count)
    let value: (String) -> Double? = { n in self.freeIndex[n].map { theta[$0] } ?? self.fixedValue[n] }
    for (r, k) in which.enumerated() {
      guard let d = try? items[k].expression.evaluateDual(value, wrt: labels) else { values[r] = .nan; continue }
      values[r] = d.value
      for (a, name) in labels.enumerated() { jacobian[r, freeIndex[name]!] += d.gradient[a] }
    }
    return (values, jacobian)
  }
}

extension Expression {
  /// The expression with the named sub-expressions put in place of their names.
  func substituting(_ table: [String: Expression]) -> Expression {
    switch self {
    case .number: return self
    case .name(let n): return table[n] ?? self
    case .negate(let a): return .negate(a.substituting(table))
    case .binary(let op, let a, let b): return .binary(op, a.substituting(table), b.substituting(table))
    case .call(let f, let a): return .call(f, a.substituting(table))
    }
  }
}
