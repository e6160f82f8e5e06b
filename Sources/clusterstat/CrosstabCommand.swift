import ArgumentParser
import ClusterStat
import Tables

struct CrosstabCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "crosstab",
    abstract: "Cross-tabulation with χ² tests, Cramér's V, and Fisher's exact test for 2 × 2 (R's chisq.test, fisher.test).",
    discussion: """
      Counts with row percentages; Pearson's and the likelihood-ratio χ²; for a
      2 × 2 table Yates's continuity correction and Fisher's exact p. A warning
      when more than 20% of the cells expect fewer than 5 cases.

      Examples:
        clusterstat crosstab --data Datasets/reference/HolzingerSwineford1939.csv --rows school --cols sex
        clusterstat crosstab --data Datasets/reference/bfi.csv --rows gender --cols education --format json
      """)

  @OptionGroup var input: DataOptions

  @Option(name: .long, help: ArgumentHelp("The column whose categories make the rows.", valueName: "col"))
  var rows: String

  @Option(name: .long, help: ArgumentHelp("The column whose categories make the columns.", valueName: "col"))
  var cols: String

  @OptionGroup var output: OutputOptions

  func validate() throws {
    guard rows != cols else { throw ValidationError("--rows and --cols name the same column") }
  }

  func run() throws {
    let frame = try input.load(columns: [rows, cols])
    let c = try Crosstab.compute(rows: Categorical.from(frame, column: rows), cols: Categorical.from(frame, column: cols), source: frame.source)
    for w in c.warnings { writeWarning(w) }
    try output.emit(c, tables: DifferencesTables.crosstab(c, output.labels), title: output.labels.format(.ctTitle, rows, cols))
  }
}
