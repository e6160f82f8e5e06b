import LinearAlgebra
import Survey

// Steps 3–4 of a fit (SEM.swift): the parameter table from the syntax, and
// each group's sample statistics from the data — complete-case moments
// (listwise) or the missing-data patterns with the EM estimates (FIML), the
// cases robust statistics and the bootstrap need, lavaan's x:w products of
// observed variables — with a message naming file, column or syntax line for
// anything the data cannot give.

/// One group's data: complete-case moments, or (FIML) the missing-data
/// patterns with the EM estimates of the unrestricted moments in `moments`.
public struct GroupData: Sendable {
  public var label: String
  public var moments: SampleMoments
  var patterns: MissingPatterns?
  /// Cases (complete cases under listwise deletion), in `moments.names` order,
  /// NaN where missing; what robust statistics and the bootstrap resample.
  var cases: [[Double]]?
  /// FIML: the unrestricted model's F at the EM estimates (F_H1), made once
  /// with the data; the test statistic, the log-likelihood and the baseline use it.
  let saturatedF: Double?
  /// Ordered variables: thresholds, polychorics and Γ (the moments then hold the polychoric matrix).
  public var ordinal: OrdinalSample?
  /// One group with complete data given by its moments.
  public init(label: String = "", moments: SampleMoments) {
    self.init(label: label, moments: moments, patterns: nil, cases: nil)
  }
  init(label: String = "", moments: SampleMoments, patterns: MissingPatterns?, cases: [[Double]]?) {
    self.label = label
    self.moments = moments
    self.patterns = patterns
    self.cases = cases
    saturatedF = patterns.map { FIML.saturatedValue($0, mean: moments.means, covariance: moments.covariance) }
  }
}

enum SampleData {
  /// The parameter table and each group's data (`group`: the column that
  /// says which case is in which group, its values in order of appearance).
  static func build(syntax: String, data original: DataFrame, options: SEMOptions, group: String?) throws -> (ParameterTable, [GroupData]) {
    let parsed = try ModelSyntax.parse(syntax)
    var data = original
    var modelOptions = options.model
    var labels = [""]
    var rowsOf: [[Int]] = [Array(0..<data.rowCount)]
    if let group {
      (labels, rowsOf) = try GroupSplit.split(data, column: group)
      modelOptions.groups = labels.count
    }
    if options.missing == .fiml { modelOptions.meanstructure = true }
    var table = try ParameterTable.build(parsed, options: modelOptions)
    if !options.ordered.isEmpty {
      // The thresholds carry the location of an ordered variable: lavaan fixes its intercept at 0.
      if let r = table.rows.first(where: { $0.user == 1 && $0.op == .intercept && options.ordered.contains($0.lhs) }) {
        throw InputError(file: original.source, line: r.line > 0 ? r.line : nil, column: r.lhs,
          "the model (syntax line \(r.line)) gives the ordered variable '\(r.lhs)' an intercept; its thresholds already set its location (delta parameterization: intercepts 0). Drop '\(r.lhs) ~ 1'")
      }
      table = table.fixingResidualVariances(of: options.ordered)
    }
    if options.missing == .fiml, modelOptions.fixedX, !table.roles.observedX.isEmpty {
      // FIML models the covariates' distribution too (lavaan's missing = "ml.x").
      modelOptions.fixedX = false
      table = try ParameterTable.build(parsed, options: modelOptions)
    }
    // lavaan's x:w between observed variables: their product, as lavaan forms it (no centring).
    for name in table.roles.observed where data.index(of: name) == nil && name.contains(":") {
      let parts = name.split(separator: ":").map(String.init)
      guard parts.allSatisfy({ data.index(of: $0) != nil }) else { continue }
      var product = [Double](repeating: 1, count: data.rowCount)
      for part in parts {
        let column = try data.numericColumn(part)
        for r in product.indices { product[r] *= column[r] }
      }
      data.columns.append(Column(name: name, values: .numeric(product)))
    }
    let missing = table.roles.observed.filter { data.index(of: $0) == nil }
    if !missing.isEmpty {
      let line = table.rows.first { missing.contains($0.lhs) || missing.contains($0.rhs) }?.line ?? 0
      throw InputError(file: data.source, line: line > 0 ? line : nil, column: missing[0],
        "the model (syntax line \(line)) uses \(missing.map { "'\($0)'" }.joined(separator: ", ")), which \(missing.count == 1 ? "is not a column" : "are not columns") of the data; a name that is neither a column nor defined with =~ is a typo or a missing latent variable")
    }
    let names = table.roles.observed
    if !options.ordered.isEmpty {
      // Equal loadings, paths and latent (co)variances keep every group in the
      // delta parameterization (thresholds free per group, scales 1, means 0),
      // as lavaan does; equal thresholds or intercepts free the later groups'
      // means and scales (Wu & Estabrook 2016), which is not built yet.
      let allowed: Set<GroupEqual> = [.loadings, .regressions, .lvVariances, .lvCovariances, .residualCovariances]
      if let bad = options.model.groupEqual.first(where: { !allowed.contains($0) }) {
        throw InputError(file: original.source, "--group-equal \(bad.rawValue) with ordered indicators is not available yet (equal thresholds or intercepts free the later groups' latent means and scale factors, lavaan's convention); loadings, regressions, lv.variances, lv.covariances and residual.covariances can be held equal")
      }
      return (table, try zip(labels, rowsOf).map { label, rows in
        var g = try ordinalGroup(group == nil ? data : data.rows(rows), names: names, options: options, group: group)
        g.label = label
        return g
      })
    }
    var out: [GroupData] = []
    for (label, rows) in zip(labels, rowsOf) {
      let frame = group == nil ? data : data.rows(rows)
      let what = group.map { "group '\(label)' of '\($0)'" } ?? "the data"
      switch options.missing {
      case .listwise:
        let moments = try SampleMoments.fromData(frame, names: names)
        if moments.n <= names.count {
          throw InputError(file: data.source, column: group,
            "\(what) has \(moments.n) complete cases for \(names.count) observed variables; a covariance model needs more cases than variables\(group == nil ? "" : " in every group (merge small groups or drop this one)")")
        }
        // Robust statistics need the complete cases themselves (rows, not columns).
        let columns = options.robust != nil ? try frame.listwiseMatrix(names).data : nil
        let cases = columns.map { c in (0..<(c.first?.count ?? 0)).map { r in c.map { $0[r] } } }
        out.append(GroupData(label: label, moments: moments, patterns: nil, cases: cases))
      case .fiml:
        let cases = try frame.matrixWithMissing(names)
        let patterns = MissingPatterns(data: cases, p: names.count)
        for (i, c) in patterns.observedCount().enumerated() where c < 2 {
          throw InputError(file: data.source, column: names[i],
            "is observed for \(c) case\(c == 1 ? "" : "s") in \(what); FIML needs each variable observed for several cases (drop it from the model)")
        }
        if patterns.n <= names.count {
          throw InputError(file: data.source, column: group, "\(what) has \(patterns.n) cases for \(names.count) observed variables; the model needs more cases than variables")
        }
        let h1 = patterns.saturated()
        var moments = SampleMoments(names: names, covariance: h1.covariance, means: h1.mean, n: patterns.n, dropped: patterns.empty)
        if (try? Cholesky(moments.covariance)) == nil {
          throw InputError(file: data.source, column: group, "the EM estimate of the covariance matrix of \(what) is not positive definite; some variables are collinear or rarely observed together")
        }
        moments.dropped = patterns.empty
        out.append(GroupData(label: label, moments: moments, patterns: patterns, cases: cases))
      }
    }
    return (table, out)
  }

  /// One group of ordered variables (Polychoric.swift): what lavaan refuses or
  /// ClusterStat does not fit yet is refused here with a message.
  static func ordinalGroup(_ data: DataFrame, names: [String], options: SEMOptions, group: String?) throws -> GroupData {
    if options.missing == .fiml {
      throw InputError(file: data.source, "--missing fiml is for continuous variables; ordered variables use the complete cases (lavaan's listwise default)")
    }
    if options.robust != nil {
      throw InputError(file: data.source, "--estimator mlm/mlr is for continuous variables; with --ordered use wlsmv (default), ulsmv, dwls or wls")
    }
    let continuous = names.filter { !options.ordered.contains($0) }
    if !continuous.isEmpty {
      throw InputError(file: data.source, column: continuous[0],
        "the model mixes ordered and continuous indicators (\(continuous.joined(separator: ", ")) not ordered); mixed models are not available yet: declare every indicator --ordered, or none")
    }
    let (columns, keep) = try data.listwiseMatrix(names)
    guard keep.count > names.count else {
      throw InputError(file: data.source, "\(keep.count) complete cases for \(names.count) ordered variables; the model needs more cases than variables")
    }
    let ordinal = try OrdinalSample(names: names, cases: columns, source: data.source)
    var moments = SampleMoments(names: names, covariance: ordinal.correlation, means: [Double](repeating: 0, count: names.count), n: ordinal.n,
                                dropped: data.rowCount - keep.count)
    moments.dropped = data.rowCount - keep.count
    var g = GroupData(moments: moments)
    g.ordinal = ordinal
    return g
  }

  /// The parameter table and the moments reordered to its observed variables.
  static func build(syntax: String, moments: SampleMoments, options: SEMOptions) throws -> (ParameterTable, SampleMoments) {
    let table = try ParameterTable.build(try ModelSyntax.parse(syntax), options: options.model)
    let missing = table.roles.observed.filter { !moments.names.contains($0) }
    if !missing.isEmpty {
      throw InputError(column: missing[0], "the model uses \(missing.joined(separator: ", ")), not in the covariance matrix")
    }
    return (table, moments.reordered(table.roles.observed))
  }
}
