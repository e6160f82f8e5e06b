// lavaan's model syntax (Rosseel 2012, "lavaan: An R package for structural
// equation modeling", J. Stat. Softw. 48(2), section 4; lavaan's
// lav_syntax_parser):
//   f =~ x1 + a*x2 + 0.8*x3      loadings; a label or a fixed value before `*`
//   y ~ f + x                    regressions (several left terms allowed: y1 + y2 ~ x)
//   x1 ~~ x2                     (residual) (co)variances
//   y ~ 1                        intercepts (mean structure)
//   ind := a*b                   defined parameters
//   a == b; c > 0                constraints
// Modifiers: a number (fixed), NA (free), a label, start(v), label("a"),
// equal("a") (same as the label a), c(...) one per group (labels, fixed
// values, NA or start values group by group). `#` and `!` start comments; statements end at a
// line break or `;`, and continue on the next line after a trailing operator
// or before a leading `+`.

public enum Operator: String, Sendable, Codable, CaseIterable {
  case measuredBy = "=~"
  case regression = "~"
  case covariance = "~~"
  case intercept = "~1"
  case defined = ":="
  case equal = "=="
  case less = "<"
  case greater = ">"
  /// A threshold of an ordered variable (`x1 | t1`), and the delta
  /// parameterization's scale factor (`x1 ~*~ x1`): rows of the results.
  case threshold = "|"
  case scale = "~*~"
}

extension Operator: CustomStringConvertible {
  /// The operator as lavaan writes it, so that messages read "x1 =~ f".
  public var description: String { rawValue }
}

public struct Modifier: Sendable, Equatable {
  public var fixed: Double?
  public var free = false
  public var label: String?
  public var start: Double?
  /// c(…): one modifier per group, in group order (nil: the same in every group).
  public var perGroup: [Modifier]?
  public init() {}

  /// The modifier of group g (1-based): the plain modifiers with group g's
  /// element of each c(…) on top.
  public func forGroup(_ g: Int) -> Modifier {
    var m = self
    m.perGroup = nil
    guard let perGroup, !perGroup.isEmpty else { return m }
    m.overlay(perGroup[min(g, perGroup.count) - 1])
    return m
  }

  mutating func overlay(_ e: Modifier) {
    if let v = e.fixed { fixed = v; free = false }
    if e.free { free = true; fixed = nil }
    if let l = e.label { label = l }
    if let s = e.start { start = s }
  }

  /// Another modifier of the same parameter (lavaan's `f =~ NA*x1 + a*x1`): its values on top of these.
  mutating func merge(_ other: Modifier) {
    overlay(other)
    if let values = other.perGroup { addPerGroup(values) }
  }

  /// Adds a c(…) list: element by element onto an earlier list of the same length.
  mutating func addPerGroup(_ values: [Modifier]) {
    guard var existing = perGroup, existing.count == values.count else { perGroup = values; return }
    for k in existing.indices { existing[k].overlay(values[k]) }
    perGroup = existing
  }
}

public struct Term: Sendable, Equatable {
  public var name: String
  public var modifier: Modifier
  public var line: Int
  public var column: Int
}

public enum Statement: Sendable, Equatable {
  case relation(lhs: [Term], op: Operator, rhs: [Term], line: Int)
  case defined(name: String, expression: Expression, line: Int)
  case constraint(lhs: Expression, op: Operator, rhs: Expression, line: Int)
}

public struct ModelSyntax: Sendable, Equatable {
  public var statements: [Statement]

  /// t1, t2, …: the k of threshold `tk`, nil for any other name.
  static func thresholdIndex(_ name: String) -> Int? {
    // "t" and a decimal number without sign or leading zero; read byte by byte
    // (table lookups call this for every row of every fit).
    let bytes = name.utf8
    guard bytes.count >= 2, bytes.count <= 10, bytes.first == UInt8(ascii: "t") else { return nil }
    var k = 0
    for (i, c) in bytes.dropFirst().enumerated() {
      guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9"), i > 0 || c != UInt8(ascii: "0") else { return nil }
      k = k * 10 + Int(c - UInt8(ascii: "0"))
    }
    return k
  }
  static func isThresholdName(_ name: String) -> Bool { thresholdIndex(name) != nil }

  /// The statements other than thresholds and scale factors (`|`, `~*~`),
  /// which need the data's categories: enough to learn the model's variables.
  public var structural: ModelSyntax {
    ModelSyntax(statements: statements.filter {
      if case .relation(_, let op, _, _) = $0 { return op != .threshold && op != .scale }
      return true
    })
  }

  public static func parse(_ text: String) throws(SyntaxError) -> ModelSyntax {
    let tokens = try _Lexer(text).tokens()
    var statements: [Statement] = []
    for group in _splitStatements(tokens) {
      var p = _StatementParser(tokens: group)
      statements.append(try p.parse())
    }
    if statements.isEmpty { throw SyntaxError(line: 1, column: 1, "the model is empty: write at least one statement such as 'f =~ x1 + x2 + x3'") }
    return ModelSyntax(statements: statements)
  }
}

// MARK: lexer

struct _Token: Equatable {
  enum Kind: Equatable { case name, number, string, op, end }
  var kind: Kind
  var text: String
  var line: Int
  var column: Int
}

struct _Lexer {
  let lines: [[Character]]
  /// The same lines as bytes when the text is ASCII (nil otherwise).
  let bytes: [[UInt8]]?

  init(_ text: String) {
    // Foundation's replacement bridges through NSString: only when there is a CR at all.
    let unix = text.utf8.contains(13) ? text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") : text
    if unix.utf8.allSatisfy({ $0 < 0x80 }) {
      // ASCII: each byte is a character, so no grapheme breaking (the costly part of reading a model).
      let b = unix.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
      bytes = b
      lines = b.map { $0.map { Character(Unicode.Scalar($0)) } }
    } else {
      bytes = nil
      lines = unix.split(separator: "\n", omittingEmptySubsequences: false).map(Array.init)
    }
  }

  /// A token's text, from the bytes where the text is ASCII (a String from Characters is the slow way).
  func text(line li: Int, _ range: Range<Int>) -> String {
    if let bytes { return String(decoding: bytes[li][range], as: UTF8.self) }
    return String(lines[li][range])
  }

  /// Character's own classes, answered from the byte for ASCII (the same answers, without a Unicode property lookup).
  static func isLetter(_ c: Character) -> Bool {
    if let a = c.asciiValue { return (a | 0x20) >= 0x61 && (a | 0x20) <= 0x7A }
    return c.isLetter
  }
  static func isNumber(_ c: Character) -> Bool {
    if let a = c.asciiValue { return a >= 0x30 && a <= 0x39 }
    return c.isNumber
  }
  static func isNameStart(_ c: Character) -> Bool { isLetter(c) || c == "." || c == "_" }
  static func isNameChar(_ c: Character) -> Bool { isLetter(c) || isNumber(c) || c == "." || c == "_" }

  func tokens() throws(SyntaxError) -> [_Token] {
    var out: [_Token] = []
    let twoChar: Set<String> = ["=~", "~~", ":=", "==", "<~", "~*", "|~"]
    for (li, chars) in lines.enumerated() {
      let line = li + 1
      var i = 0
      while i < chars.count {
        let c = chars[i]
        let col = i + 1
        if c == "#" || c == "!" { break }
        if c == " " || c == "\t" || c == "\u{3000}" { i += 1; continue }
        if c == ";" { out.append(_Token(kind: .op, text: ";", line: line, column: col)); i += 1; continue }
        if c == "\"" || c == "'" {
          var j = i + 1
          while j < chars.count, chars[j] != c { j += 1 }
          guard j < chars.count else { throw SyntaxError(line: line, column: col, "unterminated string (no closing \(c))") }
          out.append(_Token(kind: .string, text: text(line: li, (i + 1)..<j), line: line, column: col))
          i = j + 1
          continue
        }
        if _Lexer.isNumber(c) || (c == "." && i + 1 < chars.count && _Lexer.isNumber(chars[i + 1])) {
          var j = i
          while j < chars.count, _Lexer.isNumber(chars[j]) || chars[j] == "." { j += 1 }
          if j < chars.count, chars[j] == "e" || chars[j] == "E" {
            var k = j + 1
            if k < chars.count, chars[k] == "+" || chars[k] == "-" { k += 1 }
            if k < chars.count, _Lexer.isNumber(chars[k]) {
              j = k
              while j < chars.count, _Lexer.isNumber(chars[j]) { j += 1 }
            }
          }
          out.append(_Token(kind: .number, text: text(line: li, i..<j), line: line, column: col))
          i = j
          continue
        }
        if _Lexer.isNameStart(c) {
          var j = i
          while j < chars.count, _Lexer.isNameChar(chars[j]) { j += 1 }
          // lavaan's interaction of observed variables, x:w, is one name (not ':=').
          while j + 1 < chars.count, chars[j] == ":", _Lexer.isNameStart(chars[j + 1]) {
            j += 1
            while j < chars.count, _Lexer.isNameChar(chars[j]) { j += 1 }
          }
          out.append(_Token(kind: .name, text: text(line: li, i..<j), line: line, column: col))
          i = j
          continue
        }
        // The scale factor of an ordered variable, `x ~*~ x`.
        if i + 2 < chars.count, chars[i] == "~", chars[i + 1] == "*", chars[i + 2] == "~" {
          out.append(_Token(kind: .op, text: "~*~", line: line, column: col))
          i += 3
          continue
        }
        if i + 1 < chars.count, case let t = text(line: li, i..<(i + 2)), twoChar.contains(t) {
          if t == "<~" || t == "~*" || t == "|~" {
            throw SyntaxError(line: line, column: col, "the operator '\(t)' is not supported (ClusterStat fits reflective models: =~, ~, ~~, ~1, |, ~*~, :=, ==, <, >)")
          }
          out.append(_Token(kind: .op, text: t, line: line, column: col))
          i += 2
          continue
        }
        if "~+-*/^(),<>|=".contains(c) {
          if c == "=" { throw SyntaxError(line: line, column: col, "unexpected '='; did you mean '=~' (loadings), '==' (a constraint) or ':=' (a defined parameter)?") }
          out.append(_Token(kind: .op, text: String(c), line: line, column: col))
          i += 1
          continue
        }
        throw SyntaxError(line: line, column: col, "unexpected character '\(c)'")
      }
      out.append(_Token(kind: .op, text: "\n", line: line, column: chars.count + 1))
    }
    return out
  }
}

/// Groups tokens into statements at line breaks and `;`, except where the
/// statement obviously continues (trailing operator, leading `+`, open parenthesis).
func _splitStatements(_ tokens: [_Token]) -> [[_Token]] {
  let continuing: Set<String> = ["+", "*", "=~", "~~", "~", "|", "~*~", ":=", "==", "<", ">", "(", ",", "-", "/", "^"]
  var groups: [[_Token]] = []
  var current: [_Token] = []
  var depth = 0
  // The first token after each position that is not a line break, found in
  // one pass: searching ahead at every line break is quadratic in blank lines.
  var following = [_Token?](repeating: nil, count: tokens.count)
  var ahead: _Token?
  for k in tokens.indices.reversed() {
    following[k] = ahead
    if !(tokens[k].kind == .op && tokens[k].text == "\n") { ahead = tokens[k] }
  }
  for (k, t) in tokens.enumerated() {
    if t.kind == .op, t.text == "(" { depth += 1 }
    if t.kind == .op, t.text == ")" { depth -= 1 }
    if t.kind == .op, t.text == ";" || t.text == "\n" {
      if t.text == "\n" {
        let last = current.last
        let next = following[k]
        if depth > 0 || (last.map { $0.kind == .op && continuing.contains($0.text) } ?? false)
          || (next.map { $0.kind == .op && ($0.text == "+" || $0.text == "*") } ?? false) && !current.isEmpty {
          continue
        }
      }
      if !current.isEmpty { groups.append(current) }
      current = []
      depth = 0
      continue
    }
    current.append(t)
  }
  if !current.isEmpty { groups.append(current) }
  return groups
}

// MARK: statements

struct _StatementParser {
  var tokens: [_Token]
  var i = 0
  /// Parentheses, function calls, unary minuses and powers open around the current token.
  var nesting = 0
  let hasRegression: Bool

  init(tokens: [_Token]) {
    self.tokens = tokens
    hasRegression = tokens.contains { $0.kind == .op && $0.text == "~" }
  }

  var peek: _Token { i < tokens.count ? tokens[i] : _Token(kind: .end, text: "end of statement", line: tokens.last?.line ?? 1, column: (tokens.last.map { $0.column + $0.text.count } ?? 1)) }

  mutating func next() -> _Token { let t = peek; i += 1; return t }

  func fail(_ t: _Token, _ what: String) -> SyntaxError {
    let found = t.kind == .end ? "the end of the statement" : "'\(t.text)'"
    return SyntaxError(line: t.line, column: t.column, "expected \(what), found \(found)")
  }

  mutating func parse() throws(SyntaxError) -> Statement {
    // The statement's operator: the first relation operator at depth 0.
    var depth = 0
    var opIndex: Int?
    for (k, t) in tokens.enumerated() where t.kind == .op {
      if t.text == "(" { depth += 1 } else if t.text == ")" { depth -= 1 }
      if depth == 0, ["=~", "~~", "~", "|", "~*~", ":=", "==", "<", ">"].contains(t.text) { opIndex = k; break }
    }
    guard let opIndex else {
      let t = tokens[0]
      throw SyntaxError(line: t.line, column: t.column, "no operator in this statement; expected one of =~ ~ ~~ := == < > (e.g. 'f =~ x1 + x2 + x3')")
    }
    let opToken = tokens[opIndex]
    switch opToken.text {
    case ":=":
      guard opIndex == 1, tokens[0].kind == .name else {
        throw SyntaxError(line: tokens[0].line, column: tokens[0].column, "expected one name before ':=' (e.g. 'ind := a*b')")
      }
      i = 2
      let e = try expression()
      guard peek.kind == .end else { throw fail(peek, "an operator or the end of the statement") }
      return .defined(name: tokens[0].text, expression: e, line: opToken.line)
    case "==", "<", ">":
      let lhs = try expression()
      guard i == opIndex else { throw fail(peek, "'\(opToken.text)'") }
      i += 1
      let rhs = try expression()
      guard peek.kind == .end else { throw fail(peek, "an operator or the end of the statement") }
      return .constraint(lhs: lhs, op: Operator(rawValue: opToken.text)!, rhs: rhs, line: opToken.line)
    default:
      var lhs: [Term] = []
      while true {
        let t = next()
        guard t.kind == .name else { throw fail(t, "a variable name before '\(opToken.text)'") }
        lhs.append(Term(name: t.text, modifier: Modifier(), line: t.line, column: t.column))
        if i == opIndex { break }
        let plus = next()
        guard plus.kind == .op, plus.text == "+" else { throw fail(plus, "'+' or '\(opToken.text)'") }
      }
      i = opIndex + 1
      var rhs: [Term] = []
      var after = opToken
      repeat {
        rhs.append(try term(after: after))
        if peek.kind == .end { break }
        let plus = next()
        guard plus.kind == .op, plus.text == "+" else { throw fail(plus, "'+' or the end of the statement") }
        after = plus
      } while true
      let op = Operator(rawValue: opToken.text)!
      // `y ~ 1` (and `y ~ 0*1`) is an intercept.
      if op == .regression, rhs.contains(where: { $0.name == "1" }) {
        // `x ~ c(0, NA)*1 + c(nu.1, nu.2)*1` (semTools' measEq.syntax) adds modifiers to one intercept.
        guard rhs.allSatisfy({ $0.name == "1" }) else {
          let t = rhs.first { $0.name == "1" }!
          throw SyntaxError(line: t.line, column: t.column, "write the intercept on a line of its own ('\(lhs[0].name) ~ 1')")
        }
        return .relation(lhs: lhs, op: .intercept, rhs: rhs, line: opToken.line)
      }
      if let one = rhs.first(where: { $0.name == "1" }) {
        throw SyntaxError(line: one.line, column: one.column, "expected a variable name, found '1' (intercepts are written 'y ~ 1')")
      }
      // lavaan's thresholds, `x | t1 + t2`: the right-hand side names them t1, t2, … in order.
      if op == .threshold, let bad = rhs.first(where: { !ModelSyntax.isThresholdName($0.name) }) {
        throw SyntaxError(line: bad.line, column: bad.column, "thresholds are named t1, t2, … ('\(lhs[0].name) | t1 + t2'), found '\(bad.name)'")
      }
      if op == .scale, let bad = rhs.first(where: { $0.name != lhs[0].name }) ?? (lhs.count > 1 ? lhs[1] : nil) {
        throw SyntaxError(line: bad.line, column: bad.column, "a scale factor is written with the same variable on both sides ('x1 ~*~ x1'), found '\(bad.name)'")
      }
      return .relation(lhs: lhs, op: op, rhs: rhs, line: opToken.line)
    }
  }

  /// (modifier '*')* name — or the intercept's 1.
  mutating func term(after op: _Token) throws(SyntaxError) -> Term {
    var mod = Modifier()
    while true {
      let t = peek
      // A name or the intercept's "1" not followed by '*' ends the term.
      let followedByStar = i + 1 < tokens.count && tokens[i + 1].kind == .op && tokens[i + 1].text == "*"
      switch t.kind {
      case .name where !followedByStar && !(i + 1 < tokens.count && tokens[i + 1].text == "("):
        i += 1
        return Term(name: t.text, modifier: mod, line: t.line, column: t.column)
      case .number where !followedByStar:
        if i + 1 < tokens.count, tokens[i + 1].kind == .name {
          let n = tokens[i + 1]
          throw SyntaxError(line: n.line, column: n.column, "expected '*' after the modifier '\(t.text)' (write \(t.text)*\(n.text)), found '\(n.text)'")
        }
        i += 1
        guard t.text == "1", hasRegression else { throw fail(t, "a variable name") }
        return Term(name: "1", modifier: mod, line: t.line, column: t.column)
      case .name, .number, .string:
        try modifier(&mod)
        let star = next()
        guard star.kind == .op, star.text == "*" else { throw fail(star, "'*' after a modifier") }
      case .op where t.text == "-":
        try modifier(&mod)
        let star = next()
        guard star.kind == .op, star.text == "*" else { throw fail(star, "'*' after a modifier") }
      default:
        throw fail(t, "a variable name after '\(op.text)'")
      }
    }
  }

  /// - Parameter inList: an element of c(…), which holds plain values: a call
  ///   there (c(c(…)) nested ten thousand deep overflowed the stack) is refused.
  mutating func modifier(_ mod: inout Modifier, inList: Bool = false) throws(SyntaxError) {
    let t = next()
    switch t.kind {
    case .number:
      guard let v = Double(t.text), v.isFinite else { throw SyntaxError(line: t.line, column: t.column, "\(t.text) is not a finite number") }
      mod.fixed = v
    case .op where t.text == "-":
      let n = next()
      guard n.kind == .number, let v = Double(n.text), v.isFinite else { throw fail(n, "a finite number after '-'") }
      mod.fixed = -v
    case .string:
      mod.label = t.text
    case .name:
      if t.text == "NA" { mod.free = true; return }
      guard peek.kind == .op, peek.text == "(" else { mod.label = t.text; return }
      if inList {
        throw SyntaxError(line: t.line, column: t.column, "c(…) holds numbers, NA and labels, one per group, not '\(t.text)(…)'")
      }
      _ = next()
      switch t.text {
      case "start":
        if peek.kind == .name, peek.text == "c" {
          // start(c(0.5, 0.7)): one start value per group.
          _ = next()
          let open = next()
          guard open.kind == .op, open.text == "(" else { throw fail(open, "'(' after start(c") }
          var values: [Modifier] = []
          repeat {
            var m = Modifier()
            m.start = try signedNumber()
            values.append(m)
          } while peek.kind == .op && peek.text == "," && { _ = next(); return true }()
          let close = next()
          guard close.kind == .op, close.text == ")" else { throw fail(close, "')'") }
          mod.addPerGroup(values)
        } else {
          mod.start = try signedNumber()
        }
      case "label", "equal":
        let s = next()
        guard s.kind == .string || s.kind == .name else { throw fail(s, "a quoted label in \(t.text)(…)") }
        mod.label = s.text
      case "c":
        // One value per group (lavaan: as many as there are groups).
        var values: [Modifier] = []
        repeat {
          var m = Modifier()
          try modifier(&m, inList: true)
          values.append(m)
        } while peek.kind == .op && peek.text == "," && { _ = next(); return true }()
        mod.addPerGroup(values)
      default:
        throw SyntaxError(line: t.line, column: t.column, "unknown modifier '\(t.text)(…)'; expected start(), label(), equal() or c()")
      }
      let close = next()
      guard close.kind == .op, close.text == ")" else { throw fail(close, "')'") }
    default:
      throw fail(t, "a modifier (a number, NA or a label)")
    }
  }

  mutating func signedNumber() throws(SyntaxError) -> Double {
    var sign = 1.0
    if peek.kind == .op, peek.text == "-" { _ = next(); sign = -1 }
    let n = next()
    guard n.kind == .number, let v = Double(n.text), v.isFinite else { throw fail(n, "a finite number") }
    return sign * v
  }

  // Expressions: sum := product (('+'|'-') product)*, product := power (('*'|'/') power)*,
  // power := unary ('^' power)?, unary := '-' unary | atom.
  // The evaluator, the printer and the constraint code recurse through the
  // tree, so its depth is bounded here, where the text says which line and
  // column to blame: parentheses, calls, unary minuses and powers nest at most
  // Expression.maxDepth levels in the text, and so does the tree, in which a
  // sum or product of n terms is n − 1 levels deep.
  mutating func expression() throws(SyntaxError) -> Expression { try sum().expression }

  mutating func sum() throws(SyntaxError) -> _Parsed {
    var e = try product()
    while peek.kind == .op, peek.text == "+" || peek.text == "-" {
      let op = next()
      e = try combine(op, e, try product())
    }
    return e
  }

  mutating func product() throws(SyntaxError) -> _Parsed {
    var e = try power()
    while peek.kind == .op, peek.text == "*" || peek.text == "/" {
      let op = next()
      e = try combine(op, e, try power())
    }
    return e
  }

  mutating func power() throws(SyntaxError) -> _Parsed {
    let base = try unary()
    if peek.kind == .op, peek.text == "^" {
      let op = next()
      try open(op)
      defer { nesting -= 1 }
      return try combine(op, base, try power())
    }
    return base
  }

  mutating func unary() throws(SyntaxError) -> _Parsed {
    let t = next()
    switch t.kind {
    case .op where t.text == "-":
      try open(t)
      defer { nesting -= 1 }
      let a = try unary()
      return try node(t, .negate(a.expression), depth: a.depth + 1)
    case .number:
      guard let v = Double(t.text) else { throw fail(t, "a number") }
      return _Parsed(expression: .number(v), depth: 0)
    case .name:
      if peek.kind == .op, peek.text == "(" {
        guard Expression.functions.contains(t.text) else {
          throw SyntaxError(line: t.line, column: t.column, "unknown function '\(t.text)'; available: \(Expression.functions.sorted().joined(separator: ", "))")
        }
        try open(next())
        defer { nesting -= 1 }
        let arg = try sum()
        let close = next()
        guard close.kind == .op, close.text == ")" else { throw fail(close, "')'") }
        return try node(t, .call(t.text, arg.expression), depth: arg.depth + 1)
      }
      return _Parsed(expression: .name(t.text), depth: 0)
    case .op where t.text == "(":
      try open(t)
      defer { nesting -= 1 }
      let e = try sum()
      let close = next()
      guard close.kind == .op, close.text == ")" else { throw fail(close, "')'") }
      return e
    default:
      throw fail(t, "a number, a label or '('")
    }
  }

  /// One more level of nesting at `t`: a parenthesis, a call, a unary minus or '^'.
  mutating func open(_ t: _Token) throws(SyntaxError) {
    nesting += 1
    guard nesting <= Expression.maxDepth else {
      throw SyntaxError(line: t.line, column: t.column, "expressions nested deeper than \(Expression.maxDepth) levels")
    }
  }

  func combine(_ op: _Token, _ a: _Parsed, _ b: _Parsed) throws(SyntaxError) -> _Parsed {
    try node(op, .binary(Character(op.text), a.expression, b.expression), depth: max(a.depth, b.depth) + 1)
  }

  func node(_ t: _Token, _ e: Expression, depth: Int) throws(SyntaxError) -> _Parsed {
    guard depth <= Expression.maxDepth else {
      throw SyntaxError(line: t.line, column: t.column,
        "expressions nested deeper than \(Expression.maxDepth) levels (a sum or product of n terms counts n − 1); split it into defined parameters, e.g. 's1 := a + b' and 's := s1 + c'")
    }
    return _Parsed(expression: e, depth: depth)
  }
}

/// An expression with the depth of its tree (operators above the deepest leaf).
struct _Parsed {
  var expression: Expression
  var depth: Int
}

