import ArgumentParser
import ClusterStat
import Tables

extension RobustSE: ExpressibleByArgument {}

struct RegressCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "regress",
    abstract: "Hierarchical OLS regression: blocks entered in order, R² change, coefficients with β and VIF (R's lm, car::vif).",
    discussion: """
      Each --block adds predictors to the model before it (control variables
      first). Text columns and columns the codebook calls categorical enter as
      dummies against their first level, which the notes name. Rows with any
      variable missing are left out. --robust hc3 gives HC3 standard errors
      (sandwich::vcovHC); --standardize fits z scores.

      Examples:
        clusterstat regress --data Datasets/reference/HolzingerSwineford1939.csv --y x9 --block sex,ageyr --block x1,x4 --block x7,school
        clusterstat regress --data Datasets/reference/HolzingerSwineford1939.csv --y x9 --block x1:x3 --robust hc3 --format json
      """)

  @OptionGroup var input: DataOptions

  @Option(name: .long, help: ArgumentHelp("The outcome.", valueName: "col"))
  var y: String

  @Option(name: .long, help: ArgumentHelp("Predictors entered together; repeat for the next block.", valueName: "cols"))
  var block: [String] = []

  @Option(name: .long, help: "Standard errors: none (OLS) or hc3.")
  var robust: RobustSE = .none

  @Flag(name: .long, help: "Standardise every variable (z scores) before fitting.")
  var standardize = false

  @OptionGroup var output: OutputOptions

  func validate() throws {
    guard !block.isEmpty else { throw ValidationError("give the predictors with --block COLS (repeat --block for hierarchical entry)") }
  }

  func run() throws {
    let ingest = try input.ingest(columns: [y] + block)
    let frame = ingest.frame
    let blocks = try block.map { try frame.resolve($0) }
    let categorical = Set((ingest.codebook?.variables ?? []).filter { $0.type == .categorical }.map(\.name))
    let r = try Regression.hierarchical(frame, outcome: y, blocks: blocks, categorical: categorical, robust: robust, standardize: standardize)
    try output.emit(r, tables: RegressionTables.regression(r, output.labels), title: output.labels.format(.regSummary, y))
  }
}
