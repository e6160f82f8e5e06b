import ArgumentParser
import ClusterStat
import Foundation
import Tables

/// A model given inline (--syntax) or as a file (--model); validate() ensures one of them.
func readModel(syntax: String?, file: String?) throws -> String {
  if let syntax { return syntax }
  guard let text = try? String(contentsOfFile: file!, encoding: .utf8) else {
    throw InputError(file: file, "cannot read the model file (missing, or not UTF-8 text)")
  }
  return text
}

/// Where a model and its data come from: shared by `cfa`, `sem` and `bench`.
struct ModelInputOptions: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp("The data file (.csv); or give --cov and --nobs.", valueName: "file"))
  var data: String?

  @Option(name: .long, help: ArgumentHelp("A covariance matrix (CSV with variable names as header, divisor N − 1).", valueName: "file"))
  var cov: String?

  @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Sample size behind --cov.", valueName: "n"))
  var nobs: Int?

  @OptionGroup var reading: ReadingOptions

  @Option(name: .long, help: ArgumentHelp("A file with the model in lavaan syntax.", valueName: "file"))
  var model: String?

  @Option(name: .long, help: ArgumentHelp("The model in lavaan syntax (statements separated by ';' or new lines).", valueName: "text"))
  var syntax: String?

  @Option(name: .customLong("estimator"), help: "Estimator: ml (default), gls, uls, mlm (Satorra–Bentler) or mlr (Huber–White, Yuan–Bentler); with --ordered wlsmv (default), ulsmv, dwls or wls.")
  var estimatorChoice: EstimatorChoice?

  @Option(name: .long, help: ArgumentHelp("Observed variables that are ordinal (lavaan's ordered =): COLS, or all. They are fitted on polychoric correlations and thresholds (WLSMV by default); observed variables not named stay continuous (polyserial correlations, Muthén 1984).", valueName: "cols|all"))
  var ordered: String?

  @Option(name: .long, help: "With --ordered: delta (latent responses of variance 1, lavaan's default) or theta (residual variances 1).")
  var parameterization: Parameterization?

  /// The estimator asked for, or the default: ML, or WLSMV with ordered variables.
  var estimatorKind: EstimatorChoice { estimatorChoice ?? (ordered != nil ? .wlsmv : .ml) }

  @Option(name: .long, help: "Missing data: listwise (complete cases) or fiml (full-information ML, lavaan's missing = \"ml\").")
  var missing: MissingPolicy = .listwise

  @Option(name: .long, help: ArgumentHelp("A column that splits the cases into groups (a multiple-group model).", valueName: "column"))
  var group: String?

  @Option(name: .customLong("group-equal"), help: ArgumentHelp(
    "Parameters equal across groups: \(GroupEqual.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "class,…"))
  var groupEqual: ValueList<GroupEqual>?

  @Option(name: .customLong("group-partial"), help: ArgumentHelp("Exceptions to --group-equal, e.g. 'x3~1,visual=~x2'.", valueName: "lhs op rhs,…"))
  var groupPartial: String?

  @Flag(name: .customLong("std-lv"), help: "Scale latent variables by fixing their variances to 1 (all loadings free).")
  var stdLV = false

  @Flag(name: .long, help: "Model the means too (lavaan's meanstructure = TRUE): intercepts of the observed variables, latent means fixed to 0.")
  var meanstructure = false

  @Flag(name: .long, help: "Exogenous latent variables do not covary (lavaan's orthogonal = TRUE); covariances written in the model stay.")
  var orthogonal = false

  @Option(name: .customLong("max-iterations"), parsing: .unconditional, help: ArgumentHelp("Optimizer iteration limit (lavaan's iter.max).", valueName: "n"))
  var maxIterations: Int = 2000

  @Option(name: .long, help: ArgumentHelp("A latent interaction F1:F2 by double-mean-centred product indicators (semTools indProd); use F1:F2 in the model. Repeatable.", valueName: "F1:F2"))
  var interaction: [String] = []

  func validate() throws {
    guard (model == nil) != (syntax == nil) else { throw ValidationError("give the model with --model FILE or --syntax 'lavaan syntax' (one of them)") }
    if data == nil {
      guard cov != nil, nobs != nil else { throw ValidationError("give --data FILE, or --cov FILE with --nobs N") }
    } else if cov != nil {
      throw ValidationError("--data and --cov are alternatives; give one")
    }
    if let nobs, nobs < 2 { throw ValidationError("--nobs must be at least 2") }
    let e = estimatorKind
    if ordered != nil {
      guard estimatorKind.fitsOrdered else {
        throw ValidationError("--estimator \(e) is for continuous variables; with --ordered use wlsmv (default), ulsmv, dwls or wls")
      }
      guard data != nil else { throw ValidationError("--ordered needs the cases (--data): thresholds and polychoric correlations come from the answers") }
      guard missing == .listwise else { throw ValidationError("--ordered uses the complete cases (lavaan's listwise default); drop --missing fiml") }
    } else if parameterization != nil {
      throw ValidationError("--parameterization is for ordered variables: give --ordered COLS or --ordered all")
    } else if EstimatorChoice.ordinalOnly.contains(e) {
      throw ValidationError("--estimator \(e) fits ordered (ordinal) variables: say which with --ordered COLS or --ordered all")
    }
    let m = missing
    if m == .fiml {
      guard data != nil else { throw ValidationError("--missing fiml needs the cases (--data), not a covariance matrix") }
      guard e == .ml || e == .mlr else { throw ValidationError("--missing fiml is fitted by ML: --estimator ml, or mlr for robust statistics (MLM needs complete data)") }
    }
    if group != nil {
      guard data != nil else { throw ValidationError("--group needs the cases (--data), not a covariance matrix") }
      guard e == .ml || e == .mlr || ordered != nil else { throw ValidationError("a multiple-group model (--group) is fitted by ML: --estimator ml, or mlr for robust statistics") }
    }
    if groupEqual != nil || groupPartial != nil, group == nil {
      throw ValidationError("--group-equal and --group-partial need --group COLUMN")
    }
    if groupEqualValue().contains(.thresholds), ordered == nil {
      throw ValidationError("--group-equal thresholds is for ordered indicators: give --ordered COLS|all")
    }
    guard maxIterations >= 1 else { throw ValidationError("--max-iterations must be at least 1") }
  }

  func groupEqualValue() -> [GroupEqual] { groupEqual?.values ?? [] }

  var modelText: String {
    get throws { try readModel(syntax: syntax, file: model) }
  }

  func semOptions(ciLevel: Double = 0.95, groupEqual: [GroupEqual]? = nil) -> SEMOptions {
    let e = estimatorKind
    let partial = (groupPartial ?? "").split(separator: ",").map { String($0) }
    var o = SEMOptions(model: ClusterStat.ModelOptions(stdLV: stdLV, orthogonal: orthogonal, meanstructure: meanstructure, groupEqual: groupEqual ?? groupEqualValue(), groupPartial: partial),
                       estimator: EstimatorKind(rawValue: e.rawValue) ?? .ml, robust: Robust(rawValue: e.rawValue),
                       missing: missing, ciLevel: ciLevel)
    // WLSMV = DWLS, ULSMV = ULS, with robust SEs and the scaled-shifted test.
    if e == .wlsmv { o.estimator = .dwls; o.meanAndVariance = true }
    if e == .ulsmv { o.estimator = .uls; o.meanAndVariance = true }
    o.parameterization = parameterization ?? .delta
    o.optimizer.maxIterations = maxIterations
    return o
  }

  /// Items with 5 or fewer answer categories fitted as continuous: the field's
  /// advice (Rhemtulla, Brosseau-Liard & Savalei 2012) is to treat them as ordinal.
  static func hintOrdered(_ observed: [String], _ frame: DataFrame) {
    let few = observed.allSatisfy { name in
      guard let column = try? frame.numericColumn(name) else { return false }
      let values = Set(column.filter { !$0.isNaN })
      return values.count <= 5 && values.allSatisfy { $0 == $0.rounded() }
    }
    if few, !observed.isEmpty {
      writeNote(Note(en: "every indicator has 5 or fewer answer categories; with such items --ordered all (WLSMV on polychoric correlations) is usually the better model (Rhemtulla, Brosseau-Liard & Savalei 2012)",
                     zh: "每个指标的选项都不超过 5 个；这样的题目通常宜按有序类别估计：--ordered all（基于多分格相关的 WLSMV；Rhemtulla, Brosseau-Liard & Savalei 2012）"))
    }
  }

  /// `options` with --ordered's names (`all`: every observed variable of the
  /// model, lavaan's ordered = TRUE).
  func resolvingOrdered(_ options: SEMOptions, syntax: String, frame: DataFrame) throws -> SEMOptions {
    guard let ordered else { return options }
    var options = options
    let observed = try ParameterTable.roles(of: try ModelSyntax.parse(syntax).structural, options: options.model).observed
    options.ordered = ordered.lowercased() == "all" ? observed : try frame.resolve(ordered)
    if let stray = options.ordered.first(where: { !observed.contains($0) }) {
      throw InputError(column: stray, "is named in --ordered but is not an observed variable of the model")
    }
    return options
  }

  /// The parameter table, each group's data and (with --data) the data frame.
  func prepare(_ options: SEMOptions) throws -> (SEMModel, DataFrame?) {
    let text = try modelText
    if let data {
      var frame = try reading.load(path: data)
      var syntax = text
      if !interaction.isEmpty {
        let expanded = try LatentInteraction.expand(syntax: text, data: frame, interactions: interaction)
        (syntax, frame) = (expanded.syntax, expanded.data)
        for note in expanded.notes { writeNote(note) }
      }
      let options = try resolvingOrdered(options, syntax: syntax, frame: frame)
      let model = try SEMModel(syntax: syntax, data: frame, options: options, group: group)
      if ordered == nil { Self.hintOrdered(model.table.roles.observed, frame) }
      return (model, frame)
    }
    if !interaction.isEmpty { throw InputError("--interaction builds product indicators from the cases: give --data, not --cov") }
    let model = try SEMModel(syntax: text, moments: try CovarianceInput.read(cov!, nobs: nobs!, reading: reading), options: options)
    let (table, moments) = (model.table, model.moments)
    // N cases give a covariance matrix of rank at most N − 1: N must exceed the variables.
    if moments.n <= table.roles.observed.count {
      throw InputError(file: cov, "--nobs \(moments.n) is not more than the \(table.roles.observed.count) observed variables of the model; a covariance matrix of N cases has rank at most N − 1, so it cannot be positive definite")
    }
    return (model, nil)
  }
}

/// The estimators `--estimator` offers, by lavaan's names (any case).
extension Parameterization: ExpressibleByArgument {}
extension SEMTables.Layout: ExpressibleByArgument {}

extension MissingPolicy: ExpressibleByArgument {
  /// Any case; lavaan's name "ml" is fiml.
  public init?(argument: String) {
    let a = argument.lowercased()
    self.init(rawValue: a == "ml" ? "fiml" : a)
  }
}

/// --se: the information-based standard errors or the nonparametric bootstrap.
enum StandardErrors: String, ExpressibleByArgument, CaseIterable {
  case standard, bootstrap
}

enum EstimatorChoice: String, ExpressibleByArgument, CaseIterable {
  case ml, gls, uls, mlm, mlr, wlsmv, ulsmv, dwls, wls

  init?(argument: String) { self.init(rawValue: argument.lowercased()) }

  /// Those for ordered variables only.
  static let ordinalOnly: [EstimatorChoice] = [.wlsmv, .ulsmv, .dwls, .wls]
  /// Those that can fit ordered variables (ULS too).
  var fitsOrdered: Bool { Self.ordinalOnly.contains(self) || self == .uls }
}

/// Options of `cfa` and `sem`: the model input plus what to report.
struct ModelCommandOptions: ParsableArguments {
  @OptionGroup var input: ModelInputOptions

  @Option(name: .customLong("ci-level"), parsing: .unconditional, help: "Confidence level of the intervals.")
  var ciLevel: Double = 0.95

  @Option(name: .long, help: "Standard errors: standard (expected information, robust with mlm/mlr/wlsmv) or bootstrap.")
  var se: StandardErrors = .standard

  @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Bootstrap replicates (with --se bootstrap).", valueName: "B"))
  var bootstrap: Int = 1000

  @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Seed of the bootstrap: the same seed gives the same result on any number of threads.", valueName: "S"))
  var seed: UInt64 = 1

  @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Bootstrap threads (default: all cores).", valueName: "n"))
  var threads: Int?

  @Flag(name: .customLong("bollen-stine"), help: "With --se bootstrap: also the Bollen–Stine bootstrap p value of χ² (B more replicates, on data rotated to fit the model).")
  var bollenStine = false

  @Flag(name: .long, help: "Also compute modification indices (printed when MI ≥ 3.84; all in JSON).")
  var modindices = false

  @Option(name: .long, help: "Text layout of the estimates: AMOS's columns or lavaan's summary().")
  var layout: SEMTables.Layout = .amos

  @Option(name: .long, help: ArgumentHelp("Fit cut-offs to use instead of the defaults, e.g. cfi=0.90,rmsea=0.08.", valueName: "index=value,…"))
  var cutoffs: String?

  @Option(name: .long, help: ArgumentHelp("Also draw the standardised path diagram (Graphviz) to FILE.svg or FILE.png (200 dpi); with --group one file per group, its label appended (FILE-Pasteur.svg).", valueName: "file"))
  var diagram: String?

  func validate() throws {
    if se == .bootstrap {
      guard input.group == nil, input.missing == .listwise, input.estimatorKind == .ml || input.ordered != nil else {
        throw ValidationError("--se bootstrap is available for one group, complete data (listwise) and --estimator ml (or --ordered)")
      }
      if bollenStine && input.ordered != nil { throw ValidationError("--bollen-stine transforms continuous data; with --ordered use the ordinary bootstrap") }
      guard input.data != nil else { throw ValidationError("--se bootstrap resamples cases, so it needs --data (not --cov)") }
      guard bootstrap >= 10 else { throw ValidationError("--bootstrap needs at least 10 replicates (1000 or more for intervals)") }
    } else if bollenStine {
      throw ValidationError("--bollen-stine is a bootstrap test: add --se bootstrap")
    }
    if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    guard ciLevel > 0, ciLevel < 1 else { throw ValidationError("--ci-level must lie in (0, 1)") }
    if let diagram {
      guard ["svg", "png"].contains(URL(fileURLWithPath: diagram).pathExtension.lowercased()) else {
        throw ValidationError("--diagram writes FILE.svg or FILE.png, not '\(diagram)'")
      }
      // Writing the picture over the data or the model would destroy an input.
      let target = URL(fileURLWithPath: diagram).standardizedFileURL.resolvingSymlinksInPath()
      for input in [input.data, input.cov, input.model].compactMap({ $0 })
      where URL(fileURLWithPath: input).standardizedFileURL.resolvingSymlinksInPath() == target {
        throw ValidationError("--diagram \(diagram) is an input file; choose another name")
      }
    }
  }

  /// Writes the path diagram of each group: FILE.svg as Graphviz drew it, or
  /// FILE.png rasterised by librsvg at 200 dpi.
  func writeDiagrams(_ result: SEMResult, title: String) throws {
    guard let diagram else { return }
    let url = URL(fileURLWithPath: diagram)
    let ext = url.pathExtension.lowercased()
    let groups = result.groups ?? [""]
    for (k, label) in groups.enumerated() {
      let path = groups.count == 1 ? diagram
        : url.deletingPathExtension().path + "-" + Self.fileSafe(label) + "." + url.pathExtension
      let svg = try PathDiagram(result, group: k + 1).render(title: label.isEmpty ? title : "\(title) [\(label)]").svg
      let data = ext == "png" ? try Raster.png(svg: svg, dpi: 200).png : Data(svg.utf8)
      try AtomicFile.write(data, to: path)
    }
  }

  /// A group label as part of a file name: path separators and controls become "_".
  static func fileSafe(_ label: String) -> String {
    String(label.map { $0 == "/" || $0 == "\\" || $0.isNewline || $0 == "\0" ? "_" : $0 })
  }

  /// Fits the model on the data or the covariance matrix, with the extras asked for.
  func fit(measurement: Bool, growth: Bool = false) throws -> (FittedModel, SEMResult) {
    var options = input.semOptions(ciLevel: ciLevel)
    if growth { options.model = .growth(options.model) }
    let (model, frame) = try input.prepare(options)
    let boot = se == .bootstrap ? BootstrapOptions(replicates: bootstrap, seed: seed, threads: threads, level: ciLevel, bollenStine: bollenStine) : nil
    return try SEM.analyse(
      model, data: frame, measurement: measurement, modindices: modindices,
      bootstrap: boot, progress: boot == nil ? nil : ProgressBar.stderr(total: bootstrap * (bollenStine ? 2 : 1), label: "bootstrap"))
  }
}

/// A long step's progress: to the browser interface's engine when it runs
/// the command (OutputCapture.progress), else a bar on stderr when stderr is a terminal (nil otherwise).
enum ProgressBar {
  static func stderr(total: Int, label: String) -> (@Sendable (Int) -> Void)? {
    if let sink = OutputCapture.current?.progress {
      let step = max(1, total / 200)
      return { done in if done % step == 0 || done == total { sink(label, done, total) } }
    }
    guard isatty(2) != 0 else { return nil }
    let step = max(1, total / 100)
    return { done in
      guard done % step == 0 || done == total else { return }
      let width = 30
      let filled = width * done / total
      let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
      FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(done)/\(total)\(done == total ? "\n" : "")".utf8))
    }
  }
}

/// A covariance matrix in CSV: variable names as the header, optionally a
/// first column of row names; symmetric; divisor N − 1 (as R's cov()).
enum CovarianceInput {
  static func read(_ path: String, nobs: Int, reading: ReadingOptions) throws -> SampleMoments {
    let frame = try reading.load(path: path)
    var cols = frame.columns
    if let first = cols.first, !first.isNumeric { cols.removeFirst() }
    let names = cols.map(\.name)
    guard frame.rowCount == names.count else {
      throw InputError(file: path, "a covariance matrix must be square: \(frame.rowCount) rows, \(names.count) numeric columns")
    }
    var s = Matrix(rows: names.count, columns: names.count)
    for (j, c) in cols.enumerated() {
      let v = try frame.numericColumn(c.name)
      for i in 0..<names.count {
        guard !v[i].isNaN else { throw InputError(file: path, row: i + 1, column: c.name, "is empty; a covariance matrix needs every cell") }
        s[i, j] = v[i]
      }
    }
    for i in 0..<names.count {
      for j in 0..<i where abs(s[i, j] - s[j, i]) > 1e-8 * max(1, abs(s[i, j])) {
        throw InputError(file: path, row: i + 1, column: names[j], "the matrix is not symmetric (\(s[i, j]) here, \(s[j, i]) across the diagonal)")
      }
    }
    return SampleMoments.fromCovariance(s, names: names, n: nobs)
  }
}
