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
  public let moments: SampleMoments
  let patterns: MissingPatterns?
  /// Cases (complete cases under listwise deletion), in `moments.names` order,
  /// NaN where missing; what robust statistics and the bootstrap resample.
  let cases: [[Double]]?
  /// FIML: the unrestricted model's F at the EM estimates (F_H1), made once
  /// with the data; the test statistic, the log-likelihood and the baseline use it.
  let saturatedF: Double?
  /// The unrestricted model's information, the baseline's trace and FIML-C's blocks (RobustMissing.swift),
  /// made on first use and shared by every fit of these data (the data above never change).
  let unrestricted = _Once<UnrestrictedInformation>()
  let baselineTrace = _Once<Double>()
  let fimlCorrected = _Once<FIMLCorrectedBlocks>()
  /// The screen of S for (nearly) collinear variables (Diagnostics.collinearity), made on first use.
  let collinearity = _Once<CollinearSet?>()
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
    // Thresholds and scale factors need the data's categories: first which
    // variables are observed (with ordered variables the roles alone, the
    // table without thresholds only for an error message's syntax line), then
    // the table with them (ordinalTable).
    let structural = options.ordered.isEmpty ? parsed : parsed.structural
    var table = options.ordered.isEmpty ? try ParameterTable.build(structural, options: modelOptions) : nil
    var roles = try table?.roles ?? ParameterTable.roles(of: structural, options: modelOptions)
    if options.missing == .fiml, modelOptions.fixedX, !roles.observedX.isEmpty {
      // FIML models the covariates' distribution too (lavaan's missing = "ml.x").
      modelOptions.fixedX = false
      table = try ParameterTable.build(parsed, options: modelOptions)
      roles = table!.roles
    }
    let structuralOptions = modelOptions
    func line(where matches: (ParameterRow) -> Bool) throws -> Int {
      try (table ?? ParameterTable.build(structural, options: structuralOptions)).rows.first(where: matches)?.line ?? 0
    }
    // lavaan's x:w between observed variables: their product, as lavaan forms it (no centring).
    for name in roles.observed where data.index(of: name) == nil && name.contains(":") {
      let parts = name.split(separator: ":").map(String.init)
      guard parts.allSatisfy({ data.index(of: $0) != nil }) else { continue }
      var product = [Double](repeating: 1, count: data.rowCount)
      for part in parts {
        let column = try data.numericColumn(part)
        for r in product.indices { product[r] *= column[r] }
      }
      data.columns.append(Column(name: name, values: .numeric(product)))
    }
    let missing = roles.observed.filter { data.index(of: $0) == nil }
    if !missing.isEmpty {
      let line = try line { missing.contains($0.lhs) || missing.contains($0.rhs) }
      throw InputError(file: data.source, line: line > 0 ? line : nil, column: missing[0],
        "the model (syntax line \(line)) uses \(missing.map { "'\($0)'" }.joined(separator: ", ")), which \(missing.count == 1 ? "is not a column" : "are not columns") of the data; a name that is neither a column nor defined with =~ is a typo or a missing latent variable")
    }
    let names = roles.observed
    if !options.ordered.isEmpty {
      if !names.contains(where: options.ordered.contains) {
        throw InputError(file: data.source, "none of the model's observed variables is among the ordered ones; name the model's items", settings: [.ordered])
      }
      if let x = roles.observedX.first(where: { !options.ordered.contains($0) }) {
        let line = try line { $0.rhs == x && $0.op == .regression }
        throw InputError(file: data.source, line: line > 0 ? line : nil, column: x,
          "the continuous variable '\(x)' is an exogenous predictor (syntax line \(line)) in a model with ordered indicators; lavaan then conditions on it (conditional.x), which ClusterStat does not do yet. Make it an indicator or outcome, or leave it out")
      }
      let groups = try zip(labels, rowsOf).map { label, rows in
        var g = try ordinalGroup(group == nil ? data : data.rows(rows), names: names, options: options, group: group)
        g.label = label
        return g
      }
      return (try ordinalTable(parsed, options: modelOptions, ordered: options, groups: groups, source: original.source), groups)
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
    return (table!, out)
  }

  /// The table once more with the ordered variables' thresholds (their number
  /// from each group's data) and scale factors, and the delta or theta
  /// parameterization's fixed residual variances. What lavaan refuses or
  /// ClusterStat does not fit is refused here with a message.
  static func ordinalTable(_ parsed: ModelSyntax, options model: ModelOptions, ordered options: SEMOptions, groups: [GroupData],
                           source: String?) throws -> ParameterTable {
    var model = model
    let equal = Set(model.groupEqual)
    if let bad = [GroupEqual.intercepts, .residuals, .means].first(where: equal.contains), !(bad != .residuals && equal.contains(.thresholds)) {
      throw InputError(file: source, bad == .residuals
        ? "equal residuals across groups with ordered indicators: their residual variances are not parameters in the delta parameterization (1 − explained); hold the thresholds and loadings equal instead"
        : "equal \(bad.rawValue) across groups with ordered indicators: their intercepts are 0 and the thresholds carry the location; hold the thresholds equal (which frees the later groups' latent means and scale factors, as lavaan)", settings: [.groupEqual])
    }
    if equal.contains(.thresholds) {
      for g in groups.dropFirst() {
        for (v, name) in g.ordinal!.names.enumerated() where g.ordinal!.levels[v] != groups[0].ordinal!.levels[v] {
          throw InputError(file: source, column: name,
            "has the categories \(g.ordinal!.levels[v].map(formatNumberCompact).joined(separator: ", ")) in group '\(g.label)' but \(groups[0].ordinal!.levels[v].map(formatNumberCompact).joined(separator: ", ")) in group '\(groups[0].label)'; equal thresholds need every category observed in every group (merge sparse categories first)")
        }
      }
    }
    model.parameterization = options.parameterization
    model.thresholdCounts = groups.map { $0.ordinal!.thresholdCounts }
    let table = try ParameterTable.build(parsed, options: model)
    // The thresholds carry the location of an ordered variable: lavaan fixes its intercept at 0 (in the first group at least).
    if let r = table.rows.first(where: { $0.group == 1 && $0.free > 0 && $0.op == .intercept && options.ordered.contains($0.lhs) }) {
      throw InputError(file: source, line: r.line > 0 ? r.line : nil, column: r.lhs,
        "the model (syntax line \(r.line)) frees the intercept of the ordered variable '\(r.lhs)'; its thresholds already set its location (intercepts 0 in the first group). Drop '\(r.lhs) ~ 1' or fix it there")
    }
    return table
  }

  /// One group of ordered variables (Polychoric.swift): what lavaan refuses or
  /// ClusterStat does not fit yet is refused here with a message.
  static func ordinalGroup(_ data: DataFrame, names: [String], options: SEMOptions, group: String?) throws -> GroupData {
    if options.missing == .fiml {
      throw InputError(file: data.source, "FIML is for continuous variables; ordered variables use the complete cases (lavaan's listwise default)", settings: [.missing, .ordered])
    }
    if options.robust != nil {
      throw InputError(file: data.source, "the mlm and mlr estimators are for continuous variables; with ordered variables use wlsmv (the default), ulsmv, dwls or wls", settings: [.estimator, .ordered])
    }
    let (columns, keep) = try data.listwiseMatrix(names)
    guard keep.count > names.count else {
      throw InputError(file: data.source, "\(keep.count) complete cases for \(names.count) ordered variables; the model needs more cases than variables")
    }
    let ordinal = try OrdinalSample(names: names, cases: columns, numeric: names.map { !options.ordered.contains($0) }, source: data.source)
    var moments = SampleMoments(names: names, covariance: ordinal.covariance, means: ordinal.means, n: ordinal.n,
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
