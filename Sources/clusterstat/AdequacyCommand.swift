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

  @Option(name: .long, help: "The correlations: pearson, or poly (polychoric, for ordinal items; psych's KMO(polychoric(x)$rho)).")
  var cor: FactoredCorrelation = .pearson

  @OptionGroup var missingValues: MissingOptions

  @OptionGroup var output: OutputOptions

  func run() throws {
    let frame = try input.load(columns: [items])
    let names = try frame.resolve(items)
    let sample = cor == .poly
      ? try ItemSample.polychoric(frame, items: names, minimumItems: 2, use: missingValues.use, purpose: "KMO and Bartlett's test")
      : try ItemSample.from(frame, items: names, minimumItems: 2, use: missingValues.use, purpose: "KMO and Bartlett's test")
    for w in sample.warnings { writeWarning(w) }
    let result = try Adequacy.compute(sample)
    var tables = PsychometricsTables.adequacy(result, output.labels)
    if cor == .poly, !tables.isEmpty { tables[0].notes.append(output.labels[.kmoPolychoric]) }
    try output.emit(result, tables: tables, title: output.labels[.kmoTitle])
  }
}
