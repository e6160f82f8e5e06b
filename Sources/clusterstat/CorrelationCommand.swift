import ArgumentParser
import ClusterStat
import Tables

struct CorrelationCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "corr",
    abstract: "Means, SDs and correlations with significance stars (psych::corr.test).",
    discussion: """
      The table researchers publish: mean, SD and the lower triangle of r with
      * p < .05, ** p < .01, *** p < .001 (two-sided, raw p). --diagonal puts
      values of your own on the diagonal, e.g. √AVE from `cfa` (Fornell–Larcker).

      Examples:
        clusterstat corr --data Datasets/reference/HolzingerSwineford1939.csv --items x1:x9
        clusterstat corr --data Datasets/reference/bfi.csv --items A1,C1,E1,N1,O1 --use listwise --method spearman
        clusterstat corr --data Datasets/reference/HolzingerSwineford1939.csv --items x1,x4,x7 --diagonal 0.71,0.85,0.57
        clusterstat corr --data Datasets/reference/bfi.csv --items A1:A5 --method polychoric
      """)

  @OptionGroup var input: DataOptions

  @Option(name: .long, help: ArgumentHelp("The variables: x1,x2 or x1:x9.", valueName: "cols"))
  var items: String

  @Option(name: .long, help: "pearson, spearman or polychoric (ordinal items: two-step ML, with thresholds).")
  var method: CorrelationMethod = .pearson

  @OptionGroup var missingValues: MissingOptions

  @Option(name: .long, help: ArgumentHelp("Former name of --use.", visibility: .hidden))
  var missing: MissingHandling?

  @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Values for the diagonal, in variable order (e.g. √AVE).", valueName: "v1,v2,…"))
  var diagonal: String?

  @OptionGroup var output: OutputOptions

  func validate() throws {
    if let diagonal, diagonal.split(separator: ",").contains(where: { parseDecimal(String($0).trimmingCharacters(in: .whitespaces)) == nil }) {
      throw ValidationError("--diagonal takes numbers separated by commas")
    }
  }

  func run() throws {
    let frame = try input.load(columns: [items])
    let names = try frame.resolve(items)
    var table = try CorrelationTable.compute(frame, variables: names, method: method,
                                             missing: missing ?? missingValues.use)
    if let diagonal {
      let d = diagonal.split(separator: ",").map { parseDecimal(String($0).trimmingCharacters(in: .whitespaces))! }
      guard d.count == names.count else {
        throw InputError("--diagonal has \(d.count) values for \(names.count) variables")
      }
      table.diagonal = d
    }
    var shown = PsychometricsTables.correlation(table, output.labels)
    shown.notes.append("\(output.labels[.interpretation]): \(Interpretation.correlations(table, output.labels))")
    let thresholds = PsychometricsTables.thresholds(table, output.labels)
    try output.emit(table, tables: [shown] + (thresholds.map { [$0] } ?? []), title: output.labels[.corrTitle])
  }
}
