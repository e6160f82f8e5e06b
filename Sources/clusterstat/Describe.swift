import ArgumentParser
import ClusterStat
import Tables

struct Describe: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Descriptive statistics (psych::describe) and frequency tables.",
    discussion: """
      Numeric columns get n, missing, mean, sd, median, trimmed mean, mad, min,
      max, range, skew, kurtosis and se as psych::describe computes them (type 3);
      text columns (and those named by --freq) get frequency tables with percent,
      valid percent and cumulative percent.

      Examples:
        clusterstat describe --data Datasets/reference/HolzingerSwineford1939.csv --items x1:x9
        clusterstat describe --data Datasets/reference/HolzingerSwineford1939.csv --items school,grade --freq grade --lang en
        clusterstat describe --data Datasets/cluster-enterprise/responses.csv --missing-codes -2,-3 --format json --out describe.json
      """)

  @OptionGroup var input: DataOptions

  @Option(name: .long, help: ArgumentHelp("Columns to describe: x1,x2 or x1:x9 (default: all).", valueName: "cols"))
  var items: String?

  @Option(name: .long, help: ArgumentHelp("Numeric columns to tabulate as well (e.g. Likert items).", valueName: "cols"))
  var freq: String?

  @OptionGroup var output: OutputOptions

  func run() throws {
    // A large CSV is described by streaming it (StreamingDescribe: bounded memory, all cores).
    let reading = input.reading
    if let (result, _, notes) = try BatchedDescribe.run(path: input.data, options: reading.ingestOptions(codebook: try reading.loadCodebook(), columns: []),
                                                        items: items, frequencies: freq) {
      for note in notes { writeNote(note) }
      for w in result.warnings { writeWarning(w) }
      try output.emit(result, tables: DescribeTables.make(result, output.labels), title: output.labels[.descriptivesTitle])
      return
    }
    let ingest = try input.ingest(columns: [items, freq].compactMap { $0 })
    let frame = ingest.frame
    let names = try items.map { try frame.resolve($0) }
    let freqNames = try freq.map { try frame.resolve($0) } ?? []
    var result = try frame.describe(names, frequencies: freqNames)
    result.excludedColumns = ingest.excluded
    result.screening = ingest.screening
    result.reverseCoded = ingest.reverseCoded
    for w in result.warnings { writeWarning(w) }
    try output.emit(result, tables: DescribeTables.make(result, output.labels), title: output.labels[.descriptivesTitle])
  }
}

