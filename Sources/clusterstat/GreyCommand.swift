import ArgumentParser
import ClusterStat
import Tables

struct GreyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "grey",
    abstract: "Grey relational analysis: Deng's degree, Liu Sifeng's degrees, or grey relational coupling.",
    discussion: """
      Three layouts:
        --reference COL --compare COLS   columns are series, rows the points (firms, years)
        --reference ideal --compare COLS each row is compared with the ideal unit over the indicators
        --system A=COLS --system B=COLS  grey relational coupling of two indicator systems

      Defaults (stated under every table): ρ = 0.5; extremes over all series and points;
      mean normalisation for series, min–max for the ideal and for coupling.

      Examples:
        clusterstat grey --data Datasets/suzhou-firms/firms.csv --reference KR --compare NV1:NV3
        clusterstat grey --data Datasets/suzhou-firms/firms.csv --reference ideal --compare NV1:NP3 --cost NP3
        clusterstat grey --data Datasets/suzhou-firms/firms.csv --reference KR --compare IG --degree synthetic --theta 0.5
        clusterstat grey --data Datasets/suzhou-firms/firms.csv --system NC=NV1:NP3 --system AC=ACQ1:EXP3 --format json
      """)

  @OptionGroup var input: DataOptions

  @Option(name: .long, help: ArgumentHelp("Reference series (a column) or 'ideal'.", valueName: "col"))
  var reference: String?

  @Option(name: .long, help: ArgumentHelp("Compared series or indicators.", valueName: "cols"))
  var compare: String?

  @Option(name: .long, help: ArgumentHelp("NAME=COLS, twice: grey relational coupling of two systems.", valueName: "name=cols"))
  var system: [String] = []

  @OptionGroup var indicators: IndicatorOptions

  @Option(name: .long, parsing: .unconditional, help: "Distinguishing coefficient ρ in (0, 1].")
  var rho: Double = 0.5

  @Option(name: .long, help: "Deng's degree, or Liu Sifeng's absolute, relative or synthetic one.")
  var degree: GreyDegree = .deng

  @Option(name: .long, parsing: .unconditional, help: "θ of the synthetic degree, in [0, 1].")
  var theta: Double = 0.5

  @Option(name: .long, help: "Where Δmin and Δmax are taken: global, per-series, or per-unit (coupling).")
  var extremes: ExtremesScope?

  @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Weights over points (series layout) or indicators (ideal), comma-separated.", valueName: "w"))
  var weights: String?

  @OptionGroup var output: OutputOptions

  func validate() throws {
    if system.isEmpty {
      guard reference != nil, compare != nil else {
        throw ValidationError("give --reference COL (or ideal) and --compare COLS, or two --system NAME=COLS")
      }
    } else {
      guard system.count == 2 else { throw ValidationError("grey relational coupling takes exactly two --system options; got \(system.count)") }
      guard reference == nil else { throw ValidationError("--reference and --system are different layouts; give one") }
    }
  }

  func run() throws {
    let L = output.labels
    if !system.isEmpty {
      let specs = try system.map(SystemSpec.init)
      let frame = try indicators.complete(try input.load(columns: indicators.columnSpecs(specs.map(\.columns))), specs.map(\.columns))
      let units = try indicators.unitLabels(frame)
      let norm = try indicators.normalization(frame, default: .minmax)
      func sys(_ s: SystemSpec) throws -> (name: String, columns: [[Double]], indicators: [String]) {
        let names = try frame.resolve(s.columns)
        return (s.name, try names.map { try frame.numericColumn($0) }, names)
      }
      let r = try GreyCoupling.analyse(system1: try sys(specs[0]), system2: try sys(specs[1]), units: units,
                                       normalization: norm, rho: rho, extremes: extremes ?? .perUnit, source: input.data)
      try output.emit(r, tables: GreyTables.coupling(r, L), title: L[.greyCouplingTitle])
      return
    }
    let compareSpec = compare!
    let isIdeal = reference!.lowercased() == "ideal"
    let frame = try indicators.complete(try input.load(columns: indicators.columnSpecs([compareSpec, isIdeal ? nil : reference])), [compareSpec, isIdeal ? nil : reference])
    let compared = try frame.numericColumns(try frame.resolve(compareSpec))
    let w = try weights.map { try numberList($0, option: "--weights") }
    let r: GreyRelationalResult
    if isIdeal {
      guard degree == .deng else { throw ValidationError("Liu's degrees compare series; use --reference COL with --degree \(degree.rawValue)") }
      r = try GreyRelational.evaluation(indicators: compared, units: try indicators.unitLabels(frame),
                                        normalization: try indicators.normalization(frame, default: .minmax),
                                        rho: rho, weights: w, source: input.data)
    } else {
      let refName = try frame.resolve(reference!)
      guard refName.count == 1 else { throw ValidationError("--reference names one column; got \(refName.count)") }
      let ref = (refName[0], try frame.numericColumn(refName[0]))
      let points = try indicators.unitLabels(frame)
      if case .liu(let liu) = degree.kind {
        r = try GreyRelational.liu(liu, theta: theta, reference: ref, compared: compared, points: points,
                                   normalization: try indicators.normalization(frame, default: .none), source: input.data)
      } else {
        r = try GreyRelational.series(reference: ref, compared: compared, points: points,
                                      normalization: try indicators.normalization(frame, default: .mean), rho: rho,
                                      extremes: extremes ?? .global, weights: w, source: input.data)
      }
    }
    for w in r.warnings { writeWarning(w) }
    try output.emit(r, tables: GreyTables.relational(r, L), title: L[.greyTitle])
  }
}

