// Arithmetic on parameter labels, for defined parameters (`ind := a*b`) and
// constraints (`a == b`, `c > 0`), in R's notation: + − * / ^, unary minus,
// parentheses, numbers and the functions sqrt, exp, log, abs, sin, cos, tan,
// pnorm. Evaluation with dual numbers gives the exact gradient with respect to
// every label at once, for the delta method.

#if canImport(Glibc)
import Glibc
#endif
import Distributions
import Survey

public indirect enum Expression: Sendable, Equatable, CustomStringConvertible {
  case number(Double)
  case name(String)
  case negate(Expression)
  case binary(Character, Expression, Expression)
  case call(String, Expression)

  public static let functions: Set<String> = ["sqrt", "exp", "log", "abs", "sin", "cos", "tan", "pnorm"]

  /// Operator levels an expression may have. Evaluation, printing, comparison
  /// and even freeing a tree recurse once per level, on whichever thread runs
  /// them, so trees are kept shallow where they are made: the parser refuses
  /// deeper ones, and constraints refuse what their defined parameters expand to.
  public static let maxDepth = 256
  /// Nodes a constraint may have once its defined parameters are put in place
  /// (`d2 := d1*d1`, `d3 := d2*d2`, … doubles the size at every step).
  static let maxExpandedSize = 100_000

  /// Labels the expression refers to, in order of first use.
  public var names: [String] {
    var out: [String] = []
    func walk(_ e: Expression) {
      switch e {
      case .number: break
      case .name(let n): if !out.contains(n) { out.append(n) }
      case .negate(let a), .call(_, let a): walk(a)
      case .binary(_, let a, let b): walk(a); walk(b)
      }
    }
    walk(self)
    return out
  }

  /// As lavaan prints the right-hand side: without spaces (`c+a*b`).
  public var description: String {
    func prec(_ op: Character) -> Int { op == "+" || op == "-" ? 1 : op == "*" || op == "/" ? 2 : 3 }
    func show(_ e: Expression, _ outer: Int) -> String {
      switch e {
      case .number(let v): return formatNumberCompact(v)
      case .name(let n): return n
      case .negate(let a): return "-" + show(a, 3)
      case .call(let f, let a): return "\(f)(\(show(a, 0)))"
      case .binary(let op, let a, let b):
        let p = prec(op)
        let s = show(a, p) + String(op) + show(b, op == "^" ? p : p + (op == "-" || op == "/" ? 1 : 0))
        return p < outer ? "(\(s))" : s
      }
    }
    return show(self, 0)
  }

  /// Value and gradient with respect to `names` (dual-number evaluation).
  public func evaluate(_ value: (String) -> Double?) throws(SyntaxError) -> Double {
    try evaluateDual(value, wrt: []).value
  }

  /// The value and its gradient with respect to the named parameters (forward-mode dual numbers).
  public func evaluateWithGradient(_ value: (String) -> Double?, wrt: [String]) throws(SyntaxError) -> (value: Double, gradient: [Double]) {
    let d = try evaluateDual(value, wrt: wrt)
    return (d.value, d.gradient)
  }

  func evaluateDual(_ value: (String) -> Double?, wrt: [String]) throws(SyntaxError) -> Dual {
    let n = wrt.count
    func go(_ e: Expression) throws(SyntaxError) -> Dual {
      switch e {
      case .number(let v): return Dual(v, count: n)
      case .name(let s):
        guard let v = value(s) else { throw SyntaxError(line: 0, column: 0, "unknown label '\(s)'") }
        var d = Dual(v, count: n)
        if let k = wrt.firstIndex(of: s) { d.gradient[k] = 1 }
        return d
      case .negate(let a): return try go(a).scaled(-1)
      case .binary(let op, let a, let b):
        let x = try go(a), y = try go(b)
        switch op {
        case "+": return x.combine(y, 1, 1, x.value + y.value)
        case "-": return x.combine(y, 1, -1, x.value - y.value)
        case "*": return x.combine(y, y.value, x.value, x.value * y.value)
        case "/": return x.combine(y, 1 / y.value, -x.value / (y.value * y.value), x.value / y.value)
        default:
          let v = pow(x.value, y.value)
          let dy = x.value > 0 ? v * log(x.value) : 0
          return x.combine(y, y.value * pow(x.value, y.value - 1), dy, v)
        }
      case .call(let f, let a):
        let x = try go(a)
        switch f {
        case "sqrt": let v = x.value.squareRoot(); return x.chain(v, 0.5 / v)
        case "exp": let v = exp(x.value); return x.chain(v, v)
        case "log": return x.chain(log(x.value), 1 / x.value)
        case "abs": return x.chain(abs(x.value), x.value < 0 ? -1 : 1)
        case "sin": return x.chain(sin(x.value), cos(x.value))
        case "cos": return x.chain(cos(x.value), -sin(x.value))
        case "tan": let c = cos(x.value); return x.chain(tan(x.value), 1 / (c * c))
        default: return x.chain(Normal.cdf(x.value), Normal.density(x.value))
        }
      }
    }
    return try go(self)
  }
}

/// A value with its gradient (forward-mode automatic differentiation).
struct Dual: Sendable {
  var value: Double
  var gradient: [Double]

  init(_ v: Double, count: Int) {
    value = v
    gradient = Array(repeating: 0, count: count)
  }

  func scaled(_ s: Double) -> Dual {
    var d = self
    d.value *= s
    for k in d.gradient.indices { d.gradient[k] *= s }
    return d
  }

  /// value v with gradient a·∇x + b·∇y.
  func combine(_ y: Dual, _ a: Double, _ b: Double, _ v: Double) -> Dual {
    var d = self
    d.value = v
    for k in d.gradient.indices { d.gradient[k] = a * gradient[k] + b * y.gradient[k] }
    return d
  }

  func chain(_ v: Double, _ slope: Double) -> Dual {
    var d = scaled(slope)
    d.value = v
    return d
  }
}

