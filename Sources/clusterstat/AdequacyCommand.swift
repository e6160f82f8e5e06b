import ArgumentParser
import ClusterStat
import Tables

struct AdequacyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "adequacy",
    abstract: "Sampling adequacy: KMO overall and per item (psych::KMO), Bartlett's test of sphericity.",
    discussion: """
      Examples:
        clusterstat adequacy --data Datasets/reference/bfi.csv --items A1:O5
        clusterstat adequacy --data Datasets/reference/bfi.csv --items N1:O5 --use listwise --format json
      """)

  @OptionGroup var input: DataOptions

  @Option(name: .long, help: ArgumentHelp("The items: x1,x2 or x1:x9.", valueName: "cols"))
  var items: String

  @OptionGroup var missingValues: MissingOptions

  @OptionGroup var output: OutputOptions

  func run() throws {
    let frame = try input.load(columns: [items])
    let sample = try ItemSample.from(frame, items: try frame.resolve(items), minimumItems: 2, use: missingValues.use,
                                     purpose: "KMO and Bartlett's test")
    for w in sample.warnings { writeWarning(w) }
    let result = try Adequacy.compute(sample)
    try output.emit(result, tables: PsychometricsTables.adequacy(result, output.labels), title: output.labels["kmo.title"])
  }
}
