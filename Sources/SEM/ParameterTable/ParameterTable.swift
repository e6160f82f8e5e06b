// The parameter table: one row per model parameter, with lavaan's columns and
// the defaults of lavaan's cfa()/sem() (lavaan's lav_partable_flat):
//   - user rows first, in syntax order, then default rows:
//     (residual) variances of every non-exogenous observed variable and every
//     latent variable; covariances among exogenous latent variables;
//     covariances among purely dependent variables (auto.cov.y); and, with
//     fixed.x, variances and covariances of exogenous observed covariates,
//     fixed at their sample values;
//   - the first loading of each factor fixed to 1 (or, with std.lv, every
//     latent variance fixed to 1 and all loadings free);
//   - the residual variance of a single indicator fixed to 0;
//   - user modifiers override: a number fixes, NA frees, a label names (and
//     equal labels are one parameter);
//   - with a mean structure (asked for, implied by `~ 1` in the syntax, or by
//     more than one group): free intercepts of the observed variables (fixed
//     at the sample means for fixed.x covariates) and latent means fixed at 0;
//   - with G groups, every row once per group (a user label shared by the
//     groups makes them equal, as in lavaan); group.equal ties a class of free
//     parameters to group 1's (lavaan's labels .pN.), except the rows named in
//     group.partial; equal intercepts free the latent means of groups 2…G.

public struct ParameterRow: Sendable, Equatable {
  public var id: Int
  public var lhs: String
  public var op: Operator
  public var rhs: String
  /// 1 when written in the syntax, 0 when added by default.
  public var user: Int
  public var group: Int
  /// 0 for a fixed parameter, otherwise the index (1-based) of the free parameter.
  public var free: Int
  /// The fixed value, or a user-given start value.
  public var ustart: Double?
  /// 1 for exogenous covariates' (co)variances fixed at their sample values.
  public var exo: Int
  public var label: String
  /// The syntax line the row came from (0 for default rows).
  public var line: Int
  /// The right-hand side of a defined parameter (`:=`).
  public var expression: Expression?

  public var isVariance: Bool { op == .covariance && lhs == rhs }
}

public struct ModelOptions: Sendable, Equatable {
  /// Scale latent variables by fixing their variances to 1 instead of a loading.
  public var stdLV = false
  /// Treat exogenous observed covariates as fixed (lavaan's fixed.x = TRUE).
  public var fixedX = true
  /// Covariances among exogenous latent variables free (lavaan's auto.cov.lv.x).
  public var orthogonal = false
  /// Intercepts and means (lavaan's meanstructure); implied by `~ 1` or by groups.
  public var meanstructure = false
  /// Number of groups (lavaan's group = ...); the data say which case is in which.
  public var groups = 1
  /// Classes of parameters equal across groups (lavaan's group.equal).
  public var groupEqual: [GroupEqual] = []
  /// Rows exempt from groupEqual, as `lhs op rhs` ("x3 ~ 1", "visual =~ x2").
  public var groupPartial: [String] = []
  /// Intercepts of observed variables free by default (lavaan's int.ov.free; growth(): false).
  public var observedInterceptsFree = true
  /// Means of latent variables free by default (lavaan's int.lv.free; growth(): true).
  public var latentMeansFree = false
  /// Ordered variables (lavaan's ordered =): per group, each one's number of
  /// thresholds (categories − 1), from the data. Empty: every variable continuous.
  public var thresholdCounts: [[String: Int]] = []
  /// How ordered variables are scaled: delta (their residual variances are not
  /// parameters: fixed here, set by SEM.fit) or theta (1 unless freed).
  public var parameterization: Parameterization = .delta

  /// lavaan's growth() defaults: a mean structure, observed intercepts fixed
  /// to 0 and latent means free, so the growth factors carry the means.
  public static func growth(_ base: ModelOptions = ModelOptions()) -> ModelOptions {
    var o = base
    o.meanstructure = true
    o.observedInterceptsFree = false
    o.latentMeansFree = true
    return o
  }
  public init(stdLV: Bool = false, fixedX: Bool = true, orthogonal: Bool = false, meanstructure: Bool = false,
              groups: Int = 1, groupEqual: [GroupEqual] = [], groupPartial: [String] = []) {
    self.stdLV = stdLV
    self.fixedX = fixedX
    self.orthogonal = orthogonal
    self.meanstructure = meanstructure
    self.groups = groups
    self.groupEqual = groupEqual
    self.groupPartial = groupPartial
  }
}

/// lavaan's group.equal classes.
public enum GroupEqual: String, Sendable, CaseIterable, Codable {
  case loadings, intercepts, means, residuals, thresholds
  case residualCovariances = "residual.covariances"
  case lvVariances = "lv.variances"
  case lvCovariances = "lv.covariances"
  case regressions

  /// The class of a row, given which names are latent.
  static func of(_ r: ParameterRow, latent: Set<String>) -> GroupEqual? {
    switch r.op {
    case .measuredBy: return .loadings
    case .regression: return .regressions
    case .intercept: return latent.contains(r.lhs) ? .means : .intercepts
    case .threshold: return .thresholds
    case .covariance:
      let lv = latent.contains(r.lhs) && latent.contains(r.rhs)
      if lv { return r.lhs == r.rhs ? .lvVariances : .lvCovariances }
      return r.lhs == r.rhs ? .residuals : .residualCovariances
    default: return nil
    }
  }
}

/// Who is what in a model (lavaan's lav_partable_vnames).
public struct VariableRoles: Sendable, Equatable {
  /// Observed variables, indicators first, in order of appearance.
  public var observed: [String]
  /// Latent variables, in order of definition.
  public var latent: [String]
  /// Pure exogenous observed covariates (regression predictors only).
  public var observedX: [String]
  /// Exogenous latent variables (not regressed on, not indicators).
  public var latentX: [String]
  /// Purely dependent observed and latent variables.
  public var observedY: [String]
  public var latentY: [String]
  /// Indicators (of any factor).
  public var indicators: [String]
}

public struct ParameterTable: Sendable {
  public var rows: [ParameterRow]
  public var roles: VariableRoles
  public var options: ModelOptions
  /// Constraints other than simple label equalities, kept for the estimator.
  public var constraints: [(lhs: Expression, op: Operator, rhs: Expression, line: Int)]
  /// Number of free parameters.
  public var freeCount: Int { rows.map(\.free).max() ?? 0 }
  /// Whether intercepts and means are modelled.
  public var meanstructure: Bool
  public var groups: Int { options.groups }

  /// Who is what in a model, from its statements alone (no defaults, no groups).
  public static func roles(of syntax: ModelSyntax, options: ModelOptions = ModelOptions()) throws(SyntaxError) -> VariableRoles {
    var b = _Builder(options: options)
    try b.collect(syntax)
    return b.roles()
  }

  public static func build(_ syntax: ModelSyntax, options: ModelOptions = ModelOptions()) throws(SyntaxError) -> ParameterTable {
    var b = _Builder(options: options)
    try b.collect(syntax)
    return try b.table()
  }
}

struct _Builder {
  let options: ModelOptions
  var userRows: [ParameterRow] = []
  var modifiers: [Modifier] = []
  var defined: [(name: String, expression: Expression, line: Int)] = []
  var constraints: [(lhs: Expression, op: Operator, rhs: Expression, line: Int)] = []
  var order: [String] = []  // names in order of appearance

  init(options: ModelOptions) { self.options = options }

  mutating func note(_ n: String) { if !order.contains(n) { order.append(n) } }

  mutating func collect(_ syntax: ModelSyntax) throws(SyntaxError) {
    var seen: [String: Int] = [:]
    var statementOf: [Int] = []
    for (statement, s) in syntax.statements.enumerated() {
      switch s {
      case .relation(let lhs, let op, let rhs, let line):
        for l in lhs {
          note(l.name)
          for r in rhs {
            if r.name != "1" && op != .threshold { note(r.name) }
            var row = ParameterRow(id: 0, lhs: l.name, op: op, rhs: op == .intercept ? "" : r.name, user: 1, group: 1,
                                   free: 1, ustart: nil, exo: 0, label: "", line: line, expression: nil)
            if op == .covariance, l.name != r.name, let k = seen["\(r.name)~~\(l.name)"] {
              throw SyntaxError(line: line, column: r.column, "'\(l.name) ~~ \(r.name)' repeats '\(r.name) ~~ \(l.name)' (line \(userRows[k].line))")
            }
            let key = "\(row.lhs)\(row.op)\(row.rhs)"
            // The same parameter twice in one statement adds modifiers (`f =~ NA*x1 + a*x1`).
            if let k = seen[key], userRows[k].line == line, statementOf[k] == statement {
              modifiers[k].merge(r.modifier)
              continue
            }
            if let k = seen[key] {
              throw SyntaxError(line: line, column: r.column, "'\(row.lhs) \(row.op) \(row.rhs)' is specified twice (first on line \(userRows[k].line))")
            }
            if op == .measuredBy, l.name == r.name {
              throw SyntaxError(line: line, column: r.column, "'\(l.name)' cannot be its own indicator")
            }
            seen[key] = userRows.count
            statementOf.append(statement)
            row.id = userRows.count + 1
            userRows.append(row)
            modifiers.append(r.modifier)
          }
        }
      case .defined(let name, let e, let line):
        defined.append((name, e, line))
      case .constraint(let l, let op, let r, let line):
        constraints.append((l, op, r, line))
      }
    }
  }

  func roles() -> VariableRoles {
    let latent = unique(userRows.filter { $0.op == .measuredBy }.map(\.lhs))
    let indicators = unique(userRows.filter { $0.op == .measuredBy }.map(\.rhs))
    let eqsY = Set(userRows.filter { $0.op == .regression }.map(\.lhs))
    let eqsX = Set(userRows.filter { $0.op == .regression }.map(\.rhs))
    let lvSet = Set(latent)
    let ovInd = indicators.filter { !lvSet.contains($0) }
    let observed = unique(ovInd + order.filter { !lvSet.contains($0) })
    // Exogenous covariates: predictors only, and not tied by ~~ to a non-covariate.
    var xCandidates = observed.filter { eqsX.contains($0) && !eqsY.contains($0) && !indicators.contains($0) }
    for r in userRows where r.op == .covariance && r.lhs != r.rhs {
      if xCandidates.contains(r.lhs) != xCandidates.contains(r.rhs) {
        xCandidates.removeAll { $0 == r.lhs || $0 == r.rhs }
      }
    }
    let latentX = latent.filter { !indicators.contains($0) && !eqsY.contains($0) }
    let observedY = observed.filter { eqsY.contains($0) && !indicators.contains($0) && !eqsX.contains($0) }
    let latentY = latent.filter { eqsY.contains($0) && !indicators.contains($0) && !eqsX.contains($0) }
    return VariableRoles(observed: observed, latent: latent, observedX: options.fixedX ? xCandidates : [], latentX: latentX,
                         observedY: observedY, latentY: latentY, indicators: indicators)
  }

  func table() throws(SyntaxError) -> ParameterTable {
    let r = roles()
    var rows = userRows
    var mods = modifiers
    // A set, not a search of the rows: k latent variables have k(k − 1)/2
    // default covariances, each checked against all rows before it.
    struct Key: Hashable { var lhs: String, op: Operator, rhs: String }
    // Room for every default below up front (growing a set of string keys
    // rehashes every key): per variable a variance, an intercept and a scale
    // factor, the covariances among latent x, among y and among observed x,
    // and the thresholds.
    func pairs(_ n: Int) -> Int { n * (n - 1) / 2 }
    let variables = r.observed.count + r.latent.count
    // Ordered variables: each one's threshold count, the largest over the groups.
    let counts = options.thresholdCounts.reduce(into: [String: Int]()) { all, g in all.merge(g) { max($0, $1) } }
    let expected = rows.count + 3 * variables + pairs(r.latentX.count) + pairs(r.latentY.count + r.observedY.count)
      + pairs(r.observedX.count + 1) + counts.values.reduce(0, +)
    var present = Set<Key>(minimumCapacity: expected)
    for row in rows { present.insert(Key(lhs: row.lhs, op: row.op, rhs: row.rhs)) }
    rows.reserveCapacity(expected)
    mods.reserveCapacity(expected)
    func has(_ lhs: String, _ op: Operator, _ rhs: String) -> Bool {
      present.contains(Key(lhs: lhs, op: op, rhs: rhs)) || (op == .covariance && present.contains(Key(lhs: rhs, op: op, rhs: lhs)))
    }
    func addDefault(_ lhs: String, _ op: Operator, _ rhs: String) {
      guard !has(lhs, op, rhs) else { return }
      present.insert(Key(lhs: lhs, op: op, rhs: rhs))
      rows.append(ParameterRow(id: rows.count + 1, lhs: lhs, op: op, rhs: rhs, user: 0, group: 1, free: 1, ustart: nil, exo: 0,
                               label: "", line: 0, expression: nil))
      mods.append(Modifier())
    }
    let xSet = Set(r.observedX)
    for v in r.observed where !xSet.contains(v) { addDefault(v, .covariance, v) }
    for v in r.latent { addDefault(v, .covariance, v) }
    if r.latentX.count > 1 {
      for i in 0..<r.latentX.count { for j in (i + 1)..<r.latentX.count { addDefault(r.latentX[i], .covariance, r.latentX[j]) } }
    }
    let ys = r.latentY + r.observedY
    if ys.count > 1 {
      for i in 0..<ys.count { for j in (i + 1)..<ys.count { addDefault(ys[i], .covariance, ys[j]) } }
    }
    for c in 0..<r.observedX.count { for rr in c..<r.observedX.count { addDefault(r.observedX[c], .covariance, r.observedX[rr]) } }
    // Ordered variables (lavaan with ordered =): a mean structure whose
    // intercepts are 0, the thresholds t1 … carrying the location, and a
    // scale factor per variable (1 unless freed).
    let meanstructure = options.meanstructure || options.groups > 1 || rows.contains { $0.op == .intercept } || !counts.isEmpty
    if meanstructure {
      for v in r.observed { addDefault(v, .intercept, "") }
      for v in r.latent { addDefault(v, .intercept, "") }
    }
    // A continuous variable's scale factor is 1 (semTools' measEq.syntax
    // writes `x ~*~ c(1, 1)*x` for every indicator): fixed at 1 it stays a row, as in lavaan.
    let unitScale = Set(rows.indices.filter { k in
      !counts.isEmpty && rows[k].op == .scale && counts[rows[k].lhs] == nil && rows[k].lhs == rows[k].rhs
        && (1...max(1, options.groups)).allSatisfy { mods[k].forGroup($0).fixed == 1 && !mods[k].forGroup($0).free }
    }.map { rows[$0].id })
    for row in rows where (row.op == .threshold || row.op == .scale) && !unitScale.contains(row.id) {
      guard let c = counts[row.lhs] else {
        throw SyntaxError(line: row.line, column: 1, "'\(row.lhs) \(row.op) \(row.rhs)' is for an ordered variable; '\(row.lhs)' is not declared ordered", settings: [.ordered])
      }
      if row.op == .threshold, let k = ModelSyntax.thresholdIndex(row.rhs), k > c {
        throw SyntaxError(line: row.line, column: 1, "'\(row.lhs)' has \(c + 1) categories, so \(c) threshold\(c == 1 ? "" : "s") (t1 … t\(c)); there is no \(row.rhs)")
      }
    }
    let orderedObserved = r.observed.filter { counts[$0] != nil }
    for v in orderedObserved {
      for k in 0..<counts[v]! { addDefault(v, .threshold, "t\(k + 1)") }
    }
    for v in orderedObserved { addDefault(v, .scale, v) }

    // Fixed and free, in lavaan's order of precedence.
    let lvSet = Set(r.latent)
    if options.stdLV {
      for k in rows.indices where rows[k].isVariance && lvSet.contains(rows[k].lhs) { rows[k].free = 0; rows[k].ustart = 1 }
    } else {
      var firstDone = Set<String>()
      for k in rows.indices where rows[k].op == .measuredBy && !firstDone.contains(rows[k].lhs) {
        firstDone.insert(rows[k].lhs)
        rows[k].free = 0
        rows[k].ustart = 1
      }
    }
    // A single indicator's residual variance is 0.
    let loadings = rows.filter { $0.op == .measuredBy }
    for lv in r.latent {
      let ind = loadings.filter { $0.lhs == lv }.map(\.rhs)
      if ind.count == 1, loadings.filter({ $0.rhs == ind[0] }).count == 1,
         let k = rows.firstIndex(where: { $0.isVariance && $0.lhs == ind[0] && $0.user == 0 }) {
        rows[k].free = 0
        rows[k].ustart = 0
      }
    }
    if options.orthogonal {
      for k in rows.indices where rows[k].op == .covariance && rows[k].lhs != rows[k].rhs && lvSet.contains(rows[k].lhs)
        && lvSet.contains(rows[k].rhs) && rows[k].user == 0 {
        rows[k].free = 0
        rows[k].ustart = 0
      }
    }
    for k in rows.indices where rows[k].op == .covariance && xSet.contains(rows[k].lhs) && xSet.contains(rows[k].rhs) && rows[k].user == 0 {
      rows[k].free = 0
      rows[k].exo = 1
    }
    for k in rows.indices where rows[k].op == .scale && rows[k].user == 0 { rows[k].free = 0; rows[k].ustart = 1 }
    // Theta: the ordered variables' residual variances are 1 unless written free.
    if options.parameterization == .theta {
      for k in rows.indices where rows[k].isVariance && rows[k].user == 0 && counts[rows[k].lhs] != nil { rows[k].free = 0; rows[k].ustart = 1 }
    }
    for k in rows.indices where rows[k].op == .intercept && rows[k].user == 0 {
      if counts[rows[k].lhs] != nil {
        rows[k].free = 0; rows[k].ustart = 0
      } else if lvSet.contains(rows[k].lhs) {
        if !options.latentMeansFree { rows[k].free = 0; rows[k].ustart = 0 }
      } else if xSet.contains(rows[k].lhs) {
        rows[k].free = 0; rows[k].exo = 1
      } else if !options.observedInterceptsFree {
        rows[k].free = 0; rows[k].ustart = 0
      }
    }
    for (k, m) in mods.enumerated() {
      if let values = m.perGroup, values.count != options.groups {
        throw SyntaxError(line: rows[k].line, column: 1,
          "c(…) in '\(rows[k].lhs) \(rows[k].op) \(rows[k].rhs)' gives \(values.count) value\(values.count == 1 ? "" : "s") for \(options.groups) group\(options.groups == 1 ? "" : "s"); give one per group")
      }
    }
    let defaults = rows
    for k in rows.indices { Self.apply(mods[k].forGroup(1), to: &rows[k]) }

    if options.groups > 1 { try replicate(&rows, defaults: defaults, modifiers: mods, latent: lvSet) }
    // A group with fewer categories of an ordered variable has fewer thresholds.
    if options.thresholdCounts.count == options.groups {
      rows.removeAll { r in
        guard r.op == .threshold, let k = ModelSyntax.thresholdIndex(r.rhs) else { return false }
        return k > options.thresholdCounts[r.group - 1][r.lhs] ?? 0
      }
    }
    // Delta: the ordered variables' residual variances are not parameters but
    // 1/Δᵢ² − explained (SEM.fit sets them; 1 meanwhile, F does not depend on them).
    if options.parameterization == .delta {
      for k in rows.indices where rows[k].isVariance && counts[rows[k].lhs] != nil { rows[k].free = 0; rows[k].ustart = 1 }
    }

    // Free indices; equal labels share one, and so do labels made equal by `a == b`.
    var alias: [String: String] = [:]
    var kept: [(lhs: Expression, op: Operator, rhs: Expression, line: Int)] = []
    let labels = Set(rows.map(\.label).filter { !$0.isEmpty })
    for c in constraints {
      if c.op == .equal, case .name(let a) = c.lhs, case .name(let b) = c.rhs, labels.contains(a), labels.contains(b) {
        alias[root(b, alias)] = root(a, alias)
      } else {
        kept.append(c)
      }
    }
    var index: [String: Int] = [:]
    var next = 0
    for k in rows.indices where rows[k].free != 0 {
      if !rows[k].label.isEmpty {
        let key = root(rows[k].label, alias)
        if let i = index[key] { rows[k].free = i; continue }
        next += 1
        index[key] = next
        rows[k].free = next
      } else {
        next += 1
        rows[k].free = next
      }
    }
    // A label shared by a fixed and a free row: the free one wins? lavaan refuses; so do we.
    for k in rows.indices where rows[k].free == 0 && !rows[k].label.isEmpty && index[root(rows[k].label, alias)] != nil {
      throw SyntaxError(line: rows[k].line, column: 1, "label '\(rows[k].label)' names both a fixed and a free parameter")
    }
    for d in defined {
      if labels.contains(d.name) {
        throw SyntaxError(line: d.line, column: 1, "'\(d.name)' is already a parameter label; a defined parameter needs a new name")
      }
      rows.append(ParameterRow(id: rows.count + 1, lhs: d.name, op: .defined, rhs: d.expression.description, user: 1, group: 0,
                               free: 0, ustart: nil, exo: 0, label: d.name, line: d.line, expression: d.expression))
    }
    // Every name in a defined parameter or constraint must be a label (or an earlier defined parameter).
    var known = labels.union(alias.keys)
    for d in defined {
      for n in d.expression.names where !known.contains(n) {
        throw SyntaxError(line: d.line, column: 1, "'\(n)' in '\(d.name) := \(d.expression)' is not a parameter label; label a parameter with '\(n)*' first")
      }
      known.insert(d.name)
    }
    for c in kept {
      for n in c.lhs.names + c.rhs.names where !known.contains(n) {
        throw SyntaxError(line: c.line, column: 1, "'\(n)' in the constraint is not a parameter label")
      }
    }
    for k in rows.indices { rows[k].id = k + 1 }
    return ParameterTable(rows: rows, roles: r, options: options, constraints: kept, meanstructure: meanstructure)
  }

  /// A modifier on its row: a number fixes, NA frees, start() sets a free parameter's start, a label names it.
  static func apply(_ m: Modifier, to row: inout ParameterRow) {
    if let v = m.fixed { row.free = 0; row.ustart = v }
    if m.free { row.free = 1; if m.fixed == nil { row.ustart = nil } }
    if let s = m.start, row.free != 0 { row.ustart = s }
    if let l = m.label { row.label = l }
  }

  /// Group 1's rows once more for each further group (each with its group's
  /// modifiers), then group.equal.
  func replicate(_ rows: inout [ParameterRow], defaults: [ParameterRow], modifiers: [Modifier], latent: Set<String>) throws(SyntaxError) {
    let first = rows
    let partial = Set(options.groupPartial.map { $0.filter { !$0.isWhitespace } })
    for name in partial where !first.contains(where: { "\($0.lhs)\($0.op)\($0.rhs)" == name }) {
      throw SyntaxError(line: 0, column: 1, "group.partial '\(name)' is not a parameter of the model (write it as 'lhs op rhs', e.g. 'x3 ~ 1' or 'visual =~ x2')")
    }
    var equal = Set(options.groupEqual)
    // lavaan (lav_options_set): equal thresholds imply equal intercepts, and
    // free the later groups' latent means and scale factors.
    let thresholdsEqual = equal.contains(.thresholds) && !options.thresholdCounts.isEmpty
    if thresholdsEqual { equal.insert(.intercepts) }
    var tied = Set<Int>()
    for g in 2...options.groups {
      for (k, r0) in first.enumerated() {
        var r = defaults[k]
        r.group = g
        Self.apply(modifiers[k].forGroup(g), to: &r)
        let cls = GroupEqual.of(r0, latent: latent)
        if r.free != 0, let cls, equal.contains(cls), !partial.contains("\(r.lhs)\(r.op)\(r.rhs)") {
          if r0.label.isEmpty && r.label.isEmpty { r.label = ".p\(k + 1)."; tied.insert(k) }
        } else if r0.user == 0 && r0.op == .intercept && latent.contains(r0.lhs) && equal.contains(.intercepts) && !equal.contains(.means) {
          // Equal intercepts identify the latent means of groups 2…G.
          r.free = 1
          r.ustart = nil
        } else if r0.user == 0 && thresholdsEqual && options.parameterization == .delta && r0.op == .scale {
          r.free = 1
          r.ustart = nil
        } else if r0.user == 0 && thresholdsEqual && options.parameterization == .theta && r0.isVariance
                    && options.thresholdCounts.contains(where: { $0[r0.lhs] != nil }) {
          // Theta: the later groups' residual variances instead of their scale factors.
          r.free = 1
          r.ustart = nil
        }
        rows.append(r)
      }
    }
    for k in tied { rows[k].label = ".p\(k + 1)." }
  }

  func root(_ s: String, _ alias: [String: String]) -> String {
    var s = s
    while let t = alias[s], t != s { s = t }
    return s
  }
}

func unique(_ xs: [String]) -> [String] {
  var seen = Set<String>()
  return xs.filter { seen.insert($0).inserted }
}
