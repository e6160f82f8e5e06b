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

struct ModelConstraints: Sendable {
  struct Item: Sendable {
    var expression: Expression
    var isEquality: Bool
    var text: String
    var line: Int
  }
  let items: [Item]
  /// Label → 0-based free index, or its fixed value.
  let freeIndex: [String: Int]
  let fixedValue: [String: Double]
  let labels: [String]

  var isEmpty: Bool { items.isEmpty }
  var equalityCount: Int { items.filter(\.isEquality).count }

  init(table: ParameterTable) throws(SyntaxError) {
    var freeIndex: [String: Int] = [:], fixedValue: [String: Double] = [:]
    for r in table.rows where !r.label.isEmpty && r.op != .defined {
      if r.free > 0 { freeIndex[r.label] = r.free - 1 } else { fixedValue[r.label] = r.ustart ?? 0 }
    }
    var defined: [String: Expression] = [:]
    var shapes: [String: Expression.Shape] = [:]
    for r in table.rows where r.op == .defined {
      guard let e = r.expression else { continue }
      defined[r.lhs] = e.substituting(defined)
      shapes[r.lhs] = e.shape(shapes)
    }
    var items: [Item] = []
    for c in table.constraints {
      let difference: Expression = c.op == .less ? .binary("-", c.rhs, c.lhs) : .binary("-", c.lhs, c.rhs)
      let text = "\(c.lhs) \(c.op.rawValue) \(c.rhs)"
      // The expanded tree shares the defined parameters' subtrees, so it is
      // built at once, but walking it (names, every evaluation) is not.
      let l = c.lhs.shape(shapes), r = c.rhs.shape(shapes)
      guard max(l.depth, r.depth) <= Expression.maxDepth, l.size <= Expression.maxExpandedSize - r.size else {
        throw SyntaxError(line: c.line, column: 1,
          "the constraint '\(text)' with its defined parameters put in place is too large (more than \(Expression.maxDepth) levels or \(Expression.maxExpandedSize) operations); write it over fewer, smaller defined parameters")
      }
      items.append(Item(expression: difference.substituting(defined), isEquality: c.op == .equal, text: text, line: c.line))
    }
    self.items = items
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
  struct Shape {
    /// Operator levels above the deepest leaf.
    var depth: Int
    /// Nodes, counted as a tree (shared subtrees once per use), saturating.
    var size: Int
  }

  /// The shape of `substituting` with expressions of the given shapes put in place of their names.
  func shape(_ named: [String: Shape]) -> Shape {
    func add(_ a: Int, _ b: Int) -> Int { let (s, o) = a.addingReportingOverflow(b); return o ? .max : s }
    switch self {
    case .number: return Shape(depth: 0, size: 1)
    case .name(let n): return named[n] ?? Shape(depth: 0, size: 1)
    case .negate(let a), .call(_, let a):
      let s = a.shape(named)
      return Shape(depth: s.depth + 1, size: add(s.size, 1))
    case .binary(_, let a, let b):
      let x = a.shape(named), y = b.shape(named)
      return Shape(depth: max(x.depth, y.depth) + 1, size: add(add(x.size, y.size), 1))
    }
  }

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
