import ArgumentParser
import ClusterStat
import Tables

struct CouplingCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "coupling",
    abstract: "Coupling coordination of two or more systems: U, C (standard and revised), T, D and level per unit.",
    discussion: """
      Each system's index U is the weighted sum of its min–max normalised
      indicators (entropy weights within the system by default). A one-column
      system with --normalize none takes that column as U as it is.
      Both the standard C and Wang Shujia et al.'s revised C are printed; --model
      picks the one D uses.

      Examples:
        clusterstat coupling --data Datasets/suzhou-firms/firms.csv --system NC=NV1:NP3 --system AC=ACQ1:EXP3 --cost NP3
        clusterstat coupling --data Datasets/suzhou-firms/firms.csv --system NC=NV1:NP3 --system AC=ACQ1:EXP3 --model wang
        clusterstat coupling --data Datasets/suzhou-firms/firms.csv --system NC=NV1:NP3 --system AC=ACQ1:EXP3 --levels 0.4,0.6,0.8,1 --level-names 低,中,高,优
      """)

  @OptionGroup var input: DataOptions

  @Option(name: .long, help: ArgumentHelp("NAME=COLS, once per system (at least two).", valueName: "name=cols"))
  var system: [String] = []

  @OptionGroup var indicators: IndicatorOptions

  @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Indicator weights: entropy, equal, or one number per indicator (all systems, in order).", valueName: "w"))
  var weights: IndicatorWeights = .entropy

  @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Contribution αᵢ of each system to T (default equal).", valueName: "a1,a2,…"))
  var alpha: String?

  @Option(name: .long, help: "Coupling degree that D uses: standard or wang.")
  var model: CouplingModel = .standard

  @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("10 (the usual ten levels of D), k equal levels, or upper cut-offs ending at 1.", valueName: "levels"))
  var levels: LevelChoice = .equal(10)

  @Option(name: .customLong("level-names"), help: ArgumentHelp("Names for custom cut-offs, comma-separated.", valueName: "names"))
  var levelNames: String?

  @OptionGroup var output: OutputOptions

  func validate() throws {
    guard system.count >= 2 else {
      throw ValidationError("coupling needs at least two systems; give --system NAME=COLS for each (got \(system.count))")
    }
  }

  func levelScale() throws -> LevelScale {
    let lang = output.lang.rawValue
    switch levels {
    case .cutoffs(let cutoffs):
      let names = levelNames.map { $0.split(separator: ",").map(String.init) } ?? (1...cutoffs.count).map { lang == "en" ? "level \($0)" : "等级\($0)" }
      return LevelScale(cutoffs: cutoffs, names: names)
    case .equal(let k):
      return k == 10 ? .coordination(lang) : .equal(k, lang: lang)
    }
  }

  func run() throws {
    let specs = try system.map(SystemSpec.init)
    let frame = try indicators.complete(try input.load(columns: indicators.columnSpecs(specs.map(\.columns))), specs.map(\.columns))
    let norm = try indicators.normalization(frame, default: .minmax)
    let systemColumns = try specs.map { try frame.resolve($0.columns) }
    let given: [Double]? = if case .given(let w) = weights { w } else { nil }
    if let given, given.count != systemColumns.joined().count {
      throw ValidationError("--weights gives \(given.count) numbers for \(systemColumns.joined().count) indicators")
    }
    var indices: [[Double]] = []
    var weightTable: [String: NamedValues] = [:]
    var warnings: [Warning] = []
    var offset = 0
    for (spec, names) in zip(specs, systemColumns) {
      let mode: SystemIndex.Weights = weights == .equal ? .equal : given.map { .given(Array($0[offset..<(offset + names.count)])) } ?? .entropy
      offset += names.count
      let r = try SystemIndex.compute(columns: try names.map { try frame.numericColumn($0) }, names: names, system: spec.name,
                                      normalization: norm, weights: mode, source: input.data)
      indices.append(r.u)
      weightTable[spec.name] = NamedValues(names: names, values: r.weights)
      warnings += r.warnings.map { $0.prefixed(en: "system \(spec.name): ", zh: "系统 \(spec.name)：") }
    }
    var result = try Coupling.analyse(
      ids: try indicators.unitLabels(frame), systems: specs.map(\.name), indices: indices,
      alpha: try alpha.map { try numberList($0, option: "--alpha") }, model: model, levels: try levelScale(),
      stages: .couplingStages(output.lang.rawValue), weights: weightTable,
      weightMethod: weights.method, normalization: norm.method.rawValue, source: input.data)
    result.warnings = warnings + result.warnings
    for w in result.warnings { writeWarning(w) }
    try output.emit(result, tables: CouplingTables.make(result, output.labels), title: output.labels[.couplingTitle])
  }
}

