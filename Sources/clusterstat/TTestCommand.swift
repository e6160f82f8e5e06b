import ArgumentParser
import ClusterStat
import Tables

struct TTestCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ttest",
    abstract: "t tests: independent (Student and Welch, with Levene's test), paired, one-sample (R's t.test; SPSS's T-TEST).",
    discussion: """
      Give one of --group (two groups; --levels picks and orders them), --paired
      (a second list of variables, paired with --y in order) or --mu (a test
      value). Rows with the variable or the group missing are left out per
      variable. Effect sizes: Cohen's d and Hedges' g.

      Examples:
        clusterstat ttest --data Datasets/reference/HolzingerSwineford1939.csv --y x1:x3 --group school
        clusterstat ttest --data Datasets/reference/HolzingerSwineford1939.csv --y x4 --group school --levels Pasteur,Grant-White
        clusterstat ttest --data Datasets/reference/HolzingerSwineford1939.csv --y x4 --paired x5
        clusterstat ttest --data Datasets/reference/HolzingerSwineford1939.csv --y x1 --mu 5 --format json
      """)

  @OptionGroup var input: DataOptions

  @Option(name: .long, help: ArgumentHelp("The variables to compare: x1,x2 or x1:x9.", valueName: "cols"))
  var y: String

  @Option(name: .long, help: ArgumentHelp("A column with two groups.", valueName: "col"))
  var group: String?

  @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("The two groups of --group to compare, in order (labels or codes).", valueName: "A,B"))
  var levels: String?

  @Option(name: .long, help: ArgumentHelp("Variables paired with --y, in the same order.", valueName: "cols"))
  var paired: String?

  @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Test value of a one-sample t test.", valueName: "M"))
  var mu: Double?

  @Option(name: .customLong("ci-level"), parsing: .unconditional, help: "Confidence level of the intervals.")
  var ciLevel: Double = 0.95

  @OptionGroup var output: OutputOptions

  func validate() throws {
    let given = [group != nil, paired != nil, mu != nil].filter { $0 }.count
    guard given == 1 else { throw ValidationError("give exactly one of --group COL, --paired COLS or --mu M") }
    if levels != nil && group == nil { throw ValidationError("--levels goes with --group") }
    if let levels, levels.split(separator: ",").count != 2 { throw ValidationError("--levels takes two groups, e.g. --levels 1,2") }
    guard ciLevel > 0, ciLevel < 1 else { throw ValidationError("--ci-level must lie in (0, 1)") }
    if let mu, !mu.isFinite { throw ValidationError("--mu must be a finite number") }
  }

  func run() throws {
    let frame = try input.load(columns: [y] + [group, paired].compactMap { $0 })
    let ys = try frame.resolve(y)
    var rows: [TTestRow] = []
    if let group {
      let g = try Categorical.from(frame, column: group, only: levels.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } })
      for v in ys { rows += try TTest.independent(GroupedSample.from(frame, variable: v, by: g), level: ciLevel) }
    } else if let paired {
      let others = try frame.resolve(paired)
      guard others.count == ys.count else {
        throw InputError("--paired lists \(others.count) variables for the \(ys.count) of --y; pair them one to one")
      }
      for (a, b) in zip(ys, others) { rows.append(try TTest.paired(frame, a, b, level: ciLevel)) }
    } else if let mu {
      for v in ys { rows.append(try TTest.oneSample(frame, v, mu: mu, level: ciLevel)) }
    }
    struct Output: Encodable { var tests: [TTestRow] }
    try output.emit(Output(tests: rows), tables: DifferencesTables.ttest(rows, output.labels), title: output.labels[.ttTitle])
  }
}
