import ArgumentParser
import ClusterStat
import Tables

struct EntropyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "entropy",
    abstract: "Entropy weights of indicators, composite scores, and entropy-weighted TOPSIS.",
    discussion: """
      Indicators are min–max normalised first (cost indicators reversed) unless
      --normalize says otherwise; the table notes the formula used.

      Examples:
        clusterstat entropy --data Datasets/suzhou-firms/firms.csv --items NV1:NP3 --cost NP3
        clusterstat entropy --data Datasets/suzhou-firms/firms.csv --items NV1:NP3 --shift --topsis --format json
      """)

  @OptionGroup var input: DataOptions

  @Option(name: .long, help: ArgumentHelp("Indicator columns.", valueName: "cols"))
  var items: String

  @OptionGroup var indicators: IndicatorOptions

  @Flag(name: .long, help: "Add |min| + 0.01 to every column whose minimum is ≤ 0 (reported).")
  var shift = false

  @Flag(name: .long, help: "Also rank units by entropy-weighted TOPSIS.")
  var topsis = false

  @OptionGroup var output: OutputOptions

  func run() throws {
    let frame = try indicators.complete(try input.load(columns: indicators.columnSpecs([items])), [items])
    let cols = try frame.numericColumns(try frame.resolve(items))
    let r = try EntropyWeights.analyse(
      columns: cols.map(\.values), names: cols.map(\.name), units: try indicators.unitLabels(frame),
      normalization: try indicators.normalization(frame, default: .minmax), shift: shift, topsis: topsis, source: input.data)
    for w in r.warnings { writeWarning(w) }
    try output.emit(r, tables: EntropyTables.make(r, output.labels), title: output.labels[.entropyTitle])
  }
}

